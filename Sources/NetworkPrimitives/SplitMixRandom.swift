/// SplitMix64: a small, fast, seedable generator, the same stream for a seed on every platform
/// and every run, so that a seed is a complete bug report. No system randomness anywhere.
///
/// The one seeded generator of the package: `simulate`'s client ports (`--seed`), the random
/// networks, the bench's generator (which seeds xoshiro256** from it) and the tests' random
/// inputs all draw from it.
///
/// Public and inlinable, like ``ASCII``: a `package` declaration's inlinable body was not inlined
/// into other modules, and the random networks draw from it in their inner loops.
public struct SplitMixRandom: RandomNumberGenerator, Sendable {
  @usableFromInline var state: UInt64

  @inlinable public init(seed: UInt64) { state = seed }

  @inlinable public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<bound` (the remainder of the next number: tests' inputs, not a uniform
  /// draw).
  @inlinable public mutating func next(_ bound: Int) -> Int {
    Int(next() % UInt64(bound))
  }

  /// `count` bytes, one from each number.
  @inlinable public mutating func bytes(_ count: Int) -> [UInt8] {
    (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
  }
}
