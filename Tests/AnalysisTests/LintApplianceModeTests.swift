import Foundation
import RandomNetworks
import Testing
import Topology

@testable import Analysis

/// `tgw-appliance-mode-off` on the inspection design of its fixture
/// (`Fixtures/lint/tgw-appliance-mode-off/triggers`: `tgw-attach-inspection` in us-east-1a and
/// us-east-1b, each attachment subnet's table sending 0.0.0.0/0 to the Gateway Load Balancer
/// endpoint of its zone), each test changing one thing the Transit Gateway Guide's "Example:
/// Appliance in a shared services VPC" turns on.
@Suite("lint: transit gateway attachments of inspection VPCs without appliance mode")
struct LintApplianceModeTests {
  static func inspection() throws -> Topology {
    let folder = LintFixtureTests.root.appendingPathComponent("tgw-appliance-mode-off/triggers")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") && $0 != "expected.json" }.sorted()
    return try TopologyLoader().load(
      documents: files.map { name in
        TopologyDocument(
          name: name, bytes: Array(try Data(contentsOf: folder.appendingPathComponent(name))))
      })
  }

  /// `topology` with `change` made to each route of an attachment subnet's table to an endpoint.
  static func endpointRoutes(_ topology: Topology, _ change: (inout Route) -> Void) -> Topology {
    var topology = topology
    for id in ["rtb-tgw-a", "rtb-tgw-b"] {
      guard var table = topology.routeTables[id] else { continue }
      for index in table.routes.indices {
        if case .vpcEndpoint = table.routes[index].target { change(&table.routes[index]) }
      }
      topology.routeTables[id] = table
    }
    return topology
  }

  static func findings(_ topology: Topology) -> [Finding] {
    Linter(topology: topology).lint().filter { $0.id == .tgwApplianceModeOff }
  }

  @Test("The inspection attachment is named, with its zones, routes and the command that fixes it")
  func named() throws {
    let findings = Self.findings(try Self.inspection())
    #expect(findings.map(\.componentId) == ["tgw-attach-inspection"])
    let finding = try #require(findings.first)
    #expect(finding.fingerprint == "tgw-appliance-mode-off/tgw-attach-inspection")
    #expect(finding.explanation.contains("us-east-1a, us-east-1b"))
    #expect(
      finding.explanation.contains("rtb-tgw-a (of subnet-tgw-a) sends 0.0.0.0/0 to vpce-fw-a"))
    #expect(finding.fix.contains("--options ApplianceModeSupport=enable"))
    #expect(finding.affected.subnetIds == ["subnet-tgw-a", "subnet-tgw-b"])
    #expect(finding.relatedIds.contains("vpce-fw-b") && finding.relatedIds.contains("tgw-1"))
  }

  @Test("An attachment in one zone has one interface for both directions: no finding")
  func oneZone() throws {
    var topology = try Self.inspection()
    topology.transitGatewayAttachments["tgw-attach-inspection"]?.subnetIds = ["subnet-tgw-a"]
    #expect(Self.findings(topology).isEmpty)
  }

  @Test("Subnets whose zones are not loaded count as a zone each (AWS takes one subnet a zone)")
  func zonesUnknown() throws {
    var topology = try Self.inspection()
    topology.subnets["subnet-tgw-a"]?.availabilityZone = nil
    topology.subnets["subnet-tgw-b"]?.availabilityZone = nil
    #expect(Self.findings(topology).map(\.componentId) == ["tgw-attach-inspection"])
  }

  @Test("Attachment subnets routed to a NAT gateway, not to an inspection endpoint: no finding")
  func noAppliance() throws {
    let topology = Self.endpointRoutes(try Self.inspection()) { $0.target = .natGateway("nat-1") }
    #expect(Self.findings(topology).isEmpty)
  }

  @Test("A blackhole route to a deleted endpoint hands nothing to an appliance: no finding")
  func blackhole() throws {
    let topology = Self.endpointRoutes(try Self.inspection()) { $0.state = .blackhole }
    #expect(Self.findings(topology).isEmpty)
  }

  @Test("An AWS Network Firewall's endpoints are named as such")
  func networkFirewall() throws {
    var topology = try Self.inspection()
    for id in ["vpce-fw-a", "vpce-fw-b"] {
      topology.vpcEndpoints[id]?.firewallArn =
        "arn:aws:network-firewall:us-east-1:111122223333:firewall/inspection"
    }
    let finding = try #require(Self.findings(topology).first)
    #expect(finding.explanation.contains("an AWS Network Firewall endpoint"))
  }

  @Test("A deleted attachment carries nothing: no finding")
  func deleted() throws {
    var topology = try Self.inspection()
    topology.transitGatewayAttachments["tgw-attach-inspection"]?.state = "deleted"
    #expect(Self.findings(topology).isEmpty)
  }

  @Test("appliance-mode in the native format is read, and written back by the random networks")
  func nativeFormat() throws {
    var topology = try Self.inspection()
    topology.transitGatewayAttachments["tgw-attach-inspection"]?.applianceMode = true
    let bytes = RandomNetwork.json(RandomNetwork.nativeDocument(topology, description: "test"))
    let loaded = try TopologyLoader().load(documents: [
      TopologyDocument(name: "topology.json", bytes: Array(bytes))
    ])
    #expect(loaded.transitGatewayAttachments == topology.transitGatewayAttachments)
    #expect(loaded.transitGatewayAttachments["tgw-attach-inspection"]?.applianceMode == true)
    #expect(loaded.transitGatewayAttachments["tgw-attach-a"]?.applianceMode == false)
  }
}
