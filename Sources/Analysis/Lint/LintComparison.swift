import NetworkPrimitives
import Topology

/// `lint --compare`: what a change to a topology does, before it is applied. The findings it
/// adds and removes (matched by ``Finding/fingerprint``), and the flows whose reachability
/// changes, each traced with `trace`'s evaluation in both topologies.
///
/// The flows are those the change can touch: the ENIs whose subnet, network ACL, route table,
/// security groups or own settings differ (and those whose rules name a group whose members
/// changed, and every ENI of a VPC whose gateways or peerings changed), each as a server of its
/// services to the internet and to one client of each other subnet of its VPC, and as a client
/// of one server of each other subnet and of the internet on its outbound rules' ports.
public struct LintComparison: Sendable {
  /// Findings of the second topology that the first does not have.
  public var added: [Finding]
  /// Findings of the first topology that the second no longer has.
  public var removed: [Finding]
  /// Findings of both whose severity or affected ENIs differ: the second's, with the first's.
  public var changed: [Change]
  /// Flows whose verdict differs, in the order of ``flowCandidates``.
  public var flows: [FlowChange]
  /// How many flows were traced in each topology.
  public var flowsTraced: Int
  /// How many candidate flows there were (more than ``flowsTraced`` when capped).
  public var flowsConsidered: Int
  /// The ENIs whose flows were traced.
  public var interfacesConsidered: Int

  /// The most flows traced (each in both topologies).
  public static let flowLimit = 50_000

  /// A finding of both designs that differs.
  public struct Change: Hashable, Sendable {
    public var before: Finding
    public var after: Finding

    /// The ENIs it affects after the change and not before.
    public var newInterfaces: [String] {
      let old = Set(before.affected.interfaceIds)
      return after.affected.interfaceIds.filter { !old.contains($0) }
    }

    /// Whether the change makes it worse: more severe, or affecting ENIs it did not.
    public var isWorse: Bool { after.severity > before.severity || !newInterfaces.isEmpty }
  }

  /// One flow and its verdict before and after the change.
  public struct FlowChange: Hashable, Sendable {
    public var request: TraceRequest
    public var before: PathTrace.Verdict
    public var after: PathTrace.Verdict

    /// `true` when the change breaks it (reachable before, not after), `false` when it opens
    /// it, `nil` when either side is undetermined.
    public var breaks: Bool? {
      guard let was = before.reachable, let now = after.reachable else { return nil }
      return was && !now
    }
  }

  public init(before: Topology, after: Topology, threads: Int = 1) {
    let old = Linter(topology: before).lint(threads: threads)
    let new = Linter(topology: after).lint(threads: threads)
    let oldByPrint = Dictionary(old.map { ($0.fingerprint, $0) }) { first, _ in first }
    let newByPrint = Dictionary(new.map { ($0.fingerprint, $0) }) { first, _ in first }
    added = new.filter { oldByPrint[$0.fingerprint] == nil }
    removed = old.filter { newByPrint[$0.fingerprint] == nil }
    changed = new.compactMap { finding in
      guard let was = oldByPrint[finding.fingerprint],
        was.severity != finding.severity
          || was.affected.interfaceIds != finding.affected.interfaceIds
      else { return nil }
      return Change(before: was, after: finding)
    }
    let interfaces = Self.touchedInterfaces(before, after)
    let candidates = Self.flowCandidates(before, after, interfaces: interfaces)
    interfacesConsidered = interfaces.count
    flowsConsidered = candidates.count
    let traced = Array(candidates.prefix(Self.flowLimit))
    flowsTraced = traced.count
    let first = PathTracer(topology: before)
    let second = PathTracer(topology: after)
    let verdicts = Parallel.map(traced.count, threads: threads) { index -> FlowChange? in
      let request = traced[index]
      let was = (try? first.trace(request))?.verdict
      let now = (try? second.trace(request))?.verdict
      guard let was, let now, was.reachable != now.reachable else { return nil }
      return FlowChange(request: request, before: was, after: now)
    }
    flows = verdicts.compactMap { $0 }
  }

  // MARK: - What the change touches

