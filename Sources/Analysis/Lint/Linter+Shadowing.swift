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
    let direction = entry.egress ? "outbound" : "inbound"
    let numbers = covering.map(\.ruleNumber)
    let list = covering.map { "\($0.ruleNumber) (\(Self.entryText($0)))" }.joined(separator: ", ")
    let subject = "\(acl.id) \(direction) rule \(entry.ruleNumber) (\(Self.entryText(entry)))"
    let rules: [Finding.Rule] = [.networkACLEntry(aclId: acl.id, entry: entry)]
    let related = acl.subnetIds.sorted()
    if opposite.isEmpty {
      return Finding(
        id: .naclEntryShadowed, severity: .notice, componentId: acl.id, rules: rules,
        relatedIds: related, shadowedBy: numbers,
        explanation:
          "\(subject) is never reached: earlier rules \(list) already \(entry.action.rawValue) every packet it matches.",
        fix: "Delete rule \(entry.ruleNumber) from \(acl.id); it changes nothing.")
    }
    let first = opposite.map(\.ruleNumber).map(String.init).joined(separator: ", ")
    let same = covering.filter { $0.action == entry.action }.map(\.ruleNumber).map(String.init)
    // With earlier entries of both actions, each decides a part: say which.
    func decide(_ opposed: Action, _ own: Action) -> String {
      let opposers = "rule\(opposite.count == 1 ? "" : "s") \(first)"
      let verb = opposite.count == 1 ? opposed.one : opposed.many
      if same.isEmpty { return ", and \(opposers) \(verb) them" }
      let owners = "rule\(same.count == 1 ? "" : "s") \(same.joined(separator: ", "))"
      return
        ": \(opposers) \(verb) some of them and \(owners) already \(same.count == 1 ? own.one : own.many) the rest"
    }
    if entry.action == .deny {
      return Finding(
        id: .naclDenyShadowedByAllow, severity: .warning, componentId: acl.id, rules: rules,
        relatedIds: related, shadowedBy: numbers,
        explanation:
          "\(subject) never denies anything: earlier rules \(list) match every packet it would deny\(decide(.allow, .deny)).",
        fix:
          "Renumber rule \(entry.ruleNumber) of \(acl.id) below \(opposite[0].ruleNumber) (the first allow that matches its packets) so the deny takes effect, or delete it if the allow is intended."
      )
    }
    return Finding(
      id: .naclAllowShadowedByDeny, severity: .warning, componentId: acl.id, rules: rules,
      relatedIds: related, shadowedBy: numbers,
      explanation:
        "\(subject) never allows anything: earlier rules \(list) match every packet it would allow\(decide(.deny, .allow)).",
      fix:
        "Renumber rule \(entry.ruleNumber) of \(acl.id) below \(opposite[0].ruleNumber) (the first deny that matches its packets) if the traffic should pass, or delete it."
    )
  }

  /// A NACL entry's action as a verb.
  fileprivate enum Action {
    case allow, deny
    var one: String { self == .allow ? "allows" : "denies" }
    var many: String { self == .allow ? "allow" : "deny" }
  }

  /// `allow tcp 1024-65535 from 0.0.0.0/0`, as a reviewer reads an entry.
  static func entryText(_ entry: NetworkACLEntry) -> String {
    var text = "\(entry.action.rawValue) \(entry.protocolMatch)"
    if entry.protocolMatch != .all, let ports = entry.ports { text += " \(ports)" }
    if entry.protocolMatch == .icmp || entry.protocolMatch == .icmpv6 {
      text += " type \(entry.icmpType.map(String.init) ?? "all")"
      text += " code \(entry.icmpCode.map(String.init) ?? "all")"
    }
    return text + " \(entry.egress ? "to" : "from") \(entry.cidr)"
  }
}
