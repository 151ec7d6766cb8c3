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
  /// Problems that did not stop loading (dangling references, …), in load order.
  public var warnings: [TopologyWarning] = []

  public init() {}
}
