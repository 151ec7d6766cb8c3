/// Writes a realistic, seeded VPC flow log: the same seed, record count and format give the same
/// bytes on every run.
///
/// The traffic: 400 network interfaces in six VPCs and six accounts (some account ids start with
/// zeros). Most events are a request and its reply on one interface (the reply has the reversed
/// 5-tuple): clients on ephemeral ports 32768–60999, services on 22/80/443/3306/5432 TCP, DNS on
/// 53 UDP, ICMP echo. About 28% of records are REJECT (internet scans of an interface, and
/// replies a network ACL drops), about 3% are NODATA or SKIPDATA rows whose flow fields are `-`,
/// about 5% are IPv6. Start and end times advance through one day in 60-second windows, or at a
/// fixed number of records a window (`recordsPerWindow`), so that twice the records cover twice
/// the time at the same rate.
///
/// The traffic agrees with a topology the generator also writes (``topologyJSON()``, the native
/// format): every interface has a public IPv4 and a security group that lets in its service from
/// anywhere and nothing else, so an internet scan of another port is rejected by the security
/// group; the sixth subnet of each VPC has a network ACL whose outbound rules allow TCP 0–9999,
/// DNS and ICMP only, so the replies of its interfaces' services to clients' ephemeral ports are
/// rejected by that network ACL (rule `*`). ``ExpectedCounts`` keeps how many REJECTs each
/// control caused (the truth a diagnosis is checked against).
///
/// Everything textual (ids, addresses, names) is rendered once into an arena; the hot loop only
/// copies bytes and renders integers into a ``ByteSink``.
struct FlowLogGenerator {
  /// The output's version: bump it whenever the bytes for a seed change, so that data files
  /// kept by `parse` are not reused across versions.
  static let version = 3
  /// 2024-06-01T00:00:00Z, the first window's start.
  static let dayStart = 1_717_200_000
  static let windowsPerDay = 1440
  static let interfaceCount = 400

  let format: BenchFormat
  /// Records a 60-second window holds; `nil` spreads the records over one day.
  var recordsPerWindow: Int? = nil
  private var random: SeededRandom
  private var arena = ByteArena()
  private var interfaces: [Interface] = []
  private var internetV4: [Peer] = []
  private var internetV6: [Peer] = []
  private var resolverV4 = Peer()
  private var resolverV6 = Peer()
  private var dash = Span(offset: 0, length: 0)
  private var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

  init(format: BenchFormat, seed: UInt64) {
    self.format = format
    random = SeededRandom(seed: seed)
    buildTopology()
  }

  // MARK: - The network

  /// A network interface, with its fixed text rendered.
  private struct Interface {
    /// `ACCOUNT eni-…`, the account-id and interface-id fields.
    var identity = Span(offset: 0, length: 0)
    var ipv4 = Peer()
    var ipv6 = Peer()
    /// `vpc-… subnet-… i-…` (or `-` for an interface without an instance).
    var resources = Span(offset: 0, length: 0)
    /// `us-east-1 use1-azN`, the region and az-id fields.
    var zone = Span(offset: 0, length: 0)
    /// What the interface serves to its clients.
    var service = Service.https
    /// Whether its subnet's network ACL drops replies to ephemeral ports.
    var strict = false
  }

  /// What ``topologyJSON()`` writes: the ids and addresses behind the rendered text.
  private struct TopologyInterface {
    var eni: String
    var vpc: Int
    var subnet: Int
    var ipv4: String
    var ipv6: String
    var publicIPv4: String
    var service: Service
    var instance: String?
  }
  private var vpcIds: [String] = []
  private var vpcIPv6Prefixes: [String] = []
  private var subnetIds: [[String]] = []
  private var topologyInterfaces: [TopologyInterface] = []

  /// The other end of a flow.
  private struct Peer {
    var address = Span(offset: 0, length: 0)
    /// The pkt-*-aws-service value for the address, or `-`.
    var awsService = Span(offset: 0, length: 0)
    var internet = false
    /// The VPC whose CIDR holds the address (-1: none), which decides its traffic-path.
    var vpc = -1
  }

  private struct Service {
    var port: Int
    var proto: Int

