import Messages
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
  /// Each ENI's position in ``interfaces``.
  private let positions: [String: Int32]
  /// The ENIs of ``interfaces`` that carry each security group, in id order.
  private let members: [String: [NetworkInterface]]
  /// Each VPC's subnets, in id order.
  private let subnetsOfVPC: [String: [Subnet]]
  /// The subnets that hold an AWS-managed interface (a NAT gateway's, a load balancer's, a
  /// Lambda function's), whose clients use 1024-65535.
  private let subnetsWithManagedInterfaces: Set<String>
  /// The address cells of a block in a subnet's checks, as they are asked for (the same block
  /// is asked for by every ENI of the subnet and rule that names it).
  private var cells = CellCache()

  /// Reply and request cells already worked out, by what decides them: the two NACLs, the
  /// protocol, the ports, and which entries of each NACL hold the other end's address (a NACL
  /// decides the same way for two addresses that the same entries hold).
  private(set) var decisions = DecisionCache()

  final class DecisionCache: Sendable {
    struct Key: Hashable {
      var serverACL: String?
      var clientACL: String?
      var protocolNumber: UInt8
      var kinds: [ClientKind]
      var ports: PortRange?
      var serverMask: [UInt64]
      var clientMask: [UInt64]
    }
    typealias Blocks = [(kind: ClientKind, ports: PortRange, block: ReplyBlock)]
    let blocks = Mutex<[Key: Blocks]>([:])
    let admitted = Mutex<[Key: [PortRange]]>([:])
  }

  /// Which entries of `acl` hold `address`, one bit an entry in order.
  func entryMask(_ acl: NetworkACL?, holding address: IPAddress) -> [UInt64] {
    guard let acl else { return [] }
    var mask = [UInt64](repeating: 0, count: (acl.entries.count + 63) / 64)
    for (index, entry) in acl.entries.enumerated() where entry.cidr.contains(address) {
      mask[index / 64] |= 1 << UInt64(index % 64)
    }
    return mask
  }

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
  /// For each subnet, the CIDRs of its VPC's NACL entries and security group rules that lie
  /// strictly inside one of its blocks (``serverClass(_:subnet:)``).
  let innerCuts: [String: [CIDR]]
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
    positions = Dictionary(
      interfaces.enumerated().map { ($0.element.id, Int32($0.offset)) }
    ) { first, _ in first }
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
    var namedByVPC: [String: Set<CIDR>] = [:]
    for acl in topology.networkACLs.values {
      namedByVPC[acl.vpcId, default: []].formUnion(acl.entries.map(\.cidr))
    }
    for (vpcId, subnets) in subnetsOfVPC {
      for subnet in subnets {
        if let acl = index.networkACL(forSubnet: subnet.id) {
          namedByVPC[vpcId, default: []].formUnion(acl.entries.map(\.cidr))
        }
      }
    }
    for eni in interfaces {
      guard let vpcId = topology.subnets[eni.subnetId]?.vpcId else { continue }
      for groupId in eni.securityGroupIds {
        guard let group = topology.securityGroups[groupId] else { continue }
        for rule in group.inbound + group.outbound {
          switch rule.peer {
          case .cidr(let cidr): namedByVPC[vpcId, default: []].insert(cidr)
          case .prefixList(let id):
            namedByVPC[vpcId, default: []].formUnion(topology.cidrs(ofPrefixList: id) ?? [])
          case .securityGroup: continue
          }
        }
      }
    }
    var innerCuts: [String: [CIDR]] = [:]
    for (vpcId, subnets) in subnetsOfVPC {
      let named = namedByVPC[vpcId] ?? []
      for subnet in subnets {
        let inside = named.filter { cidr in
          subnet.cidrs.contains { $0.prefixLength < cidr.prefixLength && $0.contains(cidr) }
        }
        if !inside.isEmpty { innerCuts[subnet.id] = inside.sorted() }
      }
    }
    self.innerCuts = innerCuts
    subnetsWithManagedInterfaces = Set(
      sorted.filter { Self.clientKinds(of: $0) == [.natGatewayELBLambda] }.map(\.subnetId))
  }

  /// Every finding, one per rule to change, most severe first, then those affecting the most
  /// ENIs, then by id, component and rule (a stable order). The ENIs' replies are checked a
  /// batch of subnets at a time on up to `threads` threads; the answer is the same on any
  /// number.
  public func lint(threads: Int = 1) -> [Finding] {
    let batches = subnetBatches(count: max(threads, 1) * 8)
    enum Part: Sendable {
      case replies(inbound: [EntryKey: EntryValue], outbound: [EntryKey: EntryValue])
      case others([Finding])
    }
    let parts = Parallel.map(batches.count + 1, threads: threads) { index -> Part in
      guard index < batches.count else {
        return .others(
          shadowFindings() + exposureFindings() + ipv6Findings() + routingFindings()
            + transitGatewayFindings() + applianceModeFindings() + endpointFindings()
            + loadBalancerFindings() + hygieneFindings())
      }
      // Caches of its own: a batch's subnets share them, other batches' do not (their VPCs'
      // NACLs differ), and they are freed with the batch.
      var worker = self
      worker.cells = CellCache()
      worker.decisions = DecisionCache()
      let batch = batches[index]
      return .replies(
        inbound: worker.inboundReplyGroups(batch), outbound: worker.outboundReplyGroups(batch))
    }
    var inbound: [EntryKey: EntryValue] = [:]
    var outbound: [EntryKey: EntryValue] = [:]
    var findings: [Finding] = []
    for part in parts {
      switch part {
      case .replies(let some, let more):
        inbound.merge(some) { left, right in
          var both = left
          both.merge(right)
          return both
        }
        outbound.merge(more) { left, right in
          var both = left
          both.merge(right)
          return both
        }
      case .others(let others): findings += others
      }
    }
    findings += replyFindings(inbound) + replyFindings(outbound)
    let order = Finding.ID.allCases
    // The English sentence breaks the last ties (worded once a finding, not at each comparison).
    let keyed = Self.grouped(findings).map { (finding: $0, text: $0.explanation) }
    return keyed.sorted { leftItem, rightItem in
      let (left, right) = (leftItem.finding, rightItem.finding)
      if left.severity != right.severity { return left.severity > right.severity }
      let (a, b) = (left.affected.interfaceIds.count, right.affected.interfaceIds.count)
      if a != b { return a > b }
      let (l, r) = (order.firstIndex(of: left.id) ?? 0, order.firstIndex(of: right.id) ?? 0)
      if l != r { return l < r }
      if left.componentId != right.componentId { return left.componentId < right.componentId }
      if left.aclRuleNumber != right.aclRuleNumber {
        return (left.aclRuleNumber ?? -1) < (right.aclRuleNumber ?? -1)
      }
      return leftItem.text < rightItem.text
    }.map(\.finding)
  }

  // MARK: - Shared helpers

  /// ``interfaces`` in about `count` batches of whole subnets (the checks' memos are by subnet),
  /// in id order.
  func subnetBatches(count: Int) -> [[NetworkInterface]] {
    var bySubnet: [String: [NetworkInterface]] = [:]
    for eni in interfaces { bySubnet[eni.subnetId, default: []].append(eni) }
    let target = max(interfaces.count / max(count, 1), 1)
    var batches: [[NetworkInterface]] = []
    var current: [NetworkInterface] = []
    for subnetId in bySubnet.keys.sorted() {
      current += bySubnet[subnetId] ?? []
      if current.count >= target {
        batches.append(current)
        current = []
      }
    }
    if !current.isEmpty { batches.append(current) }
    return batches
  }

  /// `eni`'s position in ``interfaces``.
  func position(of eni: NetworkInterface) -> Int32 { positions[eni.id] ?? 0 }

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

  /// The subnet's active IPv4 or IPv6 route to an inspecting endpoint (a Gateway Load
  /// Balancer's, or an AWS Network Firewall's) in a subnet that routes to an attached internet
  /// gateway: the subnet reaches the internet through the firewall (AWS Network Firewall
  /// Developer Guide, "Simple single zone architecture with an internet gateway").
  func inspectedInternetRoute(subnetId: String, ipv6: Bool) -> (
    table: RouteTable, route: Route, endpoint: VpcEndpoint
  )? {
    guard let table = index.routeTable(forSubnet: subnetId) else { return nil }
    for route in table.routes where route.state == .active {
      guard case .vpcEndpoint(let id) = route.target, let endpoint = topology.vpcEndpoints[id],
        endpoint.kind == .gatewayLoadBalancer,
        endpoint.subnetIds.contains(where: { internetRoute(subnetId: $0, ipv6: ipv6) != nil })
      else { continue }
      if case .cidr(let cidr) = route.destination, cidr.isIPv6 != ipv6 { continue }
      return (table, route, endpoint)
    }
    return nil
  }

  /// `tcp 5432`, `udp 53`, `tcp 1024-65535`.
  static func service(_ protocolNumber: UInt8, _ ports: PortRange) -> String {
    "\(ProtocolNames.name(protocolNumber)) \(ports)"
  }

  /// `rule 100` or `the * rule (32767)`.
  static func ruleName(_ entry: NetworkACLEntry) -> Explanation {
    Explanation(entry.isImplicit ? .lintStarRule : .lintRuleNumber, ["rule": "\(entry.ruleNumber)"])
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
