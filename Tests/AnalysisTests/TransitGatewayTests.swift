import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// Two spokes through a transit gateway, built in code, each test changing one thing the
/// Transit Gateway Guide describes ("How transit gateways work", "Transit gateway attachments
/// to a VPC", "Transit gateway route tables", "Network ACLs for transit gateways", "Security
/// group referencing").
///
/// - vpc-a 10.1.0.0/16: subnet-a 10.1.1.0/24 (us-east-1a), subnet-a-tgw 10.1.255.0/28
///   (us-east-1a), subnet-a-b 10.1.2.0/24 (us-east-1b); rtb-a on subnet-a and subnet-a-b:
///   10.2.0.0/16 → tgw-1; eni-a 10.1.1.10 sg-a, eni-ab 10.1.2.10 sg-a.
/// - vpc-b 10.2.0.0/16: subnet-b 10.2.1.0/24, subnet-b-tgw 10.2.255.0/28 (us-east-1a); rtb-b on
///   subnet-b: 10.1.0.0/16 → tgw-1; eni-b 10.2.1.20 sg-b (in tcp 5432 from 10.1.0.0/16).
/// - Every subnet on its VPC's allow-all default ACL; tgw-1 with tgw-attach-a (subnet-a-tgw),
///   tgw-attach-b (subnet-b-tgw), both associated with tgw-rtb-1: 10.1.0.0/16 → attach-a,
///   10.2.0.0/16 → attach-b (propagated).
@Suite("trace through a transit gateway")
struct TransitGatewayTests {
  static func cidr(_ text: String) -> CIDR { TestNetwork.cidr(text) }
  static func ip(_ text: String) -> IPAddress { TestNetwork.ip(text) }

  static func network() -> Topology {
    var topology = Topology()
    for (vpc, prefix) in [("vpc-a", "10.1"), ("vpc-b", "10.2")] {
      topology.vpcs[vpc] = VPC(id: vpc, cidrs: [cidr("\(prefix).0.0/16")])
      let local = Route(destination: .cidr(cidr("\(prefix).0.0/16")), target: .local)
      topology.routeTables["\(vpc)-main"] = RouteTable(
        id: "\(vpc)-main", vpcId: vpc, routes: [local], isMain: true)
      topology.networkACLs["acl-\(vpc)"] = NetworkACL(
        id: "acl-\(vpc)", vpcId: vpc, isDefault: true,
        entries: TestNetwork.inModelOrder(
          [
            TestNetwork.allowAll(100, egress: false, "0.0.0.0/0"),
            TestNetwork.allowAll(101, egress: false, "::/0"),
            TestNetwork.allowAll(100, egress: true, "0.0.0.0/0"),
            TestNetwork.allowAll(101, egress: true, "::/0"),
          ] + TestNetwork.implicitDenies()), subnetIds: [])
    }
    let subnets: [(String, String, String, String)] = [
      ("subnet-a", "vpc-a", "10.1.1.0/24", "us-east-1a"),
      ("subnet-a-tgw", "vpc-a", "10.1.255.0/28", "us-east-1a"),
      ("subnet-a-b", "vpc-a", "10.1.2.0/24", "us-east-1b"),
      ("subnet-b", "vpc-b", "10.2.1.0/24", "us-east-1a"),
      ("subnet-b-tgw", "vpc-b", "10.2.255.0/28", "us-east-1a"),
    ]
    for (id, vpc, block, zone) in subnets {
      topology.subnets[id] = Subnet(
        id: id, vpcId: vpc, cidrs: [cidr(block)], availabilityZone: zone)
    }
    topology.routeTables["rtb-a"] = RouteTable(
      id: "rtb-a", vpcId: "vpc-a",
      routes: [
        Route(destination: .cidr(cidr("10.1.0.0/16")), target: .local),
        Route(destination: .cidr(cidr("10.2.0.0/16")), target: .transitGateway("tgw-1")),
      ], subnetIds: ["subnet-a", "subnet-a-b"])
    topology.routeTables["rtb-b"] = RouteTable(
      id: "rtb-b", vpcId: "vpc-b",
      routes: [
        Route(destination: .cidr(cidr("10.2.0.0/16")), target: .local),
        Route(destination: .cidr(cidr("10.1.0.0/16")), target: .transitGateway("tgw-1")),
      ], subnetIds: ["subnet-b"])
    let outAll = [
      SecurityGroupRule(protocolMatch: .all, peer: .cidr(cidr("0.0.0.0/0"))),
      SecurityGroupRule(protocolMatch: .all, peer: .cidr(cidr("::/0"))),
    ]
    topology.securityGroups["sg-a"] = SecurityGroup(
      id: "sg-a", vpcId: "vpc-a", inbound: [], outbound: outAll)
    topology.securityGroups["sg-b"] = SecurityGroup(
      id: "sg-b", vpcId: "vpc-b",
      inbound: [
        SecurityGroupRule(
          protocolMatch: .tcp, ports: PortRange(from: 5432, to: 5432),
          peer: .cidr(cidr("10.1.0.0/16")))
      ], outbound: outAll)
    for (id, subnet, vpc, address, group) in [
      ("eni-a", "subnet-a", "vpc-a", "10.1.1.10", "sg-a"),
      ("eni-ab", "subnet-a-b", "vpc-a", "10.1.2.10", "sg-a"),
      ("eni-b", "subnet-b", "vpc-b", "10.2.1.20", "sg-b"),
    ] {
      topology.networkInterfaces[id] = NetworkInterface(
        id: id, subnetId: subnet, vpcId: vpc, privateIPv4s: [ip(address)],
        securityGroupIds: [group])
    }
    topology.transitGateways["tgw-1"] = TransitGateway(id: "tgw-1")
    topology.transitGatewayAttachments["tgw-attach-a"] = TransitGatewayAttachment(
      id: "tgw-attach-a", transitGatewayId: "tgw-1", resourceType: "vpc", resourceId: "vpc-a",
      routeTableId: "tgw-rtb-1", subnetIds: ["subnet-a-tgw"])
    topology.transitGatewayAttachments["tgw-attach-b"] = TransitGatewayAttachment(
      id: "tgw-attach-b", transitGatewayId: "tgw-1", resourceType: "vpc", resourceId: "vpc-b",
      routeTableId: "tgw-rtb-1", subnetIds: ["subnet-b-tgw"])
    topology.transitGatewayRouteTables["tgw-rtb-1"] = TransitGatewayRouteTable(
      id: "tgw-rtb-1", transitGatewayId: "tgw-1",
      routes: [
        TransitGatewayRoute(
          destination: .cidr(cidr("10.1.0.0/16")), attachmentIds: ["tgw-attach-a"],
          kind: .propagated),
        TransitGatewayRoute(
          destination: .cidr(cidr("10.2.0.0/16")), attachmentIds: ["tgw-attach-b"],
          kind: .propagated),
      ])
    return topology
  }

