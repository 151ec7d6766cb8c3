/// Writes a busy day: the flow log of a web service on the internet, at a fixed rate of records a
/// second, seeded (the same seed, rate, record count and format give the same bytes).
///
/// The network (``topologyJSON()``, flowcause's native format): one VPC with three public
/// subnets (12 web servers with public IPv4 and IPv6 addresses, and a NAT gateway), three app
/// subnets (18 app servers) and three database subnets (6 servers). Its traffic:
/// - internet clients (tens of thousands of addresses, IPv4 and IPv6, Linux and Windows
///   ephemeral ports, a few privileged ones) to the web tier on 443 and 80; behind each visit,
///   often a web → app request on 8080 and an app → database query on 5432; some flows last
///   several one-minute windows (a record each window);
/// - the app tier's calls to internet APIs through the NAT gateway (four records on the NAT
///   gateway's interface, two on the app server's), and now and then a late RST from the API
///   after the connection closed;
/// - pings both ways (internet ↔ web, web → internet, app → database monitoring);
/// - scanners probing many ports of a web server, one record a probe; backscatter (SYN-ACKs and
///   RSTs answering spoofed packets) to random ports.
///
/// What rejects what, as AWS documents it (docs/performance.md, "The busy day"): the public
/// subnets' network ACL lets in 80, 443, 1024–65535, ICMP and the VPC, so a probe of another
/// port below 1024 is the network ACL's (rule `*`), and of a port above it the web security
/// group's, as is backscatter to a high port; the ACL lets out 1024–65535, 80, 443, ICMP and the
/// VPC, so the reply to a client on a privileged port is the network ACL's. The database
/// subnets' ACL lets out TCP 32768–60999 only (Linux's ephemeral range), so the replies to app
/// servers that use 1024–65535 are cut by the network ACL, and lets in 5432 only, so the app
/// tier's pings are the network ACL's too. A late RST from an API after the connection closed
/// is a packet after close (`after-close`; without tcp-flags the logs cannot tell it from new
/// traffic the app security group drops). ``ExpectedCounts`` keeps the true cause of every
/// REJECT.
struct BusyDayGenerator {
  /// Bump whenever the bytes for a seed change.
  static let version = 1
  /// 2024-06-01T00:00:00Z.
  static let dayStart = 1_717_200_000
  static let webCount = 12
  static let appCount = 18
  static let databaseCount = 6

  let format: BenchFormat
  /// Records a second.
  let rate: Int
  private var random: SeededRandom
  private var arena = ByteArena()
  private var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
  private var interfaces: [Interface] = []
  private var web: [Int] = []
  private var app: [Int] = []
  private var database: [Int] = []
  private var nat = 0
  /// The NAT gateway's private address.
  private var natAddress = Address.v4(0)
  private var recurringV4: [UInt32] = []
  private var clientsV6: [Span] = []
  private var scannersV4: [UInt32] = []
  private var scannersV6: [Span] = []
  /// The pings written this window, by interface and addresses: AWS writes one record a window
  /// for them, so a second ping of the same pair in a window is not written.
  private var pinged: Set<PingKey> = []
  private struct PingKey: Hashable {
    var interface: Int
    var source: UInt64
    var destination: UInt64
  }
  /// Records waiting for a later window (the next records of long flows, late RSTs), by window.
  private var later: [[Scheduled]] = Array(repeating: [], count: 16)

  init(format: BenchFormat, seed: UInt64, rate: Int) {
    self.format = format
    self.rate = max(rate, 1)
    random = SeededRandom(seed: seed)
    buildNetwork()
  }

  // MARK: - The network

  enum Address {
    case v4(UInt32)
    case v6(Span)
    var isV6: Bool {
      if case .v6 = self { return true }
      return false
    }
  }

  private enum Tier { case web, app, database, nat }

  private struct Interface {
    var eni: String
    var tier: Tier
    var subnet: Int
    var ipv4: UInt32
    var ipv6: Span?
    var ipv6Text: String?
    var publicIPv4: String?
    var identity: Span
    var resources: Span
    var zone: Span
  }

  private static let account = "123456789012"
  private static let vpc = "vpc-0b5e7c1d2a3f40916"
  private static let v6Prefix = "2600:1f18:4a7:"

  private static func dotted(_ value: UInt32) -> String {
    "\(value >> 24).\(value >> 16 & 255).\(value >> 8 & 255).\(value & 255)"
  }

