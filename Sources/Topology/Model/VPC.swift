import NetworkPrimitives

/// A VPC and its IPv4 and IPv6 CIDR blocks.
public struct VPC: Hashable, Sendable {
  public var id: String
  public var cidrs: [CIDR]
  public var isDefault: Bool

  public init(id: String, cidrs: [CIDR], isDefault: Bool = false) {
    self.id = id
    self.cidrs = cidrs
    self.isDefault = isDefault
  }
}
