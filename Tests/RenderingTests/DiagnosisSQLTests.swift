import Analysis
import FlowLogs
import Foundation
import NetworkPrimitives
import Rendering
import Testing

/// `flowcause sql`'s query: the dialects differ only where the function table writes, and the
/// query reads the columns the format names. Whether it decides as `diagnose` does is checked on
/// real engines (Tests/Integration/sql-engines.sh: DuckDB and Spark, row for row).
@Suite("The SQL of the decision table: dialects and columns")
struct DiagnosisSQLTests {
  /// A function table that writes each call as a marker, `⟦name|argument|…⟧`.
  static let markers = SQLDialect.Functions(
    quoted: { "⟦quoted|\($0)⟧" }, bitAnd: { "⟦bitAnd|\($0)|\($1)⟧" },
    sameValue: { "⟦sameValue|\($0)|\($1)⟧" }, divide: { "⟦divide|\($0)|\($1)⟧" },
    text: "⟦text⟧", maxBy: { "⟦maxBy|\($0)|\($1)⟧" })

  /// `marked` with every marker written by `functions` (the innermost first).
  static func expand(_ marked: String, with functions: SQLDialect.Functions) -> String {
    var text = marked
    while let close = text.firstIndex(of: "⟧") {
      guard let open = text[..<close].lastIndex(of: "⟦") else { break }
      let parts = text[text.index(after: open)..<close].split(
        separator: "|", omittingEmptySubsequences: false
      ).map(String.init)
      let written: String
      switch parts[0] {
      case "quoted": written = functions.quoted(parts[1])
      case "bitAnd": written = functions.bitAnd(parts[1], parts[2])
      case "sameValue": written = functions.sameValue(parts[1], parts[2])
      case "divide": written = functions.divide(parts[1], parts[2])
      case "text": written = functions.text
      case "maxBy": written = functions.maxBy(parts[1], parts[2])
      default: written = String(text[open...close])
      }
      text.replaceSubrange(open...close, with: written)
    }
    return text
  }

  static let formats: [FlowLogFormat] = [
    .defaultV2,
    try! FlowLogFormat(
      parsing:
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path"
    ),
    try! FlowLogFormat(
      parsing:
        "version interface-id srcaddr dstaddr srcport dstport protocol packets start end action reject-reason resource-id"
    ),
  ]

  @Test(
    "Each dialect's query is the one query with its functions written in: nothing else differs",
    arguments: SQLDialect.allCases)
  func onlyTheFunctionsDiffer(dialect: SQLDialect) {
    for format in Self.formats {
      for summary in [false, true] {
        for partition in [nil] + DiagnosisSQL.Partition.allCases {
          func query(_ functions: SQLDialect.Functions) -> String {
            DiagnosisSQL(
              format: format, table: "logs.vpc_flow_logs", functions: functions,
              dialectName: dialect.rawValue, since: 1_717_200_000, until: 1_717_804_800,
              summary: summary, partition: partition
            ).render()
          }
          let marked = query(Self.markers)
          #expect(marked.contains("⟦"))
          let written = query(dialect.functions)
          #expect(Self.expand(marked, with: dialect.functions) == written)
          #expect(!written.contains("⟦"))
        }
      }
    }
  }

