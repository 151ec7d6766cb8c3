import Messages
import NetworkPrimitives
import Topology

/// NACL entries that no packet reaches: entries of one direction and one address family are
/// tried from the lowest rule number and the first match decides (VPC User Guide, "Network ACL
/// rules"), so an entry whose every packet an earlier entry matches never decides anything.
extension Linter {
  /// `nacl-entry-shadowed`, `nacl-deny-shadowed-by-allow`, `nacl-allow-shadowed-by-deny`.
  func shadowFindings() -> [Finding] {
    var findings: [Finding] = []
    for acl in topology.networkACLs.values.sorted(by: { $0.id < $1.id }) {
      for egress in [false, true] {
        let entries = acl.entries(egress: egress)
        for (position, entry) in entries.enumerated() where !entry.isImplicit {
          let earlier = entries[..<position].filter { $0.cidr.isIPv6 == entry.cidr.isIPv6 }
          guard let covering = coveringEntries(of: entry, earlier: Array(earlier)) else {
            continue
          }
          findings.append(shadowFinding(acl: acl, entry: entry, covering: covering))
        }
      }
    }
    return findings
  }

  /// The earlier entries that decide every packet `entry` matches, or `nil` when some packet
  /// reaches `entry`. Exact: one packet per cell of protocol, port or ICMP type and code, and
  /// address block.
  func coveringEntries(of entry: NetworkACLEntry, earlier: [NetworkACLEntry])
    -> [NetworkACLEntry]?
  {
    if earlier.isEmpty { return nil }
    let named = Set(
      earlier.compactMap { match -> UInt8? in
        if case .number(let number) = match.protocolMatch { return number }
        return nil
      })
    let protocols: [UInt8]
    switch entry.protocolMatch {
    case .number(let number): protocols = [number]
    case .all:
      // Every protocol no entry names behaves alike; one stands for them all.
      let unnamed = (0...255).map(UInt8.init).first { !named.contains($0) }
      protocols = named.sorted() + (unnamed.map { [$0] } ?? [])
    }
    let cells = LintCells.addresses(in: entry.cidr, cutBy: earlier.map(\.cidr))
    var covering: [NetworkACLEntry] = []
    for protocolNumber in protocols {
      for packet in packets(entry, protocolNumber: protocolNumber, earlier: earlier) {
        for cell in cells {
          var probe = packet
          probe.source = cell.representative
          probe.destination = cell.representative
          guard
            let first = earlier.first(where: {
              NetworkACLEvaluator.matches($0, probe, peer: cell.representative)
            })
          else { return nil }
          if !covering.contains(first) { covering.append(first) }
        }
      }
    }
    return covering.sorted { $0.ruleNumber < $1.ruleNumber }
  }

  /// One packet (without addresses) per cell of ports or ICMP type and code that `entry`
  /// matches for `protocolNumber`.
  private func packets(_ entry: NetworkACLEntry, protocolNumber: UInt8, earlier: [NetworkACLEntry])
    -> [Packet]
  {
    let zero = IPAddress.v4(0)
    let base = Packet(source: zero, destination: zero, protocolNumber: protocolNumber)
    if protocolNumber == 6 || protocolNumber == 17 {
      let range = entry.protocolMatch == .all ? PortRange.all : (entry.ports ?? .all)
      return LintCells.ports(in: range, cutBy: earlier.compactMap(\.ports)).map { cell in
        var packet = base
        packet.destinationPort = cell.from
        return packet
      }
    }
    if protocolNumber == 1 || protocolNumber == 58 {
      let specific = entry.protocolMatch != .all
      func values(_ own: Int?, _ named: [Int?]) -> [Int] {
        if specific, let own { return [own] }
        let known = Set(named.compactMap { $0 })
        return known.sorted() + ((0...255).first { !known.contains($0) }.map { [$0] } ?? [])
      }
      var out: [Packet] = []
      for type in values(entry.icmpType, earlier.map(\.icmpType)) {
        for code in values(entry.icmpCode, earlier.map(\.icmpCode)) {
          var packet = base
          packet.icmpType = type
          packet.icmpCode = code
          out.append(packet)
        }
      }
      return out
    }
    return [base]
  }

