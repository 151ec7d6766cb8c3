/// A VPC network as flowcause models it: validated, references resolved, AWS's implicit rules
/// made explicit. The evaluators read this model and never see JSON.
///
/// Built by ``TopologyLoader`` from `aws ec2 describe-*` output or the native format.
public struct Topology: Sendable {
  public var vpcs: [String: VPC] = [:]
  public var subnets: [String: Subnet] = [:]
  public var routeTables: [String: RouteTable] = [:]
  public var internetGateways: [String: InternetGateway] = [:]
  public var egressOnlyInternetGateways: [String: EgressOnlyInternetGateway] = [:]
  public var natGateways: [String: NatGateway] = [:]
  public var networkACLs: [String: NetworkACL] = [:]
  public var securityGroups: [String: SecurityGroup] = [:]
  public var networkInterfaces: [String: NetworkInterface] = [:]
  public var instances: [String: Instance] = [:]
  public var prefixLists: [String: PrefixList] = [:]
  public var peeringConnections: [String: PeeringConnection] = [:]
  public var transitGateways: [String: TransitGateway] = [:]
  public var transitGatewayAttachments: [String: TransitGatewayAttachment] = [:]
  public var transitGatewayRouteTables: [String: TransitGatewayRouteTable] = [:]
  public var vpcEndpoints: [String: VpcEndpoint] = [:]
  public var vpnGateways: [String: VpnGateway] = [:]
  public var vpnConnections: [String: VpnConnection] = [:]
  /// Load balancers and target groups, by ARN.
  public var loadBalancers: [String: LoadBalancer] = [:]
  public var targetGroups: [String: TargetGroup] = [:]
  /// Where each resource was read, by id (`acl-…`, `sg-…`, `sgr-…`, `eni-…`): the document and
  /// the JSON path of its object, for findings that point at the file to change.
  public var sources: [String: Source] = [:]

  /// A document of the topology and the JSON path of one object in it
  /// (`describe-network-acls.json`, `NetworkAcls[2]`).
  public struct Source: Hashable, Sendable {
    public var file: String
    public var path: String

    public init(file: String, path: String) {
      self.file = file
      self.path = path
    }
  }
  /// Problems that did not stop loading (dangling references, …), in load order.
  public var warnings: [TopologyWarning] = []

  public init() {}
}
