import Foundation
import Testing

@testable import FlowCauseCLI

/// Every `Scenarios/<name>/` with `expected.jsonl`: `diagnose` must give, for each REJECT line,
/// the diagnosis the scenario's README argues. Adding a folder adds a case.
@Suite("diagnose gives each scenario's argued diagnosis")
struct ScenarioDiagnosisTests {
  static let root = CLIHarness.packageRoot.appendingPathComponent("Scenarios").path

  static func names() -> [String] {
    let command = try? ScenarioCommand(arguments: ["list", "--scenarios", root])
    return command?.scenarios().filter { command?.hasExpectations($0) == true } ?? []
  }

  @Test("The scenarios with expectations are found (a broken path must not pass)")
  func found() {
    #expect(Self.names().count >= 5)
  }

  @Test(
    "Each REJECT gets the expected cause, code, component, rule, direction, role and confidence",
    arguments: names())
  func scenario(name: String) throws {
    let command = try ScenarioCommand(arguments: ["check", name, "--scenarios", Self.root])
    let problems = try command.check(name)
    #expect(problems.isEmpty, "\(name):\n\(problems.joined(separator: "\n"))")
  }

  @Test("Each scenario's README names the component and code of every expected diagnosis")
  func readmes() throws {
    for name in Self.names() {
      let readme = try String(contentsOfFile: "\(Self.root)/\(name)/README.md", encoding: .utf8)
      let expected = try String(
        contentsOfFile: "\(Self.root)/\(name)/expected.jsonl", encoding: .utf8)
      for line in expected.split(separator: "\n") {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        for key in ["component", "code"] {
          guard let value = object?[key] as? String else { continue }
          #expect(
            readme.contains(value),
            "\(name): README does not name the \(key) \(value) that expected.jsonl expects")
        }
      }
    }
  }

  @Test("`flowcause scenario check` passes and says so")
  func checkCommand() {
    let run = CLIHarness.run(["scenario", "check", "--scenarios", Self.root])
    #expect(run.exit == .success, "\(run.stdout)")
    #expect(run.stdout.contains(" passed, 0 failed"))
  }
}
