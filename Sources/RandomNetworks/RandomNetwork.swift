import Analysis
import FlowLogs
import NetworkPrimitives
import Topology

/// Seeded random VPCs and traffic, for round trips: the simulator writes the records a network
/// would log and knows why each REJECT was rejected; the diagnoser must name the same cause.
///
/// `RoundTripPropertyTests` and other tests use it (`flowcause-bench accuracy` and
/// `DifferentialTests` use the more realistic ``NetworkSample``). The same seed always gives
/// the same network and traffic (SplitMix64; no system randomness), so a seed is a complete
/// bug report.
///
/// What a network holds:
/// - vpc-1 10.0.0.0/16, and half the time 2600:1f18:47:ab00::/56; igw-1 attached; sometimes
///   eigw-1 (IPv6 VPCs only).
/// - 2–4 subnets, subnet-*i* 10.0.*i*.0/24, some with 2600:1f18:47:ab0*i*::/64.
/// - Route tables by kind: public (0.0.0.0/0 and usually ::/0 to igw-1), private (local only),
///   natted (0.0.0.0/0 to nat-1, which sits in a public subnet; ::/0 to eigw-1 when there is
///   one). rtb-main serves the subnets without an explicit association.
/// - acl-default allows everything (AWS's default ACL); some subnets have their own ACL with
///   random allow/deny entries (TCP/UDP port ranges, ephemeral ranges, ICMP, all protocols,
///   IPv4 and IPv6 CIDRs, unique rule numbers) and the implicit `*` entries.
/// - 2–4 security groups whose rules name CIDRs, the prefix lists pl-1 (IPv4) and pl-2 (IPv6),
///   or groups.
/// - 2–6 ENIs eni-*k* (10.0.*s*.(10+*k*)), some with a public IPv4 (203.0.113.(10+*k*)) and an
///   IPv6 address, each with one or two groups.
/// - 5–20 conversations between ENIs, and between ENIs and internet hosts (198.51.100.0/24,
///   192.0.2.0/24, 2001:db8:1::/48, 2001:db8:2::/48) in both directions: TCP, UDP or ICMP,
///   service ports 22, 80, 443, 5432, 8080 and 53, source ports from 32768–60999, starts spread
///   over five minutes; most end with a close, some TCP ones with a late FIN after the close.
public enum RandomNetwork {
  /// The first window of the traffic (Unix seconds, on a minute boundary).
  public static let epoch: Int64 = 1_795_350_000

  /// The network and traffic of `seed`.
  public static func make(seed: UInt64) -> (Topology, Traffic) {
    var generator = NetworkGenerator(seed: seed)
    let topology = generator.topology()
    let traffic = generator.traffic(in: topology)
    return (topology, traffic)
  }

  /// The observations the diagnoser reads for `records`, line *n* for `records[n - 1]`.
  /// `logsOnly` drops what the default version 2 format lacks (`tcp-flags`, `flow-direction`).
  public static func observations(_ records: [SimulatedRecord], logsOnly: Bool)
    -> [FlowObservation]
  {
    records.enumerated().compactMap { index, record in
      guard let flow = record.flow else { return nil }
      return FlowObservation(
        file: 0, line: index + 1, interfaceId: record.interfaceId, source: flow.source,
        destination: flow.destination, sourcePort: flow.sourcePort,
        destinationPort: flow.destinationPort, protocolNumber: flow.protocolNumber,
        packets: flow.packets, start: record.start, end: record.end,
        action: flow.accepted ? .accept : .reject, tcpFlags: logsOnly ? nil : flow.tcpFlags,
        flowDirection: logsOnly ? nil : flow.direction)
    }
  }

