import Foundation
import Testing

/// A topology that does not hold the logs' interfaces (another VPC's) must not head the answer
/// "evaluated against the topology": every output form says how many REJECTs were evaluated
/// against it, first, and stderr warns.
@Suite("diagnose: how many REJECTs the topology given holds the interface of")
struct TopologyCoverageTests {
  static func scenario(_ path: String) -> String {
    CLIHarness.packageRoot.appendingPathComponent("Scenarios").appendingPathComponent(path).path
  }

  /// web-app-vpc's topology, and the logs of another scenario (none of its ENIs), of its own
  /// (all of them), or both.
  static let topology = scenario("web-app-vpc/topology")
  static let otherLogs = scenario("nacl-missing-ephemeral-outbound/flows.log")
  static let ownLogs = scenario("web-app-vpc/flows.log")

  static func json(_ run: CLIHarness.Run) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
      "\(run.stdout)")
  }

  static func warnings(_ run: CLIHarness.Run) -> [String] {
    run.stderr.split(separator: "\n").map(String.init).filter {
      $0.hasPrefix("flowcause: warning:") && $0.contains("topology")
    }
  }

  @Test(
    "None of the REJECTs' interfaces in the topology: every form says so first",
    arguments: [1, 2])
  func none(threads: Int) throws {
    func run(_ output: String) -> CLIHarness.Run {
      CLIHarness.run([
        "diagnose", "--output", output, "--threads", "\(threads)", "--topology", Self.topology,
        Self.otherLogs,
      ])
    }
    let text = run("text")
    #expect(text.exit == .success)
    let lines = text.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "2 REJECT records, from the logs alone")
    #expect(
      lines.dropFirst().first
        == "Warning: none of their interfaces is in the topology given (the first: eni-0a1b7f3c9d5e70505 at \(Self.otherLogs):3): is it the topology of their VPC?"
    )
    #expect(!text.stdout.contains("evaluated against the topology"))
    let warning =
      "flowcause: warning: none of the 2 REJECT records' interfaces is in the topology (the first: eni-0a1b7f3c9d5e70505 at \(Self.otherLogs):3): they were diagnosed from the logs alone; is the topology that of the VPC whose flow logs these are?"
    for output in ["text", "json", "jsonl", "summary"] {
      #expect(Self.warnings(run(output)) == [warning], "\(output)")
    }
    for output in ["json", "summary"] {
      let document = try Self.json(run(output))
      #expect(document["rejects"] as? Int == 2, "\(output)")
      #expect(document["rejects-in-topology"] as? Int == 0, "\(output)")
    }
  }

  @Test("Some in it: how many were evaluated against it")
  func some() throws {
    let arguments = ["diagnose", "--topology", Self.topology, Self.otherLogs, Self.ownLogs]
    let text = CLIHarness.run(arguments)
    let lines = text.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "8 REJECT records, 6 evaluated against the topology")
    #expect(
      lines.dropFirst().first
        == "Warning: the interfaces of the other 2 are not in the topology (the first: eni-0a1b7f3c9d5e70505 at \(Self.otherLogs):3); they were diagnosed from the logs alone."
    )
    #expect(
      Self.warnings(text) == [
        "flowcause: warning: 6 of the 8 REJECT records were evaluated against the topology; the interfaces of the other 2 are not in it (the first: eni-0a1b7f3c9d5e70505 at \(Self.otherLogs):3), and they were diagnosed from the logs alone"
      ])
    let summary = try Self.json(
      CLIHarness.run(["diagnose", "--output", "summary"] + arguments.dropFirst()))
    #expect(summary["rejects-in-topology"] as? Int == 6)
    // The filters choose what is reported: the outputs count those; stderr, about the
    // topology and the logs, counts every REJECT.
    let filtered = CLIHarness.run(arguments + ["--port", "22"])
    #expect(filtered.stdout.hasPrefix("2 REJECT records, evaluated against the topology\n"))
    #expect(Self.warnings(filtered) == Self.warnings(text))
  }

  @Test("All in it: evaluated against the topology, no warning; no topology: null")
  func all() throws {
    let text = CLIHarness.run(["diagnose", "--topology", Self.topology, Self.ownLogs])
    #expect(text.stdout.hasPrefix("6 REJECT records, evaluated against the topology\n\n"))
    #expect(Self.warnings(text).isEmpty)
    let json = try Self.json(
      CLIHarness.run(["diagnose", "--output", "json", "--topology", Self.topology, Self.ownLogs]))
    #expect(json["rejects-in-topology"] as? Int == 6)
    for output in ["json", "summary"] {
      let document = try Self.json(CLIHarness.run(["diagnose", "--output", output, Self.ownLogs]))
      #expect(document["rejects-in-topology"] is NSNull, "\(output)")
    }
  }
}
