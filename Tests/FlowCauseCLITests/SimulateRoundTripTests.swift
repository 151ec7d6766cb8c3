import FlowLogs
import Foundation
import Testing

/// Round trip of `flowcause simulate` against the hand-written scenarios.
///
/// For every `Scenarios/<name>/` that has a `traffic.json` (found at test time), `simulate` runs
/// in-process on the scenario's topology and traffic, in the format of its `flows.log` (the S3
/// header line, with `--header`, when the file starts with one; else the default version 2
/// format). Then:
///
/// - the multiset of the records' identity fields must equal `flows.log`'s: `interface-id`,
///   `srcaddr`, `dstaddr`, `srcport`, `dstport`, `protocol`, `action`, `log-status`, and
///   `flow-direction` and `tcp-flags` when the format has them. `packets`, `bytes`, `start` and
///   `end` are **not** compared: a hand-written log picks its own counts and times, the simulator
///   derives them from the traffic file's totals and windows;
/// - the only exceptions are the records listed in the scenario's `simulate-differences.json`,
///   each with a reason (`flows.log` lines the simulator does not write under `not-simulated`,
///   simulated records `flows.log` lacks under `not-in-log`); the list must be exact, so a stale
///   entry fails too. The README's "Simulation round trip" section and docs/simulate.md explain
///   them;
/// - `diagnose` with the topology, run on the simulated log, must give each simulated REJECT the
///   diagnosis `expected.jsonl` argues for the `flows.log` record with the same identity, and the
///   simulator's own `--truth` must name the same cause, component, rule, direction and role.
@Suite("simulate reproduces each scenario's flow log")
struct SimulateRoundTripTests {
  static let root = CLIHarness.packageRoot.appendingPathComponent("Scenarios")

