/// An egress-only internet gateway (IPv6, outbound-initiated only).
public struct EgressOnlyInternetGateway: Hashable, Sendable {
  public var id: String
  public var attachedVpcIds: [String]

  public init(id: String, attachedVpcIds: [String]) {
    self.id = id
    self.attachedVpcIds = attachedVpcIds
  }
}
