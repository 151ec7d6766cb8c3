import Foundation
import Testing
import Topology

@testable import Analysis

/// `flowcause lint` on `Scenarios/network-firewall-inspection/topology`: the web subnet's
/// default route goes to the AWS Network Firewall endpoint, whose subnet routes to the internet
/// gateway (AWS Network Firewall Developer Guide, "Simple single zone architecture with an
/// internet gateway"). The web server's public address is reached through the firewall: no
/// routing finding may tell the user to route around it.
@Suite("lint on a subnet that reaches the internet through a firewall endpoint")
struct LintInspectionTests {
  static let topologyFolder = ScenarioTopology.folder("network-firewall-inspection")

  @Test("No public-ip- or public-subnet-without-igw-route behind an inspecting endpoint")
  func noRoutingFinding() throws {
    let findings = try LintFixtureTests.lint(Self.topologyFolder)
    let routing = findings.filter {
      $0.id == .publicIPWithoutIGWRoute || $0.id == .publicSubnetWithoutIGWRoute
    }
    #expect(routing.isEmpty, "\(routing.map(\.explanation))")
  }

  @Test("Without the firewall subnet's route to the internet gateway, both are reported")
  func reportedWhenTheFirewallCannotReachTheInternet() throws {
    var topology = try ScenarioTopology.load("network-firewall-inspection")
    for (id, table) in topology.routeTables {
      topology.routeTables[id]?.routes = table.routes.filter {
        if case .internetGateway = $0.target { return false }
        return true
      }
    }
    let ids = Set(Linter(topology: topology).lint().map(\.id))
    #expect(ids.contains(.publicIPWithoutIGWRoute))
    #expect(ids.contains(.publicSubnetWithoutIGWRoute))
  }
}
