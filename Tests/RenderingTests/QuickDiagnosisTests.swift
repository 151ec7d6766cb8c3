import Analysis
import FlowLogs
import Messages
import NetworkPrimitives
import RandomNetworks
import Rendering
import Testing
import Topology

/// `diagnose --output jsonl` writes the commonest REJECT (a request from outside denied at the
/// ENI, ``QuickDiagnosis``) from a template made once per key; every other diagnosis is built
/// and written by the general writer. For every REJECT of simulated networks and of scans at
/// every ENI, both give the same bytes, with one template cache shared by all the records of a
/// network, so that templates made for one record are filled for many others.
@Suite("Diagnoses written from templates match the general writer")
struct QuickDiagnosisTests {
  struct Tally {
    var compared = 0
    /// REJECTs of the quick shape, and those written from a template made for an earlier one.
    var quick = 0
    var reused = 0
    /// Quick replies, and those of untracked flows.
    var replies = 0
    var untracked = 0
  }

  static let files = ["flows.log", "a \"quoted\" name"]

  /// Streams `observations` (in time order) through a diagnoser and writes every REJECT both
  /// ways.
  static func compare(
    _ observations: [FlowObservation], topology: Topology, cache: DiagnosisLineWriter.TemplateCache,
    tally: inout Tally, _ label: String, language: Language = .en
  ) {
    var writer = DiagnosisLineWriter(files: files)
    writer.language = language
    var streaming = StreamingDiagnoser(diagnoser: Diagnoser(topology: topology))
    var pending: [StreamingDiagnoser.Pending] = []
    for observation in observations { streaming.add(observation, pending: { pending.append($0) }) }
    streaming.finishPending { pending.append($0) }
    for item in pending {
      var general = ByteBuffer()
      writer.append(item.decide(), to: &general)
      if let quick = item.decideQuickly() {
        tally.quick += 1
        if quick.shape == .reply { tally.replies += 1 }
        if quick.isUntrackedReply { tally.untracked += 1 }
        if cache.template(quick.key) != nil { tally.reused += 1 }
      }
      var written = ByteBuffer()
      writer.append(item, cache: cache, to: &written)
      #expect(
        String(decoding: written.array, as: UTF8.self)
          == String(decoding: general.array, as: UTF8.self), "\(label) line \(item.record.line)")
      tally.compared += 1
    }
  }

  /// REJECTed flows into every ENI from a few outside peers and one unseen one each: TCP, UDP
  /// and ICMP, IPv4 and IPv6, random ports, some with a SYN flag or a flow direction, one a
  /// second, line numbers counting from `firstLine`.
  static func scans(_ topology: Topology, seed: UInt64, firstLine: Int) -> [FlowObservation] {
    var random = SplitMixRandom(seed: seed)
    let peers4: [IPAddress] = [.v4(0xC633_6407), .v4(0xC000_0263), .v4(0x0808_0808)]
    let peers6: [IPAddress] = [
      .v6(UInt128(0x2001_0db8_0001) << 80 | 5), .v6(UInt128(0x2001_0db8_0002) << 80 | 9),
    ]
    var records: [FlowObservation] = []
    for interface in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id }) {
      for address in interface.privateIPv4s + interface.ipv6s {
        // The ENI's own traffic, accepted: a log of all traffic shows it, and without any the
        // logs could not show the request a reply answers (so both readings stay open).
        records.append(
          FlowObservation(
            file: 0, line: firstLine + records.count, interfaceId: interface.id, source: address,
            destination: address.isIPv6 ? peers6[0] : peers4[0], sourcePort: 40_000,
            destinationPort: 443, protocolNumber: 6, packets: 1, start: RandomNetwork.epoch,
            end: RandomNetwork.epoch + 1, action: .accept))
        for _ in 0..<40 {
          let unseen: IPAddress =
            address.isIPv6
            ? .v6(UInt128(0x2001_0db8) << 96 | UInt128(random.next() & 0xFFFF_FFFF))
            : .v4(UInt32(0x0B00_0000 + random.next() % 0xD000_0000))
          let known = address.isIPv6 ? peers6 : peers4
          let peer =
            random.next() % 4 == 0 ? unseen : known[Int(random.next() % UInt64(known.count))]
          let protocols: [UInt8] = address.isIPv6 ? [6, 17, 58] : [6, 17, 1]
          let proto = protocols[Int(random.next() % 3)]
          let hasPorts = proto == 6 || proto == 17
          let line = firstLine + records.count
          records.append(
            FlowObservation(
              file: Int(random.next() % 2), line: line, interfaceId: interface.id, source: peer,
              destination: address,
              sourcePort: hasPorts ? UInt16(1024 + random.next() % 64_000) : 0,
              destinationPort: hasPorts ? UInt16(1 + random.next() % 9_000) : 0,
              protocolNumber: proto, packets: 1, start: RandomNetwork.epoch + Int64(line),
              end: RandomNetwork.epoch + Int64(line) + 5, action: .reject,
              tcpFlags: proto == 6 && random.next() % 3 == 0 ? 2 : nil,
              flowDirection: random.next() % 4 == 0 ? .ingress : nil))
        }
      }
    }
    return records
  }

  @Test("Simulated networks and scans at every ENI: the same bytes both ways")
  func simulated() throws {
    var tally = Tally()
    for seed in 0..<50 {
      let (topology, traffic) = RandomNetwork.make(seed: UInt64(seed) &* 7_919 &+ 11)
      let records = try Simulator(topology: topology).simulate(traffic)
      let cache = DiagnosisLineWriter.TemplateCache()
      for logsOnly in [false, true] {
        Self.compare(
          RandomNetwork.observations(records, logsOnly: logsOnly), topology: topology,
          cache: cache, tally: &tally, "seed \(seed) logsOnly \(logsOnly)")
      }
      Self.compare(
        Self.scans(topology, seed: UInt64(seed), firstLine: 1), topology: topology, cache: cache,
        tally: &tally, "seed \(seed) scans")
    }
    // The comparison means something only if the quick shape is common and templates are
    // filled for records other than the one they were made for.
    #expect(tally.compared > 5_000, "\(tally)")
    #expect(tally.quick > tally.compared / 4, "\(tally)")
    #expect(tally.reused > tally.quick / 2, "\(tally)")
  }

  @Test("In Japanese too: the templates' words are the general writer's")
  func japanese() throws {
    var tally = Tally()
    for seed in 0..<15 {
      let (topology, traffic) = RandomNetwork.make(seed: UInt64(seed) &* 7_919 &+ 11)
      let records = try Simulator(topology: topology).simulate(traffic)
      let cache = DiagnosisLineWriter.TemplateCache()
      Self.compare(
        RandomNetwork.observations(records, logsOnly: false), topology: topology, cache: cache,
        tally: &tally, "seed \(seed) ja", language: .ja)
      Self.compare(
        Self.scans(topology, seed: UInt64(seed), firstLine: 1), topology: topology, cache: cache,
        tally: &tally, "seed \(seed) scans ja", language: .ja)
      Self.compare(
        Self.replies(topology, seed: UInt64(seed), firstLine: 1), topology: topology, cache: cache,
        tally: &tally, "seed \(seed) replies ja", language: .ja)
    }
    #expect(tally.quick > tally.compared / 8, "\(tally)")
    #expect(tally.replies > 0, "\(tally)")
  }

  /// Requests from outside to a service port of every ENI that its network lets in, each
  /// (mostly) accepted, and the ENI's reply REJECTed: TCP and UDP, IPv4 and IPv6, some replies
  /// without their request in the logs, some with a SYN-ACK flag, some UDP ones a minute late.
  static func replies(_ topology: Topology, seed: UInt64, firstLine: Int) -> [FlowObservation] {
    var random = SplitMixRandom(seed: seed)
    var records: [FlowObservation] = []
    for interface in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id }) {
      for address in interface.privateIPv4s + interface.ipv6s {
        for _ in 0..<48 {
          let peer: IPAddress =
            address.isIPv6
            ? .v6(UInt128(0x2001_0db8_0001) << 80 | UInt128(random.next() % 4))
            : .v4(0xC633_6400 + UInt32(random.next() % 4))
          let proto: UInt8 = random.next() % 3 == 0 ? 17 : 6
          let service: UInt16 = proto == 17 ? 53 : [22, 80, 443, 8080][Int(random.next() % 4)]
          let client = UInt16(1024 + random.next() % 64_000)
          let line = firstLine + records.count
          let start = RandomNetwork.epoch + Int64(line)
          if random.next() % 4 != 0 {
            records.append(
              FlowObservation(
                file: 0, line: line, interfaceId: interface.id, source: peer,
                destination: address, sourcePort: client, destinationPort: service,
                protocolNumber: proto, packets: 2, start: start, end: start + 3,
                action: .accept))
          }
          // Some UDP replies come long after their request (past the tracking timeout).
          let late: Int64 = proto == 17 && random.next() % 3 == 0 ? 60 : 1
          // One reply in five in another input than its request (its sentence names that
          // input: the general path writes it).
          records.append(
            FlowObservation(
              file: random.next() % 5 == 0 ? 1 : 0, line: firstLine + records.count,
              interfaceId: interface.id,
              source: address, destination: peer, sourcePort: service, destinationPort: client,
              protocolNumber: proto, packets: 2, start: start + late, end: start + late + 3,
              action: .reject, tcpFlags: proto == 6 && random.next() % 3 == 0 ? 18 : nil,
              flowDirection: random.next() % 4 == 0 ? .egress : nil))
        }
      }
    }
    return records
  }

  /// Every NACL lets in everything and lets out only TCP to ports 0–1023 and UDP to port 53,
  /// so that replies to clients' ports are denied on their way out; every group lets in the
  /// services, and in odd seeds lets out everything, so that on one ENI some flows are
  /// untracked (their replies go out by a rule) and others tracked.
  static func denyReplies(_ topology: inout Topology, untracked: Bool) {
    let anywhere = [CIDR.anyIPv4, CIDR.anyIPv6]
    for (id, var acl) in topology.networkACLs {
      acl.entries = acl.entries.filter(\.isImplicit)
      for (offset, cidr) in anywhere.enumerated() {
        acl.entries += [
          NetworkACLEntry(
            ruleNumber: 50 + offset, egress: false, action: .allow, protocolMatch: .all,
            cidr: cidr),
          NetworkACLEntry(
            ruleNumber: 100 + offset, egress: true, action: .allow, protocolMatch: .tcp,
            cidr: cidr, ports: PortRange(from: 0, to: 1023)),
          NetworkACLEntry(
            ruleNumber: 200 + offset, egress: true, action: .allow, protocolMatch: .udp,
            cidr: cidr, ports: PortRange(from: 53, to: 53)),
        ]
      }
      acl.entries.sort { ($0.egress ? 1 : 0, $0.ruleNumber) < ($1.egress ? 1 : 0, $1.ruleNumber) }
      topology.networkACLs[id] = acl
    }
    // The peers' own prefixes (`replies`), for the rules that do not make a flow untracked.
    let peers = ["198.51.100.0/24", "2001:db8:1::/48"].compactMap { CIDR($0) }
    for (id, var group) in topology.securityGroups {
      for cidr in anywhere + peers {
        group.inbound += [
          // From anywhere, ports up to 100 (a flow it allows is untracked when the outbound
          // rules allow everything); from the peers, the other services (tracked).
          SecurityGroupRule(
            protocolMatch: .tcp,
            ports: anywhere.contains(cidr)
              ? PortRange(from: 0, to: 100) : PortRange(from: 0, to: 9000), peer: .cidr(cidr)),
          SecurityGroupRule(
            protocolMatch: .udp, ports: PortRange(from: 53, to: 53), peer: .cidr(cidr)),
        ]
        if untracked && anywhere.contains(cidr) {
          group.outbound.append(SecurityGroupRule(protocolMatch: .all, peer: .cidr(cidr)))
        }
      }
      topology.securityGroups[id] = group
    }
  }

  @Test("Replies denied on their way out: the same bytes both ways")
  func deniedReplies() throws {
    var tally = Tally()
    for seed in 0..<40 {
      var (topology, _) = RandomNetwork.make(seed: UInt64(seed) &* 6_133 &+ 7)
      Self.denyReplies(&topology, untracked: seed % 2 == 1)
      let cache = DiagnosisLineWriter.TemplateCache()
      Self.compare(
        Self.replies(topology, seed: UInt64(seed), firstLine: 1), topology: topology,
        cache: cache, tally: &tally, "seed \(seed) replies")
    }
    // Replies without their request in the logs are judged as new traffic, UDP replies (whose
    // tracking timeout is within the records' lag) both ways, and replies in another input
    // than their request, by the general path: the rest are quick.
    #expect(tally.quick > tally.compared / 12, "\(tally)")
    #expect(tally.replies == tally.quick, "\(tally)")
    #expect(tally.compared > tally.quick, "\(tally)")
    #expect(tally.untracked > tally.replies / 5, "\(tally)")
    #expect(tally.reused > tally.quick / 2, "\(tally)")
  }

  /// The cache's own table: every key keeps what it was last told, among thousands of keys of a
  /// few ENIs (many sharing their first place), until a new key finds it full; it then holds
  /// that key alone.
  @Test("The template cache keeps each key's entry until it is full, then starts again")
  func templateCacheTable() throws {
    let (topology, _) = RandomNetwork.make(seed: 5)
    let index = TopologyIndex(topology)
    let contexts = topology.networkInterfaces.keys.sorted().compactMap {
      index.context(ofInterface: $0)
    }
    try #require(contexts.count >= 2)
    typealias Key = QuickDiagnosis.Key
    let limit = DiagnosisLineWriter.TemplateCache.limit
    let keys = (0..<limit).map { n in
      Key(context: contexts[n % contexts.count], entryIndex: n / 64, bits: UInt64(n % 64) << 35)
    }
    let cache = DiagnosisLineWriter.TemplateCache()
    let template = DiagnosisLineWriter.Template(bytes: [0x7D], holes: [])
    for (n, key) in keys.enumerated() { cache.set(key, n % 3 == 0 ? .seen : .made(nil)) }
    for (n, key) in keys.enumerated() where n % 2 == 0 { cache.set(key, .made(template)) }
    #expect(cache.count == limit)
    for (n, key) in keys.enumerated() {
      switch cache.entry(key) {
      case .made(let made)?:
        #expect(n % 2 == 0 ? made === template : (made == nil && n % 3 != 0), "key \(n)")
      case .seen?: #expect(n % 2 != 0 && n % 3 == 0, "key \(n)")
      case nil: Issue.record("key \(n) is missing")
      }
    }
    let extra = Key(context: contexts[0], entryIndex: limit, bits: 0)
    #expect(cache.entry(extra) == nil)
    cache.set(extra, .seen)
    #expect(cache.count == 1)
    #expect(cache.keys.count == 1)
    if case .seen? = cache.entry(extra) {} else { Issue.record("the new key is missing") }
    #expect(keys.allSatisfy { cache.entry($0) == nil })
  }

  @Test("Ids that need escaping in JSON: no template, the general writer's bytes")
  func escapedIds() throws {
    var tally = Tally()
    for seed in 0..<10 {
      var (topology, _) = RandomNetwork.make(seed: UInt64(seed) &* 7_919 &+ 11)
      for (id, var acl) in topology.networkACLs {
        acl.id = "acl-\"\(id)\"\\"
        topology.networkACLs[id] = acl
      }
      let cache = DiagnosisLineWriter.TemplateCache()
      Self.compare(
        Self.scans(topology, seed: UInt64(seed), firstLine: 1), topology: topology, cache: cache,
        tally: &tally, "seed \(seed)")
      #expect(cache.keys.allSatisfy { cache.template($0) == nil })
    }
    #expect(tally.quick > 100, "\(tally)")
  }
}
