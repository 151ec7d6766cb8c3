import Analysis
import FlowLogs
import NetworkPrimitives

/// Renders `diagnose --output summary`: one JSON document of a ``RejectSummary`` and the run's
/// totals, with the keys of `--output json` where they mean the same (docs/diagnosis.md,
/// "The summary").
package enum SummaryRenderer {
  /// Rows written for each table: the keys with the most REJECTs.
  package static let rowsPerTable = 10

  /// The run's totals besides the summary's own counts.
  package struct Totals {
    package var counts: ReadCounts
    package var topology: Bool
    package var undiagnosed = 0
    package var withoutAction = 0
    package var duplicates = 0
    /// REJECTs the filters (`--port`, `--cause`, …) left out, and the filters as given (`nil`:
    /// none).
    package var filteredOut = 0
    package var filters: String? = nil
    package var lateRecords = 0
    package var decidedEarly = 0
    /// Records whose `traffic-path` the topology's routes contradict (counted with a topology
    /// only).
    package var trafficPathMismatches = 0
    /// With a topology, the REJECTs reported whose interface is in it (`nil`: none given).
    package var rejectsInTopology: Int? = nil

    package init(counts: ReadCounts, topology: Bool) {
      self.counts = counts
      self.topology = topology
    }
  }

  package static func document(_ summary: RejectSummary, files: [String], totals: Totals)
    -> JSONOut
  {
    func name(_ file: Int) -> String { files[safe: file] ?? "-" }
    func examples(_ entry: RejectSummary.Table<some SummaryKey>.Row) -> JSONOut {
      .array(
        entry.examples.map { example in
          .object([
            ("file", .string(name(example.file))), ("line", .int(example.line)),
            ("interface-id", .string(example.interfaceId)),
            ("srcaddr", .string(example.source.description)),
            ("dstaddr", .string(example.destination.description)),
            ("srcport", .optional(example.sourcePort.map(Int.init))),
            ("dstport", .optional(example.destinationPort.map(Int.init))),
            ("protocol", .int(Int(example.protocolNumber))),
            ("cause", .string(example.cause.rawValue)),
          ])
        })
    }
    func table<Key>(
      _ table: RejectSummary.Table<Key>, byCause: Bool,
      _ key: (Key) -> [(String, JSONOut)]
    ) -> JSONOut {
      .object([
        ("keys", .int(table.count)),
        ("other", .int(table.other)),
        (
          "rows",
          .array(
            table.top(rowsPerTable).map { entry in
              .object(
                key(entry.key)
                  + [
                    ("rejects", .int(entry.rejects)),
                    ("missed-at-most", .int(entry.missedAtMost)),
                  ]
                  + (byCause ? [("by-cause", causes(entry.causes))] : [])
                  + span(entry.span) + [("examples", examples(entry))])
            })
        ),
      ])
    }
    let timeline = summary.timeline
    let counts = totals.counts
    return .object([
      ("files", .array(files.map(JSONOut.string))),
      ("topology", .bool(totals.topology)),
      ("records", .int(counts.records)),
      ("bad-lines", .int(counts.bad)),
      (
        "reject-records",
        .int(summary.rejects + totals.undiagnosed + totals.duplicates + totals.filteredOut)
      ),
      ("rejects", .int(summary.rejects)),
      ("rejects-in-topology", .optional(totals.rejectsInTopology)),
      ("undiagnosed-rejects", .int(totals.undiagnosed)),
      ("duplicate-rejects", .int(totals.duplicates)),
      ("filters", JSONOut.optional(totals.filters)),
      ("filtered-out", .int(totals.filteredOut)),
      ("records-without-action", .int(totals.withoutAction)),
      ("late-records", .int(totals.lateRecords)),
      ("decided-early", .int(totals.decidedEarly)),
      (
        "traffic-path-mismatches",
        .optional(totals.topology ? totals.trafficPathMismatches : nil)
      ),
      ("by-cause", causes(summary.causes)),
      (
        "by-confidence",
        .object(
          Confidence.allCases.map { ($0, summary.count($0)) }.filter { $0.1 > 0 }
            .sorted { ($1.1, $0.0.rawValue) < ($0.1, $1.0.rawValue) }
            .map { ($0.0.rawValue, .int($0.1)) })
      ),
      (
        "top-rules",
        table(summary.rules, byCause: false) { key in
          [
            ("cause", .string(key.cause.rawValue)), ("component", .optional(key.component)),
            ("rule", .optional(key.rule)),
          ]
        }
      ),
      (
        "top-interfaces",
        table(summary.interfaces, byCause: true) { [("interface-id", .string($0))] }
      ),
      (
        "top-services",
        table(summary.services, byCause: true) { key in
          [
            ("protocol", .int(Int(key.protocolNumber))),
            ("server-port", .optional(key.port.map(Int.init))),
          ]
        }
      ),
      (
        "top-clients",
        table(summary.clients, byCause: true) { [("client-addr", .string($0.description))] }
      ),
      (
        "top-patterns",
        table(summary.patterns, byCause: false) { key in
          [
            ("interface-id", .string(key.interfaceId)),
            ("cause", .string(key.rule.cause.rawValue)),
            ("component", .optional(key.rule.component)), ("rule", .optional(key.rule.rule)),
            ("direction", .optional(key.direction?.rawValue)),
            ("role", .optional(key.role?.rawValue)),
            ("protocol", .int(Int(key.service.protocolNumber))),
            ("server-port", .optional(key.service.port.map(Int.init))),
          ]
        }
      ),
      (
        "timeline",
        .object([
          ("bucket", .string(timeline.unit)),
          ("seconds", .int(Int(timeline.seconds))),
          ("first-start", .optional(timeline.first.map { Int($0) })),
          ("last-start", .optional(timeline.last.map { Int($0) })),
          ("without-start", .int(timeline.withoutStart)),
          (
            "rows",
            .array(
              timeline.rows.map { row in
                .object([
                  ("start", .int(Int(row.start))),
                  ("time", .optional(isoTime(row.start))),
                  ("rejects", .int(row.causes.total)),
                  ("by-cause", causes(row.causes)),
                ])
              })
          ),
        ])
      ),
    ])
  }

  /// A row's time: the earliest `start` and the latest `end`, in seconds and in ISO 8601.
  private static func span(_ span: RejectSummary.TimeSpan) -> [(String, JSONOut)] {
    [
      ("first-start", .optional(span.first.map { Int($0) })),
      ("last-end", .optional(span.last.map { Int($0) })),
      ("first-time", .optional(span.first.flatMap(isoTime))),
      ("last-time", .optional(span.last.flatMap(isoTime))),
    ]
  }

  /// `{"security-group": 3, …}`: the causes counted, the most frequent first, as `--output
  /// json`'s `by-cause`.
  private static func causes(_ counts: CauseCounts) -> JSONOut {
    .object(counts.ranked.map { ($0.cause.rawValue, .int($0.count)) })
  }

  /// `2026-11-22T13:00:00Z` for seconds since the epoch, in years 0 to 9999; else `nil`.
  package static func isoTime(_ seconds: Int64) -> String? {
    guard seconds >= -62_167_219_200, seconds < 253_402_300_800 else { return nil }
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let second = seconds - days * 86_400
    // Days to a civil date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let yearText = String(year)
    return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-"
      + two(month) + "-" + two(day) + "T" + two(second / 3_600) + ":"
      + two(second / 60 % 60) + ":" + two(second % 60) + "Z"
  }
}