  private static func v4(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> UInt32 {
    a << 24 | b << 16 | c << 8 | d
  }

  /// Subnet `s` of a tier: public 10.0.0–2.0/24, app 10.0.10–12.0/24, database 10.0.20–22.0/24.
  private static func subnetBase(_ tier: Tier, _ subnet: Int) -> UInt32 {
    let third: UInt32
    switch tier {
    case .web, .nat: third = UInt32(subnet)
    case .app: third = 10 + UInt32(subnet)
    case .database: third = 20 + UInt32(subnet)
    }
    return v4(10, 0, third, 0)
  }

  private static func subnetId(_ tier: Tier, _ subnet: Int) -> String {
    switch tier {
    case .web, .nat: return "subnet-public\(subnet)"
    case .app: return "subnet-app\(subnet)"
    case .database: return "subnet-db\(subnet)"
    }
  }

  private mutating func addInterface(_ tier: Tier, number: Int, subnet: Int) -> Int {
    let eni = "eni-" + random.hex(17)
    let ipv4 = Self.subnetBase(tier, subnet) | UInt32(10 + number)
    var interface = Interface(
      eni: eni, tier: tier, subnet: subnet, ipv4: ipv4, ipv6: nil, ipv6Text: nil,
      publicIPv4: nil, identity: arena.add(Self.account + " " + eni),
      resources: arena.add(
        "\(Self.vpc) \(Self.subnetId(tier, subnet)) "
          + (tier == .nat ? "-" : "i-" + random.hex(17))),
      zone: arena.add("us-east-1 use1-az\(subnet + 1)"))
    if tier == .web {
      let text = Self.v6Prefix + "\(subnet)::a:\(String(number, radix: 16))"
      interface.ipv6 = arena.add(text)
      interface.ipv6Text = text
      interface.publicIPv4 = "54.230.0.\(10 + number)"
    }
    if tier == .nat { interface.publicIPv4 = "54.230.1.1" }
    interfaces.append(interface)
    return interfaces.count - 1
  }

  private mutating func buildNetwork() {
    for number in 0..<Self.webCount {
      web.append(addInterface(.web, number: number, subnet: number % 3))
    }
    for number in 0..<Self.appCount {
      app.append(addInterface(.app, number: number, subnet: number % 3))
    }
    for number in 0..<Self.databaseCount {
      database.append(addInterface(.database, number: number, subnet: number % 3))
    }
    nat = addInterface(.nat, number: 0, subnet: 0)
    natAddress = .v4(interfaces[nat].ipv4)
    while recurringV4.count < 20_000 { recurringV4.append(publicV4()) }
    while clientsV6.count < 8_000 {
      let prefix = ["2a02:8070", "2001:4860", "2600:387", "2409:8a28", "2a01:e0a"][random.below(5)]
      var text = prefix
      for _ in 0..<6 { text += ":" + String(random.below(0x10000), radix: 16) }
      clientsV6.append(arena.add(text))
    }
    while scannersV4.count < 64 { scannersV4.append(publicV4()) }
    while scannersV6.count < 8 {
      scannersV6.append(
        arena.add(
          "2a06:4880:" + String(random.within(1...0xFFFF), radix: 16) + "::"
            + String(random.within(1...0xFF), radix: 16)))
    }
  }

  /// An address on the internet (not private, loopback, link-local, multicast or documentation).
  private mutating func publicV4() -> UInt32 {
    while true {
      let first = random.within(1...223)
      if [10, 100, 127, 169, 172, 192, 198, 203].contains(first) { continue }
      return UInt32(first) << 24 | UInt32(random.below(1 << 24))
    }
  }

  // MARK: - The topology

  /// The network the traffic ran on, in flowcause's native topology format (docs/topology.md).
  func topologyJSON() -> String {
    func rule(_ number: Int, _ proto: String, _ ports: String?, _ cidr: String) -> String {
      "{\"rule\": \(number), \"action\": \"allow\", \"protocol\": \"\(proto)\""
        + (ports.map { ", \"ports\": \"\($0)\"" } ?? "") + ", \"cidr\": \"\(cidr)\"}"
    }
    func both(_ number: Int, _ proto: String, _ ports: String?) -> [String] {
      [rule(number, proto, ports, "0.0.0.0/0"), rule(number + 1, proto, ports, "::/0")]
    }
    let publicInbound =
      both(100, "tcp", "443") + both(110, "tcp", "80") + both(120, "tcp", "1024-65535")
      + [rule(130, "icmp", nil, "0.0.0.0/0"), rule(131, "icmpv6", nil, "::/0")]
      + [rule(140, "all", nil, "10.0.0.0/16")]
    let publicOutbound =
      both(100, "tcp", "1024-65535") + both(110, "tcp", "443") + both(120, "tcp", "80")
      + [rule(130, "icmp", nil, "0.0.0.0/0"), rule(131, "icmpv6", nil, "::/0")]
      + [rule(140, "all", nil, "10.0.0.0/16")]
    let appInbound = [
      rule(100, "tcp", "8080", "10.0.0.0/20"), rule(110, "tcp", "1024-65535", "0.0.0.0/0"),
      rule(120, "icmp", nil, "10.0.0.0/16"),
    ]
    let appOutbound = [
      rule(100, "tcp", "1024-65535", "10.0.0.0/20"), rule(110, "tcp", "443", "0.0.0.0/0"),
      rule(120, "tcp", "5432", "10.0.16.0/20"), rule(130, "icmp", nil, "10.0.0.0/16"),
    ]
    let databaseInbound = [rule(100, "tcp", "5432", "10.0.8.0/21")]
    let databaseOutbound = [rule(100, "tcp", "32768-60999", "10.0.8.0/21")]
    func acl(_ id: String, _ inbound: [String], _ outbound: [String]) -> String {
      "{\"id\": \"\(id)\", \"inbound\": [\(inbound.joined(separator: ", "))], "
        + "\"outbound\": [\(outbound.joined(separator: ", "))]}"
    }
    var subnets: [String] = []
    for subnet in 0..<3 {
      for (tier, table, network) in [
        (Tier.web, "rtb-public", "acl-public"), (.app, "rtb-private", "acl-app"),
        (.database, "rtb-private", "acl-db"),
      ] {
        let base = Self.subnetBase(tier, subnet)
        var cidrs = "\"\(Self.dotted(base))/24\""
        if tier == .web { cidrs += ", \"\(Self.v6Prefix)\(subnet)::/64\"" }
        subnets.append(
          "{\"id\": \"\(Self.subnetId(tier, subnet))\", \"cidrs\": [\(cidrs)], "
            + "\"availability-zone\": \"us-east-1\(["a", "b", "c"][subnet])\", "
            + "\"map-public-ip\": \(tier == .web), \"route-table\": \"\(table)\", "
            + "\"network-acl\": \"\(network)\"}")
      }
    }
    let groups = [
      "{\"id\": \"sg-web\", \"name\": \"web\", \"inbound\": ["
        + "{\"protocol\": \"tcp\", \"ports\": \"443\", \"from\": [\"0.0.0.0/0\", \"::/0\"]}, "
        + "{\"protocol\": \"tcp\", \"ports\": \"80\", \"from\": [\"0.0.0.0/0\", \"::/0\"]}, "
        + "{\"protocol\": \"icmp\", \"icmp-type\": 8, \"from\": \"0.0.0.0/0\"}, "
        + "{\"protocol\": \"icmpv6\", \"icmp-type\": 128, \"from\": \"::/0\"}], "
        + "\"outbound\": [{\"protocol\": \"all\", \"to\": [\"0.0.0.0/0\", \"::/0\"]}]}",
      "{\"id\": \"sg-app\", \"name\": \"app\", \"inbound\": ["
        + "{\"protocol\": \"tcp\", \"ports\": \"8080\", \"from\": \"sg-web\"}], "
        + "\"outbound\": [{\"protocol\": \"all\", \"to\": [\"0.0.0.0/0\", \"::/0\"]}]}",
      "{\"id\": \"sg-db\", \"name\": \"db\", \"inbound\": ["
        + "{\"protocol\": \"tcp\", \"ports\": \"5432\", \"from\": \"sg-app\"}], "
        + "\"outbound\": [{\"protocol\": \"all\", \"to\": [\"0.0.0.0/0\", \"::/0\"]}]}",
    ]
    let enis = interfaces.map { interface -> String in
      var text =
        "{\"id\": \"\(interface.eni)\", \"subnet\": \"\(Self.subnetId(interface.tier, interface.subnet))\", "
        + "\"private-ips\": [\"\(Self.dotted(interface.ipv4))\"]"
      if let v6 = interface.ipv6Text { text += ", \"ipv6\": [\"\(v6)\"]" }
      if let address = interface.publicIPv4 { text += ", \"public-ip\": \"\(address)\"" }
      switch interface.tier {
      case .nat:
        text +=
          ", \"security-groups\": [], \"type\": \"nat_gateway\", \"source-dest-check\": false, "
          + "\"requester-managed\": true"
      case .web: text += ", \"security-groups\": [\"sg-web\"]"
      case .app: text += ", \"security-groups\": [\"sg-app\"]"
      case .database: text += ", \"security-groups\": [\"sg-db\"]"
      }
      return text + "}"
    }
    let natInterface = interfaces[nat]
    func list(_ name: String, _ items: [String]) -> String {
      "  \"\(name)\": [\n    " + items.joined(separator: ",\n    ") + "\n  ]"
    }
    return "{\n  \"flowcause-topology\": 1,\n"
      + "  \"description\": \"flowcause-bench: the network of the generated busy day\",\n"
      + [
        list(
          "vpcs",
          ["{\"id\": \"\(Self.vpc)\", \"cidrs\": [\"10.0.0.0/16\", \"\(Self.v6Prefix):/56\"]}"]),
        list("subnets", subnets),
        list(
          "route-tables",
          [
            "{\"id\": \"rtb-public\", \"routes\": [{\"destination\": \"0.0.0.0/0\", \"target\": \"igw-web\"}, "
              + "{\"destination\": \"::/0\", \"target\": \"igw-web\"}]}",
            "{\"id\": \"rtb-private\", \"routes\": [{\"destination\": \"0.0.0.0/0\", \"target\": \"nat-web\"}]}",
          ]),
        list("internet-gateways", ["{\"id\": \"igw-web\"}"]),
        list(
          "nat-gateways",
          [
            "{\"id\": \"nat-web\", \"subnet\": \"subnet-public0\", \"private-ip\": \"\(Self.dotted(natInterface.ipv4))\", "
              + "\"public-ip\": \"54.230.1.1\", \"network-interface\": \"\(natInterface.eni)\"}"
          ]),
        list(
          "network-acls",
          [
            acl("acl-public", publicInbound, publicOutbound),
            acl("acl-app", appInbound, appOutbound),
            acl("acl-db", databaseInbound, databaseOutbound),
          ]),
        list("security-groups", groups),
        list("network-interfaces", enis),
      ].joined(separator: ",\n") + "\n}\n"
  }

  // MARK: - Records

  private struct FlowLine {
    var interface = 0
    var source = Address.v4(0)
    var destination = Address.v4(0)
    var sourcePort = 0
    var destinationPort = 0
    var proto = 6
    var packets = 1
    var bytes = 40
    var accept = true
    var tcpFlags = 0
    var ingress = true
    /// traffic-path for egress flows (1 in the VPC, 8 through an internet gateway); 0 writes `-`.
    var trafficPath = 0
    /// Seconds into the window the flow's record starts.
    var offset = 0

    /// The reply: the reversed 5-tuple, the other direction, on the same interface.
    func reply(accept: Bool = true, packets: Int, bytes: Int, tcpFlags: Int) -> FlowLine {
      var reply = self
      reply.source = destination
      reply.destination = source
      reply.sourcePort = destinationPort
      reply.destinationPort = sourcePort
      reply.accept = accept
      reply.packets = packets
      reply.bytes = bytes
      reply.tcpFlags = tcpFlags
      reply.ingress = !ingress
      reply.trafficPath = reply.ingress ? 0 : trafficPath
      return reply
    }
  }

  private struct Scheduled {
    var line: FlowLine
    var truth: Truth
  }

  private enum Truth { case none, securityGroup, networkACL, afterClose }

  /// Writes the header line (v5) and `records` records; returns what it wrote.
  mutating func generate(records: Int, seed: UInt64, into sink: inout ByteSink) throws(WriteError)
    -> ExpectedCounts
  {
    var counts = ExpectedCounts(format: format, seed: seed)
    counts.generator = Self.version
    counts.profile = "busy"
    counts.recordsPerSecond = rate
    counts.truthSecurityGroup = 0
    counts.truthNetworkACL = 0
    counts.truthAfterClose = 0
    let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(arena.bytes.count, 1))
    _ = storage.initialize(from: arena.bytes)
    bytes = UnsafeBufferPointer(storage)
    defer {
      bytes = UnsafeBufferPointer(start: nil, count: 0)
      storage.deallocate()
    }
    counts.headers = try sink.header(format)
    let perWindow = rate * 60
    var window = 0
    var context = Context(records: records)
    while counts.records < records {
      context.windowStart = Self.dayStart + window * 60
      context.limit = min(records, counts.records + perWindow)
      // First the flows that carry on from earlier windows, then new events.
      pinged.removeAll(keepingCapacity: true)
      let carried = later[window % later.count]
      later[window % later.count] = []
      for item in carried where counts.records < context.limit {
        try write(item.line, truth: item.truth, context: context, counts: &counts, &sink)
      }
      while counts.records < context.limit {
        try event(window: window, context: context, counts: &counts, &sink)
      }
      window += 1
    }
    counts.lines = counts.records + counts.headers
    counts.bytes = sink.total
    return counts
  }

