import NetworkPrimitives

/// Draws a network, then traffic on it, from one SplitMix64 stream (``RandomNetwork``): the
/// network in `NetworkGenerator+Topology` and `+Filters`, the traffic in `+Traffic`.
struct NetworkGenerator {
  var draw: Draw

  /// What a subnet's route table does with internet traffic.
  enum Kind {
    case `public`, `private`, natted
  }

  static let vpcIPv4 = Draw.cidr("10.0.0.0/16")
  static let vpcIPv6 = Draw.cidr("2600:1f18:47:ab00::/56")
  static let servicePorts: [UInt16] = [22, 80, 443, 5432, 8080, 53]
  static let internetIPv4 = ["198.51.100.7", "198.51.100.20", "198.51.100.200", "192.0.2.10"]
  static let internetIPv6 = ["2001:db8:1::7", "2001:db8:1::20", "2001:db8:2::99"]

  var dualStack = false
  var subnetCount = 0
  var subnetHasIPv6: [Bool] = []

  init(seed: UInt64) {
    draw = Draw(seed: seed, stream: 0x0123_4567_89AB_CDEF)
  }

  mutating func int(_ range: ClosedRange<Int>) -> Int { draw.int(range) }

  mutating func chance(_ probability: Double) -> Bool { draw.chance(probability) }

  mutating func pick<Element>(_ items: [Element]) -> Element { draw.pick(items) }

  func subnetIPv4(_ index: Int) -> CIDR { Draw.cidr("10.0.\(index).0/24") }
  func subnetIPv6(_ index: Int) -> CIDR { Draw.cidr("2600:1f18:47:ab0\(index)::/64") }
}
