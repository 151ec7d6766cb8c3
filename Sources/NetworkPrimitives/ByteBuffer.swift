#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A growable run of output bytes, written through a pointer.
///
/// `diagnose --output jsonl` writes about a kilobyte of JSON for each REJECT, in a few dozen
/// small pieces; `Array.append(contentsOf:)` costs around a hundred instructions a call, this
/// costs a bounds check and a copy. A value that cannot be copied: one owner, one thread.
public struct ByteBuffer: ~Copyable {
  @usableFromInline var base: UnsafeMutablePointer<UInt8>
  @usableFromInline var capacity: Int
  @usableFromInline var written: Int
  /// How many bytes are written.
  public var count: Int { written }

  public init(capacity: Int = 4096) {
    self.capacity = Swift.max(capacity, 64)
    base = .allocate(capacity: self.capacity)
    written = 0
  }

  deinit { base.deallocate() }

  /// The bytes written so far; valid until the next write.
  public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  /// A copy of the bytes written so far.
  public var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

  public mutating func removeAll() { written = 0 }

  /// Forgets the bytes from `index` on.
  public mutating func truncate(to index: Int) {
    precondition(index >= 0 && index <= count)
    written = index
  }

  /// Makes room for `extra` more bytes.
  @inlinable @inline(__always)
  public mutating func reserve(_ extra: Int) {
    if _slowPath(written &+ extra > capacity) { grow(written + extra) }
  }

  @usableFromInline mutating func grow(_ needed: Int) {
    var newCapacity = capacity * 2
    while newCapacity < needed { newCapacity *= 2 }
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }

  @inlinable @inline(__always)
  public mutating func append(_ byte: UInt8) {
    reserve(1)
    base[written] = byte
    written &+= 1
  }

  @inlinable
  public mutating func append(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    let count = bytes.count
    reserve(count)
    let target = UnsafeMutableRawPointer(base + written)
    if count <= 16 {
      // Most pieces are a few bytes (`","rule":`, an id): two overlapping moves of 8, 4 or 2
      // bytes beat a call to memcpy, and a loop over the bytes.
      if count >= 8 {
        let head = source.loadUnaligned(as: UInt64.self)
        let tail = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        target.storeBytes(of: head, as: UInt64.self)
        target.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
      } else if count >= 4 {
        let head = source.loadUnaligned(as: UInt32.self)
        let tail = source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        target.storeBytes(of: head, as: UInt32.self)
        target.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
      } else if count >= 2 {
        let head = source.loadUnaligned(as: UInt16.self)
        let tail = source.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)
        target.storeBytes(of: head, as: UInt16.self)
        target.storeBytes(of: tail, toByteOffset: count - 2, as: UInt16.self)
      } else {
        target.storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
      }
    } else {
      memcpy(target, source, count)
    }
    written &+= count
  }

  @inlinable
  public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    append(UnsafeRawBufferPointer(bytes))
  }

  @inlinable
  public mutating func append(_ text: StaticString) {
    if text.hasPointerRepresentation {
      append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    } else {
      text.withUTF8Buffer { append(UnsafeRawBufferPointer($0)) }
    }
  }

  public mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

  /// A string's UTF-8 bytes.
  public mutating func append(_ text: String) {
    let done: Void? = text.utf8.withContiguousStorageIfAvailable {
      append(UnsafeRawBufferPointer($0))
    }
    if done == nil {
      var text = text
      text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }
  }

  /// The bytes of `range`, which must lie within what is written.
  /// Appends a copy of bytes already written, `range` of this buffer.
  public mutating func appendWritten(_ range: Range<Int>) {
    precondition(range.lowerBound >= 0 && range.upperBound <= written)
    let count = range.count
    reserve(count)
    (base + written).update(from: base + range.lowerBound, count: count)
    written += count
  }

  public func copy(_ range: Range<Int>) -> [UInt8] {
    precondition(range.lowerBound >= 0 && range.upperBound <= count)
    return Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
  }

  /// Whether any byte from `start` on is one of a JSON string's must-escape bytes (`"`, `\`, or
  /// a control character).
  public func needsJSONEscape(from start: Int) -> Bool {
    var index = start
    // Eight bytes at a time: a byte below 0x20, or equal to 0x22 or 0x5C, sets its high bit in
    // `flags` (exact for ASCII; a byte at or above 0x80 may set it too, and is then looked at
    // one by one below).
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while index &+ 8 <= written {
      let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
      let quote = word ^ (ones &* 0x22)
      let backslash = word ^ (ones &* 0x5C)
      let flags =
        ((word &- ones &* 0x20) | (quote &- ones) | (backslash &- ones)) & ~word & highs
      if flags != 0 {
        for offset in 0..<8 where Self.mustEscape(base[index &+ offset]) { return true }
      }
      index &+= 8
    }
    while index < written {
      if Self.mustEscape(base[index]) { return true }
      index &+= 1
    }
    return false
  }

  @inline(__always) static func mustEscape(_ byte: UInt8) -> Bool {
    byte < 0x20 || byte == 0x22 || byte == 0x5C
  }

  /// A decimal integer's digits, without building a `String`.
  public mutating func appendDecimal(_ value: Int) {
    reserve(21)
    var magnitude = value.magnitude
    if value < 0 {
      base[written] = 0x2D
      written &+= 1
    }
    if magnitude < 10 {
      base[written] = UInt8(truncatingIfNeeded: magnitude) &+ 0x30
      written &+= 1
      return
    }
    var digits = 0
    var probe = magnitude
    while probe > 0 {
      digits &+= 1
      probe /= 10
    }
    var position = written &+ digits
    written = position
    while magnitude > 0 {
      position &-= 1
      base[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
      magnitude /= 10
    }
  }

  /// An address in its usual text form, without building a `String`.
  public mutating func append(_ address: IPAddress) {
    switch address {
    case .v4(let value):
      reserve(15)
      written &+= IPAddress.writeIPv4(value, into: base + written)
    case .v6(let value):
      reserve(39)
      written &+= IPAddress.writeIPv6(value, into: base + written)
    }
  }
}
