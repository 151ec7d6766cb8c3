import Messages
import NetworkPrimitives
import Topology

/// Admin and data ports open to the whole internet on ENIs the internet can actually reach, and
/// IPv6 traffic the security groups allow but the network ACLs never let through.
extension Linter {
  /// Ports a reviewer never wants open to `0.0.0.0/0` or `::/0`.
  static let sensitivePorts: [(port: UInt16, name: String)] = [
    (22, "SSH"), (23, "Telnet"), (445, "SMB"), (1433, "SQL Server"), (1521, "Oracle"),
    (2375, "Docker API"), (2379, "etcd"), (3306, "MySQL"), (3389, "RDP"), (5432, "PostgreSQL"),
    (5900, "VNC"), (5984, "CouchDB"), (6379, "Redis"), (9042, "Cassandra"),
    (9200, "Elasticsearch"), (11211, "Memcached"), (27017, "MongoDB"),
  ]

  /// `sg-admin-port-open-to-world`: the rule allows a sensitive TCP port from all addresses, a
  /// carrier ENI has a public address (IPv4) or an IPv6 address, its subnet routes to an
  /// attached internet gateway, and its network ACL admits the port from an internet address.
  /// The carriers the internet cannot reach give `sg-admin-port-open-to-world-private`
  /// (`Linter+PrivateExposure.swift`).
  func exposureFindings() -> [Finding] {
    var findings: [Finding] = []
    for group in topology.securityGroups.values.sorted(by: { $0.id < $1.id }) {
      for rule in group.inbound {
        guard case .cidr(let cidr) = rule.peer, cidr.isAnyAddress,
          rule.protocolMatch == .all || rule.protocolMatch == .tcp
        else { continue }
        let open = Self.sensitivePorts.filter { item in
          rule.protocolMatch == .all || (rule.ports ?? .all).contains(item.port)
        }
        if open.isEmpty { continue }
        var exposed: [(eni: String, detail: Explanation)] = []
        var exposedPorts: Set<UInt16> = []
        var unreached: [(eni: NetworkInterface, reason: Explanation)] = []
        for eni in interfaces(carrying: group.id) {
          // An ENI without an address of the rule's family receives none of its traffic.
          guard cidr.isIPv6 ? !eni.ipv6s.isEmpty : eni.primaryIPv4 != nil else { continue }
          guard let address = cidr.isIPv6 ? eni.ipv6s.first : eni.publicIPv4s.first?.publicIP
          else {
            unreached.append((eni, Explanation(.lintNoPublicIPv4)))
            continue
          }
          guard let (table, route) = internetRoute(subnetId: eni.subnetId, ipv6: cidr.isIPv6)
          else {
            unreached.append((eni, Explanation(.lintNoIGWRoute)))
            continue
          }
          guard let acl = index.networkACL(forSubnet: eni.subnetId) else { continue }
          let cells = LintCells.addresses(
            in: cidr, cutBy: addressFamily(subnetId: eni.subnetId)
          ).map(\.representative).filter { LintCells.isInternet($0) }
          let ports = open.filter { item in
            cells.contains {
              aclDecision(acl, egress: false, protocolNumber: 6, peer: $0, port: item.port).allowed
            }
          }
          if ports.isEmpty {
            unreached.append((eni, Explanation(.lintACLAdmitsNone, ["acl": Explanation(acl.id)])))
            continue
          }
          exposedPorts.formUnion(ports.map(\.port))
          exposed.append(
            (
              eni.id,
              Explanation(
                .lintExposedENI,
                [
                  "eni": Explanation(eni.id), "address": "\(address)",
                  "subnet": Explanation(eni.subnetId), "table": Explanation(table.id),
                  "route": "\(route)", "acl": Explanation(acl.id),
                ])
            ))
        }
        if let finding = privateExposureFinding(
          group: group, rule: rule, cidr: cidr, open: open, unreached: unreached)
        {
          findings.append(finding)
        }
        if exposed.isEmpty { continue }
        let named = open.filter { exposedPorts.contains($0.port) }.map { item in
          Explanation(.lintWithDetail, ["text": "\(item.port)", "detail": Explanation(item.name)])
        }
        findings.append(
          Finding(
            id: .sgAdminPortOpenToWorld, severity: .error, componentId: group.id,
            rules: [.securityGroupRule(groupId: group.id, rule: rule, direction: .inbound)],
            relatedIds: exposed.map(\.eni),
            note: Explanation(
              .lintOpenToInternet,
              [
                "group": Explanation(group.id), "rule": Explanation.rule(rule),
                "ports": Explanation.joined(named, separator: .listComma),
                "enis": Self.firstFew(exposed.map(\.detail), separator: .lintSemicolon),
              ]),
            fixNote: Explanation(
              .lintFixOpenToInternet, ["cidr": "\(cidr)", "group": Explanation(group.id)])
          ))
      }
    }
    return findings
  }

  /// The scopes `ipv6Findings` compares, worded in a language when read.
  static let scopeWords: [String: Explanation] = ["the internet": Explanation(.lintScopeInternet)]

