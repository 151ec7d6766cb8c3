import FlowLogs
import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// The readings a REJECT leaves open (docs/diagnosis.md, "Readings"), one class of wrong cause
/// each: a test here fails when the reasoning that fixes its class is removed.
@Suite("diagnose: readings the logs leave open, and the ones the topology rules out")
struct DiagnosisReadingsTests {
  static let t0: Int64 = 1_795_350_420

  /// One public subnet 10.0.1.0/24 with a route to igw-1; eni-a 10.0.1.10 (public
  /// 203.0.113.10) and eni-b 10.0.1.11 (public 203.0.113.11), both in sg-a; the subnet's ACL
  /// `acl-1` holds `inbound` and `outbound` (then the `*` entries), and sg-a `sgIn` and `sgOut`.
  static func network(
    inbound: [NetworkACLEntry] = [allowAll(egress: false)],
    outbound: [NetworkACLEntry] = [allowAll(egress: true)],
    sgIn: [SecurityGroupRule] = [], sgOut: [SecurityGroupRule] = [anyOut]
  ) -> Topology {
    var topology = Topology()
    topology.vpcs["vpc-1"] = VPC(id: "vpc-1", cidrs: [cidr("10.0.0.0/16")])
    topology.subnets["subnet-1"] = Subnet(
      id: "subnet-1", vpcId: "vpc-1", cidrs: [cidr("10.0.1.0/24")], availabilityZone: "us-east-1a")
    topology.internetGateways["igw-1"] = InternetGateway(id: "igw-1", attachedVpcIds: ["vpc-1"])
    topology.routeTables["rtb-1"] = RouteTable(
      id: "rtb-1", vpcId: "vpc-1",
      routes: [
        Route(destination: .cidr(cidr("10.0.0.0/16")), target: .local, origin: "CreateRouteTable"),
        Route(
          destination: .cidr(cidr("0.0.0.0/0")), target: .internetGateway("igw-1"),
          origin: "CreateRoute"),
      ], isMain: true)
    let implicit = [false, true].map { egress in
      NetworkACLEntry(
        ruleNumber: 32767, egress: egress, action: .deny, protocolMatch: .all,
        cidr: cidr("0.0.0.0/0"), isImplicit: true)
    }
    topology.networkACLs["acl-1"] = NetworkACL(
      id: "acl-1", vpcId: "vpc-1", isDefault: true,
      entries: inbound + [implicit[0]] + outbound + [implicit[1]], subnetIds: ["subnet-1"])
    topology.securityGroups["sg-a"] = SecurityGroup(
      id: "sg-a", vpcId: "vpc-1", name: "a", inbound: sgIn, outbound: sgOut)
    for (name, host) in [("a", 10), ("b", 11)] {
      let privateIP = ip("10.0.1.\(host)")
      topology.networkInterfaces["eni-\(name)"] = NetworkInterface(
        id: "eni-\(name)", subnetId: "subnet-1", vpcId: "vpc-1", privateIPv4s: [privateIP],
        publicIPv4s: [PublicAddress(publicIP: ip("203.0.113.\(host)"), privateIP: privateIP)],
        securityGroupIds: ["sg-a"])
    }
    return topology
  }

  static func cidr(_ text: String) -> CIDR { TestNetwork.cidr(text) }
  static func ip(_ text: String) -> IPAddress { TestNetwork.ip(text) }

  static func allowAll(egress: Bool) -> NetworkACLEntry {
    NetworkACLEntry(
      ruleNumber: 100, egress: egress, action: .allow, protocolMatch: .all,
      cidr: cidr("0.0.0.0/0"))
  }

  static let anyOut = SecurityGroupRule(protocolMatch: .all, peer: .cidr(cidr("0.0.0.0/0")))

  /// A security group rule allowing `port` of `protocolMatch` from (or to) `cidr`.
  static func allow(
    _ protocolMatch: ProtocolMatch, _ port: UInt16, from cidr: String = "0.0.0.0/0"
  ) -> SecurityGroupRule {
    SecurityGroupRule(
      protocolMatch: protocolMatch, ports: PortRange(from: port, to: port),
      peer: .cidr(Self.cidr(cidr)))
  }

