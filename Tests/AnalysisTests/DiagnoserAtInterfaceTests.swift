import FlowLogs
import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// A REJECT is judged at the ENI that logged it. The record proves its packet crossed that
/// ENI's boundary, so when the model cannot trace the packet's path there (a source behind a
/// VPN, an address of the VPC no ENI owns), the checks at the ENI are made directly: the
/// subnet's network ACL (unless the peer is in the ENI's own subnet; ACLs apply at the subnet
/// boundary, VPC User Guide, "Control subnet traffic with network access control lists"),
/// then the security groups, in AWS's order for the crossing.
@Suite("diagnose: the checks at the logging ENI decide, even where the path cannot be traced")
struct DiagnoserAtInterfaceTests {
  static let t0 = DiagnoserTests.t0
  static let vpnClient = "172.16.5.5"

  /// `TestNetwork` with a VPN: the main route table (the db subnet's) sends 172.16.0.0/12 to a
  /// virtual private gateway, which flowcause does not model, and the db's security group lets
  /// the VPN's clients reach PostgreSQL. `aclIn`/`aclOut` are extra entries of the db subnet's
  /// network ACL (which otherwise allows only the app subnet).
  static func network(aclIn: [NetworkACLEntry] = [], aclOut: [NetworkACLEntry] = []) -> Topology {
    var topology = TestNetwork.make()
    topology.routeTables["rtb-main"]?.routes.append(
      Route(
        destination: .cidr(TestNetwork.cidr("172.16.0.0/12")),
        target: .virtualPrivateGateway("vgw-1"), origin: "CreateRoute"))
    topology.securityGroups["sg-db"]?.inbound.append(
      SecurityGroupRule(
        protocolMatch: .tcp, ports: PortRange(from: 5432, to: 5432),
        peer: .cidr(TestNetwork.cidr("172.16.0.0/12"))))
    if var acl = topology.networkACLs["acl-db"] {
      acl.entries = TestNetwork.inModelOrder(acl.entries + aclIn + aclOut)
      topology.networkACLs["acl-db"] = acl
    }
    return topology
  }

  static func fromVPN(_ number: Int, egress: Bool, ports: PortRange? = nil) -> NetworkACLEntry {
    NetworkACLEntry(
      ruleNumber: number, egress: egress, action: .allow, protocolMatch: .tcp,
      cidr: TestNetwork.cidr("172.16.0.0/12"), ports: ports)
  }

  /// The diagnosis of the one REJECT among `records`, in a log of all traffic: an accepted
  /// record of each ENI from another conversation is added, so the log could show a request
  /// or a connection (a log of REJECTs only cannot, which widens the readings).
  func diagnose(_ topology: Topology, _ records: [FlowObservation]) throws -> Diagnosis {
    let others = Set(records.map(\.interfaceId)).sorted().enumerated().map { index, eni in
      FlowObservation(
        file: 0, line: 1000 + index, interfaceId: eni, source: TestNetwork.ip("192.0.2.250"),
        destination: TestNetwork.ip("192.0.2.251"), sourcePort: 45000, destinationPort: 443,
        protocolNumber: 6, packets: 1, start: DiagnoserTests.t0 - 30,
        end: DiagnoserTests.t0 - 29, action: .accept)
    }
    let diagnoses = Diagnoser(topology: topology).diagnose(others + records)
    try #require(diagnoses.count == 1, "expected one REJECT, got \(diagnoses.count)")
    return diagnoses[0]
  }

  @Test("A VPN client's request the db subnet's network ACL does not allow: the ACL's * rule")
  func vpnRequestDeniedByACL() throws {
    let diagnosis = try diagnose(
      Self.network(),
      [DiagnoserTests.record(1, "eni-db", Self.vpnClient, 50000, "10.0.3.30", 5432, .reject)])
    #expect(diagnosis.cause == .networkACL)
    #expect(diagnosis.component == "acl-db")
    #expect(diagnosis.rule == 32767)
    #expect(diagnosis.direction == .ingress)
    #expect(diagnosis.confidence == .high)
    #expect(diagnosis.checkpoints.map(\.check) == [.networkACLIngress])
  }

  @Test("The reply to a VPN client, let in but not out by the network ACL: the ACL, outbound")
  func vpnReplyDeniedByACL() throws {
    let diagnosis = try diagnose(
      Self.network(aclIn: [Self.fromVPN(110, egress: false)]),
      [
        DiagnoserTests.record(1, "eni-db", Self.vpnClient, 50000, "10.0.3.30", 5432, .accept),
        DiagnoserTests.record(2, "eni-db", "10.0.3.30", 5432, Self.vpnClient, 50000, .reject),
      ])
    #expect(diagnosis.cause == .networkACL)
    #expect(diagnosis.component == "acl-db")
    #expect(diagnosis.rule == 32767)
    #expect(diagnosis.role == .response)
    #expect(diagnosis.direction == .egress)
    #expect(diagnosis.confidence == .high)
    // The security groups let the tracked reply out; the ACL, stateless, does not.
    #expect(diagnosis.checkpoints.map(\.check) == [.securityGroupEgress, .networkACLEgress])
    #expect(diagnosis.checkpoints.first?.result == .allowed)
  }

