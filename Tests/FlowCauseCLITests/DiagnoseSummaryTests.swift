import Foundation
import MarkdownTables
import RandomNetworks
import Testing

/// `diagnose --output summary` counts what `--output jsonl` lists: on simulated networks and
/// their traffic (the differential's generator), with the topology and without it, every
/// count, every top row with its examples and every bucket of the timeline must be what the
/// JSON Lines of the same run add up to.
@Suite("diagnose --output summary adds up the JSON Lines")
struct DiagnoseSummaryTests {
  /// One key's REJECTs, as the JSON Lines give them in input order.
  struct Group {
    var key: String
    var rejects = 0
    var causes: [String: Int] = [:]
    var examples: [NSDictionary] = []
  }

  static let exampleKeys = [
    "file", "line", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "cause",
  ]

  /// The groups of `lines` by `key`, first met first.
  static func groups(_ lines: [[String: Any]], _ key: ([String: Any]) -> String) -> [Group] {
    var groups: [Group] = []
    var places: [String: Int] = [:]
    for line in lines {
      let name = key(line)
      let place = places[name] ?? groups.count
      if place == groups.count {
        places[name] = place
        groups.append(Group(key: name))
      }
      groups[place].rejects += 1
      groups[place].causes[line["cause"] as? String ?? "?", default: 0] += 1
      if groups[place].examples.count < 3 {
        var example: [String: Any] = [:]
        for name in exampleKeys { example[name] = line[name] }
        groups[place].examples.append(example as NSDictionary)
      }
    }
    return groups
  }

  static func text(_ value: Any?) -> String {
    switch value {
    case nil, is NSNull: "null"
    case let number as NSNumber: number.stringValue
    case let text as String: text
    case let other?: "\(other)"
    }
  }

  static func isResponse(_ line: [String: Any]) -> Bool { line["role"] as? String == "response" }

  /// A table of the summary, and its key worded as ``groups(_:_:)`` words it, from a JSON
  /// Line and from a row.
  struct Table: Sendable {
    var name: String
    var line: @Sendable ([String: Any]) -> String
    var row: @Sendable ([String: Any]) -> String
  }

  static let tables: [Table] = [
    Table(
      name: "top-rules",
      line: { "\(text($0["cause"])) \(text($0["component"])) \(text($0["rule"]))" },
      row: { "\(text($0["cause"])) \(text($0["component"])) \(text($0["rule"]))" }),
    Table(
      name: "top-interfaces", line: { text($0["interface-id"]) },
      row: { text($0["interface-id"]) }),
    Table(
      name: "top-services",
      line: { "\(text($0["protocol"])) \(text(isResponse($0) ? $0["srcport"] : $0["dstport"]))" },
      row: { "\(text($0["protocol"])) \(text($0["server-port"]))" }),
    Table(
      name: "top-clients", line: { text(isResponse($0) ? $0["dstaddr"] : $0["srcaddr"]) },
      row: { text($0["client-addr"]) }),
    Table(
      name: "top-patterns",
      line: { line in
        let port = isResponse(line) ? line["srcport"] : line["dstport"]
        return ["interface-id", "cause", "component", "rule", "direction", "role", "protocol"]
          .map { text(line[$0]) }.joined(separator: " ") + " \(text(port))"
      },
      row: { row in
        [
          "interface-id", "cause", "component", "rule", "direction", "role", "protocol",
          "server-port",
        ].map { text(row[$0]) }.joined(separator: " ")
      }),
  ]

