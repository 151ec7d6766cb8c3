import NetworkPrimitives
import Synchronization
import Topology

/// Checks a security design the way a careful reviewer would, before any traffic flows: replies
/// cut by stateless network ACLs, NACL entries no packet reaches, admin ports open to the
/// internet, routing that contradicts "public", and hygiene. docs/lint.md lists every finding
/// with its condition, severity and fix.
///
/// Every check reasons over whole port ranges and address blocks exactly (``LintCells``), with
/// the same evaluators as `flowcause trace`, and counts only traffic that can happen: a service
/// counts as let in only when a security group of an ENI allows it *and* the network ACLs on the
/// way admit it from a source that can reach the ENI.
public struct Linter: Sendable {
  public let index: TopologyIndex
  public var topology: Topology { index.topology }
  let securityGroups: SecurityGroupEvaluator
  let routes: RouteEvaluator
  /// The ENIs in id order, without the interfaces of NAT gateways (AWS gives them no security
  /// group; moto attaches the default one).
  let interfaces: [NetworkInterface]
  /// The ENIs of ``interfaces`` that carry each security group, in id order.
  private let members: [String: [NetworkInterface]]
  /// Each VPC's subnets, in id order.
  private let subnetsOfVPC: [String: [Subnet]]
  /// The subnets that hold an AWS-managed interface (a NAT gateway's, a load balancer's, a
  /// Lambda function's), whose clients use 1024-65535.
  private let subnetsWithManagedInterfaces: Set<String>
  /// The address cells of a block in a subnet's checks, as they are asked for (the same block
  /// is asked for by every ENI of the subnet and rule that names it).
  private let cells = CellCache()

  final class CellCache: Sendable {
    struct Key: Hashable {
      var subnetId: String
      var block: CIDR
    }
    let table = Mutex<[Key: [LintCells.AddressCell]]>([:])
  }

  /// The cells of `block` cut by `subnetId`'s ``addressFamily(subnetId:extra:)`` (the block
  /// itself is one of the cuts either way).
  func addressCells(in block: CIDR, subnetId: String) -> [LintCells.AddressCell] {
    let key = CellCache.Key(subnetId: subnetId, block: block)
    if let known = cells.table.withLock({ $0[key] }) { return known }
    let made = LintCells.addresses(in: block, cutBy: addressFamily(subnetId: subnetId))
    cells.table.withLock { $0[key] = made }
    return made
  }
  /// The port ranges each network ACL's entries name: inbound, then outbound.
  private let aclPortRanges: [String: [[PortRange]]]

  public init(topology: Topology) { self.init(index: TopologyIndex(topology)) }

  /// Everything the checks look up by ENI, group or VPC is indexed once here, so that each
  /// check's work follows the size of the VPC it is in, not the account's.
  public init(index: TopologyIndex) {
    self.index = index
    securityGroups = SecurityGroupEvaluator(index: index)
    routes = RouteEvaluator(index: index)
    let topology = index.topology
    let natInterfaceIds = Set(topology.natGateways.values.compactMap(\.networkInterfaceId))
    let sorted = topology.networkInterfaces.values.sorted { $0.id < $1.id }
    interfaces = sorted.filter {
      !($0.interfaceType == "nat_gateway" || natInterfaceIds.contains($0.id))
    }
    var members: [String: [NetworkInterface]] = [:]
    for eni in interfaces {
      for group in Set(eni.securityGroupIds) { members[group, default: []].append(eni) }
    }
    self.members = members
    var subnetsOfVPC: [String: [Subnet]] = [:]
    for subnet in topology.subnets.values.sorted(by: { $0.id < $1.id }) {
      subnetsOfVPC[subnet.vpcId, default: []].append(subnet)
    }
    self.subnetsOfVPC = subnetsOfVPC
    aclPortRanges = topology.networkACLs.mapValues { acl in
      [false, true].map { egress in acl.entries(egress: egress).compactMap(\.ports) }
    }
    subnetsWithManagedInterfaces = Set(
      sorted.filter { Self.clientKinds(of: $0) == [.natGatewayELBLambda] }.map(\.subnetId))
  }

  /// Every finding, most severe first, then by id, component and rule (a stable order).
  public func lint() -> [Finding] {
    var findings: [Finding] = []
    findings += inboundReplyFindings()
    findings += outboundReplyFindings()
    findings += shadowFindings()
    findings += exposureFindings()
    findings += ipv6Findings()
    findings += routingFindings()
    findings += hygieneFindings()
    let order = Finding.ID.allCases
    return findings.sorted { left, right in
      if left.severity != right.severity { return left.severity > right.severity }
      let (l, r) = (order.firstIndex(of: left.id) ?? 0, order.firstIndex(of: right.id) ?? 0)
      if l != r { return l < r }
      if left.componentId != right.componentId { return left.componentId < right.componentId }
      if left.aclRuleNumber != right.aclRuleNumber {
        return (left.aclRuleNumber ?? -1) < (right.aclRuleNumber ?? -1)
      }
      return left.explanation < right.explanation
    }
  }

