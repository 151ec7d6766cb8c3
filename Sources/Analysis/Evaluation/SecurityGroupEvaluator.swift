import NetworkPrimitives
import Topology

/// Which way a packet crosses an ENI's security groups.
public enum Direction: String, Hashable, Sendable {
  /// Into the ENI: inbound rules, matched on the packet's source.
  case inbound
  /// Out of the ENI: outbound rules, matched on the packet's destination.
  case outbound

  public var opposite: Direction { self == .inbound ? .outbound : .inbound }
}

/// What the security groups of an ENI decide for a packet.
public enum SecurityGroupDecision: Hashable, Sendable {
  /// A rule of one of the ENI's groups allows the packet (the first found, groups in ENI order).
  case allowed(groupId: String, rule: SecurityGroupRule)
  /// No rule of any group on the ENI allows it (security groups are allow-only).
  case denied(groupIds: [String])
  /// No rule allows it for sure, but a rule names a prefix list whose entries are unknown.
  case undetermined(groupIds: [String], prefixListIds: [String])
}

/// Evaluates security groups: allow-only, the union of every group on the ENI, rules matched on
/// protocol, port range or ICMP type/code, and a peer (CIDR, prefix list or group reference).
///
/// Sources: VPC User Guide, "Security group rules" (allow-only; "evaluates all rules from all
/// security groups associated with the network interface"); EC2 User Guide, "Security group rules"
/// (a group reference matches the *private* IP addresses of the members, not public or Elastic IPs).
public struct SecurityGroupEvaluator: Sendable {
  public let index: TopologyIndex
  public var topology: Topology { index.topology }

  public init(topology: Topology) { index = TopologyIndex(topology) }
  public init(index: TopologyIndex) { self.index = index }

  /// Decides `packet` crossing `interface` in `direction`.
  /// `throughGateway`: the transit gateway the packet came through, which alone then carries
  /// references to groups of other VPCs (``TopologyIndex/reference(to:reachesFrom:inbound:throughGateway:)``).
  public func evaluate(
    _ packet: Packet, interface: NetworkInterface, direction: Direction,
    throughGateway: String? = nil
  ) -> SecurityGroupDecision {
    evaluate(
      packet, groups: interface.securityGroupIds.map { ($0, topology.securityGroups[$0]) },
      groupIds: interface.securityGroupIds, direction: direction, throughGateway: throughGateway)
  }

  /// The same, with the ENI's groups already looked up (`nil` for an id the topology lacks).
  func evaluate(
    _ packet: Packet, groups: [(id: String, group: SecurityGroup?)], groupIds: [String],
    direction: Direction, throughGateway: String? = nil
  ) -> SecurityGroupDecision {
    let peer = direction == .inbound ? packet.source : packet.destination
    var unknownLists: [String] = []
    for (groupId, group) in groups {
      guard let group else { continue }
      let rules = direction == .inbound ? group.inbound : group.outbound
      for rule in rules where Self.matchesTraffic(rule, packet) {
        switch peerMatch(
          rule.peer, peer, from: group.vpcId, inbound: direction == .inbound,
          throughGateway: throughGateway)
        {
        case .some(true): return .allowed(groupId: groupId, rule: rule)
        case .some(false): continue
        case .none:
          if case .prefixList(let id) = rule.peer, !unknownLists.contains(id) {
            unknownLists.append(id)
          }
        }
      }
    }
    if !unknownLists.isEmpty {
      return .undetermined(groupIds: groupIds, prefixListIds: unknownLists)
    }
    return .denied(groupIds: groupIds)
  }

  /// The same, for an ENI's context: its groups' rules read from one flat list, in the same
  /// order (the groups', then each group's rules), so that no group is copied.
  func evaluate(
    _ packet: Packet, context: InterfaceContext, direction: Direction,
    throughGateway: String? = nil
  ) -> SecurityGroupDecision {
    let peer = direction == .inbound ? packet.source : packet.destination
    var unknownLists: [String] = []
    let rules = direction == .inbound ? context.inboundRules : context.outboundRules
    for entry in rules where Self.matchesTraffic(entry.rule, packet) {
      switch peerMatch(
        entry.rule.peer, peer, from: context.groups[entry.group].group?.vpcId,
        inbound: direction == .inbound, throughGateway: throughGateway)
      {
      case .some(true): return .allowed(groupId: context.groups[entry.group].id, rule: entry.rule)
      case .some(false): continue
      case .none:
        if case .prefixList(let id) = entry.rule.peer, !unknownLists.contains(id) {
          unknownLists.append(id)
        }
      }
    }
    let groupIds = context.interface.securityGroupIds
    if !unknownLists.isEmpty {
      return .undetermined(groupIds: groupIds, prefixListIds: unknownLists)
    }
    return .denied(groupIds: groupIds)
  }

