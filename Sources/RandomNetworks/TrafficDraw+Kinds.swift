import Analysis
import NetworkPrimitives
import Topology

/// One function per traffic kind (``TrafficKind``): each picks its ends in the network and
/// returns its conversations, or none when the network has no place for it. The kinds of odd
/// timing are in `TrafficDraw+Timing.swift`.
extension TrafficDraw {
  // MARK: Between ENIs

  mutating func sameSubnet() -> [Conversation] {
    let subnets = Dictionary(grouping: interfaces, by: \.subnetId).filter { $0.value.count > 1 }
    guard !subnets.isEmpty else { return [] }
    let pair = draw.shuffled(subnets[draw.pick(subnets.keys.sorted())] ?? [])
    return request(from: pair[0], to: pair[1])
  }

  mutating func acrossSubnets() -> [Conversation] {
    let client = draw.pick(interfaces)
    let servers = interfaces.filter { $0.vpcId == client.vpcId && $0.subnetId != client.subnetId }
    guard !servers.isEmpty else { return [] }
    return request(from: client, to: draw.pick(servers))
  }

  /// Mostly between peered VPCs (or VPCs attached to one transit gateway); the peering may be
  /// routed on one side only, or not at all.
  mutating func acrossVPCs() -> [Conversation] {
    let client = draw.pick(interfaces)
    let attachedVPCs = topology.transitGatewayAttachments.values.filter(\.isVPC).map(\.resourceId)
    let peered = Set(
      topology.peeringConnections.values.flatMap { pcx in
        [pcx.requesterVpcId, pcx.accepterVpcId].contains(client.vpcId)
          ? [pcx.requesterVpcId, pcx.accepterVpcId] : []
      } + (attachedVPCs.contains(client.vpcId) ? attachedVPCs : []))
    let others = interfaces.filter { $0.vpcId != client.vpcId }
    let preferred = others.filter { peered.contains($0.vpcId) }
    let servers = !preferred.isEmpty && draw.chance(0.8) ? preferred : others
    guard !servers.isEmpty else { return [] }
    return request(from: client, to: draw.pick(servers))
  }

  /// A request from `client` to `server`'s private address (IPv6 when both have one, now and
  /// then), TCP or UDP, to a port the server's groups open to the client more often than not.
  mutating func request(from client: NetworkInterface, to server: NetworkInterface)
    -> [Conversation]
  {
    let ipv6 = draw.chance(0.3) && !client.ipv6s.isEmpty && !server.ipv6s.isEmpty
    guard let from = address(client, ipv6: ipv6), let to = address(server, ipv6: ipv6) else {
      return []
    }
    let protocolNumber: UInt8 = draw.chance(0.75) ? 6 : 17
    let port = serverPort(protocolNumber, server: server, client: from)
    return [
      exchange(
        from: from, to: to, protocolNumber: protocolNumber, port: port, sourcePort: clientPort())
    ]
  }

  // MARK: The internet

  /// Out through whatever the client's routes name: an internet gateway, a NAT gateway, an
  /// egress-only gateway, or nothing.
  mutating func toInternet() -> [Conversation] {
    let client = draw.pick(interfaces)
    let ipv6 = draw.chance(0.3) && !client.ipv6s.isEmpty
    guard let from = address(client, ipv6: ipv6) else { return [] }
    let protocolNumber: UInt8 = draw.chance(0.7) ? 6 : 17
    let port: UInt16 = draw.pick(protocolNumber == 6 ? [443, 443, 80, 22, 25] : [53, 123])
    return [
      exchange(
        from: from, to: internetHost(ipv6: ipv6), protocolNumber: protocolNumber, port: port,
        sourcePort: clientPort())
    ]
  }

  /// To an ENI's public IPv4 address or its IPv6 address.
  mutating func fromInternet() -> [Conversation] {
    guard let (server, to, ipv6) = reachableFromInternet() else { return [] }
    let from = internetHost(ipv6: ipv6, initiating: true)
    let protocolNumber: UInt8 = draw.chance(0.8) ? 6 : 17
    return [
      exchange(
        from: from, to: to, protocolNumber: protocolNumber,
        port: serverPort(protocolNumber, server: server, client: from), sourcePort: clientPort())
    ]
  }