  private func shadowFinding(acl: NetworkACL, entry: NetworkACLEntry, covering: [NetworkACLEntry])
    -> Finding
  {
    let opposite = covering.filter { $0.action != entry.action }
    let numbers = covering.map(\.ruleNumber)
    let list = Explanation.joined(
      covering.map {
        Explanation(.lintEntryWithRule, ["rule": "\($0.ruleNumber)", "entry": Self.entryText($0)])
      }, separator: .listComma)
    let subject = Explanation(
      entry.egress ? .lintShadowSubjectOutbound : .lintShadowSubjectInbound,
      [
        "acl": Explanation(acl.id), "rule": "\(entry.ruleNumber)",
        "entry": Self.entryText(entry),
      ])
    let rules: [Finding.Rule] = [.networkACLEntry(aclId: acl.id, entry: entry)]
    let related = acl.subnetIds.sorted()
    let ruleNumber: Explanation = "\(entry.ruleNumber)"
    if opposite.isEmpty {
      return Finding(
        id: .naclEntryShadowed, severity: .notice, componentId: acl.id, rules: rules,
        relatedIds: related, shadowedBy: numbers,
        note: Explanation(
          entry.action == .allow ? .lintShadowedAllow : .lintShadowedDeny,
          ["subject": subject, "list": list]),
        fixNote: Explanation(
          .lintFixDeleteShadowed, ["rule": ruleNumber, "acl": Explanation(acl.id)]))
    }
    func numbered(_ entries: [NetworkACLEntry]) -> Explanation {
      Explanation.joined(entries.map { "\($0.ruleNumber)" }, separator: .listComma)
    }
    let same = covering.filter { $0.action == entry.action }
    // With earlier entries of both actions, each decides a part: say which.
    let opposed: Action = entry.action == .deny ? .allow : .deny
    let decide: Explanation
    if same.isEmpty {
      decide = Explanation(
        opposed.decides(many: opposite.count > 1), ["rules": numbered(opposite)])
    } else {
      decide = Explanation(
        .lintDecideSplit,
        [
          "some": Explanation(
            opposed.decidesSome(many: opposite.count > 1), ["rules": numbered(opposite)]),
          "rest": Explanation(
            opposed.other.decidesRest(many: same.count > 1), ["rules": numbered(same)]),
        ])
    }
    let first: Explanation = "\(opposite[0].ruleNumber)"
    if entry.action == .deny {
      return Finding(
        id: .naclDenyShadowedByAllow, severity: .warning, componentId: acl.id, rules: rules,
        relatedIds: related, shadowedBy: numbers,
        note: Explanation(
          .lintDenyNeverFires, ["subject": subject, "list": list, "decide": decide]),
        fixNote: Explanation(
          .lintFixRenumberDeny, ["rule": ruleNumber, "acl": Explanation(acl.id), "first": first])
      )
    }
    return Finding(
      id: .naclAllowShadowedByDeny, severity: .warning, componentId: acl.id, rules: rules,
      relatedIds: related, shadowedBy: numbers,
      note: Explanation(
        .lintAllowNeverFires, ["subject": subject, "list": list, "decide": decide]),
      fixNote: Explanation(
        .lintFixRenumberAllow, ["rule": ruleNumber, "acl": Explanation(acl.id), "first": first])
    )
  }

  /// A NACL entry's action, and the clauses that say what its entries do to the packets.
  fileprivate enum Action {
    case allow, deny

    var other: Action { self == .allow ? .deny : .allow }

    /// `, and rule 100 allows them`.
    func decides(many: Bool) -> Message {
      switch (self, many) {
      case (.allow, false): .lintDecideAllowOne
      case (.allow, true): .lintDecideAllowMany
      case (.deny, false): .lintDecideDenyOne
      case (.deny, true): .lintDecideDenyMany
      }
    }

    /// `rule 100 allows some of them`.
    func decidesSome(many: Bool) -> Message {
      switch (self, many) {
      case (.allow, false): .lintSomeAllowOne
      case (.allow, true): .lintSomeAllowMany
      case (.deny, false): .lintSomeDenyOne
      case (.deny, true): .lintSomeDenyMany
      }
    }

    /// `rule 50 already denies the rest`.
    func decidesRest(many: Bool) -> Message {
      switch (self, many) {
      case (.allow, false): .lintRestAllowOne
      case (.allow, true): .lintRestAllowMany
      case (.deny, false): .lintRestDenyOne
      case (.deny, true): .lintRestDenyMany
      }
    }
  }

  /// `allow tcp 1024-65535 from 0.0.0.0/0`, as a reviewer reads an entry (every ICMP type and
  /// code said, `all` when the entry names none).
  static func entryText(_ entry: NetworkACLEntry) -> Explanation {
    var what: Explanation =
      entry.protocolMatch == .all ? Explanation(.allProtocols) : "\(entry.protocolMatch)"
    if entry.protocolMatch != .all, let ports = entry.ports {
      what += Explanation(.aclEntryPorts, ["ports": "\(ports)"])
    }
    if entry.protocolMatch == .icmp || entry.protocolMatch == .icmpv6 {
      let all = Explanation(.anyValue)
      what += Explanation(.aclEntryICMPType, ["type": entry.icmpType.map { "\($0)" } ?? all])
      what += Explanation(.aclEntryICMPCode, ["code": entry.icmpCode.map { "\($0)" } ?? all])
    }
    return Explanation(
      entry.egress ? .aclEntryOutbound : .aclEntryInbound,
      [
        "action": Explanation(entry.action == .allow ? .allow : .deny), "protocol": what,
        "cidr": "\(entry.cidr)",
      ])
  }
}
