import NetworkPrimitives

/// xoshiro256** seeded through SplitMix64 (``SplitMixRandom``): fast, and the same stream for a
/// seed on every platform and every run, so a seed names one flow log byte for byte.
struct SeededRandom {
  private var state0: UInt64
  private var state1: UInt64
  private var state2: UInt64
  private var state3: UInt64

  init(seed: UInt64) {
    var mix = SplitMixRandom(seed: seed)
    state0 = mix.next()
    state1 = mix.next()
    state2 = mix.next()
    state3 = mix.next()
  }

  @inline(__always)
  mutating func next() -> UInt64 {
    let result = rotateLeft(state1 &* 5, 7) &* 9
    let shifted = state1 << 17
    state2 ^= state0
    state3 ^= state1
    state1 ^= state2
    state0 ^= state3
    state2 ^= shifted
    state3 = rotateLeft(state3, 45)
    return result
  }

  /// A number in `0..<bound` (Lemire's multiply-shift; the bias is far below what matters here).
  @inline(__always)
  mutating func below(_ bound: Int) -> Int {
    Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
  }

  /// A number in `range`.
  @inline(__always)
  mutating func within(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// `count` lowercase hex digits, as AWS resource ids use.
  mutating func hex(_ count: Int) -> String {
    let digits = Array("0123456789abcdef")
    var text = ""
    for _ in 0..<count { text.append(digits[below(16)]) }
    return text
  }

  @inline(__always)
  private func rotateLeft(_ value: UInt64, _ amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
  }
}