  @Test(
    "An ICMP packet whose trace stops before the ENI is checked there as each type it may be"
  )
  func icmpCheckedByTypeAtInterface() throws {
    // The app's groups let only TCP out, so a trace of its ICMP stops at its own ENI, and the
    // db's checks are made directly. Flow logs record no ICMP type: the db subnet's ACL denies
    // an echo request (rule 90) and lets an echo reply in (rule 91); the db's groups let no
    // ICMP in. As an echo request the ACL denies it, as an echo reply the groups: each reading
    // keeps its type (each was once checked as an echo request: the ACL, at high confidence).
    func icmp(_ number: Int, type: Int, _ action: NetworkACLEntry.Action) -> NetworkACLEntry {
      NetworkACLEntry(
        ruleNumber: number, egress: false, action: action, protocolMatch: .icmp,
        cidr: TestNetwork.cidr("10.0.2.0/24"), icmpType: type)
    }
    var topology = Self.network(aclIn: [icmp(90, type: 8, .deny), icmp(91, type: 0, .allow)])
    topology.securityGroups["sg-app"]?.outbound = [
      SecurityGroupRule(protocolMatch: .tcp, peer: .cidr(TestNetwork.cidr("0.0.0.0/0")))
    ]
    let diagnosis = try diagnose(
      topology,
      [
        DiagnoserTests.record(
          1, "eni-db", "10.0.2.20", 0, "10.0.3.30", 0, .reject, proto: 1, direction: .ingress)
      ])
    #expect(diagnosis.cause == .undetermined)
    #expect(diagnosis.confidence == .low)
    #expect(Set(diagnosis.candidates) == [.networkACL, .securityGroup])
  }

  @Test("A VPN client's request the ACL lets in and the security groups do not: the groups")
  func vpnRequestDeniedBySecurityGroup() throws {
    let diagnosis = try diagnose(
      Self.network(aclIn: [Self.fromVPN(110, egress: false)]),
      [DiagnoserTests.record(1, "eni-db", Self.vpnClient, 50000, "10.0.3.30", 22, .reject)])
    #expect(diagnosis.cause == .securityGroup)
    #expect(diagnosis.component == "sg-db")
    #expect(diagnosis.checkpoints.map(\.result) == [.allowed, .denied])
  }

  @Test("An address of another subnet that no ENI owns, denied by the ACL's rule for it")
  func unownedVPCSourceDeniedByACL() throws {
    let deny22 = NetworkACLEntry(
      ruleNumber: 50, egress: false, action: .deny, protocolMatch: .tcp,
      cidr: TestNetwork.cidr("0.0.0.0/0"), ports: PortRange(from: 22, to: 22))
    let diagnosis = try diagnose(
      Self.network(aclIn: [deny22]),
      [DiagnoserTests.record(1, "eni-db", "10.0.1.99", 50000, "10.0.3.30", 22, .reject)])
    #expect(diagnosis.cause == .networkACL)
    #expect(diagnosis.rule == 50)
    #expect(diagnosis.confidence == .high)
  }

  @Test("An address of the ENI's own subnet that no ENI owns: no ACL between them, the groups")
  func unownedSameSubnetSource() throws {
    let diagnosis = try diagnose(
      Self.network(),
      [DiagnoserTests.record(1, "eni-db", "10.0.3.77", 50000, "10.0.3.30", 5432, .reject)])
    #expect(diagnosis.cause == .securityGroup)
    #expect(diagnosis.component == "sg-db")
    // The ACL is not evaluated (a trace shows it skipped).
    #expect(
      !diagnosis.checkpoints.contains { $0.check == .networkACLIngress && $0.result != .skipped })
    #expect(diagnosis.checkpoints.last?.check == .securityGroupIngress)
  }

  @Test("An unowned address of the ENI's own subnet, to an ENI with a public address: no ACL")
  func unownedSameSubnetSourceToPublicInterface() throws {
    // eni-web's subnet's ACL denies HTTP from everywhere (rule 50); a packet from an address of
    // that same subnet never crosses it, and sg-web lets HTTP in from anywhere.
    var topology = TestNetwork.make()
    if var acl = topology.networkACLs["acl-default"] {
      acl.entries = TestNetwork.inModelOrder(
        acl.entries + [
          NetworkACLEntry(
            ruleNumber: 50, egress: false, action: .deny, protocolMatch: .tcp,
            cidr: TestNetwork.cidr("0.0.0.0/0"), ports: PortRange(from: 80, to: 80))
        ])
      topology.networkACLs["acl-default"] = acl
    }
    let diagnosis = try diagnose(
      topology,
      [DiagnoserTests.record(1, "eni-web", "10.0.1.77", 50000, "10.0.1.10", 80, .reject)])
    #expect(diagnosis.cause != .networkACL)
    #expect(
      !diagnosis.checkpoints.contains { $0.check == .networkACLIngress && $0.result != .skipped })
  }

  @Test("Allowed at the ENI, untraceable on the way: undetermined, and says why")
  func allowedAtInterfaceButUntraceable() throws {
    let diagnosis = try diagnose(
      Self.network(aclIn: [Self.fromVPN(110, egress: false)]),
      [DiagnoserTests.record(1, "eni-db", Self.vpnClient, 50000, "10.0.3.30", 5432, .reject)])
    #expect(diagnosis.cause == .undetermined)
    // A rule changed since the snapshot, or (no tcp-flags in the format) a packet after a close
    // the logs do not reach back to.
    #expect(diagnosis.candidates == [.securityGroup, .networkACL, .afterClose])
    #expect(diagnosis.checkpoints.map(\.result) == [.allowed, .allowed])
    #expect(!diagnosis.note.description.contains("the topology allows this flow"))
    #expect(diagnosis.note.description.contains("cannot trace its path"))
  }
}

