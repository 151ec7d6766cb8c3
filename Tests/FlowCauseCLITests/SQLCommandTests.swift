import FlowCauseCLI
import Testing

/// `flowcause sql`: what a user gets for each command line (docs/scale-out.md). What the query
/// decides is checked on real engines (Tests/Integration/sql-engines.sh).
@Suite("flowcause sql: options and errors")
struct SQLCommandTests {
  @Test("A query for the dialect, the table and the format given, ended by a semicolon")
  func writes() {
    let run = CLIHarness.run([
      "sql", "--dialect", "spark", "--table", "logs.flows", "--format",
      "version interface-id srcaddr dstaddr srcport dstport protocol packets start end action tcp-flags flow-direction",
      "--summary",
    ])
    #expect(run.exit == .success)
    #expect(run.stderr.isEmpty)
    #expect(run.stdout.hasPrefix("-- flowcause sql --dialect spark"))
    #expect(run.stdout.contains("FROM logs.flows\n"))
    #expect(run.stdout.contains("`tcp_flags`") && run.stdout.contains("`flow_direction`"))
    #expect(run.stdout.contains("UNION ALL"))
    #expect(run.stdout.hasSuffix(";\n"))
  }

  @Test("--since and --until as times, and the days of a partition around them")
  func range() {
    let run = CLIHarness.run([
      "sql", "--dialect", "athena", "--since", "2024-06-01T00:00:00Z", "--until", "1717804800",
      "--partition", "date",
    ])
    #expect(run.exit == .success)
    #expect(run.stdout.contains("\"date\" >= DATE '2024-05-31' AND \"date\" <= DATE '2024-06-08'"))
    #expect(run.stdout.contains("coalesce(en, st) >= 1717200000"))
  }

  @Test(
    "Each mistake is a usage error that says what is wrong",
    arguments: [
      ([], "--dialect is required: athena, trino, spark, duckdb"),
      (["--dialect", "dukdb"], "did you mean 'duckdb'?"),
      (
        ["--dialect", "duckdb", "--format", "version interface-id srcaddr dstaddr protocol"],
        "--format lacks action"
      ),
      (["--dialect", "trino", "--topology", "t"], "--topology: the topology's checks"),
      (["--dialect", "trino", "--table", "flows; DROP TABLE x"], "is not a table name"),
      (["--dialect", "trino", "--partition", "week"], "--partition: 'week' is not date"),
      (
        ["--dialect", "trino", "--since", "1717804800", "--until", "1717200000"],
        "the range ends before it starts"
      ),
      (["--dialect", "trino", "flows.log"], "unexpected argument 'flows.log'"),
    ])
  func mistakes(arguments: [String], message: String) {
    let run = CLIHarness.run(["sql"] + arguments)
    #expect(run.exit == .usage)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("flowcause sql: error: "))
    #expect(run.stderr.contains(message), "\(run.stderr)")
  }
}
