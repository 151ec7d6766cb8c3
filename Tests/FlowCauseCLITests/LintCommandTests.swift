import FlowCauseCLI
import Foundation
import Testing

/// `flowcause lint`: options, exit codes by `--fail-on`, and the JSON document.
@Suite("lint command")
struct LintCommandTests {
  static let topology = CLIHarness.packageRoot.appendingPathComponent(
    "Scenarios/web-app-vpc/topology"
  ).path

  @Test("Exit 1 when a finding is at or above --fail-on, 0 otherwise")
  func exitCodes() {
    #expect(CLIHarness.run(["lint", "--topology", Self.topology]).exit == .notReachable)
    let clean = CLIHarness.packageRoot.appendingPathComponent(
      "Tests/AnalysisTests/Fixtures/lint/blackhole-route/clean"
    ).path
    #expect(CLIHarness.run(["lint", "--topology", clean]).exit == .success)
    let warning = CLIHarness.packageRoot.appendingPathComponent(
      "Tests/AnalysisTests/Fixtures/lint/blackhole-route/triggers"
    ).path
    #expect(CLIHarness.run(["lint", "--topology", warning]).exit == .success)
    #expect(
      CLIHarness.run(["lint", "--topology", warning, "--fail-on", "warning"]).exit == .notReachable)
  }

  @Test("The text summary's counts agree in number: 1 warning, 2 warnings, 0 errors")
  func summaryPlurals() {
    let run = CLIHarness.run(["lint", "--topology", Self.topology])
    #expect(
      run.stdout.hasSuffix(
        "\n4 findings: 1 error, 2 warnings, 1 notice; failing (--fail-on error).\n"))
    let one = CLIHarness.packageRoot.appendingPathComponent(
      "Tests/AnalysisTests/Fixtures/lint/blackhole-route/triggers"
    ).path
    #expect(
      CLIHarness.run(["lint", "--topology", one]).stdout.hasSuffix(
        "\n1 finding: 0 errors, 1 warning, 0 notices; passing (--fail-on error).\n"))
  }

  @Test("--output json: findings with AWS's field names, a summary and the verdict")
  func json() throws {
    let run = CLIHarness.run(["lint", "--topology", Self.topology, "--output", "json"])
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let findings = try #require(document["Findings"] as? [[String: Any]])
    #expect(findings.count == 4)
    let first = try #require(findings.first)
    #expect(first["FindingId"] as? String == "tier-replies-blocked")
    let rule = try #require(first["AclRule"] as? [String: Any])
    #expect(rule["NetworkAclId"] as? String == "acl-d7519ad518d40df5e")
    #expect(rule["RuleNumber"] as? Int == 32767)
    #expect(rule["Egress"] as? Bool == true)
    let sgRules = try #require(first["SecurityGroupRules"] as? [[String: Any]])
    #expect(sgRules.first?["GroupId"] as? String == "sg-821d1231b44c41bde")
    #expect((first["ClientsCutOff"] as? [[String: Any]])?.count == 2)
    #expect(
      document["Summary"] as? [String: Int] == ["error": 1, "warning": 2, "notice": 1])
    #expect(document["Failed"] as? Bool == true)
  }

  @Test("Usage errors exit 64; a missing topology exits 66")
  func usage() {
    #expect(CLIHarness.run(["lint"]).exit == .usage)
    #expect(
      CLIHarness.run(["lint", "--topology", Self.topology, "--fail-on", "fatal"]).exit == .usage)
    #expect(CLIHarness.run(["lint", "--topology", "/nonexistent"]).exit == .noInput)
    #expect(CLIHarness.run(["lint", "--help"]).stdout.contains("--fail-on"))
  }
}
