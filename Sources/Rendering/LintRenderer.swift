import Analysis
import Topology

/// Renders lint findings as JSON (the stable contract: AWS's field names for rules, the
/// vocabularies of docs/lint.md) or as text for an on-call engineer. Both come from the same
/// values.
package enum LintRenderer {
  package static func json(_ findings: [Finding], failOn: Finding.Severity) -> JSONOut {
    let counts = Finding.Severity.allCases.map { severity in
      (severity.rawValue, JSONOut.int(findings.filter { $0.severity == severity }.count))
    }
    return .object([
      ("Findings", .array(findings.map(finding))),
      ("Summary", .object(counts)),
      ("FailOn", .string(failOn.rawValue)),
      ("Failed", .bool(findings.contains { $0.severity >= failOn })),
    ])
  }

  package static func finding(_ finding: Finding) -> JSONOut {
    var members: [(String, JSONOut)] = [
      ("FindingId", .string(finding.id.rawValue)),
      ("Severity", .string(finding.severity.rawValue)),
      ("ComponentId", .string(finding.componentId)),
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
    members += [
      ("RelatedIds", .array(finding.relatedIds.map(JSONOut.string))),
      ("Explanation", .string(finding.explanation)),
      ("Fix", .string(finding.fix)),
    ]
    return .object(members)
  }

  package static func text(_ findings: [Finding], failOn: Finding.Severity) -> String {
    if findings.isEmpty { return "No findings.\n" }
    var out = ""
    for finding in findings {
      out += "\(finding.severity.rawValue): \(finding.id.rawValue) \(finding.componentId)"
      if let number = finding.aclRuleNumber { out += " rule \(number)" }
      out += "\n  \(finding.explanation)\n"
      if !finding.clientsCutOff.isEmpty {
        out += "  Cut off: \(finding.clientsCutOff.map(\.label).joined(separator: ", ")).\n"
      }
      out += "  Fix: \(finding.fix)\n\n"
    }
    let counts = Finding.Severity.allCases.map { severity in
      let count = findings.filter { $0.severity == severity }.count
      return "\(count) \(severity.rawValue)\(count == 1 ? "" : "s")"
    }
    let failed = findings.contains { $0.severity >= failOn }
    out +=
      "\(findings.count) finding\(findings.count == 1 ? "" : "s"): \(counts.joined(separator: ", ")); "
      + (failed
        ? "failing (--fail-on \(failOn.rawValue)).\n" : "passing (--fail-on \(failOn.rawValue)).\n")
    return out
  }
}
