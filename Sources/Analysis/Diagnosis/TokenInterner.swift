#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns the bytes of a token that repeats (an ENI id) into one shared `String`, without
/// building a new `String` for every record: the hot path hashes the bytes and compares them
/// with the stored copy.
public struct TokenInterner {
  private var slots: [Int32]
  /// Every token's bytes one after another, and where each starts and ends.
  private var storage: [UInt8] = []
  private var bounds: [(start: Int, end: Int)] = []
  private var strings: [String] = []
  private var mask: Int

  public init() {
    slots = Array(repeating: -1, count: 64)
    mask = 63
  }

  /// The shared string for `bytes`.
  public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> String {
    strings[Int(internIndex(bytes))]
  }

  /// The number of the shared string for `bytes` (0, 1, 2… in order of first sight).
  public mutating func internIndex(_ bytes: UnsafeRawBufferPointer) -> Int32 {
    var slot = Self.slot(of: bytes, mask: mask)
    let found: Int32? = storage.withUnsafeBytes { stored in
      while true {
        let entry = Int(slots[slot])
        if entry < 0 { return nil }
        let (start, end) = bounds[entry]
        if end - start == bytes.count
          && Self.equal(UnsafeRawBufferPointer(rebasing: stored[start..<end]), bytes)
        {
          return Int32(entry)
        }
        slot = (slot + 1) & mask
      }
    }
    if let found { return found }
    let entry = Int32(bounds.count)
    slots[slot] = entry
    bounds.append((storage.count, storage.count + bytes.count))
    storage.append(contentsOf: bytes)
    strings.append(String(decoding: bytes, as: UTF8.self))
    if bounds.count * 2 > slots.count { grow() }
    return entry
  }

  /// The string numbered `index` by ``internIndex(_:)``.
  public func string(at index: Int32) -> String { strings[Int(index)] }

  /// Calls `body` with the bytes numbered `index`.
  func withToken<Result>(at index: Int32, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
    let (start, end) = bounds[Int(index)]
    return storage.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
  }

  private mutating func grow() {
    slots = Array(repeating: -1, count: slots.count * 2)
    mask = slots.count - 1
    storage.withUnsafeBytes { stored in
      for (entry, (start, end)) in bounds.enumerated() {
        var slot = Self.slot(of: UnsafeRawBufferPointer(rebasing: stored[start..<end]), mask: mask)
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
      }
    }
  }

  /// Whether two buffers of the same length hold the same bytes: eight at a time, the last
  /// eight overlapping the ones before (an ENI id is 12 or 21 bytes).
  @inline(__always)
  private static func equal(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer)
    -> Bool
  {
    let count = left.count
    guard count >= 8 else { return left.elementsEqual(right) }
    var offset = 0
    while offset + 8 < count {
      if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      {
        return false
      }
      offset += 8
    }
    return left.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      == right.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
  }

  /// The first slot to probe for `bytes`: eight bytes at a time, multiplied and folded; a
  /// tail of under eight bytes as the last eight (overlapping), or byte by byte when the token
  /// is shorter than a word.
  private static func slot(of bytes: UnsafeRawBufferPointer, mask: Int) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
    var offset = 0
    while offset + 8 <= bytes.count {
      let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
      hash ^= hash >> 32
      offset += 8
    }
    var tail: UInt64 = 0
    if offset < bytes.count {
      if bytes.count >= 8 {
        tail = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
      } else {
        while offset < bytes.count {
          tail = tail << 8 | UInt64(bytes[offset])
          offset += 1
        }
      }
    }
    hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
  }
}
