import NetworkPrimitives
import Topology

extension TopologyDraw {
  /// What a group is for, which decides its usual rules.
  enum Role: String, CaseIterable {
    case `default`, web, app, db, bastion, cache, batch, monitoring
  }

  /// Customer-managed prefix lists: an office and partners (IPv4), and the office's IPv6 range
  /// when a VPC is dual-stack. A managed prefix list holds one address family.
  mutating func prefixLists() {
    var office: [CIDR] = [Draw.cidr("198.51.100.0/25")]
    if draw.chance(0.5) { office.append(Draw.cidr("192.0.2.64/26")) }
    topology.prefixLists["pl-office"] = PrefixList(id: "pl-office", name: "office", cidrs: office)
    var partners: [CIDR] = []
    for text in ["192.0.2.0/24", "198.51.100.128/25", "198.51.100.200/32"] where draw.chance(0.6) {
      partners.append(Draw.cidr(text))
    }
    if partners.isEmpty { partners = [Draw.cidr("192.0.2.0/25")] }
    topology.prefixLists["pl-partners"] = PrefixList(
      id: "pl-partners", name: "partners", cidrs: partners)
    if plans.contains(where: { $0.ipv6 != nil }) {
      topology.prefixLists["pl-office6"] = PrefixList(
        id: "pl-office6", name: "office-ipv6", cidrs: [Draw.cidr("2001:db8:1::/48")])
    }
  }

  /// The VPC's groups: the default group (everything from itself) and groups with a role's
  /// usual rules, a few random ones, sometimes none inbound; outbound mostly allow-all, which
  /// with an inbound rule for all addresses makes those flows untracked.
  mutating func securityGroups(_ index: Int) {
    let plan = plans[index]
    var roles: [String: Role] = [plan.groups[0]: .default]
    for id in plan.groups.dropFirst() {
      roles[id] = draw.pick(Array(Role.allCases.dropFirst()))
    }
    func group(_ role: Role) -> String? { plan.groups.first { roles[$0] == role } }
    for id in plan.groups {
      let role = roles[id] ?? .default
      var inbound = roleRules(role, plan: plan, own: id, group: group)
      if role != .batch {
        for _ in 0..<draw.weighted([(0, 50), (1, 35), (2, 15)]) {
          inbound.append(randomRule(plan))
        }
      }
      // One group in ten has no inbound rule (SG_HAS_NO_RULES).
      if draw.chance(0.1) { inbound = [] }
      topology.securityGroups[id] = SecurityGroup(
        id: id, vpcId: plan.id, name: role == .default ? "default" : "\(role)-\(id.suffix(1))",
        inbound: inbound, outbound: outboundRules(plan, group: group))
    }
  }

  private mutating func roleRules(
    _ role: Role, plan: VPCPlan, own: String, group: (Role) -> String?
  ) -> [SecurityGroupRule] {
    func tcp(_ port: UInt16, _ peer: SecurityGroupRule.Peer) -> SecurityGroupRule {
      SecurityGroupRule(protocolMatch: .tcp, ports: PortRange(from: port, to: port), peer: peer)
    }
    let anyIPv6: [SecurityGroupRule.Peer] =
      plan.ipv6 != nil && draw.chance(0.7) ? [.cidr(CIDR.anyIPv6)] : []
    let office: SecurityGroupRule.Peer = draw.pick([
      .prefixList("pl-office"), .cidr(Draw.cidr("198.51.100.0/25")), .cidr(CIDR.anyIPv4),
    ])
    switch role {
    case .default:
      var rules = [SecurityGroupRule(protocolMatch: .all, peer: .securityGroup(own))]
      if draw.chance(0.3) {
        rules.append(SecurityGroupRule(protocolMatch: .all, peer: .cidr(plan.ipv4)))
      }
      return rules
    case .web:
      var rules: [SecurityGroupRule] = []
      for port in draw.some([80, 443] as [UInt16], 1...2) {
        for peer in [SecurityGroupRule.Peer.cidr(CIDR.anyIPv4)] + anyIPv6 {
          rules.append(tcp(port, peer))
        }
      }
      if draw.chance(0.4) { rules.append(tcp(22, office)) }
      return rules
    case .app:
      var rules = [
        tcp(draw.pick([8080, 8443]), group(.web).map { .securityGroup($0) } ?? .cidr(plan.ipv4))
      ]
      rules.append(tcp(22, group(.bastion).map { .securityGroup($0) } ?? office))
      return rules
    case .db:
      let port: UInt16 = draw.pick([5432, 3306])
      var rules = [tcp(port, group(.app).map { .securityGroup($0) } ?? .cidr(plan.ipv4))]
      if let peer = plan.peers.first.flatMap({ self.plan($0.vpc) }), draw.chance(0.6) {
        rules.append(
          tcp(port, draw.chance(0.5) ? .securityGroup(draw.pick(peer.groups)) : .cidr(peer.ipv4)))
      }
      return rules
    case .bastion:
      return [tcp(22, office)] + (draw.chance(0.3) ? [tcp(22, .prefixList("pl-partners"))] : [])
    case .cache:
      return [tcp(6379, group(.app).map { .securityGroup($0) } ?? .cidr(plan.ipv4))]
    case .batch:
      return []
    case .monitoring:
      var rules = [
        SecurityGroupRule(
          protocolMatch: .udp, ports: PortRange(from: 161, to: 161), peer: .cidr(plan.ipv4)),
        SecurityGroupRule(protocolMatch: .icmp, icmpType: 8, peer: .cidr(plan.ipv4)),
      ]
      if plan.ipv6 != nil {
        rules.append(
          SecurityGroupRule(
            protocolMatch: .icmpv6, icmpType: draw.pick([nil, 128]), peer: .cidr(CIDR.anyIPv6)))
      }
      return rules
    }
  }

