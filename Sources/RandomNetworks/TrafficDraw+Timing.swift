import Analysis
import NetworkPrimitives
import Topology

/// The traffic kinds of odd timing (``TrafficKind``): packets after a connection closed, and
/// replies after a silence that an ENI's tracking entry may not outlive. Each presupposes an
/// exchange that happened, so its ends are drawn again (up to four times) until the network
/// lets the exchange through both ways; where nothing does, the last draw is kept.
extension TrafficDraw {
  // MARK: After the close

  /// A TCP connection closes, then one more FIN arrives 5 s into the next window, from the end
  /// whose packet an ENI receives (both, between two ENIs).
  mutating func lateFIN() -> [Conversation] {
    guard var conversation = lateTeardown() else { return [] }
    conversation.ending = .latePacket
    return [conversation]
  }

  /// A late FIN or RST 0-50 s after the close, in the window the connection closed: beside the
  /// flow's ACCEPT records, a REJECT of its own where it is refused.
  mutating func lateTeardownSameWindow() -> [Conversation] {
    guard var conversation = lateTeardown() else { return [] }
    conversation.ending = draw.chance(0.6) ? .latePacket : .lateReset
    let closed = conversation.start + conversation.duration
    let left = window - 1 - closed % window
    conversation.lateDelay = Int64(draw.int(0...Int(min(50, left))))
    return [conversation]
  }

  /// An RST after the close: 5 s into the next window, or 5-240 s after the last packet.
  mutating func lateReset() -> [Conversation] {
    guard var conversation = lateTeardown() else { return [] }
    conversation.ending = .lateReset
    if draw.chance(0.5) { conversation.lateDelay = Int64(draw.int(5...240)) }
    return [conversation]
  }

  /// A TCP connection that opens and closes, with the end that sends the late packet: one
  /// whose packet an ENI receives (the client's goes to the server).
  mutating func lateTeardown() -> Conversation? {
    opened { $0.closedConnection() }
  }

  mutating func closedConnection() -> Conversation? {
    guard let ends = callEnds() else { return nil }
    let port = servicePort(6, ends)
    var conversation = exchange(
      from: ends.from, to: ends.to, protocolNumber: 6, port: port, sourcePort: clientPort())
    // Only a connection that opened has something to close, and its close is packets of its
    // own, at its end: the client's SYN, ACK and FIN, the server's SYN-ACK and FIN at least.
    conversation.requestPackets = max(conversation.requestPackets, 3)
    conversation.requestBytes = max(conversation.requestBytes, 3 * 40)
    conversation.responsePackets = max(conversation.responsePackets, 2)
    conversation.responseBytes = max(conversation.responseBytes, 2 * 40)
    switch (ends.client, ends.server) {
    case (_, nil): conversation.lateFrom = .server
    case (nil, _): conversation.lateFrom = .client
    default: conversation.lateFrom = draw.chance(0.6) ? .client : .server
    }
    return conversation
  }

  // MARK: After a silence

  /// A UDP request whose answer comes 10 s past the client's `UdpTimeout` (the default delay
  /// of `reply-after-timeout`; the server's timeout when the client is on the internet):
  /// between ENIs, or with an internet host either way.
  mutating func udpReplyAfterTimeout() -> [Conversation] {
    let conversation = opened { draw in
      draw.callEnds().map { ends in
        draw.lateReply(ends, protocolNumber: 17, port: draw.servicePort(17, ends), delay: nil)
      }
    }
    return conversation.map { [$0] } ?? []
  }

  /// A client ENI with a short `TcpEstablishedTimeout` (600 s or less) opens a connection to
  /// another ENI or an internet host, which goes idle; the server sends more data 1-300 s past
  /// the timeout (one time in five within it).
  mutating func idleTCPPastTimeout() -> [Conversation] {
    let clients = interfaces.filter {
      ($0.connectionTracking?.tcpEstablishedTimeout ?? .max) <= 600
    }
    guard !clients.isEmpty else { return [] }
    let client = draw.pick(clients)
    guard let timeout = client.trackingTimeout(protocolNumber: 6) else { return [] }
    let delay =
      draw.chance(0.8)
      ? timeout + Int64(draw.int(1...300)) : Int64(draw.int(Int(timeout) / 4...Int(timeout)))
    let conversation = opened { draw in
      draw.callEnds(client: client).map { ends in
        draw.lateReply(ends, protocolNumber: 6, port: draw.servicePort(6, ends), delay: delay)
      }
    }
    return conversation.map { [$0] } ?? []
  }

