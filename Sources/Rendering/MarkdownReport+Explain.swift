import Analysis
import Messages
import NetworkPrimitives
import Topology

/// `explain --output md`: one REJECT in at most about fifteen lines: the verdict with the rule
/// and its Reachability Analyzer-style code, the record and the records it was paired with as
/// written (a fenced block), a path line for each leg of its conversation through the topology
/// (another), why, the fix, and the caveats.
extension MarkdownReport {
  /// Records quoted besides the REJECT: the nearest it was paired with.
  package static let quotedRelated = 2

  /// `records`: the text of the input's records by line (``RecordLine`` fields, one space
  /// between them); `trace`: the conversation traced through `topology` (``Diagnoser/trace(of:)``).
  package static func explain(
    _ diagnosis: Diagnosis, name: String, records: [Int: String], trace: PathTrace?,
    topology: Topology?, language: Language = .en
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let record = diagnosis.observation
    var verdict =
      "**"
      + say(
        .mdVerdict, ["place": code("\(name):\(record.line)"), "cause": diagnosis.cause.rawValue])
    if let component = diagnosis.component {
      verdict += say(.listComma) + code(component)
      if let rule = diagnosis.rule {
        verdict += say(
          .mdRuleWithNumber,
          ["rule": rule >= 32767 ? say(.ruleStarNumber, ["rule": "\(rule)"]) : "\(rule)"])
      }
    }
    if let last = diagnosis.candidates.last {
      let others = diagnosis.candidates.dropLast().map(\.rawValue).joined(
        separator: say(.listComma))
      let list =
        others.isEmpty
        ? last.rawValue : say(.eitherOfCauses, ["others": others, "last": last.rawValue])
      verdict += say(.noteInParentheses, ["note": list])
    }
    verdict +=
      say(
        .mdVerdictConfidence,
        ["confidence": DiagnosisRenderer.confidenceWord(diagnosis.confidence).text(in: language)])
      + "**"
    if let code = diagnosis.code { verdict += " · \(Self.code(code.rawValue))" }
    var out = verdict + "\n\n"

    // The record and the nearest records it was paired with, in line order.
    let paired = diagnosis.related.filter { $0.file == record.file }
      .sorted { abs($0.line - record.line) < abs($1.line - record.line) }
      .prefix(quotedRelated)
    var quoted = paired.map {
      (
        $0.line,
        DiagnosisRenderer.relationWord($0.relation).text(in: language) + say(.listComma)
          + $0.action.rawValue
      )
    }
    quoted.append((record.line, say(.mdThisReject)))
    quoted.sort { $0.0 < $1.0 }
    out += fenced(
      aligned(
        quoted.map {
          (
            say(.mdQuotedLine, ["line": "\($0.0)", "what": $0.1]),
            records[$0.0] ?? say(.mdNotQuoted)
          )
        }))

    if let trace {
      let recordLeg = diagnosis.role == .response ? PathTrace.Leg.return : .forward
      let reply =
        trace.returnLeg.isEmpty
        ? say(.mdReplyNotSent)
        : pathLine(
          trace.returnLeg, from: trace.destination, to: trace.source, trace.request.reply(),
          language: language)
      out += fenced(
        aligned([
          (
            say(recordLeg == .forward ? .mdRequestLegThis : .mdRequestLeg),
            pathLine(
              trace.forward, from: trace.source, to: trace.destination, trace.request,
              language: language)
          ),
          (say(recordLeg == .return ? .mdReplyLegThis : .mdReplyLeg), reply),
        ]))
    }
    out += "\n- " + say(.mdWhy, ["why": diagnosis.note.text(in: language)]) + "\n"
    out +=
      "- " + say(.mdFix, ["fix": diagnosis.fixNote?.text(in: language) ?? say(.mdNoFixNamed)])
      + "\n"
    out +=
      "- "
      + say(
        .mdCaveats,
        ["caveats": caveats(diagnosis, trace: trace, topology: topology, language: language)])
      + "\n"
    return out
  }

  /// Each label padded to the longest, then its text.
  static func aligned(_ rows: [(label: String, text: String)]) -> [String] {
    let width = rows.map { $0.label.displayWidth }.max() ?? 0
    return rows.map {
      $0.label + String(repeating: " ", count: width - $0.label.displayWidth) + " "
        + $0.text
    }
  }

