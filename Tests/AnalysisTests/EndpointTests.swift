import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// VPC endpoints a route sends traffic to: a gateway endpoint carries S3 traffic both ways (VPC
/// User Guide, "Gateway endpoints for Amazon S3": the route's destination is the service's
/// prefix list, the subnet's network ACL must allow the service's addresses both ways); a
/// Network Firewall endpoint inspects it with rules the topology does not hold ("Firewall
/// endpoints", AWS Network Firewall Developer Guide): undetermined, never allowed.
@Suite("trace and diagnose through VPC endpoints and virtual private gateways")
struct EndpointTests {
  static let s3Address = "52.219.1.10"

  /// `TestNetwork`: rtb-app sends pl-s3 (52.219.0.0/20) to the gateway endpoint vpce-s3 and
  /// 198.51.100.0/24 to vpce-fw, an AWS Network Firewall endpoint; `acl-db`-like entries on
  /// the app subnet when `aclReturn` is false: its ACL admits no reply from S3.
  static func network(aclAllowsReplies: Bool = true) -> Topology {
    var topology = TestNetwork.make()
    topology.prefixLists["pl-s3"] = PrefixList(
      id: "pl-s3", name: "com.amazonaws.us-east-1.s3", cidrs: [TestNetwork.cidr("52.219.0.0/20")])
    topology.routeTables["rtb-app"]?.routes += [
      Route(destination: .prefixList("pl-s3"), target: .vpcEndpoint("vpce-s3")),
      Route(
        destination: .cidr(TestNetwork.cidr("198.51.100.0/24")), target: .vpcEndpoint("vpce-fw")),
    ]
    topology.vpcEndpoints["vpce-s3"] = VpcEndpoint(
      id: "vpce-s3", kind: .gateway, vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3",
      routeTableIds: ["rtb-app"])
    topology.vpcEndpoints["vpce-fw"] = VpcEndpoint(
      id: "vpce-fw", kind: .gatewayLoadBalancer, vpcId: "vpc-1",
      serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-1", subnetIds: ["subnet-pub"],
      firewallArn: "arn:aws:network-firewall:us-east-1:111122223333:firewall/edge")
    if !aclAllowsReplies {
      topology.networkACLs["acl-app"] = NetworkACL(
        id: "acl-app", vpcId: "vpc-1", isDefault: false,
        entries: TestNetwork.inModelOrder(
          [
            TestNetwork.allowAll(100, egress: true, "0.0.0.0/0"),
            NetworkACLEntry(
              ruleNumber: 100, egress: false, action: .allow, protocolMatch: .all,
              cidr: TestNetwork.cidr("10.0.0.0/16")),
          ] + TestNetwork.implicitDenies()), subnetIds: ["subnet-app"])
      topology.networkACLs["acl-default"]?.subnetIds.removeAll { $0 == "subnet-app" }
    }
    return topology
  }

  func trace(_ topology: Topology, to: String) throws -> PathTrace {
    try PathTracer(topology: topology).trace(
      TraceRequest(from: "eni-app", to: to, protocolNumber: 6, port: 443, sourcePort: 40000))
  }

