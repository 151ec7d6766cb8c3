import Analysis
import Foundation
import RandomNetworks

/// `flowcause-bench accuracy [--seeds N] [--seed S]`: simulates the seeded random networks of
/// ``RandomNetwork`` (the generator `RoundTripPropertyTests` uses), diagnoses every simulated
/// REJECT, and prints a confusion table per true cause.
///
/// Exit 1 when a diagnosis with the topology names a wrong cause, ACL entry or groups, or a
/// logs-only diagnosis names a wrong cause at high confidence.
enum AccuracyCommand {
  /// The counts of one table row.
  struct Row {
    var rejects = 0
    var correct = 0
    var undetermined = 0
    var wrong = 0
    var wrongHigh = 0
    /// Right cause, wrong NACL, rule or security groups.
    var wrongComponent = 0

    mutating func add(_ other: Row) {
      rejects += other.rejects
      correct += other.correct
      undetermined += other.undetermined
      wrong += other.wrong
      wrongHigh += other.wrongHigh
      wrongComponent += other.wrongComponent
    }
  }

  /// One way of diagnosing: its title, the diagnosis it reads, and whether components count.
  struct Table {
    var title: String
    var diagnosis: (RoundTripCase) -> Diagnosis
    var checksComponent: Bool
    var rows: [Cause: Row] = [:]
    var examples: [String] = []
  }

  static func run(_ arguments: ArraySlice<String>) throws -> Int32 {
    let options = try BenchArguments(
      arguments, valueOptions: ["--seeds", "--seed"], flagOptions: [])
    let count = try options.integer("--seeds", default: 2000)
    let first = try options.seed(default: 1)
    var tables = [
      Table(
        title: "a) with the topology (records with tcp-flags and flow-direction)",
        diagnosis: \.withTopology, checksComponent: true),
      Table(
        title: "b) logs only, default v2 format (no tcp-flags, no flow-direction)",
        diagnosis: \.logsOnly, checksComponent: false),
      Table(
        title: "c) with the topology, default v2 format (for information; not checked)",
        diagnosis: \.withTopologyV2, checksComponent: true),
    ]
    let started = Date()
    var conversations = 0
    var records = 0
    for seed in first..<(first + UInt64(count)) {
      let (topology, traffic) = RandomNetwork.make(seed: seed)
      let trip: RoundTrip
      do {
        trip = try RandomNetwork.roundTrip(topology: topology, traffic: traffic)
      } catch {
        throw BenchFailure("seed \(seed): the simulator failed: \(error)")
      }
      conversations += traffic.conversations.count
      records += trip.records.count
      for item in trip.cases {
        let groups = topology.networkInterfaces[item.record.interfaceId]?.securityGroupIds
          .joined(separator: ", ")
        for index in tables.indices {
          tally(item, seed: seed, groups: groups, into: &tables[index])
        }
      }
    }
    let seconds = Date().timeIntervalSince(started)
    let rejects = tables[0].rows.values.reduce(0) { $0 + $1.rejects }
    var output =
      "accuracy: seeds \(first)-\(first + UInt64(count) - 1), \(conversations) conversations, "
      + "\(records) records, \(rejects) REJECT (\(String(format: "%.1f", seconds)) s)\n"
    for table in tables { output += render(table) }
    let topologyTable = tables[0].rows.values.reduce(into: Row()) { $0.add($1) }
    let logsTable = tables[1].rows.values.reduce(into: Row()) { $0.add($1) }
    var problems: [String] = []
    if topologyTable.wrong > 0 { problems.append("\(topologyTable.wrong) wrong with the topology") }
    if topologyTable.wrongComponent > 0 {
      problems.append("\(topologyTable.wrongComponent) with the wrong ACL entry or groups")
    }
    if logsTable.wrongHigh > 0 {
      problems.append("\(logsTable.wrongHigh) wrong at high confidence from the logs alone")
    }
    output +=
      problems.isEmpty
      ? "\ncheck: ok\n" : "\ncheck: FAILED: \(problems.joined(separator: "; "))\n"
    print(output, terminator: "")
    return problems.isEmpty ? 0 : 1
  }

  static func tally(_ item: RoundTripCase, seed: UInt64, groups: String?, into table: inout Table) {
    let diagnosis = table.diagnosis(item)
    let truth = item.truth
    var row = Row(rejects: 1)
    if diagnosis.cause == truth.cause {
      row.correct = 1
      if table.checksComponent {
        switch truth.cause {
        case .networkACL:
          if diagnosis.component != truth.component || diagnosis.rule != truth.rule {
            row.wrongComponent = 1
          }
        case .securityGroup:
          if diagnosis.component != truth.component || diagnosis.component != groups {
            row.wrongComponent = 1
          }
        default: break
        }
      }
    } else if diagnosis.cause == .undetermined {
      row.undetermined = 1
    } else {
      row.wrong = 1
      if diagnosis.confidence == .high { row.wrongHigh = 1 }
    }
    table.rows[truth.cause, default: Row()].add(row)
    if (row.wrong == 1 || row.wrongComponent == 1) && table.examples.count < 5 {
      table.examples.append(
        "seed \(seed) record \(item.line) on \(item.record.interfaceId): true "
          + "\(truth.cause.rawValue) \(truth.role.rawValue)"
          + "\(truth.component.map { " \($0)" } ?? "")\(truth.rule.map { " rule \($0)" } ?? ""), "
          + "diagnosed \(diagnosis.cause.rawValue) \(diagnosis.confidence.rawValue)"
          + "\(diagnosis.component.map { " \($0)" } ?? "")"
          + "\(diagnosis.rule.map { " rule \($0)" } ?? "")"
          + " (role \(diagnosis.role?.rawValue ?? "-") by \(diagnosis.roleEvidence?.rawValue ?? "-"))"
      )
    }
  }

  static func render(_ table: Table) -> String {
    func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
      let padding = String(repeating: " ", count: max(0, width - text.count))
      return left ? text + padding : padding + text
    }
    let columns =
      ["rejects", "correct", "%", "undetermined", "wrong", "wrong high"]
      + (table.checksComponent ? ["wrong component"] : [])
    func line(_ name: String, _ row: Row) -> String {
      var values = [
        row.rejects, row.correct, 0, row.undetermined, row.wrong, row.wrongHigh,
      ].map(String.init)
      values[2] =
        row.rejects == 0
        ? "-" : String(format: "%.1f", 100 * Double(row.correct) / Double(row.rejects))
      if table.checksComponent { values.append(String(row.wrongComponent)) }
      let cells = zip(columns, values).map { pad($1, max($0.count, 7)) }
      return "  " + pad(name, 16, left: true) + cells.joined(separator: "  ") + "\n"
    }
    var text = "\n\(table.title)\n"
    text +=
      "  " + pad("true cause", 16, left: true)
      + columns.map { pad($0, max($0.count, 7)) }.joined(separator: "  ") + "\n"
    var total = Row()
    for cause in Cause.allCases {
      guard let row = table.rows[cause] else { continue }
      text += line(cause.rawValue, row)
      total.add(row)
    }
    text += line("total", total)
    for example in table.examples { text += "  e.g. \(example)\n" }
    return text
  }
}