  /// One scanner, 4-16 ports of one ENI in a minute or two: SYNs (and a few UDP probes) that
  /// nothing answers.
  mutating func portScan() -> [Conversation] {
    guard let (_, to, ipv6) = reachableFromInternet() else { return [] }
    let scanner = ipv6 ? "2001:db8:6::\(draw.int(1...99))" : "192.0.2.\(draw.int(100...250))"
    let common: [UInt16] = [
      21, 22, 23, 25, 80, 110, 143, 443, 445, 993, 1433, 3306, 3389, 5432, 5900, 6379, 8080,
      8443, 9200, 27017,
    ]
    var ports = draw.some(common, 4...10)
    for _ in 0..<draw.int(0...6) { ports.append(UInt16(draw.int(1...65535))) }
    var at = start()
    let sourcePort = clientPort()
    return ports.map { port in
      at += Int64(draw.int(0...4))
      let udp = draw.chance(0.1)
      return Conversation(
        from: scanner, to: to, protocolNumber: udp ? 17 : 6, port: port,
        sourcePort: draw.chance(0.7) ? sourcePort : clientPort(),
        requestPackets: Int64(draw.int(1...3)), requestBytes: 60 * 3, responsePackets: 0,
        responseBytes: 0, start: at, duration: Int64(draw.int(0...3)), ending: .open)
    }
  }

  /// Servers of the internet answer SYNs (or UDP queries) someone sent them with an ENI's
  /// address as the source: 1-4 reflectors over a few minutes send SYN-ACKs or RSTs from their
  /// service port to the ephemeral port the attacker chose, DNS or NTP answers, or ICMP errors.
  /// One-way: the ENI asked for none of it.
  mutating func backscatter() -> [Conversation] {
    guard let (_, to, ipv6) = reachableFromInternet() else { return [] }
    var at = start()
    return (0..<draw.int(1...4)).map { _ in
      at += Int64(draw.int(0...40))
      let from =
        ipv6
        ? "2001:db8:\(draw.int(10...99))::\(draw.int(1...254))" : "198.51.100.\(draw.int(1...254))"
      let headers: Int64 = ipv6 ? 60 : 40
      var conversation: Conversation
      switch draw.int(0...99) {
      case 0..<65:
        let synAck = draw.chance(0.7)
        // A SYN-ACK is retransmitted a few times; an RST is sent once.
        let packets = synAck ? Int64(draw.int(1...4)) : 1
        conversation = Conversation(
          from: from, to: to, protocolNumber: 6, port: UInt16(draw.int(1024...65535)),
          sourcePort: draw.pick([80, 443, 443, 22, 25, 53, 3389, 8080]), requestPackets: packets,
          requestBytes: packets * headers, responsePackets: 0, responseBytes: 0, start: at,
          duration: packets > 1 ? Int64(draw.int(3...45)) : 0, oneWay: true,
          tcpFlags: synAck ? 18 : 4)
      case 65..<85:
        let packets = Int64(draw.int(1...3))
        conversation = Conversation(
          from: from, to: to, protocolNumber: 17, port: UInt16(draw.int(1024...65535)),
          sourcePort: draw.pick([53, 53, 123]), requestPackets: packets,
          requestBytes: packets * Int64(draw.int(76...1400)), responsePackets: 0,
          responseBytes: 0, start: at, duration: packets > 1 ? Int64(draw.int(1...20)) : 0,
          oneWay: true)
      default:
        conversation = icmpError(from: from, to: to, at: at)
        conversation.oneWay = true
      }
      return conversation
    }
  }

  // MARK: ICMP

  mutating func ping() -> [Conversation] {
    guard let (from, to) = pingEnds() else { return [] }
    return [echo(from: from, to: to, at: start())]
  }

  /// A pings B, then B pings A in a later window, within the correlation horizon.
  mutating func pingBothWays() -> [Conversation] {
    guard let (from, to) = pingEnds(), let back = way(back: from, to) else { return [] }
    let at = start()
    let later = at + window + Int64(draw.int(0...max(0, 1200 - Int(window))))
    return [echo(from: from, to: to, at: at), echo(from: back.from, to: back.to, at: later)]
  }

