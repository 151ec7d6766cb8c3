import Foundation
import MarkdownTables
import Testing

@testable import Analysis
@testable import FlowCauseCLI

/// `simulate --compare`: the field reports' experiments as pairs of topologies. Each scenario
/// with a `compare/` folder holds the topology after the change (`compare/topology/`), the
/// traffic to replay (`compare/traffic.json`, else the scenario's), and the changes its README
/// argues from AWS's documentation (`compare/changes.jsonl`).
@Suite("simulate --compare shows what a change does to the log")
struct SimulateCompareTests {
  static let root = ScenarioDiagnosisTests.root

  static func names() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter {
      FileManager.default.fileExists(atPath: "\(root)/\($0)/compare/changes.jsonl")
    }.sorted()
  }

  static func arguments(_ name: String, _ extra: [String]) -> [String] {
    let folder = "\(root)/\(name)"
    let own = "\(folder)/compare/traffic.json"
    let traffic = FileManager.default.fileExists(atPath: own) ? own : "\(folder)/traffic.json"
    return [
      "simulate", "--topology", "\(folder)/topology", "--compare", "\(folder)/compare/topology",
      "--traffic", traffic,
    ] + extra
  }

  /// The keys a change is checked on, as a string to compare.
  static func projected(_ object: [String: Any]) -> String {
    var picked: [String: Any] = [:]
    for key in ["change", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol"] {
      picked[key] = object[key] ?? NSNull()
    }
    if let reason = object["reason"] as? [String: Any] {
      var kept: [String: Any] = [:]
      for key in ["topology", "cause", "component", "rule", "role"] {
        kept[key] = reason[key] ?? NSNull()
      }
      picked["reason"] = kept
    } else {
      picked["reason"] = NSNull()
    }
    let data =
      (try? JSONSerialization.data(withJSONObject: picked, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  @Test("The experiments are found (a broken path must not pass)")
  func found() {
    #expect(Self.names().count >= 4)
  }

  @Test("The records that change are those the scenario's README argues", arguments: names())
  func changes(_ name: String) throws {
    let run = CLIHarness.run(Self.arguments(name, ["--output", "jsonl"]))
    #expect(run.exit == .success, "\(name): \(run.stderr)")
    #expect(run.stderr.isEmpty, "\(name): \(run.stderr)")
    let changed = try run.objects().filter { ($0["change"] as? String) != "same" }.map(
      Self.projected)
    let text = try String(
      contentsOfFile: "\(Self.root)/\(name)/compare/changes.jsonl", encoding: .utf8)
    let expected = try text.split(separator: "\n").map { line in
      try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }.map(Self.projected)
    #expect(changed.sorted() == expected.sorted(), "\(name):\n\(run.stdout)")
  }

  @Test(
    "The text marks each change and names its rule, in English and Japanese", arguments: names())
  func text(_ name: String) {
    let english = CLIHarness.run(Self.arguments(name, []))
    let japanese = CLIHarness.run(Self.arguments(name, ["--lang", "ja"]))
    let marked = english.stdout.split(separator: "\n").filter {
      $0.hasPrefix("! ") || $0.hasPrefix("+ ") || $0.hasPrefix("- ")
    }
    #expect(!marked.isEmpty, "\(name)")
    // Each marked record is followed by its reason.
    let lines = english.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated()
    where line.hasPrefix("! ") || line.hasPrefix("+ ") || line.hasPrefix("- ") {
      #expect(lines.indices.contains(index + 1) && lines[index + 1].hasPrefix("    "), "\(name)")
    }
    // The same rows and ids in both languages; no English sentence in the Japanese.
    #expect(
      japanese.stdout.split(separator: "\n").filter { $0.hasPrefix("! ") || $0.hasPrefix("+ ") }
        == english.stdout.split(separator: "\n").filter {
          $0.hasPrefix("! ") || $0.hasPrefix("+ ")
        })
    #expect(
      japanese.stdout.range(of: #"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b"#, options: .regularExpression)
        == nil, "\(japanese.stdout)")
  }

  @Test("--output needs --compare; --truth and --compare are not given together")
  func usage() {
    let name = Self.names().first ?? ""
    let folder = "\(Self.root)/\(name)"
    let alone = CLIHarness.run([
      "simulate", "--topology", "\(folder)/topology", "--traffic", "\(folder)/traffic.json",
      "--output", "jsonl",
    ])
    #expect(alone.exit == .usage)
    #expect(alone.stderr.contains("--output needs --compare"))
    let both = CLIHarness.run(Self.arguments(name, ["--truth", "/tmp/x.jsonl"]))
    #expect(both.exit == .usage)
    let missing = CLIHarness.run([
      "simulate", "--topology", "\(folder)/topology", "--compare", "\(folder)/nowhere",
      "--traffic", "\(folder)/traffic.json",
    ])
    #expect(missing.exit == .noInput)
  }

  @Test("docs/simulate.md's table of changes is SimulationComparison.Change's")
  func documented() throws {
    let page = try MarkdownPage(relativePath: "docs/simulate.md")
    let rows = MarkdownPage.rows(in: page.lines[...], header: ["Change", "When"])
    #expect(
      rows.map { $0[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")) }.sorted()
        == SimulationComparison.Change.allCases.map(\.rawValue).sorted())
  }
}
