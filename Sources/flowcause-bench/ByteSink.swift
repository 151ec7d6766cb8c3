#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A place in a ``ByteArena``: text rendered once, before the hot loop, and copied from there.
struct Span {
  var offset: Int32
  var length: Int32
}

/// Holds every fixed piece of text the generator writes (ids, addresses, names), rendered once.
struct ByteArena {
  private(set) var bytes: [UInt8] = []

  mutating func add(_ text: String) -> Span {
    let offset = bytes.count
    bytes.append(contentsOf: text.utf8)
    return Span(offset: Int32(offset), length: Int32(bytes.count - offset))
  }
}

/// A write failed; the message says why.
struct WriteError: Error {
  var message: String
}

/// Builds lines as raw bytes in one large buffer and writes it to a file descriptor in big
/// chunks. No `String` is made per field: callers copy pre-rendered bytes and render integers
/// in place.
///
/// The caller calls ``startLine()`` before each line; a line must fit in ``lineReserve`` bytes,
/// so the appends themselves do not check for room.
struct ByteSink {
  /// The most bytes one line may take.
  static let lineReserve = 4096

  let descriptor: Int32
  private let base: UnsafeMutablePointer<UInt8>
  private let capacity: Int
  private var count = 0
  private var flushed = 0

  init(descriptor: Int32, capacity: Int = 8 << 20) {
    self.descriptor = descriptor
    self.capacity = max(capacity, Self.lineReserve * 2)
    base = .allocate(capacity: self.capacity)
  }

  func deallocate() { base.deallocate() }

  /// Bytes appended so far, written or not.
  var total: Int { flushed + count }

  /// Makes room for one line, writing the buffer out when it is nearly full.
  @inline(__always)
  mutating func startLine() throws(WriteError) {
    if count > capacity - Self.lineReserve { try flush() }
  }

  @inline(__always)
  mutating func byte(_ value: UInt8) {
    base[count] = value
    count += 1
  }

  @inline(__always)
  mutating func space() { byte(0x20) }

  @inline(__always)
  mutating func copy(_ span: Span, from arena: UnsafeBufferPointer<UInt8>) {
    guard let start = arena.baseAddress else { return }
    let length = Int(span.length)
    (base + count).update(from: start + Int(span.offset), count: length)
    count += length
  }

  @inline(__always)
  mutating func copy(_ literal: StaticString) {
    let length = literal.utf8CodeUnitCount
    (base + count).update(from: literal.utf8Start, count: length)
    count += length
  }

  /// An unsigned decimal, rendered in place.
  @inline(__always)
  mutating func decimal(_ value: UInt64) {
    if value < 10 {
      byte(0x30 &+ UInt8(truncatingIfNeeded: value))
      return
    }
    var digits = 1
    var probe = value
    while probe >= 10 {
      probe /= 10
      digits += 1
    }
    var remaining = value
    var position = count + digits
    while position > count {
      position -= 1
      base[position] = 0x30 &+ UInt8(truncatingIfNeeded: remaining % 10)
      remaining /= 10
    }
    count += digits
  }

  @inline(__always)
  mutating func decimal(_ value: Int) { decimal(UInt64(truncatingIfNeeded: value)) }

  /// Writes everything buffered.
  mutating func flush() throws(WriteError) {
    var offset = 0
    while offset < count {
      let written = write(descriptor, base + offset, count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw WriteError(message: String(cString: strerror(errno)))
      }
      offset += written
    }
    flushed += count
    count = 0
  }
}

extension ByteSink {
  /// Writes `format`'s header line, if it has one; returns the header lines written.
  mutating func header(_ format: BenchFormat) throws(WriteError) -> Int {
    guard let header = format.headerLine else { return 0 }
    try startLine()
    for byte in header.utf8 { self.byte(byte) }
    self.byte(0x0A)
    return 1
  }
}