  /// `ipv6-allowed-by-sg-missing-from-nacl`: an ENI with an IPv6 address whose groups allow a
  /// port to and from both `0.0.0.0/0` and `::/0`, where the subnet's NACL admits the port for
  /// some IPv4 address but for no IPv6 address.
  func ipv6Findings() -> [Finding] {
    struct Key: Hashable {
      var aclId: String
      var egress: Bool
      var protocolNumber: UInt8
      var entry: NetworkACLEntry
      /// Where the addresses are, by its English name (`the internet`).
      var scope: String
    }
    var groups: [Key: (enis: Set<String>, ports: [PortRange], rules: [Finding.Rule])] = [:]
    for eni in interfaces where !eni.ipv6s.isEmpty {
      guard let acl = index.networkACL(forSubnet: eni.subnetId) else { continue }
      let family = addressFamily(subnetId: eni.subnetId)
      let vpcCIDRs = topology.subnets[eni.subnetId].flatMap { topology.vpcs[$0.vpcId] }?.cidrs ?? []
      func cells(_ any: CIDR, inVPC: Bool) -> [IPAddress] {
        LintCells.addresses(in: any, cutBy: family).map(\.representative).filter { address in
          let local = vpcCIDRs.contains { $0.contains(address) }
          return inVPC ? local : !local && LintCells.isInternet(address)
        }
      }
      // Compared for internet addresses only: inside the VPC, IPv4-only entries for the VPC's
      // own block are common and say nothing about the internet-facing design.
      let scopes = [
        ("the internet", cells(.anyIPv4, inVPC: false), cells(.anyIPv6, inVPC: false))
      ].filter { !$0.1.isEmpty && !$0.2.isEmpty }
      for egress in [false, true] {
        let direction: Direction = egress ? .outbound : .inbound
        var rules: [(groupId: String, rule: SecurityGroupRule)] = []
        for groupId in eni.securityGroupIds {
          guard let group = topology.securityGroups[groupId] else { continue }
          for rule in egress ? group.outbound : group.inbound {
            if case .cidr(let cidr) = rule.peer, cidr.isAnyAddress { rules.append((groupId, rule)) }
          }
        }
        for protocolNumber: UInt8 in [6, 17] {
          let relevant = rules.filter { $0.rule.protocolMatch.matches(protocolNumber) }
          let v6Rules = relevant.filter {
            if case .cidr(let cidr) = $0.rule.peer { return cidr.isIPv6 }
            return false
          }
          if v6Rules.isEmpty { continue }
          let cuts =
            relevant.compactMap { $0.rule.protocolMatch == .all ? nil : $0.rule.ports }
            + portRanges(acl, egress: egress)
          for (scope, v4Cells, v6Cells) in scopes {
            for cell in LintCells.ports(in: .all, cutBy: cuts) {
              let port = cell.from
              func sgAllows(_ ipv6: Bool) -> Bool {
                relevant.contains { item in
                  guard case .cidr(let cidr) = item.rule.peer, cidr.isIPv6 == ipv6 else {
                    return false
                  }
                  return item.rule.protocolMatch == .all || (item.rule.ports ?? .all).contains(port)
                }
              }
              guard sgAllows(false), sgAllows(true) else { continue }
              let v4 = v4Cells.contains {
                aclDecision(
                  acl, egress: egress, protocolNumber: protocolNumber, peer: $0, port: port
                )
                .allowed
              }
              let v6 = v6Cells.map {
                aclDecision(
                  acl, egress: egress, protocolNumber: protocolNumber, peer: $0, port: port)
              }
              guard v4, !v6.contains(where: \.allowed), let decision = v6.first else { continue }
              let key = Key(
                aclId: acl.id, egress: egress, protocolNumber: protocolNumber,
                entry: decision.entry, scope: scope)
              var value = groups[key] ?? ([], [], [])
              value.enis.insert(eni.id)
              value.ports = Self.merged(value.ports + [cell])
              for item in v6Rules {
                let rule = Finding.Rule.securityGroupRule(
                  groupId: item.groupId, rule: item.rule, direction: direction)
                if !value.rules.contains(rule) { value.rules.append(rule) }
              }
              groups[key] = value
            }
          }
        }
      }
    }
    return groups.map { key, value in
      let traffic =
        Explanation.protocolName(key.protocolNumber) + " "
        + Explanation.joined(value.ports.map { "\($0)" }, separator: .listComma)
      let acl = Explanation(key.aclId)
      return Finding(
        id: .ipv6AllowedBySGMissingFromNACL, severity: .warning, componentId: key.aclId,
        rules: [.networkACLEntry(aclId: key.aclId, entry: key.entry)] + value.rules,
        relatedIds: value.enis.sorted(),
        note: Explanation(
          key.egress ? .lintIPv6Outbound : .lintIPv6Inbound,
          [
            "enis": Self.firstFew(Self.words(value.enis.sorted()), separator: .listComma),
            "traffic": traffic, "acl": acl,
            "scope": Self.scopeWords[key.scope] ?? Explanation(key.scope),
            "rule": Self.ruleName(key.entry),
          ]),
        fixNote: Explanation(
          key.egress ? .lintFixIPv6Outbound : .lintFixIPv6Inbound,
          ["acl": acl, "traffic": traffic, "rule": "\(key.entry.ruleNumber)"])
      )
    }
  }
}
