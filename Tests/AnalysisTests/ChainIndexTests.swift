import NetworkPrimitives
import Testing

@testable import Analysis

/// The streaming diagnoser's conversation index is a hash table of its own (linear probing,
/// slots placed by a piece of the hash, conversations whose records have all left dropped
/// lazily): whatever the order of appends, and however far the oldest held record moves, it
/// must answer as a dictionary of chains would, and stay within a few times the live
/// conversations.
@Suite("The conversation index answers as a dictionary of chains")
struct ChainIndexTests {
  @Test(
    "Random appends as the oldest held record moves on, IPv4 and IPv6 keys, through growth",
    arguments: 0..<4)
  func againstModel(seed: Int) {
    var random = SplitMixRandom(seed: UInt64(seed) &+ 99)
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
    // Every record appended, by key: the model of the chains (records below `oldest` have
    // left).
    var model: [Correlator.Key: [Int]] = [:]
    var oldest = 0
    var maxLive = 0
    // The key of each record appended, by sequence: what the streaming diagnoser's held records
    // tell the index when it checks a slot.
    var appended: [Correlator.Key] = []
    // The window of held records is wide over 4,000 conversations (the table grows), then
    // narrow over conversations that keep changing (about 10,000 new ones: stale conversations
    // must give way), then wide again over 2,000 others.
    for sequence in 0..<60_000 {
      let window = sequence < 20_000 ? 6_000 : sequence < 40_000 ? 800 : 3_000
      oldest = max(oldest, sequence - window - next(50))
      let number =
        sequence < 20_000
        ? next(4_000) : sequence < 40_000 ? 10_000 + sequence / 2 + next(4) : 50_000 + next(2_000)
      let picked = key(number)
      let previous = index.append(ChainIndex.Packed(picked), sequence: sequence, oldest: oldest) {
        appended[$0] == picked
      }
      appended.append(picked)
      let expected = model[picked]?.last.flatMap { $0 >= oldest ? $0 : nil }
      #expect(previous == expected, "sequence \(sequence)")
      model[picked, default: []].append(sequence)
      if sequence % 1_999 == 0 {
        var live = 0
        for (key, chain) in model {
          let last = chain.last.flatMap { $0 >= oldest ? $0 : nil }
          if last != nil { live += 1 }
          #expect(
            index.tail(of: ChainIndex.Packed(key), oldest: oldest) { appended[$0] == key } == last)
        }
        maxLive = max(maxLive, live)
      }
    }
    // The table grows only while more than half of it is alive: it stays within four times
    // the most conversations alive at once, far below the 16,000 conversations seen.
    #expect(index.capacity <= 4 * maxLive)
    #expect(index.count <= index.capacity * 3 / 4)
  }

  /// A slot keeps its last record's low 32 bits: sequences far past 2^32, and conversations
  /// whose last record left long ago, must still answer as the model does.
  @Test("Sequences past 2^32: the same answers, stale slots never taken for live ones")
  func sequencesPastThirtyTwoBits() {
    var random = SplitMixRandom(seed: 5)
    let index = ChainIndex()
    var model: [Int: Int] = [:]
    var keyAt: [Int: Int] = [:]
    var sequence = 0
    for _ in 0..<20_000 {
      // Steps of up to 2^29: the sequence passes 2^32 every few dozen appends.
      sequence += 1 + Int(random.next() % (1 << 29))
      let oldest = sequence - (1 << 30)
      let number = Int(random.next() % 300)
      let key = Correlator.Key(
        protocolNumber: 6, low: Correlator.Endpoint(address: .v4(UInt32(number)), port: 1),
        high: Correlator.Endpoint(address: .v4(0xCB00_7100), port: 443))
      let previous = index.append(ChainIndex.Packed(key), sequence: sequence, oldest: oldest) {
        keyAt[$0] == number
      }
      let expected = model[number].flatMap { $0 >= oldest ? $0 : nil }
      #expect(previous == expected, "sequence \(sequence)")
      model[number] = sequence
      keyAt[sequence] = number
    }
    #expect(sequence > 1 << 40)
  }

  /// `ChainIndex.Packed(record)` reads a held record's raw fields; it must give exactly the
  /// key and hash of `Packed(record.key)`, which goes through addresses and endpoints: the
  /// streaming diagnoser looks records up one way and tests the other.
  @Test("A key packed from a record's raw fields is the key packed from its endpoints")
  func packedFromRecord() {
    var random = SplitMixRandom(seed: 0x9ACE)
    // Few values, so that equal addresses, equal ports and both families meet often.
    func bits(_ family: UInt8) -> UInt128 {
      let value = UInt128(random.next() % 4)
      return family == 0 ? value : value << 100 | value | UInt128(random.next() % 2) << 64
    }
    var pairs = 0
    for _ in 0..<50_000 {
      let families = UInt8(random.next() % 4)
      let record = PackedObservation(
        source: bits(families & 1), destination: bits(families & 2), line: 1, packets: -1,
        start: -1, end: -1, tcpFlags: -1, file: 0, interfaceSlot: 0, reasonSlot: -1,
        sourcePort: UInt16(random.next() % 3), destinationPort: UInt16(random.next() % 3),
        protocolNumber: [6, 17, 1][Int(random.next() % 3)], bits: families)
      let direct = ChainIndex.Packed(record)
      let throughKey = ChainIndex.Packed(record.key)
      #expect(direct.key == throughKey.key && direct.hash == throughKey.hash, "\(record)")
      #expect(ChainIndex.Packed.key(of: record) == direct.key)
      // A held record read in place (36 bytes, IPv4 only) gives the same key, as does an IPv6
      // one with its addresses kept beside it.
      if let held = CompactObservation(record) {
        #expect(ChainIndex.Packed.key(of: held) == direct.key, "\(record)")
      }
      if let held = CompactObservation(record, pairPlace: 0) {
        let addresses = AddressPair(source: record.source, destination: record.destination)
        #expect(ChainIndex.Packed.key(of: held, addresses: addresses) == direct.key, "\(record)")
        pairs += 1
      }
    }
    #expect(pairs > 5_000)
  }
}
