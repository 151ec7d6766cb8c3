import NetworkPrimitives
import RandomNetworks
import Testing

@testable import Analysis

/// `TopologyIndex.isOwned` (an ``AddressSet`` of the ENIs' addresses, read by `diagnose` for
/// every REJECT of the commonest shape) against the dictionary it stands for, `owner(of:)`.
@Suite("The topology's owned-address set answers as the owner dictionary")
struct AddressSetTests {
  @Test("Every ENI address, its neighbours, the other family's same bits and random addresses")
  func ownedAsDictionary() {
    var random = SplitMixRandom(seed: 42)
    var asked = 0
    var owned = 0
    for seed in 0..<30 {
      let (topology, _) = RandomNetwork.make(seed: UInt64(seed))
      let index = TopologyIndex(topology)
      var questions: [IPAddress] = []
      for eni in topology.networkInterfaces.values {
        for address in eni.privateIPv4s + eni.ipv6s + eni.publicIPv4s.map(\.publicIP) {
          questions.append(address)
          switch address {
          case .v4(let bits):
            questions += [.v4(bits &+ 1), .v4(bits &- 1), .v6(UInt128(bits))]
          case .v6(let bits):
            questions += [
              .v6(bits &+ 1), .v6(bits ^ (1 << 64)), .v4(UInt32(truncatingIfNeeded: bits)),
            ]
          }
        }
      }
      for _ in 0..<200 {
        questions.append(.v4(UInt32(truncatingIfNeeded: random.next())))
        questions.append(.v6(UInt128(random.next()) << 64 | UInt128(random.next())))
      }
      for address in questions {
        let expected = index.owner(of: address) != nil
        #expect(index.isOwned(address) == expected, "seed \(seed): \(address)")
        asked += 1
        if expected { owned += 1 }
      }
    }
    // The questions reach both answers, many times.
    #expect(owned > 200 && asked - owned > 1000, "\(owned) of \(asked)")
  }

  @Test("An empty set holds nothing; a set holds IPv4 and IPv6 addresses of the same bits apart")
  func families() {
    let empty = AddressSet([])
    #expect(!empty.contains(.v4(0)) && !empty.contains(.v6(0)))
    let set = AddressSet([.v4(0x0A00_0001), .v6(0x0A00_0002), .v4(0x0A00_0001)])
    #expect(set.contains(.v4(0x0A00_0001)) && !set.contains(.v6(0x0A00_0001)))
    #expect(set.contains(.v6(0x0A00_0002)) && !set.contains(.v4(0x0A00_0002)))
  }
}
