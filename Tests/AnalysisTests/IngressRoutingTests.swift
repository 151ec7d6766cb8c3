import Foundation
import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// Ingress routing (VPC User Guide, "Gateway route tables"): the route table associated with an
/// internet gateway sends what comes in for a subnet to a firewall endpoint first. On
/// `Scenarios/network-firewall-inspection/topology`, with the web subnet's own default route
/// put back to the internet gateway (so that only the edge table names the firewall).
@Suite("trace: an internet gateway's edge route table sends incoming traffic to a firewall")
struct IngressRoutingTests {
  static func topology() throws -> Topology {
    var topology = try ScenarioTopology.load("network-firewall-inspection")
    let web = "rtb-dea3801ba14294a67"
    var routes = topology.routeTables[web]?.routes ?? []
    for index in routes.indices {
      if case .vpcEndpoint = routes[index].target {
        routes[index].target = .internetGateway("igw-14e3ec912e0644a90")
      }
    }
    topology.routeTables[web]?.routes = routes
    return topology
  }

  func trace(port: UInt16) throws -> PathTrace {
    try PathTracer(topology: Self.topology()).trace(
      TraceRequest(from: "198.51.100.7", to: "54.214.129.223", protocolNumber: 6, port: port))
  }

  @Test("Allowed by the web server's group: undetermined at the firewall endpoint, never reachable")
  func inspected() throws {
    let trace = try trace(port: 443)
    #expect(trace.verdict.reachable == nil)
    let firewall = try #require(trace.forward.first { $0.result == .undetermined })
    #expect(firewall.check == .vpcEndpoint)
    #expect(firewall.componentId == "vpce-11642a2f569d82236")
    #expect(firewall.explanation.contains("edge route table of igw-14e3ec912e0644a90"))
    // The firewall's subnet is entered from the gateway and left for the web subnet: its
    // network ACL both ways, around the inspection.
    let firewallSubnet = try #require(
      try Self.topology().vpcEndpoints["vpce-11642a2f569d82236"]?.subnetIds.first)
    let crossings = trace.forward.filter { $0.subnetId == firewallSubnet }.map(\.check)
    #expect(crossings == [.networkACLIngress, .networkACLEgress])
  }

  @Test("Refused by the web server's group: the group decides, whatever the firewall does")
  func refusedPastTheFirewall() throws {
    let trace = try trace(port: 8080)
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.code == .eniSGRulesMismatch)
  }
}
