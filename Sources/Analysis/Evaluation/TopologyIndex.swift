import NetworkPrimitives
import Topology

/// The topology's lookups, answered from tables built once: a diagnosis of millions of records
/// asks them for every REJECT. Same answers as `Topology`'s own lookup methods.
public final class TopologyIndex: Sendable {
  public let topology: Topology
  private let tableBySubnet: [String: RouteTable]
  private let aclBySubnet: [String: NetworkACL]
  private let ownerByAddress: [IPAddress: String]
  /// The keys of `ownerByAddress`, for ``isOwned(_:)``.
  private let ownedAddresses: AddressSet
  /// The VPCs' and the subnets' CIDRs, by id (sorted, so the first holder wins), for
  /// ``vpc(holding:)`` and ``subnet(holding:inVPC:)``.
  private let vpcCIDRs: [(id: String, cidrs: [CIDR])]
  private let subnetCIDRs: [(id: String, vpcId: String, cidrs: [CIDR])]
  private let internetGatewayByVPC: [String: InternetGateway]
  private let membersByGroup: [String: Set<IPAddress>]
  /// Pairs of VPCs (`vpc-a vpc-b`, both ways) whose security groups may name each other's
  /// groups: an active peering connection (inbound and outbound rules), or a transit gateway
  /// with security group referencing on for it and both VPCs' attachments (inbound rules only).
  private let peeredPairs: Set<String>
  /// The pairs of VPCs each transit gateway carries references between.
  private let pairsByGateway: [String: Set<String>]
  /// Whether some rule names a group of another VPC than its own group's.
  public let hasCrossVPCReferences: Bool
  /// Load balancers' node ENIs (by the `ELB app/NAME/ID` description AWS gives them): ENI id →
  /// load balancer ARN.
  public let loadBalancerOfInterface: [String: String]
  /// Target groups by the target they list (an instance id or an IP address), ARNs sorted.
  public let targetGroupsOfTarget: [String: [String]]
  /// Whether the topology has load balancers (their notes are looked for only then).
  public var hasLoadBalancers: Bool { !topology.loadBalancers.isEmpty }
  private let contextByInterface: [String: InterfaceContext]

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
    ownedAddresses = AddressSet(owners.keys)
    vpcCIDRs = topology.vpcs.values.sorted { $0.id < $1.id }.map { ($0.id, $0.cidrs) }
    subnetCIDRs = topology.subnets.values.sorted { $0.id < $1.id }.map {
      ($0.id, $0.vpcId, $0.cidrs)
    }
    membersByGroup = members
    (peeredPairs, pairsByGateway) = Self.referencingPairs(topology)
    var nodes: [String: String] = [:]
    let balancers = topology.loadBalancers.values.sorted { $0.arn < $1.arn }
    for eni in topology.networkInterfaces.values {
      if let node = eni.loadBalancerNode,
        let balancer = balancers.first(where: { $0.resourceName == node })
      {
        nodes[eni.id] = balancer.arn
      }
    }
    loadBalancerOfInterface = nodes
    var groupsOfTarget: [String: [String]] = [:]
    for group in topology.targetGroups.values {
      for target in group.targets ?? [] { groupsOfTarget[target.id, default: []].append(group.arn) }
    }
    targetGroupsOfTarget = groupsOfTarget.mapValues { $0.sorted() }
    hasCrossVPCReferences = topology.securityGroups.values.contains { group in
      (group.inbound + group.outbound).contains { rule in
        guard case .securityGroup(let named) = rule.peer,
          let namedVPC = topology.securityGroups[named]?.vpcId
        else { return false }
        return namedVPC != group.vpcId
      }
    }
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
    var contexts: [String: InterfaceContext] = [:]
    for (id, eni) in topology.networkInterfaces {
      contexts[id] = InterfaceContext(
        interface: eni,
        networkACL: acls[eni.subnetId] ?? topology.networkACL(forSubnet: eni.subnetId),
        hasInternetGateway: gateways[eni.vpcId] != nil,
        groups: eni.securityGroupIds.map { ($0, topology.securityGroups[$0]) },
        indexedAddresses: (eni.privateIPv4s + eni.ipv6s + eni.publicIPv4s.map(\.publicIP))
          .filter { owners[$0] == id })
    }
    contextByInterface = contexts
  }

  /// Whether a rule of a group of `vpcId` naming `groupId` can match its members: the same VPC,
  /// or VPCs joined by an active peering connection (VPC Peering Guide, "Update your security
  /// groups to reference peer security groups": inbound and outbound rules) or, for an inbound
  /// rule only, by a transit gateway whose security group referencing is on, on the gateway and
  /// on both VPC attachments (Transit Gateway Guide, "Security group referencing"; AWS
  /// Networking blog, "Introducing security group referencing for AWS Transit Gateway":
  /// "Outbound security rules referencing over Transit Gateway aren't supported"). A group the
  /// topology lacks is taken to match, as before.
  ///
  /// With `throughGateway`, the packet came through that transit gateway: only its referencing
  /// carries the reference, whatever peering also joins the VPCs (a reference is carried by the
  /// connection the packet takes).
  public func reference(
    to groupId: String, reachesFrom vpcId: String, inbound: Bool,
    throughGateway: String? = nil
  ) -> Bool {
    guard let owner = topology.securityGroups[groupId]?.vpcId, owner != vpcId else { return true }
    let pair = "\(vpcId) \(owner)"
    if let throughGateway {
      return inbound && (pairsByGateway[throughGateway]?.contains(pair) ?? false)
    }
    return peeredPairs.contains(pair)
      || (inbound && pairsByGateway.values.contains { $0.contains(pair) })
  }

  private static func referencingPairs(_ topology: Topology) -> (
    peered: Set<String>, byGateway: [String: Set<String>]
  ) {
    var peered: Set<String> = []
    for pcx in topology.peeringConnections.values where pcx.status == "active" {
      peered.insert("\(pcx.requesterVpcId) \(pcx.accepterVpcId)")
      peered.insert("\(pcx.accepterVpcId) \(pcx.requesterVpcId)")
    }
    var byGateway: [String: Set<String>] = [:]
    func add(_ a: String, _ b: String, _ gateway: String) {
      byGateway[gateway, default: []].formUnion(["\(a) \(b)", "\(b) \(a)"])
    }
    for gateway in topology.transitGateways.values
    where gateway.securityGroupReferencing && gateway.state == "available" {
      let vpcs = topology.transitGatewayAttachments.values.filter {
        $0.transitGatewayId == gateway.id && $0.isVPC && $0.state == "available"
          && $0.securityGroupReferencing
      }.map(\.resourceId).sorted()
      for (position, a) in vpcs.enumerated() {
        for b in vpcs[(position + 1)...] where a != b { add(a, b, gateway.id) }
      }
    }
    return (peered, byGateway)
  }

  /// An ENI and what checks at its boundary read, looked up once (one dictionary lookup for a
  /// REJECT instead of one per table).
  public func context(ofInterface id: String) -> InterfaceContext? { contextByInterface[id] }

  public func routeTable(forSubnet subnetId: String) -> RouteTable? {
    tableBySubnet[subnetId] ?? topology.routeTable(forSubnet: subnetId)
  }

  public func networkACL(forSubnet subnetId: String) -> NetworkACL? {
    aclBySubnet[subnetId] ?? topology.networkACL(forSubnet: subnetId)
  }

  /// The id of the ENI that owns `address` (private, IPv6 or public), without copying the ENI.
  public func owner(of address: IPAddress) -> String? { ownerByAddress[address] }

  /// The id of the VPC whose CIDRs hold `address` (the first by id), or `nil`: an address
  /// outside every VPC of the topology.
  public func vpc(holding address: IPAddress) -> String? {
    vpcCIDRs.first { $0.cidrs.contains { $0.contains(address) } }?.id
  }

  /// The id of the subnet of `vpcId` whose CIDRs hold `address` (the first by id), or `nil`.
  public func subnet(holding address: IPAddress, inVPC vpcId: String) -> String? {
    subnetCIDRs.first { $0.vpcId == vpcId && $0.cidrs.contains { $0.contains(address) } }?.id
  }

  /// Whether an ENI of the topology owns `address`: `owner(of: address) != nil`, without
  /// hashing the address with SipHash (``AddressSet``).
  public func isOwned(_ address: IPAddress) -> Bool { ownedAddresses.contains(address) }

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

