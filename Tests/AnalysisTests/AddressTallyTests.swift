import NetworkPrimitives
import Testing

@testable import Analysis

/// `AddressTally` (the Misra–Gries summary of each ENI's addresses the streaming diagnoser keeps
/// on its reading thread) against the summary written plainly: a list of (address, count) per
/// ENI, as it was before the counters became one flat array.
@Suite("The address tally keeps the same counts as a plain Misra-Gries list")
struct AddressTallyTests {
  /// The plain summary: at most eight counters an ENI; a new address with every counter taken
  /// lowers them all and is dropped.
  struct Model {
    var lists: [Int: [(address: IPAddress, count: Int)]] = [:]

    mutating func add(_ address: IPAddress, slot: Int) {
      var list = lists[slot, default: []]
      if let position = list.firstIndex(where: { $0.address == address }) {
        list[position].count += 1
      } else if list.count < AddressTally.slots {
        list.append((address, 1))
      } else {
        for position in list.indices { list[position].count -= 1 }
        list.removeAll { $0.count <= 0 }
      }
      lists[slot] = list
    }

    func address(slot: Int) -> IPAddress? {
      guard let list = lists[slot], let best = list.max(by: { $0.count < $1.count }) else {
        return nil
      }
      return list.filter { $0.count == best.count }.count == 1 ? best.address : nil
    }
  }

  @Test("Random records over a few ENIs and a few dozen addresses, IPv4 and IPv6", arguments: 0..<8)
  func randomRecords(seed: UInt64) {
    var random = SplitMixRandom(seed: seed &* 7_919 &+ 1)
    // Few enough addresses that counters fill, drain and tie; v4 and v6 with the same bits.
    let addresses: [IPAddress] = (0..<12).flatMap { value -> [IPAddress] in
      [.v4(UInt32(value)), .v6(UInt128(value))]
    }
    let weights = addresses.indices.map { _ in Int.random(in: 1...6, using: &random) }
    func draw() -> IPAddress {
      var pick = Int.random(in: 0..<weights.reduce(0, +), using: &random)
      for (index, weight) in weights.enumerated() {
        if pick < weight { return addresses[index] }
        pick -= weight
      }
      return addresses[0]
    }
    var tally = AddressTally()
    var model = Model()
    var agreed = (addresses: 0, none: 0)
    for step in 0..<20_000 {
      let slot = Int.random(in: 0..<5, using: &random)
      let (source, destination) = (draw(), draw())
      func bits(_ address: IPAddress) -> (UInt128, UInt8) {
        switch address {
        case .v4(let value): (UInt128(value), 0)
        case .v6(let value): (value, 1)
        }
      }
      let (sourceBits, sourceFamily) = bits(source)
      let (destinationBits, destinationFamily) = bits(destination)
      tally.count(
        PackedObservation(
          source: sourceBits, destination: destinationBits, line: step, packets: -1, start: -1,
          end: -1, tcpFlags: -1, file: 0, interfaceSlot: Int32(slot), reasonSlot: -1,
          sourcePort: 0, destinationPort: 0, protocolNumber: 6,
          bits: sourceFamily | destinationFamily << 1))
      model.add(source, slot: slot)
      model.add(destination, slot: slot)
      for asked in 0..<6 {
        var observation = FlowObservation(
          file: 0, line: 0, interfaceId: "eni-\(asked)", source: .v4(0), destination: .v4(0),
          sourcePort: 0, destinationPort: 0, protocolNumber: 6, action: .reject)
        observation.interfaceSlot = Int32(asked)
        let expected = model.address(slot: asked)
        #expect(tally.address(of: observation) == expected, "seed \(seed) step \(step)")
        if expected == nil { agreed.none += 1 } else { agreed.addresses += 1 }
      }
    }
    // Both answers happen often, so the comparison means something.
    #expect(agreed.addresses > 10_000 && agreed.none > 10_000, "\(agreed)")
  }
}
