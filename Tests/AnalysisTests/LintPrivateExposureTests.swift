import Foundation
import Testing
import Topology

@testable import Analysis

/// `sg-admin-port-open-to-world-private`: an admin or database port open to all addresses on an
/// interface the internet cannot reach is still open to everything that reaches the VPC (AWS
/// Config's `restricted-common-ports` flags the rule whether or not the instance is public:
/// https://docs.aws.amazon.com/config/latest/developerguide/restricted-common-ports.html). The
/// finding names the paths the subnet routes replies to: VPC peering, transit gateways and
/// virtual private gateways (Site-to-Site VPN or Direct Connect), as route tables target them
/// (https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html; Direct Connect
/// reaches a VPC through a virtual private gateway or a transit gateway:
/// https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html).
@Suite("lint: admin and database ports open to all addresses on private hosts")
struct LintPrivateExposureTests {
  static let fixture = LintFixtureTests.root.appendingPathComponent(
    "sg-admin-port-open-to-world-private/triggers/topology.json")

  /// Lints the trigger fixture after `change` edits its JSON object.
  static func lint(_ change: (inout [String: Any]) -> Void = { _ in }) throws -> [Finding] {
    var object = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
    change(&object)
    let bytes = Array(try JSONSerialization.data(withJSONObject: object))
    let topology = try TopologyLoader().load(
      documents: [TopologyDocument(name: "topology.json", bytes: bytes)])
    return Linter(topology: topology).lint().filter { $0.id == .sgAdminPortOpenToWorldPrivate }
  }

  @Test("It names the VPC's hosts and each gateway the subnet routes replies to")
  func paths() throws {
    let finding = try #require(try Self.lint().first)
    #expect(finding.severity == .warning)
    #expect(finding.relatedIds == ["eni-db"])
    #expect(
      finding.explanation.contains("eni-db (10.0.2.20, subnet subnet-data: no public IPv4 address)")
    )
    #expect(
      finding.explanation.hasSuffix(
        "everything that reaches the VPC can: other hosts of vpc-1; VPC peering pcx-1 "
          + "(10.30.0.0/16); a Site-to-Site VPN or Direct Connect through vgw-1 "
          + "(192.168.0.0/16); transit gateway tgw-1 (10.100.0.0/16)."))
  }

  @Test("A path whose clients the network ACL keeps out, or with no route, is not named")
  func aclAndRoutes() throws {
    let findings = try Self.lint { object in
      // The subnets' NACL denies tcp 5432 from the VPN's range first; the transit gateway's
      // route is gone.
      var acls = object["network-acls"] as? [[String: Any]] ?? []
      var inbound = acls[0]["inbound"] as? [[String: Any]] ?? []
      inbound.insert(
        [
          "rule": 90, "action": "deny", "protocol": "tcp", "ports": "5432",
          "cidr": "192.168.0.0/16",
        ], at: 0)
      acls[0]["inbound"] = inbound
      object["network-acls"] = acls
      var tables = object["route-tables"] as? [[String: Any]] ?? []
      tables[1]["routes"] = (tables[1]["routes"] as? [[String: Any]] ?? []).filter {
        $0["target"] as? String != "tgw-1"
      }
      object["route-tables"] = tables
    }
    let finding = try #require(findings.first)
    #expect(
      finding.explanation.hasSuffix(
        "can: other hosts of vpc-1; VPC peering pcx-1 (10.30.0.0/16)."))
  }

  @Test("A host the internet reaches gives the error finding, not this one")
  func publicHost() throws {
    let folder = LintFixtureTests.root.appendingPathComponent(
      "sg-admin-port-open-to-world/triggers")
    let findings = try LintFixtureTests.lint(folder)
    #expect(findings.contains { $0.id == .sgAdminPortOpenToWorld })
    #expect(!findings.contains { $0.id == .sgAdminPortOpenToWorldPrivate })
  }

  @Test("A public host whose network ACL keeps the internet off the port is a private one")
  func publicAddressBehindACL() throws {
    let findings = try Self.lint { object in
      object["internet-gateways"] = [["id": "igw-1"]]
      var tables = object["route-tables"] as? [[String: Any]] ?? []
      var routes = tables[1]["routes"] as? [[String: Any]] ?? []
      routes.append(["destination": "0.0.0.0/0", "target": "igw-1"])
      tables[1]["routes"] = routes
      object["route-tables"] = tables
      var enis = object["network-interfaces"] as? [[String: Any]] ?? []
      enis[1]["public-ip"] = "203.0.113.20"
      object["network-interfaces"] = enis
      object["network-acls"] = [
        [
          "id": "acl-default", "default": true,
          "inbound": [
            ["rule": 100, "action": "allow", "protocol": "all", "cidr": "10.0.0.0/8"],
            ["rule": 110, "action": "allow", "protocol": "all", "cidr": "192.168.0.0/16"],
          ],
          "outbound": [["rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"]],
        ]
      ]
    }
    let finding = try #require(findings.first)
    #expect(
      finding.explanation.contains(
        "eni-db (10.0.2.20, subnet subnet-data: acl-default admits none of these ports from the "
          + "internet)"))
  }
}
