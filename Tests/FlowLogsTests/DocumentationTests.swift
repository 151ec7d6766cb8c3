import FlowLogs
import Foundation
import MarkdownTables
import Testing

/// Fails when docs/formats.md and the reader drift apart: the diagnostics table against
/// `ReadDiagnostic.Problem.allCodes` and the messages, the field tables against
/// `FlowField.allKnown`, the table of newer names against `FlowField.namesKeptAsStrings`.
///
/// The exit-code table is not checked here: `ExitCode` lives in `FlowCauseCLI`, which this target
/// does not depend on.
@Suite("docs/formats.md")
struct DocumentationTests {
  static let diagnosticsHeader = ["Code", "When", "Example message"]
  static let fieldsHeader = ["Field", "Version", "JSON type in `parse`", "Meaning", "`-` means"]
  static let newerNamesHeader = ["Name", "Where it was seen"]

  /// For each code, the problem behind its example message in the diagnostics table.
  static let sampleProblems: [String: ReadDiagnostic.Problem] = [
    "field-count": .fieldCount(expected: 14, found: 13),
    "not-a-number": .notANumber(field: "srcport", found: "http"),
    "number-out-of-range": .numberOutOfRange(field: "dstport", found: "70000", max: 65_535),
    "not-an-address": .notAnAddress(field: "srcaddr", found: "172.31.9"),
    "unknown-action": .unknownAction(found: "DENY"),
    "unknown-log-status": .unknownLogStatus(found: "FAILED"),
    "unknown-flow-direction": .unknownFlowDirection(found: "inbound"),
    "control-byte": .controlByte(0x0D),
    "invalid-utf8": .invalidUTF8,
    "line-too-long": .lineTooLong(length: 300_000, limit: 262_144),
    "duplicate-header-field": .duplicateHeaderField("srcaddr"),
    "misspelled-header-field": .misspelledHeaderField("acton", suggestion: "action"),
    "truncated-gzip": .truncatedGzip,
    "corrupt-gzip": .corruptGzip("invalid code -- missing end-of-block"),
    "invalid-json": .invalidJSON("line 3: expected ',' or ']' in an array"),
    "no-flow-log-messages": .noFlowLogMessages,
    "parquet-not-supported": .parquetNotSupported,
    "read-failed": .readFailed("Input/output error"),
  ]

  // MARK: - Diagnostics