  /// The scenario folders with a `traffic.json`.
  static func names() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return names.filter {
      FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/traffic.json").path)
    }.sorted()
  }

  @Test("The scenarios with a traffic file are found (a broken path must not pass)")
  func found() {
    #expect(Self.names().count >= 9)
  }

  @Test(
    "The simulated records are the flow log's, but for the documented differences",
    arguments: names())
  func records(name: String) throws {
    let scenario = try Scenario(name: name)
    let simulated = try scenario.simulate()
    let differences = try scenario.differences()
    var problems: [String] = []

    let logCounts = Multiset(scenario.log.records.map(scenario.identity))
    let simulatedCounts = Multiset(simulated.log.records.map(scenario.identity))
    let logOnly = logCounts.subtracting(simulatedCounts)
    let simulatedOnly = simulatedCounts.subtracting(logCounts)

    // flows.log records the simulator does not write: exactly the documented lines.
    var documentedLogOnly = Multiset<String>([])
    for entry in differences.notSimulated {
      guard let record = scenario.log.records.first(where: { $0.line == entry.line }) else {
        problems.append(
          "simulate-differences.json: line \(entry.line) is not a record of flows.log")
        continue
      }
      documentedLogOnly.insert(scenario.identity(record))
    }
    for (key, count) in logOnly.subtracting(documentedLogOnly).sorted {
      let lines = scenario.log.records.filter { scenario.identity($0) == key }.map(\.line)
      problems.append(
        "flows.log line(s) \(lines) not simulated (\(count)x) and not documented: \(key)")
    }
    for (key, _) in documentedLogOnly.subtracting(logOnly).sorted {
      problems.append("documented as not simulated, but the simulation writes it: \(key)")
    }

    // Simulated records flows.log lacks: exactly the documented ones.
    var documentedSimulatedOnly = Multiset<String>([])
    for entry in differences.notInLog {
      let key = scenario.identity(entry.record)
      documentedSimulatedOnly.insert(key)
      if let start = entry.start,
        !simulated.log.records.contains(where: {
          scenario.identity($0) == key && $0.fields["start"] == String(start)
        })
      {
        problems.append("documented as simulated at start \(start), but not there: \(key)")
      }
    }
    for (key, count) in simulatedOnly.subtracting(documentedSimulatedOnly).sorted {
      problems.append("simulated \(count)x, not in flows.log and not documented: \(key)")
    }
    for (key, _) in documentedSimulatedOnly.subtracting(simulatedOnly).sorted {
      problems.append("documented as not in flows.log, but the simulation does not add it: \(key)")
    }
    #expect(problems.isEmpty, "\(name):\n\(problems.joined(separator: "\n"))")
  }

  @Test(
    "Every documented difference has a reason and is explained in the README and docs",
    arguments: names())
  func differencesAreDocumented(name: String) throws {
    let scenario = try Scenario(name: name)
    let differences = try scenario.differences()
    // Each reason names what it explains: the window of the record (and, for a simulated
    // record flows.log lacks, its interface).
    for entry in differences.notSimulated {
      let start = scenario.log.records.first { $0.line == entry.line }?.fields["start"]
      #expect(
        start.map(entry.reason.contains) == true,
        "\(name): the reason for line \(entry.line) does not name its window, \(start ?? "?")")
    }
    for entry in differences.notInLog {
      let named = [entry.record.fields["interface-id"], entry.start.map(String.init)]
      for value in named.compactMap(\.self) {
        #expect(
          entry.reason.contains(value),
          "\(name): the reason for a simulated record does not name \(value): '\(entry.reason)'")
      }
    }
    let readme = try String(
      contentsOf: scenario.folder.appendingPathComponent("README.md"), encoding: .utf8)
    let hasSection = readme.contains("## Simulation round trip")
    #expect(hasSection, "\(name): README lacks the section 'Simulation round trip'")
    let hasCommand = readme.contains("simulate --topology Scenarios/\(name)/topology")
    #expect(hasCommand, "\(name): README lacks the 'Simulate it' command")
    let section = readme.components(separatedBy: "## Simulation round trip").last ?? ""
    for line in differences.notSimulated.map(\.line) {
      let explained = section.contains("line \(line)") || section.contains("Line \(line)")
      #expect(explained, "\(name): the README's round-trip section does not explain line \(line)")
    }
    if !differences.isEmpty {
      let docs = try String(
        contentsOf: CLIHarness.packageRoot.appendingPathComponent("docs/simulate.md"),
        encoding: .utf8)
      let listed = docs.contains(name)
      #expect(listed, "docs/simulate.md does not list \(name)'s differences")
    }
  }

  @Test(
    "diagnose gives each simulated REJECT the argued diagnosis; --truth agrees",
    arguments: names())
  func diagnoses(name: String) throws {
    let scenario = try Scenario(name: name)
    let simulated = try scenario.simulate()
    let expected = try scenario.expectations()
    let documented = Set(try scenario.differences().notInLog.map { scenario.identity($0.record) })
    let directory = try CLIHarness.temporaryDirectory()
    let file = directory.appendingPathComponent("simulated.log")
    try Data(simulated.text.utf8).write(to: file)
    let run = CLIHarness.run([
      "diagnose", "--output", "jsonl", "--topology", scenario.topology, file.path,
    ])
    #expect(run.exit == .success, "\(name): diagnose: \(run.stderr)")
    // The paths the simulator writes (`traffic-path`) are the topology's own routes.
    #expect(!run.stderr.contains("traffic-path"), "\(name): \(run.stderr)")
    let diagnoses = try run.objects()
    var problems: [String] = []
    let rejects = simulated.log.records.filter { $0.fields["action"] == "REJECT" }
    #expect(!rejects.isEmpty, "\(name): the simulation has no REJECT")
    #expect(
      diagnoses.count == rejects.count,
      "\(name): \(rejects.count) REJECTs, \(diagnoses.count) diagnoses")
    for reject in rejects {
      let key = scenario.identity(reject)
      let logLines = scenario.log.records.filter { scenario.identity($0) == key }.map(\.line)
      guard !logLines.isEmpty else {
        // Only a documented simulated-only record has no flows.log record to take its diagnosis.
        if !documented.contains(key) {
          problems.append("simulated line \(reject.line): a REJECT flows.log does not have: \(key)")
        }
        continue
      }
      guard let want = logLines.lazy.compactMap({ expected[$0] }).first else {
        problems.append("flows.log line(s) \(logLines): a REJECT without an expectation")
        continue
      }
      let at = "simulated line \(reject.line) (flows.log line \(logLines[0]))"
      guard let got = diagnoses.first(where: { $0["line"] as? Int == reject.line }) else {
        problems.append("\(at): no diagnosis")
        continue
      }
      for (field, value) in want.sorted(by: { $0.key < $1.key }) where field != "line" {
        if json(value) != json(got[field] ?? NSNull()) {
          problems.append(
            "\(at): \(field) expected \(json(value)), got \(json(got[field] ?? NSNull()))")
        }
      }
      guard let truth = simulated.truth.first(where: { $0["line"] as? Int == reject.line }) else {
        problems.append("\(at): no --truth line")
        continue
      }
      // One-way packets answer nothing the ENI asked: their truth role is only which leg of
      // the traffic file they were, and the diagnosis's role what their ports or flags show.
      let oneWay = truth["one-way"] as? Bool == true
      for field in ["interface-id", "cause", "component", "rule", "direction", "role"]
      where !(oneWay && field == "role") {
        let (told, argued) = (json(truth[field] ?? NSNull()), json(want[field] ?? NSNull()))
        if told != argued {
          problems.append("\(at): --truth \(field) is \(told), expected \(argued)")
        }
      }
    }
    #expect(problems.isEmpty, "\(name):\n\(problems.joined(separator: "\n"))")
  }

  @Test("The simulation is deterministic", arguments: names())
  func deterministic(name: String) throws {
    let scenario = try Scenario(name: name)
    #expect(try scenario.simulate().text == scenario.simulate().text)
  }
}