  /// An outbound ACL entry 100 allowing TCP to `ports` anywhere.
  static func allowTCPOut(_ ports: ClosedRange<UInt16>) -> NetworkACLEntry {
    NetworkACLEntry(
      ruleNumber: 100, egress: true, action: .allow, protocolMatch: .tcp,
      cidr: cidr("0.0.0.0/0"), ports: PortRange(from: ports.lowerBound, to: ports.upperBound))
  }

  /// A record on `eni` from `src:sport` to `dst:dport` (ICMP: ports 0).
  static func record(
    _ line: Int, _ eni: String, _ src: String, _ sport: UInt16, _ dst: String, _ dport: UInt16,
    _ action: FlowAction, proto: UInt8 = 6, start: Int64 = t0, duration: Int64 = 5,
    flags: Int? = nil
  ) -> FlowObservation {
    FlowObservation(
      file: 0, line: line, interfaceId: eni, source: ip(src), destination: ip(dst),
      sourcePort: sport, destinationPort: dport, protocolNumber: proto, packets: 3, start: start,
      end: start + duration, action: action, tcpFlags: flags)
  }

  /// An unrelated accepted flow of `eni`: the logs hold its accepted records (a log of all
  /// traffic), so a request it sent would be in them.
  static func busy(_ line: Int, _ eni: String, _ address: String) -> FlowObservation {
    record(line, eni, address, 45000, "192.0.2.200", 443, .accept, start: t0 - 30)
  }

