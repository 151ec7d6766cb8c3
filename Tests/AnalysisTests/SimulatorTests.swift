import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// The records `Simulator` writes for small conversations on ``TestNetwork``, one AWS
/// behaviour per test (docs/simulate.md): tracking timeouts per ENI, late packets of tracked
/// and untracked flows, one-way ICMP and unsolicited packets, rejected legs with their counts,
/// aggregation by 5-tuple, and the hairpin through the internet gateway.
///
/// Each record is shown as `eni dir src:port>dst:port ACTION packets/bytes flags start-end`,
/// times in seconds from the first window `w`.
@Suite("simulate: the records AWS writes for each kind of conversation")
struct SimulatorTests {
  /// The first second of an aggregation window.
  static let w: Int64 = 1_700_000_040

  static func records(
    _ topology: Topology, _ conversations: [Conversation], window: Int64 = 60
  ) throws -> [SimulatedRecord] {
    try Simulator(topology: topology, window: window).simulate(
      Traffic(conversations: conversations))
  }

  /// `eni-web egress 10.0.1.10:40000>10.0.2.20:8080 ACCEPT 5/420 2 0-1`.
  static func line(_ record: SimulatedRecord) -> String {
    guard let flow = record.flow else { return "\(record.interfaceId) NODATA" }
    let action = flow.accepted ? "ACCEPT" : "REJECT"
    return
      "\(record.interfaceId) \(flow.direction.rawValue) \(flow.source):\(flow.sourcePort)>\(flow.destination):\(flow.destinationPort) \(action) \(flow.packets)/\(flow.bytes) \(flow.tcpFlags) \(record.start - w)-\(record.end - w)"
  }

  static func lines(_ records: [SimulatedRecord]) -> [String] { records.map(line) }

  /// The truth of each REJECT, as `cause role component rule`.
  static func truths(_ records: [SimulatedRecord]) -> [String] {
    records.compactMap(\.truth).map(text)
  }

  static func text(_ truth: SimulatedRecord.Truth) -> String {
    "\(truth.cause.rawValue) \(truth.role.rawValue) \(truth.component ?? "-") \(truth.rule.map(String.init) ?? "-")"
  }

  static func tcp(
    _ from: String, _ to: String, port: UInt16, sourcePort: UInt16 = 40000, at start: Int64 = w,
    duration: Int64 = 1, ending: Conversation.Ending = .close, packets: (Int64, Int64) = (5, 4),
    bytes: (Int64, Int64) = (420, 1200)
  ) -> Conversation {
    Conversation(
      from: from, to: to, protocolNumber: 6, port: port, sourcePort: sourcePort,
      requestPackets: packets.0, requestBytes: bytes.0, responsePackets: packets.1,
      responseBytes: bytes.1, start: start, duration: duration, ending: ending)
  }

  static func udp(
    _ from: String, _ to: String, port: UInt16, sourcePort: UInt16 = 40000, at start: Int64 = w,
    ending: Conversation.Ending = .close, packets: (Int64, Int64) = (1, 1),
    bytes: (Int64, Int64) = (76, 76), replyDelay: Int64? = nil
  ) -> Conversation {
    Conversation(
      from: from, to: to, protocolNumber: 17, port: port, sourcePort: sourcePort,
      requestPackets: packets.0, requestBytes: bytes.0, responsePackets: packets.1,
      responseBytes: bytes.1, start: start, duration: 0, ending: ending, replyDelay: replyDelay)
  }

  static func icmp(
    _ from: String, _ to: String, type: Int? = nil, ipv6: Bool = false, at start: Int64 = w,
    ending: Conversation.Ending = .close
  ) -> Conversation {
    Conversation(
      from: from, to: to, protocolNumber: ipv6 ? 58 : 1, icmpType: type, requestPackets: 2,
      requestBytes: 168, responsePackets: 2, responseBytes: 168, start: start, duration: 0,
      ending: ending)
  }

