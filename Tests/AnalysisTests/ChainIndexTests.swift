import NetworkPrimitives
import Testing

@testable import Analysis

/// The streaming diagnoser's conversation index is a hash table of its own (linear probing,
/// backward-shift deletion, slots placed by a piece of the hash): whatever the order of
/// appends and removals, it must answer as a dictionary of chains would.
@Suite("The conversation index answers as a dictionary of chains")
struct ChainIndexTests {
  @Test("Random appends and removals, IPv4 and IPv6 keys, through growth", arguments: 0..<4)
  func againstModel(seed: Int) {
    var random = SplitMix64(seed: UInt64(seed) &+ 99)
    func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    func key(_ number: Int) -> Correlator.Key {
      // Keys that differ in one field only: protocol, either port, either address, the family.
      let address: IPAddress =
        number % 5 == 0 ? .v6(UInt128(number) << 64 | 1) : .v4(UInt32(0x0A00_0000 + number / 7))
      return Correlator.Key(
        protocolNumber: UInt8(6 + number % 3 * 11),
        low: Correlator.Endpoint(address: address, port: UInt16(number % 11)),
        high: Correlator.Endpoint(address: .v4(0xCB00_7100), port: 443))
    }
    let index = ChainIndex()
    var model: [Correlator.Key: [Int]] = [:]
    var sequence = 0
    // Appends outnumber removals at first (the table grows), then removals catch up.
    for step in 0..<60_000 {
      let removing = next(100) < (step < 30_000 ? 35 : 65)
      if removing, let (picked, chain) = model.randomElement(using: &random),
        let first = chain.first
      {
        index.removeHead(picked, sequence: first, next: chain.count > 1 ? chain[1] : -1)
        model[picked] = chain.count > 1 ? Array(chain.dropFirst()) : nil
      } else {
        let picked = key(next(4000))
        let previous = index.append(picked, sequence: sequence)
        #expect(previous == model[picked]?.last)
        model[picked, default: []].append(sequence)
        sequence += 1
      }
      if step % 997 == 0 {
        for number in 0..<4000 {
          #expect(index.head(of: key(number)) == model[key(number)]?.first)
        }
      }
    }
    #expect(index.count == model.count)
  }
}