    static let ssh = Service(port: 22, proto: 6)
    static let http = Service(port: 80, proto: 6)
    static let https = Service(port: 443, proto: 6)
    static let mysql = Service(port: 3306, proto: 6)
    static let postgres = Service(port: 5432, proto: 6)
    static let dns = Service(port: 53, proto: 17)
    static let telnet = Service(port: 23, proto: 6)
    static let smb = Service(port: 445, proto: 6)
    static let rdp = Service(port: 3389, proto: 6)
    static let echo = Service(port: 0, proto: 1)
  }

  /// What internet hosts probe.
  private static let probes: [Service] = [
    .ssh, .ssh, .telnet, .http, .https, .mysql, .rdp, .postgres, .smb, .dns, .echo,
  ]
  private static let accounts = [
    "123456789012", "012345678901", "000412345678", "555566667777", "098765432100",
    "301234567890",
  ]
  private static let awsServices = ["AMAZON", "S3", "EC2", "DYNAMODB", "CLOUDFRONT", "ROUTE53"]

  private mutating func buildTopology() {
    dash = arena.add("-")
    resolverV4 = Peer(address: arena.add("10.0.0.2"), awsService: dash, internet: false, vpc: 0)
    resolverV6 = Peer(address: arena.add("fd00:ec2::253"), awsService: dash, internet: false)
    let vpcCount = 6
    var vpcs: [String] = []
    var vpcIPv6: [String] = []
    for _ in 0..<vpcCount {
      vpcs.append("vpc-" + random.hex(17))
      vpcIPv6.append("2600:1f18:" + String(random.within(0x100...0xFFF), radix: 16))
    }
    var subnets: [[String]] = []
    for _ in 0..<vpcCount {
      subnets.append((0..<6).map { _ in "subnet-" + random.hex(17) })
    }
    vpcIds = vpcs
    vpcIPv6Prefixes = vpcIPv6
    subnetIds = subnets
    let serverServices: [Service] =
      Array(repeating: .https, count: 30) + Array(repeating: .http, count: 20)
      + Array(repeating: .ssh, count: 10) + Array(repeating: .mysql, count: 15)
      + Array(repeating: .postgres, count: 15) + Array(repeating: .dns, count: 10)
    for _ in 0..<Self.interfaceCount {
      let vpc = random.below(vpcCount)
      let subnet = random.below(6)
      let account = Self.accounts[vpc]
      let instance = random.below(100) < 85 ? "i-" + random.hex(17) : "-"
      var interface = Interface()
      let eni = "eni-" + random.hex(17)
      interface.identity = arena.add(account + " " + eni)
      // Distinct addresses: the interface's position in its subnet's /20 (400 < 4096).
      let host = topologyInterfaces.count + 4
      let ipv4 = "10.\(vpc).\(subnet * 16 + host / 256).\(host % 256)"
      interface.ipv4 = Peer(
        address: arena.add(ipv4), awsService: dash, internet: false, vpc: vpc)
      let ipv6Text = ipv6(prefix: vpcIPv6[vpc] + ":\(subnet + 1)")
      interface.ipv6 = Peer(
        address: arena.add(ipv6Text), awsService: dash, internet: false, vpc: vpc)
      interface.resources = arena.add("\(vpcs[vpc]) \(subnets[vpc][subnet]) \(instance)")
      interface.zone = arena.add("us-east-1 use1-az\(subnet % 3 + 1)")
      interface.service = serverServices[random.below(serverServices.count)]
      interface.strict = subnet == 5
      interfaces.append(interface)
      let index = topologyInterfaces.count
      topologyInterfaces.append(
        TopologyInterface(
          eni: eni, vpc: vpc, subnet: subnet, ipv4: ipv4, ipv6: ipv6Text,
          publicIPv4: "54.\(80 + index / 65536).\(index / 256 % 256).\(index % 256)",
          service: interface.service, instance: instance == "-" ? nil : instance))
    }
    let reserved: Set<Int> = [0, 10, 100, 127, 169, 172, 192, 198]
    while internetV4.count < 4096 {
      let first = random.within(1...223)
      if reserved.contains(first) { continue }
      let text = "\(first).\(random.below(256)).\(random.below(256)).\(random.within(1...254))"
      let service =
        internetV4.count < 256
        ? arena.add(Self.awsServices[random.below(Self.awsServices.count)]) : dash
      internetV4.append(Peer(address: arena.add(text), awsService: service, internet: true))
    }
    while internetV6.count < 1024 {
      let prefix = ["2a05:d018", "2001:67c", "2604:a880", "2406:da18"][random.below(4)]
      let text = ipv6(
        prefix: prefix + ":" + String(random.within(1...0xFFFF), radix: 16) + ":"
          + String(random.below(0x10000), radix: 16))
      internetV6.append(Peer(address: arena.add(text), awsService: dash, internet: true))
    }
  }

