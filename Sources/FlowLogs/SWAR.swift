import NetworkPrimitives

/// Word-at-a-time byte classes for the line splitter: bit 7 of each byte of a mask is set when
/// that byte of the word is in the class. Each test is exact per byte (no carry crosses a byte,
/// since every sum below stays under 0x100 within its byte).
enum SWAR {
  static let highBits: UInt64 = 0x8080_8080_8080_8080
  static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

  /// Bytes equal to `value` (below 0x80).
  @inline(__always)
  static func equal(_ word: UInt64, _ value: UInt8) -> UInt64 {
    let x = word ^ (UInt64(value) &* 0x0101_0101_0101_0101)
    return ~(((x & lowBits) &+ lowBits) | x) & highBits
  }

  /// How many of the word's bytes, from its first (lowest), are ASCII digits (0 to 8).
  @inline(__always)
  static func leadingDigits(_ word: UInt64) -> Int {
    // A byte is a digit when it XORs with 0x30 to under 10.
    let values = word ^ 0x3030_3030_3030_3030
    let notDigit = (((values & lowBits) &+ 0x7676_7676_7676_7676) | values) & highBits
    return notDigit == 0 ? 8 : notDigit.trailingZeroBitCount >> 3
  }

  /// The decimal value of the word's first `count` bytes (1 to 8), which are digits, the first
  /// the most significant (Lemire's eight-digit parse, on the digits moved to the word's top).
  @inline(__always)
  static func digitsValue(_ word: UInt64, count: Int) -> UInt64 {
    var value = (word ^ 0x3030_3030_3030_3030) &<< UInt64(truncatingIfNeeded: 64 &- 8 &* count)
    value = value &* 10 &+ (value >> 8)
    let mask: UInt64 = 0x0000_00FF_0000_00FF
    let low = (value & mask) &* (100 &+ (1_000_000 << 32))
    let high = ((value >> 16) & mask) &* (1 &+ (10_000 << 32))
    return (low &+ high) >> 32
  }

  /// `separators`: spaces and tabs; `special`: every byte below 0x21 or equal to 0x7F (the
  /// separators and the control bytes); `high`: bytes of 0x80 and above.
  @inline(__always)
  static func marks(_ word: UInt64) -> (separators: UInt64, special: UInt64, high: UInt64) {
    let seven = word & lowBits
    let notHigh = ~word & highBits
    let below21 = ~(seven &+ 0x5F5F_5F5F_5F5F_5F5F) & notHigh
    let delete = (seven &+ 0x0101_0101_0101_0101) & notHigh & highBits
    let separators = equal(word, ASCII.space) | equal(word, ASCII.tab)
    return (separators, below21 | delete, word & highBits)
  }
}
