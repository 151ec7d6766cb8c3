import Analysis
import NetworkPrimitives
import Topology

/// Draws the traffic of one network: conversations of every ``TrafficKind``, each made by one
/// small function (`TrafficDraw+Kinds.swift`, `TrafficDraw+Timing.swift`), with starts spread
/// over 10-30 minutes.
///
/// AWS writes one record per 5-tuple, ENI and window, so that conversations with the same ends
/// in one window are one record; only `pings-one-window` asks for that. Otherwise two
/// conversations with the same ends never share a window here: a conversation that would is
/// left out (the same ends in other windows are kept: NTP from 123 to 123, pings both ways).
struct TrafficDraw {
  var draw: Draw
  let topology: Topology
  /// Traces the exchanges the timing kinds presuppose (`TrafficDraw+Timing.swift`).
  let tracer: PathTracer
  let window: Int64
  /// The first and last second a conversation may start.
  let first: Int64
  let last: Int64
  /// ENIs of instances (not a NAT gateway's), by id.
  let interfaces: [NetworkInterface]
  /// The blocks of the services the network's gateway endpoints carry (routed to them by
  /// prefix list): no internet host that opens a connection is drawn from them.
  let serviceBlocks: [CIDR]
  var conversations: [Conversation] = []
  var kinds: [TrafficKind] = []
  /// The windows each pair of ends (as an ENI sees them) is busy in.
  var busy: [String: [ClosedRange<Int64>]] = [:]

  static let tcpServices: [UInt16] = [22, 80, 443, 3306, 5432, 6379, 8080, 8443, 25, 3389]
  static let udpServices: [UInt16] = [53, 123, 161, 514]
  static let internetIPv4 = [
    "198.51.100.7", "198.51.100.20", "198.51.100.200", "192.0.2.10", "192.0.2.77",
    "198.51.100.123", "192.0.2.53",
  ]
  static let internetIPv6 = ["2001:db8:1::7", "2001:db8:2::99", "2001:db8:3::5", "2001:db8:1::20"]

  init(seed: UInt64, topology: Topology, window: Int64, first: Int64, span: Int64) {
    draw = Draw(seed: seed, stream: 0x7472_6166_6669_6321)
    self.topology = topology
    tracer = PathTracer(topology: topology)
    self.window = window
    self.first = first
    last = first + span
    interfaces = topology.networkInterfaces.values.filter { $0.instanceId != nil }.sorted {
      $0.id < $1.id
    }
    serviceBlocks = topology.routeTables.values.flatMap(\.routes).flatMap { route -> [CIDR] in
      guard case .vpcEndpoint = route.target, case .prefixList(let id) = route.destination else {
        return []
      }
      return topology.cidrs(ofPrefixList: id) ?? []
    }
  }

  /// How often each kind is drawn (a port scan or a busy pair is many conversations). The
  /// ordinary calls dominate; each kind of odd timing or unsolicited packets is a few percent
  /// of the conversations.
  static let weights: [(TrafficKind, Int)] = [
    (.sameSubnet, 10), (.acrossSubnets, 12), (.acrossVPCs, 8), (.toInternet, 12),
    (.fromInternet, 14), (.portScan, 2), (.backscatter, 2), (.ping, 8), (.pingBothWays, 5),
    (.pingsOneWindow, 3), (.icmpError, 4), (.privilegedPorts, 6), (.lateFIN, 5),
    (.lateTeardownSameWindow, 4), (.lateReset, 4), (.hairpin, 5), (.udpReplyAfterTimeout, 4),
    (.idleTCPPastTimeout, 4), (.slowUDPReply, 4), (.busyPair, 4),
  ]

  mutating func make() -> (Traffic, [TrafficKind]) {
    let wanted = draw.int(8...25)
    var drawn = 0
    var attempts = 0
    while drawn < wanted && attempts < 200 {
      attempts += 1
      let kind = draw.weighted(Self.weights)
      let together = kind == .pingsOneWindow
      if add(
        conversations(of: kind), as: kind, whole: kind == .pingBothWays || together,
        together: together)
      {
        drawn += 1
      }
    }
    let traffic = Traffic(conversations: conversations, nodata: draw.chance(0.2))
    return (traffic, kinds)
  }

  /// The conversations of one draw of `kind` (none when the network has no place for it).
  mutating func conversations(of kind: TrafficKind) -> [Conversation] {
    switch kind {
    case .sameSubnet: sameSubnet()
    case .acrossSubnets: acrossSubnets()
    case .acrossVPCs: acrossVPCs()
    case .toInternet: toInternet()
    case .fromInternet: fromInternet()
    case .portScan: portScan()
    case .backscatter: backscatter()
    case .ping: ping()
    case .pingBothWays: pingBothWays()
    case .pingsOneWindow: pingsOneWindow()
    case .icmpError: icmpError()
    case .privilegedPorts: privilegedPorts()
    case .lateFIN: lateFIN()
    case .lateTeardownSameWindow: lateTeardownSameWindow()
    case .lateReset: lateReset()
    case .hairpin: hairpin()
    case .udpReplyAfterTimeout: udpReplyAfterTimeout()
    case .idleTCPPastTimeout: idleTCPPastTimeout()
    case .slowUDPReply: slowUDPReply()
    case .busyPair: busyPair()
    }
  }

  /// Adds the conversations that share no window with earlier ones of the same ends (with
  /// `whole`, all of them or none; with `together`, they may share windows with each other);
  /// whether any was added.
  mutating func add(
    _ group: [Conversation], as kind: TrafficKind, whole: Bool, together: Bool = false
  ) -> Bool {
    var taken = busy
    var accepted: [Conversation] = []
    for conversation in group {
      let key = conversation.loggedEnds(in: topology)
      let windows = windows(conversation)
      if (together ? busy : taken)[key, default: []].contains(where: { $0.overlaps(windows) }) {
        if whole { return false }
        continue
      }
      taken[key, default: []].append(windows)
      accepted.append(conversation)
    }
    guard !accepted.isEmpty else { return false }
    busy = taken
    conversations += accepted
    kinds += Array(repeating: kind, count: accepted.count)
    return true
  }

  /// The windows the conversation's records fall in, from its start to its last packet (a
  /// late packet after the close, a late reply or late data after the silence).
  func windows(_ conversation: Conversation) -> ClosedRange<Int64> {
    let last = conversation.start + conversation.duration
    var end = last
    // One-way traffic has no ending.
    switch conversation.oneWay ? .open : conversation.ending {
    case .latePacket, .lateReset:
      end = conversation.lateDelay.map { last + $0 } ?? (last / window * window + window + 5)
    case .replyAfterTimeout:
      let exchangeEnd =
        conversation.protocolNumber == 6 ? last : conversation.start + min(conversation.duration, 1)
      end = exchangeEnd + replyDelay(conversation)
    default: break
    }
    return (conversation.start / window)...(end / window)
  }

  /// The silence before a late reply, as the simulator takes it: `reply-delay`, else the client
  /// ENI's tracking timeout for the protocol plus 10 s (the server's, for a client outside the
  /// topology; 40 s for ICMP).
  func replyDelay(_ conversation: Conversation) -> Int64 {
    if let delay = conversation.replyDelay { return delay }
    let client = [conversation.from, conversation.to].lazy.compactMap(IPAddress.init)
      .compactMap(topology.networkInterface(owning:)).first
    return client?.trackingTimeout(protocolNumber: conversation.protocolNumber).map { $0 + 10 }
      ?? 40
  }
}