  func trace(
    _ topology: Topology, from: String = "10.1.1.10", to: String = "10.2.1.20", port: UInt16 = 5432
  ) throws -> PathTrace {
    try PathTracer(topology: topology).trace(
      TraceRequest(from: from, to: to, protocolNumber: 6, port: port, sourcePort: 40000))
  }

  func checks(_ checkpoints: [Checkpoint]) -> [String] {
    checkpoints.map { "\($0.check.rawValue):\($0.result.rawValue)" }
  }

  @Test("Spoke to spoke: both legs through the gateway, the attachment subnets' ACLs on the way")
  func reachable() throws {
    let trace = try trace(Self.network())
    #expect(trace.verdict.reachable == true)
    #expect(
      checks(trace.forward) == [
        "security-group-egress:allowed", "network-acl-egress:allowed", "route-table:allowed",
        "network-acl-ingress:allowed", "transit-gateway:allowed", "network-acl-egress:allowed",
        "route-table:allowed", "network-acl-ingress:allowed", "security-group-ingress:allowed",
      ])
    // Entering the gateway through vpc-a's attachment subnet; leaving it through vpc-b's.
    #expect(trace.forward[3].subnetId == "subnet-a-tgw")
    #expect(trace.forward[5].subnetId == "subnet-b-tgw")
    #expect(trace.forward[7].subnetId == "subnet-b")
    guard case .transitGatewayRoute("tgw-rtb-1", let route)? = trace.forward[4].rule else {
      Issue.record("the gateway's checkpoint names no route: \(trace.forward[4])")
      return
    }
    #expect(route.attachmentIds == ["tgw-attach-b"])
    // The reply: tracked (always, through a transit gateway attachment), then the same way back.
    #expect(trace.returnLeg.first?.rule == .connectionTracking(groupIds: ["sg-b"]))
    #expect(trace.returnLeg.contains { $0.check == .transitGateway && $0.result == .allowed })
  }

  @Test("No route in the attachment's table: TGW_RTB_CANNOT_ROUTE at the gateway")
  func noRoute() throws {
    var topology = Self.network()
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes?.removeLast()
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == false)
    #expect(trace.forward.last?.check == .transitGateway)
    #expect(trace.forward.last?.code == .tgwRtbCannotRoute)
    #expect(trace.forward.last?.componentId == "tgw-rtb-1")
  }

  @Test("A more specific blackhole wins the longest prefix and drops: BAD_STATE_ROUTE")
  func blackhole() throws {
    var topology = Self.network()
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes?.append(
      TransitGatewayRoute(
        destination: .cidr(Self.cidr("10.2.1.0/24")), attachmentIds: [], state: .blackhole))
    let trace = try trace(topology)
    #expect(trace.forward.last?.code == .badStateRoute)
    #expect(trace.forward.last?.result == .denied)
  }

  @Test("At an equal prefix a static route beats a propagated one")
  func staticOverPropagated() throws {
    var topology = Self.network()
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes?.insert(
      TransitGatewayRoute(
        destination: .cidr(Self.cidr("10.2.0.0/16")), attachmentIds: [], kind: .static,
        state: .blackhole), at: 0)
    #expect(try trace(topology).forward.last?.code == .badStateRoute)
  }

  @Test("A static prefix-list route whose entries are unknown: the gateway's choice is unknown")
  func unknownPrefixListRoute() throws {
    var topology = Self.network()
    topology.prefixLists["pl-dev"] = PrefixList(id: "pl-dev", cidrs: [], entriesKnown: false)
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes?.append(
      TransitGatewayRoute(destination: .prefixList("pl-dev"), attachmentIds: ["tgw-attach-a"]))
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == nil)
    #expect(trace.forward.last?.code == .unknownPrefixList)
  }

  @Test("The reply needs the receiver's own route to the gateway")
  func missingReturnRoute() throws {
    var topology = Self.network()
    topology.routeTables["rtb-b"]?.routes.removeLast()
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.leg == .return)
    #expect(trace.returnLeg.last?.check == .routeTable)
    #expect(trace.returnLeg.last?.code == .noRouteToDestination)
  }

  @Test("The reply comes back by the peering the receiver's table names: routing keeps no state")
  func replyByPeering() throws {
    var topology = Self.network()
    topology.peeringConnections["pcx-1"] = PeeringConnection(
      id: "pcx-1", requesterVpcId: "vpc-a", requesterCidrs: [Self.cidr("10.1.0.0/16")],
      accepterVpcId: "vpc-b", accepterCidrs: [Self.cidr("10.2.0.0/16")], status: "active")
    topology.routeTables["rtb-b"]?.routes.removeLast()
    topology.routeTables["rtb-b"]?.routes.append(
      Route(destination: .cidr(Self.cidr("10.1.0.0/16")), target: .vpcPeeringConnection("pcx-1")))
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == true, "\(trace.verdict.explanation)")
    #expect(trace.forward.contains { $0.check == .transitGateway })
    #expect(trace.returnLeg.contains { $0.check == .peeringConnection })
  }

  @Test(
    "lint: a summary route to the gateway is judged by each attached VPC inside it",
    arguments: [true, false])
  func summaryRouteLint(routed: Bool) {
    var topology = Self.network()
    // rtb-a sends the whole 10.0.0.0/8 to the gateway instead of vpc-b's block (without
    // subnet-a-b, whose zone has no attachment subnet: a finding of its own).
    topology.subnets["subnet-a-b"] = nil
    topology.networkInterfaces["eni-ab"] = nil
    topology.routeTables["rtb-a"]?.subnetIds = ["subnet-a"]
    topology.routeTables["rtb-a"]?.routes.removeLast()
    topology.routeTables["rtb-a"]?.routes.append(
      Route(destination: .cidr(Self.cidr("10.0.0.0/8")), target: .transitGateway("tgw-1")))
    if !routed { topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes?.removeLast() }
    let findings = Linter(topology: topology).lint().filter { $0.id == .tgwRouteDrops }
    #expect(findings.isEmpty == routed, "\(findings.map(\.explanation))")
    if !routed {
      #expect(findings.first?.explanation.contains("10.2.0.0/16, the block of vpc-b") == true)
    }
  }

  @Test("Through an inspection VPC: the trace names the endpoint its attachment subnet routes to")
  func inspectionVPC() throws {
    var topology = Self.network()
    topology.vpcs["vpc-i"] = VPC(id: "vpc-i", cidrs: [Self.cidr("10.9.0.0/16")])
    topology.subnets["subnet-i-tgw"] = Subnet(
      id: "subnet-i-tgw", vpcId: "vpc-i", cidrs: [Self.cidr("10.9.255.0/28")],
      availabilityZone: "us-east-1a")
    topology.routeTables["rtb-i"] = RouteTable(
      id: "rtb-i", vpcId: "vpc-i",
      routes: [
        Route(destination: .cidr(Self.cidr("10.9.0.0/16")), target: .local),
        Route(destination: .cidr(Self.cidr("0.0.0.0/0")), target: .vpcEndpoint("vpce-fw")),
      ], isMain: true)
    topology.vpcEndpoints["vpce-fw"] = VpcEndpoint(
      id: "vpce-fw", kind: .gatewayLoadBalancer, vpcId: "vpc-i", serviceName: "svc",
      firewallArn: "arn:aws:network-firewall:us-east-1:111122223333:firewall/inspect")
    topology.transitGatewayAttachments["tgw-attach-i"] = TransitGatewayAttachment(
      id: "tgw-attach-i", transitGatewayId: "tgw-1", resourceType: "vpc", resourceId: "vpc-i",
      routeTableId: "tgw-rtb-1", subnetIds: ["subnet-i-tgw"])
    // The spokes' table sends everything to the inspection VPC.
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes = [
      TransitGatewayRoute(
        destination: .cidr(Self.cidr("0.0.0.0/0")), attachmentIds: ["tgw-attach-i"])
    ]
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == nil)
    let inspection = try #require(trace.forward.first { $0.result == .undetermined })
    #expect(inspection.explanation.contains("sends it to vpce-fw"))
    #expect(inspection.explanation.contains("firewall's rules are not evaluated"))
    // The endpoint is the component the trace cannot decide (diagnose names it so).
    #expect(inspection.check == .vpcEndpoint)
    #expect(inspection.componentId == "vpce-fw")
    // Past it, the receiver's own checks are made: sg-b admits 5432 from vpc-a.
    #expect(trace.forward.last?.check == .securityGroupIngress)
    #expect(trace.forward.last?.result == .allowed)
    // The firewall in a subnet of its own: the attachment subnet's outbound entries apply on
    // the way to it ("Network ACLs for transit gateways"), and a denial there decides.
    var separate = topology
    separate.subnets["subnet-i-fw"] = Subnet(
      id: "subnet-i-fw", vpcId: "vpc-i", cidrs: [Self.cidr("10.9.1.0/28")],
      availabilityZone: "us-east-1a")
    separate.vpcEndpoints["vpce-fw"]?.subnetIds = ["subnet-i-fw"]
    separate.networkACLs["acl-i-tgw"] = NetworkACL(
      id: "acl-i-tgw", vpcId: "vpc-i", isDefault: false,
      entries: TestNetwork.inModelOrder(
        [
          NetworkACLEntry(
            ruleNumber: 80, egress: true, action: .deny, protocolMatch: .tcp,
            cidr: Self.cidr("10.2.0.0/16"), ports: PortRange(from: 5432, to: 5432)),
          TestNetwork.allowAll(100, egress: true, "0.0.0.0/0"),
          TestNetwork.allowAll(100, egress: false, "0.0.0.0/0"),
        ] + TestNetwork.implicitDenies()), subnetIds: ["subnet-i-tgw"])
    let cut = try self.trace(separate)
    #expect(cut.verdict.reachable == false)
    #expect(cut.forward.last?.componentId == "acl-i-tgw")
    // An attachment subnet whose table has no route for the address: the packet is dropped in
    // the VPC the gateway delivered it to.
    topology.routeTables["rtb-i"]?.routes.removeLast()
    let dropped = try self.trace(topology)
    #expect(dropped.verdict.reachable == false)
    #expect(dropped.forward.last?.check == .routeTable)
    #expect(dropped.forward.last?.componentId == "rtb-i")
    #expect(dropped.forward.last?.code == .noRouteToDestination)
  }

  @Test("A zone without an attachment subnet cannot reach the gateway: NO_PATH")
  func zoneWithoutAttachment() throws {
    let trace = try trace(Self.network(), from: "10.1.2.10")
    #expect(trace.forward.last?.check == .transitGateway)
    #expect(trace.forward.last?.code == .noPath)
    #expect(trace.forward.last?.explanation.contains("us-east-1b") == true)
  }

  @Test("The receiving subnet's ACL judges the packet by its own source, not the attachment's")
  func sourceKept() throws {
    var topology = Self.network()
    // vpc-b's ACL on subnet-b admits 5432 only from its attachment subnet.
    topology.networkACLs["acl-b-custom"] = NetworkACL(
      id: "acl-b-custom", vpcId: "vpc-b", isDefault: false,
      entries: TestNetwork.inModelOrder(
        [
          NetworkACLEntry(
            ruleNumber: 100, egress: false, action: .allow, protocolMatch: .tcp,
            cidr: Self.cidr("10.2.255.0/28"), ports: PortRange(from: 5432, to: 5432)),
          TestNetwork.allowAll(100, egress: true, "0.0.0.0/0"),
        ] + TestNetwork.implicitDenies()), subnetIds: ["subnet-b"])
    let trace = try trace(topology)
    #expect(trace.forward.last?.check == .networkACLIngress)
    #expect(trace.forward.last?.componentId == "acl-b-custom")
    #expect(trace.forward.last?.packet.source == Self.ip("10.1.1.10"))
  }

  @Test("A receiver in the attachment subnet: no ACL between the gateway and it")
  func receiverInAttachmentSubnet() throws {
    var topology = Self.network()
    topology.networkInterfaces["eni-b"]?.subnetId = "subnet-b-tgw"
    topology.networkInterfaces["eni-b"]?.privateIPv4s = [Self.ip("10.2.255.5")]
    // Its replies need the route to the gateway in its own subnet's table.
    topology.routeTables["rtb-b"]?.subnetIds.append("subnet-b-tgw")
    let trace = try trace(topology, to: "10.2.255.5")
    #expect(trace.verdict.reachable == true)
    let delivered = trace.forward.drop { $0.check != .transitGateway }.dropFirst()
    #expect(
      checks(Array(delivered)) == [
        "network-acl-egress:skipped", "route-table:allowed", "network-acl-ingress:skipped",
        "security-group-ingress:allowed",
      ])
  }

  @Test("IPv6 needs the attachment's IPv6 support")
  func ipv6Support() throws {
    var topology = Self.network()
    topology.vpcs["vpc-a"]?.cidrs.append(Self.cidr("2600:1f18:a::/56"))
    topology.vpcs["vpc-b"]?.cidrs.append(Self.cidr("2600:1f18:b::/56"))
    topology.subnets["subnet-a"]?.cidrs.append(Self.cidr("2600:1f18:a:1::/64"))
    topology.subnets["subnet-b"]?.cidrs.append(Self.cidr("2600:1f18:b:1::/64"))
    topology.networkInterfaces["eni-a"]?.ipv6s = [Self.ip("2600:1f18:a:1::10")]
    topology.networkInterfaces["eni-b"]?.ipv6s = [Self.ip("2600:1f18:b:1::20")]
    // Every table has a local route for each of its VPC's CIDRs.
    for (table, block) in [
      ("vpc-a-main", "2600:1f18:a::/56"), ("rtb-a", "2600:1f18:a::/56"),
      ("vpc-b-main", "2600:1f18:b::/56"), ("rtb-b", "2600:1f18:b::/56"),
    ] {
      topology.routeTables[table]?.routes.append(
        Route(destination: .cidr(Self.cidr(block)), target: .local))
    }
    topology.routeTables["rtb-a"]?.routes.append(
      Route(destination: .cidr(Self.cidr("2600:1f18:b::/56")), target: .transitGateway("tgw-1")))
    let trace = try trace(topology, from: "2600:1f18:a:1::10", to: "2600:1f18:b:1::20")
    #expect(trace.forward.last?.check == .transitGateway)
    #expect(trace.forward.last?.code == .cannotRoute)
    // With it on both attachments, and the routes both ways, the path is open.
    topology.transitGatewayAttachments["tgw-attach-a"]?.ipv6Support = true
    topology.transitGatewayAttachments["tgw-attach-b"]?.ipv6Support = true
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes? += [
      TransitGatewayRoute(
        destination: .cidr(Self.cidr("2600:1f18:a::/56")), attachmentIds: ["tgw-attach-a"]),
      TransitGatewayRoute(
        destination: .cidr(Self.cidr("2600:1f18:b::/56")), attachmentIds: ["tgw-attach-b"]),
    ]
    topology.routeTables["rtb-b"]?.routes.append(
      Route(destination: .cidr(Self.cidr("2600:1f18:a::/56")), target: .transitGateway("tgw-1")))
    topology.securityGroups["sg-b"]?.inbound.append(
      SecurityGroupRule(
        protocolMatch: .tcp, ports: PortRange(from: 5432, to: 5432),
        peer: .cidr(Self.cidr("2600:1f18:a::/56"))))
    let open = try self.trace(topology, from: "2600:1f18:a:1::10", to: "2600:1f18:b:1::20")
    #expect(open.verdict.reachable == true, "\(open.verdict.explanation)")
    // lint says so too, while the attachment's IPv6 support is off.
    topology.transitGatewayAttachments["tgw-attach-a"]?.ipv6Support = false
    #expect(
      Linter(topology: topology).lint().contains {
        $0.id == .tgwRouteDrops && $0.componentId == "tgw-attach-a"
          && $0.explanation.contains("IPv6 support disabled")
      })
  }

  @Test("A gateway the topology lacks is undetermined, never allowed")
  func gatewayNotLoaded() throws {
    var topology = Self.network()
    topology.transitGateways = [:]
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == nil)
    #expect(trace.forward.last?.code == .unsupportedComponent)
    #expect(trace.forward.last?.explanation.contains("describe-transit-gateways") == true)
  }

  @Test("Routes not loaded: undetermined, naming the call that gives them")
  func routesNotLoaded() throws {
    var topology = Self.network()
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes = nil
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == nil)
    #expect(trace.forward.last?.explanation.contains("search-transit-gateway-routes") == true)
  }

  @Test("A route to a VPN attachment ends the trace: its far side is outside the model")
  func vpnAttachment() throws {
    var topology = Self.network()
    topology.transitGatewayAttachments["tgw-attach-vpn"] = TransitGatewayAttachment(
      id: "tgw-attach-vpn", transitGatewayId: "tgw-1", resourceType: "vpn",
      resourceId: "vpn-1", routeTableId: "tgw-rtb-1")
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes?.append(
      TransitGatewayRoute(
        destination: .cidr(Self.cidr("10.2.1.0/24")), attachmentIds: ["tgw-attach-vpn"]))
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == nil)
    #expect(trace.forward.last?.explanation.contains("vpn attachment") == true)
    // The reply from the VPN still enters vpc-a's subnet: an inbound entry that refuses it
    // there decides (network ACLs are stateless), whatever lies beyond the attachment.
    topology.networkACLs["acl-vpc-a"]?.entries = TestNetwork.inModelOrder(
      [
        NetworkACLEntry(
          ruleNumber: 50, egress: false, action: .deny, protocolMatch: .tcp,
          cidr: Self.cidr("10.2.1.0/24"), ports: PortRange(from: 1024, to: 65535)),
        TestNetwork.allowAll(100, egress: false, "0.0.0.0/0"),
        TestNetwork.allowAll(100, egress: true, "0.0.0.0/0"),
      ] + TestNetwork.implicitDenies())
    let refused = try self.trace(topology)
    #expect(refused.verdict.reachable == false)
    #expect(refused.verdict.leg == .return)
    #expect(refused.returnLeg.last?.componentId == "acl-vpc-a")
  }

  @Test(
    "A rule naming a group across the gateway matches only with referencing support on",
    arguments: [false, true])
  func groupReference(support: Bool) throws {
    var topology = Self.network()
    topology.transitGateways["tgw-1"]?.securityGroupReferencing = support
    topology.securityGroups["sg-b"]?.inbound = [
      SecurityGroupRule(
        protocolMatch: .tcp, ports: PortRange(from: 5432, to: 5432), peer: .securityGroup("sg-a"))
    ]
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == support)
    if !support {
      #expect(trace.forward.last?.code == .eniSGRulesMismatch)
      #expect(trace.forward.last?.explanation.contains("names sg-a, a group of vpc-a") == true)
    }
  }

  @Test("A reference is carried by the connection the packet takes, not by any that joins the VPCs")
  func referenceFollowsThePath() throws {
    // vpc-a and vpc-b are also peered (active), but rtb-a sends vpc-b's block to tgw-1, whose
    // referencing is off: the packet comes through the gateway, which does not carry sg-b's
    // reference to sg-a (Transit Gateway Guide, "Security group referencing").
    var topology = Self.network()
    topology.peeringConnections["pcx-ab"] = PeeringConnection(
      id: "pcx-ab", requesterVpcId: "vpc-a", requesterCidrs: [Self.cidr("10.1.0.0/16")],
      accepterVpcId: "vpc-b", accepterCidrs: [Self.cidr("10.2.0.0/16")], status: "active")
    topology.securityGroups["sg-b"]?.inbound = [
      SecurityGroupRule(
        protocolMatch: .tcp, ports: PortRange(from: 5432, to: 5432), peer: .securityGroup("sg-a"))
    ]
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == false)
    #expect(trace.forward.last?.code == .eniSGRulesMismatch)
    // Routed over the peering instead, the reference matches.
    topology.routeTables["rtb-a"]?.routes[1].target = .vpcPeeringConnection("pcx-ab")
    topology.routeTables["rtb-b"]?.routes[1].target = .vpcPeeringConnection("pcx-ab")
    #expect(try self.trace(topology).verdict.reachable == true)
  }

  @Test("Across a gateway a group reference works in inbound rules only, even with support on")
  func outboundReference() throws {
    var topology = Self.network()
    topology.transitGateways["tgw-1"]?.securityGroupReferencing = true
    // sg-a lets out only tcp 5432 to sg-b's members: an outbound reference across the gateway
    // (AWS Networking blog, "Introducing security group referencing for AWS Transit Gateway":
    // "Outbound security rules referencing over Transit Gateway aren't supported").
    topology.securityGroups["sg-a"]?.outbound = [
      SecurityGroupRule(
        protocolMatch: .tcp, ports: PortRange(from: 5432, to: 5432), peer: .securityGroup("sg-b"))
    ]
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == false)
    #expect(trace.forward.first?.check == .securityGroupEgress)
    #expect(trace.forward.first?.explanation.contains("inbound rules only") == true)
  }

  @Test("A route to a VPN attachment whose tunnels are all down: BAD_STATE_VPN")
  func vpnAttachmentDown() throws {
    var topology = Self.network()
    topology.transitGatewayAttachments["tgw-attach-vpn"] = TransitGatewayAttachment(
      id: "tgw-attach-vpn", transitGatewayId: "tgw-1", resourceType: "vpn",
      resourceId: "vpn-1", routeTableId: "tgw-rtb-1")
    topology.vpnConnections["vpn-1"] = VpnConnection(
      id: "vpn-1", transitGatewayId: "tgw-1", tunnelStatuses: ["DOWN", "DOWN"])
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes?.append(
      TransitGatewayRoute(
        destination: .cidr(Self.cidr("10.2.1.0/24")), attachmentIds: ["tgw-attach-vpn"]))
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == false)
    #expect(trace.forward.last?.code == .badStateVPN)
  }

  @Test(
    "ENIs of components without security groups: their security group checks are skipped",
    arguments: [
      ("network_load_balancer", "subnet-b", "10.2.1.50"),
      ("transit_gateway", "subnet-b-tgw", "10.2.255.4"),
    ])
  func interfaceWithoutGroups(type: String, subnet: String, address: String) throws {
    var topology = Self.network()
    topology.networkInterfaces["eni-x"] = NetworkInterface(
      id: "eni-x", subnetId: subnet, vpcId: "vpc-b", privateIPv4s: [Self.ip(address)],
      securityGroupIds: [], interfaceType: type, requesterManaged: true)
    let trace = try trace(topology, to: address, port: 80)
    #expect(trace.forward.last?.check == .securityGroupIngress)
    #expect(trace.forward.last?.result == .skipped)
  }
}

