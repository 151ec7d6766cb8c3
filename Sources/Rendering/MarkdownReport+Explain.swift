import Analysis
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
    topology: Topology?
  ) -> String {
    let record = diagnosis.observation
    var verdict = "**\(code("\(name):\(record.line)")) REJECT: \(diagnosis.cause.rawValue)"
    if let component = diagnosis.component {
      verdict += ", \(code(component))"
      if let rule = diagnosis.rule {
        verdict += " rule \(rule >= 32767 ? "* (\(rule))" : "\(rule)")"
      }
    }
    if let last = diagnosis.candidates.last {
      let others = diagnosis.candidates.dropLast().map(\.rawValue).joined(separator: ", ")
      verdict += " (\(others.isEmpty ? "" : others + " or ")\(last.rawValue))"
    }
    verdict += ", \(diagnosis.confidence.rawValue) confidence**"
    if let code = diagnosis.code { verdict += " · \(Self.code(code.rawValue))" }
    var out = verdict + "\n\n"

    // The record and the nearest records it was paired with, in line order.
    let paired = diagnosis.related.filter { $0.file == record.file }
      .sorted { abs($0.line - record.line) < abs($1.line - record.line) }
      .prefix(quotedRelated)
    var quoted = paired.map { ($0.line, "\($0.relation), \($0.action.rawValue)") }
    quoted.append((record.line, "this REJECT"))
    quoted.sort { $0.0 < $1.0 }
    out += fenced(
      aligned(quoted.map { ("line \($0.0) (\($0.1)):", records[$0.0] ?? "(not quoted)") }))

    if let trace {
      let recordLeg = diagnosis.role == .response ? PathTrace.Leg.return : .forward
      let reply =
        trace.returnLeg.isEmpty
        ? "not sent: the request does not arrive"
        : pathLine(
          trace.returnLeg, from: trace.destination, to: trace.source, trace.request.reply())
      out += fenced(
        aligned([
          (
            "request\(recordLeg == .forward ? " (this REJECT)" : ""):",
            pathLine(trace.forward, from: trace.source, to: trace.destination, trace.request)
          ),
          ("reply\(recordLeg == .return ? " (this REJECT)" : ""):", reply),
        ]))
    }
    out += "\n- Why: \(diagnosis.explanation)\n"
    out += "- Fix: \(diagnosis.fix ?? "none named: the cause is not determined")\n"
    out += "- Caveats: " + caveats(diagnosis, trace: trace, topology: topology) + "\n"
    return out
  }

  /// Each label padded to the longest, then its text.
  static func aligned(_ rows: [(label: String, text: String)]) -> [String] {
    let width = rows.map(\.label.count).max() ?? 0
    return rows.map { $0.label.rightPadded(to: width) + " " + $0.text }
  }

  /// `192.0.2.10:50000 (internet) -> igw-… -> acl-… (rule 100 allow) -> sg-… (no rule: DENY)`:
  /// the leg's sender, the checks that apply, and the end it reaches or the first check that
  /// drops it (or cannot be made).
  static func pathLine(
    _ leg: [Checkpoint], from source: TraceEndpoint, to destination: TraceEndpoint,
    _ packet: Packet
  ) -> String {
    var steps = [endText(source, port: packet.hasPorts ? packet.sourcePort : nil)]
    var stopped = false
    for checkpoint in leg where checkpoint.result != .skipped {
      steps.append(step(checkpoint))
      if checkpoint.result != .allowed {
        stopped = true
        break
      }
    }
    if !stopped {
      steps.append(endText(destination, port: packet.hasPorts ? packet.destinationPort : nil))
    }
    return steps.joined(separator: " -> ")
  }

  /// One check: its component and, in brackets, the rule and the result.
  static func step(_ checkpoint: Checkpoint) -> String {
    let component = checkpoint.componentId ?? checkpoint.check.rawValue
    let result: String
    switch checkpoint.result {
    case .allowed: result = "allow"
    case .denied: result = "DENY"
    case .undetermined: result = "UNDETERMINED"
    case .skipped: result = "skipped"
    }
    switch checkpoint.rule {
    case .networkACLEntry(_, let entry)?:
      return "\(component) (rule \(entry.isImplicit ? "*" : String(entry.ruleNumber)) \(result))"
    case .connectionTracking?:
      return "\(component) (tracked)"
    case .route(_, let route)?:
      return "\(component) (\(route))"
    case .transitGatewayRoute(let tableId, let route)?:
      return "\(component) (\(tableId): \(route))"
    case .securityGroupRule?:
      return "\(component) (\(result))"
    case nil:
      switch (checkpoint.check, checkpoint.result) {
      case (.securityGroupIngress, .denied), (.securityGroupEgress, .denied):
        return "\(component) (no rule: DENY)"
      case (.routeTable, .denied):
        return "\(component) (no route: DENY)"
      case (_, .allowed):
        return component
      default:
        return "\(component) (\(result))"
      }
    }
  }

  /// `eni-… 10.0.1.5:443`, `192.0.2.10:50000 (internet)`, `10.0.9.9:22 (no ENI of vpc-…)`.
  static func endText(_ end: TraceEndpoint, port: UInt16?) -> String {
    let address = port.map { DiagnosisRenderer.endpoint(end.address, $0) } ?? "\(end.address)"
    switch end {
    case .interface(let eni, _, _): return "\(eni.id) \(address)"
    case .external: return "\(address) (internet)"
    case .unowned(_, let vpcId, _): return "\(address) (no ENI of \(vpcId))"
    }
  }

  /// What the answer cannot see: a late packet it may be, and what the snapshot lacks.
  static func caveats(_ diagnosis: Diagnosis, trace: PathTrace?, topology: Topology?) -> String {
    let record = diagnosis.observation
    var caveats: [String] = []
    if diagnosis.cause != .afterClose && diagnosis.candidates.contains(.afterClose) {
      caveats.append(
        "it may be a late packet of a connection already closed, which AWS logs as REJECT too")
    } else if diagnosis.cause != .afterClose && record.protocolNumber == 6
      && record.tcpFlags == nil && !diagnosis.related.contains(where: { $0.line < record.line })
    {
      // Without flags, only the records before it show a connection it may follow.
      caveats.append(
        "if its connection opened before these logs begin, it may be a late packet after the "
          + "close, which AWS logs as REJECT too: give the earlier logs as well")
    }
    if let topology {
      if let eni = topology.networkInterfaces[record.interfaceId] {
        let missing = eni.securityGroupIds.filter { topology.securityGroups[$0] == nil }
        if !missing.isEmpty {
          caveats.append(
            "\(missing.map(code).joined(separator: ", ")) of \(code(eni.id)) not in the topology")
        }
      } else {
        caveats.append(
          "\(code(record.interfaceId)) is not in the topology: diagnosed from the logs alone")
      }
      let legs = (trace?.forward ?? []) + (trace?.returnLeg ?? [])
      let unknown: Set<ExplanationCode> = [
        .unknownSource, .unknownDestination, .unsupportedComponent, .unknownPrefixList,
      ]
      if let stop = legs.first(where: {
        $0.result == .undetermined || $0.code.map(unknown.contains) == true
      }) {
        caveats.append("the trace stops at \(stop.check.rawValue): \(stop.explanation)")
      }
    } else {
      caveats.append("no topology given, so no rule is named (give --topology)")
    }
    guard !caveats.isEmpty else {
      return "none found; the answer is as good as the topology's snapshot"
    }
    return caveats.joined(separator: "; ")
  }
}
