import Messages
import NetworkPrimitives
import Topology

/// The cut replies the checks record, gathered by the NACL entry that drops them (the rule to
/// change), and the one finding each entry gives.
extension Linter {
  /// A NACL entry that drops replies, for one finding id.
  struct EntryKey: Hashable {
    var id: Finding.ID
    var block: ReplyBlock
  }

  /// One group of replies under an entry: a service (its group, peer and direction, on servers
  /// of one subnet, one protocol) and its clients (and the CIDR a fix names). Its severity
  /// follows the client kinds served and cut across everything recorded for it.
  struct FineKey: Hashable {
    var digest: StableDigest
  }

  struct FineValue {
    /// Client kinds (bits in ``ClientKind/allCases`` order) some reply of the group reaches,
    /// and those this entry cuts.
    var served: UInt8 = 0
    var cut: UInt8 = 0
    /// Whether some rule of the group names ports.
    var namesPorts = false
  }

  /// Everything one entry cuts.
  struct EntryValue {
    /// Positions in ``Linter/interfaces``.
    var interfaces: Set<Int32> = []
    var fine: [FineKey: FineValue] = [:]
    var kindsCut: UInt8 = 0
    var blockedPorts: [PortRange] = []
    var servicePorts: [UInt8: [PortRange]] = [:]
    var serviceRules: [Finding.Rule] = []
    var clients: [String] = []
    /// Each of ``clients`` worded in a language when read.
    var clientNotes: [String: Explanation] = [:]
    var fixPeers: [UInt8: [String]] = [:]
    var subnets: [String] = []
    var groups: [String] = []
    /// The service words of the first record: the finding's sentence when it has one group.
    var group = ""
    var peer = ""
    var way = Direction.inbound
    var seen: Set<StableDigest> = []

    /// Whether `digest` is new (and now seen), for lists kept without repeats.
    mutating func first(_ digest: StableDigest, _ salt: UInt64) -> Bool {
      seen.insert(StableDigest(digest, salt)).inserted
    }

    mutating func merge(_ other: EntryValue) {
      interfaces.formUnion(other.interfaces)
      fine.merge(other.fine) { left, right in
        FineValue(
          served: left.served | right.served, cut: left.cut | right.cut,
          namesPorts: left.namesPorts || right.namesPorts)
      }
      kindsCut |= other.kindsCut
      blockedPorts = Linter.merged(blockedPorts + other.blockedPorts)
      for (number, ranges) in other.servicePorts {
        servicePorts[number] = Linter.merged((servicePorts[number] ?? []) + ranges)
      }
      serviceRules = (serviceRules + other.serviceRules).uniqued()
      clients = (clients + other.clients).uniqued()
      clientNotes.merge(other.clientNotes) { first, _ in first }
      for (number, peers) in other.fixPeers {
        fixPeers[number] = ((fixPeers[number] ?? []) + peers).uniqued()
      }
      subnets = (subnets + other.subnets).uniqued()
      groups = (groups + other.groups).uniqued()
      if group.isEmpty && peer.isEmpty {
        (group, peer, way) = (other.group, other.peer, other.way)
      }
      seen.formUnion(other.seen)
    }
  }

  static func bits(_ kinds: some Sequence<ClientKind>) -> UInt8 {
    var mask: UInt8 = 0
    for kind in kinds { mask |= 1 << UInt8(ClientKind.allCases.firstIndex(of: kind) ?? 0) }
    return mask
  }

  static func kinds(_ mask: UInt8) -> [ClientKind] {
    ClientKind.allCases.enumerated().filter { mask & (1 << UInt8($0.offset)) != 0 }.map(\.element)
  }

  /// Adds the blocks of one client (or group of clients) of a service on `interfaces`.
  func record(
    _ outcome: ReplyOutcome, id: Finding.ID, tag: ServiceTag, servicePorts: PortRange?,
    protocolNumber: UInt8, interfaces: [Int32], into groups: inout [EntryKey: EntryValue]
  ) {
    let blocks = outcome.blocks
    guard !blocks.isEmpty else { return }
    let blockedKinds = Self.bits(blocks.map(\.kind))
    let served = Self.bits(outcome.kinds) & ~blockedKinds
    var done: [ReplyBlock] = []
    for item in blocks where !done.contains(item.block) {
      let block = item.block
      done.append(block)
      var cut: UInt8 = 0
      var ports: [PortRange] = []
      for other in blocks where other.block == block {
        cut |= Self.bits([other.kind])
        ports.append(other.ports)
      }
      let fixCIDR = block.clientSide ? outcome.serverCIDR : outcome.clientCIDR
      let fixDigest = block.clientSide ? outcome.serverCIDRDigest : outcome.clientCIDRDigest
      let fine = FineKey(
        digest: StableDigest(
          StableDigest(tag.digest, outcome.clientsDigest.low),
          fixDigest.low ^ (UInt64(protocolNumber) << 56)))
      // Changed in place: a copy of the value would copy its arrays each time.
      groups[EntryKey(id: id, block: block), default: EntryValue()].add(
        fine: fine, served: served, cut: cut, ports: ports, interfaces: interfaces,
        outcome: outcome, tag: tag, servicePorts: servicePorts, protocolNumber: protocolNumber,
        fixCIDR: fixCIDR, fixDigest: fixDigest)
    }
  }