  /// An IPv6 address under a 4-group (/64) prefix, sometimes written with `::`.
  private mutating func ipv6(prefix: String) -> String {
    if random.below(4) == 0 {
      return prefix + "::" + String(random.within(1...0xFFFF), radix: 16)
    }
    var text = prefix
    for _ in 0..<4 { text += ":" + String(random.below(0x10000), radix: 16) }
    return text
  }

  // MARK: - The topology

  /// The network the traffic ran on, in flowcause's native topology format (docs/topology.md).
  func topologyJSON() -> String {
    func quoted(_ items: [String]) -> String { items.map { "\"\($0)\"" }.joined(separator: ", ") }
    func protocolName(_ number: Int) -> String {
      number == 6 ? "tcp" : number == 17 ? "udp" : "icmp"
    }
    func sgId(_ vpc: Int, _ service: Service) -> String {
      "sg-\(vpc)\(protocolName(service.proto))\(service.port)"
    }
    var vpcs: [String] = []
    var subnets: [String] = []
    var tables: [String] = []
    var gateways: [String] = []
    var acls: [String] = []
    var groups: [String] = []
    let services: [Service] = [.https, .http, .ssh, .mysql, .postgres, .dns]
    for vpc in vpcIds.indices {
      let v6 = vpcIPv6Prefixes[vpc]
      vpcs.append("{\"id\": \"\(vpcIds[vpc])\", \"cidrs\": [\"10.\(vpc).0.0/16\", \"\(v6)::/56\"]}")
      for subnet in 0..<6 {
        subnets.append(
          "{\"id\": \"\(subnetIds[vpc][subnet])\", \"vpc\": \"\(vpcIds[vpc])\", "
            + "\"cidrs\": [\"10.\(vpc).\(subnet * 16).0/20\", \"\(v6):\(subnet + 1)::/64\"], "
            + "\"availability-zone\": \"us-east-1\(["a", "b", "c"][subnet % 3])\", "
            + "\"map-public-ip\": true, \"route-table\": \"rtb-\(vpc)\", "
            + "\"network-acl\": \"\(subnet == 5 ? "acl-strict-\(vpc)" : "acl-default-\(vpc)")\"}")
      }
      tables.append(
        "{\"id\": \"rtb-\(vpc)\", \"vpc\": \"\(vpcIds[vpc])\", \"main\": true, \"routes\": ["
          + "{\"destination\": \"0.0.0.0/0\", \"target\": \"igw-\(vpc)\"}, "
          + "{\"destination\": \"::/0\", \"target\": \"igw-\(vpc)\"}]}")
      gateways.append("{\"id\": \"igw-\(vpc)\", \"vpc\": \"\(vpcIds[vpc])\"}")
      let everything =
        "{\"rule\": 100, \"action\": \"allow\", \"protocol\": \"all\", \"cidr\": \"0.0.0.0/0\"}, "
        + "{\"rule\": 101, \"action\": \"allow\", \"protocol\": \"all\", \"cidr\": \"::/0\"}"
      acls.append(
        "{\"id\": \"acl-default-\(vpc)\", \"vpc\": \"\(vpcIds[vpc])\", \"default\": true, "
          + "\"inbound\": [\(everything)], \"outbound\": [\(everything)]}")
      var strictOut: [String] = []
      for (offset, cidr) in ["0.0.0.0/0", "::/0"].enumerated() {
        strictOut.append(
          "{\"rule\": \(100 + offset), \"action\": \"allow\", \"protocol\": \"tcp\", "
            + "\"ports\": \"0-9999\", \"cidr\": \"\(cidr)\"}")
        strictOut.append(
          "{\"rule\": \(110 + offset), \"action\": \"allow\", \"protocol\": \"udp\", "
            + "\"ports\": \"53\", \"cidr\": \"\(cidr)\"}")
      }
      strictOut.append(
        "{\"rule\": 120, \"action\": \"allow\", \"protocol\": \"icmp\", \"cidr\": \"0.0.0.0/0\"}")
      strictOut.append(
        "{\"rule\": 121, \"action\": \"allow\", \"protocol\": \"icmpv6\", \"cidr\": \"::/0\"}")
      acls.append(
        "{\"id\": \"acl-strict-\(vpc)\", \"vpc\": \"\(vpcIds[vpc])\", "
          + "\"inbound\": [\(everything)], \"outbound\": [\(strictOut.joined(separator: ", "))]}")
      for service in services {
        groups.append(
          "{\"id\": \"\(sgId(vpc, service))\", \"vpc\": \"\(vpcIds[vpc])\", "
            + "\"name\": \"\(protocolName(service.proto))-\(service.port)\", "
            + "\"inbound\": [{\"protocol\": \"\(protocolName(service.proto))\", "
            + "\"ports\": \"\(service.port)\", \"from\": [\"0.0.0.0/0\", \"::/0\"]}], "
            + "\"outbound\": [{\"protocol\": \"all\", \"to\": [\"0.0.0.0/0\", \"::/0\"]}]}")
      }
    }
    let enis = topologyInterfaces.map { interface in
      var text =
        "{\"id\": \"\(interface.eni)\", \"subnet\": \"\(subnetIds[interface.vpc][interface.subnet])\", "
        + "\"private-ips\": [\"\(interface.ipv4)\"], \"ipv6\": [\"\(interface.ipv6)\"], "
        + "\"public-ip\": \"\(interface.publicIPv4)\", "
        + "\"security-groups\": [\"\(sgId(interface.vpc, interface.service))\"]"
      if let instance = interface.instance { text += ", \"instance\": \"\(instance)\"" }
      return text + "}"
    }
    return Self.nativeDocument(
      description: "flowcause-bench: the network of the generated flow log",
      [
        ("vpcs", vpcs), ("subnets", subnets), ("route-tables", tables),
        ("internet-gateways", gateways), ("network-acls", acls), ("security-groups", groups),
        ("network-interfaces", enis),
      ])
  }