  @Test("S3 through a gateway endpoint: out and back, the subnet's ACL both ways")
  func gatewayEndpoint() throws {
    let trace = try trace(Self.network(), to: Self.s3Address)
    #expect(trace.verdict.reachable == true)
    #expect(trace.forward.last?.check == .vpcEndpoint)
    #expect(trace.forward.last?.componentId == "vpce-s3")
    #expect(
      trace.returnLeg.map(\.check) == [.vpcEndpoint, .networkACLIngress, .securityGroupIngress])
  }

  @Test("lint names the calls the subnet's ACL lets out, not every port the group allows")
  func outboundRepliesNameTheCallsThatLeave() {
    // acl-app lets only tcp 443 out and admits replies from the VPC only; eni-app's group
    // allows all traffic out: its calls to S3 through vpce-s3 are on 443 alone.
    var topology = Self.network(aclAllowsReplies: false)
    topology.networkACLs["acl-app"]?.entries = TestNetwork.inModelOrder(
      [
        NetworkACLEntry(
          ruleNumber: 100, egress: true, action: .allow, protocolMatch: .tcp,
          cidr: TestNetwork.cidr("0.0.0.0/0"), ports: PortRange(from: 443, to: 443)),
        NetworkACLEntry(
          ruleNumber: 100, egress: false, action: .allow, protocolMatch: .all,
          cidr: TestNetwork.cidr("10.0.0.0/16")),
      ] + TestNetwork.implicitDenies())
    let found = Linter(topology: topology).lint().filter {
      $0.id == .naclBlocksOutboundReplies && $0.componentId == "acl-app"
    }
    #expect(!found.isEmpty)
    #expect(found.allSatisfy { $0.affected.services == ["tcp 443"] }, "\(found.map(\.affected))")
  }

  @Test("The subnet's ACL admits no reply from S3: the return leg is denied there")
  func gatewayEndpointReplyDenied() throws {
    let trace = try trace(Self.network(aclAllowsReplies: false), to: Self.s3Address)
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.leg == .return)
    #expect(trace.returnLeg.last?.componentId == "acl-app")
  }

  @Test("A firewall endpoint: undetermined, its rules not evaluated, never allowed")
  func firewallEndpoint() throws {
    let trace = try trace(Self.network(), to: "198.51.100.7")
    #expect(trace.verdict.reachable == nil)
    #expect(trace.forward.last?.check == .vpcEndpoint)
    #expect(trace.forward.last?.result == .undetermined)
    #expect(trace.forward.last?.explanation.contains("firewall's rules are not evaluated") == true)
    // The firewall's subnet's network ACL is crossed on the way in to its endpoint: a denial
    // there decides, whatever the firewall would do.
    var topology = Self.network()
    topology.networkACLs["acl-fw"] = NetworkACL(
      id: "acl-fw", vpcId: "vpc-1", isDefault: false,
      entries: TestNetwork.inModelOrder(
        [
          NetworkACLEntry(
            ruleNumber: 90, egress: false, action: .deny, protocolMatch: .tcp,
            cidr: TestNetwork.cidr("0.0.0.0/0"), ports: PortRange(from: 443, to: 443)),
          TestNetwork.allowAll(100, egress: false, "0.0.0.0/0"),
          TestNetwork.allowAll(100, egress: true, "0.0.0.0/0"),
        ] + TestNetwork.implicitDenies()), subnetIds: ["subnet-pub"])
    topology.networkACLs["acl-default"]?.subnetIds.removeAll { $0 == "subnet-pub" }
    let cut = try self.trace(topology, to: "198.51.100.7")
    #expect(cut.verdict.reachable == false)
    #expect(cut.forward.last?.componentId == "acl-fw")
  }

  @Test("A prefix-list route whose entries are unknown: the route choice is undetermined")
  func unknownPrefixList() throws {
    var topology = Self.network()
    topology.prefixLists["pl-s3"]?.entriesKnown = false
    let trace = try trace(topology, to: Self.s3Address)
    #expect(trace.verdict.reachable == nil)
    #expect(trace.forward.last?.check == .routeTable)
    #expect(trace.forward.last?.code == .unknownPrefixList)
    // The VPC's own addresses go by the local route, which no prefix list route can beat.
    let local = try PathTracer(topology: topology).trace(
      TraceRequest(from: "eni-web", to: "eni-app", protocolNumber: 6, port: 8080, sourcePort: 40000)
    )
    #expect(local.verdict.reachable == true)
    // Whichever route carries it, the packet leaves the subnet: its network ACL outbound is
    // checked, and a denial there decides (acl-app lets out tcp 443 only to the VPC).
    topology.networkACLs["acl-app"] = NetworkACL(
      id: "acl-app", vpcId: "vpc-1", isDefault: false,
      entries: TestNetwork.inModelOrder(
        [
          NetworkACLEntry(
            ruleNumber: 100, egress: true, action: .allow, protocolMatch: .tcp,
            cidr: TestNetwork.cidr("10.0.0.0/16"), ports: PortRange(from: 443, to: 443)),
          TestNetwork.allowAll(100, egress: false, "0.0.0.0/0"),
        ] + TestNetwork.implicitDenies()), subnetIds: ["subnet-app"])
    topology.networkACLs["acl-default"]?.subnetIds.removeAll { $0 == "subnet-app" }
    let cut = try self.trace(topology, to: Self.s3Address)
    #expect(cut.verdict.reachable == false)
    #expect(cut.forward.last?.check == .networkACLEgress)
  }

  @Test("An endpoint the topology lacks: undetermined, naming describe-vpc-endpoints")
  func endpointNotLoaded() throws {
    var topology = Self.network()
    topology.vpcEndpoints = [:]
    let trace = try trace(topology, to: Self.s3Address)
    #expect(trace.verdict.reachable == nil)
    #expect(trace.forward.last?.explanation.contains("describe-vpc-endpoints") == true)
  }

  @Test(
    "A REJECT the controls at its ENI allow, on a path through a firewall: the firewall named, not a cause"
  )
  func firewallCandidate() {
    let t0 = DiagnoserTests.t0
    let records = [
      FlowObservation(
        file: 0, line: 1, interfaceId: "eni-app", source: TestNetwork.ip("10.0.2.20"),
        destination: TestNetwork.ip("198.51.100.7"), sourcePort: 40000, destinationPort: 443,
        protocolNumber: 6, packets: 3, start: t0, end: t0 + 59, action: .reject, tcpFlags: 2,
        flowDirection: .egress)
    ]
    let diagnoses = Diagnoser(topology: Self.network()).diagnose(records)
    #expect(diagnoses.count == 1)
    #expect(diagnoses.first?.cause == .undetermined)
    // A firewall's drops are not REJECTs of this ENI (VPC User Guide, "Flow log records").
    #expect(diagnoses.first?.confidence == .low)
    #expect(diagnoses.first?.explanation.contains("not as a REJECT on eni-app") == true)
    #expect(diagnoses.first?.explanation.contains("vpce-fw") == true)
  }

  @Test("The S3 reply the subnet's ACL drops is diagnosed at the ENI: network-acl, response")
  func s3ReplyDiagnosed() {
    let t0 = DiagnoserTests.t0
    let records = [
      FlowObservation(
        file: 0, line: 1, interfaceId: "eni-app", source: TestNetwork.ip("10.0.2.20"),
        destination: TestNetwork.ip(Self.s3Address), sourcePort: 40000, destinationPort: 443,
        protocolNumber: 6, packets: 1, start: t0, end: t0 + 59, action: .accept, tcpFlags: 2,
        flowDirection: .egress),
      FlowObservation(
        file: 0, line: 2, interfaceId: "eni-app", source: TestNetwork.ip(Self.s3Address),
        destination: TestNetwork.ip("10.0.2.20"), sourcePort: 443, destinationPort: 40000,
        protocolNumber: 6, packets: 1, start: t0, end: t0 + 59, action: .reject, tcpFlags: 18,
        flowDirection: .ingress),
    ]
    let diagnoses = Diagnoser(topology: Self.network(aclAllowsReplies: false)).diagnose(records)
    #expect(diagnoses.count == 1)
    #expect(diagnoses.first?.cause == .networkACL)
    #expect(diagnoses.first?.component == "acl-app")
    #expect(diagnoses.first?.role == .response)
    #expect(diagnoses.first?.confidence == .high)
  }

  /// `TestNetwork` whose app subnet sends 172.16.0.0/12 to vgw-1, attached to vpc-1 (or not),
  /// with one VPN connection whose tunnels are `tunnels`.
  static func vpnNetwork(attached: Bool = true, tunnels: [String] = ["UP", "DOWN"]) -> Topology {
    var topology = TestNetwork.make()
    topology.routeTables["rtb-app"]?.routes.append(
      Route(
        destination: .cidr(TestNetwork.cidr("172.16.0.0/12")),
        target: .virtualPrivateGateway("vgw-1")))
    topology.vpnGateways["vgw-1"] = VpnGateway(
      id: "vgw-1", attachedVpcIds: attached ? ["vpc-1"] : [])
    topology.vpnConnections["vpn-1"] = VpnConnection(
      id: "vpn-1", vpnGatewayId: "vgw-1", tunnelStatuses: tunnels)
    return topology
  }

  @Test(
    "A route to a virtual private gateway: its attachment and tunnels are checked, the far side is not",
    arguments: [
      (true, ["UP", "DOWN"], ExplanationCode.unsupportedComponent),
      (false, ["UP", "UP"], .badStateAttachment),
      (true, ["DOWN", "DOWN"], .badStateVPN),
    ])
  func vpn(attached: Bool, tunnels: [String], code: ExplanationCode) throws {
    let trace = try trace(Self.vpnNetwork(attached: attached, tunnels: tunnels), to: "172.16.5.5")
    #expect(trace.forward.last?.check == .virtualPrivateGateway)
    #expect(trace.forward.last?.code == code)
    #expect(trace.verdict.reachable == (code == .unsupportedComponent ? nil : false))
    if code == .unsupportedComponent {
      #expect(trace.forward.last?.explanation.contains("outside the model") == true)
    }
  }

  @Test(
    "Two connections on one gateway: the one whose static routes hold the address decides",
    arguments: [("172.16.5.5", true), ("172.20.5.5", false)])
  func staticRoutesPickTheConnection(address: String, up: Bool) throws {
    // vpn-1 (tunnels UP/DOWN) routes 172.16.0.0/16 statically; vpn-2 (DOWN/DOWN) 172.20.0.0/16
    // (Site-to-Site VPN User Guide, "Static and dynamic routing"): traffic to an address of
    // vpn-2's routes goes through vpn-2, which is down, whatever vpn-1 does.
    var topology = Self.vpnNetwork()
    topology.vpnConnections["vpn-1"]?.staticRoutes = [TestNetwork.cidr("172.16.0.0/16")]
    topology.vpnConnections["vpn-2"] = VpnConnection(
      id: "vpn-2", vpnGatewayId: "vgw-1", tunnelStatuses: ["DOWN", "DOWN"],
      staticRoutes: [TestNetwork.cidr("172.20.0.0/16")])
    let out = try trace(topology, to: address)
    #expect(out.forward.last?.code == (up ? .unsupportedComponent : .badStateVPN))
    if !up { #expect(out.forward.last?.explanation.contains("vpn-2") == true) }
    let into = try PathTracer(topology: topology).trace(
      TraceRequest(from: address, to: "eni-app", protocolNumber: 6, port: 8080))
    #expect((into.forward.first?.code == .badStateVPN) == !up)
  }

  @Test("From behind a virtual private gateway that is not attached: BAD_STATE_ATTACHMENT")
  func inboundThroughDetachedGateway() throws {
    let trace = try PathTracer(topology: Self.vpnNetwork(attached: false)).trace(
      TraceRequest(from: "172.16.5.5", to: "eni-app", protocolNumber: 6, port: 8080))
    #expect(trace.verdict.reachable == false)
    #expect(trace.forward.first?.code == .badStateAttachment)
  }

  @Test("From behind a VPN whose tunnels are all down: BAD_STATE_VPN, not undetermined")
  func inboundThroughVPNDown() throws {
    let trace = try PathTracer(topology: Self.vpnNetwork(tunnels: ["DOWN", "DOWN"])).trace(
      TraceRequest(from: "172.16.5.5", to: "eni-app", protocolNumber: 6, port: 8080))
    #expect(trace.verdict.reachable == false)
    #expect(trace.forward.last?.code == .badStateVPN)
  }
}