  /// The ids of ENIs (of either topology) whose flows the change can touch, sorted.
  static func touchedInterfaces(_ a: Topology, _ b: Topology) -> [String] {
    let ia = TopologyIndex(a)
    let ib = TopologyIndex(b)
    func differs<T: Equatable>(_ path: KeyPath<Topology, [String: T]>) -> Set<String> {
      let left = a[keyPath: path]
      let right = b[keyPath: path]
      return Set(left.keys).union(right.keys).filter { left[$0] != right[$0] }
    }
    let acls = differs(\.networkACLs)
    let tables = differs(\.routeTables)
    let groups = differs(\.securityGroups)
    let subnets = differs(\.subnets)
    let enis = differs(\.networkInterfaces)
    var vpcs = differs(\.vpcs)
    for id in differs(\.internetGateways) {
      vpcs.formUnion(a.internetGateways[id]?.attachedVpcIds ?? [])
      vpcs.formUnion(b.internetGateways[id]?.attachedVpcIds ?? [])
    }
    for id in differs(\.egressOnlyInternetGateways) {
      vpcs.formUnion(a.egressOnlyInternetGateways[id]?.attachedVpcIds ?? [])
      vpcs.formUnion(b.egressOnlyInternetGateways[id]?.attachedVpcIds ?? [])
    }
    for id in differs(\.natGateways) {
      for vpc in [a.natGateways[id]?.vpcId, b.natGateways[id]?.vpcId] {
        if let vpc { vpcs.insert(vpc) }
      }
    }
    for id in differs(\.peeringConnections) {
      for peering in [a.peeringConnections[id], b.peeringConnections[id]] {
        if let peering { vpcs.formUnion([peering.requesterVpcId, peering.accepterVpcId]) }
      }
    }
    // A transit gateway, one of its attachments or route tables changed: every VPC attached to
    // it (its routes decide between all of them).
    var gateways = differs(\.transitGateways)
    for id in differs(\.transitGatewayAttachments) {
      for attachment in [a.transitGatewayAttachments[id], b.transitGatewayAttachments[id]] {
        if let attachment { gateways.insert(attachment.transitGatewayId) }
      }
    }
    for id in differs(\.transitGatewayRouteTables) {
      for table in [a.transitGatewayRouteTables[id], b.transitGatewayRouteTables[id]] {
        if let table { gateways.insert(table.transitGatewayId) }
      }
    }
    for topology in [a, b] {
      for attachment in topology.transitGatewayAttachments.values
      where attachment.isVPC && gateways.contains(attachment.transitGatewayId) {
        vpcs.insert(attachment.resourceId)
      }
    }
    // A virtual private gateway or one of its VPN connections, or a VPC endpoint.
    var vpnGateways = differs(\.vpnGateways)
    for id in differs(\.vpnConnections) {
      for connection in [a.vpnConnections[id], b.vpnConnections[id]] {
        if let gateway = connection?.vpnGatewayId { vpnGateways.insert(gateway) }
      }
    }
    for id in vpnGateways {
      vpcs.formUnion(a.vpnGateways[id]?.attachedVpcIds ?? [])
      vpcs.formUnion(b.vpnGateways[id]?.attachedVpcIds ?? [])
    }
    for id in differs(\.vpcEndpoints) {
      for endpoint in [a.vpcEndpoints[id], b.vpcEndpoints[id]] {
        if let endpoint { vpcs.insert(endpoint.vpcId) }
      }
    }
    if a.prefixLists != b.prefixLists {
      // A prefix list may be named anywhere: every ENI.
      return Set(a.networkInterfaces.keys).union(b.networkInterfaces.keys).sorted()
    }
    // Groups whose members changed: the rules that name them now match other addresses.
    var regrouped: Set<String> = []
    for id in enis {
      regrouped.formUnion(a.networkInterfaces[id]?.securityGroupIds ?? [])
      regrouped.formUnion(b.networkInterfaces[id]?.securityGroupIds ?? [])
    }
    var naming = groups
    for topology in [a, b] {
      for group in topology.securityGroups.values {
        let rules = group.inbound + group.outbound
        if rules.contains(where: { rule in
          if case .securityGroup(let id) = rule.peer { return regrouped.contains(id) }
          return false
        }) {
          naming.insert(group.id)
        }
      }
    }
    var out: Set<String> = []
    for (topology, index) in [(a, ia), (b, ib)] {
      for eni in topology.networkInterfaces.values {
        let subnet = eni.subnetId
        if enis.contains(eni.id) || subnets.contains(subnet) || vpcs.contains(eni.vpcId)
          || acls.contains(index.networkACL(forSubnet: subnet)?.id ?? "")
          || tables.contains(index.routeTable(forSubnet: subnet)?.id ?? "")
          || eni.securityGroupIds.contains(where: naming.contains)
        {
          out.insert(eni.id)
        }
      }
    }
    return out.sorted()
  }

  // MARK: - Flows

  /// An address to stand for the internet in `cidr`: a fixed public one for `0.0.0.0/0` and
  /// `::/0`, else the CIDR's second address (its first host), or its only one.
  static func internetAddress(in cidr: CIDR) -> String {
    if cidr.prefixLength == 0 { return cidr.isIPv6 ? "2600:1f18::10" : "52.95.110.10" }
    let full = cidr.isIPv6 ? 128 : 32
    guard cidr.prefixLength < full else { return cidr.network.description }
    switch cidr.network {
    case .v4(let value): return IPAddress.v4(value &+ 1).description
    case .v6(let value): return IPAddress.v6(value &+ 1).description
    }
  }

  /// The CIDRs a rule's peer names: its own, or its prefix list's.
  static func peerCIDRs(_ rule: SecurityGroupRule, _ topology: Topology) -> [CIDR] {
    switch rule.peer {
    case .cidr(let cidr): return [cidr]
    case .prefixList(let id): return topology.cidrs(ofPrefixList: id) ?? []
    case .securityGroup: return []
    }
  }