  /// A native topology document of `sections` (a key and its objects, each already JSON).
  static func nativeDocument(description: String, _ sections: [(String, [String])]) -> String {
    let lists = sections.map { name, items in
      "  \"\(name)\": [\n    " + items.joined(separator: ",\n    ") + "\n  ]"
    }
    return "{\n  \"flowcause-topology\": 1,\n  \"description\": \"\(description)\",\n"
      + lists.joined(separator: ",\n") + "\n}\n"
  }

  // MARK: - Records

  /// One record to write.
  private struct FlowLine {
    var source = Peer()
    var destination = Peer()
    var sourcePort = 0
    var destinationPort = 0
    var proto = 6
    var packets = 1
    var bytes = 40
    var start = 0
    var end = 0
    var accept = true
    var tcpFlags = 0
    var ipv6 = false
    /// Whether the flow enters the interface (flow-direction).
    var ingress = true
    /// traffic-path for egress flows; 0 writes `-`.
    var trafficPath = 0

    /// traffic-path of an egress flow from `own` to `peer`, as the topology routes it: 1 within
    /// the VPC (its local route), else 8 (the internet gateway: `0.0.0.0/0` and `::/0`).
    static func path(from own: Peer, to peer: Peer) -> Int {
      peer.vpc >= 0 && peer.vpc == own.vpc ? 1 : 8
    }

    /// The reply: the reversed 5-tuple, the other direction.
    func reply(accept: Bool, packets: Int, bytes: Int, tcpFlags: Int) -> FlowLine {
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
      let peer = ingress ? source : destination
      let own = ingress ? destination : source
      reply.trafficPath = reply.ingress ? 0 : FlowLine.path(from: own, to: peer)
      return reply
    }
  }

