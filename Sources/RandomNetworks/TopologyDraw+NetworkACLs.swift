import NetworkPrimitives
import Topology

extension TopologyDraw {
  /// One entry before it is numbered.
  struct EntryDraft {
    var action: NetworkACLEntry.Action
    var protocolMatch: ProtocolMatch
    var cidr: CIDR
    var ports: PortRange? = nil
    var icmpType: Int? = nil
  }

  /// The ephemeral ranges clients use (VPC User Guide, "Ephemeral ports"): NAT gateways, load
  /// balancers and Lambda 1024-65535, Linux 32768-60999, Windows 49152-65535.
  static let ephemeralRanges = [
    PortRange(from: 1024, to: 65535), PortRange(from: 32768, to: 60999),
    PortRange(from: 49152, to: 65535),
  ]

  /// The VPC's default ACL (AWS's allow-all, now and then with denies put before it) and, for
  /// about half the subnets, a custom ACL: a tier's usual entries with the usual mistakes, or
  /// random entries.
  mutating func networkACLs(_ index: Int) {
    let plan = plans[index]
    var defaultSubnets: [String] = []
    for subnet in plan.subnets {
      guard draw.chance(0.5) else {
        defaultSubnets.append(subnet.id)
        continue
      }
      let id = "acl-\(plan.number)-\(subnet.number)"
      let entries =
        draw.chance(0.5)
        ? tierEntries(plan, egress: false) + tierEntries(plan, egress: true)
        : randomEntries(plan, egress: false) + randomEntries(plan, egress: true)
      topology.networkACLs[id] = NetworkACL(
        id: id, vpcId: plan.id, isDefault: false,
        entries: NetworkACLEntry.withImplicitDenies(entries),
        subnetIds: [subnet.id])
    }
    // AWS's default entries: 100 allows all IPv4, 101 all IPv6; denies go in front of them.
    var entries: [NetworkACLEntry] = []
    for egress in [false, true] {
      if draw.chance(0.1) {
        for number in 1...draw.int(1...2) {
          entries.append(
            Self.entry(randomDraft(plan, action: .deny), number: 10 * number, egress: egress))
        }
      }
      let allowAll = [CIDR.anyIPv4] + (plan.ipv6 != nil ? [CIDR.anyIPv6] : [])
      for (offset, cidr) in allowAll.enumerated() {
        entries.append(
          Self.entry(
            EntryDraft(action: .allow, protocolMatch: .all, cidr: cidr), number: 100 + offset,
            egress: egress))
      }
    }
    topology.networkACLs["acl-\(plan.number)-default"] = NetworkACL(
      id: "acl-\(plan.number)-default", vpcId: plan.id, isDefault: true,
      entries: NetworkACLEntry.withImplicitDenies(entries), subnetIds: defaultSubnets)
  }

  static func entry(_ draft: EntryDraft, number: Int, egress: Bool) -> NetworkACLEntry {
    NetworkACLEntry(
      ruleNumber: number, egress: egress, action: draft.action, protocolMatch: draft.protocolMatch,
      cidr: draft.cidr, ports: draft.ports, icmpType: draft.icmpType)
  }

  /// Numbers `drafts` in order with unique, increasing rule numbers.
  mutating func numbered(_ drafts: [EntryDraft], egress: Bool) -> [NetworkACLEntry] {
    var number = draw.pick([1, 10, 50, 100])
    var entries: [NetworkACLEntry] = []
    for draft in drafts {
      entries.append(Self.entry(draft, number: number, egress: egress))
      number += draw.pick([1, 1, 5, 10, 10, 10, 100])
    }
    return entries
  }

  /// A tier's entries as people write them: its service ports, the VPC, the peers, the
  /// clients' ephemeral ports (one of the three ranges, or forgotten), ICMP, and IPv6 only
  /// sometimes; now and then a deny in front.
  mutating func tierEntries(_ plan: VPCPlan, egress: Bool) -> [NetworkACLEntry] {
    var drafts: [EntryDraft] = []
    if draw.chance(0.25) { drafts.append(randomDraft(plan, action: .deny)) }
    let withIPv6 = plan.ipv6 != nil && draw.chance(0.7)
    let families = [CIDR.anyIPv4] + (withIPv6 ? [CIDR.anyIPv6] : [])
    if egress && draw.chance(0.55) {
      for any in families {
        drafts.append(EntryDraft(action: .allow, protocolMatch: .all, cidr: any))
      }
      return numbered(drafts, egress: true)
    }
    for port in draw.some([80, 443, 22, 5432, 8080, 3306] as [UInt16], 1...3) {
      for any in families {
        let cidr = port == 22 && !any.isIPv6 ? Draw.cidr("198.51.100.0/25") : any
        drafts.append(
          EntryDraft(
            action: .allow, protocolMatch: .tcp, cidr: egress ? any : cidr,
            ports: PortRange(from: port, to: port)))
      }
    }
    drafts.append(EntryDraft(action: .allow, protocolMatch: .all, cidr: plan.ipv4))
    if let ipv6 = plan.ipv6, withIPv6 {
      drafts.append(EntryDraft(action: .allow, protocolMatch: .all, cidr: ipv6))
    }
    for (_, number) in plan.peers where draw.chance(0.6) {
      if let peer = self.plan(number) {
        drafts.append(EntryDraft(action: .allow, protocolMatch: .all, cidr: peer.ipv4))
      }
    }
    if draw.chance(0.85) {
      let range = draw.pick(Self.ephemeralRanges)
      for any in families {
        drafts.append(EntryDraft(action: .allow, protocolMatch: .tcp, cidr: any, ports: range))
        if draw.chance(0.6) {
          drafts.append(EntryDraft(action: .allow, protocolMatch: .udp, cidr: any, ports: range))
        }
      }
    }
    if draw.chance(0.5) {
      let port: UInt16 = draw.pick([53, 123])
      drafts.append(
        EntryDraft(
          action: .allow, protocolMatch: .udp, cidr: CIDR.anyIPv4,
          ports: PortRange(from: port, to: port)))
    }
    if draw.chance(0.6) {
      drafts.append(
        EntryDraft(
          action: .allow, protocolMatch: .icmp, cidr: CIDR.anyIPv4,
          icmpType: draw.pick([nil, nil, 0, 3, 8, 11])))
      if withIPv6 {
        drafts.append(
          EntryDraft(
            action: .allow, protocolMatch: .icmpv6, cidr: CIDR.anyIPv6,
            icmpType: draw.pick([nil, 128, 129])))
      }
    }
    return numbered(drafts, egress: egress)
  }

