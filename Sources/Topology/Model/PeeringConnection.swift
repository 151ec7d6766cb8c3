import NetworkPrimitives

/// A VPC peering connection between two VPCs.
public struct PeeringConnection: Hashable, Sendable {
  public var id: String
  public var requesterVpcId: String
  public var requesterCidrs: [CIDR]
  public var accepterVpcId: String
  public var accepterCidrs: [CIDR]
  /// `active`, `pending-acceptance`, `deleted`, …
  public var status: String

  public init(
    id: String, requesterVpcId: String, requesterCidrs: [CIDR], accepterVpcId: String,
    accepterCidrs: [CIDR], status: String
  ) {
    self.id = id
    self.requesterVpcId = requesterVpcId
    self.requesterCidrs = requesterCidrs
    self.accepterVpcId = accepterVpcId
    self.accepterCidrs = accepterCidrs
    self.status = status
  }
}