  /// Whether the rule's protocol, ports and ICMP type/code cover the packet.
  static func matchesTraffic(_ rule: SecurityGroupRule, _ packet: Packet) -> Bool {
    guard rule.protocolMatch.matches(packet.protocolNumber) else { return false }
    if case .all = rule.protocolMatch { return true }
    if packet.hasPorts, let ports = rule.ports, !ports.contains(packet.destinationPort) {
      return false
    }
    if packet.isICMP {
      if let type = rule.icmpType, type != packet.icmpType { return false }
      if let code = rule.icmpCode, code != packet.icmpCode { return false }
    }
    return true
  }

  /// The rules of `interface`'s groups that would allow `packet` but for the VPC of the group
  /// they name: a group of another VPC whose member the peer is, where the two VPCs are not
  /// joined for references (``TopologyIndex/reference(to:reachesFrom:)``). Each with the
  /// referencing group and the named group's VPC.
  public func unreachedReferences(
    _ packet: Packet, interface: NetworkInterface, direction: Direction,
    throughGateway: String? = nil
  ) -> [(groupId: String, rule: SecurityGroupRule, namedVPC: String)] {
    guard index.hasCrossVPCReferences else { return [] }
    let peer = direction == .inbound ? packet.source : packet.destination
    var found: [(groupId: String, rule: SecurityGroupRule, namedVPC: String)] = []
    for groupId in interface.securityGroupIds {
      guard let group = topology.securityGroups[groupId] else { continue }
      for rule in direction == .inbound ? group.inbound : group.outbound
      where Self.matchesTraffic(rule, packet) {
        guard case .securityGroup(let named) = rule.peer, index.isMember(peer, ofGroup: named),
          !index.reference(
            to: named, reachesFrom: group.vpcId, inbound: direction == .inbound,
            throughGateway: throughGateway),
          let namedVPC = topology.securityGroups[named]?.vpcId
        else { continue }
        found.append((groupId, rule, namedVPC))
      }
    }
    return found
  }

  /// `true`/`false`, or `nil` when a prefix list's entries are unknown. `vpcId` is the VPC of
  /// the rule's group: a reference to a group of another VPC matches only across an active
  /// peering connection, or a transit gateway with security group referencing on
  /// (``TopologyIndex/reference(to:reachesFrom:)``).
  func peerMatch(
    _ peer: SecurityGroupRule.Peer, _ address: IPAddress, from vpcId: String? = nil,
    inbound: Bool = true, throughGateway: String? = nil
  ) -> Bool? {
    switch peer {
    case .cidr(let cidr):
      return cidr.contains(address)
    case .prefixList(let id):
      guard let cidrs = topology.cidrs(ofPrefixList: id) else { return nil }
      return cidrs.contains { $0.contains(address) }
    case .securityGroup(let id):
      guard index.isMember(address, ofGroup: id) else { return false }
      return vpcId.map {
        index.reference(
          to: id, reachesFrom: $0, inbound: inbound, throughGateway: throughGateway)
      } ?? true
    }
  }

  /// Whether a TCP or UDP flow allowed in `direction` is *untracked*: allowed by a rule for all
  /// addresses (`0.0.0.0/0` or `::/0`) with, in the other direction, a rule allowing all
  /// addresses on all ports. ICMP and other protocols are always tracked.
  ///
  /// Source: EC2 User Guide, "Security group connection tracking", "Untracked connections".
  public func isUntracked(_ packet: Packet, interface: NetworkInterface, direction: Direction)
    -> Bool
  {
    guard packet.hasPorts else { return false }
    let any = packet.isIPv6 ? CIDR.anyIPv6 : CIDR.anyIPv4
    var allowedByAny = false
    var reverseAllowsAll = false
    for groupId in interface.securityGroupIds {
      guard let group = topology.securityGroups[groupId] else { continue }
      let forward = direction == .inbound ? group.inbound : group.outbound
      let reverse = direction == .inbound ? group.outbound : group.inbound
      if forward.contains(where: { $0.peer == .cidr(any) && Self.matchesTraffic($0, packet) }) {
        allowedByAny = true
      }
      if reverse.contains(where: { rule in
        rule.peer == .cidr(any) && rule.protocolMatch.matches(packet.protocolNumber)
          && (rule.ports == nil || rule.ports == .all)
      }) {
        reverseAllowsAll = true
      }
    }
    return allowedByAny && reverseAllowsAll
  }
}