  @Test("The diagnostics table has one row per code, in declaration order")
  func diagnosticsTableListsEveryCode() throws {
    let rows = try Self.diagnosticRows()
    let codes = rows.map { Self.unquoted($0.first ?? "") ?? "(not a `code`: \($0.first ?? ""))" }
    let expected = ReadDiagnostic.Problem.allCodes
    #expect(
      codes == expected,
      """
      docs/formats.md, Diagnostics: the rows differ from ReadDiagnostic.Problem.allCodes \
      (missing: \(expected.filter { !codes.contains($0) }), \
      not codes: \(codes.filter { !expected.contains($0) }))
      """)
  }

  @Test(
    "Each code's example message is the reader's own wording",
    arguments: ReadDiagnostic.Problem.allCodes)
  func exampleMessageMatchesCode(code: String) throws {
    let problem = try #require(
      Self.sampleProblems[code], "\(code): DocumentationTests has no sample problem for it")
    #expect(problem.code == code, "\(code): the sample problem has code \(problem.code)")
    let row = try #require(
      try Self.diagnosticRows().first { Self.unquoted($0.first ?? "") == code },
      "\(code): docs/formats.md has no diagnostics row for it")
    try #require(row.count == 3, "\(code): the row has \(row.count) cells, not 3")
    let message = ReadDiagnostic(line: 1, problem: problem).message
    #expect(row[2] == "`\(message)`", "\(code): the example message is not the reader's wording")
  }

  @Test("The codes before truncated-gzip are line problems, the others input problems")
  func lineProblemsComeFirst() throws {
    let codes = ReadDiagnostic.Problem.allCodes
    let firstInputProblem = try #require(codes.firstIndex(of: "truncated-gzip"))
    for (index, code) in codes.enumerated() {
      let problem = try #require(Self.sampleProblems[code], "\(code): no sample problem")
      let documented = index < firstInputProblem ? "a line problem" : "an input problem"
      #expect(
        problem.isLineProblem == (index < firstInputProblem),
        "\(code): docs/formats.md calls it \(documented), the code does not")
    }
  }

  @Test("The documented line limit is the reader's default")
  func lineLimitMatchesReader() throws {
    let limit = FlowLogReader().lineLimit
    let section = try #require(
      try Self.page().section("### The line limit"), "docs/formats.md has no line limit section")
    #expect(
      section.joined(separator: " ").contains("\(limit) bytes"),
      "docs/formats.md, The line limit: does not give the reader's limit of \(limit) bytes")
  }

  // MARK: - Fields

  @Test("The field tables list exactly the known fields, in AWS's order")
  func fieldTablesListKnownFields() throws {
    let names = try Self.fieldRows().map { Self.unquoted($0.first ?? "") ?? ($0.first ?? "") }
    let known = FlowField.allKnown.map(\.name)
    #expect(
      names == known,
      """
      docs/formats.md, Fields: the rows differ from FlowField.allKnown \
      (missing: \(known.filter { !names.contains($0) }), \
      not known: \(names.filter { !known.contains($0) }))
      """)
  }

  @Test(
    "Each known field's row gives its version and JSON type",
    arguments: FlowField.allKnown.map(\.name))
  func fieldRowMatchesField(name: String) throws {
    let field = try #require(FlowField.known(named: name))
    let row = try #require(
      try Self.fieldRows().first { Self.unquoted($0.first ?? "") == name },
      "\(name): docs/formats.md has no row for it in the field tables")
    try #require(row.count == 5, "\(name): the row has \(row.count) cells, not 5")
    #expect(row[1] == field.version.map(String.init), "\(name): the version column says \(row[1])")
    let type = row[2]
    switch field.kind {
    case .integer(let max):
      #expect(
        type == "number, 0 to \(max)",
        "\(name): the JSON type should be \"number, 0 to \(max)\", the page says \(type)")
    case .address, .action, .logStatus, .flowDirection, .string:
      #expect(type.hasPrefix("string"), "\(name): the JSON type should be a string, not \(type)")
    }
  }

  @Test("The table of newer names lists exactly the names kept as strings, in order")
  func newerNamesTableListsNamesKeptAsStrings() throws {
    let section = try #require(
      try Self.page().section("### Names the reader does not know"),
      "docs/formats.md has no section on unknown names")
    let names = MarkdownPage.rows(in: section, header: Self.newerNamesHeader).map {
      Self.unquoted($0.first ?? "") ?? ($0.first ?? "")
    }
    let kept = FlowField.namesKeptAsStrings
    #expect(
      names == kept,
      """
      docs/formats.md, Names the reader does not know: the rows differ from \
      FlowField.namesKeptAsStrings (missing: \(kept.filter { !names.contains($0) }), \
      not kept as strings: \(names.filter { !kept.contains($0) }))
      """)
    for name in names {
      #expect(
        FlowField.known(named: name) == nil,
        "\(name): the reader now types it; move it to the field tables")
    }
  }

  @Test("The misspellings the page gives as examples are the reader's")
  func documentedMisspellings() throws {
    let section = try #require(try Self.page().section("### Names the reader does not know"))
    let text = section.joined(separator: " ")
    for (name, meant) in [("acton", "action"), ("scrport", "srcport"), ("prtcol", "protocol")] {
      #expect(text.contains("`\(name)`"), "\(name): no longer an example in docs/formats.md")
      #expect(FlowField.nearMiss(of: name) == meant, "\(name): not a misspelling of \(meant)")
    }
    for name in ["flow-label", "dns"] {
      #expect(text.contains("`\(name)`"), "\(name): no longer an example in docs/formats.md")
      #expect(FlowField.nearMiss(of: name) == nil, "\(name): taken for a misspelling")
    }
  }

  @Test("The documented default format is the reader's")
  func defaultFormatMatchesReader() throws {
    let text = try Self.page().text
    #expect(
      text.contains("`\(FlowLogFormat.defaultV2.logFormatString)`"),
      "docs/formats.md does not show FlowLogFormat.defaultV2 as a LogFormat string")
  }

  // MARK: - Reading the page

  static func page() throws -> MarkdownPage {
    try MarkdownPage(relativePath: "docs/formats.md")
  }

  static func diagnosticRows() throws -> [[String]] {
    let section = try #require(try page().section("## Diagnostics"), "no Diagnostics section")
    return MarkdownPage.rows(in: section, header: diagnosticsHeader)
  }

  static func fieldRows() throws -> [[String]] {
    let section = try #require(try page().section("## Fields"), "no Fields section")
    return MarkdownPage.rows(in: section, header: fieldsHeader)
  }

  /// The text between backticks, when `cell` is one code span.
  static func unquoted(_ cell: String) -> String? {
    guard cell.count >= 2, cell.hasPrefix("`"), cell.hasSuffix("`") else { return nil }
    let inner = cell.dropFirst().dropLast()
    return inner.contains("`") ? nil : String(inner)
  }
}