  /// Simulates `traffic` on `topology` and diagnoses every REJECT three times: with the
  /// topology and every field the simulator writes; from the logs alone in the default format;
  /// and with the topology but the default format.
  public static func roundTrip(topology: Topology, traffic: Traffic) throws(Simulator.Failure)
    -> RoundTrip
  {
    let records = try Simulator(topology: topology).simulate(traffic)
    let full = observations(records, logsOnly: false)
    let v2 = observations(records, logsOnly: true)
    let diagnoser = Diagnoser(topology: topology)
    func byLine(_ diagnoses: [Diagnosis]) -> [Int: Diagnosis] {
      Dictionary(
        diagnoses.map { ($0.observation.line, $0) }, uniquingKeysWith: { first, _ in first })
    }
    let logsOnly = byLine(Diagnoser(topology: nil).diagnose(v2))
    let withTopologyV2 = byLine(diagnoser.diagnose(v2))
    var cases: [RoundTripCase] = []
    for diagnosis in diagnoser.diagnose(full) {
      let line = diagnosis.observation.line
      let record = records[line - 1]
      guard let truth = record.truth, let other = logsOnly[line], let v2 = withTopologyV2[line]
      else { continue }
      cases.append(
        RoundTripCase(
          line: line, record: record, truth: truth, withTopology: diagnosis, logsOnly: other,
          withTopologyV2: v2))
    }
    return RoundTrip(records: records, cases: cases)
  }
}

/// The records of a round trip, and the REJECTs among them with their diagnoses.
public struct RoundTrip: Sendable {
  public var records: [SimulatedRecord]
  public var cases: [RoundTripCase]
}

/// One simulated REJECT: what the simulator knows, and what the diagnoser said.
public struct RoundTripCase: Sendable {
  /// 1-based position of the record among all records.
  public var line: Int
  public var record: SimulatedRecord
  public var truth: SimulatedRecord.Truth
  /// With the topology and the fields `tcp-flags` and `flow-direction`.
  public var withTopology: Diagnosis
  /// Without a topology, in the default version 2 format.
  public var logsOnly: Diagnosis
  /// With the topology, in the default version 2 format (no `tcp-flags`, no `flow-direction`).
  public var withTopologyV2: Diagnosis
}

// MARK: - The generator

/// Draws a network, then traffic on it, from one SplitMix64 stream.
private struct NetworkGenerator {
  var random: SplitMixRandom

  /// What a subnet's route table does with internet traffic.
  enum Kind {
    case `public`, `private`, natted
  }

  static let vpcIPv4 = cidr("10.0.0.0/16")
  static let vpcIPv6 = cidr("2600:1f18:47:ab00::/56")
  static let servicePorts: [UInt16] = [22, 80, 443, 5432, 8080, 53]
  static let internetIPv4 = ["198.51.100.7", "198.51.100.20", "198.51.100.200", "192.0.2.10"]
  static let internetIPv6 = ["2001:db8:1::7", "2001:db8:1::20", "2001:db8:2::99"]

  var dualStack = false
  var subnetCount = 0
  var subnetHasIPv6: [Bool] = []

