import Analysis
import Messages
import Topology

/// Renders lint findings as JSON (the stable contract: AWS's field names for rules, the
/// vocabularies of docs/lint.md) or as text for an on-call engineer. Both come from the same
/// values; the sentences (the text, and JSON's `Explanation` and `Fix`) are worded in the
/// language asked for, ids, rule numbers and vocabularies never.
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
    _ findings: [Finding], failOn: Finding.Severity, baseline: Baseline? = nil,
    language: Language = .en
  ) -> JSONOut {
    var members: [(String, JSONOut)] = [
      ("Findings", .array(findings.map { finding($0, language: language) })),
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

  package static func finding(_ finding: Finding, language: Language = .en) -> JSONOut {
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
      ("Explanation", .string(finding.note.text(in: language))),
      ("Fix", .string(finding.fixNote.text(in: language))),
    ]
    return .object(members)
  }

  /// The rule to change, after the component in a finding's first line: ` outbound rule 290`,
  /// ` inbound tcp 3306 0.0.0.0/0`, ` 0.0.0.0/0 -> igw-…`; nothing for a finding about a
  /// whole group or subnet.
  static func ruleHeading(_ finding: Finding, language: Language = .en) -> String {
    func way(_ inbound: Bool) -> String {
      (inbound ? Message.inbound : .outbound).text(in: language)
    }
    switch finding.ruleToChange {
    case .networkACLEntry(_, let entry)?:
      return " \(way(!entry.egress)) "
        + Message.lintRuleNumber.text(in: language, ["rule": "\(entry.ruleNumber)"])
    case .securityGroupRule(let groupId, let rule, let direction)?
    where finding.id != .untrackedFlow:
      return (groupId == finding.componentId ? "" : " \(groupId)")
        + " \(way(direction == .inbound)) "
        + Explanation.rule(rule).text(in: language)
    case .route(let tableId, let route)?:
      return (tableId == finding.componentId ? "" : " \(tableId)") + " \(route)"
    default: return ""
    }
  }

  /// `87 ENIs (eni-1, eni-2, eni-3, …) in 3 subnets; 9 groups; services tcp 80, tcp 443`, or nil
  /// when the finding affects one ENI at most and names no service (its sentence says it all).
  static func affectsLine(
    _ affected: Finding.Affected, calls: Bool = false, language: Language = .en
  ) -> String? {
    guard affected.interfaceIds.count > 1 || affected.services.count > 1 else { return nil }
    func few(_ ids: [String], _ one: Message, _ many: Message) -> Explanation {
      if ids.count == 1 { return Explanation(one, ["id": Explanation(ids[0])]) }
      let shown = ids.prefix(3).map(Explanation.init) + (ids.count > 3 ? ["…"] : [])
      return Explanation(
        many,
        ["count": "\(ids.count)", "ids": Explanation.joined(shown, separator: .listComma)])
    }
    var parts: [Explanation] = []
    if !affected.interfaceIds.isEmpty {
      var enis = few(affected.interfaceIds, .lintAffectsENI, .lintAffectsENIs)
      if affected.subnetIds.count > 1 {
        enis = Explanation(
          .lintAffectsInSubnets, ["enis": enis, "count": "\(affected.subnetIds.count)"])
      }
      parts.append(enis)
    }
    if affected.groupIds.count > 1 {
      parts.append(few(affected.groupIds, .lintAffectsGroup, .lintAffectsGroups))
    }
    if !affected.services.isEmpty {
      let shown = Explanation.joined(
        affected.services.prefix(6).map(Explanation.init), separator: .listComma)
      parts.append(
        affected.services.count > 6
          ? Explanation(
            .lintAffectsServicesMore,
            ["services": shown, "count": "\(affected.services.count - 6)"])
          : Explanation(.lintAffectsServices, ["services": shown]))
    }
    if affected.clients.count > 1 {
      parts.append(
        Explanation(
          calls ? .lintAffectsDestinations : .lintAffectsClients,
          ["count": "\(affected.clients.count)"]))
    }
    return Explanation.joined(parts, separator: .lintSemicolon).text(in: language)
  }

  /// `1 error`, `2 warnings`.
  static func severityCount(_ severity: Finding.Severity, _ count: Int) -> Explanation {
    let message: Message =
      switch (severity, count == 1) {
      case (.error, true): .lintErrorsOne
      case (.error, false): .lintErrorsMany
      case (.warning, true): .lintWarningsOne
      case (.warning, false): .lintWarningsMany
      case (.notice, true): .lintNoticesOne
      case (.notice, false): .lintNoticesMany
      }
    return Explanation(message, ["count": "\(count)"])
  }

  /// `failing (--fail-on error)` or `passing (--fail-on error)`.
  static func verdict(failed: Bool, failOn: Finding.Severity) -> Explanation {
    Explanation(failed ? .lintFailing : .lintPassing, ["level": Explanation(failOn.rawValue)])
  }

  package static func text(
    _ findings: [Finding], failOn: Finding.Severity, baseline: Baseline? = nil,
    language: Language = .en
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let known =
      baseline.map {
        say(
          $0.known == 1 ? .lintBaselineLeftOutOne : .lintBaselineLeftOutMany,
          ["count": "\($0.known)", "file": $0.file]) + "\n"
      } ?? ""
    if findings.isEmpty {
      return say(baseline == nil ? .lintNoFindings : .lintNoNewFindings) + "\n" + known
    }
    var out = ""
    for finding in findings { out += block(finding, language: language) }
    let counts = Finding.Severity.allCases.map { severity in
      severityCount(severity, findings.filter { $0.severity == severity }.count)
    }
    let failed = findings.contains { $0.severity >= failOn }
    out +=
      Explanation(
        findings.count == 1 ? .lintSummaryOne : .lintSummaryMany,
        [
          "count": "\(findings.count)",
          "counts": Explanation.joined(counts, separator: .listComma),
          "verdict": verdict(failed: failed, failOn: failOn),
        ]
      ).text(in: language) + "\n"
    return out + known
  }

  /// One finding as text: its heading, sentence, what it affects, who is cut off, the fix.
  static func block(_ finding: Finding, indent: String = "", language: Language = .en) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    var out = indent + "\(finding.severity.rawValue): \(finding.id.rawValue) \(finding.componentId)"
    out += ruleHeading(finding, language: language)
    out += "\n\(indent)  \(finding.note.text(in: language))\n"
    if let line = affectsLine(
      finding.affected, calls: finding.id == .naclBlocksOutboundReplies, language: language)
    {
      out += "\(indent)  " + say(.lintAffects, ["line": line]) + "\n"
    }
    if !finding.clientsCutOff.isEmpty {
      let kinds = Explanation.joined(finding.clientsCutOff.map(\.labelNote), separator: .listComma)
      out += "\(indent)  " + say(.lintCutOff, ["kinds": kinds.text(in: language)]) + "\n"
    }
    return out + "\(indent)  " + say(.lintFix, ["fix": finding.fixNote.text(in: language)])
      + "\n\n"
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

  /// The change as the text says it: `breaks`, `opens`, `undetermined`, worded in `language`.
  static func changeWord(_ flow: LintComparison.FlowChange, language: Language) -> String {
    let message: Message =
      switch flow.breaks {
      case true?: .lintFlowBreaks
      case false?: .lintFlowOpens
      case nil: .lintFlowUndetermined
      }
    return message.text(in: language)
  }

  /// `tcp 5432 from eni-a to eni-b`.
  static func flowText(_ request: TraceRequest, language: Language = .en) -> String {
    var traffic = Explanation.protocolName(request.protocolNumber)
    if let port = request.port { traffic += " \(port)" }
    return Explanation(
      .lintFlowText,
      [
        "traffic": traffic, "from": Explanation(request.from), "to": Explanation(request.to),
        "ipv6": request.preferIPv6 ? Explanation(.lintFlowIPv6) : Explanation(""),
      ]
    ).text(in: language)
  }

  static func verdictJSON(_ verdict: PathTrace.Verdict, language: Language = .en) -> JSONOut {
    .object([
      ("Reachable", verdict.reachable.map(JSONOut.bool) ?? .null),
      ("Code", verdict.code.map { .string($0.rawValue) } ?? .null),
      ("Leg", verdict.leg.map { .string($0.rawValue) } ?? .null),
      ("Explanation", .string(verdict.note.text(in: language))),
    ])
  }

  package static func comparisonJSON(
    _ comparison: LintComparison, before: String, after: String, failOn: Finding.Severity,
    language: Language = .en
  ) -> JSONOut {
    func finding(_ finding: Finding) -> JSONOut { Self.finding(finding, language: language) }
    let flows = comparison.flows.map { flow -> JSONOut in
      .object([
        ("Change", .string(change(flow))),
        ("From", .string(flow.request.from)),
        ("To", .string(flow.request.to)),
        ("Protocol", .string(String(flow.request.protocolNumber))),
        ("Port", flow.request.port.map { .int(Int($0)) } ?? .null),
        ("IPv6", .bool(flow.request.preferIPv6)),
        ("Before", verdictJSON(flow.before, language: language)),
        ("After", verdictJSON(flow.after, language: language)),
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
    _ comparison: LintComparison, before: String, after: String, failOn: Finding.Severity,
    language: Language = .en
  ) -> String {
    func say(_ message: Message, _ arguments: KeyValuePairs<String, Explanation> = [:]) -> String {
      Explanation(message, arguments).text(in: language)
    }
    func enis(_ count: Int) -> Explanation {
      Explanation(count == 1 ? .lintENICountOne : .lintENICountMany, ["count": "\(count)"])
    }
    func flows(_ count: Int) -> Explanation {
      Explanation(count == 1 ? .lintFlowsOne : .lintFlowsMany, ["count": "\(count)"])
    }
    var out =
      say(.lintComparing, ["before": Explanation(before), "after": Explanation(after)]) + "\n\n"
    for (title, findings) in [
      (Message.lintAddedHeading, comparison.added),
      (.lintRemovedHeading, comparison.removed),
    ] where !findings.isEmpty {
      out += say(title, ["count": "\(findings.count)"]) + "\n\n"
      for finding in findings { out += block(finding, indent: "  ", language: language) }
    }
    if !comparison.changed.isEmpty {
      out += say(.lintChangedHeading, ["count": "\(comparison.changed.count)"]) + "\n\n"
      for change in comparison.changed {
        let (was, now) = (change.before, change.after)
        var delta = Explanation(
          change.isWorse ? .lintChangeWorse : .lintChangeBetter,
          [
            "before": Explanation(was.severity.rawValue),
            "was": enis(was.affected.interfaceIds.count),
            "after": Explanation(now.severity.rawValue),
            "now": "\(now.affected.interfaceIds.count)",
          ])
        let added = change.newInterfaces
        if !added.isEmpty {
          let shown = Explanation.joined(
            added.prefix(3).map(Explanation.init), separator: .listComma)
          delta += Explanation(
            .lintNewlyAffected,
            [
              "ids": added.count > 3
                ? Explanation(.lintAndMore, ["items": shown, "count": "\(added.count - 3)"])
                : shown
            ])
        }
        out += "  " + delta.text(in: language) + "\n" + block(now, indent: "  ", language: language)
      }
    }
    let broken = comparison.flows.filter { $0.breaks == true }.count
    let opened = comparison.flows.filter { $0.breaks == false }.count
    if !comparison.flows.isEmpty {
      out += say(.lintFlowsHeading, ["count": "\(comparison.flows.count)"]) + "\n\n"
      // Those that break first; the JSON lists every flow.
      let ordered =
        comparison.flows.filter { $0.breaks == true }
        + comparison.flows.filter {
          $0.breaks != true
        }
      for flow in ordered.prefix(Self.flowsShown) {
        out +=
          "  \(changeWord(flow, language: language)): \(flowText(flow.request, language: language))\n"
        out += "    " + say(.lintFlowBefore, ["explanation": flow.before.note]) + "\n"
        out += "    " + say(.lintFlowAfter, ["explanation": flow.after.note]) + "\n\n"
      }
      if ordered.count > Self.flowsShown {
        out += "  " + say(.lintMoreFlows, ["count": "\(ordered.count - Self.flowsShown)"]) + "\n\n"
      }
    }
    var traced = Explanation(
      .lintTraced,
      ["flows": flows(comparison.flowsTraced), "enis": enis(comparison.interfacesConsidered)])
    if comparison.flowsTraced < comparison.flowsConsidered {
      traced += Explanation(
        .lintTracedFirst,
        ["traced": "\(comparison.flowsTraced)", "considered": "\(comparison.flowsConsidered)"])
    }
    let failed = comparisonFails(comparison, failOn: failOn)
    out +=
      say(
        .lintCompareSummary,
        [
          "added": "\(comparison.added.count)", "removed": "\(comparison.removed.count)",
          "changed": "\(comparison.changed.count)", "broken": flows(broken),
          "opened": "\(opened)", "traced": traced,
          "verdict": verdict(failed: failed, failOn: failOn),
        ]) + "\n"
    return out
  }
}