  /// The ports a rule stands for: its first port (and its last, when they differ), or 443 for
  /// all ports; ICMP echo for ICMP rules; nothing for other protocols.
  static func probes(_ rule: SecurityGroupRule) -> [(protocolNumber: UInt8, port: UInt16?)] {
    switch rule.protocolMatch {
    case .all: return [(6, 443), (17, 53)]
    case .number(let number) where number == 6 || number == 17:
      guard let ports = rule.ports, ports != .all else { return [(number, 443)] }
      return ports.from == ports.to
        ? [(number, ports.from)] : [(number, ports.from), (number, ports.to)]
    case .number(1), .number(58): return [(rule.protocolMatch == .number(1) ? 1 : 58, nil)]
    default: return []
    }
  }

  /// The flows to trace for `interfaces`, without repeats, in a stable order.
  static func flowCandidates(_ a: Topology, _ b: Topology, interfaces: [String]) -> [TraceRequest] {
    var seen: Set<TraceRequest> = []
    var out: [TraceRequest] = []
    func add(_ request: TraceRequest) {
      if seen.insert(request).inserted { out.append(request) }
    }
    // One ENI of each subnet (the first by id that carries a group), by VPC, for each topology.
    func representatives(_ topology: Topology) -> [String: [NetworkInterface]] {
      var bySubnet: [String: NetworkInterface] = [:]
      for eni in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id })
      where !eni.securityGroupIds.isEmpty && bySubnet[eni.subnetId] == nil {
        bySubnet[eni.subnetId] = eni
      }
      return Dictionary(grouping: bySubnet.values.sorted { $0.id < $1.id }, by: \.vpcId)
    }
    let reps = [representatives(a), representatives(b)]
    // The VPCs an ENI's VPC reaches past its own: through a transit gateway both are attached
    // to, or a peering connection, in either design.
    var joined: [String: Set<String>] = [:]
    for topology in [a, b] {
      let attached = Dictionary(
        grouping: topology.transitGatewayAttachments.values.filter(\.isVPC),
        by: \.transitGatewayId)
      for attachments in attached.values {
        let members = Set(attachments.map(\.resourceId))
        for vpc in members { joined[vpc, default: []].formUnion(members.subtracting([vpc])) }
      }
      for peering in topology.peeringConnections.values {
        joined[peering.requesterVpcId, default: []].insert(peering.accepterVpcId)
        joined[peering.accepterVpcId, default: []].insert(peering.requesterVpcId)
      }
    }
    for id in interfaces {
      for topology in [a, b] {
        guard let eni = topology.networkInterfaces[id] else { continue }
        let groups = eni.securityGroupIds.compactMap { topology.securityGroups[$0] }
        let peers =
          reps.flatMap { $0[eni.vpcId] ?? [] }.filter { $0.subnetId != eni.subnetId }
          + (joined[eni.vpcId] ?? []).sorted().flatMap { vpc in reps.flatMap { $0[vpc] ?? [] } }
        let families = [eni.primaryIPv4 != nil ? false : nil, eni.ipv6s.isEmpty ? nil : true]
          .compactMap { $0 }
        // As a server: its services, from the internet and from one client of each subnet.
        for rule in groups.flatMap(\.inbound) {
          for probe in probes(rule) {
            for ipv6 in families {
              for cidr in peerCIDRs(rule, topology)
              where cidr.isIPv6 == ipv6
                && !(topology.vpcs[eni.vpcId]?.cidrs.contains { $0.contains(cidr.network) } ?? false)
              {
                add(
                  TraceRequest(
                    from: internetAddress(in: cidr), to: id, protocolNumber: probe.protocolNumber,
                    port: probe.port, preferIPv6: ipv6))
              }
              for peer in peers {
                add(
                  TraceRequest(
                    from: peer.id, to: id, protocolNumber: probe.protocolNumber, port: probe.port,
                    preferIPv6: ipv6))
              }
            }
          }
        }
        // As a client: to the internet on its outbound rules' ports, and to one server of each
        // subnet on that server's services.
        for rule in groups.flatMap(\.outbound) {
          for cidr in peerCIDRs(rule, topology)
          where !(topology.vpcs[eni.vpcId]?.cidrs.contains { $0.contains(cidr.network) } ?? false)
            && families.contains(cidr.isIPv6)
          {
            for probe in probes(rule) {
              add(
                TraceRequest(
                  from: id, to: internetAddress(in: cidr), protocolNumber: probe.protocolNumber,
                  port: probe.port, preferIPv6: cidr.isIPv6))
            }
          }
        }
        for peer in peers {
          let services = peer.securityGroupIds.compactMap { topology.securityGroups[$0] }
            .flatMap(\.inbound)
          for rule in services {
            for probe in probes(rule) {
              for ipv6 in families {
                add(
                  TraceRequest(
                    from: id, to: peer.id, protocolNumber: probe.protocolNumber, port: probe.port,
                    preferIPv6: ipv6))
              }
            }
          }
        }
      }
    }
    return out
  }
}