/// The UDP tracking timeout a reply is measured against is the ENI's own `UdpTimeout` when the
/// topology sets it (EC2 User Guide, "Connection tracking timeouts": 30 s by default, 30–60 s).
@Suite("diagnose: a late UDP reply is measured against the ENI's own tracking timeout")
struct DiagnoserUDPTimeoutTests {
  /// eni-web asks a DNS server; the server's reply comes `gap` seconds after the request ended,
  /// and is rejected. sg-web lets no UDP in, so a reply judged as new traffic is denied there.
  func diagnose(udpTimeout: Int?, gap: Int64) throws -> Diagnosis {
    var topology = TestNetwork.make()
    topology.networkInterfaces["eni-web"]?.connectionTracking =
      udpTimeout.map { ConnectionTracking(udpTimeout: $0) }
    let t0 = DiagnoserTests.t0
    let diagnoses = Diagnoser(topology: topology).diagnose([
      DiagnoserTests.record(
        1, "eni-web", "10.0.1.10", 40000, "198.51.100.7", 53, .accept, proto: 17),
      DiagnoserTests.record(
        2, "eni-web", "198.51.100.7", 53, "10.0.1.10", 40000, .reject, proto: 17,
        start: t0 + 60 + gap),
    ])
    try #require(diagnoses.count == 1)
    return diagnoses[0]
  }

  @Test("45 s after: past the default 30 s, within an ENI's 60 s, past an ENI's 40 s")
  func timeouts() throws {
    let byDefault = try diagnose(udpTimeout: nil, gap: 45)
    #expect(byDefault.cause == .securityGroup)
    #expect(byDefault.note.description.contains("30 s by default"))

    // Within the ENI's 60 s as the times read; but record times may lag their packets by up to
    // a minute, and as a tracked reply it would have been let in (the ACL allows it): the
    // entry had expired.
    let within = try diagnose(udpTimeout: 60, gap: 45)
    #expect(within.cause == .securityGroup)
    #expect(within.note.description.contains("within the connection-tracking timeout"))
    #expect(within.note.description.contains("may lag their packets by up to a minute"))

    let past = try diagnose(udpTimeout: 40, gap: 45)
    #expect(past.cause == .securityGroup)
    #expect(past.note.description.contains("40 s, the UdpTimeout set on eni-web"))
  }
}

/// A security group rule naming a prefix list whose entries the topology lacks cannot be
/// checked (`UNKNOWN_PREFIX_LIST`, docs/evaluation.md): the diagnosis says so, and never that
/// the topology allows the flow.
@Suite("diagnose: a check that cannot be made leaves the cause open, and says which")
struct DiagnoserUnknownPrefixListTests {
  @Test("SSH to eni-web, whose rule for it names pl-office, a list not loaded")
  func unknownPrefixList() throws {
    var topology = TestNetwork.make()
    topology.prefixLists["pl-office"] = nil
    let diagnoses = Diagnoser(topology: topology).diagnose([
      DiagnoserTests.record(1, "eni-web", "192.0.2.50", 50000, "10.0.1.10", 22, .reject)
    ])
    try #require(diagnoses.count == 1)
    let diagnosis = diagnoses[0]
    #expect(diagnosis.cause == .undetermined)
    #expect(diagnosis.checkpoints.last?.result == .undetermined)
    #expect(diagnosis.note.description.contains("pl-office"))
    #expect(!diagnosis.note.description.contains("the topology allows this flow"))
  }
}
