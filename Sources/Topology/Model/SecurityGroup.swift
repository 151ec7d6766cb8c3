/// A security group: allow-only rules per direction, evaluated as a union.
public struct SecurityGroup: Hashable, Sendable {
  public var id: String
  public var vpcId: String
  public var name: String?
  public var inbound: [SecurityGroupRule]
  public var outbound: [SecurityGroupRule]

  public init(
    id: String, vpcId: String, name: String? = nil, inbound: [SecurityGroupRule],
    outbound: [SecurityGroupRule]
  ) {
    self.id = id
    self.vpcId = vpcId
    self.name = name
    self.inbound = inbound
    self.outbound = outbound
  }
}