  /// A UDP answer 10 s either side of the `UdpTimeout` of the client's ENI (or the server's,
  /// when it is an ENI too): the same silence is past one entry and within the other.
  mutating func slowUDPReply() -> [Conversation] {
    let set = interfaces.filter { $0.connectionTracking?.udpTimeout != nil }
    let client = !set.isEmpty && draw.chance(0.7) ? draw.pick(set) : draw.pick(interfaces)
    let conversation = opened { draw -> Conversation? in
      guard let ends = draw.callEnds(client: client) else { return nil }
      let judge = ends.server.map { draw.draw.chance(0.3) ? $0 : client } ?? client
      let timeout =
        judge.trackingTimeout(protocolNumber: 17) ?? NetworkInterface.defaultUDPTimeout
      let delay = max(1, timeout + Int64(draw.draw.int(-10...10)))
      return draw.lateReply(
        ends, protocolNumber: 17, port: draw.servicePort(17, ends), delay: delay)
    }
    return conversation.map { [$0] } ?? []
  }

  /// The first of up to four conversations `make` draws whose exchange the network lets
  /// through both ways (the trace's verdict: reachable), else the last one drawn.
  mutating func opened(_ make: (inout TrafficDraw) -> Conversation?) -> Conversation? {
    var last: Conversation? = nil
    for _ in 0..<4 {
      guard let conversation = make(&self) else { continue }
      last = conversation
      let request = TraceRequest(
        from: conversation.from, to: conversation.to, protocolNumber: conversation.protocolNumber,
        port: conversation.port, sourcePort: conversation.sourcePort)
      if (try? tracer.trace(request))?.verdict.reachable == true { return conversation }
    }
    return last
  }

  /// `reply-after-timeout`: for UDP one request of at most a second, answered after `delay`
  /// (`nil`: the simulator's default); for TCP the exchange, then one more segment.
  mutating func lateReply(_ ends: CallEnds, protocolNumber: UInt8, port: UInt16, delay: Int64?)
    -> Conversation
  {
    var conversation = exchange(
      from: ends.from, to: ends.to, protocolNumber: protocolNumber, port: port,
      sourcePort: clientPort())
    conversation.ending = .replyAfterTimeout
    conversation.replyDelay = delay
    conversation.responsePackets = max(conversation.responsePackets, 1)
    conversation.responseBytes = max(conversation.responseBytes, 40)
    if protocolNumber == 17 {
      // A client that kept asking would keep its entry alive: one request, answered late.
      conversation.requestPackets = 1
      conversation.requestBytes = min(conversation.requestBytes, Int64(draw.int(40...512)))
      conversation.duration = 0
    }
    return conversation
  }

  // MARK: Ends

  /// The two ends of a call: addresses, and the ENIs behind them (`nil` for an internet host).
  struct CallEnds {
    var from: String
    var to: String
    var client: NetworkInterface?
    var server: NetworkInterface?
  }

  /// The port a call goes to: at an ENI, one its groups open to the client more often than
  /// not; on the internet, a common service.
  mutating func servicePort(_ protocolNumber: UInt8, _ ends: CallEnds) -> UInt16 {
    if let server = ends.server {
      return serverPort(protocolNumber, server: server, client: ends.from)
    }
    return draw.pick(protocolNumber == 6 ? [443, 443, 80, 22, 25] : Self.udpServices)
  }

  /// A client and a server, one of them at least an ENI: two ENIs half the time, else an ENI
  /// and an internet host, either way (an ENI is called from the internet at its public or
  /// IPv6 address). IPv6 one time in four where both ends have it. `client`, when given, is
  /// the calling ENI.
  mutating func callEnds(client given: NetworkInterface? = nil) -> CallEnds? {
    let ipv6 = draw.chance(0.25)
    switch draw.int(0...3) {
    case 0, 1:
      let client = given ?? draw.pick(interfaces)
      let servers = interfaces.filter { $0.id != client.id }
      guard !servers.isEmpty else { return nil }
      let server = draw.pick(servers)
      let both = ipv6 && !client.ipv6s.isEmpty && !server.ipv6s.isEmpty
      guard let from = address(client, ipv6: both), let to = address(server, ipv6: both) else {
        return nil
      }
      return CallEnds(from: from, to: to, client: client, server: server)
    case 2 where given == nil:
      guard let (server, to, ipv6) = reachableFromInternet() else { return nil }
      return CallEnds(
        from: internetHost(ipv6: ipv6, initiating: true), to: to, client: nil, server: server)
    default:
      let client = given ?? draw.pick(interfaces)
      let own = ipv6 && !client.ipv6s.isEmpty
      guard let from = address(client, ipv6: own) else { return nil }
      return CallEnds(from: from, to: internetHost(ipv6: own), client: client, server: nil)
    }
  }
}
