import FlowLogs
import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// Diagnosis of REJECT records, with and without the `TestNetwork` topology. Each test names
/// the AWS behaviour the reasoning rests on.
@Suite("diagnose: the cause of each REJECT")
struct DiagnoserTests {
  static let t0: Int64 = 1_795_350_420

  /// A record on `eni` from `src:sport` to `dst:dport`.
  static func record(
    _ line: Int, _ eni: String, _ src: String, _ sport: UInt16, _ dst: String, _ dport: UInt16,
    _ action: FlowAction, proto: UInt8 = 6, start: Int64 = t0, flags: Int? = nil,
    direction: FlowDirection? = nil, rejectReason: String? = nil
  ) -> FlowObservation {
    FlowObservation(
      file: 0, line: line, interfaceId: eni, source: TestNetwork.ip(src),
      destination: TestNetwork.ip(dst), sourcePort: sport, destinationPort: dport,
      protocolNumber: proto, packets: 3, start: start, end: start + 60, action: action,
      tcpFlags: flags, flowDirection: direction, rejectReason: rejectReason)
  }

  func only(_ diagnoses: [Diagnosis]) throws -> Diagnosis {
    try #require(diagnoses.count == 1, "expected one REJECT, got \(diagnoses.count)")
    return diagnoses[0]
  }

  @Test(
    "Logs only: an accepted request and a rejected reply on one ENI is the NACL (SGs are stateful)")
  func logsOnlyReplyIsNACL() throws {
    let diagnosis = try only(
      Diagnoser(topology: nil).diagnose([
        Self.record(1, "eni-db", "10.0.2.20", 40000, "10.0.3.30", 5432, .accept),
        Self.record(2, "eni-db", "10.0.3.30", 5432, "10.0.2.20", 40000, .reject),
        // Another conversation shows which address is the ENI's own (the one in every record).
        Self.record(3, "eni-db", "10.0.2.21", 40001, "10.0.3.30", 5432, .accept),
      ]))
    #expect(diagnosis.cause == .networkACL)
    #expect(diagnosis.code == .subnetACLRestriction)
    #expect(diagnosis.role == .response)
    #expect(diagnosis.direction == .egress)
    #expect(diagnosis.confidence == .high)
    #expect(diagnosis.related.map(\.line) == [1])
  }

  @Test("Logs only: a rejected request is undetermined between the SG and the NACL")
  func logsOnlyRequestUndetermined() throws {
    let diagnosis = try only(
      Diagnoser(topology: nil).diagnose([
        Self.record(0, "eni-web", "10.0.1.10", 45000, "192.0.2.99", 443, .accept),
        Self.record(1, "eni-web", "192.0.2.10", 50000, "10.0.1.10", 22, .reject),
      ]))
    #expect(diagnosis.cause == .undetermined)
    #expect(diagnosis.candidates == [.securityGroup, .networkACL])
    #expect(diagnosis.role == .request)
    #expect(diagnosis.confidence == .low)
  }

  @Test("A log of REJECTs only cannot show a connection: a lone TCP REJECT may follow a close")
  func rejectsOnlyLog() throws {
    // No accepted record of eni-web, and no tcp-flags: the REJECT may be a request, or a late
    // packet of a connection the log (of REJECTs only) does not show. With the topology the
    // security group's denial is named, at medium; from the logs alone after-close joins the
    // candidates.
    let records = [Self.record(1, "eni-web", "192.0.2.10", 50000, "10.0.1.10", 3389, .reject)]
    let logsOnly = try only(Diagnoser(topology: nil).diagnose(records))
    #expect(logsOnly.candidates == [.securityGroup, .networkACL, .afterClose])
    let withTopology = try only(Diagnoser(topology: TestNetwork.make()).diagnose(records))
    #expect(withTopology.cause == .securityGroup)
    #expect(withTopology.confidence == .medium)
    #expect(withTopology.explanation.contains("a packet after a close these logs cannot show"))
    // With a SYN in the flags, nothing but a request: certain.
    let withFlags = try only(
      Diagnoser(topology: TestNetwork.make()).diagnose([
        Self.record(1, "eni-web", "192.0.2.10", 50000, "10.0.1.10", 3389, .reject, flags: 2)
      ]))
    #expect(withFlags.confidence == .high)
  }

