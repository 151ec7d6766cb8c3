import NetworkPrimitives

/// A network interface: addresses, subnet, security groups.
public struct NetworkInterface: Hashable, Sendable {
  public var id: String
  public var subnetId: String
  public var vpcId: String
  /// Private IPv4 addresses, the primary first.
  public var privateIPv4s: [IPAddress]
  public var ipv6s: [IPAddress]
  /// Public IPv4 addresses (auto-assigned or Elastic IP), each tied to a private address.
  public var publicIPv4s: [PublicAddress]
  public var securityGroupIds: [String]
  public var instanceId: String?
  /// `interface`, `nat_gateway`, `vpc_endpoint`, `network_load_balancer`, …
  public var interfaceType: String
  public var sourceDestCheck: Bool
  public var requesterManaged: Bool
  public var connectionTracking: ConnectionTracking?
  /// The load balancer whose node the ENI is, as its `Description` names it after `ELB `
  /// (`app/NAME/ID` for an Application Load Balancer, `net/NAME/ID` for a Network Load
  /// Balancer); `nil` for any other ENI.
  public var loadBalancerNode: String? = nil

  public init(
    id: String, subnetId: String, vpcId: String, privateIPv4s: [IPAddress], ipv6s: [IPAddress] = [],
    publicIPv4s: [PublicAddress] = [], securityGroupIds: [String], instanceId: String? = nil,
    interfaceType: String = "interface", sourceDestCheck: Bool = true,
    requesterManaged: Bool = false, connectionTracking: ConnectionTracking? = nil
  ) {
    self.id = id
    self.subnetId = subnetId
    self.vpcId = vpcId
    self.privateIPv4s = privateIPv4s
    self.ipv6s = ipv6s
    self.publicIPv4s = publicIPv4s
    self.securityGroupIds = securityGroupIds
    self.instanceId = instanceId
    self.interfaceType = interfaceType
    self.sourceDestCheck = sourceDestCheck
    self.requesterManaged = requesterManaged
    self.connectionTracking = connectionTracking
  }

  /// What the ENI belongs to when AWS made it for a component that has no security groups of
  /// its own: a transit gateway attachment, a NAT gateway, a Gateway Load Balancer or its
  /// endpoint, a Network Load Balancer without groups (`nil` for every other ENI). Security groups do not filter its traffic; its
  /// subnet's network ACL does.
  public var componentWithoutSecurityGroups: String? {
    switch interfaceType {
    case "transit_gateway": return "a transit gateway attachment"
    case "nat_gateway": return "a NAT gateway"
    case "gateway_load_balancer": return "a Gateway Load Balancer"
    case "gateway_load_balancer_endpoint": return "a Gateway Load Balancer endpoint"
    // A Network Load Balancer created without security groups cannot have any (User Guide for
    // Network Load Balancers, "Security groups for your Network Load Balancer").
    case "network_load_balancer" where securityGroupIds.isEmpty:
      return "a Network Load Balancer created without security groups"
    default: return nil
    }
  }

  /// The primary private IPv4 address (what flow logs show for this ENI).
  public var primaryIPv4: IPAddress? { privateIPv4s.first }

  /// Every private address of the ENI (IPv4 and IPv6), as SG references match them.
  public var privateAddresses: [IPAddress] { privateIPv4s + ipv6s }

  /// Whether `address` is one of the ENI's own addresses (private, IPv6 or public).
  public func owns(_ address: IPAddress) -> Bool {
    privateIPv4s.contains(address) || ipv6s.contains(address)
      || publicIPv4s.contains { $0.publicIP == address }
  }
}
