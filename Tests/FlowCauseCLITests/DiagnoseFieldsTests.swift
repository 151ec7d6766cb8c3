import Foundation
import MarkdownTables
import RandomNetworks
import Rendering
import Testing

/// `diagnose --output jsonl --fields K,K,…` writes, for every REJECT, the chosen keys of its
/// full JSON Line with the same bytes, in the full line's order.
@Suite("diagnose --fields: the chosen keys of each JSON Line")
struct DiagnoseFieldsTests {
  /// The top-level members of a JSON object on one line, as key and the bytes of the value,
  /// in order (strings with escapes, nested objects and arrays skipped over).
  static func members(_ line: Substring) -> [(key: String, value: Substring)] {
    var members: [(String, Substring)] = []
    var index = line.index(after: line.startIndex)  // past "{"
    func skipString() {
      index = line.index(after: index)  // past the opening quote
      while line[index] != "\"" {
        if line[index] == "\\" { index = line.index(after: index) }
        index = line.index(after: index)
      }
      index = line.index(after: index)
    }
    while index < line.endIndex, line[index] != "}" {
      let keyStart = line.index(after: index)
      skipString()
      let key = String(line[keyStart..<line.index(before: index)])
      index = line.index(after: index)  // past ":"
      let valueStart = index
      var depth = 0
      while index < line.endIndex {
        let character = line[index]
        if character == "\"" {
          skipString()
          continue
        }
        if character == "{" || character == "[" { depth += 1 }
        if character == "}" || character == "]" {
          if depth == 0 { break }
          depth -= 1
        }
        if character == "," && depth == 0 { break }
        index = line.index(after: index)
      }
      members.append((key, line[valueStart..<index]))
      if index < line.endIndex, line[index] == "," { index = line.index(after: index) }
    }
    return members
  }

  /// The full line cut down to `keys` by hand: what `--fields` must write.
  static func projected(_ line: Substring, _ keys: Set<String>) -> String {
    "{"
      + members(line).filter { keys.contains($0.key) }.map { "\"\($0.key)\":\($0.value)" }
      .joined(separator: ",") + "}"
  }

  static let selections: [String] = [
    "cause,component,rule",
    "file,line,interface-id,srcaddr,dstaddr,srcport,dstport,protocol,cause,component,rule,role,confidence",
    "rule,line,cause",  // any order given: the full line's order written
    "srcaddr,dstaddr,srcport,dstport,protocol",  // the record's own keys: nothing decided
    "line,code,direction,candidates,confidence",
    "line,explanation",
    "evidence,cause",
    DiagnosisLineWriter.Field.allCases.map(\.rawValue).joined(separator: ","),
  ]

  @Test(
    "Simulated networks, with and without the topology: every REJECT, each key's bytes",
    arguments: [(UInt64(3), LogLayout.Version.v5), (17, .v2), (42, .v3), (101, .v5)])
  func simulated(seed: UInt64, version: LogLayout.Version) throws {
    // The traffic three times, an hour apart: more REJECTs, the same conversations again.
    let log = try SimulatedLog(seeds: [seed, seed, seed], version: version, files: 2)
    for topology in [true, false] {
      let full = log.diagnose(["--output", "jsonl"], topology: topology)
      let lines = full.stdout.split(separator: "\n")
      #expect(lines.count > 10, "seed \(seed)")
      for selection in Self.selections {
        let keys = Set(selection.split(separator: ",").map(String.init))
        for threads in [1, 2] {
          let run = log.diagnose(
            ["--output", "jsonl", "--fields", selection, "--threads", "\(threads)"],
            topology: topology)
          #expect(run.exit == full.exit)
          #expect(run.stderr == full.stderr)
          let selected = run.stdout.split(separator: "\n")
          #expect(selected.count == lines.count, "seed \(seed) \(selection)")
          for (written, line) in zip(selected, lines) {
            #expect(
              String(written) == Self.projected(line, keys),
              "seed \(seed) topology \(topology) \(selection)")
          }
        }
      }
    }
  }

  @Test(
    "--fields without --output jsonl: exit 64, the reason, the usage",
    arguments: [
      ["--fields", "cause"], ["--output", "summary", "--fields", "cause"],
      ["--output", "json", "--fields", "cause"],
    ])
  func withoutJSONLines(options: [String]) {
    let run = CLIHarness.run(["diagnose"] + options + ["x.log"])
    #expect(run.exit == .usage)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("flowcause diagnose: error: --fields needs --output jsonl"))
    #expect(run.stderr.contains("USAGE: flowcause diagnose"))
  }

  @Test("An unknown key: exit 64, the key, the nearest one, every key")
  func unknownKey() {
    let keys = DiagnosisLineWriter.Field.allCases.map(\.rawValue).joined(separator: ", ")
    let misspelled = CLIHarness.run([
      "diagnose", "--output", "jsonl", "--fields", "cause,compnent", "x.log",
    ])
    #expect(misspelled.exit == .usage)
    #expect(
      misspelled.stderr.hasPrefix(
        "flowcause diagnose: error: --fields: unknown key \"compnent\" (did you mean \"component\"?); the keys are: \(keys)\n"
      ))
    let unknown = CLIHarness.run([
      "diagnose", "--output", "jsonl", "--fields", "cause,start", "x.log",
    ])
    #expect(unknown.exit == .usage)
    #expect(
      unknown.stderr.hasPrefix(
        "flowcause diagnose: error: --fields: unknown key \"start\"; the keys are: \(keys)\n"))
    let none = CLIHarness.run(["diagnose", "--output", "jsonl", "--fields", ",", "x.log"])
    #expect(none.exit == .usage)
    #expect(none.stderr.hasPrefix("flowcause diagnose: error: --fields names no key"))
  }

  @Test("The usage texts name --output summary and --fields")
  func usage() {
    let help = CLIHarness.run(["diagnose", "--help"])
    #expect(help.stdout.contains("[--output text|json|jsonl|summary|md|html]"))
    #expect(help.stdout.contains("[--fields K,K,...]"))
    #expect(help.stdout.contains("--fields K,K,...  With --output jsonl"))
    for key in DiagnosisLineWriter.Field.allCases {
      #expect(help.stdout.contains(key.rawValue), "\(key.rawValue)")
    }
    #expect(CLIHarness.run(["--help"]).stdout.contains("(--output summary)"))
    let bad = CLIHarness.run(["diagnose", "--output", "csv", "x.log"])
    #expect(bad.exit == .usage)
    #expect(
      bad.stderr.hasPrefix(
        "flowcause diagnose: error: --output must be text, json, jsonl, summary, md or html"))
  }

  /// The keys `--fields` takes are the rows of docs/diagnosis.md's table of the JSON Line, in
  /// its order.
  @Test("docs/diagnosis.md's table of the JSON Line lists the keys --fields takes, in order")
  func documented() throws {
    let page = try MarkdownPage(relativePath: "docs/diagnosis.md")
    let rows = try #require(page.firstColumn(after: "| Key | Value |"))
    #expect(rows == DiagnosisLineWriter.Field.allCases.map(\.rawValue))
  }
}
