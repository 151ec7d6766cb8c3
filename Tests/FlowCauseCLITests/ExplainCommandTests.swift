import FlowCauseCLI
import Foundation
import Testing

/// `flowcause explain` tells one record's story; `flowcause scenario` lists and runs scenarios.
@Suite("explain and scenario commands")
struct ExplainCommandTests {
  static let scenario = CLIHarness.packageRoot.appendingPathComponent(
    "Scenarios/nacl-denies-inbound")

  @Test("explain --line: the NTP reply is the response of an accepted request, cut by the NACL")
  func explainLine() throws {
    let run = CLIHarness.run([
      "explain", "--topology", Self.scenario.appendingPathComponent("topology").path, "--line", "2",
      Self.scenario.appendingPathComponent("flows.log").path,
    ])
    #expect(run.exit == .success, "\(run.stderr)")
    #expect(run.stdout.contains("The response of its conversation"))
    #expect(run.stdout.contains("line 1 on eni-"))
    #expect(run.stdout.contains("Security groups are stateful"))
    #expect(run.stdout.contains("network-acl-ingress: DENIED"))
    #expect(run.stdout.contains("Cause: network-acl (SUBNET_ACL_RESTRICTION)"))
  }

  @Test("explain with the record as text, without a topology, stays undetermined and says why")
  func explainText() {
    let run = CLIHarness.run([
      "explain",
      "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK",
    ])
    #expect(run.exit == .success)
    #expect(run.stdout.contains("Cause: undetermined"))
    #expect(run.stdout.contains("Candidates: security-group, network-acl"))
    #expect(run.stdout.contains("give --topology"))
  }

  @Test("explain on a header line or past the end is an error naming the line")
  func explainNoRecord() {
    let run = CLIHarness.run([
      "explain", "--line", "99", Self.scenario.appendingPathComponent("flows.log").path,
    ])
    #expect(run.exit == .dataError)
    #expect(run.stderr.contains(":99: error: no flow record"))
  }

  @Test("scenario list names every scenario folder; run prints its diagnosis")
  func scenarioListAndRun() {
    let root = CLIHarness.packageRoot.appendingPathComponent("Scenarios").path
    let list = CLIHarness.run(["scenario", "list", "--scenarios", root])
    #expect(list.exit == .success)
    #expect(list.stdout.contains("nacl-denies-inbound  "))
    let run = CLIHarness.run(["scenario", "run", "nacl-denies-inbound", "--scenarios", root])
    #expect(run.exit == .success)
    #expect(run.stdout.contains("evaluated against the topology"))
    let missing = CLIHarness.run(["scenario", "run", "no-such-scenario", "--scenarios", root])
    #expect(missing.exit == .noInput)
  }
}
