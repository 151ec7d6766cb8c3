import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// Each test names the AWS behaviour it checks; the model is `TestNetwork`, in each of its
/// forms: built in code, loaded from the native format and loaded from `describe-*` output.
@Suite("trace: forward and return legs through SGs, NACLs and routes")
struct PathTracerTests {
  func trace(
    _ form: TopologyForm, _ from: String, _ to: String, _ proto: UInt8 = 6, port: UInt16? = nil,
    sourcePort: UInt16? = 40000
  ) throws -> PathTrace {
    try PathTracer(topology: TestNetwork.make(form)).trace(
      TraceRequest(from: from, to: to, protocolNumber: proto, port: port, sourcePort: sourcePort))
  }

  func checks(_ checkpoints: [Checkpoint]) -> [String] {
    checkpoints.map { "\($0.check.rawValue):\($0.result.rawValue)" }
  }

  @Test(
    "Internet to a web server on 80: reachable, both legs, through the IGW's 1:1 NAT",
    arguments: TopologyForm.allCases)
  func internetToWeb(form: TopologyForm) throws {
    let trace = try trace(form, "198.51.100.7", "203.0.113.10", port: 80)
    #expect(trace.verdict.reachable == true)
    #expect(
      checks(trace.forward) == [
        "internet-gateway:allowed", "network-acl-ingress:allowed", "security-group-ingress:allowed",
      ])
    #expect(trace.forward[2].componentId == "sg-web")
    #expect(
      checks(trace.returnLeg) == [
        "security-group-egress:allowed", "network-acl-egress:allowed", "route-table:allowed",
        "internet-gateway:allowed",
      ])
    // The IGW maps the public address to the private one on the way in, back on the way out.
    #expect(trace.forward[1].packet.destination == TestNetwork.ip("10.0.1.10"))
    #expect(trace.returnLeg.last?.packet.source == TestNetwork.ip("203.0.113.10"))
  }

  @Test(
    "An ENI named by id is reached from the internet at its public address",
    arguments: TopologyForm.allCases)
  func idMeansPublicFromOutside(form: TopologyForm) throws {
    let trace = try trace(form, "198.51.100.7", "i-web", port: 80)
    #expect(trace.request.destination == TestNetwork.ip("203.0.113.10"))
    #expect(trace.verdict.reachable == true)
  }

  @Test(
    "Inbound 80 from 0.0.0.0/0 with outbound all to 0.0.0.0/0 is untracked (EC2 connection tracking)",
    arguments: TopologyForm.allCases)
  func untrackedFlow(form: TopologyForm) throws {
    let trace = try trace(form, "198.51.100.7", "203.0.113.10", port: 80)
    #expect(trace.tracking == .untracked)
    // The reply is allowed by a rule, not by connection state.
    guard case .securityGroupRule(let group, _, .outbound) = trace.returnLeg[0].rule else {
      Issue.record("expected the outbound rule that carries the untracked reply")
      return
    }
    #expect(group == "sg-web")
  }

  @Test(
    "A rule naming a security group tracks the flow; the reply passes by state",
    arguments: TopologyForm.allCases)
  func trackedFlow(form: TopologyForm) throws {
    let trace = try trace(form, "eni-web", "eni-app", port: 8080)
    #expect(trace.verdict.reachable == true)
    #expect(trace.tracking == .tracked)
    #expect(trace.returnLeg[0].rule == .connectionTracking(groupIds: ["sg-app"]))
  }

  @Test(
    "Security groups are allow-only: no rule for 22 from this address is a denial",
    arguments: TopologyForm.allCases)
  func sgDenies(form: TopologyForm) throws {
    let trace = try trace(form, "192.0.2.10", "203.0.113.10", port: 22)
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.code == .eniSGRulesMismatch)
    #expect(trace.verdict.leg == .forward)
    #expect(trace.forward.last?.check == .securityGroupIngress)
    #expect(trace.returnLeg.isEmpty)
  }

  @Test("A prefix list in an SG rule matches its entries", arguments: TopologyForm.allCases)
  func prefixList(form: TopologyForm) throws {
    #expect(try trace(form, "198.51.100.7", "203.0.113.10", port: 22).verdict.reachable == true)
  }

  @Test(
    "A prefix list without entries leaves the SG decision undetermined, not denied",
    arguments: TopologyForm.allCases)
  func prefixListUnknown(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    topology.prefixLists["pl-office"]?.entriesKnown = false
    let trace = try PathTracer(topology: topology).trace(
      TraceRequest(
        from: "192.0.2.10", to: "203.0.113.10", protocolNumber: 6, port: 22, sourcePort: 40000))
    #expect(trace.verdict.reachable == nil)
    #expect(trace.verdict.code == .unknownPrefixList)
  }

  @Test(
    "From the internet, a private address cannot be reached (IGW 1:1 NAT needs a public IP)",
    arguments: TopologyForm.allCases)
  func internetToPrivate(form: TopologyForm) throws {
    let trace = try trace(form, "198.51.100.7", "10.0.2.20", port: 8080)
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.code == .igwPrivateIPAssociationForIngress)
  }

  @Test(
    "SG references match private addresses: the web tier reaches the app tier on 8080",
    arguments: TopologyForm.allCases)
  func sgReference(form: TopologyForm) throws {
    let trace = try trace(form, "10.0.1.10", "10.0.2.20", port: 8080)
    #expect(trace.verdict.reachable == true)
    guard case .securityGroupRule(let group, let rule, .inbound) = trace.forward.last?.rule else {
      Issue.record("expected an SG rule")
      return
    }
    #expect(group == "sg-app")
    #expect(rule.peer == .securityGroup("sg-web"))
  }

  @Test(
    "A NACL is stateless: the db subnet drops its replies to the app's ephemeral port",
    arguments: TopologyForm.allCases)
  func naclBlocksReturn(form: TopologyForm) throws {
    let trace = try trace(form, "eni-app", "eni-db", port: 5432)
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.leg == .return)
    #expect(trace.verdict.code == .subnetACLRestriction)
    let denied = try #require(trace.returnLeg.last)
    #expect(denied.check == .networkACLEgress)
    #expect(denied.componentId == "acl-db")
    guard case .networkACLEntry(_, let entry) = denied.rule else {
      Issue.record("expected a NACL entry")
      return
    }
    // Rule 100 allows only 0-1023, so the reply to port 40000 falls to the implicit * entry.
    #expect(entry.isImplicit && entry.ruleNumber == 32767)
    #expect(denied.packet.destinationPort == 40000)
  }

  @Test(
    "Inbound, the subnet's NACL is checked before the ENI's SG: acl-db stops web to db first",
    arguments: TopologyForm.allCases)
  func naclBeforeSG(form: TopologyForm) throws {
    let trace = try trace(form, "eni-web", "eni-db", port: 5432)
    #expect(trace.verdict.code == .subnetACLRestriction)
    #expect(trace.forward.last?.componentId == "acl-db")
  }

  @Test(
    "The SG of the db tier allows only the app tier: with the NACL open, db's SG denies web",
    arguments: TopologyForm.allCases)
  func sgReferenceDenies(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    topology.networkACLs["acl-db"]?.entries.insert(
      TestNetwork.allowAll(50, egress: false, "10.0.1.0/24"), at: 0)
    let trace = try PathTracer(topology: topology).trace(
      TraceRequest(from: "eni-web", to: "eni-db", protocolNumber: 6, port: 5432, sourcePort: 40000))
    #expect(trace.verdict.code == .eniSGRulesMismatch)
    #expect(trace.forward.last?.componentId == "sg-db")
  }

  @Test("Between two ENIs of one subnet no NACL is evaluated", arguments: TopologyForm.allCases)
  func sameSubnet(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    // Even a NACL that denies everything does not apply inside the subnet.
    topology.networkACLs["acl-default"]?.entries = TestNetwork.implicitDenies()
    let trace = try PathTracer(topology: topology).trace(
      TraceRequest(
        from: "eni-app2", to: "eni-app", protocolNumber: 6, port: 8080, sourcePort: 40000))
    #expect(
      trace.forward.filter { $0.check == .networkACLEgress || $0.check == .networkACLIngress }
        .allSatisfy { $0.result == .skipped })
    // sg-app allows 8080 from sg-web only, and eni-app2 carries sg-app, not sg-web.
    #expect(trace.verdict.code == .eniSGRulesMismatch)
  }

  @Test(
    "A private subnet reaches the internet through the NAT gateway, and the replies come back",
    arguments: TopologyForm.allCases)
  func natGateway(form: TopologyForm) throws {
    let trace = try trace(form, "eni-app", "93.184.216.34", port: 443)
    #expect(trace.verdict.reachable == true)
    let natCheck = try #require(trace.forward.first { $0.check == .natGateway })
    #expect(natCheck.packet.source == TestNetwork.ip("10.0.1.9"))
    #expect((1024...65535).contains(Int(natCheck.packet.sourcePort)))
    #expect(trace.forward.last?.packet.source == TestNetwork.ip("203.0.113.9"))
    #expect(trace.returnLeg.contains { $0.check == .natGateway })
    #expect(trace.returnLeg.last?.check == .securityGroupIngress)
  }

  @Test(
    "A subnet on the main table with only the local route has no route to the internet",
    arguments: TopologyForm.allCases)
  func noRoute(form: TopologyForm) throws {
    let trace = try trace(form, "eni-db", "93.184.216.34", port: 443)
    #expect(trace.verdict.code == .noRouteToDestination)
    let route = try #require(trace.forward.first { $0.check == .routeTable })
    #expect(route.componentId == "rtb-main")
  }

  @Test(
    "IPv4 to the internet through an IGW needs a public or Elastic IP",
    arguments: TopologyForm.allCases)
  func noPublicIP(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    topology.networkInterfaces["eni-web"]?.publicIPv4s = []
    let trace = try PathTracer(topology: topology).trace(
      TraceRequest(
        from: "eni-web", to: "93.184.216.34", protocolNumber: 6, port: 443, sourcePort: 40000))
    #expect(trace.verdict.code == .igwPublicIPAssociationForEgress)
  }

  @Test(
    "A blackhole route wins the longest prefix match and drops the packet",
    arguments: TopologyForm.allCases)
  func blackhole(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    topology.routeTables["rtb-app"]?.routes.append(
      Route(
        destination: .cidr(TestNetwork.cidr("93.184.216.0/24")), target: .natGateway("nat-gone"),
        state: .blackhole))
    let trace = try PathTracer(topology: topology).trace(
      TraceRequest(
        from: "eni-app", to: "93.184.216.34", protocolNumber: 6, port: 443, sourcePort: 40000))
    #expect(trace.verdict.code == .badStateRoute)
  }

  @Test(
    "IPv6 from a private subnet leaves through the egress-only IGW and replies come back",
    arguments: TopologyForm.allCases)
  func egressOnly(form: TopologyForm) throws {
    let trace = try trace(form, "eni-app", "2001:db8::1", port: 443)
    #expect(trace.verdict.reachable == true)
    #expect(trace.forward.contains { $0.check == .egressOnlyInternetGateway })
  }

  @Test(
    "An egress-only IGW lets no connection in from the internet: the reply cannot leave",
    arguments: TopologyForm.allCases)
  func egressOnlyBlocksInbound(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    topology.securityGroups["sg-app"]?.inbound.append(
      SecurityGroupRule(
        protocolMatch: .tcp, ports: PortRange(from: 8080, to: 8080),
        peer: .cidr(TestNetwork.cidr("::/0"))))
    let trace = try PathTracer(topology: topology).trace(
      TraceRequest(
        from: "2001:db8::1", to: "2600:1f18:1:102::20", protocolNumber: 6, port: 8080,
        sourcePort: 40000))
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.leg == .return)
    #expect(trace.returnLeg.last?.check == .egressOnlyInternetGateway)
  }

  @Test(
    "NACL entries apply in rule-number order; the first match wins",
    arguments: TopologyForm.allCases)
  func naclOrder(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    topology.networkACLs["acl-default"]?.entries.insert(
      NetworkACLEntry(
        ruleNumber: 90, egress: false, action: .deny, protocolMatch: .tcp,
        cidr: TestNetwork.cidr("192.0.2.0/24"), ports: PortRange(from: 80, to: 80)), at: 0)
    let trace = try PathTracer(topology: topology).trace(
      TraceRequest(
        from: "192.0.2.10", to: "203.0.113.10", protocolNumber: 6, port: 80, sourcePort: 40000))
    #expect(trace.verdict.code == .subnetACLRestriction)
    guard case .networkACLEntry(_, let entry) = trace.forward.last?.rule else {
      Issue.record("expected a NACL entry")
      return
    }
    #expect(entry.ruleNumber == 90)
  }

  @Test("An IPv4 NACL entry never matches IPv6 traffic", arguments: TopologyForm.allCases)
  func naclFamilies(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    // Keep only the IPv4 allow entries: IPv6 then falls to the * entry 32768.
    topology.networkACLs["acl-default"]?.entries.removeAll { $0.cidr.isIPv6 && !$0.isImplicit }
    let trace = try PathTracer(topology: topology).trace(
      TraceRequest(
        from: "2001:db8::1", to: "2600:1f18:1:101::10", protocolNumber: 6, port: 80,
        sourcePort: 40000))
    guard case .networkACLEntry(_, let entry) = trace.forward.last?.rule else {
      Issue.record("expected a NACL entry")
      return
    }
    #expect(entry.ruleNumber == 32768)
    #expect(trace.verdict.code == .subnetACLRestriction)
  }

  @Test(
    "ICMP echo: the request is type 8, the reply type 0, and both legs are checked",
    arguments: TopologyForm.allCases)
  func icmpEcho(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    topology.securityGroups["sg-web"]?.inbound.append(
      SecurityGroupRule(
        protocolMatch: .icmp, icmpType: 8, peer: .cidr(TestNetwork.cidr("0.0.0.0/0"))))
    let trace = try PathTracer(topology: topology).trace(
      TraceRequest(from: "198.51.100.7", to: "203.0.113.10", protocolNumber: 1))
    #expect(trace.request.icmpType == 8)
    #expect(trace.verdict.reachable == true)
    #expect(trace.returnLeg.first?.packet.icmpType == 0)
    // ICMP is always tracked.
    #expect(trace.tracking == .tracked)
  }

  @Test("Longest prefix match: a /24 route beats 0.0.0.0/0", arguments: TopologyForm.allCases)
  func longestPrefix(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    topology.routeTables["rtb-app"]?.routes.append(
      Route(destination: .cidr(TestNetwork.cidr("93.184.216.0/24")), target: .natGateway("nat-x")))
    let lookup = RouteEvaluator(topology: topology).lookup(
      subnetId: "subnet-app", destination: TestNetwork.ip("93.184.216.34"))
    #expect(lookup.route?.target == .natGateway("nat-x"))
    let other = RouteEvaluator(topology: topology).lookup(
      subnetId: "subnet-app", destination: TestNetwork.ip("8.8.8.8"))
    #expect(other.route?.target == .natGateway("nat-1"))
  }

  @Test(
    "SG references do not match public addresses: a hairpin through the IGW loses the group",
    arguments: TopologyForm.allCases)
  func hairpinLosesGroup(form: TopologyForm) throws {
    var topology = try TestNetwork.make(form)
    // The app ENI gets a public IP and a public route so it can hairpin to the web server.
    topology.networkInterfaces["eni-web"]?.securityGroupIds = ["sg-app"]
    topology.securityGroups["sg-app"]?.inbound.append(
      SecurityGroupRule(
        protocolMatch: .tcp, ports: PortRange(from: 80, to: 80), peer: .securityGroup("sg-app")))
    topology.networkInterfaces["eni-web2"] = NetworkInterface(
      id: "eni-web2", subnetId: "subnet-pub", vpcId: "vpc-1",
      privateIPv4s: [TestNetwork.ip("10.0.1.11")],
      publicIPv4s: [
        PublicAddress(
          publicIP: TestNetwork.ip("203.0.113.11"), privateIP: TestNetwork.ip("10.0.1.11"))
      ],
      securityGroupIds: ["sg-app"])
    let direct = try PathTracer(topology: topology).trace(
      TraceRequest(
        from: "eni-web2", to: "10.0.1.10", protocolNumber: 6, port: 80, sourcePort: 40000))
    #expect(direct.verdict.reachable == true)
    let hairpin = try PathTracer(topology: topology).trace(
      TraceRequest(
        from: "eni-web2", to: "203.0.113.10", protocolNumber: 6, port: 80, sourcePort: 40000))
    #expect(hairpin.verdict.code == .eniSGRulesMismatch)
    #expect(hairpin.forward.last?.packet.source == TestNetwork.ip("203.0.113.11"))
  }

  @Test(
    "Without --source-port, one is drawn from the Linux ephemeral range and said so",
    arguments: TopologyForm.allCases)
  func sourcePortChosen(form: TopologyForm) throws {
    let trace = try trace(form, "198.51.100.7", "203.0.113.10", port: 80, sourcePort: nil)
    #expect(PathTracer.linuxEphemeralPorts.contains(trace.request.sourcePort))
    #expect(trace.sourcePortNote?.text.contains("32768-60999") == true)
  }

  // MARK: - Addresses no ENI owns, and targets flowcause does not model

  @Test(
    "A VPC address no ENI owns is not the internet: from outside it is UNKNOWN_DESTINATION",
    arguments: TopologyForm.allCases)
  func unownedDestinationFromOutside(form: TopologyForm) throws {
    // 10.0.1.77 is in subnet-pub's 10.0.1.0/24; no ENI of the network owns it.
    let trace = try trace(form, "198.51.100.7", "10.0.1.77", port: 443)
    #expect(
      trace.destination
        == .unowned(TestNetwork.ip("10.0.1.77"), vpcId: "vpc-1", subnetId: "subnet-pub"))
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.code == .unknownDestination)
    #expect(checks(trace.forward) == ["destination:denied"])
    #expect(trace.returnLeg.isEmpty)
  }

  @Test(
    "From an ENI, a VPC address no ENI owns is UNKNOWN_DESTINATION after the local route",
    arguments: TopologyForm.allCases)
  func unownedDestinationFromInside(form: TopologyForm) throws {
    let trace = try trace(form, "eni-app", "10.0.3.77", port: 5432)
    #expect(trace.verdict.code == .unknownDestination)
    #expect(trace.forward.last?.explanation.contains("10.0.3.77, an address of subnet-db") == true)
  }

  @Test(
    "An unowned source inside the VPC is not traced through the internet gateway, and is undetermined",
    arguments: TopologyForm.allCases)
  func unownedSourceIsNotInternet(form: TopologyForm) throws {
    // 10.0.1.11 is a free address of subnet-pub; eni-web (10.0.1.10) allows tcp 80 from anywhere.
    // VPC addresses are reached through the VPC's local route, never through the internet gateway
    // (VPC User Guide, "Route tables", the local route).
    let trace = try trace(form, "10.0.1.11", "10.0.1.10", port: 80)
    #expect(
      trace.source == .unowned(TestNetwork.ip("10.0.1.11"), vpcId: "vpc-1", subnetId: "subnet-pub"))
    #expect(!(trace.forward + trace.returnLeg).contains { $0.check == .internetGateway })
    // Its security groups are unknown, so the answer cannot be "reachable".
    #expect(trace.verdict.reachable == nil)
    #expect(trace.verdict.code == .unknownSource)
    #expect(
      checks(trace.forward) == [
        "security-group-egress:undetermined", "network-acl-egress:skipped", "route-table:allowed",
        "network-acl-ingress:skipped", "security-group-ingress:allowed",
      ])
    #expect(
      trace.returnLeg.last.map { "\($0.check.rawValue):\($0.result.rawValue)" }
        == "security-group-ingress:undetermined")
  }

  @Test(
    "From an unowned VPC source, a NACL that denies on the way still decides",
    arguments: TopologyForm.allCases)
  func unownedSourceDeniedByNACL(form: TopologyForm) throws {
    // 10.0.2.99 is a free address of subnet-app; acl-db lets in only tcp 5432 from 10.0.2.0/24,
    // so tcp 22 to eni-db is dropped whatever the sender's security groups say.
    let trace = try trace(form, "10.0.2.99", "10.0.3.30", port: 22)
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.code == .subnetACLRestriction)
    #expect(trace.forward.last?.componentId == "acl-db")
  }

  @Test(
    "An unowned VPC source going to the internet stops undetermined at the internet gateway",
    arguments: TopologyForm.allCases)
  func unownedSourceToInternet(form: TopologyForm) throws {
    let trace = try trace(form, "10.0.1.11", "198.51.100.7", port: 443)
    #expect(trace.verdict.reachable == nil)
    #expect(trace.verdict.code == .unknownSource)
    #expect(trace.forward.last?.check == .internetGateway)
    #expect(trace.forward.last?.result == .undetermined)
    #expect(trace.returnLeg.isEmpty)
  }

  /// vpc-1 with one subnet whose table sends 0.0.0.0/0 to igw-1 and 172.16.0.0/12 to vgw-1, and a
  /// second subnet whose table sends 192.168.0.0/16 to tgw-1; eni-web allows tcp 443 from
  /// anywhere and has a public IP.
  static let vpnNetwork = """
    {"flowcause-topology": 1,
     "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
     "subnets": [{"id": "subnet-a", "cidrs": ["10.0.1.0/24"], "route-table": "rtb-a"},
                 {"id": "subnet-b", "cidrs": ["10.0.2.0/24"], "route-table": "rtb-b"}],
     "route-tables": [
       {"id": "rtb-a", "routes": [{"destination": "0.0.0.0/0", "target": "igw-1"},
                                  {"destination": "172.16.0.0/12", "target": "vgw-1"}]},
       {"id": "rtb-b", "routes": [{"destination": "192.168.0.0/16", "target": "tgw-1"}]}],
     "internet-gateways": [{"id": "igw-1"}],
     "network-acls": [{"id": "acl-1", "default": true,
       "inbound": [{"rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}],
       "outbound": [{"rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}]}],
     "security-groups": [{"id": "sg-web",
       "inbound": [{"protocol": "tcp", "ports": "443", "from": "0.0.0.0/0"}],
       "outbound": [{"protocol": "all", "to": "0.0.0.0/0"}]}],
     "network-interfaces": [{"id": "eni-web", "subnet": "subnet-a", "private-ips": ["10.0.1.10"],
       "public-ip": "203.0.113.10", "security-groups": ["sg-web"]}]}
    """

  func vpnTrace(from: String, to: String) throws -> PathTrace {
    let topology = try TopologyLoader().load(documents: [
      TopologyDocument(name: "vpn.json", bytes: Array(Self.vpnNetwork.utf8))
    ])
    return try PathTracer(topology: topology).trace(
      TraceRequest(from: from, to: to, protocolNumber: 6, port: 443, sourcePort: 40000))
  }

  @Test("From an address the route table sends to a virtual private gateway: UNSUPPORTED_COMPONENT")
  func virtualPrivateGatewayPeer() throws {
    // rtb-a sends 172.16.0.0/12 to vgw-1: 172.16.5.5 is reached through the VPN, not the internet
    // gateway, and flowcause does not model VPNs (docs/evaluation.md, "Not modelled").
    let trace = try vpnTrace(from: "172.16.5.5", to: "10.0.1.10")
    #expect(trace.verdict.reachable == nil)
    #expect(trace.verdict.code == .unsupportedComponent)
    #expect(!trace.forward.contains { $0.check == .internetGateway })
    guard
      case .route(let table, let route)? = trace.forward.first(where: {
        $0.result == .undetermined
      })?.rule
    else {
      Issue.record("the undecided checkpoint names no route: \(trace.forward)")
      return
    }
    #expect(table == "rtb-a")
    #expect(route.target == .virtualPrivateGateway("vgw-1"))
    // Whatever the VPN did, the packet meets eni-web's network ACL and groups, which are still
    // checked (sg-web lets 443 in from anywhere), and the reply leaves back to vgw-1.
    #expect(
      trace.forward.suffix(2).map(\.check) == [.networkACLIngress, .securityGroupIngress])
    #expect(trace.forward.suffix(2).allSatisfy { $0.result == .allowed })
    #expect(trace.returnLeg.last?.check == .routeTable)
    #expect(trace.returnLeg.allSatisfy { $0.result == .allowed })
  }

  @Test("From past a virtual private gateway, a denial at the receiver decides")
  func virtualPrivateGatewayPeerDenied() throws {
    // sg-web lets in 443 only: 8443 from the VPN is refused whatever the VPN did.
    let topology = try TopologyLoader().load(documents: [
      TopologyDocument(name: "vpn.json", bytes: Array(Self.vpnNetwork.utf8))
    ])
    let trace = try PathTracer(topology: topology).trace(
      TraceRequest(from: "172.16.5.5", to: "10.0.1.10", protocolNumber: 6, port: 8443))
    #expect(trace.verdict.reachable == false)
    #expect(trace.verdict.code == .eniSGRulesMismatch)
  }

  @Test("A transit gateway route in another subnet's table also stops the trace from that peer")
  func transitGatewayElsewhere() throws {
    // eni-web's own table would send 192.168.7.7 to the internet gateway, which does not route
    // private addresses; rtb-b's route shows the address is reached through tgw-1.
    let trace = try vpnTrace(from: "192.168.7.7", to: "10.0.1.10")
    #expect(trace.verdict.code == .unsupportedComponent)
    guard
      case .route(let table, let route)? = trace.forward.first(where: {
        $0.result == .undetermined
      })?.rule
    else {
      Issue.record("the undecided checkpoint names no route: \(trace.forward)")
      return
    }
    #expect(table == "rtb-b")
    #expect(route.target == .transitGateway("tgw-1"))
    // eni-web's own table sends the reply to the internet gateway, not back to tgw-1: whether
    // it gets there is outside the model too.
    #expect(trace.returnLeg.last?.result == .undetermined)
    #expect(trace.returnLeg.last?.componentId == "rtb-a")
  }

  @Test("An internet address with no unmodelled route still comes in through the internet gateway")
  func internetStillInternet() throws {
    let trace = try vpnTrace(from: "198.51.100.7", to: "203.0.113.10")
    #expect(trace.verdict.reachable == true)
    #expect(trace.forward.first?.check == .internetGateway)
  }
}