  private struct Context {
    var records: Int
    var windowStart = 0
    var limit = 0
  }

  /// Writes `lines` now (as far as the window's budget goes: an event is never cut, the window
  /// just runs over by its few records, except at the file's end).
  private mutating func emit(
    _ lines: [(FlowLine, Truth)], context: Context, counts: inout ExpectedCounts,
    _ sink: inout ByteSink
  ) throws(WriteError) {
    for (line, truth) in lines where counts.records < context.records {
      try write(line, truth: truth, context: context, counts: &counts, &sink)
    }
  }

  private mutating func schedule(
    _ line: FlowLine, truth: Truth = .none, windowsAhead: Int, from window: Int
  ) {
    later[(window + windowsAhead) % later.count].append(Scheduled(line: line, truth: truth))
  }

  private mutating func clientAddress(ipv6: Bool) -> Address {
    if ipv6 { return .v6(clientsV6[random.below(clientsV6.count)]) }
    return .v4(random.below(10) < 3 ? recurringV4[random.below(recurringV4.count)] : publicV4())
  }

  /// A client's source port: mostly Linux's or Windows' ephemeral range, now and then a
  /// privileged port (some NAT boxes and old stacks).
  private mutating func clientPort() -> Int {
    let roll = random.below(1000)
    if roll < 3 {
      while true {
        let port = random.within(600...1023)
        if port != 80 && port != 443 { return port }
      }
    }
    return roll < 600 ? random.within(32768...60999) : random.within(49152...65535)
  }

