import Foundation
import Testing

@testable import FlowCauseCLI

/// `flowcause scenario list | run | check` when the folder, a scenario or its expectations are
/// not what they should be.
@Suite("scenario says what is wrong with its folder and expectations")
struct ScenarioCommandTests {
  static let scenarios = CLIHarness.packageRoot.appendingPathComponent("Scenarios")

  /// A folder holding a copy of one bundled scenario, its `expected.jsonl` ending with `extra`.
  static func copy(appending extra: String) throws -> (root: String, expected: String) {
    let root = try CLIHarness.temporaryDirectory()
    let name = "nacl-denies-inbound"
    try FileManager.default.copyItem(
      at: scenarios.appendingPathComponent(name), to: root.appendingPathComponent(name))
    let expected = root.appendingPathComponent("\(name)/expected.jsonl")
    let lines = try String(contentsOf: expected, encoding: .utf8)
    try (lines + extra).write(to: expected, atomically: true, encoding: .utf8)
    return (root.path, expected.path)
  }

  @Test("An untouched copy passes: the broken cases below fail for their line alone")
  func untouched() throws {
    let (root, _) = try Self.copy(appending: "\n")
    let run = CLIHarness.run(["scenario", "check", "--scenarios", root])
    #expect(run.exit == .success, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout == "ok    nacl-denies-inbound\n1 passed, 0 failed\n")
  }

  @Test(
    "A line of expected.jsonl that is not an expectation is FILE:LINE: error, a failure, exit 65",
    arguments: [
      ("{not json", "invalid JSON (each line is one JSON object)"),
      ("[1, 2]", "not a JSON object"),
      (
        #"{"cause": "network-acl"}"#,
        #"no "line" member with the REJECT's line number in flows.log"#
      ),
    ])
  func brokenExpectation(line: String, reason: String) throws {
    let (root, expected) = try Self.copy(appending: "\n" + line + "\n")
    let lineNumber = try String(contentsOfFile: expected, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == line }
    let run = CLIHarness.run(["scenario", "check", "--scenarios", root])
    #expect(run.exit == .dataError)
    #expect(run.stderr == "\(expected):\(try #require(lineNumber) + 1): error: \(reason)\n")
    #expect(run.stdout == "FAIL  nacl-denies-inbound\n0 passed, 1 failed\n")
  }

  @Test("list, run and check in a folder that does not exist say so and exit 66")
  func noFolder() {
    for arguments in [["list"], ["run", "nacl-denies-inbound"], ["check"]] {
      let run = CLIHarness.run(
        ["scenario"] + arguments + ["--scenarios", "/nonexistent/scenarios"])
      #expect(run.exit == .noInput)
      #expect(run.stdout.isEmpty)
      #expect(
        run.stderr
          == "flowcause scenario: error: found no scenarios: the folder /nonexistent/scenarios "
          + "does not exist; give --scenarios DIR\n")
    }
  }

  @Test("A folder without scenarios is named, exit 66")
  func emptyFolder() throws {
    let root = try CLIHarness.temporaryDirectory().path
    let run = CLIHarness.run(["scenario", "list", "--scenarios", root])
    #expect(run.exit == .noInput)
    #expect(
      run.stderr
        == "flowcause scenario: error: found no scenarios in \(root) (a scenario is a folder "
        + "with a flows.log); give --scenarios DIR\n")
  }

  @Test("check NAME with a name that is not a scenario is an error, as for run")
  func unknownName() {
    let run = CLIHarness.run(["scenario", "check", "nope", "--scenarios", Self.scenarios.path])
    #expect(run.exit == .noInput)
    #expect(
      run.stderr == "flowcause scenario: error: no scenario 'nope' in \(Self.scenarios.path)\n")
  }

  @Test("scenario list outside the repository says where it looked")
  func outsideRepository() throws {
    let folder = try CLIHarness.temporaryDirectory()
    let process = Process()
    process.executableURL = try ExecutableTests.binary
    process.arguments = ["scenario", "list"]
    process.currentDirectoryURL = folder
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 66)
    #expect(output.isEmpty)
    let looked = folder.appendingPathComponent("Scenarios").standardizedFileURL.path
    #expect(
      errors == "flowcause scenario: error: found no scenarios: the folder \(looked) does not "
        + "exist; give --scenarios DIR\n")
  }

  @Test("list: one line a scenario, its name and its README's first sentence, whole and plain")
  func list() throws {
    let run = CLIHarness.run(["scenario", "list", "--scenarios", Self.scenarios.path])
    #expect(run.exit == .success)
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.scenarios.path)
      .filter { FileManager.default.fileExists(atPath: "\(Self.scenarios.path)/\($0)/flows.log") }
      .sorted()
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == names.count)
    var columns: Set<Int> = []
    for (name, line) in zip(names, lines) {
      #expect(line.hasPrefix(name + "  "), "\(line)")
      let sentence = line.dropFirst(name.count).drop { $0 == " " }
      #expect(!sentence.isEmpty, "\(name)")
      columns.insert(line.count - sentence.count)
      #expect(!sentence.contains("**") && !sentence.contains("`"), "\(name): \(sentence)")
      #expect(".!?".contains(sentence.last ?? " "), "\(name): \(sentence)")
      // Not cut short: the sentence is in the README, its words and lines joined.
      let readme = try String(
        contentsOf: Self.scenarios.appendingPathComponent("\(name)/README.md"), encoding: .utf8)
      let plain = readme.replacingOccurrences(of: "\n", with: " ")
        .replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
      #expect(plain.contains(sentence.dropLast()), "\(name): \(sentence)")
    }
    // The sentences line up after the longest name.
    #expect(columns == [(names.map(\.count).max() ?? 0) + 2])
  }

  @Test(
    "The first sentence of a README: labels, marks, links, addresses and abbreviations",
    arguments: [
      (
        "# t\n\n**What happened.** A web server (10.0.1.5) fails. Then more.",
        "A web server (10.0.1.5) fails."
      ),
      (
        "# t\n\nA *very* `sg-1` [link](https://x) story, e.g. this one. Next.",
        "A very sg-1 link story, e.g. this one."
      ),
      ("# t\n\nA tier\nwith lines\njoined! Another", "A tier with lines joined!"),
      ("# t\n\n**What it teaches.** Three things:\n\n* one", "Three things."),
      ("# t\n\nNo end at all", "No end at all"),
      (
        "# t\n\nThe describe_flow_logs call and `aws ec2 describe-*` output. B",
        "The describe_flow_logs call and aws ec2 describe-* output."
      ),
    ])
  func firstSentence(markdown: String, expected: String) {
    #expect(ScenarioCommand.firstSentence(ofMarkdown: markdown) == expected)
  }
}
