import FlowCauseCLI
import Foundation
import Testing

/// `simulate` writes only records AWS could write: none for a direction that sent no packet,
/// none with 0 packets when a conversation spans more windows than it sent packets; a traffic
/// file that asks for something AWS could not log (a negative time, a request of no packet) is
/// an error naming the key; and a conversation the model cannot judge is named in a warning,
/// not dropped unsaid.
@Suite("simulate: only records AWS could write, from traffic it could see")
struct SimulateInputTests {
  /// One ENI with a public address whose security group lets HTTPS in from anywhere, in a
  /// subnet routed to an internet gateway, whose network ACL allows everything.
  static let topology = """
    {"flowcause-topology": 1,
     "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
     "subnets": [{"id": "subnet-a", "cidrs": ["10.0.1.0/24"], "route-table": "rtb-pub",
       "network-acl": "acl-a"}],
     "route-tables": [{"id": "rtb-pub", "main": true,
       "routes": [{"destination": "0.0.0.0/0", "target": "igw-1"}]}],
     "internet-gateways": [{"id": "igw-1"}],
     "network-acls": [{"id": "acl-a", "default": true,
       "inbound": [{"rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}],
       "outbound": [{"rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}]}],
     "security-groups": [{"id": "sg-web",
       "inbound": [{"protocol": "tcp", "ports": "443", "from": "0.0.0.0/0"}],
       "outbound": [{"protocol": "all", "to": "0.0.0.0/0"}]}],
     "network-interfaces": [{"id": "eni-web", "subnet": "subnet-a", "private-ips": ["10.0.1.10"],
       "public-ip": "203.0.113.10", "security-groups": ["sg-web"]}]}
    """

  func simulate(_ conversations: String, topology topologyText: String = topology) throws
    -> CLIHarness.Run
  {
    let directory = try CLIHarness.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let topology = directory.appendingPathComponent("topology.json")
    try topologyText.write(to: topology, atomically: true, encoding: .utf8)
    let traffic = directory.appendingPathComponent("traffic.json")
    try "{\"conversations\": [\(conversations)]}".write(
      to: traffic, atomically: true, encoding: .utf8)
    return CLIHarness.run([
      "simulate", "--topology", topology.path, "--traffic", traffic.path,
    ])
  }

  /// The records (default format) as (action, packets, start), in order.
  func records(_ run: CLIHarness.Run) -> [(action: String, packets: Int, start: Int)] {
    run.stdout.split(separator: "\n").map { line in
      let fields = line.split(separator: " ").map(String.init)
      return (fields[12], Int(fields[8]) ?? -1, Int(fields[10]) ?? -1)
    }
  }

  @Test("Two packets each way over five minutes: a record in the first and the last window")
  func fewerPacketsThanWindows() throws {
    let run = try simulate(
      """
      {"from": "198.51.100.7", "to": "eni-web", "protocol": "tcp", "port": 443,
       "packets": [2, 2], "start": 1700000000, "duration": 290}
      """)
    #expect(run.exit == .success, "\(run.stderr)")
    let records = records(run)
    #expect(records.count == 4, "\(run.stdout)")
    #expect(records.allSatisfy { $0.packets > 0 })
    #expect(Set(records.map(\.start)).count == 2)
  }

  @Test("An unanswered request: no record of a response that sent nothing")
  func noResponsePackets() throws {
    let run = try simulate(
      """
      {"from": "198.51.100.7", "to": "eni-web", "protocol": "tcp", "port": 443,
       "packets": [3, 0], "start": 1700000000}
      """)
    #expect(run.exit == .success, "\(run.stderr)")
    let records = records(run)
    #expect(records.count == 1, "\(run.stdout)")
    #expect(records.first?.action == "ACCEPT" && records.first?.packets == 3)
  }

  @Test("A path the model cannot judge (a subnet without a network ACL): no record, a warning")
  func unjudgedPath() throws {
    let run = try simulate(
      """
      {"from": "198.51.100.7", "to": "eni-web", "protocol": "tcp", "port": 443,
       "start": 1700000000}
      """, topology: NoPortsTests.topology)
    #expect(run.exit == .success, "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(
      run.stderr.contains(
        "conversations[0]: warning: not simulated past network-acl-ingress: subnet-a has no network ACL"
      ), "\(run.stderr)")
  }

  @Test(
    "A negative start or duration, a request of no packet, an ICMP type out of range: errors",
    arguments: [
      ("\"start\": -5", "conversations[0].start: error: expected unix seconds (0 or more)"),
      (
        "\"start\": 1700000000, \"duration\": -1",
        "conversations[0].duration: error: expected seconds (0 or more)"
      ),
      (
        "\"start\": 1700000000, \"packets\": [0, 0]",
        "conversations[0].packets: error: the request sends at least one packet"
      ),
      (
        "\"start\": 1700000000, \"icmp-type\": 300",
        "conversations[0].icmp-type: error: expected an ICMP type 0-255"
      ),
    ])
  func badTraffic(fields: String, message: String) throws {
    let run = try simulate(
      "{\"from\": \"198.51.100.7\", \"to\": \"eni-web\", \"protocol\": \"tcp\", \"port\": 443, \(fields)}"
    )
    #expect(run.exit != .success)
    #expect(run.stderr.contains(message), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
  }
}