// MARK: - Reading a scenario

/// A compact JSON rendering of one value, so `1`, `1.0` and `true` compare as JSON does.
private func json(_ value: Any) -> String {
  guard
    let data = try? JSONSerialization.data(
      withJSONObject: [value], options: [.sortedKeys, .fragmentsAllowed]),
    let text = String(data: data, encoding: .utf8)
  else { return "\(value)" }
  return String(text.dropFirst().dropLast())
}

/// A multiset: how many times each element occurs.
private struct Multiset<Element: Hashable & Comparable> {
  var counts: [Element: Int] = [:]
  init(_ elements: [Element]) { for element in elements { insert(element) } }
  mutating func insert(_ element: Element) { counts[element, default: 0] += 1 }
  /// What is left of `self` after taking away `other`, count by count.
  func subtracting(_ other: Multiset) -> Multiset {
    var result = Multiset([])
    for (element, count) in counts where count > (other.counts[element] ?? 0) {
      result.counts[element] = count - (other.counts[element] ?? 0)
    }
    return result
  }
  /// The elements and their counts, in element order (for stable messages).
  var sorted: [(key: Element, value: Int)] { counts.sorted { $0.key < $1.key } }
}

/// A flow log file split into records by its field names.
private struct LogText {
  struct Record {
    /// 1-based line in the file (the header, when there is one, is line 1).
    var line: Int
    var fields: [String: String]
  }

  var fieldNames: [String]
  var records: [Record]
  /// The S3 header line, when the file starts with one.
  var header: String?

  /// Reads `text`: a first line of known field names is the S3 header; else the records are in
  /// the default version 2 format.
  init(_ text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var names = FlowLogFormat.defaultV2.fields.map(\.name)
    var first = 0
    if let header = lines.first, let format = try? FlowLogFormat(parsing: header),
      format.fields.allSatisfy(\.isKnown)
    {
      names = header.split(separator: " ").map(String.init)
      self.header = header
      first = 1
    }
    fieldNames = names
    records = lines.enumerated().dropFirst(first).compactMap { index, line in
      let values = line.split(separator: " ").map(String.init)
      guard !values.isEmpty else { return nil }
      var fields: [String: String] = [:]
      for (name, value) in zip(names, values) { fields[name] = value }
      return Record(line: index + 1, fields: fields)
    }
  }
}

/// `simulate-differences.json`: the documented exceptions of the round trip.
private struct Differences {
  struct NotSimulated {
    var line: Int
    var reason: String
  }
  struct NotInLog {
    var record: LogText.Record
    var start: Int?
    var reason: String
  }

