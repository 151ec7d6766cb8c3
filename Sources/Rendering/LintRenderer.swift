import Analysis
import Topology

/// Renders lint findings as JSON (the stable contract: AWS's field names for rules, the
/// vocabularies of docs/lint.md) or as text for an on-call engineer. Both come from the same
/// values.
package enum LintRenderer {
  /// `--baseline FILE`: the file, and how many findings it already had (left out).
  package struct Baseline: Sendable {
    package var file: String
    package var known: Int

    package init(file: String, known: Int) {
      self.file = file
      self.known = known
    }
  }

  package static func json(
    _ findings: [Finding], failOn: Finding.Severity, baseline: Baseline? = nil
  ) -> JSONOut {
    var members: [(String, JSONOut)] = [
      ("Findings", .array(findings.map(finding))),
      ("Summary", summary(findings)),
      ("FailOn", .string(failOn.rawValue)),
      ("Failed", .bool(findings.contains { $0.severity >= failOn })),
    ]
    if let baseline {
      members.append(
        (
          "Baseline",
          .object([("File", .string(baseline.file)), ("KnownFindings", .int(baseline.known))])
        ))
    }
    return .object(members)
  }

  /// `{"error": 1, "warning": 2, "notice": 0}`.
  static func summary(_ findings: [Finding]) -> JSONOut {
    .object(
      Finding.Severity.allCases.map { severity in
        (severity.rawValue, JSONOut.int(findings.filter { $0.severity == severity }.count))
      })
  }

  package static func finding(_ finding: Finding) -> JSONOut {
    var members: [(String, JSONOut)] = [
      ("FindingId", .string(finding.id.rawValue)),
      ("Severity", .string(finding.severity.rawValue)),
      ("ComponentId", .string(finding.componentId)),
      ("Fingerprint", .string(finding.fingerprint)),
    ]
    for rule in finding.rules {
      switch rule {
      case .networkACLEntry(let aclId, let entry):
        if !members.contains(where: { $0.0 == "AclRule" }) {
          members.append(("AclRule", TraceRenderer.aclRule(aclId, entry)))
        }
      case .securityGroupRule:
        if !members.contains(where: { $0.0 == "SecurityGroupRules" }) {
          let all = finding.rules.compactMap { item -> JSONOut? in
            guard case .securityGroupRule(let groupId, let rule, let direction) = item else {
              return nil
            }
            return TraceRenderer.securityGroupRule(groupId, rule, direction)
          }
          members.append(("SecurityGroupRules", .array(all)))
        }
      case .route(let tableId, let route):
        members.append(("RouteTableRoute", TraceRenderer.routeJSON(tableId, route)))
      }
    }
    if !finding.shadowedBy.isEmpty {
      members.append(("ShadowedByRuleNumbers", .array(finding.shadowedBy.map(JSONOut.int))))
    }
    if !finding.clientsCutOff.isEmpty {
      members.append(
        (
          "ClientsCutOff",
          .array(
            finding.clientsCutOff.map { kind in
              .object([
                ("Client", .string(kind.rawValue)),
                (
                  "PortRange",
                  .object([
                    ("From", .int(Int(kind.ports.from))), ("To", .int(Int(kind.ports.to))),
                  ])
                ),
              ])
            })
        ))
    }
    let affected = finding.affected
    members += [
      (
        "Affected",
        .object([
          ("NetworkInterfaceIds", .array(affected.interfaceIds.map(JSONOut.string))),
          ("GroupIds", .array(affected.groupIds.map(JSONOut.string))),
          ("SubnetIds", .array(affected.subnetIds.map(JSONOut.string))),
          ("Services", .array(affected.services.map(JSONOut.string))),
          ("Clients", .array(affected.clients.map(JSONOut.string))),
        ])
      ),
      ("RelatedIds", .array(finding.relatedIds.map(JSONOut.string))),
      ("Explanation", .string(finding.explanation)),
      ("Fix", .string(finding.fix)),
    ]
    return .object(members)
  }

  /// The rule to change, after the component in a finding's first line: ` outbound rule 290`,
  /// ` inbound tcp 3306 0.0.0.0/0`, ` 0.0.0.0/0 -> igw-…`; nothing for a finding about a
  /// whole group or subnet.
  static func ruleHeading(_ finding: Finding) -> String {
    switch finding.ruleToChange {
    case .networkACLEntry(_, let entry)?:
      return " \(entry.egress ? "outbound" : "inbound") rule \(entry.ruleNumber)"
    case .securityGroupRule(let groupId, let rule, let direction)?
    where finding.id != .untrackedFlow:
      return (groupId == finding.componentId ? "" : " \(groupId)")
        + " \(direction.rawValue) \(rule)"
    case .route(let tableId, let route)?:
      return (tableId == finding.componentId ? "" : " \(tableId)") + " \(route)"
    default: return ""
    }
  }

  /// `87 ENIs (eni-1, eni-2, eni-3, …) in 3 subnets; 9 groups; services tcp 80, tcp 443`, or nil
  /// when the finding affects one ENI at most and names no service (its sentence says it all).
  static func affectsLine(_ affected: Finding.Affected, calls: Bool = false) -> String? {
    guard affected.interfaceIds.count > 1 || affected.services.count > 1 else { return nil }
    func few(_ ids: [String], _ one: String, _ many: String) -> String {
      let shown = ids.prefix(3).joined(separator: ", ") + (ids.count > 3 ? ", …" : "")
      return ids.count == 1 ? "\(one) \(ids[0])" : "\(ids.count) \(many) (\(shown))"
    }
    var parts: [String] = []
    if !affected.interfaceIds.isEmpty {
      var text = few(affected.interfaceIds, "ENI", "ENIs")
      if affected.subnetIds.count > 1 { text += " in \(affected.subnetIds.count) subnets" }
      parts.append(text)
    }
    if affected.groupIds.count > 1 { parts.append(few(affected.groupIds, "group", "groups")) }
    if !affected.services.isEmpty {
      let shown = affected.services.prefix(6).joined(separator: ", ")
      parts.append(
        "services \(shown)"
          + (affected.services.count > 6 ? " and \(affected.services.count - 6) more" : ""))
    }
    if affected.clients.count > 1 {
      parts.append(
        calls
          ? "\(affected.clients.count) destinations"
          : "clients in \(affected.clients.count) subnets or ranges")
    }
    return parts.joined(separator: "; ")
  }

  package static func text(
    _ findings: [Finding], failOn: Finding.Severity, baseline: Baseline? = nil
  ) -> String {
    let known =
      baseline.map {
        "\($0.known) finding\($0.known == 1 ? "" : "s") of the baseline (\($0.file)) left out.\n"
      } ?? ""
    if findings.isEmpty {
      return (baseline == nil ? "No findings.\n" : "No new findings.\n") + known
    }
    var out = ""
    for finding in findings { out += block(finding) }
    let counts = Finding.Severity.allCases.map { severity in
      let count = findings.filter { $0.severity == severity }.count
      return "\(count) \(severity.rawValue)\(count == 1 ? "" : "s")"
    }
    let failed = findings.contains { $0.severity >= failOn }
    out +=
      "\(findings.count) finding\(findings.count == 1 ? "" : "s"): \(counts.joined(separator: ", ")); "
      + (failed
        ? "failing (--fail-on \(failOn.rawValue)).\n" : "passing (--fail-on \(failOn.rawValue)).\n")
    return out + known
  }

  /// One finding as text: its heading, sentence, what it affects, who is cut off, the fix.
  static func block(_ finding: Finding, indent: String = "") -> String {
    var out = indent + "\(finding.severity.rawValue): \(finding.id.rawValue) \(finding.componentId)"
    out += ruleHeading(finding)
    out += "\n\(indent)  \(finding.explanation)\n"
    if let line = affectsLine(finding.affected, calls: finding.id == .naclBlocksOutboundReplies) {
      out += "\(indent)  Affects: \(line).\n"
    }
    if !finding.clientsCutOff.isEmpty {
      out +=
        "\(indent)  Cut off: \(finding.clientsCutOff.map(\.label).joined(separator: ", ")).\n"
    }
    return out + "\(indent)  Fix: \(finding.fix)\n\n"
  }
}