  /// Writes the header line (v5) and `records` records to `sink`; returns what it wrote.
  mutating func generate(records: Int, seed: UInt64, into sink: inout ByteSink) throws(WriteError)
    -> ExpectedCounts
  {
    var counts = ExpectedCounts(format: format, seed: seed)
    let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(arena.bytes.count, 1))
    _ = storage.initialize(from: arena.bytes)
    bytes = UnsafeBufferPointer(storage)
    defer {
      bytes = UnsafeBufferPointer(start: nil, count: 0)
      storage.deallocate()
    }
    counts.headers = try sink.header(format)
    while counts.records < records {
      try event(records: records, counts: &counts, sink: &sink)
    }
    counts.lines = counts.records + counts.headers
    counts.bytes = sink.total
    return counts
  }

  /// One event: a request and its reply, a lone rejected probe, or a NODATA/SKIPDATA row.
  private mutating func event(records: Int, counts: inout ExpectedCounts, sink: inout ByteSink)
    throws(WriteError)
  {
    // Interfaces are not equally busy: the low indices see most traffic.
    let interface = interfaces[min(random.below(interfaces.count), random.below(interfaces.count))]
    let window =
      recordsPerWindow.map { counts.records / max($0, 1) }
      ?? counts.records * Self.windowsPerDay / records
    let windowStart = Self.dayStart + window * 60
    let roll = random.below(1000)
    if roll < 30 {
      let noData = roll < 25
      try writeNoData(interface, noData: noData, start: windowStart, end: windowStart + 60, &sink)
      counts.records += 1
      if noData { counts.nodata += 1 } else { counts.skipdata += 1 }
      return
    }
    let ipv6 = random.below(100) < 5
    var line = FlowLine()
    line.ipv6 = ipv6
    line.start = windowStart + random.below(50)
    line.end = windowStart + 60 + random.below(5)
    let own = ipv6 ? interface.ipv6 : interface.ipv4
    let kind = random.below(100)
    let pair = counts.records + 1 < records
    if kind < 40 || !pair {
      // An internet host probes the interface; the security group drops it: one REJECT.
      var service = Self.probes[random.below(Self.probes.count)]
      if service.port == interface.service.port && service.proto == interface.service.proto {
        service = .telnet  // the group lets the interface's own service in
      }
      line.source = internetPeer(ipv6: ipv6)
      line.destination = own
      setPorts(&line, service: service, ipv6: ipv6)
      line.packets = random.within(1...3)
      line.bytes =
        line.packets * (service.proto == 6 ? 40 + 4 * random.below(2) + 16 * random.below(2) : 60)
      line.accept = false
      line.tcpFlags = service.proto == 6 ? 2 : 0
      line.ingress = true
      try write(line, interface, counts: &counts, &sink)
      counts.truthSecurityGroup = (counts.truthSecurityGroup ?? 0) + 1
      return
    }
    if interface.strict && kind < 70 {
      // The security group lets a request in; the network ACL drops the reply to the client's
      // ephemeral port.
      let service = interface.service
      line.source = internetPeer(ipv6: ipv6)
      line.destination = own
      setPorts(&line, service: service, ipv6: ipv6)
      line.packets = random.within(1...4)
      line.bytes = line.packets * 60
      line.accept = true
      line.tcpFlags = service.proto == 6 ? 2 : 0
      line.ingress = true
      let reply = line.reply(
        accept: false, packets: line.packets, bytes: line.packets * 60,
        tcpFlags: service.proto == 6 ? 18 : 0)
      try write(line, interface, counts: &counts, &sink)
      try write(reply, interface, counts: &counts, &sink)
      counts.truthNetworkACL = (counts.truthNetworkACL ?? 0) + 1
      return
    }
    // An accepted request and its reply.
    let service: Service
    // An interface behind the strict network ACL only starts flows (its replies would be lost).
    if !interface.strict && random.below(100) < 60 {
      service = interface.service
      line.source = random.below(2) == 0 ? internalPeer(ipv6: ipv6) : internetPeer(ipv6: ipv6)
      line.destination = own
      line.ingress = true
    } else {
      line.source = own
      line.ingress = false
      let target = random.below(100)
      if target < 35 {
        service = .https
        line.destination = internetPeer(ipv6: ipv6)
      } else if target < 45 {
        service = .http
        line.destination = internetPeer(ipv6: ipv6)
      } else if target < 70 {
        service = .dns
        line.destination = ipv6 ? resolverV6 : resolverV4
      } else if target < 90 {
        service = random.below(2) == 0 ? .mysql : .postgres
        line.destination = internalPeer(ipv6: ipv6)
      } else {
        service = .echo
        line.destination = internalPeer(ipv6: ipv6)
      }
      line.trafficPath = FlowLine.path(from: own, to: line.destination)
    }
    setPorts(&line, service: service, ipv6: ipv6)
    line.accept = true
    let replyPackets: Int
    let replyBytes: Int
    switch service.proto {
    case 17:
      line.packets = random.within(1...2)
      line.bytes = line.packets * random.within(60...110)
      replyPackets = line.packets
      replyBytes = replyPackets * random.within(80...300)
    case 1, 58:
      line.packets = random.within(1...10)
      line.bytes = line.packets * (ipv6 ? 104 : 84)
      replyPackets = line.packets
      replyBytes = line.bytes
    default:
      line.packets = random.within(3...40) * random.within(1...20)
      line.bytes = line.packets * random.within(52...700)
      replyPackets = max(2, line.packets * random.within(50...150) / 100)
      replyBytes = replyPackets * random.within(52...1448)
      line.tcpFlags = 3
    }
    let reply = line.reply(
      accept: true, packets: replyPackets, bytes: replyBytes,
      tcpFlags: service.proto == 6 ? 19 : 0)
    try write(line, interface, counts: &counts, &sink)
    try write(reply, interface, counts: &counts, &sink)
  }

  /// Client on an ephemeral port, server on the service's port; ICMP has port 0 both ways.
  private mutating func setPorts(_ line: inout FlowLine, service: Service, ipv6: Bool) {
    if service.proto == 1 {
      line.proto = ipv6 ? 58 : 1
      line.sourcePort = 0
      line.destinationPort = 0
    } else {
      line.proto = service.proto
      line.sourcePort = random.within(32768...60999)
      line.destinationPort = service.port
    }
  }

  private mutating func internetPeer(ipv6: Bool) -> Peer {
    ipv6 ? internetV6[random.below(internetV6.count)] : internetV4[random.below(internetV4.count)]
  }

  private mutating func internalPeer(ipv6: Bool) -> Peer {
    let other = interfaces[random.below(interfaces.count)]
    return ipv6 ? other.ipv6 : other.ipv4
  }

  // MARK: - Bytes

  private func write(
    _ line: FlowLine, _ interface: Interface, counts: inout ExpectedCounts, _ sink: inout ByteSink
  ) throws(WriteError) {
    try sink.startLine()
    sink.copy(format == .v2 ? "2 " : "5 ")
    sink.copy(interface.identity, from: bytes)
    sink.space()
    sink.copy(line.source.address, from: bytes)
    sink.space()
    sink.copy(line.destination.address, from: bytes)
    sink.space()
    sink.decimal(line.sourcePort)
    sink.space()
    sink.decimal(line.destinationPort)
    sink.space()
    sink.decimal(line.proto)
    sink.space()
    sink.decimal(line.packets)
    sink.space()
    sink.decimal(line.bytes)
    sink.space()
    sink.decimal(line.start)
    sink.space()
    sink.decimal(line.end)
    sink.copy(line.accept ? " ACCEPT OK" : " REJECT OK")
    if format == .v5 {
      sink.space()
      sink.copy(interface.resources, from: bytes)
      sink.space()
      sink.decimal(line.tcpFlags)
      sink.copy(line.ipv6 ? " IPv6 " : " IPv4 ")
      sink.copy(line.source.address, from: bytes)
      sink.space()
      sink.copy(line.destination.address, from: bytes)
      sink.space()
      sink.copy(interface.zone, from: bytes)
      sink.copy(" - - ")
      sink.copy(line.source.awsService, from: bytes)
      sink.space()
      sink.copy(line.destination.awsService, from: bytes)
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
    if line.ipv6 { counts.ipv6 += 1 }
  }

  /// A NODATA (no traffic in the window) or SKIPDATA (records lost) row: flow fields are `-`.
  private func writeNoData(
    _ interface: Interface, noData: Bool, start: Int, end: Int, _ sink: inout ByteSink
  ) throws(WriteError) {
    try sink.startLine()
    sink.copy(format == .v2 ? "2 " : "5 ")
    sink.copy(interface.identity, from: bytes)
    sink.copy(" - - - - - - - ")
    sink.decimal(start)
    sink.space()
    sink.decimal(end)
    sink.copy(noData ? " - NODATA" : " - SKIPDATA")
    if format == .v5 {
      sink.space()
      sink.copy(interface.resources, from: bytes)
      sink.copy(" - - - - ")
      sink.copy(interface.zone, from: bytes)
      sink.copy(" - - - - - -")
    }
    sink.byte(0x0A)
  }
}