  // MARK: - Shared helpers

  /// The ENIs that carry `groupId`, in id order (NAT gateways' aside).
  func interfaces(carrying groupId: String) -> [NetworkInterface] { members[groupId] ?? [] }

  /// Whether `subnetId` holds an AWS-managed interface.
  func holdsManagedInterface(_ subnetId: String) -> Bool {
    subnetsWithManagedInterfaces.contains(subnetId)
  }

  /// The client kinds an ENI may be: AWS-managed interfaces use 1024-65535, instances use their
  /// operating system's range, which the topology does not say.
  func clientKinds(of eni: NetworkInterface) -> [ClientKind] { Self.clientKinds(of: eni) }

  static func clientKinds(of eni: NetworkInterface) -> [ClientKind] {
    let managed: Set<String> = [
      "nat_gateway", "lambda", "network_load_balancer", "gateway_load_balancer",
    ]
    if managed.contains(eni.interfaceType) || eni.requesterManaged { return [.natGatewayELBLambda] }
    return [.linux, .windows]
  }

  /// The decision of `acl` for a packet to or from `peer` (`egress`: to it) on `port`.
  func aclDecision(
    _ acl: NetworkACL, egress: Bool, protocolNumber: UInt8, peer: IPAddress, port: UInt16
  ) -> NetworkACLDecision {
    let packet = Packet(
      source: peer, destination: peer, protocolNumber: protocolNumber, sourcePort: 0,
      destinationPort: port)
    return NetworkACLEvaluator.evaluate(packet, acl: acl, egress: egress)
  }

  /// The port ranges the entries of `acl` name in one direction (for ``LintCells``).
  func portRanges(_ acl: NetworkACL?, egress: Bool) -> [PortRange] {
    guard let acl else { return [] }
    if let ranges = aclPortRanges[acl.id] { return ranges[egress ? 1 : 0] }
    return acl.entries(egress: egress).compactMap(\.ports)
  }

  /// The CIDRs that cut addresses for checks in `subnetId`'s VPC: its NACL's entries, the VPC's
  /// and its subnets' blocks, the subnet's routes, and the non-internet ranges.
  func addressFamily(subnetId: String, extra: [CIDR] = []) -> [CIDR] {
    var family = extra + LintCells.nonInternet
    if let acl = index.networkACL(forSubnet: subnetId) { family += acl.entries.map(\.cidr) }
    if let vpcId = topology.subnets[subnetId]?.vpcId {
      family += topology.vpcs[vpcId]?.cidrs ?? []
      family += (subnetsOfVPC[vpcId] ?? []).flatMap(\.cidrs)
    }
    for route in index.routeTable(forSubnet: subnetId)?.routes ?? [] {
      switch route.destination {
      case .cidr(let cidr): family.append(cidr)
      case .prefixList(let id): family += topology.cidrs(ofPrefixList: id) ?? []
      }
    }
    return family
  }

  /// The subnet of `vpcId` that holds `address`, if any.
  func subnet(holding address: IPAddress, vpcId: String) -> Subnet? {
    subnetsOfVPC[vpcId]?.first { $0.cidrs.contains { $0.contains(address) } }
  }

  /// The active route of `subnetId`'s table to an internet gateway attached to the VPC, for
  /// IPv4 or IPv6 destinations.
  func internetRoute(subnetId: String, ipv6: Bool) -> (table: RouteTable, route: Route)? {
    guard let subnet = topology.subnets[subnetId],
      let table = index.routeTable(forSubnet: subnetId)
    else { return nil }
    for route in table.routes where route.state == .active {
      guard case .internetGateway(let igwId) = route.target,
        topology.internetGateways[igwId]?.attachedVpcIds.contains(subnet.vpcId) ?? false
      else { continue }
      switch route.destination {
      case .cidr(let cidr) where cidr.isIPv6 == ipv6: return (table, route)
      case .prefixList(let id)
      where (topology.cidrs(ofPrefixList: id) ?? []).contains { $0.isIPv6 == ipv6 }:
        return (table, route)
      default: continue
      }
    }
    return nil
  }

  /// `tcp 5432`, `udp 53`, `tcp 1024-65535`.
  static func service(_ protocolNumber: UInt8, _ ports: PortRange) -> String {
    "\(ProtocolNames.name(protocolNumber)) \(ports)"
  }

  /// `rule 100` or `the * rule (32767)`.
  static func ruleName(_ entry: NetworkACLEntry) -> String {
    entry.isImplicit ? "the * rule (\(entry.ruleNumber))" : "rule \(entry.ruleNumber)"
  }

  /// Port ranges merged where they touch, in order.
  static func merged(_ ranges: [PortRange]) -> [PortRange] {
    var out: [PortRange] = []
    for range in ranges.sorted(by: { $0.from < $1.from }) {
      if let last = out.last, Int(range.from) <= Int(last.to) + 1 {
        out[out.count - 1].to = max(last.to, range.to)
      } else {
        out.append(range)
      }
    }
    return out
  }
}
