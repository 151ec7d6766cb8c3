import Foundation
import Testing

/// A record's `traffic-path` (egress only) says which way its traffic left the ENI (VPC User
/// Guide, "Flow log records": 1 same VPC, 2 internet gateway or gateway endpoint, 3 virtual
/// private gateway, 4/5 peering, 6 local gateway, 7 gateway endpoint, 8 internet gateway). With
/// a topology, `diagnose` counts the records whose path its routes contradict, and warns.
@Suite("diagnose: traffic-path checked against the topology's routes")
struct TrafficPathTests {
  /// s3-gateway-endpoint-nacl: the subnet's table has the local route (10.40.0.0/16) and the
  /// S3 prefix list to a gateway endpoint, nothing else.
  static let topology = CLIHarness.packageRoot.appendingPathComponent(
    "Scenarios/s3-gateway-endpoint-nacl/topology"
  ).path
  static let header =
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status flow-direction traffic-path"
  static let eni = "eni-2645bd9c16c8a2bdc"

  static func log() throws -> String {
    let lines = [
      header,
      // 2: to S3 by the gateway endpoint (Nitro): agrees.
      "5 123456789012 \(eni) 10.40.1.10 52.216.20.5 40100 443 6 3 180 1700000000 1700000060 ACCEPT OK egress 7",
      // 3: to S3 "through an internet gateway": the table sends S3 to the endpoint.
      "5 123456789012 \(eni) 10.40.1.10 52.216.20.5 40101 443 6 3 180 1700000000 1700000060 ACCEPT OK egress 8",
      // 4: to the internet through an internet gateway: the table has no route for it.
      "5 123456789012 \(eni) 10.40.1.10 198.51.100.7 40102 443 6 3 180 1700000000 1700000060 ACCEPT OK egress 8",
      // 5: an ingress record with a traffic-path: not checked.
      "5 123456789012 \(eni) 198.51.100.7 10.40.1.10 443 40102 6 3 180 1700000000 1700000060 ACCEPT OK ingress 8",
      // 6: to a neighbour in the VPC: the local route, agrees.
      "5 123456789012 \(eni) 10.40.1.10 10.40.1.20 40103 5432 6 3 180 1700000000 1700000060 ACCEPT OK egress 1",
      // 7: an ENI outside the topology: not checked.
      "5 123456789012 eni-0000000000000000f 10.9.1.10 198.51.100.7 40104 443 6 3 180 1700000000 1700000060 ACCEPT OK egress 3",
      // 8: no traffic-path.
      "5 123456789012 \(eni) 10.40.1.10 198.51.100.8 40105 443 6 3 180 1700000000 1700000060 ACCEPT OK egress -",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  static func write(_ name: String, _ text: String) throws -> String {
    let url = try CLIHarness.temporaryDirectory().appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static func warnings(_ run: CLIHarness.Run) -> [String] {
    run.stderr.split(separator: "\n").map(String.init).filter { $0.contains("traffic-path") }
  }

  @Test(
    "Records whose traffic-path the routes contradict are counted and the first named",
    arguments: [1, 2])
  func mismatches(threads: Int) throws {
    let file = try Self.write("paths.log", Self.log())
    let expected =
      "flowcause: warning: 2 records' traffic-path disagree with the topology's routes; the first, \(file):3 on \(Self.eni), left for 52.216.20.5 through an internet gateway (traffic-path 8), where rtb-e32dab6266a7196db sends it by pl-0d7cd68397d0ae9e9 -> vpce-4018c3bfd1b3af033: the topology may not be the network that wrote these logs (collect it again), and verdicts that depend on routing may be wrong"
    for output in ["text", "jsonl", "summary", "json"] {
      let run = CLIHarness.run([
        "diagnose", "--threads", "\(threads)", "--output", output, "--topology", Self.topology,
        file,
      ])
      #expect(run.exit == .success, "\(run.stderr)")
      #expect(Self.warnings(run) == [expected], "\(output)")
      if output == "summary" || output == "json" {
        let document = try #require(
          try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["traffic-path-mismatches"] as? Int == 2)
      }
    }
  }

  @Test("No route at all is a mismatch too; without a topology nothing is checked")
  func noRouteAndNoTopology() throws {
    let lines = try Self.log().split(separator: "\n").map(String.init)
    let file = try Self.write("noroute.log", [lines[0], lines[3]].joined(separator: "\n") + "\n")
    let run = CLIHarness.run(["diagnose", "--output", "summary", "--topology", Self.topology, file])
    #expect(
      Self.warnings(run) == [
        "flowcause: warning: 1 record's traffic-path disagrees with the topology's routes; the first, \(file):2 on \(Self.eni), left for 198.51.100.7 through an internet gateway (traffic-path 8), where rtb-e32dab6266a7196db has no route for it: the topology may not be the network that wrote these logs (collect it again), and verdicts that depend on routing may be wrong"
      ])
    let alone = CLIHarness.run(["diagnose", "--output", "summary", file])
    #expect(Self.warnings(alone).isEmpty)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? [String: Any])
    #expect(document["traffic-path-mismatches"] is NSNull)
  }
}
