import NetworkPrimitives

/// A NAT gateway: where it lives and the addresses it translates to.
public struct NatGateway: Hashable, Sendable {
  public enum Connectivity: String, Hashable, Sendable {
    case `public`, `private`
  }

  public var id: String
  public var vpcId: String
  public var subnetId: String
  public var connectivity: Connectivity
  /// `available`, `pending`, `failed`, `deleting`, `deleted`.
  public var state: String
  public var privateIPs: [IPAddress]
  public var publicIPs: [IPAddress]
  /// The ENI AWS made for it, if known.
  public var networkInterfaceId: String?

  public init(
    id: String, vpcId: String, subnetId: String, connectivity: Connectivity = .public,
    state: String = "available", privateIPs: [IPAddress] = [], publicIPs: [IPAddress] = [],
    networkInterfaceId: String? = nil
  ) {
    self.id = id
    self.vpcId = vpcId
    self.subnetId = subnetId
    self.connectivity = connectivity
    self.state = state
    self.privateIPs = privateIPs
    self.publicIPs = publicIPs
    self.networkInterfaceId = networkInterfaceId
  }
}