  /// A pings B and B pings A in one window: at each ENI, its echo requests and its echo replies
  /// to the other leave on one 5-tuple (ports 0 0), as the replies it gets and the requests it
  /// answers arrive on another, and each pair is one record.
  mutating func pingsOneWindow() -> [Conversation] {
    guard let (from, to) = pingEnds(), let back = way(back: from, to) else { return [] }
    let opening = start() / window * window
    // An echo lasts at most 9 s: both fit in the window.
    let latest = Int(window) - 11
    let ping = echo(from: from, to: to, at: opening + Int64(draw.int(0...latest)))
    let answer = echo(from: back.from, to: back.to, at: opening + Int64(draw.int(0...latest)))
    return [ping, answer]
  }

  /// The ends of a conversation from `to` back to `from`: an ENI is reached from the internet
  /// at its public address (nil when it has none).
  func way(back from: String, _ to: String) -> (from: String, to: String)? {
    var back = (from: to, to: from)
    if IPAddress(to).map({ topology.networkInterface(owning: $0) == nil }) == true,
      let address = IPAddress(from), let eni = topology.networkInterface(owning: address),
      !address.isIPv6
    {
      guard let mapping = eni.publicIPv4s.first else { return nil }
      back.to = mapping.publicIP.description
    }
    return back
  }

  /// Two ENIs, or an ENI and an internet host (the host only as the one pinged, or pinging a
  /// public address).
  mutating func pingEnds() -> (String, String)? {
    let ipv6 = draw.chance(0.3)
    switch draw.int(0...2) {
    case 0:
      let pair = draw.shuffled(interfaces).prefix(2)
      guard pair.count == 2, let from = address(pair[pair.startIndex], ipv6: ipv6),
        let to = address(pair[pair.startIndex + 1], ipv6: ipv6)
      else { return nil }
      return (from, to)
    case 1:
      guard let from = address(draw.pick(interfaces), ipv6: ipv6) else { return nil }
      return (from, internetHost(ipv6: ipv6))
    default:
      guard let (_, to, ipv6) = reachableFromInternet() else { return nil }
      return (internetHost(ipv6: ipv6, initiating: true), to)
    }
  }

  /// An echo request and its replies.
  mutating func echo(from: String, to: String, at: Int64) -> Conversation {
    let count = Int64(draw.int(1...10))
    let isIPv6 = IPAddress(from)?.isIPv6 == true
    return Conversation(
      from: from, to: to, protocolNumber: isIPv6 ? 58 : 1, requestPackets: count,
      requestBytes: count * 84, responsePackets: draw.chance(0.9) ? count : 0,
      responseBytes: count * 84, start: at, duration: count > 1 ? count - 1 : 0)
  }

  /// An ENI tells another ENI or an internet host that a packet could not be delivered (a
  /// closed UDP port, a router past its hop limit), or an internet host tells an ENI: one ICMP
  /// error or a few, which nothing answers.
  mutating func icmpError() -> [Conversation] {
    guard let (from, to) = pingEnds() else { return [] }
    return [icmpError(from: from, to: to, at: start())]
  }

  /// 1-4 ICMP errors: destination unreachable (3) or time exceeded (11), ICMPv6 destination
  /// unreachable (1) or time exceeded (3). The simulator sends them one way (no response).
  mutating func icmpError(from: String, to: String, at: Int64) -> Conversation {
    let isIPv6 = IPAddress(from)?.isIPv6 == true
    let unreachable = draw.chance(0.7)
    let type = isIPv6 ? (unreachable ? 1 : 3) : (unreachable ? 3 : 11)
    let count = Int64(draw.int(1...4))
    // The error quotes the offending packet's headers: 56 bytes over IPv4, 96 over IPv6.
    return Conversation(
      from: from, to: to, protocolNumber: isIPv6 ? 58 : 1, icmpType: type, requestPackets: count,
      requestBytes: count * (isIPv6 ? 96 : 56), responsePackets: 0, responseBytes: 0, start: at,
      duration: count > 1 ? Int64(draw.int(1...30)) : 0)
  }

  // MARK: Clients that are not ephemeral