  /// Random entries of one direction, often ending with an allow-all.
  mutating func randomEntries(_ plan: VPCPlan, egress: Bool) -> [NetworkACLEntry] {
    var drafts = (0..<draw.int(1...6)).map { _ in
      randomDraft(plan, action: draw.chance(0.65) ? .allow : .deny)
    }
    if draw.chance(0.6) {
      drafts.append(EntryDraft(action: .allow, protocolMatch: .all, cidr: CIDR.anyIPv4))
      if plan.ipv6 != nil {
        drafts.append(EntryDraft(action: .allow, protocolMatch: .all, cidr: CIDR.anyIPv6))
      }
    }
    return numbered(drafts, egress: egress)
  }

  mutating func randomDraft(_ plan: VPCPlan, action: NetworkACLEntry.Action) -> EntryDraft {
    let ipv6 = plan.ipv6 != nil && draw.chance(0.3)
    let cidr = ipv6 ? ipv6Peer(plan) : ipv4Peer(plan)
    let draw = self.draw.int(0...99)
    if draw < 50 {
      // AWS requires a port range for TCP and UDP entries.
      return EntryDraft(
        action: action, protocolMatch: draw < 35 ? .tcp : .udp, cidr: cidr, ports: portRange())
    }
    if draw < 65 {
      return EntryDraft(
        action: action, protocolMatch: ipv6 ? .icmpv6 : .icmp, cidr: cidr,
        icmpType: self.draw.pick(ipv6 ? [nil, nil, 128, 129] : [nil, nil, 8, 0, 3, 11]))
    }
    return EntryDraft(action: action, protocolMatch: .all, cidr: cidr)
  }

  mutating func portRange() -> PortRange {
    switch draw.int(0...7) {
    case 0, 1:
      let port = draw.pick(TrafficDraw.tcpServices + [53, 123])
      return PortRange(from: port, to: port)
    case 2: return PortRange(from: 0, to: 1023)
    case 3, 4, 5: return draw.pick(Self.ephemeralRanges)
    case 6: return PortRange.all
    default:
      let from = UInt16(draw.int(0...60000))
      return PortRange(from: from, to: from + UInt16(draw.int(0...5000)))
    }
  }

  /// An IPv4 block a rule might name: everything, the VPC, a subnet, a peer VPC, an internet
  /// range, the private space.
  mutating func ipv4Peer(_ plan: VPCPlan) -> CIDR {
    switch draw.int(0...11) {
    case 0...3: return CIDR.anyIPv4
    case 4: return plan.ipv4
    case 5: return plan.subnets.isEmpty ? plan.ipv4 : draw.pick(plan.subnets).ipv4
    case 6:
      guard let peer = plan.peers.first.flatMap({ self.plan($0.vpc) }) else { return plan.ipv4 }
      return peer.ipv4
    case 7: return Draw.cidr("198.51.100.0/24")
    case 8: return Draw.cidr("192.0.2.0/24")
    case 9: return Draw.cidr("198.51.100.0/25")
    case 10: return Draw.cidr("10.0.0.0/8")
    default: return Draw.cidr("203.0.113.0/24")
    }
  }

  mutating func ipv6Peer(_ plan: VPCPlan) -> CIDR {
    switch draw.int(0...5) {
    case 0...2: return CIDR.anyIPv6
    case 3: return plan.ipv6 ?? CIDR.anyIPv6
    case 4:
      let withIPv6 = plan.subnets.compactMap(\.ipv6)
      return withIPv6.isEmpty ? (plan.ipv6 ?? CIDR.anyIPv6) : draw.pick(withIPv6)
    default: return Draw.cidr("2001:db8:1::/48")
    }
  }
}