/// A REJECT logged on a transit gateway attachment's ENI: what decides it is the attachment
/// subnet's network ACL (the ENI has no security groups), judged on the packet's own
/// addresses ("Network ACLs for transit gateways").
@Suite("diagnose: a REJECT on a transit gateway attachment's ENI")
struct TransitGatewayInterfaceDiagnosisTests {
  static let t0 = DiagnoserTests.t0

  /// The spokes, with the attachment's ENI in subnet-b-tgw and `acl-b-tgw` on that subnet:
  /// outbound 100 allows all but tcp 5432, which rule 90 denies; inbound all.
  static func network() -> Topology {
    var topology = TransitGatewayTests.network()
    topology.networkInterfaces["eni-tgw-b"] = NetworkInterface(
      id: "eni-tgw-b", subnetId: "subnet-b-tgw", vpcId: "vpc-b",
      privateIPv4s: [TestNetwork.ip("10.2.255.4")], securityGroupIds: [],
      interfaceType: "transit_gateway", requesterManaged: true)
    topology.networkACLs["acl-b-tgw"] = NetworkACL(
      id: "acl-b-tgw", vpcId: "vpc-b", isDefault: false,
      entries: TestNetwork.inModelOrder(
        [
          NetworkACLEntry(
            ruleNumber: 90, egress: true, action: .deny, protocolMatch: .tcp,
            cidr: TestNetwork.cidr("10.2.0.0/16"), ports: PortRange(from: 5432, to: 5432)),
          TestNetwork.allowAll(100, egress: true, "0.0.0.0/0"),
          TestNetwork.allowAll(100, egress: false, "0.0.0.0/0"),
        ] + TestNetwork.implicitDenies()), subnetIds: ["subnet-b-tgw"])
    return topology
  }