  @Test("With the topology: the db subnet's NACL drops the reply to the app's ephemeral port")
  func topologyReplyNACL() throws {
    let diagnosis = try only(
      Diagnoser(topology: TestNetwork.make()).diagnose([
        Self.record(1, "eni-db", "10.0.2.20", 40000, "10.0.3.30", 5432, .accept),
        Self.record(2, "eni-db", "10.0.3.30", 5432, "10.0.2.20", 40000, .reject),
      ]))
    #expect(diagnosis.cause == .networkACL)
    #expect(diagnosis.component == "acl-db")
    #expect(diagnosis.rule == 32767)
    #expect(diagnosis.direction == .egress)
    #expect(diagnosis.confidence == .high)
  }

  @Test("With the topology: a request the SG does not allow is the security group, with its id")
  func topologyRequestSG() throws {
    let diagnosis = try only(
      Diagnoser(topology: TestNetwork.make()).diagnose([
        Self.record(0, "eni-web", "10.0.1.10", 45000, "192.0.2.99", 443, .accept),
        Self.record(1, "eni-web", "192.0.2.10", 50000, "10.0.1.10", 3389, .reject),
      ]))
    #expect(diagnosis.cause == .securityGroup)
    #expect(diagnosis.code == .eniSGRulesMismatch)
    #expect(diagnosis.component == "sg-web")
    #expect(diagnosis.rule == nil)
    #expect(diagnosis.direction == .ingress)
    // The ports only suggest a request (3389 vs 50000). Read as a reply, eni-web would have
    // sent its request, and the log (of all its traffic) shows none; and even so, the
    // subnet's ACL lets it in and the security group tracks it: eni-web would have accepted
    // it. Only the request reading is left, and under it sg-web denies: certain.
    #expect(diagnosis.roleEvidence == .ports)
    #expect(diagnosis.confidence == .high)
  }

  @Test("TCP flags decide the role: a SYN is the request")
  func flagsDecideRole() throws {
    let diagnosis = try only(
      Diagnoser(topology: TestNetwork.make()).diagnose([
        Self.record(1, "eni-web", "192.0.2.10", 50000, "10.0.1.10", 3389, .reject, flags: 2)
      ]))
    #expect(diagnosis.roleEvidence == .tcpFlags)
    #expect(diagnosis.confidence == .high)
  }

  @Test("Two ENIs of one subnet: the NACL does not apply, so the rejecting control is the SG")
  func sameSubnetIsSG() throws {
    var topology = TestNetwork.make()
    topology.networkACLs["acl-default"]?.entries = TestNetwork.implicitDenies()
    let diagnosis = try only(
      Diagnoser(topology: topology).diagnose([
        Self.record(1, "eni-app2", "10.0.2.21", 40000, "10.0.2.20", 8080, .accept),
        Self.record(2, "eni-app", "10.0.2.21", 40000, "10.0.2.20", 8080, .reject),
      ]))
    #expect(diagnosis.cause == .securityGroup)
    #expect(diagnosis.component == "sg-app")
    #expect(diagnosis.related.map(\.relation) == ["peer"])
  }

  @Test("VPC Block Public Access is named by the record's own reject-reason")
  func blockPublicAccess() throws {
    let diagnosis = try only(
      Diagnoser(topology: nil).diagnose([
        Self.record(
          1, "eni-web", "192.0.2.10", 50000, "10.0.1.10", 80, .reject, rejectReason: "BPA")
      ]))
    #expect(diagnosis.cause == .blockPublicAccess)
    #expect(diagnosis.code == .vpcBlockPublicAccessEnabled)
  }

  @Test("A late FIN of a tracked connection accepted earlier is after-close noise")
  func afterClose() throws {
    // sg-db admits 5432 from sg-app only: the flow is tracked, and AWS logs REJECT for a packet
    // that arrives after the connection closed (VPC User Guide, "Flow log records": action).
    let diagnosis = try only(
      Diagnoser(topology: TestNetwork.make()).diagnose([
        Self.record(1, "eni-db", "10.0.2.20", 40000, "10.0.3.30", 5432, .accept, flags: 3),
        Self.record(2, "eni-db", "10.0.3.30", 5432, "10.0.2.20", 40000, .accept, flags: 19),
        Self.record(
          3, "eni-db", "10.0.2.20", 40000, "10.0.3.30", 5432, .reject, start: Self.t0 + 100,
          flags: 1),
      ]))
    #expect(diagnosis.cause == .afterClose)
    #expect(diagnosis.confidence == .medium)
  }

