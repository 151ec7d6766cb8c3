import FlowCauseCLI
import Foundation
import Testing

/// Every `Scenarios/<name>/questions.json` holds what-if questions whose answers the scenario's
/// README argues from AWS's documentation; `trace` must give those answers on the scenario's
/// topology. Adding a scenario folder adds its questions here. `"reachable": null` is an
/// undetermined answer (exit 3): its `component` is the first undetermined checkpoint's.
@Suite("trace answers each scenario's questions")
struct ScenarioTraceTests {
  struct Question: CustomStringConvertible, Sendable {
    let scenario: String
    let name: String
    let from: String?
    let to: String?
    let protocolName: String?
    let port: Int?
    let sourcePort: Int?
    let reachable: Bool?
    let leg: String?
    let code: String?
    let component: String?
    let rule: String?

    init(scenario: String, fields: [String: Any]) {
      self.scenario = scenario
      name = fields["name"] as? String ?? "?"
      from = fields["from"] as? String
      to = fields["to"] as? String
      protocolName = fields["protocol"] as? String
      port = fields["port"] as? Int
      sourcePort = fields["source-port"] as? Int
      reachable = fields["reachable"] as? Bool
      leg = fields["leg"] as? String
      code = fields["code"] as? String
      component = fields["component"] as? String
      rule = (fields["rule"] as? String) ?? (fields["rule"] as? Int).map(String.init)
    }

    var description: String { "\(scenario)/\(name)" }
  }

  static let scenariosRoot = CLIHarness.packageRoot.appendingPathComponent("Scenarios")

  static func questions() -> [Question] {
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: scenariosRoot.path).sorted()) ?? []
    return names.flatMap { scenario -> [Question] in
      let file = scenariosRoot.appendingPathComponent(scenario).appendingPathComponent(
        "questions.json")
      guard let data = FileManager.default.contents(atPath: file.path),
        let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
      else { return [] }
      return list.map { Question(scenario: scenario, fields: $0) }
    }
  }

  @Test("The scenarios hold questions (a broken path must not pass silently)")
  func found() {
    #expect(Self.questions().count >= 10)
  }

  @Test(
    "Each question gets the argued verdict, leg, code and deciding rule", arguments: questions())
  func answer(question: Question) throws {
    let topology = Self.scenariosRoot.appendingPathComponent(question.scenario)
      .appendingPathComponent("topology").path
    var arguments = [
      "trace", "--topology", topology, "--from", try #require(question.from), "--to",
      try #require(question.to), "--protocol",
      try #require(question.protocolName), "--output", "json",
    ]
    if let port = question.port { arguments += ["--port", String(port)] }
    if let sourcePort = question.sourcePort {
      arguments += ["--source-port", String(sourcePort)]
    }
    let run = CLIHarness.run(arguments)
    let result = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
      "\(question): \(run.stderr)")
    let reachable = question.reachable
    #expect(result["NetworkPathFound"] as? Bool == reachable, "\(question)")
    #expect(
      result["ExplanationCode"] as? String == question.code,
      "\(question): \(result["Explanation"] ?? "")")
    #expect(result["BlockedLeg"] as? String == question.leg, "\(question)")
    let expectedExit: ExitCode =
      switch reachable {
      case true?: .success
      case false?: .notReachable
      case nil: .undetermined
      }
    #expect(run.exit == expectedExit, "\(question)")
    guard reachable != true else { return }
    // The deciding checkpoint (the denied one; for an undetermined answer, the first that could
    // not decide) names the component and rule the README argues for.
    let legKey = question.leg == "return" ? "ReturnPathComponents" : "ForwardPathComponents"
    let checkpoints = try #require(result[legKey] as? [[String: Any]])
    let decision = reachable == false ? "denied" : "undetermined"
    let deciding = try #require(checkpoints.first { $0["Result"] as? String == decision })
    if let component = question.component {
      #expect(
        (deciding["ComponentId"] as? String)?.split(separator: ",").map {
          $0.trimmingCharacters(in: .whitespaces)
        }.contains(component) == true, "\(question): \(deciding["ComponentId"] ?? "")")
    }
    if let rule = question.rule {
      let aclRule = deciding["AclRule"] as? [String: Any]
      #expect(aclRule?["RuleNumber"] as? Int == Int(rule), "\(question)")
    }
  }
}
