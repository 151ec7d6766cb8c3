import FlowLogs
import Foundation
import Rendering

/// `flowcause scenario list | run NAME | check [NAME ...]` over the `Scenarios/` folders.
struct ScenarioCommand {
  enum Action {
    case list
    case run(String)
    case check([String])
  }

  let action: Action
  let root: String

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(arguments, valueOptions: ["--scenarios"], flagOptions: [])
    root = scanner.value("--scenarios") ?? "Scenarios"
    var positional = scanner.positional[...]
    guard let verb = positional.popFirst() else {
      throw UsageError("give list, run NAME or check [NAME ...]")
    }
    switch verb {
    case "list": action = .list
    case "run":
      guard let name = positional.popFirst() else { throw UsageError("run needs a scenario name") }
      action = .run(name)
    case "check": action = .check(Array(positional))
    default:
      throw UsageError(
        "unknown scenario action '\(verb)'"
          + DiagnosticRenderer.didYouMean(verb, among: ["list", "run", "check"], quote: "'"))
    }
  }

  /// The scenario folders: those with a `flows.log`.
  func scenarios() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return names.filter {
      FileManager.default.fileExists(atPath: "\(root)/\($0)/flows.log")
    }.sorted()
  }

  /// Why there is nothing to list, run or check.
  enum Failure: Error, Equatable {
    /// The folder of scenarios does not exist (its absolute path).
    case noFolder(String)
    /// The folder has no scenario in it (its absolute path).
    case noScenarios(String)
    /// `run NAME` or `check NAME` with a name that is not a scenario of the folder.
    case unknown(String)
  }

  /// A line of a scenario's `expected.jsonl` that is not an expectation.
  struct ExpectationError: Error, Equatable {
    let file: String
    let line: Int
    let reason: String
  }

  /// The scenarios of `root`, or why there are none.
  func available() -> Result<[String], Failure> {
    let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue
    else { return .failure(.noFolder(absolute)) }
    let names = scenarios()
    return names.isEmpty ? .failure(.noScenarios(absolute)) : .success(names)
  }

  func run(io: CommandIO) -> ExitCode {
    let names: [String]
    switch available() {
    case .failure(let failure):
      io.stderr.write(DiagnosticRenderer.scenarioFailure(failure, root: root))
      return .noInput
    case .success(let found): names = found
    }
    switch action {
    case .list:
      // One line a scenario: its name, padded so that the sentences line up, and the first
      // sentence of its README.
      let width = names.map(\.count).max() ?? 0
      for name in names {
        let padding = String(repeating: " ", count: width - name.count)
        io.stdout.write("\(name)\(padding)  \(summary(of: name))\n")
      }
      return .success
    case .run(let name):
      guard names.contains(name) else {
        io.stderr.write(DiagnosticRenderer.scenarioFailure(.unknown(name), root: root))
        return .noInput
      }
      return FlowCauseCommand.dispatch(diagnoseArguments(name, output: "text"), io: io)
    case .check(let wanted):
      if let name = wanted.first(where: { !names.contains($0) }) {
        io.stderr.write(DiagnosticRenderer.scenarioFailure(.unknown(name), root: root))
        return .noInput
      }
      let selected = wanted.isEmpty ? names.filter(hasExpectations) : wanted
      var failed = 0
      var damaged = false
      for name in selected {
        let problems: [String]
        do {
          problems = try check(name)
        } catch {
          failed += 1
          damaged = true
          io.stdout.write("FAIL  \(name)\n")
          // Keep the error after its FAIL line when both streams go to one place (2>&1).
          io.stdout.flush()
          io.stderr.write(DiagnosticRenderer.expectationError(error))
          continue
        }
        if problems.isEmpty {
          io.stdout.write("ok    \(name)\n")
        } else {
          failed += 1
          io.stdout.write("FAIL  \(name)\n")
          for problem in problems { io.stdout.write("      \(problem)\n") }
        }
      }
      io.stdout.write("\(selected.count - failed) passed, \(failed) failed\n")
      if damaged { return .dataError }
      return failed == 0 ? .success : .notReachable
    }
  }

  func hasExpectations(_ name: String) -> Bool {
    FileManager.default.fileExists(atPath: "\(root)/\(name)/expected.jsonl")
  }

  func diagnoseArguments(_ name: String, output: String) -> [String] {
    var arguments = ["diagnose", "--output", output]
    let topology = "\(root)/\(name)/topology"
    if FileManager.default.fileExists(atPath: topology) { arguments += ["--topology", topology] }
    return arguments + ["\(root)/\(name)/flows.log"]
  }

  /// Each line of `expected.jsonl`, as a JSON object with a `line` member; blank lines are
  /// skipped.
  func expectations(_ text: String, file: String) throws(ExpectationError) -> [[String: Any]] {
    var objects: [[String: Any]] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where !line.allSatisfy(\.isWhitespace) {
      guard let value = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
        throw ExpectationError(
          file: file, line: index + 1, reason: "invalid JSON (each line is one JSON object)")
      }
      guard let object = value as? [String: Any] else {
        throw ExpectationError(file: file, line: index + 1, reason: "not a JSON object")
      }
      guard object["line"] is Int else {
        throw ExpectationError(
          file: file, line: index + 1,
          reason: "no \"line\" member with the REJECT's line number in flows.log")
      }
      objects.append(object)
    }
    return objects
  }

  /// Differences between `expected.jsonl` and what `diagnose` says, one line each; throws when
  /// a line of `expected.jsonl` is not an expectation.
  func check(_ name: String) throws(ExpectationError) -> [String] {
    let expectedPath = "\(root)/\(name)/expected.jsonl"
    guard let expectedData = FileManager.default.contents(atPath: expectedPath)
    else { return ["no expected.jsonl"] }
    let expected = try expectations(
      String(decoding: expectedData, as: UTF8.self), file: expectedPath)
    let out = MemoryWriter()
    let err = MemoryWriter()
    let io = CommandIO(stdout: out, stderr: err, stdin: { MemorySource([]) })
    let exit = FlowCauseCommand.run(diagnoseArguments(name, output: "jsonl"), io: io)
    guard exit == .success else { return ["diagnose exited \(exit.rawValue): \(err.text)"] }
    func objects(_ text: String) -> [[String: Any]] {
      text.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
      }
    }
    let actual = objects(out.text)
    var problems: [String] = []
    if expected.count != actual.count {
      problems.append("expected \(expected.count) REJECT diagnoses, got \(actual.count)")
    }
    for want in expected {
      guard let line = want["line"] as? Int else { continue }
      guard let got = actual.first(where: { $0["line"] as? Int == line }) else {
        problems.append("line \(line): no diagnosis")
        continue
      }
      for (key, value) in want.sorted(by: { $0.key < $1.key }) where key != "line" {
        let left = jsonText(value)
        let right = jsonText(got[key] ?? NSNull())
        if left != right {
          problems.append("line \(line): \(key) expected \(left), got \(right)")
        }
      }
    }
    return problems
  }

  /// The first sentence of the scenario's README, as plain text (empty without a README).
  private func summary(of name: String) -> String {
    guard let data = FileManager.default.contents(atPath: "\(root)/\(name)/README.md") else {
      return ""
    }
    return Self.firstSentence(ofMarkdown: String(decoding: data, as: UTF8.self))
  }
}

/// A JSON value as compact text, for comparing expectations.
func jsonText(_ value: Any) -> String {
  if value is NSNull { return "null" }
  if let data = try? JSONSerialization.data(
    withJSONObject: [value], options: [.sortedKeys, .fragmentsAllowed]),
    let text = String(data: data, encoding: .utf8)
  {
    return String(text.dropFirst().dropLast())
  }
  return "\(value)"
}