  func diagnosis(
    _ records: [FlowObservation], topology: Topology?, line: Int
  ) throws -> Diagnosis {
    try #require(
      Diagnoser(topology: topology).diagnose(records).first { $0.observation.line == line })
  }

  // MARK: 1. ICMP pings in opposite directions

  @Test("A rejected echo is not the reply of a ping that started later (logs only)")
  func pingStartedLater() throws {
    // eni-a's own ping to 198.51.100.7 starts five minutes after the peer's ping was rejected:
    // a reply follows its request.
    let result = try diagnosis(
      [
        Self.record(1, "eni-a", "198.51.100.7", 0, "10.0.1.10", 0, .reject, proto: 1),
        Self.record(
          2, "eni-a", "10.0.1.10", 0, "198.51.100.7", 0, .accept, proto: 1, start: Self.t0 + 300),
      ], topology: nil, line: 1)
    #expect(result.cause == .undetermined)
    #expect(result.confidence == .low)
    #expect(result.role != .response)
  }

  @Test("A rejected echo is not the reply of a ping the peer itself rejected (logs only)")
  func pingRejectedAtPeer() throws {
    // eni-b pings eni-a (accepted leaving eni-b, rejected arriving at eni-a: never answered);
    // eni-a's own ping to eni-b is rejected arriving at eni-b.
    let result = try diagnosis(
      [
        Self.record(1, "eni-b", "10.0.1.11", 0, "10.0.1.10", 0, .accept, proto: 1),
        Self.record(2, "eni-a", "10.0.1.11", 0, "10.0.1.10", 0, .reject, proto: 1),
        Self.record(
          3, "eni-a", "10.0.1.10", 0, "10.0.1.11", 0, .accept, proto: 1, start: Self.t0 + 2),
        Self.record(
          4, "eni-b", "10.0.1.10", 0, "10.0.1.11", 0, .reject, proto: 1, start: Self.t0 + 2),
      ], topology: nil, line: 4)
    #expect(result.cause == .undetermined)
    #expect(result.confidence == .low)
  }

  @Test("Pings both ways under an ACL that admits echo requests only: not the ACL at high")
  func pingsBothWaysTypedACL() throws {
    // acl-1 admits ICMP type 8 only inbound; sg-a admits no ICMP. eni-a pings 198.51.100.7 and
    // its replies (type 0) fall to the * entry; 198.51.100.7's own pings (type 8) pass the ACL
    // and are rejected by the security group. The one REJECT record holds packets whose type
    // the log does not show: the ACL for echo replies, the group for echo requests.
    let topology = Self.network(inbound: [
      NetworkACLEntry(
        ruleNumber: 100, egress: false, action: .allow, protocolMatch: .icmp,
        cidr: Self.cidr("0.0.0.0/0"), icmpType: 8)
    ])
    let result = try diagnosis(
      [
        Self.record(1, "eni-a", "10.0.1.10", 0, "198.51.100.7", 0, .accept, proto: 1),
        Self.record(
          2, "eni-a", "198.51.100.7", 0, "10.0.1.10", 0, .reject, proto: 1, start: Self.t0 + 1),
      ], topology: topology, line: 2)
    #expect(result.confidence != .high || result.cause == .undetermined)
    #expect(result.cause == .undetermined)
    #expect(Set(result.candidates) == [.networkACL, .securityGroup])
  }

  // MARK: 2. A role read from ports alone

  @Test("An egress 176 -> 8443 the security group denies is the security group, not the ACL")
  func privilegedClientEgress() throws {
    // sg-a lets out only tcp 443; acl-1 denies outbound tcp 8443. On egress the security group
    // is evaluated first: as new traffic it stops the packet there. Read as a reply (176 is
    // below 1024), the group would be skipped and the ACL named; but eni-a received no request
    // from 192.0.2.9:8443, so its groups hold no state for the packet.
    let topology = Self.network(
      outbound: [
        NetworkACLEntry(
          ruleNumber: 50, egress: true, action: .deny, protocolMatch: .tcp,
          cidr: Self.cidr("0.0.0.0/0"), ports: PortRange(from: 8443, to: 8443)),
        Self.allowAll(egress: true),
      ],
      sgOut: [
        Self.allow(.tcp, 443)
      ])
    let result = try diagnosis(
      [
        Self.busy(1, "eni-a", "10.0.1.10"),
        Self.record(2, "eni-a", "10.0.1.10", 176, "192.0.2.9", 8443, .reject),
      ], topology: topology, line: 2)
    #expect(result.cause == .securityGroup)
    #expect(result.component == "sg-a")
    #expect(result.confidence == .high)
  }

  @Test("An NFS client on a privileged port (800 -> 2049) is the request")
  func nfsClientRole() throws {
    let result = try diagnosis(
      [Self.record(1, "eni-a", "10.0.1.10", 800, "10.0.1.11", 2049, .reject)], topology: nil,
      line: 1)
    #expect(result.role == .request)
    #expect(result.roleEvidence == .ports)
  }

  // MARK: 3. Unsolicited packets from a service port

  @Test("Backscatter from port 80 with no request on the ENI is judged as new traffic")
  func backscatterIsNewTraffic() throws {
    // acl-1 allows everything, sg-a admits nothing: as the reply of a tracked connection the
    // packet would pass; eni-a sent no request to 203.0.113.9:80, so the group judges it.
    let topology = Self.network()
    for flags in [nil, 18] as [Int?] {
      let result = try diagnosis(
        [
          Self.busy(1, "eni-a", "10.0.1.10"),
          Self.record(2, "eni-a", "198.51.100.9", 80, "10.0.1.10", 37882, .reject, flags: flags),
        ], topology: topology, line: 2)
      #expect(result.cause == .securityGroup, "flags \(flags.map(String.init) ?? "-")")
      #expect(result.confidence == .high)
      #expect(result.candidates.isEmpty)
    }
  }

  @Test("Backscatter in a log of REJECTs only: the reply reading is open, and ruled out")
  func backscatterRejectsOnly() throws {
    // No accepted record of eni-a, so the log could not show a request: the SYN-ACK may be
    // the reply of one. As a tracked reply the ACL and the group would have let it in; the
    // REJECT rules that reading out, and as new traffic sg-a denies it.
    let result = try diagnosis(
      [Self.record(1, "eni-a", "198.51.100.9", 80, "10.0.1.10", 37882, .reject, flags: 18)],
      topology: Self.network(), line: 1)
    #expect(result.cause == .securityGroup)
    #expect(result.confidence == .high)
  }

  @Test("A DNS answer nobody asked for (53 -> 41000) is the security group, and never the ACL")
  func unsolicitedDNS() throws {
    let topology = Self.network()
    let result = try diagnosis(
      [
        Self.busy(1, "eni-a", "10.0.1.10"),
        Self.record(2, "eni-a", "198.51.100.53", 53, "10.0.1.10", 41000, .reject, proto: 17),
      ], topology: topology, line: 2)
    #expect(result.cause == .securityGroup)
    #expect(!result.candidates.contains(.networkACL))
  }

  @Test("Logs only, backscatter is never named the network ACL")
  func backscatterLogsOnly() throws {
    let result = try diagnosis(
      [
        Self.busy(1, "eni-a", "10.0.1.10"),
        Self.record(2, "eni-a", "198.51.100.9", 80, "10.0.1.10", 37882, .reject, flags: 18),
      ], topology: nil, line: 2)
    #expect(result.cause == .undetermined)
  }

  // MARK: 4. Hairpin through a public address

  @Test("Logs only, an RST with no accepted record of its ENI is not named after-close")
  func backscatterResetRejectsOnly() throws {
    // An RST from port 80 to an ephemeral port, on an ENI the logs hold no accepted record of:
    // backscatter (new traffic the security group judges) as likely as a packet after a close
    // the logs cannot show. Neither is the logs' answer.
    let result = try diagnosis(
      [Self.record(1, "eni-a", "198.51.100.210", 80, "10.0.1.10", 60178, .reject, flags: 4)],
      topology: nil, line: 1)
    #expect(result.cause == .undetermined)
    #expect(result.candidates.contains(.securityGroup))
    #expect(result.candidates.contains(.afterClose))
  }

  @Test("A hairpin to the public address of an ENI of the same subnet crosses the ACL")
  func hairpinCrossesACL() throws {
    // acl-1 admits only the VPC's own block inbound: eni-a's packet to eni-b's public address
    // leaves through igw-1 and comes back from eni-a's public address 203.0.113.10, which the
    // ACL does not admit (VPC User Guide, "Network ACLs"; "Internet gateways").
    let topology = Self.network(
      inbound: [
        NetworkACLEntry(
          ruleNumber: 100, egress: false, action: .allow, protocolMatch: .all,
          cidr: Self.cidr("10.0.0.0/16"))
      ],
      sgIn: [SecurityGroupRule(protocolMatch: .all, peer: .cidr(Self.cidr("0.0.0.0/0")))])
    let result = try diagnosis(
      [
        Self.record(1, "eni-a", "10.0.1.10", 40000, "203.0.113.11", 443, .accept, flags: 2),
        Self.record(2, "eni-b", "203.0.113.10", 40000, "10.0.1.11", 443, .reject, flags: 2),
      ], topology: topology, line: 2)
    #expect(result.cause == .networkACL)
    #expect(result.component == "acl-1")
    #expect(result.rule == 32767)
  }

  @Test("A hairpin does not match a rule naming the sender's group")
  func hairpinNotMatchedByGroup() throws {
    let topology = Self.network(sgIn: [
      SecurityGroupRule(protocolMatch: .all, peer: .securityGroup("sg-a"))
    ])
    let result = try diagnosis(
      [
        Self.record(1, "eni-a", "10.0.1.10", 40000, "203.0.113.11", 443, .accept, flags: 2),
        Self.record(2, "eni-b", "203.0.113.10", 40000, "10.0.1.11", 443, .reject, flags: 2),
      ], topology: topology, line: 2)
    #expect(result.cause == .securityGroup)
    #expect(result.confidence == .high)
  }

  @Test("A reply leaving the ENI in a run of REJECTs keeps its tracking entry alive")
  func repliesRefreshTracking() throws {
    // A SYN accepted at t0, then SYN-ACKs the network ACL drops for five minutes, past the
    // 120 s TcpEstablishedTimeout set on eni-a. Leaving, each SYN-ACK passes the security
    // group (tracked) before the ACL drops it, and keeps the entry alive: the last is not an
    // expired reply the group judged as new traffic, whatever its gap since the SYN.
    var topology = Self.network(
      outbound: [
        Self.allowTCPOut(0...1023)
      ],
      sgIn: [
        Self.allow(.tcp, 22, from: "198.51.100.0/24")
      ], sgOut: [])
    topology.networkInterfaces["eni-a"]?.connectionTracking = ConnectionTracking(
      tcpEstablishedTimeout: 120)
    var records = [
      Self.record(1, "eni-a", "198.51.100.20", 60952, "10.0.1.10", 22, .accept, flags: 2)
    ]
    for window in 0..<5 {
      records.append(
        Self.record(
          2 + window, "eni-a", "10.0.1.10", 22, "198.51.100.20", 60952, .reject,
          start: Self.t0 + Int64(window) * 60, duration: 59, flags: 18))
    }
    let last = try diagnosis(records, topology: topology, line: 6)
    #expect(last.cause == .networkACL)
  }

  @Test("A packet from a NAT gateway's public address comes from the internet")
  func natPublicSource() throws {
    // A client behind nat-1 (public 203.0.113.200, in subnet-2, which routes to igw-1) calls
    // eni-b's public address; eni-b sees 203.0.113.200, an address the internet gateway
    // delivered. sg-a admits it, but subnet-1 now sends 0.0.0.0/0 to nat-1: the reply to the
    // internet cannot leave that way (it would need the internet gateway).
    var topology = Self.network(
      sgIn: [SecurityGroupRule(protocolMatch: .all, peer: .cidr(Self.cidr("0.0.0.0/0")))])
    topology.vpcs["vpc-1"]?.cidrs = [Self.cidr("10.0.0.0/16")]
    topology.subnets["subnet-2"] = Subnet(
      id: "subnet-2", vpcId: "vpc-1", cidrs: [Self.cidr("10.0.2.0/24")],
      availabilityZone: "us-east-1a")
    topology.routeTables["rtb-1"]?.isMain = false
    topology.routeTables["rtb-1"]?.subnetIds = ["subnet-2"]
    topology.routeTables["rtb-natted"] = RouteTable(
      id: "rtb-natted", vpcId: "vpc-1",
      routes: [
        Route(
          destination: .cidr(Self.cidr("10.0.0.0/16")), target: .local, origin: "CreateRouteTable"),
        Route(
          destination: .cidr(Self.cidr("0.0.0.0/0")), target: .natGateway("nat-1"),
          origin: "CreateRoute"),
      ], subnetIds: ["subnet-1"])
    topology.networkACLs["acl-1"]?.subnetIds = ["subnet-1", "subnet-2"]
    topology.natGateways["nat-1"] = NatGateway(
      id: "nat-1", vpcId: "vpc-1", subnetId: "subnet-2", privateIPs: [Self.ip("10.0.2.5")],
      publicIPs: [Self.ip("203.0.113.200")], networkInterfaceId: "eni-nat")
    topology.networkInterfaces["eni-nat"] = NetworkInterface(
      id: "eni-nat", subnetId: "subnet-2", vpcId: "vpc-1", privateIPv4s: [Self.ip("10.0.2.5")],
      publicIPv4s: [
        PublicAddress(publicIP: Self.ip("203.0.113.200"), privateIP: Self.ip("10.0.2.5"))
      ],
      securityGroupIds: [], interfaceType: "nat_gateway")
    let result = try diagnosis(
      [
        Self.busy(1, "eni-b", "10.0.1.11"),
        Self.record(2, "eni-b", "203.0.113.200", 10251, "10.0.1.11", 80, .reject, flags: 2),
      ], topology: topology, line: 2)
    #expect(result.cause == .routing)
    #expect(result.component == "rtb-natted")
  }

  // MARK: 5. ICMP type

  @Test("When the ICMP type changes the answer, undetermined with both candidates")
  func icmpTypeChangesTheAnswer() throws {
    // acl-1 admits ICMP type 3 only; sg-a admits ICMP type 8 only. An echo request falls to the
    // ACL's * entry; a type 3 passes the ACL and not the group. The log does not say which.
    let topology = Self.network(
      inbound: [
        NetworkACLEntry(
          ruleNumber: 100, egress: false, action: .allow, protocolMatch: .icmp,
          cidr: Self.cidr("0.0.0.0/0"), icmpType: 3)
      ],
      sgIn: [
        SecurityGroupRule(protocolMatch: .icmp, icmpType: 8, peer: .cidr(Self.cidr("0.0.0.0/0")))
      ])
    let result = try diagnosis(
      [
        Self.busy(1, "eni-a", "10.0.1.10"),
        Self.record(2, "eni-a", "198.51.100.7", 0, "10.0.1.10", 0, .reject, proto: 1),
      ], topology: topology, line: 2)
    #expect(result.cause == .undetermined)
    #expect(Set(result.candidates) == [.networkACL, .securityGroup])
  }

  @Test("When every type the rules allow would have passed, the other types' control decides")
  func icmpOtherType() throws {
    // sg-a admits echo requests only; acl-1 allows everything. Rejected, the packet is not an
    // echo request: whatever other type it is, the group denies it.
    let topology = Self.network(
      sgIn: [
        SecurityGroupRule(protocolMatch: .icmp, icmpType: 8, peer: .cidr(Self.cidr("0.0.0.0/0")))
      ])
    let result = try diagnosis(
      [
        Self.busy(1, "eni-a", "10.0.1.10"),
        Self.record(2, "eni-a", "198.51.100.7", 0, "10.0.1.10", 0, .reject, proto: 1),
      ], topology: topology, line: 2)
    #expect(result.cause == .securityGroup)
    #expect(result.confidence == .high)
    #expect(result.explanation.contains("ICMP type"))
  }

  // MARK: 6. Privileged and equal client ports

  @Test(
    "NTP 123 <-> 123 both ways: an accepted query out does not make the inbound REJECT its reply")
  func ntpSymmetric() throws {
    // eni-a asks 198.51.100.123 (123 -> 123) and its answers come in (accepted); the server
    // also sends its own queries, which are rejected. Equal ports: the REJECT may be either.
    let result = try diagnosis(
      [
        Self.record(1, "eni-a", "10.0.1.10", 123, "198.51.100.123", 123, .accept, proto: 17),
        Self.record(2, "eni-a", "198.51.100.123", 123, "10.0.1.10", 123, .accept, proto: 17),
        Self.record(
          3, "eni-a", "198.51.100.123", 123, "10.0.1.10", 123, .reject, proto: 17,
          start: Self.t0 + 1),
      ], topology: nil, line: 3)
    #expect(result.cause == .undetermined)
  }

  @Test("rsh 1023 -> 514: the reply of an accepted request is still the ACL (distinct ports)")
  func rshReply() throws {
    let result = try diagnosis(
      [
        Self.record(1, "eni-a", "10.0.1.10", 1023, "10.0.2.50", 514, .accept),
        Self.record(2, "eni-a", "10.0.2.50", 514, "10.0.1.10", 1023, .reject),
      ], topology: nil, line: 2)
    #expect(result.cause == .networkACL)
    #expect(result.confidence == .high)
    #expect(result.role == .response)
  }

  @Test(
    "A flow through a NAT gateway is always tracked, whatever the rules: a late FIN is after-close")
  func natFlowIsTracked() throws {
    // sg-app sends everything to 0.0.0.0/0; let it also admit everything from 0.0.0.0/0, the
    // pair of rules that leaves a flow untracked. eni-app reaches the internet through nat-1,
    // and AWS tracks connections through a NAT gateway all the same (EC2 User Guide, "Security
    // group connection tracking": automatically tracked connections).
    var topology = TestNetwork.make()
    topology.securityGroups["sg-app"]?.inbound.append(
      SecurityGroupRule(protocolMatch: .all, peer: .cidr(Self.cidr("0.0.0.0/0"))))
    let result = try diagnosis(
      [
        Self.record(1, "eni-app", "10.0.2.20", 40000, "198.51.100.7", 443, .accept, flags: 3),
        Self.record(2, "eni-app", "198.51.100.7", 443, "10.0.2.20", 40000, .accept, flags: 19),
        Self.record(
          3, "eni-app", "198.51.100.7", 443, "10.0.2.20", 40000, .reject, start: Self.t0 + 70,
          flags: 1),
      ], topology: topology, line: 3)
    #expect(result.cause == .afterClose)
  }

  @Test("A late FIN after the other direction closed, its own direction past the horizon")
  func lateFINAfterOtherSideClosed() throws {
    // The client's FIN (line 3) closed its side; the server's packets of the connection are
    // more than the horizon back, and its late FIN comes 400 s after the client's, past the
    // 350 s a Nitro v6 instance may keep the entry. A packet after close, or new traffic past
    // an expired entry (sg-a admits nothing): both stay candidates, neither is certain.
    let result = try diagnosis(
      [
        Self.record(
          1, "eni-a", "10.0.1.10", 40000, "198.51.100.7", 443, .accept,
          start: Self.t0 - 1300, flags: 2),
        Self.record(
          2, "eni-a", "198.51.100.7", 443, "10.0.1.10", 40000, .accept,
          start: Self.t0 - 1300, flags: 18),
        Self.record(
          3, "eni-a", "10.0.1.10", 40000, "198.51.100.7", 443, .accept, start: Self.t0 - 100,
          flags: 1),
        Self.record(
          4, "eni-a", "198.51.100.7", 443, "10.0.1.10", 40000, .reject, start: Self.t0 + 300,
          flags: 1),
      ], topology: Self.network(), line: 4)
    #expect(result.cause == .undetermined)
    #expect(Set(result.candidates) == [.afterClose, .securityGroup])
  }

  @Test("DNS 53 <-> 53: the other side's own query, whose reply has no route, is routing")
  func symmetricRequestIsTraced() throws {
    // eni-a's query out (line 1) was accepted and went nowhere (the subnet has no route to the
    // internet); minutes later the resolver's own query comes in through the internet
    // gateway. As new traffic the ACL and sg-a admit it, but its reply cannot leave.
    var topology = Self.network(
      sgIn: [
        Self.allow(.udp, 53)
      ])
    topology.routeTables["rtb-1"]?.routes.removeAll { $0.target == .internetGateway("igw-1") }
    let result = try diagnosis(
      [
        Self.record(
          1, "eni-a", "10.0.1.10", 53, "198.51.100.53", 53, .accept, proto: 17,
          start: Self.t0 - 200),
        Self.record(2, "eni-a", "198.51.100.53", 53, "10.0.1.10", 53, .reject, proto: 17),
      ], topology: topology, line: 2)
    #expect(result.cause == .routing)
    #expect(result.component == "rtb-1")
  }

  @Test("A live connection's reply that the network ACL now refuses is the ACL, not new traffic")
  func liveConnectionNACL() throws {
    // The client's packets are accepted in the same window, so eni-a's tracking entry is alive
    // and its groups let the reply through whatever their outbound rules say; acl-1 lets out
    // only 32768-65535 (changed during the connection, which a NACL interrupts at once).
    let topology = Self.network(
      outbound: [
        Self.allowTCPOut(32768...65535)
      ],
      sgIn: [
        Self.allow(.tcp, 8443)
      ],
      sgOut: [
        Self.allow(.udp, 53)
      ])
    let result = try diagnosis(
      [
        Self.record(1, "eni-a", "198.51.100.35", 20000, "10.0.1.10", 8443, .accept, flags: 2),
        Self.record(2, "eni-a", "10.0.1.10", 8443, "198.51.100.35", 20000, .accept, flags: 18),
        Self.record(
          3, "eni-a", "198.51.100.35", 20000, "10.0.1.10", 8443, .accept, start: Self.t0 + 60,
          flags: 0),
        Self.record(
          4, "eni-a", "10.0.1.10", 8443, "198.51.100.35", 20000, .reject, start: Self.t0 + 60,
          flags: 0),
      ], topology: topology, line: 4)
    #expect(result.cause == .networkACL)
    #expect(result.rule == 32767)
  }

  // MARK: Tracking timeouts

  @Test("A TCP reply past the ENI's own TcpEstablishedTimeout is judged as new traffic")
  func tcpTimeout() throws {
    // eni-a's connection to 198.51.100.7:443 is idle for 400 s, past the 120 s set on it; the
    // server's next packet is new traffic to sg-a, which admits nothing.
    var topology = Self.network()
    topology.networkInterfaces["eni-a"]?.connectionTracking = ConnectionTracking(
      tcpEstablishedTimeout: 120)
    let records = [
      Self.record(1, "eni-a", "10.0.1.10", 40000, "198.51.100.7", 443, .accept, flags: 2),
      Self.record(2, "eni-a", "198.51.100.7", 443, "10.0.1.10", 40000, .accept, flags: 18),
      Self.record(
        3, "eni-a", "198.51.100.7", 443, "10.0.1.10", 40000, .reject, start: Self.t0 + 400,
        flags: 0),
    ]
    let result = try diagnosis(records, topology: topology, line: 3)
    #expect(result.cause == .securityGroup)
    #expect(result.explanation.contains("TcpEstablishedTimeout"))
  }
}
