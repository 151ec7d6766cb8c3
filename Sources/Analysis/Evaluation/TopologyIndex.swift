import NetworkPrimitives
import Topology

/// The topology's lookups, answered from tables built once: a diagnosis of millions of records
/// asks them for every REJECT. Same answers as `Topology`'s own lookup methods.
public final class TopologyIndex: Sendable {
  public let topology: Topology
  private let tableBySubnet: [String: RouteTable]
  private let aclBySubnet: [String: NetworkACL]
  private let ownerByAddress: [IPAddress: String]
  private let internetGatewayByVPC: [String: InternetGateway]
  private let membersByGroup: [String: Set<IPAddress>]

  public init(_ topology: Topology) {
    self.topology = topology
    var tables: [String: RouteTable] = [:]
    var acls: [String: NetworkACL] = [:]
    for subnetId in topology.subnets.keys {
      tables[subnetId] = topology.routeTable(forSubnet: subnetId)
      acls[subnetId] = topology.networkACL(forSubnet: subnetId)
    }
    // Associations can name subnets missing from the topology; answer for them too.
    for table in topology.routeTables.values {
      for subnetId in table.subnetIds where tables[subnetId] == nil {
        tables[subnetId] = topology.routeTable(forSubnet: subnetId)
      }
    }
    for acl in topology.networkACLs.values {
      for subnetId in acl.subnetIds where acls[subnetId] == nil {
        acls[subnetId] = topology.networkACL(forSubnet: subnetId)
      }
    }
    tableBySubnet = tables
    aclBySubnet = acls
    var owners: [IPAddress: String] = [:]
    var members: [String: Set<IPAddress>] = [:]
    // Sorted by id, so that the first owner wins as in `Topology.networkInterface(owning:)`.
    for eni in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id }) {
      for address in eni.privateIPv4s + eni.ipv6s + eni.publicIPv4s.map(\.publicIP)
      where owners[address] == nil {
        owners[address] = eni.id
      }
      for group in eni.securityGroupIds {
        members[group, default: []].formUnion(eni.privateAddresses)
      }
    }
    ownerByAddress = owners
    membersByGroup = members
    var gateways: [String: InternetGateway] = [:]
    for vpcId in topology.vpcs.keys {
      gateways[vpcId] = topology.internetGateway(attachedTo: vpcId)
    }
    for igw in topology.internetGateways.values {
      for vpcId in igw.attachedVpcIds where gateways[vpcId] == nil {
        gateways[vpcId] = topology.internetGateway(attachedTo: vpcId)
      }
    }
    internetGatewayByVPC = gateways
  }

  public func routeTable(forSubnet subnetId: String) -> RouteTable? {
    tableBySubnet[subnetId] ?? topology.routeTable(forSubnet: subnetId)
  }

  public func networkACL(forSubnet subnetId: String) -> NetworkACL? {
    aclBySubnet[subnetId] ?? topology.networkACL(forSubnet: subnetId)
  }

  /// The id of the ENI that owns `address` (private, IPv6 or public), without copying the ENI.
  public func owner(of address: IPAddress) -> String? { ownerByAddress[address] }

  public func networkInterface(owning address: IPAddress) -> NetworkInterface? {
    ownerByAddress[address].flatMap { topology.networkInterfaces[$0] }
  }

  public func internetGateway(attachedTo vpcId: String) -> InternetGateway? {
    internetGatewayByVPC[vpcId]
  }

  public func isMember(_ address: IPAddress, ofGroup groupId: String) -> Bool {
    membersByGroup[groupId]?.contains(address) ?? false
  }
}
