import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// A private NAT gateway translates the source to its private address and hands the packet to
/// its own subnet's route table: to a transit gateway or a virtual private gateway for other
/// networks, or locally (VPC User Guide, "NAT gateways": "Private – Instances in private
/// subnets can connect to other VPCs or your on-premises network through a private NAT
/// gateway … route traffic from the NAT gateway through a transit gateway or a virtual private
/// gateway"). The reply comes back to the NAT gateway's address and is translated back.
///
/// TransitGatewayTests' two spokes, and in vpc-a: subnet-a-x 10.1.4.0/24 (us-east-1a) whose
/// table rtb-x sends 10.2.0.0/16 to nat-p; subnet-a-nat 10.1.3.0/24 (us-east-1a) with nat-p
/// (private, 10.1.3.5), whose table rtb-nat sends 10.2.0.0/16 to tgw-1; eni-x 10.1.4.10 (sg-a).
/// sg-b lets in tcp 5432 from the NAT gateway's address only.
@Suite("trace through a private NAT gateway")
struct PrivateNATGatewayTests {
  static func cidr(_ text: String) -> CIDR { TestNetwork.cidr(text) }
  static func ip(_ text: String) -> IPAddress { TestNetwork.ip(text) }

  static func network() -> Topology {
    var topology = TransitGatewayTests.network()
    for (id, block) in [("subnet-a-x", "10.1.4.0/24"), ("subnet-a-nat", "10.1.3.0/24")] {
      topology.subnets[id] = Subnet(
        id: id, vpcId: "vpc-a", cidrs: [cidr(block)], availabilityZone: "us-east-1a")
    }
    let local = Route(destination: .cidr(cidr("10.1.0.0/16")), target: .local)
    topology.routeTables["rtb-x"] = RouteTable(
      id: "rtb-x", vpcId: "vpc-a",
      routes: [
        local, Route(destination: .cidr(cidr("10.2.0.0/16")), target: .natGateway("nat-p")),
      ],
      subnetIds: ["subnet-a-x"])
    topology.routeTables["rtb-nat"] = RouteTable(
      id: "rtb-nat", vpcId: "vpc-a",
      routes: [
        local, Route(destination: .cidr(cidr("10.2.0.0/16")), target: .transitGateway("tgw-1")),
      ], subnetIds: ["subnet-a-nat"])
    topology.natGateways["nat-p"] = NatGateway(
      id: "nat-p", vpcId: "vpc-a", subnetId: "subnet-a-nat", connectivity: .private,
      privateIPs: [ip("10.1.3.5")], networkInterfaceId: "eni-nat")
    topology.networkInterfaces["eni-x"] = NetworkInterface(
      id: "eni-x", subnetId: "subnet-a-x", vpcId: "vpc-a", privateIPv4s: [ip("10.1.4.10")],
      securityGroupIds: ["sg-a"])
    topology.securityGroups["sg-b"]?.inbound = [
      SecurityGroupRule(
        protocolMatch: .tcp, ports: PortRange(from: 5432, to: 5432),
        peer: .cidr(cidr("10.1.3.5/32")))
    ]
    return topology
  }

  func trace(_ topology: Topology, from: String = "10.1.4.10", to: String = "10.2.1.20")
    throws -> PathTrace
  {
    try PathTracer(topology: topology).trace(
      TraceRequest(from: from, to: to, protocolNumber: 6, port: 5432, sourcePort: 40000))
  }