  /// eni-app serves UDP 5000 to eni-app2: sg-app lets it in from sg-client and sends only
  /// HTTPS, so a reply it sends is allowed only by the tracking entry; sg-client (eni-app2)
  /// sends anything and lets in only UDP 5000 from sg-app, not the replies to its own port.
  static func udpServers() -> Topology {
    var topology = TestNetwork.make()
    let any = TestNetwork.cidr("0.0.0.0/0")
    topology.securityGroups["sg-app"]?.inbound = [
      SecurityGroupRule(
        protocolMatch: .udp, ports: PortRange(from: 5000, to: 5000),
        peer: .securityGroup("sg-client"))
    ]
    topology.securityGroups["sg-app"]?.outbound = [
      SecurityGroupRule(protocolMatch: .tcp, ports: PortRange(from: 443, to: 443), peer: .cidr(any))
    ]
    topology.securityGroups["sg-client"] = SecurityGroup(
      id: "sg-client", vpcId: "vpc-1", name: "client",
      inbound: [
        SecurityGroupRule(
          protocolMatch: .udp, ports: PortRange(from: 5000, to: 5000),
          peer: .securityGroup("sg-app"))
      ], outbound: [SecurityGroupRule(protocolMatch: .all, peer: .cidr(any))])
    topology.networkInterfaces["eni-app2"]?.securityGroupIds = ["sg-client"]
    return topology
  }

