import Analysis
import FlowLogs
import Foundation
import Rendering

/// `flowcause sql --dialect athena|trino|spark|duckdb [--topology PATH [--views PREFIX]]
/// [--table NAME] [--format FORMAT] [--since T] [--until T] [--summary]`: diagnose's decision table as one SQL query over a flow
/// log table (docs/scale-out.md).
struct SQLCommand {
  var query: DiagnosisSQL
  /// `--topology PATH`: loaded when the command runs.
  let topologyPath: String?

  init(arguments: ArraySlice<String>) throws(UsageError) {
    try self.init(arguments: arguments, now: Int(Date().timeIntervalSince1970))
  }

  /// The same, with durations (`--since 2h`) counted back from `now`.
  init(arguments: ArraySlice<String>, now: Int) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments,
      valueOptions: [
        "--dialect", "--table", "--format", "--since", "--until", "--topology", "--partition",
        "--views",
      ],
      flagOptions: ["--summary"])
    guard scanner.positional.isEmpty else {
      throw UsageError("unexpected argument '\(scanner.positional[0])'")
    }
    topologyPath = scanner.value("--topology")
    let views = scanner.value("--views")
    if let views {
      guard topologyPath != nil else {
        throw UsageError("--views: the views hold the topology's rows; give --topology too")
      }
      guard Self.isTableName(views) else {
        throw UsageError(
          "--views: '\(views)' is not a name for views (letters, digits and _, with . between a database and its views' prefix)"
        )
      }
    }
    guard let dialectName = scanner.value("--dialect") else {
      throw UsageError(
        "--dialect is required: \(SQLDialect.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    guard let dialect = SQLDialect(rawValue: dialectName) else {
      let names = SQLDialect.allCases.map(\.rawValue)
      throw UsageError(
        "--dialect: '\(dialectName)' is not one of \(names.joined(separator: ", "))"
          + DiagnosticRenderer.didYouMean(dialectName, among: names, quote: "'"))
    }
    let format = try scanner.formatOption() ?? .defaultV2
    let missing = FlowObservation.missingFields(in: format)
    guard missing.isEmpty else {
      throw UsageError("--format \(DiagnosticRenderer.formatLacks(missing, command: "sql"))")
    }
    let table = scanner.value("--table") ?? "vpc_flow_logs"
    guard Self.isTableName(table) else {
      throw UsageError(
        "--table: '\(table)' is not a table name (letters, digits and _, with . between a database and its table)"
      )
    }
    let (since, until) = try RejectFilterOptions.range(scanner, now: now)
    var partition: DiagnosisSQL.Partition? = nil
    if let name = scanner.value("--partition") {
      guard let given = DiagnosisSQL.Partition(rawValue: name) else {
        throw UsageError(
          "--partition: '\(name)' is not date (a DATE column 'date') or day (a string column 'day', yyyy/MM/dd)"
        )
      }
      partition = given
    }
    query = DiagnosisSQL(
      format: format, table: table, dialect: dialect, since: since, until: until,
      summary: scanner.flag("--summary"), partition: partition)
    query.views = views
  }

  /// `name` or `database.name`: letters, digits and `_`, so that it goes into the query as
  /// it is, unquoted, in every dialect.
  static func isTableName(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return (1...3).contains(parts.count)
      && parts.allSatisfy { part in
        !part.isEmpty && part.first?.isNumber == false
          && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
      }
  }

  func run(io: CommandIO) -> ExitCode {
    var query = self.query
    if let topologyPath {
      switch TopologyInput.loadReporting(path: topologyPath, io: io) {
      case .failure(let exit): return exit
      case .success(let topology):
        query.topology = TopologyTables(Diagnoser(topology: topology))
      }
    }
    let text = query.render()
    if query.dialectName == SQLDialect.athena.rawValue, query.views == nil,
      text.utf8.count > DiagnosisSQL.athenaQueryBytes, let topologyPath
    {
      var alone = query
      alone.topology = nil
      io.stderr.write(
        DiagnosticRenderer.queryTooLongForAthena(
          bytes: text.utf8.count, topologyBytes: text.utf8.count - alone.render().utf8.count,
          path: topologyPath))
    }
    io.stdout.write(text)
    return .success
  }
}