  /// NTP 123→123, DNS 53→53 (UDP), rsh 1023→514, NFS 600-1023→2049 (TCP): the client's port
  /// is a privileged one too. Two NTP peers or DNS servers also ask each other, the same ends
  /// the other way in a later window.
  mutating func privilegedPorts() -> [Conversation] {
    let client = draw.pick(interfaces)
    let servers = interfaces.filter { $0.id != client.id }
    switch draw.int(0...3) {
    case 0, 1:
      let port: UInt16 = draw.chance(0.5) ? 123 : 53
      let ipv6 = draw.chance(0.2) && !client.ipv6s.isEmpty
      guard let from = address(client, ipv6: ipv6) else { return [] }
      guard !servers.isEmpty && draw.chance(0.5),
        let to = address(draw.pick(servers), ipv6: ipv6)
      else {
        let to = internetHost(ipv6: ipv6)
        return [exchange(from: from, to: to, protocolNumber: 17, port: port, sourcePort: port)]
      }
      let ask = exchange(from: from, to: to, protocolNumber: 17, port: port, sourcePort: port)
      guard draw.chance(0.4) else { return [ask] }
      // NTP peers and DNS servers ask each other too: the same ends the other way, later.
      var back = exchange(from: to, to: from, protocolNumber: 17, port: port, sourcePort: port)
      back.start = ask.start + window + Int64(draw.int(0...600))
      return [ask, back]
    default:
      guard !servers.isEmpty, let from = address(client, ipv6: false),
        let to = address(draw.pick(servers), ipv6: false)
      else { return [] }
      let rsh = draw.chance(0.5)
      return [
        exchange(
          from: from, to: to, protocolNumber: 6, port: rsh ? 514 : 2049,
          sourcePort: rsh ? UInt16(draw.int(1021...1023)) : UInt16(draw.int(600...1023)))
      ]
    }
  }

  // MARK: Addressing

  /// An ENI calls another ENI of its VPC at its public IPv4 address: out through the
  /// internet gateway (or the NAT gateway) and back in.
  mutating func hairpin() -> [Conversation] {
    let client = draw.pick(interfaces)
    let servers = interfaces.filter {
      $0.vpcId == client.vpcId && $0.id != client.id && !$0.publicIPv4s.isEmpty
    }
    guard !servers.isEmpty, let from = address(client, ipv6: false) else { return [] }
    let sameSubnet = servers.filter { $0.subnetId == client.subnetId }
    let server =
      !sameSubnet.isEmpty && draw.chance(0.4) ? draw.pick(sameSubnet) : draw.pick(servers)
    guard let to = server.publicIPv4s.first?.publicIP.description else { return [] }
    if draw.chance(0.2) { return [echo(from: from, to: to, at: start())] }
    let protocolNumber: UInt8 = draw.chance(0.8) ? 6 : 17
    return [
      exchange(
        from: from, to: to, protocolNumber: protocolNumber,
        port: serverPort(protocolNumber, server: server, client: from), sourcePort: clientPort())
    ]
  }

  // MARK: Repetition

  /// One client and one server, 4-12 conversations spread over the span, each from a new
  /// client port (or one of two it reuses): between ENIs, or with an internet host either way.
  mutating func busyPair() -> [Conversation] {
    var base: [Conversation]
    switch draw.int(0...2) {
    case 0:
      base = acrossSubnets()
      if base.isEmpty { base = sameSubnet() }
    case 1: base = fromInternet()
    default: base = toInternet()
    }
    guard let model = base.first else { return [] }
    // A busy client reuses its ports now and then (in other windows: the draw keeps the same
    // ends out of one window).
    let reused = draw.chance(0.25) ? [clientPort(), clientPort()] : []
    return (0..<draw.int(4...12)).map { _ in
      var conversation = exchange(
        from: model.from, to: model.to, protocolNumber: model.protocolNumber, port: model.port,
        sourcePort: reused.isEmpty ? clientPort() : draw.pick(reused))
      conversation.ending = draw.chance(0.85) ? .close : conversation.ending
      return conversation
    }
  }

  // MARK: Helpers

  func address(_ interface: NetworkInterface, ipv6: Bool) -> String? {
    (ipv6 ? interface.ipv6s.first : interface.primaryIPv4)?.description
  }

