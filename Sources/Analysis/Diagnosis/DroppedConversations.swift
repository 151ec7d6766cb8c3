/// The conversations whose records the streaming diagnoser dropped before their time (more
/// records fell within one correlation window than it holds), by the `start` of the records
/// dropped: a Bloom filter per span of half the horizon, the last five spans kept (more than
/// the horizon and the slack together, as the window is).
///
/// It answers whether a conversation may have lost a record that started at or after a time:
/// never "no" for one that did; "yes" for one that did not about one time in fifty when a span
/// is full (the diagnosis is then only less certain than it could be). Nothing is allocated
/// until the first record is dropped.
struct DroppedConversations {
  /// Bits per span: 2^25 (4 MiB), about seven a record at the held limit's four million, for
  /// three probes a key.
  static let bitsPerSpan = 1 << 25
  static let spans = 5

  private let span: Int64
  /// The filters, by span number modulo ``spans``, and the span number each holds (-1: none).
  private var filters: [[UInt64]] = []
  private var spanOf: [Int64] = Array(repeating: -1, count: spans)
  /// Whether any record was dropped with no `start`: then every query may say yes.
  private var withoutStart = false

  init(horizon: Int64) { span = max(horizon / 2, 1) }

  var isEmpty: Bool { filters.isEmpty && !withoutStart }

  /// Notes that a record of the conversation hashed `hash` starting at `start` (-1: none) was
  /// dropped.
  mutating func insert(_ hash: UInt64, start: Int64) {
    guard start >= 0 else {
      withoutStart = true
      return
    }
    if filters.isEmpty {
      filters = Array(
        repeating: Array(repeating: 0, count: Self.bitsPerSpan / 64), count: Self.spans)
    }
    let number = start / span
    let place = Int(number % Int64(Self.spans))
    if spanOf[place] != number {
      // An older span's place: it is forgotten (a newer record dropped into a span already
      // past is kept only when its span's place still holds it).
      guard spanOf[place] < number else { return }
      filters[place].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
      spanOf[place] = number
    }
    for probe in 0..<3 {
      let bit = Self.bit(probe, of: hash)
      filters[place][bit >> 6] |= 1 << UInt64(bit & 63)
    }
  }

  /// Whether the conversation hashed `hash` may have lost a record starting at or after
  /// `since` (`Int64.min`: at any time).
  func mayHaveLost(_ hash: UInt64, since: Int64) -> Bool {
    if withoutStart { return true }
    let first = since < 0 ? Int64.min : since / span
    for place in 0..<spanOf.count where spanOf[place] >= 0 && spanOf[place] >= first {
      let found = (0..<3).allSatisfy { probe in
        let bit = Self.bit(probe, of: hash)
        return filters[place][bit >> 6] & (1 << UInt64(bit & 63)) != 0
      }
      if found { return true }
    }
    return false
  }

  /// The bits of a hash a key sets: 25 bits of it each, rotated apart.
  private static func bit(_ probe: Int, of hash: UInt64) -> Int {
    let rotated = probe == 0 ? hash : hash >> UInt64(25 * probe) | hash << UInt64(64 - 25 * probe)
    return Int(rotated & UInt64(bitsPerSpan - 1))
  }
}
