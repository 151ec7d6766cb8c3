import NetworkPrimitives
import Topology

/// The network's filters: network ACLs with random entries, prefix lists, security groups.
extension NetworkGenerator {
  mutating func networkACLs(_ topology: inout Topology) {
    var defaultSubnets: [String] = []
    for index in 1...subnetCount {
      guard chance(0.6) else {
        defaultSubnets.append("subnet-\(index)")
        continue
      }
      let entries = aclEntries(egress: false) + aclEntries(egress: true)
      topology.networkACLs["acl-\(index)"] = NetworkACL(
        id: "acl-\(index)", vpcId: "vpc-1", isDefault: false,
        entries: NetworkACLEntry.withImplicitDenies(entries), subnetIds: ["subnet-\(index)"])
    }
    // AWS's default ACL: rule 100 allows all IPv4, 101 all IPv6 (in an IPv6 VPC), both ways.
    var allowAll: [NetworkACLEntry] = []
    for egress in [false, true] {
      allowAll.append(
        NetworkACLEntry(
          ruleNumber: 100, egress: egress, action: .allow, protocolMatch: .all,
          cidr: CIDR.anyIPv4))
      if dualStack {
        allowAll.append(
          NetworkACLEntry(
            ruleNumber: 101, egress: egress, action: .allow, protocolMatch: .all,
            cidr: CIDR.anyIPv6))
      }
    }
    topology.networkACLs["acl-default"] = NetworkACL(
      id: "acl-default", vpcId: "vpc-1", isDefault: true,
      entries: NetworkACLEntry.withImplicitDenies(allowAll), subnetIds: defaultSubnets)
  }

  /// Random entries of one direction with unique rule numbers; often a final allow-all.
  mutating func aclEntries(egress: Bool) -> [NetworkACLEntry] {
    var numbers: Set<Int> = []
    let count = int(1...6)
    while numbers.count < count {
      numbers.insert(chance(0.6) ? int(1...40) * 10 : int(1...399))
    }
    var entries: [NetworkACLEntry] = []
    for number in numbers.sorted() {
      entries.append(aclEntry(number, egress: egress))
    }
    if chance(0.6) {
      let number = int(50...300) * 10
      entries.append(
        NetworkACLEntry(
          ruleNumber: number, egress: egress, action: .allow, protocolMatch: .all,
          cidr: CIDR.anyIPv4))
      if dualStack {
        entries.append(
          NetworkACLEntry(
            ruleNumber: number + 1, egress: egress, action: .allow, protocolMatch: .all,
            cidr: CIDR.anyIPv6))
      }
    }
    return entries
  }

  mutating func aclEntry(_ number: Int, egress: Bool) -> NetworkACLEntry {
    let ipv6 = dualStack && chance(0.3)
    let action: NetworkACLEntry.Action = chance(0.65) ? .allow : .deny
    let cidr = ipv6 ? ipv6Peer() : ipv4Peer()
    let draw = int(0...99)
    if draw < 50 {
      // AWS requires a port range for TCP and UDP entries.
      return NetworkACLEntry(
        ruleNumber: number, egress: egress, action: action,
        protocolMatch: draw < 35 ? .tcp : .udp, cidr: cidr, ports: portRange())
    }
    if draw < 65 {
      let type: Int? = pick(ipv6 ? [nil, nil, 128, 129] : [nil, nil, 8, 0, 3])
      return NetworkACLEntry(
        ruleNumber: number, egress: egress, action: action,
        protocolMatch: ipv6 ? .icmpv6 : .icmp, cidr: cidr, icmpType: type)
    }
    return NetworkACLEntry(
      ruleNumber: number, egress: egress, action: action, protocolMatch: .all, cidr: cidr)
  }

  mutating func portRange() -> PortRange {
    switch int(0...7) {
    case 0, 1:
      let port = pick(Self.servicePorts)
      return PortRange(from: port, to: port)
    case 2: return PortRange(from: 0, to: 1023)
    case 3: return PortRange(from: 1024, to: 65535)
    case 4: return PortRange(from: 32768, to: 60999)
    case 5: return PortRange(from: 49152, to: 65535)
    case 6: return PortRange.all
    default:
      let from = UInt16(int(0...60000))
      return PortRange(from: from, to: from + UInt16(int(0...5000)))
    }
  }