  static func summary(_ run: CLIHarness.Run) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
    return try #require(object as? [String: Any], "\(run.stdout.prefix(200))")
  }

  /// Checks the summary of `log` against its JSON Lines.
  static func check(_ log: SimulatedLog, topology: Bool, threads: Int, _ label: String) throws
    -> (rows: Int, cut: Bool, buckets: Int, unit: String)
  {
    let jsonl = log.diagnose(["--output", "jsonl", "--threads", "\(threads)"], topology: topology)
    let run = log.diagnose(["--output", "summary", "--threads", "\(threads)"], topology: topology)
    #expect(run.exit == jsonl.exit, "\(label)")
    #expect(run.stderr == jsonl.stderr, "\(label)")
    let lines = try jsonl.objects()
    let summary = try summary(run)
    #expect(summary["topology"] as? Bool == topology, "\(label)")
    #expect(summary["records"] as? Int == log.records, "\(label)")
    #expect(summary["rejects"] as? Int == lines.count, "\(label)")
    #expect(summary["reject-records"] as? Int == log.rejects, "\(label)")
    #expect(
      (summary["files"] as? [String]) == log.paths, "\(label)")
    let causes = groups(lines) { text($0["cause"]) }
    #expect(
      summary["by-cause"] as? [String: Int]
        == Dictionary(uniqueKeysWithValues: causes.map { ($0.key, $0.rejects) }), "\(label)")
    let confidences = groups(lines) { text($0["confidence"]) }
    #expect(
      summary["by-confidence"] as? [String: Int]
        == Dictionary(uniqueKeysWithValues: confidences.map { ($0.key, $0.rejects) }), "\(label)")
    // Each line's record, for its `start` and `end`.
    var places: [SimulatedLog.FileLine] = []
    for line in lines {
      let file = try #require(log.paths.firstIndex(of: line["file"] as? String ?? ""))
      places.append(SimulatedLog.FileLine(file: file, line: line["line"] as? Int ?? 0))
    }
    var rows = 0
    var cut = false
    for table in tables {
      // The earliest start and the latest end of each key's lines.
      var spans: [String: (first: Int64, last: Int64)] = [:]
      for (line, place) in zip(lines, places) {
        let start = try #require(log.starts[place], "\(label) \(place)")
        let end = try #require(log.ends[place], "\(label) \(place)")
        let span = spans[table.line(line)] ?? (start, end)
        spans[table.line(line)] = (min(span.first, start), max(span.last, end))
      }
      let expected = groups(lines, table.line)
      let top = expected.enumerated().sorted {
        ($1.element.rejects, $0.offset) < ($0.element.rejects, $1.offset)
      }.prefix(10).map(\.element)
      let written = try #require(summary[table.name] as? [String: Any], "\(label) \(table.name)")
      #expect(written["keys"] as? Int == expected.count, "\(label) \(table.name)")
      #expect(written["other"] as? Int == 0, "\(label) \(table.name)")
      let writtenRows = try #require(written["rows"] as? [[String: Any]])
      #expect(writtenRows.count == top.count, "\(label) \(table.name)")
      for (row, group) in zip(writtenRows, top) {
        #expect(table.row(row) == group.key, "\(label) \(table.name)")
        #expect(row["rejects"] as? Int == group.rejects, "\(label) \(table.name) \(group.key)")
        #expect(
          row["first-start"] as? Int == spans[group.key].map { Int($0.first) },
          "\(label) \(table.name) \(group.key)")
        #expect(
          row["last-end"] as? Int == spans[group.key].map { Int($0.last) },
          "\(label) \(table.name) \(group.key)")
        for (time, seconds) in [("first-time", "first-start"), ("last-time", "last-end")] {
          let date = Date(timeIntervalSince1970: TimeInterval(row[seconds] as? Int ?? 0))
          #expect(
            row[time] as? String == ISO8601DateFormatter().string(from: date),
            "\(label) \(table.name) \(group.key) \(time)")
        }
        if table.name != "top-rules" && table.name != "top-patterns" {
          #expect(
            row["by-cause"] as? [String: Int] == group.causes, "\(label) \(table.name) \(group.key)"
          )
        }
        let examples = (row["examples"] as? [[String: Any]] ?? []).map { $0 as NSDictionary }
        #expect(examples == group.examples, "\(label) \(table.name) \(group.key)")
      }
      rows += writtenRows.count
      if expected.count > top.count { cut = true }
    }
    // The timeline: each REJECT's start, from the line it is on.
    var starts: [Int64] = []
    for place in places { starts.append(try #require(log.starts[place], "\(label) \(place)")) }
    let timeline = try #require(summary["timeline"] as? [String: Any])
    let width: Int64 = (starts.max() ?? 0) - (starts.min() ?? 0) < 7_200 ? 60 : 3_600
    #expect(timeline["seconds"] as? Int == Int(width), "\(label)")
    #expect(timeline["bucket"] as? String == (width == 60 ? "minute" : "hour"), "\(label)")
    #expect(timeline["first-start"] as? Int == starts.min().map { Int($0) }, "\(label)")
    #expect(timeline["last-start"] as? Int == starts.max().map { Int($0) }, "\(label)")
    #expect(timeline["without-start"] as? Int == 0, "\(label)")
    var buckets: [Int64: [String: Int]] = [:]
    for (line, start) in zip(lines, starts) {
      buckets[start / width * width, default: [:]][text(line["cause"]), default: 0] += 1
    }
    let writtenBuckets = try #require(timeline["rows"] as? [[String: Any]])
    #expect(writtenBuckets.map { $0["start"] as? Int } == buckets.keys.sorted().map { Int($0) })
    let iso = ISO8601DateFormatter()
    for bucket in writtenBuckets {
      let start = Int64(bucket["start"] as? Int ?? 0)
      #expect(bucket["by-cause"] as? [String: Int] == buckets[start], "\(label) \(start)")
      #expect(
        bucket["rejects"] as? Int == buckets[start]?.values.reduce(0, +), "\(label) \(start)")
      #expect(
        bucket["time"] as? String
          == iso.string(from: Date(timeIntervalSince1970: TimeInterval(start))),
        "\(label) \(start)")
    }
    return (rows, cut, writtenBuckets.count, timeline["bucket"] as? String ?? "")
  }

  @Test(
    "Simulated networks, with and without the topology, minutes and hours: every count",
    arguments: [
      (UInt64(3), LogLayout.Version.v5), (17, .v2), (42, .v3), (101, .v5), (2_024, .v2),
    ])
  func simulated(seed: UInt64, version: LogLayout.Version) throws {
    var units: Set<String> = []
    var rows = 0
    var cut = false
    // One seed's log; then its traffic again an hour later, and three other networks' an hour
    // apart each (with the first one's topology: the others' ENIs are not in it).
    for (seeds, files) in [([seed], 1), ([seed, seed, seed + 1, seed + 2, seed + 3], 2)] {
      let log = try SimulatedLog(seeds: seeds, version: version, files: files)
      for topology in [true, false] {
        let label = "seeds \(seeds) \(version) topology \(topology)"
        let checked = try Self.check(log, topology: topology, threads: 2, label)
        units.insert(checked.unit)
        rows += checked.rows
        cut = cut || checked.cut
        #expect(checked.buckets > 0, "\(label)")
      }
    }
    // The log of one seed spans under two hours, the log of five more; some table has more
    // keys than its rows show.
    #expect(units == ["minute", "hour"])
    #expect(rows > 30)
    #expect(cut)
  }

  @Test("The summary does not depend on --threads")
  func threads() throws {
    let log = try SimulatedLog(seeds: [42, 43, 42], version: .v5, files: 2)
    for topology in [true, false] {
      let runs = [1, 2, 3].map {
        log.diagnose(["--output", "summary", "--threads", "\($0)"], topology: topology)
      }
      #expect(!runs[0].stdout.isEmpty)
      for run in runs.dropFirst() {
        #expect(run.stdout == runs[0].stdout)
        #expect(run.stderr == runs[0].stderr)
      }
    }
  }

  @Test("A scan fills the pattern table: the same on any --threads, a later incident leads it")
  func fullPatternTable() throws {
    // 24,000 probes of distinct ports, one REJECT each; a third of the way from the end, an
    // incident: 1,200 REJECTs to the database port of another interface.
    var text = ""
    let start = 1_795_350_000
    var incident = 0
    for index in 0..<24_000 {
      let time = start + index
      if index > 16_000 && index % 7 == 0 {
        incident += 1
        text +=
          "2 123456789012 eni-0db000000000000aa 10.0.2.\(index % 200 + 1) 10.0.3.9 \(40_000 + index % 9_000) 5432 6 1 40 \(time) \(time + 5) REJECT OK\n"
      }
      text +=
        "2 123456789012 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.1.5 40000 \(index + 1) 6 1 40 \(time) \(time + 5) REJECT OK\n"
    }
    let file = try CLIHarness.temporaryDirectory().appendingPathComponent("scan.log")
    try Data(text.utf8).write(to: file)
    let runs = [1, 2].map {
      CLIHarness.run(["diagnose", "--output", "summary", "--threads", "\($0)", file.path])
    }
    #expect(runs[0].exit == .success, "\(runs[0].stderr)")
    #expect(runs[1].stdout == runs[0].stdout)
    let summary = try Self.summary(runs[0])
    let patterns = try #require(summary["top-patterns"] as? [String: Any])
    #expect(patterns["keys"] as? Int ?? .max <= 10_000)
    #expect(patterns["other"] as? Int ?? 0 > 0)
    let rows = try #require(patterns["rows"] as? [[String: Any]])
    let first = try #require(rows.first)
    #expect(first["interface-id"] as? String == "eni-0db000000000000aa")
    #expect(first["server-port"] as? Int == 5432)
    let counted = try #require(first["rejects"] as? Int)
    let missed = try #require(first["missed-at-most"] as? Int)
    #expect(counted <= incident && incident <= counted + missed)
    // The text leads with it too, and says how much of it may be uncounted.
    let textRun = CLIHarness.run(["diagnose", "--threads", "1", file.path])
    let patternLines = textRun.stdout.components(separatedBy: "the most REJECTs first:\n\n")
    #expect(patternLines.count == 2)
    #expect(
      patternLines.last?.hasPrefix(
        "  \(String(counted).leftPadded(to: 6))  eni-0db000000000000aa ingress request, tcp 5432")
        == true, "\(textRun.stdout.prefix(2_000))")
    #expect(textRun.stdout.contains("of patterns dropped to make room are counted above"))
    // Its first REJECT in words, though the pattern entered after the table made room.
    let listed = patternLines.last?.split(separator: "\n").prefix(4).joined(separator: "\n") ?? ""
    #expect(listed.contains(" confidence:\n"), "\(listed)")
  }

  @Test("No REJECT: empty tables and timeline, the totals still given")
  func noRejects() throws {
    let record =
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n"
    let run = CLIHarness.run(["diagnose", "--output", "summary", "-"], stdin: Array(record.utf8))
    #expect(run.exit == .success)
    let summary = try Self.summary(run)
    #expect(summary["records"] as? Int == 1)
    #expect(summary["rejects"] as? Int == 0)
    #expect((summary["by-cause"] as? [String: Int])?.isEmpty == true)
    let rules = try #require(summary["top-rules"] as? [String: Any])
    #expect((rules["rows"] as? [Any])?.isEmpty == true)
    let timeline = try #require(summary["timeline"] as? [String: Any])
    #expect(timeline["first-start"] is NSNull)
    #expect((timeline["rows"] as? [Any])?.isEmpty == true)
  }

  /// docs/diagnosis.md's tables of the summary name every key it writes, at each level.
  @Test("docs/diagnosis.md lists every key of the summary, at every level")
  func documented() throws {
    let log = try SimulatedLog(seeds: [17], version: .v5)
    let summary = try Self.summary(log.diagnose(["--output", "summary"], topology: true))
    let page = try MarkdownPage(relativePath: "docs/diagnosis.md")
    func documented(_ header: String) throws -> Set<String> {
      Set(try #require(page.firstColumn(after: header), "no table \(header)"))
    }
    func keys(_ objects: [Any]) -> Set<String> {
      Set(objects.flatMap { ($0 as? [String: Any])?.keys.map { $0 } ?? [] })
    }
    let tables = Self.tables.map(\.name)
    let rows = tables.flatMap { (summary[$0] as? [String: Any])?["rows"] as? [Any] ?? [] }
    let examples = rows.flatMap { ($0 as? [String: Any])?["examples"] as? [Any] ?? [] }
    let timeline = summary["timeline"] as? [String: Any] ?? [:]
    #expect(Set(summary.keys) == (try documented("| Summary key | Value |")))
    #expect(keys(tables.map { summary[$0] ?? [:] }) == (try documented("| Table key | Value |")))
    #expect(keys(rows) == (try documented("| Row key | Value |")))
    #expect(keys(examples) == (try documented("| Example key | Value |")))
    #expect(Set(timeline.keys) == (try documented("| Timeline key | Value |")))
    #expect(
      keys(timeline["rows"] as? [Any] ?? []) == (try documented("| Bucket key | Value |")))
    #expect(try documented("| Example key | Value |") == Set(Self.exampleKeys))
  }
}