/// The fix a routing diagnosis gives when its component is no route table.
@Suite("diagnose: the fix of a routing cause names what to change")
struct RoutingFixTests {
  static func diagnosis(code: ExplanationCode, component: String) -> Diagnosis {
    let record = FlowObservation(
      file: 0, line: 1, interfaceId: "eni-app", source: TestNetwork.ip("10.0.2.20"),
      destination: TestNetwork.ip("172.16.5.5"), sourcePort: 40000, destinationPort: 443,
      protocolNumber: 6, action: .reject)
    return Diagnosis(
      observation: record, cause: .routing, code: code, component: component, rule: nil,
      direction: .egress, role: .request, roleEvidence: nil, confidence: .medium,
      candidates: [], note: "", related: [], checkpoints: [])
  }

  @Test("A VPN that is down: bring it up, not a route on the gateway")
  func vpnDown() {
    let fix = Self.diagnosis(code: .badStateVPN, component: "vgw-1").fix ?? ""
    #expect(fix.contains("Bring up the VPN connection of vgw-1"))
    #expect(!fix.contains("--route-table-id vgw-1"))
  }

  @Test("No route in a table: the route to add to it")
  func noRoute() {
    let fix = Self.diagnosis(code: .noRouteToDestination, component: "rtb-1").fix ?? ""
    #expect(fix.contains("--route-table-id rtb-1"))
  }
}