  var notSimulated: [NotSimulated] = []
  var notInLog: [NotInLog] = []
  var isEmpty: Bool { notSimulated.isEmpty && notInLog.isEmpty }
}

private struct Scenario {
  let name: String
  let folder: URL
  let log: LogText
  /// The header line of flows.log, when it has one.
  let header: String?

  var topology: String { folder.appendingPathComponent("topology").path }

  init(name: String) throws {
    self.name = name
    folder = SimulateRoundTripTests.root.appendingPathComponent(name)
    let text = try String(contentsOf: folder.appendingPathComponent("flows.log"), encoding: .utf8)
    log = LogText(text)
    header = log.header
  }

  /// The identity fields this scenario's format has.
  var identityFields: [String] {
    let base = [
      "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "action",
      "log-status",
    ]
    return base.filter(log.fieldNames.contains)
      + ["flow-direction", "tcp-flags"].filter(log.fieldNames.contains)
  }

  func identity(_ record: LogText.Record) -> String {
    identityFields.map { "\($0)=\(record.fields[$0] ?? "-")" }.joined(separator: " ")
  }

  struct Simulation {
    var text: String
    var log: LogText
    var truth: [[String: Any]]
  }

  func simulate() throws -> Simulation {
    let directory = try CLIHarness.temporaryDirectory()
    let truthFile = directory.appendingPathComponent("truth.jsonl")
    var arguments = [
      "simulate", "--topology", topology, "--traffic",
      folder.appendingPathComponent("traffic.json").path, "--truth", truthFile.path,
    ]
    if let header { arguments += ["--format", header, "--header"] }
    let run = CLIHarness.run(arguments)
    guard run.exit == .success else {
      throw CLIHarness.HarnessError("\(name): simulate exited \(run.exit): \(run.stderr)")
    }
    let truthText = try String(contentsOf: truthFile, encoding: .utf8)
    let truth = try truthText.split(separator: "\n").map { line in
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      else { throw CLIHarness.HarnessError("\(name): --truth line is not an object: \(line)") }
      return object
    }
    return Simulation(text: run.stdout, log: LogText(run.stdout), truth: truth)
  }

  /// `expected.jsonl` by line.
  func expectations() throws -> [Int: [String: Any]] {
    let text = try String(
      contentsOf: folder.appendingPathComponent("expected.jsonl"), encoding: .utf8)
    var result: [Int: [String: Any]] = [:]
    for line in text.split(separator: "\n") {
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let number = object["line"] as? Int
      else { throw CLIHarness.HarnessError("\(name): expected.jsonl: bad line \(line)") }
      result[number] = object
    }
    return result
  }

  /// `simulate-differences.json`, or no differences when the file is absent.
  func differences() throws -> Differences {
    let url = folder.appendingPathComponent("simulate-differences.json")
    guard let data = FileManager.default.contents(atPath: url.path) else { return Differences() }
    func fail(_ message: String) -> Error {
      CLIHarness.HarnessError("\(name)/simulate-differences.json: \(message)")
    }
    guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw fail("expected an object")
    }
    let known: Set<String> = ["description", "not-simulated", "not-in-log"]
    if let unknown = root.keys.first(where: { !known.contains($0) }) {
      throw fail("unknown key \(unknown)")
    }
    var result = Differences()
    for item in root["not-simulated"] as? [[String: Any]] ?? [] {
      guard let line = item["line"] as? Int, let reason = item["reason"] as? String else {
        throw fail("each not-simulated entry needs a line and a reason")
      }
      result.notSimulated.append(.init(line: line, reason: reason))
    }
    for item in root["not-in-log"] as? [[String: Any]] ?? [] {
      guard let fields = item["record"] as? [String: Any], let reason = item["reason"] as? String
      else { throw fail("each not-in-log entry needs a record and a reason") }
      let record = LogText.Record(
        line: 0, fields: fields.mapValues { ($0 as? String) ?? "\($0)" })
      result.notInLog.append(.init(record: record, start: item["start"] as? Int, reason: reason))
    }
    let lines = result.notSimulated.map(\.line)
    if Set(lines).count != lines.count { throw fail("a line is listed twice") }
    return result
  }
}