  private mutating func tcpSizes(_ line: inout FlowLine) -> (packets: Int, bytes: Int) {
    line.packets = random.within(3...30) * random.within(1...8)
    line.bytes = line.packets * random.within(52...600)
    let packets = max(2, line.packets * random.within(60...150) / 100)
    return (packets, packets * random.within(52...1448))
  }

  /// One event of the traffic.
  private mutating func event(
    window: Int, context: Context, counts: inout ExpectedCounts, _ sink: inout ByteSink
  ) throws(WriteError) {
    let roll = random.below(1000)
    let offset = random.below(55)
    if roll < 420 {
      try visit(window: window, offset: offset, context: context, counts: &counts, &sink)
    } else if roll < 560 {
      try scan(offset: offset, context: context, counts: &counts, &sink)
    } else if roll < 660 {
      // Backscatter: a SYN-ACK or RST answering a packet someone sent with this address as
      // its source; nothing here asked for it.
      let ipv6 = random.below(10) == 0
      let server = web[random.below(web.count)]
      var line = FlowLine(interface: server, offset: offset)
      line.source = ipv6 ? .v6(clientsV6[random.below(clientsV6.count)]) : .v4(publicV4())
      line.destination = ownAddress(server, ipv6: ipv6)
      line.sourcePort = [80, 443, 443, 53, 22, 8080][random.below(6)]
      line.destinationPort = random.within(1...65535)
      if line.destinationPort == 80 || line.destinationPort == 443 {
        line.destinationPort = 8081  // the web security group lets these in
      }
      line.accept = false
      line.tcpFlags = random.below(3) == 0 ? 4 : 18
      line.bytes = 40
      try emit(
        [(line, publicInboundAllows(line.destinationPort) ? .securityGroup : .networkACL)],
        context: context, counts: &counts, &sink)
    } else if roll < 740 {
      try ping(offset: offset, context: context, counts: &counts, &sink)
    } else if roll < 900 {
      try natCall(window: window, offset: offset, context: context, counts: &counts, &sink)
    } else {
      // A web server's own call to an internet API (package mirrors, webhooks).
      let server = web[random.below(web.count)]
      let ipv6 = random.below(10) == 0
      var line = FlowLine(interface: server, offset: offset)
      line.source = ownAddress(server, ipv6: ipv6)
      line.destination = ipv6 ? .v6(clientsV6[random.below(clientsV6.count)]) : .v4(publicV4())
      line.sourcePort = random.within(32768...60999)
      line.destinationPort = 443
      line.ingress = false
      line.trafficPath = 8
      line.tcpFlags = 3
      let reply = tcpSizes(&line)
      try emit(
        [
          (line, .none),
          (line.reply(packets: reply.packets, bytes: reply.bytes, tcpFlags: 19), .none),
        ],
        context: context, counts: &counts, &sink)
    }
  }