  @Test(
    "The SYN the attachment could not deliver: the attachment subnet's ACL, its rule, egress",
    arguments: [FlowDirection.egress, nil])
  func attachmentSubnetACL(direction: FlowDirection?) {
    let reject = FlowObservation(
      file: 0, line: 1, interfaceId: "eni-tgw-b", source: TestNetwork.ip("10.1.1.10"),
      destination: TestNetwork.ip("10.2.1.20"), sourcePort: 40000, destinationPort: 5432,
      protocolNumber: 6, packets: 3, start: Self.t0, end: Self.t0 + 59, action: .reject,
      tcpFlags: 2, flowDirection: direction)
    let diagnoses = Diagnoser(topology: Self.network()).diagnose([reject])
    #expect(diagnoses.count == 1)
    let diagnosis = diagnoses[0]
    #expect(diagnosis.cause == .networkACL, "\(diagnosis.explanation)")
    #expect(diagnosis.component == "acl-b-tgw")
    #expect(diagnosis.rule == 90)
    #expect(diagnosis.role == .request)
  }

  @Test("Neither address of the attachment's VPC: the same ACL entry either way decides")
  func eitherWay() {
    // A packet between two addresses outside vpc-b on its attachment's ENI (as in an
    // inspection VPC): which way it crossed is unknown, but acl-b-tgw's `*` entry denies it
    // both ways, and the ENI has no security groups: that entry is the cause.
    var topology = Self.network()
    topology.networkACLs["acl-b-tgw"]?.entries = TestNetwork.implicitDenies()
    let reject = FlowObservation(
      file: 0, line: 1, interfaceId: "eni-tgw-b", source: TestNetwork.ip("10.1.1.10"),
      destination: TestNetwork.ip("10.9.9.9"), sourcePort: 40000, destinationPort: 443,
      protocolNumber: 6, packets: 3, start: Self.t0, end: Self.t0 + 59, action: .reject)
    let diagnosis = Diagnoser(topology: topology).diagnose([reject])[0]
    #expect(diagnosis.direction == nil)
    #expect(diagnosis.cause == .networkACL, "\(diagnosis.explanation)")
    #expect(diagnosis.component == "acl-b-tgw")
    #expect(diagnosis.rule == 32767)
  }