// MARK: - lint --compare

extension LintRenderer {
  /// Whether a comparison fails: it adds (or worsens) a finding at or above `failOn`, or breaks
  /// a flow.
  package static func comparisonFails(_ comparison: LintComparison, failOn: Finding.Severity)
    -> Bool
  {
    comparison.added.contains { $0.severity >= failOn }
      || comparison.changed.contains { $0.isWorse && $0.after.severity >= failOn }
      || comparison.flows.contains { $0.breaks == true }
  }

  /// The most flows the text lists.
  static let flowsShown = 50

  /// `breaks`, `opens` or `undetermined`.
  static func change(_ flow: LintComparison.FlowChange) -> String {
    switch flow.breaks {
    case true?: return "breaks"
    case false?: return "opens"
    case nil: return "undetermined"
    }
  }

  /// `tcp 5432 from eni-a to eni-b`.
  static func flowText(_ request: TraceRequest) -> String {
    var text = ProtocolNames.name(request.protocolNumber)
    if let port = request.port { text += " \(port)" }
    return text + " from \(request.from) to \(request.to)\(request.preferIPv6 ? " (IPv6)" : "")"
  }

  static func verdictJSON(_ verdict: PathTrace.Verdict) -> JSONOut {
    .object([
      ("Reachable", verdict.reachable.map(JSONOut.bool) ?? .null),
      ("Code", verdict.code.map { .string($0.rawValue) } ?? .null),
      ("Leg", verdict.leg.map { .string($0.rawValue) } ?? .null),
      ("Explanation", .string(verdict.explanation)),
    ])
  }

