/// A VPC endpoint (`describe-vpc-endpoints`): a gateway endpoint (S3, DynamoDB) reached through
/// its prefix list's routes, an interface endpoint (PrivateLink: ENIs with security groups), or
/// a Gateway Load Balancer endpoint (an appliance or AWS Network Firewall inspects what it is
/// sent).
public struct VpcEndpoint: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable {
    case gateway = "Gateway"
    case interface = "Interface"
    case gatewayLoadBalancer = "GatewayLoadBalancer"
    /// A type flowcause does not know (`Resource`, `ServiceNetwork`, …).
    case other
  }

  public var id: String
  public var kind: Kind
  public var vpcId: String
  /// `com.amazonaws.us-east-1.s3`, `com.amazonaws.vpce.us-east-1.vpce-svc-…`.
  public var serviceName: String
  /// `available`, `pending`, `pendingAcceptance`, `deleting`, `deleted`, `rejected`, `failed`.
  public var state: String
  /// A gateway endpoint's route tables (AWS adds a route to the service's prefix list in each).
  public var routeTableIds: [String]
  /// An interface or Gateway Load Balancer endpoint's subnets and ENIs.
  public var subnetIds: [String]
  public var networkInterfaceIds: [String]
  /// An interface endpoint's security groups (`Groups`), on each of its ENIs: they decide which
  /// clients may reach it.
  public var securityGroupIds: [String]
  /// The AWS Network Firewall whose endpoint this is, when `describe-firewall` says so.
  public var firewallArn: String?

  public init(
    id: String, kind: Kind, vpcId: String, serviceName: String, state: String = "available",
    routeTableIds: [String] = [], subnetIds: [String] = [], networkInterfaceIds: [String] = [],
    securityGroupIds: [String] = [], firewallArn: String? = nil
  ) {
    self.id = id
    self.kind = kind
    self.vpcId = vpcId
    self.serviceName = serviceName
    self.state = state
    self.routeTableIds = routeTableIds
    self.subnetIds = subnetIds
    self.networkInterfaceIds = networkInterfaceIds
    self.securityGroupIds = securityGroupIds
    self.firewallArn = firewallArn
  }

  /// `gateway endpoint for com.amazonaws.us-east-1.s3`, `Network Firewall endpoint`.
  public var summary: String {
    switch kind {
    case .gateway: return "gateway endpoint for \(serviceName)"
    case .interface: return "interface endpoint for \(serviceName)"
    case .gatewayLoadBalancer:
      return firewallArn.map { "AWS Network Firewall endpoint of \($0)" }
        ?? "Gateway Load Balancer endpoint for \(serviceName)"
    case .other: return "endpoint for \(serviceName)"
    }
  }
}