  @Test("A late FIN in the same window as its flow's accepted record is after-close too")
  func afterCloseSameWindow() throws {
    let diagnosis = try only(
      Diagnoser(topology: TestNetwork.make()).diagnose([
        Self.record(1, "eni-db", "10.0.2.20", 40000, "10.0.3.30", 5432, .accept, flags: 3),
        Self.record(2, "eni-db", "10.0.3.30", 5432, "10.0.2.20", 40000, .accept, flags: 19),
        Self.record(3, "eni-db", "10.0.2.20", 40000, "10.0.3.30", 5432, .reject, flags: 1),
      ]))
    #expect(diagnosis.cause == .afterClose)
  }

  @Test("An untracked flow has no state to close: its late FIN is not after-close")
  func untrackedLateFIN() throws {
    // sg-web admits 80 from 0.0.0.0/0 and sends everything to 0.0.0.0/0: AWS does not track
    // the flow (EC2 User Guide, "Security group connection tracking"), so a late FIN is
    // judged by the rules, which allow it. The REJECT is then not explained by the topology.
    let diagnosis = try only(
      Diagnoser(topology: TestNetwork.make()).diagnose([
        Self.record(1, "eni-web", "198.51.100.7", 50000, "10.0.1.10", 80, .accept, flags: 3),
        Self.record(2, "eni-web", "10.0.1.10", 80, "198.51.100.7", 50000, .accept, flags: 19),
        Self.record(
          3, "eni-web", "198.51.100.7", 50000, "10.0.1.10", 80, .reject, start: Self.t0 + 100,
          flags: 1),
      ]))
    #expect(diagnosis.cause == .undetermined)
    #expect(!diagnosis.candidates.contains(.afterClose))
    #expect(diagnosis.explanation.contains("untracked"))
  }

  @Test("When the topology allows the flow, the diagnosis says so plainly")
  func modelAllows() throws {
    let diagnosis = try only(
      Diagnoser(topology: TestNetwork.make()).diagnose([
        Self.record(1, "eni-web", "198.51.100.7", 50000, "10.0.1.10", 80, .reject, flags: 2)
      ]))
    #expect(diagnosis.cause == .undetermined)
    #expect(diagnosis.explanation.hasPrefix("the topology allows this flow"))
    #expect(diagnosis.candidates.contains(.securityGroup))
  }

  @Test("Without a route back to the internet gateway, an allowed inbound request is routing")
  func routing() throws {
    var topology = TestNetwork.make()
    topology.routeTables["rtb-pub"]?.routes.removeAll {
      $0.target == .internetGateway("igw-1")
    }
    let diagnosis = try only(
      Diagnoser(topology: topology).diagnose([
        Self.record(1, "eni-web", "198.51.100.7", 50000, "10.0.1.10", 80, .reject, flags: 2)
      ]))
    #expect(diagnosis.cause == .routing)
    #expect(diagnosis.code == .noRouteToDestination)
    #expect(diagnosis.component == "rtb-pub")
    #expect(diagnosis.confidence == .medium)
  }

  @Test("ICMP echo (ports 0/0) pairs by addresses: the rejected second leg is the reply")
  func icmpPairing() throws {
    let diagnosis = try only(
      Diagnoser(topology: nil).diagnose([
        Self.record(1, "eni-web", "198.51.100.7", 0, "10.0.1.10", 0, .accept, proto: 1),
        Self.record(
          2, "eni-web", "10.0.1.10", 0, "198.51.100.7", 0, .reject, proto: 1, start: Self.t0 + 1),
      ]))
    #expect(diagnosis.role == .response)
    #expect(diagnosis.cause == .networkACL)
  }

  @Test("IPv6 traffic falls to the IPv6 * entry of a NACL with only IPv4 allow rules")
  func ipv6AgainstIPv4NACL() throws {
    var topology = TestNetwork.make()
    topology.networkACLs["acl-default"]?.entries.removeAll { $0.cidr.isIPv6 && !$0.isImplicit }
    let diagnosis = try only(
      Diagnoser(topology: topology).diagnose([
        Self.record(
          1, "eni-web", "2001:db8::10", 50000, "2600:1f18:1:101::10", 80, .reject, flags: 2)
      ]))
    #expect(diagnosis.cause == .networkACL)
    #expect(diagnosis.rule == 32768)
  }

  @Test("Records outside the correlation horizon are not paired")
  func horizon() throws {
    let diagnosis = try only(
      Diagnoser(topology: nil).diagnose([
        Self.record(1, "eni-db", "10.0.2.20", 40000, "10.0.3.30", 5432, .accept),
        Self.record(
          2, "eni-db", "10.0.3.30", 5432, "10.0.2.20", 40000, .reject,
          start: Self.t0 + Correlator.horizon + 600),
      ]))
    #expect(diagnosis.related.isEmpty)
    #expect(diagnosis.cause == .undetermined)
  }
}
