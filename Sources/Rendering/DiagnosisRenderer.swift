import Analysis
import FlowLogs
import NetworkPrimitives

/// Renders diagnoses: one JSON object per REJECT (the stable contract), a JSON document with a
/// summary, or text for a person in an incident.
package enum DiagnosisRenderer {
  package static func json(_ diagnosis: Diagnosis, files: [String]) -> JSONOut {
    let record = diagnosis.observation
    let related = diagnosis.related.map { item -> JSONOut in
      .object([
        ("file", .string(files[safe: item.file] ?? "-")), ("line", .int(item.line)),
        ("interface-id", .string(item.interfaceId)), ("action", .string(item.action.rawValue)),
        ("relation", .string(item.relation)),
      ])
    }
    let checkpoints = diagnosis.checkpoints.map { checkpoint -> JSONOut in
      .object([
        ("check", .string(checkpoint.check.rawValue)),
        ("result", .string(checkpoint.result.rawValue)),
        ("component", .optional(checkpoint.componentId)),
        ("explanation", .string(checkpoint.explanation)),
      ])
    }
    return .object([
      ("file", .string(files[safe: record.file] ?? "-")),
      ("line", .int(record.line)),
      ("interface-id", .string(record.interfaceId)),
      ("srcaddr", .string(record.source.description)),
      ("dstaddr", .string(record.destination.description)),
      ("srcport", .optional(record.hasPorts ? Int(record.sourcePort) : nil)),
      ("dstport", .optional(record.hasPorts ? Int(record.destinationPort) : nil)),
      ("protocol", .int(Int(record.protocolNumber))),
      ("cause", .string(diagnosis.cause.rawValue)),
      ("code", .optional(diagnosis.code?.rawValue)),
      ("component", .optional(diagnosis.component)),
      ("rule", .optional(diagnosis.rule)),
      ("direction", .optional(diagnosis.direction?.rawValue)),
      ("role", .optional(diagnosis.role?.rawValue)),
      ("confidence", .string(diagnosis.confidence.rawValue)),
      ("candidates", .array(diagnosis.candidates.map { .string($0.rawValue) })),
      ("explanation", .string(diagnosis.explanation)),
      (
        "evidence",
        .object(
          [
            ("role-evidence", .optional(diagnosis.roleEvidence?.rawValue)),
            ("related", .array(related)),
          ]
            + (diagnosis.relatedOmitted > 0
              ? [("related-omitted", .int(diagnosis.relatedOmitted))] : [])
            + [("checkpoints", .array(checkpoints))])
      ),
    ])
  }

  package static func document(
    _ diagnoses: [Diagnosis], files: [String], counts: ReadCounts, topology: Bool,
    undiagnosed: Int = 0, withoutAction: Int = 0, duplicates: Int = 0, filteredOut: Int = 0
  )
    -> JSONOut
  {
    .object([
      ("files", .array(files.map(JSONOut.string))),
      ("topology", .bool(topology)),
      ("records", .int(counts.records)),
      ("rejects", .int(diagnoses.count)),
      ("undiagnosed-rejects", .int(undiagnosed)),
      ("duplicate-rejects", .int(duplicates)),
      ("filtered-out", .int(filteredOut)),
      ("records-without-action", .int(withoutAction)),
      ("by-cause", tally(diagnoses.map(\.cause.rawValue))),
      ("by-component", tally(diagnoses.compactMap(\.component))),
      ("diagnoses", .array(diagnoses.map { json($0, files: files) })),
    ])
  }

  private static func tally(_ values: [String]) -> JSONOut {
    var counts: [String: Int] = [:]
    for value in values { counts[value, default: 0] += 1 }
    return .object(
      counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, .int($0.value)) })
  }

  package static func text(_ diagnoses: [Diagnosis], files: [String], topology: Bool) -> String {
    var summary = TextSummary()
    for diagnosis in diagnoses { summary.add(diagnosis) }
    return text(summary, files: files, topology: topology)
  }

  /// What the text output shows, gathered as diagnoses arrive: counts for the rankings, and the
  /// diagnoses of the first ``listLimit`` REJECTs for the listing, so that memory stays bounded
  /// however many REJECTs a large input has (`--output jsonl` gives every one).
  package struct TextSummary {
    package static let listLimit = 1000

    package init() {}

    package var total = 0
    package var causes: [String: Int] = [:]
    package var components: [String: Int] = [:]
    package var services: [String: Int] = [:]
    package var clients: [String: Int] = [:]
    package var listed: [Diagnosis] = []

    package mutating func add(_ diagnosis: Diagnosis) {
      total += 1
      causes[diagnosis.cause.rawValue, default: 0] += 1
      if let component = diagnosis.component {
        let key =
          diagnosis.rule.map { "\(component) rule \($0 >= 32767 ? "*" : String($0))" }
          ?? component
        components[key, default: 0] += 1
      }
      let record = diagnosis.observation
      let port = diagnosis.role == .response ? record.sourcePort : record.destinationPort
      let service = record.hasPorts ? " \(port)" : " (no port)"
      services["\(ProtocolNames.name(record.protocolNumber))\(service)", default: 0] += 1
      let client = diagnosis.role == .response ? record.destination : record.source
      clients[client.description, default: 0] += 1
      if listed.count < Self.listLimit { listed.append(diagnosis) }
    }
  }

  /// The text output. `withoutAction`: records read with a format without `action`, which
  /// cannot be told REJECT or not; with no REJECT found, the output says so instead of that
  /// there is none.
  package static func text(
    _ summary: TextSummary, files: [String], topology: Bool, withoutAction: Int = 0,
    filter: (criteria: String, filteredOut: Int)? = nil
  )
    -> String
  {
    if let filter, summary.total == 0 {
      return "No REJECT record matches \(filter.criteria) (\(filter.filteredOut) "
        + "REJECT record\(filter.filteredOut == 1 ? "" : "s") left out).\n"
    }
    guard summary.total > 0 else {
      guard withoutAction > 0 else { return "No REJECT records.\n" }
      return "No REJECT records found, but \(withoutAction) record"
        + "\(withoutAction == 1 ? " has" : "s have") no action field: whether "
        + "\(withoutAction == 1 ? "it is a REJECT" : "they are REJECTs") is unknown.\n"
    }
    var out = "\(summary.total) REJECT record\(summary.total == 1 ? "" : "s")"
    out +=
      topology
      ? ", evaluated against the topology\n"
      : ", from the logs alone (give --topology to name the rule)\n"
    if let filter {
      out +=
        "Only those matching \(filter.criteria): \(filter.filteredOut) other REJECT "
        + "record\(filter.filteredOut == 1 ? "" : "s") left out.\n"
    }
    out += "\nBy cause:\n" + ranking(summary.causes, limit: 10)
    if !summary.components.isEmpty {
      out += "\nBy component:\n" + ranking(summary.components, limit: 10)
    }
    out += "\nTop services with rejected flows (the server's port):\n"
    out += ranking(summary.services, limit: 5)
    out += "\nTop clients with rejected flows:\n"
    out += ranking(summary.clients, limit: 5)
    out += "\nConversations:\n"
    var groups: [String: [Diagnosis]] = [:]
    var order: [String] = []
    for diagnosis in summary.listed {
      let record = diagnosis.observation
      let ends = [
        "\(record.source)", "\(record.destination)",
      ].sorted()
      let key =
        "\(record.interfaceId) \(ProtocolNames.name(record.protocolNumber)) \(ends[0]) <-> \(ends[1])"
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(diagnosis)
    }
    for key in order {
      out += "\n  \(key)\n"
      for diagnosis in groups[key] ?? [] {
        let record = diagnosis.observation
        let location = "\(files[safe: record.file] ?? "-"):\(record.line)"
        let role = diagnosis.role.map { "\($0.rawValue)" } ?? "?"
        let direction = diagnosis.direction.map { "\($0.rawValue)" } ?? "?"
        out +=
          "    \(location) \(record.hasPorts ? endpoint(record.source, record.sourcePort) : "\(record.source)") -> \(record.hasPorts ? endpoint(record.destination, record.destinationPort) : "\(record.destination)") \(direction) \(role): \(diagnosis.cause.rawValue)"
        if let code = diagnosis.code { out += " (\(code.rawValue))" }
        out += ", \(diagnosis.confidence.rawValue) confidence\n"
        out += "      \(diagnosis.explanation)\n"
        if !diagnosis.candidates.isEmpty {
          out +=
            "      candidates: \(diagnosis.candidates.map(\.rawValue).joined(separator: ", "))\n"
        }
      }
    }
    if summary.total > summary.listed.count {
      out +=
        "\n  … and \(summary.total - summary.listed.count) more REJECT records, not listed (the "
        + "counts above cover them all); --output jsonl gives one object per REJECT\n"
    }
    return out
  }

  private static func ranking(_ counts: [String: Int], limit: Int) -> String {
    counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map {
      "  \(String($0.value).leftPadded(to: 6))  \($0.key)\n"
    }.joined()
  }
}
