import FlowLogs
import Foundation

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
    default: throw UsageError("unknown scenario action '\(verb)'")
    }
  }

  /// The scenario folders: those with a `flows.log`.
  func scenarios() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return names.filter {
      FileManager.default.fileExists(atPath: "\(root)/\($0)/flows.log")
    }.sorted()
  }

  func run(io: CommandIO) -> ExitCode {
    switch action {
    case .list:
      for name in scenarios() {
        io.stdout.write("\(name)  \(summary(of: name))\n")
      }
      return .success
    case .run(let name):
      guard scenarios().contains(name) else {
        io.stderr.write("flowcause scenario: error: no scenario '\(name)' in \(root)\n")
        return .noInput
      }
      return FlowCauseCommand.dispatch(diagnoseArguments(name, output: "text"), io: io)
    case .check(let names):
      let selected = names.isEmpty ? scenarios().filter(hasExpectations) : names
      var failed = 0
      for name in selected {
        let problems = check(name)
        if problems.isEmpty {
          io.stdout.write("ok    \(name)\n")
        } else {
          failed += 1
          io.stdout.write("FAIL  \(name)\n")
          for problem in problems { io.stdout.write("      \(problem)\n") }
        }
      }
      io.stdout.write("\(selected.count - failed) passed, \(failed) failed\n")
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

  /// Differences between `expected.jsonl` and what `diagnose` says, one line each.
  func check(_ name: String) -> [String] {
    guard let expectedData = FileManager.default.contents(atPath: "\(root)/\(name)/expected.jsonl")
    else { return ["no expected.jsonl"] }
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
    let expected = objects(String(decoding: expectedData, as: UTF8.self))
    let actual = objects(out.text)
    var problems: [String] = []
    if expected.count != actual.count {
      problems.append("expected \(expected.count) REJECT diagnoses, got \(actual.count)")
    }
    for want in expected {
      guard let line = want["line"] as? Int else {
        problems.append("an expectation without a line")
        continue
      }
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

  private func summary(of name: String) -> String {
    guard let data = FileManager.default.contents(atPath: "\(root)/\(name)/README.md") else {
      return ""
    }
    let text = String(decoding: data, as: UTF8.self)
    let paragraph = text.split(separator: "\n").first { !$0.hasPrefix("#") && !$0.isEmpty }
    return paragraph.map { String($0.prefix(100)) } ?? ""
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