  /// Whether the public subnets' network ACL lets in TCP to `port` from the internet.
  private func publicInboundAllows(_ port: Int) -> Bool {
    port == 80 || port == 443 || port >= 1024
  }

  private func ownAddress(_ interface: Int, ipv6: Bool) -> Address {
    if ipv6, let span = interfaces[interface].ipv6 { return .v6(span) }
    return .v4(interfaces[interface].ipv4)
  }

  /// A client's visit: the request and reply on a web server; often a request to an app server
  /// behind it and, behind that, a database query.
  private mutating func visit(
    window: Int, offset: Int, context: Context, counts: inout ExpectedCounts,
    _ sink: inout ByteSink
  ) throws(WriteError) {
    let ipv6 = random.below(100) < 15
    let server = web[random.below(web.count)]
    var request = FlowLine(interface: server, offset: offset)
    request.source = clientAddress(ipv6: ipv6)
    request.destination = ownAddress(server, ipv6: ipv6)
    request.sourcePort = clientPort()
    request.destinationPort = random.below(10) < 8 ? 443 : 80
    request.tcpFlags = 3
    var lines: [(FlowLine, Truth)] = []
    let sizes = tcpSizes(&request)
    // The reply leaves through the public ACL, which lets out 1024–65535, 80 and 443 only.
    let replyAllowed = publicInboundAllows(request.sourcePort)
    let reply = request.reply(
      accept: replyAllowed, packets: sizes.packets, bytes: sizes.bytes,
      tcpFlags: replyAllowed ? 19 : 18)
    lines.append((request, .none))
    lines.append((reply, replyAllowed ? .none : .networkACL))
    if replyAllowed && random.below(10) < 1 {
      // A long download: the same flow in the next windows.
      for ahead in 1...random.within(1...4) {
        var more = request
        more.offset = random.below(10)
        let next = tcpSizes(&more)
        schedule(more, windowsAhead: ahead, from: window)
        schedule(
          more.reply(packets: next.packets, bytes: next.bytes, tcpFlags: 16), windowsAhead: ahead,
          from: window)
      }
    }
    if replyAllowed && random.below(10) < 6 {
      let appServer = app[random.below(app.count)]
      lines += internalCall(
        from: server, to: appServer, port: 8080, clientPort: random.within(32768...60999),
        offset: offset)
      if random.below(10) < 5 {
        let databaseServer = database[random.below(database.count)]
        // Containers on the app tier use the whole 1024–65535 range; the database subnets'
        // ACL lets out only Linux's 32768–60999.
        let port = random.below(10) < 8 ? random.within(32768...60999) : random.within(1024...65535)
        lines += internalCall(
          from: appServer, to: databaseServer, port: 5432, clientPort: port, offset: offset)
      }
    }
    try emit(lines, context: context, counts: &counts, &sink)
  }

