import NetworkPrimitives
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

  public init(topology: Topology) { self.init(index: TopologyIndex(topology)) }

  public init(index: TopologyIndex) {
    self.index = index
    securityGroups = SecurityGroupEvaluator(index: index)
    routes = RouteEvaluator(index: index)
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

  /// The ENIs in id order, without the interfaces of NAT gateways (AWS gives them no security
  /// group; moto attaches the default one).
  var interfaces: [NetworkInterface] {
    topology.networkInterfaces.values.sorted { $0.id < $1.id }.filter { !isNATInterface($0) }
  }

  func isNATInterface(_ eni: NetworkInterface) -> Bool {
    eni.interfaceType == "nat_gateway"
      || topology.natGateways.values.contains { $0.networkInterfaceId == eni.id }
  }

  /// The client kinds an ENI may be: AWS-managed interfaces use 1024-65535, instances use their
  /// operating system's range, which the topology does not say.
  func clientKinds(of eni: NetworkInterface) -> [ClientKind] {
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
    return acl.entries(egress: egress).compactMap(\.ports)
  }

  /// The CIDRs that cut addresses for checks in `subnetId`'s VPC: its NACL's entries, the VPC's
  /// and its subnets' blocks, the subnet's routes, and the non-internet ranges.
  func addressFamily(subnetId: String, extra: [CIDR] = []) -> [CIDR] {
    var family = extra + LintCells.nonInternet
    if let acl = index.networkACL(forSubnet: subnetId) { family += acl.entries.map(\.cidr) }
    if let vpcId = topology.subnets[subnetId]?.vpcId {
      family += topology.vpcs[vpcId]?.cidrs ?? []
      family += topology.subnets.values.filter { $0.vpcId == vpcId }.flatMap(\.cidrs)
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
    topology.subnets.values.sorted { $0.id < $1.id }.first {
      $0.vpcId == vpcId && $0.cidrs.contains { $0.contains(address) }
    }
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