/// An ENI with the parts of the topology its own checks read: its subnet's network ACL, whether
/// its VPC has an internet gateway, its security groups (`nil` for an id the topology lacks).
/// Same answers as the lookups it replaces.
public final class InterfaceContext: Sendable {
  public let interface: NetworkInterface
  let networkACL: NetworkACL?
  let hasInternetGateway: Bool
  package let groups: [(id: String, group: SecurityGroup?)]
  /// The group ids, comma-separated (a checkpoint's component).
  package let groupsText: String
  /// The ENI's own addresses: private IPv4, IPv6 and public IPv4, as `NetworkInterface.owns`
  /// reads them (read here, the ENI is not copied out of the context for every REJECT).
  let ownAddresses: [IPAddress]
  /// Whether any of its groups (known to the topology) has an inbound rule, or an outbound one.
  let hasInboundRules: Bool
  let hasOutboundRules: Bool
  /// The addresses the index says this ENI owns (`TopologyIndex.owner(of:)` is its id): its
  /// own, less any an ENI with a smaller id also claims.
  let indexedAddresses: [IPAddress]

  init(
    interface: NetworkInterface, networkACL: NetworkACL?, hasInternetGateway: Bool,
    groups: [(String, SecurityGroup?)], indexedAddresses: [IPAddress]
  ) {
    self.indexedAddresses = indexedAddresses
    hasACL = networkACL != nil
    inboundRules = groups.enumerated().flatMap { place, entry in
      (entry.1?.inbound ?? []).map { (group: place, rule: $0) }
    }
    outboundRules = groups.enumerated().flatMap { place, entry in
      (entry.1?.outbound ?? []).map { (group: place, rule: $0) }
    }
    self.interface = interface
    self.networkACL = networkACL
    self.hasInternetGateway = hasInternetGateway
    self.groups = groups.map { (id: $0.0, group: $0.1) }
    groupsText = interface.securityGroupIds.joined(separator: ", ")
    hasInboundRules = groups.contains { !($0.1?.inbound.isEmpty ?? true) }
    hasOutboundRules = groups.contains { !($0.1?.outbound.isEmpty ?? true) }
    ownAddresses = interface.privateIPv4s + interface.ipv6s + interface.publicIPv4s.map(\.publicIP)
  }

  /// Whether `address` is one of the ENI's own addresses (`NetworkInterface.owns`).
  func owns(_ address: IPAddress) -> Bool { ownAddresses.contains(address) }

  /// Whether the ENI's subnet has a network ACL in the topology.
  let hasACL: Bool
  /// Every inbound (outbound) rule of the ENI's groups known to the topology, in the groups'
  /// order then the rules', with its group's place in `groups`: what
  /// `SecurityGroupEvaluator.evaluate(_:context:direction:)` reads, without copying a group.
  let inboundRules: [(group: Int, rule: SecurityGroupRule)]
  let outboundRules: [(group: Int, rule: SecurityGroupRule)]

  /// The entry of the subnet's network ACL that decides `packet`, and its index
  /// (`NetworkACLEvaluator.firstMatch`); `nil` without an ACL. Read in place, not copied.
  func firstACLMatch(_ packet: Packet, egress: Bool) -> (index: Int, entry: NetworkACLEntry)? {
    guard let networkACL else { return nil }
    return NetworkACLEvaluator.firstMatch(packet, acl: networkACL, egress: egress)
  }
}
