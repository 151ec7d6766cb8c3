import Analysis
import FlowLogs
import Messages
import NetworkPrimitives

/// Renders diagnoses: one JSON object per REJECT (the stable contract), a JSON document with a
/// summary, or text for a person in an incident.
package enum DiagnosisRenderer {
  package static func json(
    _ diagnosis: Diagnosis, files: [String], language: Language = .en
  ) -> JSONOut {
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
        ("explanation", .string(checkpoint.note.text(in: language))),
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
      ("explanation", .string(diagnosis.note.text(in: language))),
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
    _ diagnoses: [Diagnosis], files: [String], counts: ReadCounts, topology: TopologyCoverage?,
    undiagnosed: Int = 0, withoutAction: Int = 0, duplicates: Int = 0, filteredOut: Int = 0,
    filters: String? = nil, trafficPathMismatches: Int? = nil, language: Language = .en
  )
    -> JSONOut
  {
    .object([
      ("files", .array(files.map(JSONOut.string))),
      ("topology", .bool(topology != nil)),
      ("records", .int(counts.records)),
      ("bad-lines", .int(counts.bad)),
      ("rejects", .int(diagnoses.count)),
      ("rejects-in-topology", .optional(topology?.inTopology)),
      ("undiagnosed-rejects", .int(undiagnosed)),
      ("duplicate-rejects", .int(duplicates)),
      ("filters", JSONOut.optional(filters)),
      ("filtered-out", .int(filteredOut)),
      ("records-without-action", .int(withoutAction)),
      ("traffic-path-mismatches", .optional(trafficPathMismatches)),
      ("by-cause", tally(diagnoses.map(\.cause.rawValue))),
      ("by-component", tally(diagnoses.compactMap(\.component))),
      ("diagnoses", .array(diagnoses.map { json($0, files: files, language: language) })),
    ])
  }

  private static func tally(_ values: [String]) -> JSONOut {
    var counts: [String: Int] = [:]
    for value in values { counts[value, default: 0] += 1 }
    return .object(
      counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, .int($0.value)) })
  }
}