  package static func comparisonJSON(
    _ comparison: LintComparison, before: String, after: String, failOn: Finding.Severity
  ) -> JSONOut {
    let flows = comparison.flows.map { flow -> JSONOut in
      .object([
        ("Change", .string(change(flow))),
        ("From", .string(flow.request.from)),
        ("To", .string(flow.request.to)),
        ("Protocol", .string(String(flow.request.protocolNumber))),
        ("Port", flow.request.port.map { .int(Int($0)) } ?? .null),
        ("IPv6", .bool(flow.request.preferIPv6)),
        ("Before", verdictJSON(flow.before)),
        ("After", verdictJSON(flow.after)),
      ])
    }
    return .object([
      ("Before", .string(before)),
      ("After", .string(after)),
      ("Added", .array(comparison.added.map(finding))),
      ("Removed", .array(comparison.removed.map(finding))),
      (
        "Changed",
        .array(
          comparison.changed.map { change in
            guard case .object(var members) = finding(change.after) else {
              return finding(change.after)
            }
            members.append(
              (
                "Before",
                .object([
                  ("Severity", .string(change.before.severity.rawValue)),
                  (
                    "NetworkInterfaceIds",
                    .array(change.before.affected.interfaceIds.map(JSONOut.string))
                  ),
                ])
              ))
            members.append(("Worse", .bool(change.isWorse)))
            return .object(members)
          })
      ),
      ("Flows", .array(flows)),
      (
        "FlowsChecked",
        .object([
          ("Interfaces", .int(comparison.interfacesConsidered)),
          ("Considered", .int(comparison.flowsConsidered)),
          ("Traced", .int(comparison.flowsTraced)),
        ])
      ),
      ("Summary", summary(comparison.added + comparison.changed.filter(\.isWorse).map(\.after))),
      ("FailOn", .string(failOn.rawValue)),
      ("Failed", .bool(comparisonFails(comparison, failOn: failOn))),
    ])
  }

  package static func comparisonText(
    _ comparison: LintComparison, before: String, after: String, failOn: Finding.Severity
  ) -> String {
    var out = "Comparing \(before) (before) with \(after) (after).\n\n"
    for (title, findings) in [
      ("Findings the change adds", comparison.added),
      ("Findings it removes", comparison.removed),
    ] where !findings.isEmpty {
      out += "\(title) (\(findings.count)):\n\n"
      for finding in findings { out += block(finding, indent: "  ") }
    }
    if !comparison.changed.isEmpty {
      out += "Findings it changes (\(comparison.changed.count)), as after the change:\n\n"
      for change in comparison.changed {
        let (was, now) = (change.before, change.after)
        var delta =
          "  \(change.isWorse ? "worse" : "better"): was \(was.severity.rawValue) on \(was.affected.interfaceIds.count) ENI\(was.affected.interfaceIds.count == 1 ? "" : "s"), now \(now.severity.rawValue) on \(now.affected.interfaceIds.count)"
        let added = change.newInterfaces
        if !added.isEmpty {
          delta +=
            "; newly affected: \(added.prefix(3).joined(separator: ", "))\(added.count > 3 ? " and \(added.count - 3) more" : "")"
        }
        out += delta + "\n" + block(now, indent: "  ")
      }
    }
    let broken = comparison.flows.filter { $0.breaks == true }.count
    let opened = comparison.flows.filter { $0.breaks == false }.count
    if !comparison.flows.isEmpty {
      out += "Flows whose reachability changes (\(comparison.flows.count)):\n\n"
      // Those that break first; the JSON lists every flow.
      let ordered =
        comparison.flows.filter { $0.breaks == true }
        + comparison.flows.filter {
          $0.breaks != true
        }
      for flow in ordered.prefix(Self.flowsShown) {
        out += "  \(change(flow)): \(flowText(flow.request))\n"
        out += "    before: \(flow.before.explanation)\n"
        out += "    after: \(flow.after.explanation)\n\n"
      }
      if ordered.count > Self.flowsShown {
        out += "  … and \(ordered.count - Self.flowsShown) more (--output json lists them all).\n\n"
      }
    }
    var traced =
      "\(comparison.flowsTraced) flow\(comparison.flowsTraced == 1 ? "" : "s") of \(comparison.interfacesConsidered) ENI\(comparison.interfacesConsidered == 1 ? "" : "s") traced in both"
    if comparison.flowsTraced < comparison.flowsConsidered {
      traced += " (the first \(comparison.flowsTraced) of \(comparison.flowsConsidered))"
    }
    let failed = comparisonFails(comparison, failOn: failOn)
    out +=
      "\(comparison.added.count) added, \(comparison.removed.count) removed, \(comparison.changed.count) changed; \(broken) flow\(broken == 1 ? "" : "s") broken, \(opened) opened; \(traced); "
      + (failed ? "failing" : "passing") + " (--fail-on \(failOn.rawValue)).\n"
    return out
  }
}
