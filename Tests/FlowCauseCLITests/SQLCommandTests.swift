import FlowCauseCLI
import Foundation
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

  @Test("--topology writes the topology into the query as rows: its ENIs, entries and rules")
  func topology() {
    let folder = CLIHarness.packageRoot.appendingPathComponent("Scenarios/web-app-vpc/topology")
    let run = CLIHarness.run(["sql", "--dialect", "trino", "--topology", folder.path])
    #expect(run.exit == .success)
    // (The topology's warnings, as diagnose reports them.)
    #expect(!run.stderr.contains("error"), "\(run.stderr)")
    for step in ["t_eni AS (", "t_acl AS (", "t_sg AS (", "t_route AS (", "diagnosed AS ("] {
      #expect(run.stdout.contains(step), "\(step)")
    }
    #expect(run.stdout.contains("'eni-"))
    #expect(run.stdout.hasSuffix(";\n"))
  }

  @Test("A topology that cannot be read exits as diagnose's does, naming the file")
  func unreadableTopology() throws {
    let missing = CLIHarness.run(["sql", "--dialect", "duckdb", "--topology", "/no/such/topology"])
    #expect(missing.exit == .noInput)
    #expect(missing.stdout.isEmpty)
    #expect(missing.stderr.contains("/no/such/topology"))
    let folder = try CLIHarness.temporaryDirectory()
    let bad = folder.appendingPathComponent("bad.json")
    try Data(#"{"NetworkAcls": [{"Entries": 3}]}"#.utf8).write(to: bad)
    let invalid = CLIHarness.run(["sql", "--dialect", "duckdb", "--topology", bad.path])
    #expect(invalid.exit == .dataError)
    #expect(invalid.stdout.isEmpty)
    #expect(invalid.stderr.contains("bad.json"), "\(invalid.stderr)")
  }

  @Test("A query longer than Athena takes is written, with a warning that says why and what to do")
  func tooLongForAthena() throws {
    // 2,000 ENIs in one group that names itself: rows far past 262,144 bytes.
    let interfaces = (0..<2000).map { index in
      #"{"id": "eni-\#(index)", "private-ips": ["10.0.\#(index / 250).\#(index % 250 + 4)"], "security-groups": ["sg-1"], "subnet": "subnet-1"}"#
    }
    let topology = """
      {"flowcause-topology": 1,
       "vpcs": [{"cidrs": ["10.0.0.0/16"], "id": "vpc-1"}],
       "subnets": [{"cidrs": ["10.0.0.0/16"], "id": "subnet-1", "vpc": "vpc-1"}],
       "route-tables": [{"id": "rtb-1", "main": true, "routes": [{"destination": "10.0.0.0/16", "target": "local"}], "subnets": [], "vpc": "vpc-1"}],
       "security-groups": [{"id": "sg-1", "inbound": [{"from": "sg-1", "protocol": "all"}], "outbound": [{"protocol": "all", "to": "0.0.0.0/0"}], "vpc": "vpc-1"}],
       "network-interfaces": [\(interfaces.joined(separator: ", "))]}
      """
    let file = try CLIHarness.temporaryDirectory().appendingPathComponent("big.json")
    try Data(topology.utf8).write(to: file)
    let athena = CLIHarness.run(["sql", "--dialect", "athena", "--topology", file.path])
    #expect(athena.exit == .success)
    #expect(athena.stdout.utf8.count > 262_144)
    #expect(
      athena.stderr.contains(
        "warning: the query is \(athena.stdout.utf8.count) bytes, more than the 262144 Athena takes"
      ), "\(athena.stderr)")
    #expect(athena.stderr.contains("of them are the rows of \(file.path)"))
    let trino = CLIHarness.run(["sql", "--dialect", "trino", "--topology", file.path])
    #expect(trino.exit == .success)
    #expect(!trino.stderr.contains("warning"))
    // --views: the rows in views, each created by a statement of its own, none too long.
    let views = CLIHarness.run([
      "sql", "--dialect", "athena", "--topology", file.path, "--views", "flowlogs.fc",
    ])
    #expect(views.exit == .success)
    #expect(views.stderr.isEmpty, "\(views.stderr)")
    let statements = views.stdout.components(separatedBy: "-- flowcause sql: statement ")
      .filter { !$0.isEmpty }
    #expect(statements.count > 3)
    for (place, statement) in statements.enumerated() {
      #expect(statement.hasPrefix("\(place + 1) of \(statements.count)\n"))
      #expect(statement.utf8.count < 262_144)
      #expect(
        statement.contains("CREATE OR REPLACE VIEW flowlogs.fc_") == (place < statements.count - 1))
    }
    #expect(statements.last?.contains("SELECT * FROM flowlogs.fc_sg_1") == true)
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
      (["--dialect", "trino", "--table", "flows; DROP TABLE x"], "is not a table name"),
      (["--dialect", "trino", "--views", "fc"], "--views: the views hold the topology's rows"),
      (
        ["--dialect", "trino", "--topology", "t", "--views", "a-b"],
        "--views: 'a-b' is not a name for views"
      ),
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