  /// `192.0.2.10:50000 (internet) -> igw-… -> acl-… (rule 100 allow) -> sg-… (no rule: DENY)`:
  /// the leg's sender, the checks that apply, and the end it reaches or the first check that
  /// drops it (or cannot be made).
  static func pathLine(
    _ leg: [Checkpoint], from source: TraceEndpoint, to destination: TraceEndpoint,
    _ packet: Packet, language: Language = .en
  ) -> String {
    var steps = [
      endText(source, port: packet.hasPorts ? packet.sourcePort : nil, language: language)
    ]
    var stopped = false
    for checkpoint in leg where checkpoint.result != .skipped {
      steps.append(step(checkpoint, language: language))
      if checkpoint.result != .allowed {
        stopped = true
        break
      }
    }
    if !stopped {
      steps.append(
        endText(
          destination, port: packet.hasPorts ? packet.destinationPort : nil, language: language))
    }
    return steps.joined(separator: " -> ")
  }

  /// One check: its component and, in brackets, the rule and the result.
  static func step(_ checkpoint: Checkpoint, language: Language = .en) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let component = checkpoint.componentId ?? checkpoint.check.rawValue
    let result: String
    switch checkpoint.result {
    case .allowed: result = say(.stepAllow)
    case .denied: result = say(.stepDeny)
    case .undetermined: result = say(.stepUndetermined)
    case .skipped: result = say(.stepSkipped)
    }
    switch checkpoint.rule {
    case .networkACLEntry(_, let entry)?:
      return say(
        .stepRule,
        [
          "component": component, "rule": entry.isImplicit ? "*" : String(entry.ruleNumber),
          "result": result,
        ])
    case .connectionTracking?:
      return say(.stepTracked, ["component": component])
    case .route(_, let route)?:
      return say(.stepDetail, ["component": component, "detail": "\(route)"])
    case .transitGatewayRoute(let tableId, let route)?:
      return say(.stepDetail, ["component": component, "detail": "\(tableId): \(route)"])
    case .securityGroupRule?:
      return say(.stepDetail, ["component": component, "detail": result])
    case nil:
      switch (checkpoint.check, checkpoint.result) {
      case (.securityGroupIngress, .denied), (.securityGroupEgress, .denied):
        return say(.stepNoRule, ["component": component])
      case (.routeTable, .denied):
        return say(.stepNoRoute, ["component": component])
      case (_, .allowed):
        return component
      default:
        return say(.stepDetail, ["component": component, "detail": result])
      }
    }
  }

  /// `eni-… 10.0.1.5:443`, `192.0.2.10:50000 (internet)`, `10.0.9.9:22 (no ENI of vpc-…)`.
  static func endText(_ end: TraceEndpoint, port: UInt16?, language: Language = .en) -> String {
    let address = port.map { DiagnosisRenderer.endpoint(end.address, $0) } ?? "\(end.address)"
    switch end {
    case .interface(let eni, _, _): return "\(eni.id) \(address)"
    case .external: return Message.endInternet.text(in: language, ["address": address])
    case .unowned(_, let vpcId, _):
      return Message.endUnowned.text(in: language, ["address": address, "vpc": vpcId])
    }
  }

  /// What the answer cannot see: a late packet it may be, and what the snapshot lacks.
  static func caveats(
    _ diagnosis: Diagnosis, trace: PathTrace?, topology: Topology?, language: Language = .en
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let record = diagnosis.observation
    var caveats: [String] = []
    if diagnosis.cause != .afterClose && diagnosis.candidates.contains(.afterClose) {
      caveats.append(say(.caveatLatePacket))
    } else if diagnosis.cause != .afterClose && record.protocolNumber == 6
      && record.tcpFlags == nil && !diagnosis.related.contains(where: { $0.line < record.line })
    {
      // Without flags, only the records before it show a connection it may follow.
      caveats.append(say(.caveatEarlierLogs))
    }
    if let topology {
      if let eni = topology.networkInterfaces[record.interfaceId] {
        let missing = eni.securityGroupIds.filter { topology.securityGroups[$0] == nil }
        if !missing.isEmpty {
          caveats.append(
            say(
              .caveatGroupsMissing,
              ["groups": missing.map(code).joined(separator: ", "), "eni": code(eni.id)]))
        }
      } else {
        caveats.append(say(.caveatNotInTopology, ["eni": code(record.interfaceId)]))
      }
      let legs = (trace?.forward ?? []) + (trace?.returnLeg ?? [])
      let unknown: Set<ExplanationCode> = [
        .unknownSource, .unknownDestination, .unsupportedComponent, .unknownPrefixList,
      ]
      if let stop = legs.first(where: {
        $0.result == .undetermined || $0.code.map(unknown.contains) == true
      }) {
        caveats.append(
          say(
            .caveatTraceStops,
            ["check": stop.check.rawValue, "explanation": stop.note.text(in: language)]))
      }
    } else {
      caveats.append(say(.caveatNoTopology))
    }
    guard !caveats.isEmpty else { return say(.caveatNone) }
    return caveats.joined(separator: say(.listSemicolon))
  }
}