  /// A TCP request from one interface to another's service, as both log it: the request and the
  /// reply on each; the database subnets' ACL cuts the replies to ports outside 32768–60999.
  private mutating func internalCall(
    from client: Int, to server: Int, port: Int, clientPort: Int, offset: Int
  ) -> [(FlowLine, Truth)] {
    var out = FlowLine(interface: client, offset: offset)
    out.source = .v4(interfaces[client].ipv4)
    out.destination = .v4(interfaces[server].ipv4)
    out.sourcePort = clientPort
    out.destinationPort = port
    out.ingress = false
    out.trafficPath = 1
    out.tcpFlags = 3
    let sizes = tcpSizes(&out)
    var into = out
    into.interface = server
    into.ingress = true
    into.trafficPath = 0
    let cut = interfaces[server].tier == .database && !(32768...60999).contains(clientPort)
    if cut {
      // The SYN gets in and is retried; every SYN-ACK is dropped at the subnet boundary.
      out.packets = random.within(2...6)
      out.bytes = out.packets * 60
      out.tcpFlags = 2
      into.packets = out.packets
      into.bytes = out.bytes
      into.tcpFlags = 2
      return [
        (out, .none), (into, .none),
        (
          into.reply(accept: false, packets: out.packets, bytes: out.packets * 60, tcpFlags: 18),
          .networkACL
        ),
      ]
    }
    return [
      (out, .none), (out.reply(packets: sizes.packets, bytes: sizes.bytes, tcpFlags: 19), .none),
      (into, .none), (into.reply(packets: sizes.packets, bytes: sizes.bytes, tcpFlags: 19), .none),
    ]
  }

