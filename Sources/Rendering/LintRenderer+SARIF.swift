import Analysis
import Messages
import Topology

/// `lint --output sarif`: SARIF 2.1.0, the format code-scanning tools read and IaC linters
/// (Checkov, tfsec) write. One rule per finding id with its help; one result per finding, at the
/// topology document and JSON path of the component to change (docs/lint.md, "SARIF"). The
/// words (the rules' descriptions and help, the results' messages and fixes) are in the language
/// asked for; ids, levels and fingerprints never change.
extension LintRenderer {
  /// The key of a result's `partialFingerprints` (``Finding/fingerprint``).
  package static let fingerprintKey = "flowcauseFinding/v1"

  /// Where the SARIF document says it follows.
  static let sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

  /// - Parameters:
  ///   - sources: where each resource was read (``Topology/sources``).
  ///   - lines: for each document, the line of each top-level array element
  ///     (``JSONElementLines``); a document missing here gives no region.
  ///   - language: the language of the words.
  package static func sarif(
    _ findings: [Finding], sources: [String: Topology.Source], lines: [String: [String: Int]],
    toolVersion: String, baseline: Bool = false, language: Language = .en
  ) -> JSONOut {
    let ids = Finding.ID.allCases
    let rules = ids.map { id -> JSONOut in
      let (title, help) = (id.titleNote, id.helpNote)
      let full = Explanation(.lintRuleDescription, ["title": title, "help": help])
      return .object([
        ("id", .string(id.rawValue)),
        ("name", .string(camelCase(id.rawValue))),
        ("shortDescription", .object([("text", .string(title.text(in: language)))])),
        ("fullDescription", .object([("text", .string(full.text(in: language)))])),
        ("help", .object([("text", .string(help.text(in: language)))])),
        ("defaultConfiguration", .object([("level", .string(level(defaultSeverity(id))))])),
        ("properties", .object([("tags", .array(tags(id).map(JSONOut.string)))])),
      ])
    }
    let results = findings.map { finding -> JSONOut in
      var location: [(String, JSONOut)] = []
      if let source = sources[finding.componentId] {
        var physical: [(String, JSONOut)] = [
          ("artifactLocation", .object([("uri", .string(uri(source.file)))]))
        ]
        if let line = lines[source.file]?[source.path] {
          physical.append(("region", .object([("startLine", .int(line))])))
        }
        location.append(("physicalLocation", .object(physical)))
      }
      var logical: [(String, JSONOut)] = [
        ("name", .string(finding.componentId)), ("kind", .string("resource")),
      ]
      if let source = sources[finding.componentId] {
        logical.append(("fullyQualifiedName", .string(source.path)))
      }
      location.append(("logicalLocations", .array([.object(logical)])))
      var properties: [(String, JSONOut)] = [
        ("componentId", .string(finding.componentId)),
        ("severity", .string(finding.severity.rawValue)),
        ("fix", .string(finding.fixNote.text(in: language))),
      ]
      if case .object(let members) = self.finding(finding, language: language),
        let affected = members.first(where: { $0.0 == "Affected" })?.1
      {
        properties.append(("affected", affected))
      }
      var result: [(String, JSONOut)] = [
        ("ruleId", .string(finding.id.rawValue)),
        ("ruleIndex", .int(ids.firstIndex(of: finding.id) ?? 0)),
        ("level", .string(level(finding.severity))),
        (
          "message",
          .object([
            (
              "text",
              .string(
                Explanation(
                  .lintSarifMessage, ["explanation": finding.note, "fix": finding.fixNote]
                )
                .text(in: language))
            )
          ])
        ),
        ("locations", .array([.object(location)])),
        ("partialFingerprints", .object([(fingerprintKey, .string(finding.fingerprint))])),
        ("properties", .object(properties)),
      ]
      // Against a baseline only new findings are listed (SARIF's `baselineState`).
      if baseline { result.append(("baselineState", .string("new"))) }
      return .object(result)
    }
    return .object([
      ("$schema", .string(sarifSchema)),
      ("version", .string("2.1.0")),
      (
        "runs",
        .array([
          .object([
            (
              "tool",
              .object([
                (
                  "driver",
                  .object([
                    ("name", .string("flowcause")),
                    ("semanticVersion", .string(toolVersion)),
                    ("rules", .array(rules)),
                  ])
                )
              ])
            ),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
          ])
        ])
      ),
    ])
  }

  /// SARIF's levels: `error`, `warning`, `note`.
  static func level(_ severity: Finding.Severity) -> String {
    switch severity {
    case .error: return "error"
    case .warning: return "warning"
    case .notice: return "note"
    }
  }

  /// The most severe a finding of `id` can be (docs/lint.md, "Findings").
  static func defaultSeverity(_ id: Finding.ID) -> Finding.Severity {
    switch id {
    case .naclBlocksReplies, .tierRepliesBlocked, .naclBlocksOutboundReplies,
      .sgAdminPortOpenToWorld, .lbTargetUnreachable, .endpointSGBlocksClients:
      return .error
    case .naclEntryShadowed, .sgUnattached, .untrackedFlow: return .notice
    default: return .warning
    }
  }

  static func tags(_ id: Finding.ID) -> [String] {
    switch id {
    case .naclBlocksReplies, .tierRepliesBlocked, .naclBlocksOutboundReplies,
      .ipv6AllowedBySGMissingFromNACL:
      return ["network-acl", "reachability"]
    case .naclEntryShadowed, .naclDenyShadowedByAllow, .naclAllowShadowedByDeny:
      return ["network-acl", "hygiene"]
    case .sgAdminPortOpenToWorld, .sgAdminPortOpenToWorldPrivate:
      return ["security-group", "security"]
    case .publicSubnetWithoutIGWRoute, .publicIPWithoutIGWRoute, .blackholeRoute, .tgwRouteDrops,
      .tgwApplianceModeOff:
      return ["routing", "reachability"]
    case .sgReferencesMissingGroup, .sgUnattached, .untrackedFlow, .sgReferenceNotCarried:
      return ["security-group", "hygiene"]
    case .lbTargetUnreachable:
      return ["load-balancer", "reachability"]
    case .endpointSGBlocksClients:
      return ["security-group", "reachability"]
    }
  }

  /// `nacl-blocks-replies` → `NaclBlocksReplies`.
  static func camelCase(_ id: String) -> String {
    id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  /// A file path as a relative URI reference: `/` separators, spaces and `%` escaped.
  static func uri(_ path: String) -> String {
    var out = ""
    for character in path {
      switch character {
      case " ": out += "%20"
      case "%": out += "%25"
      case "#": out += "%23"
      case "?": out += "%3F"
      default: out.append(character)
      }
    }
    return path.hasPrefix("/") ? "file://" + out : out
  }
}
