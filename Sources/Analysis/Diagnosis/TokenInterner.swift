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
    var slot = Self.slot(of: bytes, mask: mask)
    while true {
      let entry = Int(slots[slot])
      if entry < 0 { break }
      if keys[entry].withUnsafeBytes({ $0.elementsEqual(bytes) }) { return strings[entry] }
      slot = (slot + 1) & mask
    }
    let string = String(decoding: bytes, as: UTF8.self)
    slots[slot] = Int32(keys.count)
    keys.append(Array(bytes))
    strings.append(string)
    if keys.count * 2 > slots.count { grow() }
    return string
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

  /// The first slot to probe for `bytes`: an FNV-1a hash, its high bits folded in.
  private static func slot(of bytes: UnsafeRawBufferPointer, mask: Int) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    return Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
  }
}