  /// A scanner probes a web server: one record a port.
  private mutating func scan(
    offset: Int, context: Context, counts: inout ExpectedCounts, _ sink: inout ByteSink
  ) throws(WriteError) {
    let ipv6 = random.below(10) == 0
    let server = web[random.below(web.count)]
    let scanner: Address =
      ipv6
      ? .v6(scannersV6[random.below(scannersV6.count)])
      : .v4(scannersV4[random.below(scannersV4.count)])
    let sourcePort = random.within(1024...65535)
    let common = [
      21, 22, 23, 25, 110, 135, 139, 445, 1433, 1521, 3306, 3389, 5432, 5900, 6379, 8080, 8443,
      9200,
    ]
    var lines: [(FlowLine, Truth)] = []
    let probes = random.within(1...24)
    var first = random.within(1...65535 - probes)
    // A sweep takes each common port once (AWS aggregates a window's packets of one 5-tuple
    // into one record).
    var sweep = common
    for probe in 0..<min(probes, sweep.count) {
      sweep.swapAt(probe, probe + random.below(sweep.count - probe))
    }
    for probe in 0..<probes {
      var line = FlowLine(interface: server, offset: min(offset + probe / 4, 59))
      line.source = scanner
      line.destination = ownAddress(server, ipv6: ipv6)
      line.sourcePort = sourcePort
      // A sweep of common ports, or a run of consecutive ones.
      if probes < 8 {
        line.destinationPort = sweep[probe]
      } else {
        line.destinationPort = first
        first += 1
      }
      if line.destinationPort == 80 || line.destinationPort == 443 {
        line.destinationPort = 8081  // the web tier would answer these
      }
      line.accept = false
      line.tcpFlags = 2
      line.bytes = 40 + 4 * random.below(2)
      lines.append((line, publicInboundAllows(line.destinationPort) ? .securityGroup : .networkACL))
    }
    try emit(lines, context: context, counts: &counts, &sink)
  }

  /// Pings: internet → web (answered), web → internet, and an app server's monitoring ping to a
  /// database server (which the database subnets' ACL drops).
  private mutating func ping(
    offset: Int, context: Context, counts: inout ExpectedCounts, _ sink: inout ByteSink
  ) throws(WriteError) {
    let kind = random.below(10)
    let ipv6 = kind < 5 && random.below(5) == 0
    var line = FlowLine(offset: offset)
    line.proto = ipv6 ? 58 : 1
    line.packets = random.within(1...5)
    line.bytes = line.packets * (ipv6 ? 104 : 84)
    if kind < 5 {
      let server = web[random.below(web.count)]
      line.interface = server
      line.source = clientAddress(ipv6: ipv6)
      line.destination = ownAddress(server, ipv6: ipv6)
    } else if kind < 8 {
      let server = web[random.below(web.count)]
      line.interface = server
      line.source = .v4(interfaces[server].ipv4)
      line.destination = .v4(publicV4())
      line.ingress = false
      line.trafficPath = 8
    } else {
      let from = app[random.below(app.count)]
      let to = database[random.below(database.count)]
      line.interface = from
      line.source = .v4(interfaces[from].ipv4)
      line.destination = .v4(interfaces[to].ipv4)
      line.ingress = false
      line.trafficPath = 1
      var into = line
      into.interface = to
      into.ingress = true
      into.trafficPath = 0
      into.accept = false
      guard firstPing(line), firstPing(into) else { return }
      try emit([(line, .none), (into, .networkACL)], context: context, counts: &counts, &sink)
      return
    }
    guard firstPing(line) else { return }
    try emit(
      [(line, .none), (line.reply(packets: line.packets, bytes: line.bytes, tcpFlags: 0), .none)],
      context: context, counts: &counts, &sink)
  }

  /// Whether `line` is the first ping of its interface and addresses this window (and notes it).
  private mutating func firstPing(_ line: FlowLine) -> Bool {
    func number(_ address: Address) -> UInt64 {
      switch address {
      case .v4(let value): UInt64(value)
      case .v6(let span): 1 << 40 | UInt64(UInt32(bitPattern: span.offset))
      }
    }
    return pinged.insert(
      PingKey(
        interface: line.interface, source: number(line.source),
        destination: number(line.destination))
    ).inserted
  }

