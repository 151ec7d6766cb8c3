import NetworkPrimitives

/// A subnet: its CIDRs and whether it gives new ENIs a public IPv4 address.
public struct Subnet: Hashable, Sendable {
  public var id: String
  public var vpcId: String
  public var cidrs: [CIDR]
  public var availabilityZone: String?
  public var mapPublicIpOnLaunch: Bool

  public init(
    id: String, vpcId: String, cidrs: [CIDR], availabilityZone: String? = nil,
    mapPublicIpOnLaunch: Bool = false
  ) {
    self.id = id
    self.vpcId = vpcId
    self.cidrs = cidrs
    self.availabilityZone = availabilityZone
    self.mapPublicIpOnLaunch = mapPublicIpOnLaunch
  }
}