  @Test("Neither address of the attachment's VPC, its ACL open one way: never another VPC's route")
  func offThePath() {
    // acl-b-tgw allows everything out and nothing in: which way the packet crossed decides
    // the entry, and the logs do not say. vpc-a's table has no route for 10.9.9.9, but that
    // route is not on this ENI: no cause of another VPC is named.
    var topology = Self.network()
    topology.networkACLs["acl-b-tgw"]?.entries = TestNetwork.inModelOrder(
      [TestNetwork.allowAll(100, egress: true, "0.0.0.0/0")] + TestNetwork.implicitDenies())
    let reject = FlowObservation(
      file: 0, line: 1, interfaceId: "eni-tgw-b", source: TestNetwork.ip("10.1.1.10"),
      destination: TestNetwork.ip("10.9.9.9"), sourcePort: 40000, destinationPort: 443,
      protocolNumber: 6, packets: 3, start: Self.t0, end: Self.t0 + 59, action: .reject)
    let diagnosis = Diagnoser(topology: topology).diagnose([reject])[0]
    #expect(diagnosis.cause == .undetermined, "\(diagnosis.explanation)")
    #expect(diagnosis.component == nil)
    #expect(diagnosis.candidates == [.networkACL])
  }

  @Test("Allowed everywhere on the attachment's ENI: only its subnet's network ACL is a candidate")
  func candidatesWithoutGroups() {
    // acl-b-tgw allows everything but tcp 5432 out to vpc-b: a REJECT of tcp 443 it allows
    // both ways is left undetermined, and neither security groups (the ENI has none) nor a
    // close (nothing on it tracks connections) can be what rejected it.
    let reject = FlowObservation(
      file: 0, line: 1, interfaceId: "eni-tgw-b", source: TestNetwork.ip("10.1.1.10"),
      destination: TestNetwork.ip("10.2.1.20"), sourcePort: 40000, destinationPort: 443,
      protocolNumber: 6, packets: 3, start: Self.t0, end: Self.t0 + 59, action: .reject)
    let diagnosis = Diagnoser(topology: Self.network()).diagnose([reject])[0]
    #expect(diagnosis.cause == .undetermined)
    #expect(diagnosis.candidates == [.networkACL])
  }