  @Test(
    "nodata over a span of centuries is an error naming the conversation, not billions of records"
  )
  func nodataSpan() throws {
    // Found by fuzz-traffic: one conversation dated 131 years after the others, with nodata,
    // asked for a NODATA record in every one-minute window between (4 GB before it stopped).
    let topology = TestNetwork.make()
    let traffic = Traffic(
      conversations: [
        Self.tcp("198.51.100.7", "203.0.113.10", port: 80),
        Self.tcp("198.51.100.8", "203.0.113.10", port: 80, at: Self.w + 4_140_000_000),
      ], nodata: true)
    #expect(throws: Simulator.Failure.self) {
      _ = try Simulator(topology: topology).simulate(traffic)
    }
    do {
      _ = try Simulator(topology: topology).simulate(traffic)
    } catch {
      #expect(error.conversation == 1)
      #expect(error.reason.hasPrefix("with nodata, 69000001 aggregation windows"))
    }
    // A day is fine: NODATA for each interface's quiet windows.
    var day = traffic
    day.conversations[1] = Self.tcp("198.51.100.8", "203.0.113.10", port: 80, at: Self.w + 86_400)
    let records = try Simulator(topology: topology).simulate(day)
    #expect(records.filter { $0.flow == nil }.count > 1_000)
  }

  // MARK: - 1. Tracking timeouts

  @Test("A late UDP reply past the server's UdpTimeout is judged by its outbound rules")
  func udpServerTimeout() throws {
    let records = try Self.records(
      Self.udpServers(),
      [Self.udp("10.0.2.21", "10.0.2.20", port: 5000, ending: .replyAfterTimeout)])
    // Default delay: the client's UdpTimeout (30 s) + 10 s; the server's entry (30 s) is gone.
    #expect(
      Self.lines(records) == [
        "eni-app2 egress 10.0.2.21:40000>10.0.2.20:5000 ACCEPT 1/76 0 0-0",
        "eni-app ingress 10.0.2.21:40000>10.0.2.20:5000 ACCEPT 1/76 0 0-0",
        "eni-app egress 10.0.2.20:5000>10.0.2.21:40000 REJECT 1/76 0 40-40",
      ])
    #expect(Self.truths(records) == ["security-group response sg-app -"])
  }

  @Test("Each ENI judges a late UDP reply by its own UdpTimeout")
  func udpPerInterfaceTimeouts() throws {
    var topology = Self.udpServers()
    topology.networkInterfaces["eni-app"]?.connectionTracking = ConnectionTracking(udpTimeout: 60)
    let records = try Self.records(
      topology,
      [Self.udp("10.0.2.21", "10.0.2.20", port: 5000, ending: .replyAfterTimeout, replyDelay: 45)])
    // The server (60 s) still holds the entry; the client (30 s by default) does not, and its
    // inbound rule opens port 5000, not the client's port.
    #expect(
      Self.lines(records).suffix(2) == [
        "eni-app egress 10.0.2.20:5000>10.0.2.21:40000 ACCEPT 1/76 0 45-45",
        "eni-app2 ingress 10.0.2.20:5000>10.0.2.21:40000 REJECT 1/76 0 45-45",
      ])
    #expect(Self.truths(records) == ["security-group response sg-client -"])

    topology.networkInterfaces["eni-app2"]?.connectionTracking = ConnectionTracking(udpTimeout: 50)
    let within = try Self.records(
      topology,
      [Self.udp("10.0.2.21", "10.0.2.20", port: 5000, ending: .replyAfterTimeout, replyDelay: 45)])
    #expect(within.allSatisfy { $0.flow?.accepted == true }, "\(Self.lines(within))")
  }

  @Test("The default reply-delay is the client's own UdpTimeout plus 10 s")
  func udpDefaultDelay() throws {
    var topology = TestNetwork.make()
    topology.networkInterfaces["eni-app"]?.connectionTracking = ConnectionTracking(udpTimeout: 55)
    let records = try Self.records(
      topology, [Self.udp("eni-app", "198.51.100.53", port: 53, ending: .replyAfterTimeout)])
    let reply = try #require(records.last)
    #expect(reply.start == Self.w + 65)
    #expect(Self.line(reply).hasPrefix("eni-app ingress 198.51.100.53:53>10.0.2.20:"))
    #expect(reply.truth.map(Self.text) == "security-group response sg-app -")
  }

  @Test("TCP past TcpEstablishedTimeout: the exchange as open, then the late data is refused")
  func tcpIdleTimeout() throws {
    var topology = TestNetwork.make()
    topology.networkInterfaces["eni-web"]?.connectionTracking = ConnectionTracking(
      tcpEstablishedTimeout: 350)
    var conversation = Self.tcp(
      "eni-web", "eni-app", port: 8080, duration: 5, ending: .replyAfterTimeout)
    conversation.replyDelay = 400
    let records = try Self.records(topology, [conversation])
    #expect(
      Self.lines(records) == [
        "eni-web egress 10.0.1.10:40000>10.0.2.20:8080 ACCEPT 5/420 2 0-5",
        "eni-app ingress 10.0.1.10:40000>10.0.2.20:8080 ACCEPT 5/420 2 0-5",
        "eni-app egress 10.0.2.20:8080>10.0.1.10:40000 ACCEPT 4/1200 18 0-5",
        "eni-web ingress 10.0.2.20:8080>10.0.1.10:40000 ACCEPT 4/1200 18 0-5",
        "eni-app egress 10.0.2.20:8080>10.0.1.10:40000 ACCEPT 1/300 0 405-405",
        "eni-web ingress 10.0.2.20:8080>10.0.1.10:40000 REJECT 1/300 0 405-405",
      ])
    #expect(Self.truths(records) == ["security-group response sg-web -"])

    conversation.replyDelay = 300
    let alive = try Self.records(topology, [conversation])
    #expect(alive.allSatisfy { $0.flow?.accepted == true }, "\(Self.lines(alive))")
  }

  @Test("TCP with no setting: the default delay is 432000 s plus 10 s")
  func tcpDefaultDelay() throws {
    let records = try Self.records(
      TestNetwork.make(),
      [Self.tcp("eni-web", "eni-app", port: 8080, duration: 0, ending: .replyAfterTimeout)])
    #expect(records.last?.start == Self.w + 432_010)
    #expect(records.last?.truth?.cause == .securityGroup)
  }

  @Test("ICMP tracking has no timeout: a late echo reply is still tracked")
  func icmpNeverExpires() throws {
    let records = try Self.records(
      TestNetwork.make(), [Self.icmp("eni-app", "198.51.100.7", ending: .replyAfterTimeout)])
    // sg-app has no inbound ICMP rule: only the tracking entry lets the reply in.
    #expect(
      Self.lines(records) == [
        "eni-app egress 10.0.2.20:0>198.51.100.7:0 ACCEPT 2/168 0 0-0",
        "eni-app ingress 198.51.100.7:0>10.0.2.20:0 ACCEPT 2/168 0 40-40",
      ])
  }

  // MARK: - 2 and 5. Late packets of tracked and untracked flows

  @Test("A late FIN of an untracked flow is judged by the rules: ACCEPT, no REJECT")
  func untrackedLateFIN() throws {
    // sg-web: inbound 80 from 0.0.0.0/0 and outbound all to 0.0.0.0/0: untracked.
    let records = try Self.records(
      TestNetwork.make(), [Self.tcp("198.51.100.7", "203.0.113.10", port: 80, ending: .latePacket)])
    #expect(
      Self.lines(records) == [
        "eni-web ingress 198.51.100.7:40000>10.0.1.10:80 ACCEPT 5/420 3 0-1",
        "eni-web egress 10.0.1.10:80>198.51.100.7:40000 ACCEPT 4/1200 19 0-1",
        "eni-web ingress 198.51.100.7:40000>10.0.1.10:80 ACCEPT 1/40 1 65-65",
      ])
  }

  @Test("A late FIN from an internet client is refused on the server's ENI when tracked")
  func internetClientLateFIN() throws {
    // SSH from the office prefix list: tracked (the rule does not name 0.0.0.0/0).
    let records = try Self.records(
      TestNetwork.make(), [Self.tcp("198.51.100.7", "203.0.113.10", port: 22, ending: .latePacket)])
    #expect(
      Self.lines(records).last
        == "eni-web ingress 198.51.100.7:40000>10.0.1.10:22 REJECT 1/40 1 65-65")
    #expect(Self.truths(records) == ["after-close request - -"])
  }

  @Test("A flow through a NAT gateway is always tracked: the late FIN is after-close")
  func natIsAlwaysTracked() throws {
    var topology = TestNetwork.make()
    // With inbound all TCP from 0.0.0.0/0, sg-app's outbound flows would be untracked.
    topology.securityGroups["sg-app"]?.inbound.append(
      SecurityGroupRule(protocolMatch: .tcp, peer: .cidr(TestNetwork.cidr("0.0.0.0/0"))))
    var conversation = Self.tcp("eni-app", "198.51.100.7", port: 443, ending: .latePacket)
    conversation.lateFrom = .server
    let records = try Self.records(topology, [conversation])
    #expect(
      Self.lines(records).last
        == "eni-app ingress 198.51.100.7:443>10.0.2.20:40000 REJECT 1/40 1 65-65"
    )
    #expect(Self.truths(records) == ["after-close response - -"])

    // The same group and a peer reached without the NAT gateway: untracked, so accepted.
    var direct = Self.tcp("eni-app", "eni-app2", port: 8080, ending: .latePacket)
    direct.lateFrom = .server
    let untracked = try Self.records(topology, [direct])
    #expect(untracked.allSatisfy { $0.flow?.accepted == true }, "\(Self.lines(untracked))")
  }

  // MARK: - 7. late-delay, late-reset, late-from

  @Test("late-delay within the window: a REJECT beside the flow's ACCEPT in the same window")
  func lateInSameWindow() throws {
    var conversation = Self.tcp("eni-web", "eni-app", port: 8080, ending: .latePacket)
    conversation.lateDelay = 10
    let records = try Self.records(TestNetwork.make(), [conversation])
    #expect(
      Self.lines(records) == [
        "eni-web egress 10.0.1.10:40000>10.0.2.20:8080 ACCEPT 5/420 3 0-1",
        "eni-app ingress 10.0.1.10:40000>10.0.2.20:8080 ACCEPT 5/420 3 0-1",
        "eni-app egress 10.0.2.20:8080>10.0.1.10:40000 ACCEPT 4/1200 19 0-1",
        "eni-web ingress 10.0.2.20:8080>10.0.1.10:40000 ACCEPT 4/1200 19 0-1",
        "eni-app ingress 10.0.1.10:40000>10.0.2.20:8080 REJECT 1/40 1 11-11",
      ])
    #expect(Self.truths(records) == ["after-close request - -"])
  }

  @Test("late-reset sends an RST; late-from server is logged on the client's ENI")
  func lateResetFromServer() throws {
    var conversation = Self.tcp("eni-web", "eni-app", port: 8080, ending: .lateReset)
    conversation.lateFrom = .server
    let records = try Self.records(TestNetwork.make(), [conversation])
    #expect(
      Self.lines(records).last
        == "eni-web ingress 10.0.2.20:8080>10.0.1.10:40000 REJECT 1/40 4 65-65")
    #expect(Self.truths(records) == ["after-close response - -"])
  }

  // MARK: - 3. ICMP errors

  @Test(
    "Only ICMP queries are answered: errors and unsolicited replies are one-way",
    arguments: [
      (3, false, 1), (11, false, 1), (0, false, 1), (8, false, 2), (13, false, 2), (17, false, 2),
      (1, true, 1), (2, true, 1), (129, true, 1), (128, true, 2),
    ])
  func icmpOneWay(type: Int, ipv6: Bool, count: Int) throws {
    var topology = TestNetwork.make()
    topology.securityGroups["sg-web"]?.inbound += [
      SecurityGroupRule(protocolMatch: .icmp, peer: .cidr(TestNetwork.cidr("0.0.0.0/0"))),
      SecurityGroupRule(protocolMatch: .icmpv6, peer: .cidr(TestNetwork.cidr("::/0"))),
    ]
    let records = try Self.records(
      topology,
      [
        Self.icmp(
          ipv6 ? "2001:db8::7" : "198.51.100.7", ipv6 ? "2600:1f18:1:101::10" : "203.0.113.10",
          type: type, ipv6: ipv6)
      ])
    #expect(records.count == count, "\(Self.lines(records))")
    #expect(records.first?.flow?.direction == .ingress)
    #expect(records.allSatisfy { $0.flow?.accepted == true })
  }

  @Test("A timestamp request (13) is answered by a timestamp reply (14), not another 13")
  func icmpTimestampReply() {
    let request = Packet(
      source: TestNetwork.ip("10.0.1.10"), destination: TestNetwork.ip("10.0.2.20"),
      protocolNumber: 1, icmpType: 13, icmpCode: 0)
    #expect(request.reply().icmpType == 14)
    #expect(!request.reply().expectsReply)
    #expect(
      Packet(
        source: TestNetwork.ip("10.0.1.10"), destination: TestNetwork.ip("10.0.2.20"),
        protocolNumber: 1, icmpType: 3, icmpCode: 4
      ).expectsReply == false)
  }

  // MARK: - 4. Rejected legs keep their counts

  @Test("A rejected request keeps its packets and bytes, one record per window, SYN in each")
  func rejectedRequestSpansWindows() throws {
    // SSH from outside the office prefix list: refused by sg-web, retried over three windows.
    let records = try Self.records(
      TestNetwork.make(),
      [
        Self.tcp(
          "192.0.2.9", "203.0.113.10", port: 22, duration: 130, ending: .open, packets: (3, 0),
          bytes: (180, 0))
      ])
    #expect(
      Self.lines(records) == [
        "eni-web ingress 192.0.2.9:40000>10.0.1.10:22 REJECT 1/60 2 0-59",
        "eni-web ingress 192.0.2.9:40000>10.0.1.10:22 REJECT 1/60 2 60-119",
        "eni-web ingress 192.0.2.9:40000>10.0.1.10:22 REJECT 1/60 2 120-130",
      ])
  }

  @Test("A refusal at a NAT gateway's hop is not logged on an ENI of the NAT's subnet")
  func natHopRefusalIsNotTheReceivers() throws {
    // eni-app reaches eni-web's public address through nat-1, which sits in eni-web's subnet.
    // subnet-pub's ACL lets out only 203.0.113.0/24: eni-web's reply to the NAT gateway's
    // public address leaves, and the NAT gateway's hop on to 10.0.2.20 is refused there. That
    // refusal belongs to the NAT gateway's interface, not eni-web's: eni-web logs its reply
    // ACCEPTed, and nothing comes back to eni-app.
    var topology = TestNetwork.make()
    topology.networkACLs["acl-default"]?.subnetIds = ["subnet-app"]
    topology.networkACLs["acl-pub"] = NetworkACL(
      id: "acl-pub", vpcId: "vpc-1", isDefault: false,
      entries: [
        NetworkACLEntry(
          ruleNumber: 100, egress: false, action: .allow, protocolMatch: .all,
          cidr: TestNetwork.cidr("0.0.0.0/0")),
        NetworkACLEntry(
          ruleNumber: 100, egress: true, action: .allow, protocolMatch: .all,
          cidr: TestNetwork.cidr("203.0.113.0/24")),
      ] + TestNetwork.implicitDenies(), subnetIds: ["subnet-pub"])
    let records = try Self.records(
      topology, [Self.tcp("eni-app", "203.0.113.10", port: 80, ending: .open)])
    #expect(!records.contains { $0.flow?.accepted == false })
    #expect(
      Self.lines(records).filter { $0.hasPrefix("eni-web") } == [
        "eni-web ingress 203.0.113.9:\(PathTracer.natPort(for: Packet(source: TestNetwork.ip("10.0.2.20"), destination: TestNetwork.ip("203.0.113.10"), protocolNumber: 6, sourcePort: 40000, destinationPort: 80)))>10.0.1.10:80 ACCEPT 5/420 2 0-1",
        "eni-web egress 10.0.1.10:80>203.0.113.9:\(PathTracer.natPort(for: Packet(source: TestNetwork.ip("10.0.2.20"), destination: TestNetwork.ip("203.0.113.10"), protocolNumber: 6, sourcePort: 40000, destinationPort: 80))) ACCEPT 4/1200 18 0-1",
      ])
  }

  @Test("A one-packet request is one record at its start, before the replies it caused")
  func onePacketLegAtItsStart() throws {
    // A SYN answered by SYN-ACKs for 45 s across a window boundary: the SYN is the leg's only
    // packet, at its start, so its record is in the first window, where the first answer is.
    let records = try Self.records(
      TestNetwork.make(),
      [
        Self.tcp(
          "192.0.2.9", "203.0.113.10", port: 80, at: Self.w + 50, duration: 45, ending: .open,
          packets: (1, 4))
      ])
    let lines = Self.lines(records)
    #expect(lines.first == "eni-web ingress 192.0.2.9:40000>10.0.1.10:80 ACCEPT 1/420 2 50-50")
    #expect(lines.filter { $0.contains("ingress") }.count == 1)
  }

  @Test("A rejected UDP request keeps its 11 packets and 836 bytes")
  func rejectedUDPCounts() throws {
    let records = try Self.records(
      TestNetwork.make(),
      [Self.udp("198.51.100.7", "203.0.113.10", port: 123, packets: (11, 1), bytes: (836, 76))])
    #expect(
      Self.lines(records) == [
        "eni-web ingress 198.51.100.7:40000>10.0.1.10:123 REJECT 11/836 0 0-0"
      ])
  }

  @Test("A rejected response keeps its counts over its windows, SYN-ACK in each record")
  func rejectedResponseSpansWindows() throws {
    // acl-db lets out only ports 0-1023 to the app subnet: the SYN-ACK to 40000 is refused.
    let records = try Self.records(
      TestNetwork.make(),
      [
        Self.tcp(
          "eni-app", "eni-db", port: 5432, duration: 90, ending: .open, packets: (4, 5),
          bytes: (240, 300))
      ])
    #expect(
      Self.lines(records).filter { $0.contains("REJECT") } == [
        "eni-db egress 10.0.3.30:5432>10.0.2.20:40000 REJECT 3/180 18 0-59",
        "eni-db egress 10.0.3.30:5432>10.0.2.20:40000 REJECT 2/120 18 60-90",
      ])
    #expect(
      Self.truths(records) == [
        "network-acl response acl-db 32767", "network-acl response acl-db 32767",
      ])
  }

  @Test("A connection that never opens: SYNs and SYN-ACKs in each record, no FIN")
  func neverOpens() throws {
    // acl-db lets in 5432 from the app subnet only: eni-web's SYNs are refused over two windows.
    let refused = try Self.records(
      TestNetwork.make(),
      [Self.tcp("eni-web", "eni-db", port: 5432, duration: 90, packets: (4, 4), bytes: (240, 240))])
    #expect(
      Self.lines(refused) == [
        "eni-web egress 10.0.1.10:40000>10.0.3.30:5432 ACCEPT 2/120 2 0-59",
        "eni-db ingress 10.0.1.10:40000>10.0.3.30:5432 REJECT 2/120 2 0-59",
        "eni-web egress 10.0.1.10:40000>10.0.3.30:5432 ACCEPT 2/120 2 60-90",
        "eni-db ingress 10.0.1.10:40000>10.0.3.30:5432 REJECT 2/120 2 60-90",
      ])
    // The SYN-ACK refused on its way out: the SYNs that arrived carry no FIN either.
    let unanswered = try Self.records(
      TestNetwork.make(), [Self.tcp("eni-app", "eni-db", port: 5432, duration: 90)])
    #expect(
      Self.lines(unanswered) == [
        "eni-app egress 10.0.2.20:40000>10.0.3.30:5432 ACCEPT 3/252 2 0-59",
        "eni-db ingress 10.0.2.20:40000>10.0.3.30:5432 ACCEPT 3/252 2 0-59",
        "eni-db egress 10.0.3.30:5432>10.0.2.20:40000 REJECT 2/600 18 0-59",
        "eni-app egress 10.0.2.20:40000>10.0.3.30:5432 ACCEPT 2/168 2 60-90",
        "eni-db ingress 10.0.2.20:40000>10.0.3.30:5432 ACCEPT 2/168 2 60-90",
        "eni-db egress 10.0.3.30:5432>10.0.2.20:40000 REJECT 2/600 18 60-90",
      ])
  }

  // MARK: - 8. One-way traffic

  @Test(
    "Backscatter: an unsolicited SYN-ACK is new traffic to the ENI, judged by its inbound rules")
  func backscatter() throws {
    var conversation = Self.tcp("198.51.100.7", "203.0.113.10", port: 40000, sourcePort: 443)
    conversation.oneWay = true
    conversation.tcpFlags = 18
    let records = try Self.records(TestNetwork.make(), [conversation])
    #expect(
      Self.lines(records) == [
        "eni-web ingress 198.51.100.7:443>10.0.1.10:40000 REJECT 5/420 18 0-1"
      ])
    #expect(Self.truths(records) == ["security-group request sg-web -"])
  }

  @Test("A one-way SYN the rules allow is accepted, and nothing answers it")
  func oneWayAccepted() throws {
    var conversation = Self.tcp("198.51.100.7", "203.0.113.10", port: 80)
    conversation.oneWay = true
    let records = try Self.records(TestNetwork.make(), [conversation])
    #expect(
      Self.lines(records) == ["eni-web ingress 198.51.100.7:40000>10.0.1.10:80 ACCEPT 5/420 2 0-1"])
  }

  @Test("One-way traffic from an ENI is judged by its outbound rules and its ACL, no reply")
  func oneWayOut() throws {
    var conversation = Self.udp("eni-db", "eni-app", port: 9999, packets: (3, 0), bytes: (120, 0))
    conversation.oneWay = true
    let records = try Self.records(TestNetwork.make(), [conversation])
    // acl-db lets out only TCP 0-1023.
    #expect(
      Self.lines(records) == ["eni-db egress 10.0.3.30:40000>10.0.2.20:9999 REJECT 3/120 0 0-0"])
    #expect(Self.truths(records) == ["network-acl request acl-db 32767"])
  }

  // MARK: - 9. Aggregation by 5-tuple

  @Test("Pings both ways share ICMP's 0/0 tuple: one record per ENI, direction and window")
  func pingsBothWays() throws {
    var topology = TestNetwork.make()
    topology.securityGroups["sg-app"]?.inbound.append(
      SecurityGroupRule(protocolMatch: .icmp, peer: .securityGroup("sg-web")))
    topology.securityGroups["sg-web"]?.inbound.append(
      SecurityGroupRule(protocolMatch: .icmp, peer: .securityGroup("sg-app")))
    let records = try Self.records(
      topology,
      [Self.icmp("eni-web", "eni-app"), Self.icmp("eni-app", "eni-web", at: Self.w + 20)])
    #expect(
      Self.lines(records) == [
        "eni-web egress 10.0.1.10:0>10.0.2.20:0 ACCEPT 4/336 0 0-20",
        "eni-app ingress 10.0.1.10:0>10.0.2.20:0 ACCEPT 4/336 0 0-20",
        "eni-app egress 10.0.2.20:0>10.0.1.10:0 ACCEPT 4/336 0 0-20",
        "eni-web ingress 10.0.2.20:0>10.0.1.10:0 ACCEPT 4/336 0 0-20",
      ])
  }

  @Test("Repeated conversations on one tuple: one record per window, flags OR-ed, truths kept")
  func sameTupleAggregates() throws {
    var topology = TestNetwork.make()
    topology.networkInterfaces["eni-web"]?.connectionTracking = ConnectionTracking(
      tcpEstablishedTimeout: 60)
    // The late data of one conversation and the late FIN of another reach eni-web in the same
    // window on the same tuple: one REJECT, two truths.
    var idle = Self.tcp("eni-web", "eni-app", port: 8080, duration: 0, ending: .replyAfterTimeout)
    idle.replyDelay = 70
    var closed = Self.tcp("eni-web", "eni-app", port: 8080, duration: 0, ending: .latePacket)
    closed.lateFrom = .server
    closed.lateDelay = 80
    let records = try Self.records(topology, [idle, closed])
    let rejects = records.filter { $0.flow?.accepted == false }
    #expect(
      Self.lines(rejects) == ["eni-web ingress 10.0.2.20:8080>10.0.1.10:40000 REJECT 2/340 1 70-80"]
    )
    #expect(rejects.first?.truth.map(Self.text) == "security-group response sg-web -")
    #expect(rejects.first?.otherTruths.map(Self.text) == ["after-close response - -"])
    // The two exchanges in the first window are one record per ENI and direction.
    #expect(
      Self.lines(records).prefix(4) == [
        "eni-web egress 10.0.1.10:40000>10.0.2.20:8080 ACCEPT 10/840 3 0-0",
        "eni-app ingress 10.0.1.10:40000>10.0.2.20:8080 ACCEPT 10/840 3 0-0",
        "eni-app egress 10.0.2.20:8080>10.0.1.10:40000 ACCEPT 8/2400 19 0-0",
        "eni-web ingress 10.0.2.20:8080>10.0.1.10:40000 ACCEPT 8/2400 19 0-0",
      ])
  }

  // MARK: - 10. The hairpin through the internet gateway

  /// eni-web2, a second public ENI in subnet-pub, whose group lets in 8080 from sg-web.
  static func hairpinNetwork() -> Topology {
    var topology = TestNetwork.make()
    topology.securityGroups["sg-peer"] = SecurityGroup(
      id: "sg-peer", vpcId: "vpc-1", name: "peer",
      inbound: [
        SecurityGroupRule(
          protocolMatch: .tcp, ports: PortRange(from: 8080, to: 8080),
          peer: .securityGroup("sg-web"))
      ],
      outbound: [SecurityGroupRule(protocolMatch: .all, peer: .cidr(TestNetwork.cidr("0.0.0.0/0")))]
    )
    topology.networkInterfaces["eni-web2"] = NetworkInterface(
      id: "eni-web2", subnetId: "subnet-pub", vpcId: "vpc-1",
      privateIPv4s: [TestNetwork.ip("10.0.1.11")],
      publicIPv4s: [
        PublicAddress(
          publicIP: TestNetwork.ip("203.0.113.11"), privateIP: TestNetwork.ip("10.0.1.11"))
      ], securityGroupIds: ["sg-peer"])
    return topology
  }

  @Test("To a public address in the same VPC: the sender's public address, no group match")
  func hairpinSecurityGroup() throws {
    let topology = Self.hairpinNetwork()
    let direct = try Self.records(
      topology, [Self.tcp("eni-web", "10.0.1.11", port: 8080, ending: .open)])
    #expect(direct.allSatisfy { $0.flow?.accepted == true }, "\(Self.lines(direct))")
    let records = try Self.records(
      topology, [Self.tcp("eni-web", "203.0.113.11", port: 8080, ending: .open)])
    #expect(
      Self.lines(records) == [
        "eni-web egress 10.0.1.10:40000>203.0.113.11:8080 ACCEPT 5/420 2 0-1",
        "eni-web2 ingress 203.0.113.10:40000>10.0.1.11:8080 REJECT 5/420 2 0-1",
      ])
    #expect(Self.truths(records) == ["security-group request sg-peer -"])
    #expect(records.first?.flow?.trafficPath == 8)

    // A rule for the sender's public address lets it in; each side sees the other's.
    var open = topology
    open.securityGroups["sg-peer"]?.inbound.append(
      SecurityGroupRule(
        protocolMatch: .tcp, ports: PortRange(from: 8080, to: 8080),
        peer: .cidr(TestNetwork.cidr("203.0.113.10/32"))))
    let accepted = try Self.records(
      open, [Self.tcp("eni-web", "203.0.113.11", port: 8080, ending: .open)])
    #expect(
      Self.lines(accepted) == [
        "eni-web egress 10.0.1.10:40000>203.0.113.11:8080 ACCEPT 5/420 2 0-1",
        "eni-web2 ingress 203.0.113.10:40000>10.0.1.11:8080 ACCEPT 5/420 2 0-1",
        "eni-web2 egress 10.0.1.11:8080>203.0.113.10:40000 ACCEPT 4/1200 18 0-1",
        "eni-web ingress 203.0.113.11:8080>10.0.1.10:40000 ACCEPT 4/1200 18 0-1",
      ])
  }

  @Test("The hairpin crosses the network ACL out and in, even within one subnet")
  func hairpinNetworkACL() throws {
    var topology = Self.hairpinNetwork()
    let any = TestNetwork.cidr("0.0.0.0/0")
    topology.networkACLs["acl-pub"] = NetworkACL(
      id: "acl-pub", vpcId: "vpc-1", isDefault: false,
      entries: TestNetwork.inModelOrder(
        [
          NetworkACLEntry(
            ruleNumber: 90, egress: false, action: .deny, protocolMatch: .tcp,
            cidr: TestNetwork.cidr("203.0.113.0/24"), ports: PortRange(from: 8080, to: 8080)),
          NetworkACLEntry(
            ruleNumber: 100, egress: false, action: .allow, protocolMatch: .all, cidr: any),
          NetworkACLEntry(
            ruleNumber: 100, egress: true, action: .allow, protocolMatch: .all, cidr: any),
        ] + TestNetwork.implicitDenies()), subnetIds: ["subnet-pub"])
    topology.networkACLs["acl-default"]?.subnetIds = ["subnet-app"]
    topology.securityGroups["sg-peer"]?.inbound.append(
      SecurityGroupRule(
        protocolMatch: .tcp, ports: PortRange(from: 8080, to: 8080),
        peer: .cidr(TestNetwork.cidr("203.0.113.10/32"))))
    let records = try Self.records(
      topology, [Self.tcp("eni-web", "203.0.113.11", port: 8080, ending: .open)])
    #expect(
      Self.lines(records) == [
        "eni-web egress 10.0.1.10:40000>203.0.113.11:8080 ACCEPT 5/420 2 0-1",
        "eni-web2 ingress 203.0.113.10:40000>10.0.1.11:8080 REJECT 5/420 2 0-1",
      ])
    #expect(Self.truths(records) == ["network-acl request acl-pub 90"])
  }
}