  /// Two scenarios' topologies as the query's rows.
  static func tables() throws -> [TopologyTables] {
    let root = DiagnosisLineWriterTests.packageRoot.appendingPathComponent("Scenarios")
    return try ["web-app-vpc", "transit-gateway-spokes"].map { name in
      let topology = try #require(
        try DiagnosisLineWriterTests.topology(root.appendingPathComponent(name)))
      return TopologyTables(Diagnoser(topology: topology))
    }
  }

  @Test(
    "With a topology too, each dialect's query is the one query with its functions written in",
    arguments: SQLDialect.allCases)
  func onlyTheFunctionsDifferWithTopology(dialect: SQLDialect) throws {
    for tables in try Self.tables() {
      #expect(!tables.interfaces.isEmpty && !tables.entries.isEmpty && !tables.rules.isEmpty)
      for summary in [false, true] {
        func query(_ functions: SQLDialect.Functions) -> String {
          var sql = DiagnosisSQL(
            format: Self.formats[1], table: "t", functions: functions,
            dialectName: dialect.rawValue, since: nil, until: nil, summary: summary,
            partition: nil)
          sql.topology = tables
          return sql.render()
        }
        let marked = query(Self.markers)
        let written = query(dialect.functions)
        #expect(Self.expand(marked, with: dialect.functions) == written)
        #expect(!written.contains("⟦"))
        for step in ["t_eni AS", "t_acl AS", "t_sg AS", "t_route AS", "diagnosed AS"] {
          #expect(written.contains(step), "\(step)")
        }
      }
    }
  }

  @Test("An address's key is fixed-width and sorts as the addresses of its family do")
  func addressKeys() {
    let v4: [IPAddress] = ["0.0.0.0", "9.255.255.255", "10.0.0.1", "10.0.0.10", "255.255.255.255"]
      .map { IPAddress($0)! }
    let v6: [IPAddress] = ["::", "::1", "2001:db8::", "2001:db8::1:0", "fe80::1", "ffff::"]
      .map { IPAddress($0)! }
    for family in [v4, v6] {
      let keys = family.map(TopologyTables.key)
      #expect(keys == keys.sorted())
      #expect(Set(keys.map(\.count)).count == 1)
    }
    #expect(TopologyTables.key(IPAddress("10.0.0.1")!) == "4010000000001")
    #expect(TopologyTables.key(IPAddress("2001:db8::1")!) == "620010db8000000000000000000000001")
    let block = TopologyTables.bounds(CIDR("10.0.0.0/24")!)
    #expect(block.low == "4010000000000" && block.high == "4010000000255")
    let all6 = TopologyTables.bounds(CIDR("::/0")!)
    #expect(all6.low == "6" + String(repeating: "0", count: 32))
    #expect(all6.high == "6" + String(repeating: "f", count: 32))
  }

  @Test("Athena's query is Trino's: the same SQL, another name in the first comment")
  func athenaIsTrino() {
    for format in Self.formats {
      let athena = DiagnosisSQL(format: format, table: "t", dialect: .athena).render()
      let trino = DiagnosisSQL(format: format, table: "t", dialect: .trino).render()
      #expect(athena.replacingFirst("--dialect athena", with: "--dialect trino") == trino)
    }
  }

  @Test("The query reads the format's columns, with _ for -, and no other field")
  func columns() {
    let v5 = DiagnosisSQL(format: Self.formats[1], table: "t", dialect: .duckdb).render()
    for column in ["\"tcp_flags\"", "\"flow_direction\"", "\"interface_id\"", "\"end\""] {
      #expect(v5.contains(column), "\(column)")
    }
    #expect(!v5.contains("\"reject_reason\""))
    let v2 = DiagnosisSQL(format: .defaultV2, table: "t", dialect: .duckdb).render()
    for column in ["\"tcp_flags\"", "\"flow_direction\"", "\"reject_reason\"", "\"resource_id\""] {
      #expect(!v2.contains(column), "\(column)")
    }
    let v9 = DiagnosisSQL(format: Self.formats[2], table: "t", dialect: .spark).render()
    #expect(v9.contains("`reject_reason`") && v9.contains("`resource_id`"))
  }

  @Test("A time range keeps the REJECTs diagnose's filters keep, and reads the days around it")
  func timeRange() {
    let query = DiagnosisSQL(
      format: .defaultV2, table: "t", dialect: .trino, since: 1_717_200_000, until: 1_717_804_800,
      partition: .day
    ).render()
    // 2024-06-01T00:00:00Z less an hour is 2024-05-31; 2024-06-08T00:00:00Z plus one, 06-08.
    #expect(query.contains("WHERE \"day\" >= '2024/05/31' AND \"day\" <= '2024/06/08'"))
    #expect(query.contains("coalesce(en, st) >= 1717200000"))
    #expect(query.contains("coalesce(st, en) <= 1717804800"))
    let dated = DiagnosisSQL(
      format: .defaultV2, table: "t", dialect: .spark, since: 1_717_200_000, partition: .date
    ).render()
    #expect(dated.contains("WHERE `date` >= DATE '2024-05-31'"))
    let whole = DiagnosisSQL(format: .defaultV2, table: "t", dialect: .spark, partition: .date)
      .render()
    #expect(!whole.contains("`date`"))
    // A bound past year 9999 bounds no day (it once read as year 0: no partition at all).
    let far = DiagnosisSQL(
      format: .defaultV2, table: "t", dialect: .trino, since: 1_717_200_000,
      until: 99_999_999_999_999, partition: .day
    ).render()
    #expect(far.contains("WHERE \"day\" >= '2024/05/31'\n"))
    #expect(!far.contains("'0000"))
  }
}

extension String {
  fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = range(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}