  /// One finding per NACL entry that drops replies.
  func replyFindings(_ groups: [EntryKey: EntryValue]) -> [Finding] {
    groups.map { replyFinding($0.key, $0.value) }
  }

  func replyFinding(_ key: EntryKey, _ value: EntryValue) -> Finding {
    let interfaces = value.interfaces.map { self.interfaces[Int($0)].id }.sorted()
    let serviceRules = value.serviceRules.sorted { Self.ruleText($0) < Self.ruleText($1) }
    let blocked = Explanation.joined(
      value.blockedPorts.map { "\($0)" }, separator: .listComma)
    let cut = Self.kinds(value.kindsCut)
    let severity: Finding.Severity =
      value.fine.values.contains { fine in
        !(key.id == .naclBlocksOutboundReplies && !fine.namesPorts)
          && fine.served & ~fine.cut == 0
      } ? .error : .warning
    let acl = key.block.aclId
    let place = Explanation(
      key.block.entry.egress ? .lintDeniedByOutbound : .lintDeniedByInbound,
      ["acl": Explanation(acl), "rule": Self.ruleName(key.block.entry)])
    let rules: [Finding.Rule] =
      [.networkACLEntry(aclId: acl, entry: key.block.entry)] + serviceRules
    let protocols = value.servicePorts.keys.sorted()
    let services = protocols.flatMap { number in
      (value.servicePorts[number] ?? []).map { Self.service(number, $0) }
    }
    let clients = value.clients.sorted()
    let clientNotes = clients.map { value.clientNotes[$0] ?? Explanation($0) }
    let subnets = value.subnets.sorted()
    let groupIds = value.groups.filter { !$0.isEmpty }.sorted()
    // Kinds whose whole range this entry drops never get an answer; for the others only the
    // connections whose client port falls in the dropped ports fail.
    let whole = cut.filter { kind in
      value.blockedPorts.contains { $0.from <= kind.ports.from && kind.ports.to <= $0.to }
    }
    let part = cut.filter { !whole.contains($0) }
    var outcomes: [Explanation] = []
    if !whole.isEmpty {
      outcomes.append(
        Explanation(
          .lintNeverAnswered, ["kinds": FixWording.and(whole.map(\.labelNote), phrases: true)]))
    }
    if !part.isEmpty {
      outcomes.append(
        Explanation(
          .lintSomeUnanswered, ["kinds": FixWording.and(part.map(\.labelNote), phrases: true)]))
    }
    let kinds =
      outcomes.count == 2
      ? Explanation(.lintAndClause, ["first": outcomes[0], "second": outcomes[1]])
      : outcomes.first ?? Explanation("")
    let ruleNotes = serviceRules.map(Self.ruleNote)
    let explanation: Explanation
    if value.fine.count == 1, let number = protocols.first {
      let enis = Explanation.joined(Self.words(interfaces), separator: .listComma)
      let traffic =
        Explanation.protocolName(number) + " "
        + Explanation.joined(
          (value.servicePorts[number] ?? []).map { "\($0)" }, separator: .listComma)
      switch key.id {
      case .naclBlocksOutboundReplies:
        explanation = Explanation(
          .lintOutboundReplies,
          [
            "enis": enis, "traffic": traffic, "clients": clientNotes[0],
            "rules": Explanation.joined(ruleNotes, separator: .listComma),
            "blocked": blocked, "place": place, "kinds": kinds,
          ])
      default:
        explanation = Explanation(
          value.way == .inbound ? .lintRepliesOfServiceFrom : .lintRepliesOfServiceTo,
          [
            "traffic": traffic, "enis": enis, "group": Explanation(value.group),
            "peer": Explanation(value.peer), "clients": clientNotes[0], "place": place,
            "blocked": blocked, "kinds": kinds,
          ])
      }
    } else {
      let enis = Self.counted(Self.words(interfaces), many: .lintCountedENIs)
      let ruleList = Self.counted(ruleNotes, many: .lintCountedSGRules)
      let serviceList = Self.listed(Self.words(services))
      let clientList = Self.listed(clientNotes, phrases: true)
      switch key.id {
      case .naclBlocksOutboundReplies:
        explanation = Explanation(
          .lintOutboundReplies,
          [
            "enis": enis, "traffic": serviceList, "clients": clientList, "rules": ruleList,
            "blocked": blocked, "place": place, "kinds": kinds,
          ])
      default:
        explanation = Explanation(
          .lintRepliesOfServices,
          [
            "traffic": serviceList, "enis": enis, "rules": ruleList, "clients": clientList,
            "place": place, "blocked": blocked, "kinds": kinds,
          ])
      }
    }
    let vpcCIDRs = topology.networkACLs[acl].flatMap { topology.vpcs[$0.vpcId]?.cidrs } ?? []
    let fixItems = value.fixPeers.keys.sorted().map { number in
      (
        service: Explanation.protocolName(number) + " 1024-65535",
        peers: Self.words(Self.fixPeers(value.fixPeers[number] ?? [], within: vpcCIDRs))
      )
    }
    let fix =
      FixWording.networkACLAllowEntries(
        inbound: key.block.clientSide, acl: Explanation(acl), items: fixItems,
        below: key.block.entry.ruleNumber, implicit: key.block.entry.isImplicit)
      + FixWording.repliesAdvice
    var finding = Finding(
      id: key.id, severity: severity, componentId: acl, rules: rules,
      relatedIds: (interfaces + subnets).uniqued(), clientsCutOff: cut,
      note: explanation, fixNote: fix)
    finding.affected = Finding.Affected(
      interfaceIds: interfaces, groupIds: groupIds, subnetIds: subnets, services: services,
      clients: clients)
    return finding
  }
}