  @Test(
    "Without flow-direction, a busy peer's address does not make the attachment's record ingress")
  func directionFromTheVPC() {
    // The attachment's ENI owns neither address of the traffic it hands into vpc-b, and the
    // address seen most on it is the busy server's. Rule 90 is made inbound here, for the
    // server's address: read as ingress, the REJECT would wrongly be rule 90's; handed into
    // the VPC (the destination is vpc-b's, the source is not) it is egress, the outbound * rule
    // ("Network ACLs for transit gateways": traffic from the gateway to an instance meets the
    // attachment subnet's outbound rules).
    var topology = Self.network()
    topology.networkACLs["acl-b-tgw"]?.entries = TestNetwork.inModelOrder(
      [
        NetworkACLEntry(
          ruleNumber: 90, egress: false, action: .deny, protocolMatch: .tcp,
          cidr: TestNetwork.cidr("10.0.0.0/8"), ports: PortRange(from: 0, to: 1023)),
        TestNetwork.allowAll(100, egress: false, "10.2.0.0/16"),
        NetworkACLEntry(
          ruleNumber: 100, egress: true, action: .allow, protocolMatch: .tcp,
          cidr: TestNetwork.cidr("0.0.0.0/0"), ports: PortRange(from: 1024, to: 65535)),
      ] + TestNetwork.implicitDenies())
    var records: [FlowObservation] = (0..<9).map { index in
      FlowObservation(
        file: 0, line: index + 1, interfaceId: "eni-tgw-b",
        source: TestNetwork.ip(["10.1.1.10", "10.1.1.11", "10.1.2.10"][index % 3]),
        destination: TestNetwork.ip("10.2.1.20"), sourcePort: UInt16(44000 + index),
        destinationPort: 8080, protocolNumber: 6, packets: 10, start: Self.t0,
        end: Self.t0 + 60, action: .accept)
    }
    records.append(
      FlowObservation(
        file: 0, line: 10, interfaceId: "eni-tgw-b", source: TestNetwork.ip("10.1.1.10"),
        destination: TestNetwork.ip("10.2.1.20"), sourcePort: 45000, destinationPort: 443,
        protocolNumber: 6, packets: 3, start: Self.t0 + 5, end: Self.t0 + 65, action: .reject))
    let diagnosis = Diagnoser(topology: topology).diagnose(records)[0]
    #expect(diagnosis.direction == .egress)
    #expect(diagnosis.cause == .networkACL, "\(diagnosis.explanation)")
    #expect(diagnosis.rule == 32767)
    // The record has no tcp-flags, yet no packet-after-close doubt: the attachment's ENI has
    // no security groups, so nothing on it tracks connections or rejects late packets.
    #expect(diagnosis.confidence == .high)
    #expect(!diagnosis.candidates.contains(.afterClose))
  }
}

