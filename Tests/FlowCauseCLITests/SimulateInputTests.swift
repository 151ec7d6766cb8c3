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
      // Found by fuzz-traffic's kind of input: sums of times near Int64.max overflowed.
      (
        "\"start\": 9223372036854775000, \"duration\": 100000",
        "conversations[0].start: error: expected unix seconds of at most 1099511627776"
      ),
      (
        "\"start\": 1700000000, \"duration\": 9223372036854775807",
        "conversations[0].duration: error: expected seconds of at most 2592000 (30 days)"
      ),
      (
        "\"start\": 1700000000, \"packets\": [9223372036854775807, 1]",
        "conversations[0].packets: error: expected counts of at most 1099511627776"
      ),
      // Two unknown keys: the first in name order is named, on every run (the file's keys are
      // read into a dictionary, whose order changes from process to process).
      (
        "\"start\": 1700000000, \"zz-extra\": 1, \"dues\": 2, \"source-art\": 3",
        "conversations[0].dues: error: unknown key"
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

  func simulate(conversations: String, truth: Bool) throws -> (CLIHarness.Run, String) {
    let directory = try CLIHarness.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let topology = directory.appendingPathComponent("topology.json")
    try Self.topology.write(to: topology, atomically: true, encoding: .utf8)
    let traffic = directory.appendingPathComponent("traffic.json")
    try "{\"conversations\": [\(conversations)]}".write(
      to: traffic, atomically: true, encoding: .utf8)
    let truthFile = directory.appendingPathComponent("truth.jsonl")
    let run = CLIHarness.run([
      "simulate", "--topology", topology.path, "--traffic", traffic.path, "--truth",
      truthFile.path, "--format",
      "${interface-id} ${srcaddr} ${srcport} ${dstport} ${packets} "
        + "${start} ${action} ${tcp-flags}",
    ])
    return (run, (try? String(contentsOf: truthFile, encoding: .utf8)) ?? "")
  }

  @Test("The new keys: late-delay, late-reset, late-from, reply-delay, one-way and tcp-flags")
  func newKeys() throws {
    let (run, truth) = try simulate(
      conversations: """
        {"from": "eni-web", "to": "198.51.100.7", "protocol": "tcp", "port": 443,
         "source-port": 40000, "start": 1700000040, "ending": "late-reset", "late-delay": 20,
         "late-from": "server"},
        {"from": "eni-web", "to": "198.51.100.7", "protocol": "udp", "port": 53,
         "source-port": 40001, "start": 1700000040, "duration": 0, "packets": [1, 1],
         "ending": "reply-after-timeout", "reply-delay": 25},
        {"from": "198.51.100.9", "to": "eni-web", "protocol": "tcp", "port": 40002,
         "source-port": 443, "start": 1700000040, "one-way": true, "tcp-flags": 4,
         "packets": [2, 0]}
        """, truth: true)
    #expect(run.exit == .success, "\(run.stderr)")
    #expect(
      run.stdout.split(separator: "\n").map(String.init) == [
        "eni-web 10.0.1.10 40000 443 5 1700000040 ACCEPT 3",
        "eni-web 198.51.100.7 443 40000 4 1700000040 ACCEPT 19",
        "eni-web 198.51.100.7 443 40000 1 1700000061 REJECT 4",
        "eni-web 10.0.1.10 40001 53 1 1700000040 ACCEPT 0",
        "eni-web 198.51.100.7 53 40001 1 1700000065 ACCEPT 0",
        "eni-web 198.51.100.9 443 40002 2 1700000040 REJECT 4",
      ])
    #expect(
      truth.split(separator: "\n").map(String.init) == [
        #"{"line":3,"interface-id":"eni-web","cause":"after-close","role":"response","component":null,"rule":null,"direction":"ingress"}"#,
        #"{"line":6,"interface-id":"eni-web","cause":"security-group","role":"request","component":"sg-web","rule":null,"direction":"ingress","one-way":true}"#,
      ])
  }

  @Test("Two REJECTs of one flow in one window are one record; --truth lists the other cause")
  func aggregatedTruth() throws {
    // A late FIN of a closed connection and a spoofed SYN-ACK on the same tuple.
    let (run, truth) = try simulate(
      conversations: """
        {"from": "eni-web", "to": "198.51.100.7", "protocol": "tcp", "port": 443,
         "source-port": 40000, "start": 1700000040, "ending": "late-packet", "late-from": "server"},
        {"from": "198.51.100.7", "to": "203.0.113.10", "protocol": "tcp", "port": 40000,
         "source-port": 443, "start": 1700000110, "duration": 0, "one-way": true,
         "tcp-flags": 18, "packets": [1, 0]}
        """, truth: true)
    #expect(run.exit == .success, "\(run.stderr)")
    #expect(
      run.stdout.split(separator: "\n").last
        == "eni-web 198.51.100.7 443 40000 2 1700000105 REJECT 19")
    #expect(
      truth
        == #"{"line":3,"interface-id":"eni-web","cause":"after-close","role":"response","component":null,"rule":null,"direction":"ingress","also":[{"cause":"security-group","role":"request","component":"sg-web","rule":null}]}"#
        + "\n")
  }

  @Test(
    "A new key where it means nothing, or with a wrong value: an error naming the key",
    arguments: [
      (
        #""protocol": "tcp", "port": 443, "reply-delay": 50"#,
        "conversations[0].reply-delay: error: only with ending reply-after-timeout"
      ),
      (
        #""protocol": "tcp", "port": 443, "ending": "reply-after-timeout", "reply-delay": -1"#,
        "conversations[0].reply-delay: error: expected seconds (0 or more)"
      ),
      (
        #""protocol": "tcp", "port": 443, "late-delay": 10"#,
        "conversations[0].late-delay: error: only with ending late-packet or late-reset"
      ),
      (
        #""protocol": "tcp", "port": 443, "ending": "late-packet", "late-from": "router""#,
        "conversations[0].late-from: error: expected client or server"
      ),
      (
        #""protocol": "tcp", "port": 443, "late-from": "server""#,
        "conversations[0].late-from: error: only with ending late-packet or late-reset"
      ),
      (
        #""protocol": "udp", "port": 53, "ending": "late-reset""#,
        "conversations[0].ending: error: late-reset needs tcp (a connection to close)"
      ),
      (
        #""protocol": "tcp", "port": 443, "one-way": "yes""#,
        "conversations[0].one-way: error: expected true or false"
      ),
      (
        #""protocol": "tcp", "port": 443, "one-way": true, "ending": "close""#,
        "conversations[0].ending: error: one-way traffic has no ending"
      ),
      (
        #""protocol": "tcp", "port": 443, "one-way": true, "packets": [3, 2]"#,
        "conversations[0].packets: error: one-way traffic has no response: [request, 0]"
      ),
      (
        #""protocol": "tcp", "port": 443, "tcp-flags": 18"#,
        #"conversations[0].tcp-flags: error: only with "one-way": true"#
      ),
      (
        #""protocol": "udp", "port": 53, "one-way": true, "tcp-flags": 2"#,
        "conversations[0].tcp-flags: error: only for tcp"
      ),
      (
        #""protocol": "tcp", "port": 443, "one-way": true, "tcp-flags": 16"#,
        "conversations[0].tcp-flags: error: expected FIN 1, SYN 2, RST 4 or SYN-ACK 18"
      ),
      (
        #""protocol": "icmp", "icmp-type": 3, "ending": "reply-after-timeout""#,
        "conversations[0].ending: error: icmp type 3 has no reply"
      ),
      (
        #""protocol": "icmp", "icmp-type": 11, "packets": [1, 1]"#,
        "conversations[0].packets: error: icmp type 11 is answered by nothing: [request, 0]"
      ),
      (
        #""protocol": "tcp", "port": 443, "ending": "closed""#,
        "conversations[0].ending: error: expected one of close, reset, open, late-packet, late-reset, reply-after-timeout"
      ),
    ])
  func badNewKeys(fields: String, message: String) throws {
    let run = try simulate(
      "{\"from\": \"198.51.100.7\", \"to\": \"eni-web\", \"start\": 1700000000, \(fields)}")
    #expect(run.exit == .dataError)
    #expect(run.stderr.contains(message), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
  }
}