  mutating func ipv4Peer() -> CIDR {
    switch int(0...9) {
    case 0...3: return CIDR.anyIPv4
    case 4: return Self.vpcIPv4
    case 5: return subnetIPv4(int(1...subnetCount))
    case 6: return Draw.cidr("198.51.100.0/24")
    case 7: return Draw.cidr("192.0.2.0/24")
    case 8: return Draw.cidr("198.51.100.0/25")
    default: return Draw.cidr("10.0.0.0/8")
    }
  }

  mutating func ipv6Peer() -> CIDR {
    switch int(0...5) {
    case 0...2: return CIDR.anyIPv6
    case 3: return Self.vpcIPv6
    case 4:
      let withIPv6 = (1...subnetCount).filter { subnetHasIPv6[$0 - 1] }
      return withIPv6.isEmpty ? Self.vpcIPv6 : subnetIPv6(pick(withIPv6))
    default: return Draw.cidr("2001:db8:1::/48")
    }
  }

  mutating func prefixLists(_ topology: inout Topology) {
    // A managed prefix list holds one address family.
    var cidrs: [CIDR] = []
    for text in ["198.51.100.0/25", "192.0.2.0/24", "198.51.100.128/25"] where chance(0.6) {
      cidrs.append(Draw.cidr(text))
    }
    if cidrs.isEmpty { cidrs = [Draw.cidr("198.51.100.0/24")] }
    topology.prefixLists["pl-1"] = PrefixList(id: "pl-1", name: "partners", cidrs: cidrs)
    if dualStack {
      topology.prefixLists["pl-2"] = PrefixList(
        id: "pl-2", name: "partners-ipv6", cidrs: [Draw.cidr("2001:db8:1::/48")])
    }
  }

  mutating func securityGroups(_ topology: inout Topology) {
    let count = int(2...4)
    for index in 1...count {
      var inbound: [SecurityGroupRule] = []
      // One group in ten has no inbound rule (SG_HAS_NO_RULES).
      for _ in 0..<(chance(0.1) ? 0 : int(1...5)) {
        inbound.append(securityGroupRule(groups: count))
      }
      var outbound: [SecurityGroupRule] = []
      if chance(0.85) {
        outbound.append(SecurityGroupRule(protocolMatch: .all, peer: .cidr(CIDR.anyIPv4)))
        if dualStack && chance(0.7) {
          outbound.append(SecurityGroupRule(protocolMatch: .all, peer: .cidr(CIDR.anyIPv6)))
        }
      } else {
        for _ in 0..<int(0...3) { outbound.append(securityGroupRule(groups: count)) }
      }
      topology.securityGroups["sg-\(index)"] = SecurityGroup(
        id: "sg-\(index)", vpcId: "vpc-1", name: "group-\(index)", inbound: inbound,
        outbound: outbound)
    }
  }

  mutating func securityGroupRule(groups: Int) -> SecurityGroupRule {
    let peer: SecurityGroupRule.Peer
    var ipv6 = false
    switch int(0...9) {
    case 0...4:
      ipv6 = dualStack && chance(0.3)
      peer = .cidr(ipv6 ? ipv6Peer() : ipv4Peer())
    case 5, 6:
      ipv6 = dualStack && chance(0.3)
      peer = .prefixList(ipv6 ? "pl-2" : "pl-1")
    default:
      peer = .securityGroup("sg-\(int(1...groups))")
    }
    switch int(0...99) {
    case 0..<45:
      return SecurityGroupRule(
        protocolMatch: .tcp, ports: chance(0.6) ? single(pick(Self.servicePorts)) : portRange(),
        peer: peer)
    case 45..<60:
      return SecurityGroupRule(
        protocolMatch: .udp, ports: chance(0.6) ? single(53) : portRange(), peer: peer)
    case 60..<75:
      let type: Int? = pick(ipv6 ? [nil, 128] : [nil, 8])
      return SecurityGroupRule(
        protocolMatch: ipv6 ? .icmpv6 : .icmp, icmpType: type, peer: peer)
    default:
      return SecurityGroupRule(protocolMatch: .all, peer: peer)
    }
  }

  func single(_ port: UInt16) -> PortRange { PortRange(from: port, to: port) }
}