/// `lint`'s `tgw-route-drops` on the two spokes: each fault the Transit Gateway Guide describes
/// is found, and none hides another ("Transit gateway route tables", "Transit gateway
/// attachments to a VPC").
@Suite("lint tgw-route-drops: every reason, none masking another")
struct TransitGatewayRouteDropsTests {
  static func drops(_ topology: Topology) -> [Finding] {
    Linter(topology: topology).lint().filter { $0.id == .tgwRouteDrops }
  }

  @Test("The spokes as built: only subnet-a-b's zone, which has no attachment subnet")
  func asBuilt() {
    let found = Self.drops(TransitGatewayTests.network())
    #expect(found.map(\.componentId) == ["tgw-attach-a"])
    #expect(found.first?.explanation.contains("no subnet in us-east-1b") == true)
  }

  @Test("A route to an attachment that is not available (pendingAcceptance)")
  func pendingAttachment() {
    var topology = TransitGatewayTests.network()
    topology.transitGatewayAttachments["tgw-attach-b"]?.state = "pendingAcceptance"
    let found = Self.drops(topology)
    #expect(
      found.contains {
        $0.componentId == "tgw-attach-b" && $0.explanation.contains("pendingAcceptance")
      })
  }

  @Test("The far attachment associated with no table: its replies cannot come back")
  func farAttachmentWithoutTable() {
    var topology = TransitGatewayTests.network()
    topology.transitGatewayAttachments["tgw-attach-b"]?.routeTableId = nil
    let found = Self.drops(topology)
    // From vpc-a: the replies; from vpc-b: its own traffic.
    #expect(
      found.contains {
        $0.componentId == "tgw-attach-b" && $0.explanation.contains("replies cannot come back")
      })
    #expect(found.filter { $0.componentId == "tgw-attach-b" }.count == 2)
  }

  @Test("A static blackhole inside the propagated route drops that part")
  func blackholeInside() {
    var topology = TransitGatewayTests.network()
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes?.append(
      TransitGatewayRoute(
        destination: .cidr(TransitGatewayTests.cidr("10.2.1.0/24")), attachmentIds: [],
        kind: .static, state: .blackhole))
    let found = Self.drops(topology)
    #expect(
      found.contains {
        $0.componentId == "tgw-rtb-1"
          && $0.explanation.contains("blackhole route 10.2.1.0/24 inside it")
      })
  }

  @Test(
    "A static route that sends a block to another VPC's attachment: delivered into the wrong VPC")
  func misdelivered() {
    // vpc-c (10.3.0.0/16) is attached too; a static route sends vpc-b's block to it, and
    // beats the propagated one of the same prefix.
    var topology = TransitGatewayTests.network()
    topology.vpcs["vpc-c"] = VPC(id: "vpc-c", cidrs: [TransitGatewayTests.cidr("10.3.0.0/16")])
    topology.subnets["subnet-c-tgw"] = Subnet(
      id: "subnet-c-tgw", vpcId: "vpc-c", cidrs: [TransitGatewayTests.cidr("10.3.255.0/28")],
      availabilityZone: "us-east-1a")
    topology.routeTables["rtb-c"] = RouteTable(
      id: "rtb-c", vpcId: "vpc-c",
      routes: [Route(destination: .cidr(TransitGatewayTests.cidr("10.3.0.0/16")), target: .local)],
      isMain: true)
    topology.transitGatewayAttachments["tgw-attach-c"] = TransitGatewayAttachment(
      id: "tgw-attach-c", transitGatewayId: "tgw-1", resourceType: "vpc", resourceId: "vpc-c",
      routeTableId: "tgw-rtb-1", subnetIds: ["subnet-c-tgw"])
    topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes?.insert(
      TransitGatewayRoute(
        destination: .cidr(TransitGatewayTests.cidr("10.2.0.0/16")),
        attachmentIds: ["tgw-attach-c"],
        kind: .static), at: 0)
    let found = Self.drops(topology)
    #expect(
      found.contains {
        $0.componentId == "tgw-rtb-1" && $0.explanation.contains("does not hold it")
      })
    // An inspection VPC: its attachment subnet sends what it receives on to a firewall
    // endpoint (Transit Gateway Guide, "Example: Appliance in a shared services VPC"): the
    // design, not a misdelivery.
    topology.routeTables["rtb-c"]?.routes.append(
      Route(
        destination: .cidr(TransitGatewayTests.cidr("0.0.0.0/0")), target: .vpcEndpoint("vpce-fw")))
    #expect(!Self.drops(topology).contains { $0.explanation.contains("does not hold it") })
  }

  @Test("No way back, the far table's route for the block elsewhere: the fix replaces it")
  func replaceRouteFix() {
    var topology = TransitGatewayTests.network()
    topology.routeTables["rtb-b"]?.routes[1] = Route(
      destination: .cidr(TransitGatewayTests.cidr("10.1.1.0/24")),
      target: .vpcPeeringConnection("pcx-gone"))
    let back = Self.drops(topology).first { $0.componentId == "rtb-b" }
    #expect(back?.fix.contains("aws ec2 replace-route --route-table-id rtb-b") == true)
  }

  @Test("The sending VPC's own attachment not available: reported, nothing past it")
  func sourceAttachmentPending() {
    var topology = TransitGatewayTests.network()
    topology.transitGatewayAttachments["tgw-attach-a"]?.state = "pendingAcceptance"
    let fromA = Self.drops(topology).filter {
      $0.relatedIds.contains("rtb-a")
        || $0.rules.contains {
          if case .route("rtb-a", _) = $0 { return true } else { return false }
        }
    }
    #expect(fromA.map(\.componentId) == ["tgw-attach-a"])
    #expect(fromA.first?.explanation.contains("never enters the gateway") == true)
  }

  @Test(
    "A zone without an attachment subnet is one finding for every route it strands; other reasons still show"
  )
  func strandedZoneDoesNotMask() {
    var topology = TransitGatewayTests.network()
    // subnet-a-b (us-east-1b) has no attachment subnet; vpc-a also routes 10.3.0.0/16, which
    // the gateway's table does not know.
    topology.routeTables["rtb-a"]?.routes.append(
      Route(
        destination: .cidr(TransitGatewayTests.cidr("10.3.0.0/16")),
        target: .transitGateway("tgw-1")))
    let found = Self.drops(topology)
    let stranded = found.filter { $0.componentId == "tgw-attach-a" }
    #expect(stranded.count == 1)
    #expect(stranded.first?.rules.count == 2)
    #expect(
      found.contains {
        $0.componentId == "tgw-rtb-1" && $0.explanation.contains("no route for 10.3.0.0/16")
      })
  }
}

