/// A network ACL: stateless, ordered entries per direction, applied at the subnet boundary.
public struct NetworkACL: Hashable, Sendable {
  public var id: String
  public var vpcId: String
  public var isDefault: Bool
  /// All entries, both directions, sorted by rule number within each direction, including
  /// AWS's implicit deny entries (`*`: 32767 for IPv4, 32768 for IPv6) even when the input
  /// omitted them.
  public var entries: [NetworkACLEntry]
  /// Subnets associated with this ACL.
  public var subnetIds: [String]

  public init(
    id: String, vpcId: String, isDefault: Bool, entries: [NetworkACLEntry], subnetIds: [String]
  ) {
    self.id = id
    self.vpcId = vpcId
    self.isDefault = isDefault
    self.entries = entries
    self.subnetIds = subnetIds
  }

  /// The entries of one direction, in evaluation order.
  public func entries(egress: Bool) -> [NetworkACLEntry] {
    entries.filter { $0.egress == egress }
  }
}
