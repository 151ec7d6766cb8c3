import FlowCauseCLI
import Foundation
import Testing

/// A TCP or UDP REJECT whose record has no ports (a custom format without `srcport` and
/// `dstport`, or `-` in them) cannot be checked against security group or network ACL rules,
/// which match these protocols by port: `diagnose` says so (`undetermined`), writes the ports as
/// `null` as `parse` does, and never judges the flow as port 0.
@Suite("diagnose: a TCP or UDP record without ports is undetermined, its ports null")
struct NoPortsTests {
  /// One ENI whose security group lets in TCP 443 only: judged as port 0, SSH-like traffic
  /// would be denied by it with confidence.
  static let topology = """
    {"flowcause-topology": 1,
     "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
     "subnets": [{"id": "subnet-a", "cidrs": ["10.0.1.0/24"], "route-table": "rtb-pub"}],
     "route-tables": [{"id": "rtb-pub", "main": true,
       "routes": [{"destination": "0.0.0.0/0", "target": "igw-1"}]}],
     "internet-gateways": [{"id": "igw-1"}],
     "security-groups": [{"id": "sg-web",
       "inbound": [{"protocol": "tcp", "ports": "443", "from": "0.0.0.0/0"}],
       "outbound": [{"protocol": "all", "to": "0.0.0.0/0"}]}],
     "network-interfaces": [{"id": "eni-web", "subnet": "subnet-a", "private-ips": ["10.0.1.10"],
       "public-ip": "203.0.113.10", "security-groups": ["sg-web"]}]}
    """

  static let logs = [
    // A custom format without ports.
    "noports.log": """
    interface-id srcaddr dstaddr protocol start action
    eni-web 198.51.100.7 10.0.1.10 6 1700000000 REJECT

    """,
    // The default format, with `-` in both ports.
    "dashes.log": """
    2 111122223333 eni-web 198.51.100.7 10.0.1.10 - - 17 1 60 1700000000 1700000060 REJECT OK

    """,
  ]

  func diagnose(_ name: String, output: String) throws -> CLIHarness.Run {
    let directory = try CLIHarness.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let topology = directory.appendingPathComponent("topology.json")
    try Self.topology.write(to: topology, atomically: true, encoding: .utf8)
    let log = directory.appendingPathComponent(name)
    try Self.logs[name, default: ""].write(to: log, atomically: true, encoding: .utf8)
    return CLIHarness.run(["diagnose", "--topology", topology.path, "--output", output, log.path])
  }

  @Test(
    "JSON Lines and JSON: undetermined, both candidates, the ports null",
    arguments: [
      "noports.log", "dashes.log",
    ])
  func machineOutputs(name: String) throws {
    let lines = try diagnose(name, output: "jsonl")
    #expect(lines.exit == .success, "\(lines.stderr)")
    let objects = try lines.objects()
    try #require(objects.count == 1)
    let object = objects[0]
    #expect(object["cause"] as? String == "undetermined")
    #expect(object["candidates"] as? [String] == ["security-group", "network-acl"])
    #expect(object["srcport"] is NSNull && object["dstport"] is NSNull)
    #expect((object["explanation"] as? String)?.contains("no ports") == true)

    let document = try diagnose(name, output: "json")
    #expect(document.exit == .success)
    #expect(
      document.stdout.contains("\"srcport\": null") || document.stdout.contains("\"srcport\":null"))
    #expect(
      !document.stdout.contains("\"srcport\": 0") && !document.stdout.contains("\"srcport\":0"))
  }

  @Test("Text: the endpoints without a port 0")
  func text() throws {
    let run = try diagnose("noports.log", output: "text")
    #expect(run.exit == .success)
    #expect(run.stdout.contains("198.51.100.7 -> 10.0.1.10"), "\(run.stdout)")
    #expect(!run.stdout.contains(":0 ->"))
  }
}

/// A REJECT record without the fields a diagnosis needs (`interface-id`, the addresses,
/// `protocol`: the format lacks one, or it is `-`) cannot be diagnosed; it is counted and
/// named, never dropped unsaid, on the streaming path (one thread), the chunked one (two) and
/// the batch one (`--output json`). A header line whose format lacks one is an error (exit 65).
@Suite("diagnose: REJECT records it cannot diagnose are counted and named")
struct UndiagnosedRejectTests {
  static let log = """
    version srcaddr dstaddr srcport dstport protocol action start
    2 198.51.100.7 10.0.1.10 50001 443 6 ACCEPT 1700000000
    2 10.0.1.10 198.51.100.7 443 50001 6 REJECT 1700000000
    2 10.0.1.10 198.51.100.8 443 50002 6 REJECT 1700000001

    """

  @Test(
    "Without interface-id: the header line is an error; two REJECTs, none diagnosed, the first named",
    arguments: [
      ["--threads", "1", "--output", "jsonl"], ["--threads", "2", "--output", "jsonl"],
      ["--output", "json"],
    ])
  func withoutInterface(options: [String]) throws {
    let directory = try CLIHarness.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("noeni.log")
    try Self.log.write(to: log, atomically: true, encoding: .utf8)
    let run = CLIHarness.run(["diagnose"] + options + [log.path])
    #expect(run.exit == .dataError)
    #expect(
      run.stderr.contains(
        "\(log.path):1: error: header line lacks interface-id: diagnose needs interface-id, srcaddr, dstaddr, protocol and action\n"
      ), "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "flowcause: warning: 2 REJECT records were not diagnosed: each lacks interface-id, srcaddr, dstaddr or protocol (not in the format, or -); the first is at \(log.path):3"
      ), "\(run.stderr)")
    if options.contains("json") {
      #expect(run.stdout.contains("\"undiagnosed-rejects\": 2"), "\(run.stdout)")
    } else {
      #expect(run.stdout.isEmpty)
    }
  }

  @Test("The default format with protocol -: one REJECT not diagnosed")
  func dashProtocol() throws {
    let directory = try CLIHarness.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("dash.log")
    try
      "2 111122223333 eni-web 198.51.100.7 10.0.1.10 50000 22 - 1 60 1700000000 1700000060 REJECT OK\n"
      .write(to: log, atomically: true, encoding: .utf8)
    let run = CLIHarness.run(["diagnose", "--output", "jsonl", log.path])
    #expect(run.stderr.contains("1 REJECT record was not diagnosed: it lacks"), "\(run.stderr)")
    #expect(run.stderr.contains("\(log.path):1"))
  }
}