  /// An ENI the internet can address, the address, and whether it is IPv6.
  mutating func reachableFromInternet() -> (NetworkInterface, String, Bool)? {
    let ipv6 = draw.chance(0.3)
    let candidates = interfaces.filter { ipv6 ? !$0.ipv6s.isEmpty : !$0.publicIPv4s.isEmpty }
    guard !candidates.isEmpty else { return nil }
    let server = draw.pick(candidates)
    guard
      let address = ipv6 ? server.ipv6s.first : server.publicIPv4s.first.map({ $0.publicIP })
    else { return nil }
    return (server, address.description, ipv6)
  }

  /// An internet host: one that opens a connection (`initiating`) is never an address of a
  /// service a gateway endpoint of the network carries (S3 and DynamoDB do not call instances;
  /// their addresses, routed to the endpoint, would make the call a way in the model does not
  /// follow).
  mutating func internetHost(ipv6: Bool, initiating: Bool = false) -> String {
    let hosts = ipv6 ? Self.internetIPv6 : Self.internetIPv4
    guard initiating, !serviceBlocks.isEmpty else { return draw.pick(hosts) }
    let callers = hosts.filter { host in
      guard let address = IPAddress(host) else { return true }
      return !serviceBlocks.contains { $0.contains(address) }
    }
    return draw.pick(callers.isEmpty ? hosts : callers)
  }

  mutating func start() -> Int64 { first + Int64(draw.int(0...Int(last - first))) }

  /// A client's port: Linux 32768-60999, Windows 49152-65535, or 1024-32767 (NAT gateways,
  /// load balancers, older systems).
  mutating func clientPort() -> UInt16 {
    switch draw.int(0...99) {
    case 0..<60: UInt16(draw.int(32768...60999))
    case 60..<85: UInt16(draw.int(49152...65535))
    default: UInt16(draw.int(1024...32767))
    }
  }

  /// The port a client calls: more often than not one the server's groups open to it.
  mutating func serverPort(_ protocolNumber: UInt8, server: NetworkInterface, client: String)
    -> UInt16
  {
    let services = protocolNumber == 6 ? Self.tcpServices : Self.udpServices
    guard let address = IPAddress(client), draw.chance(0.7) else { return draw.pick(services) }
    let rules = server.securityGroupIds.compactMap { topology.securityGroups[$0] }
      .flatMap(\.inbound).filter { rule in
        rule.protocolMatch.matches(protocolNumber) && matches(rule.peer, address)
      }
    var open = services.filter { port in rules.contains { $0.ports?.contains(port) ?? true } }
    for rule in rules {
      if let ports = rule.ports, ports.from == ports.to, !open.contains(ports.from) {
        open.append(ports.from)
      }
    }
    return open.isEmpty ? draw.pick(services) : draw.pick(open)
  }

  /// Whether a rule's peer names `address` (a group: its members' private addresses).
  func matches(_ peer: SecurityGroupRule.Peer, _ address: IPAddress) -> Bool {
    switch peer {
    case .cidr(let cidr): cidr.contains(address)
    case .prefixList(let id):
      topology.prefixLists[id]?.cidrs.contains { $0.contains(address) } ?? false
    case .securityGroup(let id): topology.addresses(ofGroupMembers: id).contains(address)
    }
  }

  /// A conversation with drawn sizes, start, duration and ending.
  mutating func exchange(
    from: String, to: String, protocolNumber: UInt8, port: UInt16?, sourcePort: UInt16?
  ) -> Conversation {
    let requestPackets = Int64(draw.int(1...40))
    let responsePackets = draw.chance(0.1) ? 0 : Int64(draw.int(1...40))
    let ending: Conversation.Ending =
      switch protocolNumber {
      case 6: draw.weighted([(.close, 72), (.reset, 10), (.open, 18)])
      case 17: draw.chance(0.85) ? .close : .open
      default: .close
      }
    return Conversation(
      from: from, to: to, protocolNumber: protocolNumber, port: port, sourcePort: sourcePort,
      requestPackets: requestPackets, requestBytes: requestPackets * Int64(draw.int(40...1500)),
      responsePackets: responsePackets,
      responseBytes: responsePackets * Int64(draw.int(40...1500)), start: start(),
      duration: draw.pick([0, 1, 1, 5, 20, 45, 90, 150, 400, 900]), ending: ending)
  }
}