  /// An app server calls an internet API through the NAT gateway: two records on the app
  /// server, four on the NAT gateway (the private leg and the translated one); now and then the
  /// API's late RST arrives after the connection closed, and the app security group drops it.
  private mutating func natCall(
    window: Int, offset: Int, context: Context, counts: inout ExpectedCounts,
    _ sink: inout ByteSink
  ) throws(WriteError) {
    let server = app[random.below(app.count)]
    let api = Address.v4(random.below(4) == 0 ? recurringV4[random.below(64)] : publicV4())
    var out = FlowLine(interface: server, offset: offset)
    out.source = .v4(interfaces[server].ipv4)
    out.destination = api
    out.sourcePort = random.within(32768...60999)
    out.destinationPort = 443
    out.ingress = false
    out.trafficPath = 1
    out.tcpFlags = 3
    let sizes = tcpSizes(&out)
    var atNAT = out
    atNAT.interface = nat
    atNAT.ingress = true
    atNAT.trafficPath = 0
    var translated = out
    translated.interface = nat
    translated.source = natAddress
    translated.sourcePort = random.within(1024...65535)
    translated.trafficPath = 8
    let lines: [(FlowLine, Truth)] = [
      (out, .none), (out.reply(packets: sizes.packets, bytes: sizes.bytes, tcpFlags: 19), .none),
      (atNAT, .none), (translated, .none),
      (translated.reply(packets: sizes.packets, bytes: sizes.bytes, tcpFlags: 19), .none),
      (atNAT.reply(packets: sizes.packets, bytes: sizes.bytes, tcpFlags: 19), .none),
    ]
    try emit(lines, context: context, counts: &counts, &sink)
    if random.below(100) < 2 {
      // The connection closed; minutes later the API's RST arrives: a packet after the
      // connection closed, which the flow log's REJECT covers (VPC User Guide, "Flow log
      // records", action).
      var late = out.reply(accept: false, packets: 1, bytes: 40, tcpFlags: 4)
      late.offset = random.below(50)
      schedule(late, truth: .afterClose, windowsAhead: random.within(2...6), from: window)
    }
  }

  // MARK: - Bytes

  private func address(_ address: Address, _ sink: inout ByteSink) {
    switch address {
    case .v4(let value):
      sink.decimal(Int(value >> 24))
      sink.byte(0x2E)
      sink.decimal(Int(value >> 16 & 255))
      sink.byte(0x2E)
      sink.decimal(Int(value >> 8 & 255))
      sink.byte(0x2E)
      sink.decimal(Int(value & 255))
    case .v6(let span): sink.copy(span, from: bytes)
    }
  }

  private func write(
    _ line: FlowLine, truth: Truth, context: Context, counts: inout ExpectedCounts,
    _ sink: inout ByteSink
  ) throws(WriteError) {
    let interface = interfaces[line.interface]
    let start = context.windowStart + line.offset
    try sink.startLine()
    sink.copy(format == .v2 ? "2 " : "5 ")
    sink.copy(interface.identity, from: bytes)
    sink.space()
    address(line.source, &sink)
    sink.space()
    address(line.destination, &sink)
    sink.space()
    sink.decimal(line.proto == 6 || line.proto == 17 ? line.sourcePort : 0)
    sink.space()
    sink.decimal(line.proto == 6 || line.proto == 17 ? line.destinationPort : 0)
    sink.space()
    sink.decimal(line.proto)
    sink.space()
    sink.decimal(line.packets)
    sink.space()
    sink.decimal(line.bytes)
    sink.space()
    sink.decimal(start)
    sink.space()
    sink.decimal(context.windowStart + 60 + (line.offset & 3))
    sink.copy(line.accept ? " ACCEPT OK" : " REJECT OK")
    if format == .v5 {
      sink.space()
      sink.copy(interface.resources, from: bytes)
      sink.space()
      sink.decimal(line.tcpFlags)
      sink.copy(line.source.isV6 ? " IPv6 " : " IPv4 ")
      address(line.source, &sink)
      sink.space()
      address(line.destination, &sink)
      sink.space()
      sink.copy(interface.zone, from: bytes)
      sink.copy(" - - - -")
      sink.copy(line.ingress ? " ingress " : " egress ")
      if line.trafficPath > 0 {
        sink.decimal(line.trafficPath)
      } else {
        sink.byte(0x2D)
      }
    }
    sink.byte(0x0A)
    counts.records += 1
    if line.accept { counts.accept += 1 } else { counts.reject += 1 }
    if line.source.isV6 { counts.ipv6 += 1 }
    switch truth {
    case .none: break
    case .securityGroup: counts.truthSecurityGroup = (counts.truthSecurityGroup ?? 0) + 1
    case .networkACL: counts.truthNetworkACL = (counts.truthNetworkACL ?? 0) + 1
    case .afterClose: counts.truthAfterClose = (counts.truthAfterClose ?? 0) + 1
    }
  }
}
