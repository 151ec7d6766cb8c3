import Analysis
import FlowLogs
import Messages
import NetworkPrimitives

/// `simulate --compare`: the log under A and under B, record against record, as text (each
/// record with its action under each, the changes marked and their reasons said) or as JSON
/// Lines (one object per record, docs/simulate.md).
package enum ComparisonRenderer {
  /// The text: a heading, then one row per record (`!` the action changes, `+` only in B's
  /// log, `-` only in A's), each change followed by the rule that made it.
  package static func text(
    _ comparison: SimulationComparison, a: String, b: String, traffic: String,
    language: Language
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    var out =
      say(
        .compareHeading,
        [
          "traffic": traffic, "a": a, "b": b, "rows": "\(comparison.rows.count)",
          "changed": "\(comparison.changes.count)",
        ]) + "\n"
    out += say(.compareLegend) + "\n\n"
    out += "  " + say(.compareColumns) + "\n"
    for row in comparison.rows {
      let mark =
        switch row.change {
        case .same: " "
        case .acceptToReject, .rejectToAccept: "!"
        case .appears: "+"
        case .vanishes: "-"
        }
      let actions = [row.a?.record, row.b?.record].map { record in
        (record.map(action) ?? "-").rightPadded(to: 8)
      }
      out += "\(mark) \(actions[0])\(actions[1])\(recordText(row.record))\n"
      if let reason = reason(row, language: language) {
        out += "    " + reason.text(in: language) + "\n"
      }
    }
    return out
  }

  /// One JSON object per record: its identity, the change, each side's line, action and
  /// record as written, and the reason.
  package static func jsonLines(
    _ comparison: SimulationComparison, format: FlowLogFormat, language: Language
  ) -> String {
    var out = ""
    for row in comparison.rows {
      let record = row.record
      func side(_ entry: (record: SimulatedRecord, line: Int)?) -> JSONOut {
        guard let entry else { return .null }
        return .object([
          ("line", .int(entry.line)), ("action", .string(action(entry.record))),
          ("record", .string(entry.record.line(in: format))),
        ])
      }
      var fields: [(String, JSONOut)] = [
        ("change", .string(row.change.rawValue)),
        ("interface-id", .string(record.interfaceId)), ("start", .int(Int(record.start))),
      ]
      if let flow = record.flow {
        fields += [
          ("srcaddr", .string(flow.source.description)),
          ("dstaddr", .string(flow.destination.description)),
          ("srcport", .int(Int(flow.sourcePort))), ("dstport", .int(Int(flow.destinationPort))),
          ("protocol", .int(Int(flow.protocolNumber))),
          ("flow-direction", .string(flow.direction.rawValue)),
        ]
      } else {
        fields.append(("log-status", .string("NODATA")))
      }
      fields += [("a", side(row.a)), ("b", side(row.b))]
      if let reason = row.reason {
        var object: [(String, JSONOut)] = [
          ("topology", .string(reason.side.rawValue)), ("cause", .string(reason.cause.rawValue)),
          ("role", .string(reason.role.rawValue)), ("component", .optional(reason.component)),
          ("rule", .optional(reason.rule)),
        ]
        if let other = reason.otherLine {
          object.append(
            (
              "record",
              .object([
                ("topology", .string(other.side.rawValue)), ("line", .int(other.line)),
              ])
            ))
        }
        object.append(
          ("explanation", .optional(Self.reason(row, language: language)?.text(in: language))))
        fields.append(("reason", .object(object)))
      } else {
        fields.append(("reason", .null))
      }
      out += JSONOut.object(fields).rendered(pretty: false) + "\n"
    }
    return out
  }

  static func action(_ record: SimulatedRecord) -> String {
    guard let flow = record.flow else { return "NODATA" }
    return flow.accepted ? "ACCEPT" : "REJECT"
  }

  /// `eni-… 10.0.1.5:44123 -> 198.51.100.7:123 udp egress`, or `eni-… NODATA`.
  static func recordText(_ record: SimulatedRecord) -> String {
    guard let flow = record.flow else { return "\(record.interfaceId) NODATA" }
    let ports = [6, 17].contains(flow.protocolNumber)
    func end(_ address: IPAddress, _ port: UInt16) -> String {
      ports ? DiagnosisRenderer.endpoint(address, port) : "\(address)"
    }
    return
      "\(record.interfaceId) \(end(flow.source, flow.sourcePort)) -> \(end(flow.destination, flow.destinationPort)) \(ProtocolNames.name(flow.protocolNumber)) \(flow.direction.rawValue)"
  }

  /// What made a row's change, as a sentence.
  static func reason(_ row: SimulationComparison.Row, language: Language) -> Explanation? {
    guard let reason = row.reason else { return nil }
    let what = Explanation(
      .componentWithCause,
      [
        "component": Explanation(reason.component ?? ""),
        "rule": reason.rule.map {
          Explanation(.storyCauseRule, ["rule": $0 >= 32767 ? "*" : "\($0)"])
        } ?? "",
        "cause": "\(reason.cause.rawValue)",
      ])
    let role = Explanation(reason.role == .request ? .wordRequest : .wordReply)
    var sentence = Explanation(
      reason.side == .b ? .reasonRejectsInB : .reasonRejectedInA, ["what": what, "role": role])
    if let other = reason.otherLine {
      sentence += Explanation(
        other.side == .a ? .atLineOfA : .atLineOfB, ["line": "\(other.line)"])
    }
    switch row.change {
    case .rejectToAccept:
      sentence +=
        reason.allowedBy.map { Explanation(.allowsInB, ["allowed": $0]) }
        ?? Explanation(.nothingRejectsInB)
    case .appears:
      sentence = Explanation(
        .reasonJoined, ["first": Explanation(.onlyInB), "second": sentence])
    case .vanishes:
      sentence = Explanation(
        .reasonJoined, ["first": Explanation(.onlyInA), "second": sentence])
    case .same, .acceptToReject:
      break
    }
    return sentence
  }
}
