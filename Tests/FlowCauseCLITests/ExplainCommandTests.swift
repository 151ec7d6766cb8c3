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

  @Test("On an ENI without security groups the story says so, and names only the network ACL")
  func explainAttachmentInterface() throws {
    // A transit gateway attachment's ENI (Transit Gateway Guide, "Network ACLs for transit
    // gateways": only the attachment subnet's network ACL filters what crosses it).
    let native = """
      {"flowcause-topology": 1, "vpcs": [{"id": "vpc-b", "cidrs": ["10.2.0.0/16"]}],
       "subnets": [{"id": "subnet-tgw", "vpc": "vpc-b", "cidrs": ["10.2.255.0/28"]}],
       "network-interfaces": [{"id": "eni-tgw", "subnet": "subnet-tgw",
         "private-ips": ["10.2.255.4"], "security-groups": [], "type": "transit_gateway"}]}
      """
    let url = try CLIHarness.temporaryDirectory().appendingPathComponent("topology.json")
    try native.write(to: url, atomically: true, encoding: .utf8)
    let run = CLIHarness.run([
      "explain", "--topology", url.path,
      "2 123456789010 eni-tgw 10.1.1.10 10.2.1.20 45000 443 6 3 180 1767225605 1767225665 REJECT OK",
    ])
    #expect(run.exit == .success, "\(run.stderr)")
    #expect(run.stdout.contains("Egress: the packets were leaving eni-tgw."), "\(run.stdout)")
    #expect(
      run.stdout.contains(
        "eni-tgw belongs to a transit gateway attachment and has no security groups"))
    #expect(!run.stdout.contains("the ENI's security groups (allow-only"))
  }

  @Test("A topology without the record's interface: a warning heads the story, text and md")
  func topologyMismatch() {
    let root = CLIHarness.packageRoot.appendingPathComponent("Scenarios").path
    for output in ["text", "md"] {
      let run = CLIHarness.run([
        "explain", "--output", output, "--topology", root + "/nacl-denies-inbound/topology",
        "--line", "4", root + "/web-app-vpc/flows.log",
      ])
      #expect(run.exit == .success)
      let warning =
        "eni-1057f94be92cc619a is not in the topology given: this REJECT is explained from the "
        + "logs alone (is --topology the VPC the logs come from?)"
      #expect(
        run.stdout.hasPrefix(output == "md" ? "> **Warning:** \(warning)" : "Warning: \(warning)"),
        "\(run.stdout.prefix(200))")
      #expect(run.stderr.contains("flowcause explain: warning: \(warning)\n"))
    }
    // The interface in the topology: no warning.
    let matching = CLIHarness.run([
      "explain", "--topology", root + "/web-app-vpc/topology", "--line", "4",
      root + "/web-app-vpc/flows.log",
    ])
    #expect(!matching.stdout.contains("Warning") && !matching.stderr.contains("explain: warning"))
  }

  @Test("A paired record in another input is named with its input, not only its line")
  func pairedInAnotherInput() throws {
    let root = CLIHarness.packageRoot.appendingPathComponent("Scenarios").path
    let lines = try String(contentsOfFile: root + "/web-app-vpc/flows.log", encoding: .utf8)
      .split(separator: "\n").map(String.init)
    let folder = try CLIHarness.temporaryDirectory()
    // The request (line 16) in one file, its rejected reply (line 17) in the next.
    let first = folder.appendingPathComponent("x1.log")
    let second = folder.appendingPathComponent("x2.log")
    try Data((lines[0] + "\n" + lines[15] + "\n").utf8).write(to: first)
    try Data((lines[0] + "\n" + lines[16] + "\n").utf8).write(to: second)
    for threads in ["1", "2"] {
      let run = CLIHarness.run([
        "diagnose", "--output", "jsonl", "--threads", threads, "--topology",
        root + "/web-app-vpc/topology", first.path, second.path,
      ])
      #expect(run.exit == .success, "\(run.stderr)")
      #expect(
        run.stdout.contains("\"explanation\":\"the reply of the request on line 2 of input 1, "),
        "\(run.stdout.prefix(600))")
    }
    // In one file, the line alone.
    let one = CLIHarness.run([
      "diagnose", "--output", "jsonl", "--topology", root + "/web-app-vpc/topology",
      root + "/web-app-vpc/flows.log",
    ])
    #expect(one.stdout.contains("the reply of the request on line 16, "))
  }

  @Test("explain FILE without --line is a usage error saying so, not a record to parse")
  func fileWithoutLine() {
    let path = Self.scenario.appendingPathComponent("flows.log").path
    let run = CLIHarness.run(["explain", path])
    #expect(run.exit == .usage)
    #expect(
      run.stderr.hasPrefix(
        "flowcause explain: error: '\(path)' is a file: give the line of the REJECT to explain "
          + "with --line N"), "\(run.stderr)")
  }

  @Test("explain on a header line or past the end is an error naming the line")
  func explainNoRecord() {
    let run = CLIHarness.run([
      "explain", "--line", "99", Self.scenario.appendingPathComponent("flows.log").path,
    ])
    #expect(run.exit == .dataError)
    #expect(run.stderr.contains(":99: error: no flow record"))
  }

  @Test("explain on a damaged input (broken JSON) is an error naming the file and line, exit 65")
  func damagedInput() throws {
    // The REJECT on line 10 comes before the damage: it is there, but the evidence is not whole.
    let events = try Data(
      contentsOf: URL(fileURLWithPath: CLIHarness.fixture("same-records/get-log-events.json")))
    let damaged = try CLIHarness.temporaryDirectory().appendingPathComponent("events.json")
    try events.dropLast(100).write(to: damaged)
    let run = CLIHarness.run(["explain", "--line", "10", damaged.path])
    #expect(run.exit == .dataError)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("\(damaged.path): error: invalid JSON: line "), "\(run.stderr)")
    #expect(run.stderr.split(separator: "\n").count == 1)
  }

  @Test("explain tells the story of a good line of a file with a bad line, and exits 65")
  func badLineElsewhere() throws {
    let flows = try CLIHarness.temporaryDirectory().appendingPathComponent("flows.log")
    try Data(
      """
      2 111122223333 eni-1 10.0.0.1 10.0.0.2 44123 123 17 1 76 1795350425 1795350425 REJECT OK
      garbage line

      """.utf8
    ).write(to: flows)
    let run = CLIHarness.run(["explain", "--line", "1", flows.path])
    #expect(run.exit == .dataError)
    #expect(run.stdout.hasPrefix("\(flows.path):1: REJECT on eni-1\n"))
    #expect(run.stderr == "\(flows.path):2: error: expected 14 fields, found 2\n")
  }

  @Test("explain --help lists its options and exit codes")
  func help() {
    let run = CLIHarness.run(["explain", "--help"])
    #expect(run.exit == .success)
    for option in ["--topology PATH", "--format FORMAT", "--line N", "Exit codes:"] {
      #expect(run.stdout.contains(option), "\(option)")
    }
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