/// `lint --compare` with the transit gateway changed: the flows between the spokes it carries
/// are traced in both designs.
@Suite("lint --compare across a transit gateway")
struct TransitGatewayCompareTests {
  @Test(
    "A route deleted from the gateway's table, or referencing turned off: the spokes' flow breaks",
    arguments: [false, true])
  func change(referencing: Bool) {
    var before = TransitGatewayTests.network()
    if referencing {
      // sg-b admits vpc-a's group across the gateway, with referencing on everywhere.
      before.transitGateways["tgw-1"]?.securityGroupReferencing = true
      for id in ["tgw-attach-a", "tgw-attach-b"] {
        before.transitGatewayAttachments[id]?.securityGroupReferencing = true
      }
      before.securityGroups["sg-b"]?.inbound = [
        SecurityGroupRule(
          protocolMatch: .tcp, ports: PortRange(from: 5432, to: 5432),
          peer: .securityGroup("sg-a"))
      ]
    }
    var after = before
    if referencing {
      after.transitGateways["tgw-1"]?.securityGroupReferencing = false
    } else {
      after.transitGatewayRouteTables["tgw-rtb-1"]?.routes?.removeLast()
    }
    let comparison = LintComparison(before: before, after: after)
    #expect(
      comparison.flows.contains {
        $0.request.from == "eni-a" && $0.request.to == "eni-b" && $0.request.port == 5432
          && $0.before.reachable == true && $0.after.reachable == false
      }, "\(comparison.flows.map(\.request))")
  }
}