  @Test("Through the NAT gateway and the transit gateway: the receiver sees the NAT's address")
  func throughTransitGateway() throws {
    let trace = try trace(Self.network())
    #expect(trace.verdict.reachable == true, "\(trace.verdict.explanation)")
    let nat = try #require(trace.forward.first { $0.check == .natGateway })
    #expect(nat.result == .allowed)
    #expect(nat.packet.source == Self.ip("10.1.3.5"))
    #expect(trace.forward.contains { $0.check == .transitGateway && $0.result == .allowed })
    // sg-b admits the NAT gateway's address, which is what arrives.
    let admitted = try #require(trace.forward.last)
    #expect(admitted.check == .securityGroupIngress && admitted.result == .allowed)
    #expect(admitted.packet.source == Self.ip("10.1.3.5"))
    // The reply goes back to the NAT gateway through the transit gateway, is translated back,
    // and reaches eni-x on its own port.
    #expect(trace.returnLeg.contains { $0.check == .transitGateway && $0.result == .allowed })
    let back = try #require(trace.returnLeg.last { $0.check == .natGateway })
    #expect(back.packet.destination == Self.ip("10.1.4.10"))
    #expect(back.packet.destinationPort == 40000)
    #expect(trace.returnLeg.last?.check == .securityGroupIngress)
    #expect(
      trace.returnLeg.allSatisfy { $0.result == .allowed || $0.result == .skipped },
      "\(trace.returnLeg.map { "\($0.check.rawValue):\($0.result.rawValue):\($0.explanation)" })")
  }

  @Test("Without the NAT gateway the receiver's group, which names only its address, denies")
  func directIsDenied() throws {
    var topology = Self.network()
    topology.routeTables["rtb-x"]?.routes[1].target = .transitGateway("tgw-1")
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == false)
    #expect(trace.forward.last?.check == .securityGroupIngress)
    #expect(trace.forward.last?.componentId == "sg-b")
  }

  @Test("The NAT gateway's subnet without a route onward: its table is named")
  func noRouteOnward() throws {
    var topology = Self.network()
    topology.routeTables["rtb-nat"]?.routes.removeLast()
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == false)
    #expect(trace.forward.last?.check == .routeTable)
    #expect(trace.forward.last?.componentId == "rtb-nat")
  }

  @Test("The far VPC without a route back to the NAT gateway: the reply is lost there")
  func noRouteBack() throws {
    var topology = Self.network()
    topology.routeTables["rtb-b"]?.routes[1].destination = .cidr(Self.cidr("10.1.4.0/24"))
    let trace = try trace(topology)
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.leg == .return)
    let denied = try #require(trace.returnLeg.first { $0.result == .denied })
    #expect(denied.check == .routeTable && denied.componentId == "rtb-b")
  }

  @Test("Onward by the local route, where a table sends an address of the VPC to the NAT gateway")
  func local() throws {
    var topology = Self.network()
    topology.routeTables["rtb-x"]?.routes.append(
      Route(destination: .cidr(Self.cidr("10.1.1.0/24")), target: .natGateway("nat-p")))
    topology.securityGroups["sg-a1"] = SecurityGroup(
      id: "sg-a1", vpcId: "vpc-a",
      inbound: [
        SecurityGroupRule(
          protocolMatch: .tcp, ports: PortRange(from: 5432, to: 5432),
          peer: .cidr(Self.cidr("10.1.3.5/32")))
      ], outbound: topology.securityGroups["sg-a"]?.outbound ?? [])
    topology.networkInterfaces["eni-a"]?.securityGroupIds = ["sg-a1"]
    let trace = try trace(topology, to: "10.1.1.10")
    #expect(trace.verdict.reachable == true, "\(trace.verdict.explanation)")
    #expect(trace.forward.contains { $0.check == .natGateway && $0.result == .allowed })
    #expect(trace.forward.last?.packet.source == Self.ip("10.1.3.5"))
    #expect(trace.returnLeg.last?.packet.destination == Self.ip("10.1.4.10"))
  }

  @Test("Through the NAT gateway to a VPN: the reply to the NAT's port meets its subnet's ACL")
  func toVPN() throws {
    // rtb-nat sends 172.16.0.0/12 to vgw-1 (attached to vpc-a, its connection up); the NAT
    // gateway's subnet admits nothing back from it: the reply to the NAT gateway's port
    // (1024-65535, VPC User Guide, "NAT gateways") is refused there, whatever the VPN does.
    var topology = Self.network()
    topology.routeTables["rtb-x"]?.routes.append(
      Route(destination: .cidr(Self.cidr("172.16.0.0/12")), target: .natGateway("nat-p")))
    topology.routeTables["rtb-nat"]?.routes.append(
      Route(
        destination: .cidr(Self.cidr("172.16.0.0/12")), target: .virtualPrivateGateway("vgw-1")))
    topology.vpnGateways["vgw-1"] = VpnGateway(id: "vgw-1", attachedVpcIds: ["vpc-a"])
    topology.networkACLs["acl-nat"] = NetworkACL(
      id: "acl-nat", vpcId: "vpc-a", isDefault: false,
      entries: TestNetwork.inModelOrder(
        [
          TestNetwork.allowAll(100, egress: true, "0.0.0.0/0"),
          TestNetwork.allowAll(100, egress: false, "10.1.0.0/16"),
        ] + TestNetwork.implicitDenies()), subnetIds: ["subnet-a-nat"])
    let trace = try trace(topology, to: "172.16.5.5")
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.leg == .return)
    #expect(trace.returnLeg.last?.componentId == "acl-nat")
  }

  @Test("A private NAT gateway never reaches the internet")
  func noInternet() throws {
    var topology = Self.network()
    topology.routeTables["rtb-x"]?.routes.append(
      Route(destination: .cidr(Self.cidr("0.0.0.0/0")), target: .natGateway("nat-p")))
    let trace = try trace(topology, to: "198.51.100.7")
    #expect(trace.verdict.reachable == false)
    #expect(trace.forward.last?.componentId == "rtb-nat")
  }
}
