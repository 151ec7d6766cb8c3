/// Elements numbered by a sequence that only grows, held from ``base`` (the oldest kept) to
/// ``end`` (excluded), in chunks of 16,384 allocated as the newest need them and freed as the
/// oldest leave: memory follows the elements held, with no doubling and no copy on growth.
///
/// For plain data only (no references): elements are written into raw memory and never
/// deinitialized.
final class ChunkedRing<Element: BitwiseCopyable> {
  @inline(__always) static var shift: Int { 14 }
  @inline(__always) static var chunkSize: Int { 1 << shift }
  @inline(__always) static var mask: Int { chunkSize - 1 }

  // The fields are read once a record or more on the reading thread, by one owner at a time:
  // their run-time exclusivity checks (a few percent of `diagnose`'s time) are left out.
  /// The chunks holding sequences from `firstChunk << shift` on.
  @exclusivity(unchecked) private var chunks: [UnsafeMutablePointer<Element>] = []
  @exclusivity(unchecked) private var firstChunk = 0
  /// A chunk or two kept back when the oldest leave, for the newest.
  private var spare: [UnsafeMutablePointer<Element>] = []
  @exclusivity(unchecked) private(set) var base = 0
  @exclusivity(unchecked) private(set) var end = 0

  init() {}

  deinit {
    for chunk in chunks { chunk.deallocate() }
    for chunk in spare { chunk.deallocate() }
  }

  /// Bytes allocated for elements (held or spare).
  var allocatedBytes: Int {
    (chunks.count + spare.count) * Self.chunkSize * MemoryLayout<Element>.stride
  }

  /// Appends `element` as sequence ``end``.
  @inline(__always)
  func append(_ element: Element) {
    let chunk = (end >> Self.shift) - firstChunk
    if chunk == chunks.count {
      chunks.append(spare.popLast() ?? .allocate(capacity: Self.chunkSize))
    }
    (chunks[chunk] + (end & Self.mask)).initialize(to: element)
    end += 1
  }

  /// The element at `sequence`, which must be held (`base..<end`).
  @inline(__always)
  subscript(sequence: Int) -> Element {
    get { chunks[(sequence >> Self.shift) - firstChunk][sequence & Self.mask] }
    set { chunks[(sequence >> Self.shift) - firstChunk][sequence & Self.mask] = newValue }
  }

  /// Where the element at `sequence` lives (to prefetch it).
  @inline(__always)
  func address(of sequence: Int) -> UnsafeRawPointer {
    UnsafeRawPointer(chunks[(sequence >> Self.shift) - firstChunk] + (sequence & Self.mask))
  }

  /// Lets every element below `sequence` go (at most to ``end``).
  func dropFront(to sequence: Int) {
    base = max(base, min(sequence, end))
    let drop = (base >> Self.shift) - firstChunk
    guard drop > 0 else { return }
    for chunk in chunks[..<drop] {
      if spare.count < 2 { spare.append(chunk) } else { chunk.deallocate() }
    }
    chunks.removeFirst(drop)
    firstChunk += drop
  }
}
