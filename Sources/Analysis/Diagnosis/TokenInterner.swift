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
  private var keys: [[UInt8]] = []
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
    while true {
      let entry = Int(slots[slot])
      if entry < 0 { break }
      let equal = keys[entry].withUnsafeBytes { key in
        guard key.count == bytes.count else { return false }
        guard let left = key.baseAddress, let right = bytes.baseAddress else { return true }
        return memcmp(left, right, bytes.count) == 0
      }
      if equal { return Int32(entry) }
      slot = (slot + 1) & mask
    }
    let entry = Int32(keys.count)
    slots[slot] = entry
    keys.append(Array(bytes))
    strings.append(String(decoding: bytes, as: UTF8.self))
    if keys.count * 2 > slots.count { grow() }
    return entry
  }

  /// The string numbered `index` by ``internIndex(_:)``.
  public func string(at index: Int32) -> String { strings[Int(index)] }

  /// Calls `body` with the bytes numbered `index`.
  func withToken<Result>(at index: Int32, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
    keys[Int(index)].withUnsafeBytes(body)
  }

  private mutating func grow() {
    slots = Array(repeating: -1, count: slots.count * 2)
    mask = slots.count - 1
    for (entry, key) in keys.enumerated() {
      var slot = key.withUnsafeBytes { Self.slot(of: $0, mask: mask) }
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(entry)
    }
  }

  /// The first slot to probe for `bytes`: eight bytes at a time, multiplied and folded.
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
    while offset < bytes.count {
      tail = tail << 8 | UInt64(bytes[offset])
      offset += 1
    }
    hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
  }
}