extension Linter.EntryValue {
  mutating func add(
    fine key: Linter.FineKey, served: UInt8, cut: UInt8, ports: [PortRange], interfaces: [Int32],
    outcome: Linter.ReplyOutcome, tag: Linter.ServiceTag, servicePorts: PortRange?,
    protocolNumber: UInt8, fixCIDR: String, fixDigest: StableDigest
  ) {
    self.interfaces.formUnion(interfaces)
    fine[key, default: Linter.FineValue()].served |= served
    fine[key, default: Linter.FineValue()].cut |= cut
    if tag.namesPorts { fine[key, default: Linter.FineValue()].namesPorts = true }
    kindsCut |= cut
    if !ports.allSatisfy({ range in
      blockedPorts.contains { $0.from <= range.from && range.to <= $0.to }
    }) {
      blockedPorts = Linter.merged(blockedPorts + ports)
    }
    if let servicePorts,
      !(self.servicePorts[protocolNumber] ?? []).contains(where: {
        $0.from <= servicePorts.from && servicePorts.to <= $0.to
      })
    {
      self.servicePorts[protocolNumber] = Linter.merged(
        (self.servicePorts[protocolNumber] ?? []) + [servicePorts])
    }
    if let service = tag.service, first(tag.ruleDigest, 1) { serviceRules.append(service) }
    if first(outcome.clientsDigest, 2) {
      clients.append(outcome.clients)
      clientNotes[outcome.clients] = outcome.clientsNote
    }
    if first(fixDigest, 3 &+ UInt64(protocolNumber)) {
      fixPeers[protocolNumber, default: []].append(fixCIDR)
    }
    if first(tag.subnetDigest, 4) { subnets.append(tag.subnetId) }
    if first(tag.groupDigest, 5) { groups.append(tag.group) }
    if group.isEmpty && peer.isEmpty { (group, peer, way) = (tag.group, tag.peer, tag.way) }
  }
}

/// A 128-bit hash of texts that is the same in every run (FNV-1a, twice, with other offsets),
/// for keys compared by hash alone: two texts collide with a chance of about 2⁻¹²⁸.
struct StableDigest: Hashable, Sendable {
  var low: UInt64
  var high: UInt64

  init(_ texts: [String]) {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x6c62_272e_07bb_0142
    for text in texts {
      for byte in text.utf8 {
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        b = b &+ (b >> 29)
      }
      a = (a ^ 0xff) &* 0x0000_0100_0000_01b3
      b = (b ^ 0xfe) &* 0x0000_0100_0000_01b3
    }
    low = a
    high = b
  }

  /// `digest` mixed with `salt`.
  init(_ digest: StableDigest, _ salt: UInt64) {
    var x = digest.low ^ (salt &* 0x9E37_79B9_7F4A_7C15)
    x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
    x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
    low = x ^ (x >> 31)
    var y = digest.high ^ (salt &* 0xD6E8_FEB8_6659_FD93)
    y = (y ^ (y >> 30)) &* 0xBF58_476D_1CE4_E5B9
    y = (y ^ (y >> 27)) &* 0x94D0_49BB_1331_11EB
    high = y ^ (y >> 31) ^ digest.low
  }
}
