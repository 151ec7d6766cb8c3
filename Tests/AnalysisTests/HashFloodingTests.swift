import FlowLogs
import NetworkPrimitives
import Testing

@testable import Analysis

/// A flow log's addresses and ports are chosen by whoever sends the packets. Conversations
/// crafted to collide under the correlator's hash would make its tables quadratic; the hash is
/// seeded per process (``HashSeed``), so a log cannot be crafted against it. These tests craft
/// such a log against the unseeded hash (seed 0, what a reader of the source would attack),
/// show it is quadratic there, and count the index's probes (not time) under the real seed.
@Suite("Hash flooding: conversations crafted to collide keep the correlator linear")
struct HashFloodingTests {
  static let count = 4_000

  /// The multiplicative inverse of an odd `value` modulo 2^64.
  static func inverse(_ value: UInt64) -> UInt64 {
    var inverse = value
    for _ in 0..<6 { inverse = inverse &* (2 &- value &* inverse) }
    return inverse
  }

  /// Undoes `x ^ (x >> 29)`.
  static func unshift29(_ value: UInt64) -> UInt64 {
    value ^ (value >> 29) ^ (value >> 58)
  }

  /// `count` conversations between distinct IPv4 clients and IPv6 addresses chosen so that,
  /// under `Correlator.Key.mixed(seed: 0)`, every one hashes to the same word: each IPv6 end
  /// is solved backwards from the shared hash through the mixing steps.
  static func craftedKeys() -> [Correlator.Key] {
    let a: UInt64 = 0xBF58_476D_1CE4_E5B9
    let b: UInt64 = 0x94D0_49BB_1331_11EB
    let target: UInt64 = 0x0123_4567_89AB_CDEF
    // The state before the last port's step must be this (port 0).
    let beforePort = unshift29(target &* inverse(b))
    return (0..<count).map { number in
      let client = Correlator.Endpoint(address: .v4(0x0A00_0000 + UInt32(number)), port: 40000)
      // The state after the protocol and the client's end, as `mixed(seed: 0)` computes it.
      var state = UInt64(6) &* 0x9E37_79B9_7F4A_7C15
      client.mix(into: &state)
      // The IPv6 end: low word 0, high word solved, port 0.
      let afterLow = state &* a
      let high = afterLow ^ (beforePort &* inverse(b))
      let server = Correlator.Endpoint(address: .v6(UInt128(high) << 64), port: 0)
      return Correlator.Key(protocolNumber: 6, low: client, high: server)
    }
  }

  @Test("The crafted conversations share one unseeded hash, and spread under the seed")
  func craftedCollide() {
    let keys = Self.craftedKeys()
    #expect(Set(keys).count == Self.count)
    #expect(Set(keys.map { $0.mixed(seed: 0) }).count == 1)
    #expect(Set(keys.map { $0.mixed }).count == Self.count)
  }

  @Test("Unseeded, the index would probe quadratically; seeded, a few slots a conversation")
  func indexProbes() {
    let keys = Self.craftedKeys()
    let unseeded = ChainIndex()
    let seeded = ChainIndex()
    for (sequence, key) in keys.enumerated() {
      _ = unseeded.append(ChainIndex.Packed(key, seed: 0), sequence: sequence, oldest: 0) {
        keys[$0] == key
      }
      _ = seeded.append(ChainIndex.Packed(key), sequence: sequence, oldest: 0) { keys[$0] == key }
    }
    // The control: the attack works on the hash a reader of the source sees.
    #expect(unseeded.probes > Self.count * Self.count / 4)
    #expect(seeded.probes < 4 * Self.count)
  }

  @Test("diagnose on a log of the crafted conversations: the index stays linear")
  func streamingProbes() {
    var streaming = StreamingDiagnoser(diagnoser: Diagnoser(topology: nil))
    var decided = 0
    for (number, key) in Self.craftedKeys().enumerated() {
      let observation = FlowObservation(
        file: 0, line: number + 1, interfaceId: "eni-0a1b2c3d4e5f60718",
        source: key.high.address, destination: key.low.address, sourcePort: key.high.port,
        destinationPort: key.low.port, protocolNumber: 6, packets: 1, start: 1_700_000_000,
        end: 1_700_000_000, action: .reject)
      streaming.add(observation, decided: { _ in decided += 1 })
    }
    streaming.finish(decided: { _ in decided += 1 })
    #expect(decided == Self.count)
    #expect(streaming.index.probes < 8 * Self.count)
  }
}