  init(seed: UInt64) {
    random = SplitMixRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ 0x0123_4567_89AB_CDEF)
  }

  // MARK: Draws

  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(random.next() % UInt64(range.count))
  }

  mutating func chance(_ probability: Double) -> Bool {
    Double(random.next() >> 11) / Double(UInt64(1) << 53) < probability
  }

  mutating func pick<Element>(_ items: [Element]) -> Element {
    items[int(0...(items.count - 1))]
  }

  static func cidr(_ text: String) -> CIDR {
    guard let value = CIDR(text) else { preconditionFailure("bad CIDR \(text)") }
    return value
  }

  static func ip(_ text: String) -> IPAddress {
    guard let value = IPAddress(text) else { preconditionFailure("bad address \(text)") }
    return value
  }

  func subnetIPv4(_ index: Int) -> CIDR { Self.cidr("10.0.\(index).0/24") }
  func subnetIPv6(_ index: Int) -> CIDR { Self.cidr("2600:1f18:47:ab0\(index)::/64") }

  // MARK: Topology

  mutating func topology() -> Topology {
    var topology = Topology()
    dualStack = chance(0.5)
    topology.vpcs["vpc-1"] = VPC(
      id: "vpc-1", cidrs: [Self.vpcIPv4] + (dualStack ? [Self.vpcIPv6] : []))
    subnetCount = int(2...4)
    for index in 1...subnetCount {
      let hasIPv6 = dualStack && chance(0.7)
      subnetHasIPv6.append(hasIPv6)
      topology.subnets["subnet-\(index)"] = Subnet(
        id: "subnet-\(index)", vpcId: "vpc-1",
        cidrs: [subnetIPv4(index)] + (hasIPv6 ? [subnetIPv6(index)] : []),
        availabilityZone: "us-east-1a")
    }
    topology.internetGateways["igw-1"] = InternetGateway(id: "igw-1", attachedVpcIds: ["vpc-1"])
    let hasEgressOnly = dualStack && chance(0.5)
    if hasEgressOnly {
      topology.egressOnlyInternetGateways["eigw-1"] = EgressOnlyInternetGateway(
        id: "eigw-1", attachedVpcIds: ["vpc-1"])
    }
    routeTables(&topology, egressOnly: hasEgressOnly)
    networkACLs(&topology)
    prefixLists(&topology)
    securityGroups(&topology)
    networkInterfaces(&topology)
    return topology
  }

  mutating func routeTables(_ topology: inout Topology, egressOnly: Bool) {
    let mainKind: Kind = chance(0.8) ? .private : .public
    var kinds: [Kind] = []
    var associated: [Bool] = []
    for _ in 1...subnetCount {
      if chance(0.3) {
        kinds.append(mainKind)
        associated.append(false)
      } else {
        let draw = int(0...99)
        kinds.append(draw < 45 ? .public : draw < 70 ? .private : .natted)
        associated.append(true)
      }
    }
    // A NAT gateway lives in a public subnet; without one, natted subnets are private.
    let natSubnet = kinds.firstIndex(of: .public).map { $0 + 1 }
    if natSubnet == nil {
      kinds = kinds.map { $0 == .natted ? .private : $0 }
    }
    if let natSubnet, kinds.contains(.natted) {
      topology.natGateways["nat-1"] = NatGateway(
        id: "nat-1", vpcId: "vpc-1", subnetId: "subnet-\(natSubnet)",
        privateIPs: [Self.ip("10.0.\(natSubnet).5")], publicIPs: [Self.ip("203.0.113.5")])
    }
    var local = [
      Route(destination: .cidr(Self.vpcIPv4), target: .local, origin: "CreateRouteTable")
    ]
    if dualStack {
      local.append(
        Route(destination: .cidr(Self.vpcIPv6), target: .local, origin: "CreateRouteTable"))
    }
    func routes(_ kind: Kind, generator: inout NetworkGenerator) -> [Route] {
      var result = local
      switch kind {
      case .public:
        result.append(
          Route(
            destination: .cidr(CIDR.anyIPv4), target: .internetGateway("igw-1"),
            origin: "CreateRoute"))
        if generator.dualStack && generator.chance(0.85) {
          result.append(
            Route(
              destination: .cidr(CIDR.anyIPv6), target: .internetGateway("igw-1"),
              origin: "CreateRoute"))
        }
      case .natted:
        result.append(
          Route(
            destination: .cidr(CIDR.anyIPv4), target: .natGateway("nat-1"), origin: "CreateRoute"
          ))
        if egressOnly {
          result.append(
            Route(
              destination: .cidr(CIDR.anyIPv6), target: .egressOnlyInternetGateway("eigw-1"),
              origin: "CreateRoute"))
        }
      case .private:
        break
      }
      return result
    }
    topology.routeTables["rtb-main"] = RouteTable(
      id: "rtb-main", vpcId: "vpc-1", routes: routes(mainKind, generator: &self), isMain: true)
    for (kind, name) in [(Kind.public, "public"), (.private, "private"), (.natted, "natted")] {
      let subnets = (1...subnetCount).filter { associated[$0 - 1] && kinds[$0 - 1] == kind }
      guard !subnets.isEmpty else { continue }
      topology.routeTables["rtb-\(name)"] = RouteTable(
        id: "rtb-\(name)", vpcId: "vpc-1", routes: routes(kind, generator: &self),
        subnetIds: subnets.map { "subnet-\($0)" })
    }
  }

  mutating func networkACLs(_ topology: inout Topology) {
    var defaultSubnets: [String] = []
    for index in 1...subnetCount {
      guard chance(0.6) else {
        defaultSubnets.append("subnet-\(index)")
        continue
      }
      let entries = aclEntries(egress: false) + aclEntries(egress: true)
      topology.networkACLs["acl-\(index)"] = NetworkACL(
        id: "acl-\(index)", vpcId: "vpc-1", isDefault: false,
        entries: Self.withImplicitDenies(entries), subnetIds: ["subnet-\(index)"])
    }
    // AWS's default ACL: rule 100 allows all IPv4, 101 all IPv6 (in an IPv6 VPC), both ways.
    var allowAll: [NetworkACLEntry] = []
    for egress in [false, true] {
      allowAll.append(
        NetworkACLEntry(
          ruleNumber: 100, egress: egress, action: .allow, protocolMatch: .all,
          cidr: CIDR.anyIPv4))
      if dualStack {
        allowAll.append(
          NetworkACLEntry(
            ruleNumber: 101, egress: egress, action: .allow, protocolMatch: .all,
            cidr: CIDR.anyIPv6))
      }
    }
    topology.networkACLs["acl-default"] = NetworkACL(
      id: "acl-default", vpcId: "vpc-1", isDefault: true,
      entries: Self.withImplicitDenies(allowAll), subnetIds: defaultSubnets)
  }

  /// `entries` plus the implicit `*` denies, inbound first, each direction by rule number.
  static func withImplicitDenies(_ entries: [NetworkACLEntry]) -> [NetworkACLEntry] {
    var all = entries
    for egress in [false, true] {
      all.append(
        NetworkACLEntry(
          ruleNumber: 32767, egress: egress, action: .deny, protocolMatch: .all,
          cidr: CIDR.anyIPv4, isImplicit: true))
      all.append(
        NetworkACLEntry(
          ruleNumber: 32768, egress: egress, action: .deny, protocolMatch: .all,
          cidr: CIDR.anyIPv6, isImplicit: true))
    }
    return [false, true].flatMap { egress in
      all.filter { $0.egress == egress }.sorted { $0.ruleNumber < $1.ruleNumber }
    }
  }

  /// Random entries of one direction with unique rule numbers; often a final allow-all.
  mutating func aclEntries(egress: Bool) -> [NetworkACLEntry] {
    var numbers: Set<Int> = []
    let count = int(1...6)
    while numbers.count < count {
      numbers.insert(chance(0.6) ? int(1...40) * 10 : int(1...399))
    }
    var entries: [NetworkACLEntry] = []
    for number in numbers.sorted() {
      entries.append(aclEntry(number, egress: egress))
    }
    if chance(0.6) {
      let number = int(50...300) * 10
      entries.append(
        NetworkACLEntry(
          ruleNumber: number, egress: egress, action: .allow, protocolMatch: .all,
          cidr: CIDR.anyIPv4))
      if dualStack {
        entries.append(
          NetworkACLEntry(
            ruleNumber: number + 1, egress: egress, action: .allow, protocolMatch: .all,
            cidr: CIDR.anyIPv6))
      }
    }
    return entries
  }

  mutating func aclEntry(_ number: Int, egress: Bool) -> NetworkACLEntry {
    let ipv6 = dualStack && chance(0.3)
    let action: NetworkACLEntry.Action = chance(0.65) ? .allow : .deny
    let cidr = ipv6 ? ipv6Peer() : ipv4Peer()
    let draw = int(0...99)
    if draw < 50 {
      // AWS requires a port range for TCP and UDP entries.
      return NetworkACLEntry(
        ruleNumber: number, egress: egress, action: action,
        protocolMatch: draw < 35 ? .tcp : .udp, cidr: cidr, ports: portRange())
    }
    if draw < 65 {
      let type: Int? = pick(ipv6 ? [nil, nil, 128, 129] : [nil, nil, 8, 0, 3])
      return NetworkACLEntry(
        ruleNumber: number, egress: egress, action: action,
        protocolMatch: ipv6 ? .icmpv6 : .icmp, cidr: cidr, icmpType: type)
    }
    return NetworkACLEntry(
      ruleNumber: number, egress: egress, action: action, protocolMatch: .all, cidr: cidr)
  }

  mutating func portRange() -> PortRange {
    switch int(0...7) {
    case 0, 1:
      let port = pick(Self.servicePorts)
      return PortRange(from: port, to: port)
    case 2: return PortRange(from: 0, to: 1023)
    case 3: return PortRange(from: 1024, to: 65535)
    case 4: return PortRange(from: 32768, to: 60999)
    case 5: return PortRange(from: 49152, to: 65535)
    case 6: return PortRange.all
    default:
      let from = UInt16(int(0...60000))
      return PortRange(from: from, to: from + UInt16(int(0...5000)))
    }
  }

  mutating func ipv4Peer() -> CIDR {
    switch int(0...9) {
    case 0...3: return CIDR.anyIPv4
    case 4: return Self.vpcIPv4
    case 5: return subnetIPv4(int(1...subnetCount))
    case 6: return Self.cidr("198.51.100.0/24")
    case 7: return Self.cidr("192.0.2.0/24")
    case 8: return Self.cidr("198.51.100.0/25")
    default: return Self.cidr("10.0.0.0/8")
    }
  }

  mutating func ipv6Peer() -> CIDR {
    switch int(0...5) {
    case 0...2: return CIDR.anyIPv6
    case 3: return Self.vpcIPv6
    case 4:
      let withIPv6 = (1...subnetCount).filter { subnetHasIPv6[$0 - 1] }
      return withIPv6.isEmpty ? Self.vpcIPv6 : subnetIPv6(pick(withIPv6))
    default: return Self.cidr("2001:db8:1::/48")
    }
  }

  mutating func prefixLists(_ topology: inout Topology) {
    // A managed prefix list holds one address family.
    var cidrs: [CIDR] = []
    for text in ["198.51.100.0/25", "192.0.2.0/24", "198.51.100.128/25"] where chance(0.6) {
      cidrs.append(Self.cidr(text))
    }
    if cidrs.isEmpty { cidrs = [Self.cidr("198.51.100.0/24")] }
    topology.prefixLists["pl-1"] = PrefixList(id: "pl-1", name: "partners", cidrs: cidrs)
    if dualStack {
      topology.prefixLists["pl-2"] = PrefixList(
        id: "pl-2", name: "partners-ipv6", cidrs: [Self.cidr("2001:db8:1::/48")])
    }
  }

  mutating func securityGroups(_ topology: inout Topology) {
    let count = int(2...4)
    for index in 1...count {
      var inbound: [SecurityGroupRule] = []
      // One group in ten has no inbound rule (SG_HAS_NO_RULES).
      for _ in 0..<(chance(0.1) ? 0 : int(1...5)) {
        inbound.append(securityGroupRule(groups: count))
      }
      var outbound: [SecurityGroupRule] = []
      if chance(0.85) {
        outbound.append(SecurityGroupRule(protocolMatch: .all, peer: .cidr(CIDR.anyIPv4)))
        if dualStack && chance(0.7) {
          outbound.append(SecurityGroupRule(protocolMatch: .all, peer: .cidr(CIDR.anyIPv6)))
        }
      } else {
        for _ in 0..<int(0...3) { outbound.append(securityGroupRule(groups: count)) }
      }
      topology.securityGroups["sg-\(index)"] = SecurityGroup(
        id: "sg-\(index)", vpcId: "vpc-1", name: "group-\(index)", inbound: inbound,
        outbound: outbound)
    }
  }

  mutating func securityGroupRule(groups: Int) -> SecurityGroupRule {
    let peer: SecurityGroupRule.Peer
    var ipv6 = false
    switch int(0...9) {
    case 0...4:
      ipv6 = dualStack && chance(0.3)
      peer = .cidr(ipv6 ? ipv6Peer() : ipv4Peer())
    case 5, 6:
      ipv6 = dualStack && chance(0.3)
      peer = .prefixList(ipv6 ? "pl-2" : "pl-1")
    default:
      peer = .securityGroup("sg-\(int(1...groups))")
    }
    switch int(0...99) {
    case 0..<45:
      return SecurityGroupRule(
        protocolMatch: .tcp, ports: chance(0.6) ? single(pick(Self.servicePorts)) : portRange(),
        peer: peer)
    case 45..<60:
      return SecurityGroupRule(
        protocolMatch: .udp, ports: chance(0.6) ? single(53) : portRange(), peer: peer)
    case 60..<75:
      let type: Int? = pick(ipv6 ? [nil, 128] : [nil, 8])
      return SecurityGroupRule(
        protocolMatch: ipv6 ? .icmpv6 : .icmp, icmpType: type, peer: peer)
    default:
      return SecurityGroupRule(protocolMatch: .all, peer: peer)
    }
  }

  func single(_ port: UInt16) -> PortRange { PortRange(from: port, to: port) }

  mutating func networkInterfaces(_ topology: inout Topology) {
    let groups = topology.securityGroups.keys.sorted()
    for index in 1...int(2...6) {
      let subnet = int(1...subnetCount)
      let ipv6: [IPAddress] =
        subnetHasIPv6[subnet - 1] && chance(0.7)
        ? [Self.ip("2600:1f18:47:ab0\(subnet)::\(10 + index)")] : []
      let privateIP = Self.ip("10.0.\(subnet).\(10 + index)")
      let publicIPs =
        chance(0.5)
        ? [PublicAddress(publicIP: Self.ip("203.0.113.\(10 + index)"), privateIP: privateIP)] : []
      var groupIds = [pick(groups)]
      if chance(0.4) {
        let second = pick(groups)
        if second != groupIds[0] { groupIds.append(second) }
      }
      topology.networkInterfaces["eni-\(index)"] = NetworkInterface(
        id: "eni-\(index)", subnetId: "subnet-\(subnet)", vpcId: "vpc-1",
        privateIPv4s: [privateIP], ipv6s: ipv6, publicIPv4s: publicIPs, securityGroupIds: groupIds,
        instanceId: "i-\(index)")
      topology.instances["i-\(index)"] = Instance(
        id: "i-\(index)", networkInterfaceIds: ["eni-\(index)"])
    }
  }

  // MARK: Traffic

  mutating func traffic(in topology: Topology) -> Traffic {
    let interfaces = topology.networkInterfaces.values.sorted { $0.id < $1.id }
    let count = int(5...20)
    var conversations: [Conversation] = []
    // Two conversations with the same ends would be one flow to AWS (one record per window).
    var ends: Set<String> = []
    var attempts = 0
    while conversations.count < count && attempts < 200 {
      attempts += 1
      guard let conversation = conversation(interfaces, topology: topology) else { continue }
      let key = Self.key(conversation, topology: topology)
      guard !ends.contains(key) else { continue }
      ends.insert(key)
      conversations.append(conversation)
    }
    return Traffic(conversations: conversations)
  }

  /// The conversation's two ends as an ENI sees them (public addresses as private ones),
  /// in either order.
  static func key(_ conversation: Conversation, topology: Topology) -> String {
    func seen(_ text: String) -> String {
      guard let address = IPAddress(text),
        let eni = topology.networkInterface(owning: address),
        let mapping = eni.publicIPv4s.first(where: { $0.publicIP == address })
      else { return text }
      return mapping.privateIP.description
    }
    let hasPorts = conversation.protocolNumber == 6 || conversation.protocolNumber == 17
    let from = "\(seen(conversation.from)):\(hasPorts ? conversation.sourcePort ?? 0 : 0)"
    let to = "\(seen(conversation.to)):\(hasPorts ? conversation.port ?? 0 : 0)"
    return "\(conversation.protocolNumber) \(min(from, to)) \(max(from, to))"
  }

  /// Whether a security group rule's peer names `address` (a group: its members' private
  /// addresses).
  static func peer(_ peer: SecurityGroupRule.Peer, matches address: IPAddress, topology: Topology)
    -> Bool
  {
    switch peer {
    case .cidr(let cidr): return cidr.contains(address)
    case .prefixList(let id):
      return topology.prefixLists[id]?.cidrs.contains { $0.contains(address) } ?? false
    case .securityGroup(let id):
      return topology.addresses(ofGroupMembers: id).contains(address)
    }
  }

  mutating func conversation(_ interfaces: [NetworkInterface], topology: Topology)
    -> Conversation?
  {
    let wantIPv6 = dualStack && chance(0.35)
    let from: String
    let to: String
    var server: NetworkInterface? = nil
    switch int(0...9) {
    case 0...3:
      let client = pick(interfaces)
      let receiver = pick(interfaces)
      server = receiver
      guard client.id != receiver.id else { return nil }
      if wantIPv6 {
        guard let source = client.ipv6s.first, let destination = receiver.ipv6s.first else {
          return nil
        }
        (from, to) = (source.description, destination.description)
      } else {
        guard let source = client.primaryIPv4, let destination = receiver.primaryIPv4 else {
          return nil
        }
        (from, to) = (source.description, destination.description)
      }
    case 4...6:
      let client = pick(interfaces)
      if wantIPv6 {
        guard let source = client.ipv6s.first else { return nil }
        (from, to) = (source.description, pick(Self.internetIPv6))
      } else {
        guard let source = client.primaryIPv4 else { return nil }
        (from, to) = (source.description, pick(Self.internetIPv4))
      }
    default:
      let receiver = pick(interfaces)
      server = receiver
      if wantIPv6 {
        guard let destination = receiver.ipv6s.first else { return nil }
        (from, to) = (pick(Self.internetIPv6), destination.description)
      } else {
        guard let destination = receiver.publicIPv4s.first?.publicIP else { return nil }
        (from, to) = (pick(Self.internetIPv4), destination.description)
      }
    }
    let draw = int(0...99)
    let protocolNumber: UInt8 = draw < 60 ? 6 : draw < 85 ? 17 : (wantIPv6 ? 58 : 1)
    var port: UInt16? = nil
    var sourcePort: UInt16? = nil
    if protocolNumber == 6 {
      port = pick([22, 80, 443, 5432, 8080])
    } else if protocolNumber == 17 {
      port = chance(0.7) ? 53 : pick(Self.servicePorts)
    }
    // Clients mostly call ports the server's groups open to them.
    if port != nil, let server, let client = IPAddress(from), chance(0.7) {
      let rules = server.securityGroupIds.compactMap { topology.securityGroups[$0] }
        .flatMap(\.inbound).filter { rule in
          rule.protocolMatch.matches(protocolNumber)
            && Self.peer(rule.peer, matches: client, topology: topology)
        }
      let open = Self.servicePorts.filter { candidate in
        rules.contains { $0.ports.map { $0.contains(candidate) } ?? true }
      }
      if !open.isEmpty { port = pick(open) }
    }
    if port != nil { sourcePort = UInt16(int(32768...60999)) }
    let ending: Conversation.Ending
    let endingDraw = int(0...99)
    if protocolNumber == 6 {
      // A late FIN or a reset exists only in TCP.
      ending =
        endingDraw < 75 ? .close : endingDraw < 90 ? .latePacket : endingDraw < 95 ? .reset : .open
    } else if protocolNumber == 17 {
      // A UDP reply after the tracking timeout is judged by the client's groups as new traffic.
      ending = endingDraw < 75 ? .close : endingDraw < 90 ? .replyAfterTimeout : .open
    } else {
      ending = endingDraw < 90 ? .close : .open
    }
    let requestPackets = Int64(int(1...20))
    let responsePackets = Int64(int(1...20))
    return Conversation(
      from: from, to: to, protocolNumber: protocolNumber, port: port, sourcePort: sourcePort,
      requestPackets: requestPackets, requestBytes: requestPackets * Int64(int(40...1500)),
      responsePackets: responsePackets, responseBytes: responsePackets * Int64(int(40...1500)),
      start: RandomNetwork.epoch + Int64(int(0...300)), duration: pick([1, 5, 20, 45, 90, 150]),
      ending: ending)
  }
}