  private mutating func outboundRules(_ plan: VPCPlan, group: (Role) -> String?)
    -> [SecurityGroupRule]
  {
    switch draw.int(0...99) {
    case 0..<78:
      var rules = [SecurityGroupRule(protocolMatch: .all, peer: .cidr(CIDR.anyIPv4))]
      if plan.ipv6 != nil && draw.chance(0.7) {
        rules.append(SecurityGroupRule(protocolMatch: .all, peer: .cidr(CIDR.anyIPv6)))
      }
      return rules
    case 78..<95:
      var rules: [SecurityGroupRule] = []
      for port in draw.some([443, 80, 5432, 8080] as [UInt16], 1...3) {
        let peer: SecurityGroupRule.Peer =
          port == 5432
          ? group(.db).map { .securityGroup($0) } ?? .cidr(plan.ipv4)
          : port == 8080 ? .cidr(plan.ipv4) : .cidr(CIDR.anyIPv4)
        rules.append(
          SecurityGroupRule(protocolMatch: .tcp, ports: PortRange(from: port, to: port), peer: peer)
        )
      }
      for port in draw.some([53, 123] as [UInt16], 0...2) {
        rules.append(
          SecurityGroupRule(
            protocolMatch: .udp, ports: PortRange(from: port, to: port), peer: .cidr(CIDR.anyIPv4)))
      }
      if draw.chance(0.5) {
        rules.append(SecurityGroupRule(protocolMatch: .all, peer: .cidr(plan.ipv4)))
      }
      return rules
    default:
      return []
    }
  }

  /// A rule of any shape: TCP or UDP ports or ranges, ICMP with or without a type, all
  /// protocols; for a CIDR, a prefix list, a group of the VPC or of a peered VPC.
  private mutating func randomRule(_ plan: VPCPlan) -> SecurityGroupRule {
    var ipv6 = false
    let peer: SecurityGroupRule.Peer
    switch draw.int(0...9) {
    case 0...4:
      ipv6 = plan.ipv6 != nil && draw.chance(0.3)
      peer = .cidr(ipv6 ? ipv6Peer(plan) : ipv4Peer(plan))
    case 5, 6:
      ipv6 = plan.ipv6 != nil && draw.chance(0.3)
      peer = .prefixList(ipv6 ? "pl-office6" : draw.pick(["pl-office", "pl-partners"]))
    case 7:
      if let peerVPC = plan.peers.first.flatMap({ self.plan($0.vpc) }) {
        peer = .securityGroup(draw.pick(peerVPC.groups))
      } else {
        peer = .securityGroup(draw.pick(plan.groups))
      }
    default:
      peer = .securityGroup(draw.pick(plan.groups))
    }
    switch draw.int(0...99) {
    case 0..<45:
      let port = draw.pick(TrafficDraw.tcpServices)
      return SecurityGroupRule(
        protocolMatch: .tcp,
        ports: draw.chance(0.6) ? PortRange(from: port, to: port) : portRange(), peer: peer)
    case 45..<60:
      let port: UInt16 = draw.pick([53, 123, 161, 514])
      return SecurityGroupRule(
        protocolMatch: .udp,
        ports: draw.chance(0.6) ? PortRange(from: port, to: port) : portRange(), peer: peer)
    case 60..<78:
      return SecurityGroupRule(
        protocolMatch: ipv6 ? .icmpv6 : .icmp,
        icmpType: draw.pick(ipv6 ? [nil, 128, 129] : [nil, 8, 0, 3, 11]), peer: peer)
    default:
      return SecurityGroupRule(protocolMatch: .all, peer: peer)
    }
  }
}
