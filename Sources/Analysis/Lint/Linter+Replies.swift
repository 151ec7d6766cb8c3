import Messages
import NetworkPrimitives
import Topology

/// Replies cut by network ACLs: NACLs are stateless, so the reply of every connection they admit
/// must be admitted again, to the client's ephemeral port, in the other direction (VPC User
/// Guide, "Network ACLs", "Ephemeral ports").
extension Linter {
  /// Where the NACL that drops a reply sits, and the entry that drops it.
  struct ReplyBlock: Hashable {
    /// A hash of the fields, made once: blocks are hashed in every record.
    let digest: Int
    var aclId: String
    var entry: NetworkACLEntry
    /// The ACL is the client's (its inbound side), not the server's.
    var clientSide: Bool

    init(aclId: String, entry: NetworkACLEntry, clientSide: Bool) {
      var hasher = Hasher()
      hasher.combine(aclId)
      hasher.combine(entry.ruleNumber)
      hasher.combine(entry.egress)
      hasher.combine(clientSide)
      digest = hasher.finalize()
      self.aclId = aclId
      self.entry = entry
      self.clientSide = clientSide
    }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }
  }

  /// The service rule of a record, with its words and their hashes made once.
  struct ServiceTag {
    var service: Finding.Rule?
    var group = ""
    var peer = ""
    var way = Direction.inbound
    var subnetId: String
    /// Whether the rule names ports (an outbound rule for all ports names no call).
    var namesPorts = true
    /// Of the group, peer, direction and subnet: what tells one group of replies from another.
    var digest: StableDigest
    /// Of the rule itself.
    var ruleDigest: StableDigest
    var groupDigest: StableDigest
    var subnetDigest: StableDigest

    init(_ service: Finding.Rule?, subnetId: String) {
      self.service = service
      self.subnetId = subnetId
      var ruleText = ""
      if case .securityGroupRule(let groupId, let rule, let direction)? = service {
        group = groupId
        peer = rule.peer.description
        way = direction
        namesPorts = !(rule.ports == nil || rule.ports == .all)
        ruleText = "\(rule.ruleId ?? "")\u{0}\(rule)"
      }
      digest = StableDigest([group, peer, way.rawValue, subnetId])
      ruleDigest = StableDigest([group, way.rawValue, ruleText])
      groupDigest = StableDigest([group])
      subnetDigest = StableDigest([subnetId])
    }
  }

  /// The port cells of `ports` (cut by the NACLs' ranges) that pass the ingress of `serverACL`
  /// from `client` and the egress of `clientACL` to `server`; remembered by entry masks.
  func admittedCells(
    protocolNumber: UInt8, ports: PortRange, serverACL: NetworkACL?, client: IPAddress,
    clientACL: NetworkACL?, server: IPAddress
  ) -> [PortRange] {
    let key = DecisionCache.Key(
      serverACL: serverACL?.id, clientACL: clientACL?.id, protocolNumber: protocolNumber,
      kinds: [], ports: ports, serverMask: entryMask(serverACL, holding: client),
      clientMask: entryMask(clientACL, holding: server))
    return admittedCells(
      key, protocolNumber: protocolNumber, ports: ports, serverACL: serverACL, client: client,
      clientACL: clientACL, server: server)
  }

  /// The same, under a key already made (a tier class keeps its masks).
  func admittedCells(
    _ key: DecisionCache.Key, protocolNumber: UInt8, ports: PortRange, serverACL: NetworkACL?,
    client: IPAddress, clientACL: NetworkACL?, server: IPAddress
  ) -> [PortRange] {
    if let known = decisions.admitted.withLock({ $0[key] }) { return known }
    let made = computedAdmittedCells(
      protocolNumber: protocolNumber, ports: ports, serverACL: serverACL, client: client,
      clientACL: clientACL, server: server)
    decisions.admitted.withLock { $0[key] = made }
    return made
  }

  /// ``admittedCells(protocolNumber:ports:serverACL:client:clientACL:server:)``, worked out.
  func computedAdmittedCells(
    protocolNumber: UInt8, ports: PortRange, serverACL: NetworkACL?, client: IPAddress,
    clientACL: NetworkACL?, server: IPAddress
  ) -> [PortRange] {
    let cuts = portRanges(serverACL, egress: false) + portRanges(clientACL, egress: true)
    return LintCells.ports(in: ports, cutBy: cuts).filter { cell in
      if let serverACL,
        !admitsService(
          aclDecision(
            serverACL, egress: false, protocolNumber: protocolNumber, peer: client, port: cell.from)
        )
      {
        return false
      }
      if let clientACL,
        !aclDecision(
          clientACL, egress: true, protocolNumber: protocolNumber, peer: server, port: cell.from
        ).allowed
      {
        return false
      }
      return true
    }
  }

  /// Whether a NACL decision lets a request to a service through. An allow entry for
  /// TCP or UDP ports 1024-65535 (or any range from 1024 or above up to 65535) is the entry AWS
  /// documents for replies; a request it happens to admit is not counted as a service the
  /// design lets in, so its replies are not checked (a reviewer would not call that a service).
  func admitsService(_ decision: NetworkACLDecision) -> Bool {
    decision.allowed && !Self.isReplyRangeEntry(decision.entry)
  }

  static func isReplyRangeEntry(_ entry: NetworkACLEntry) -> Bool {
    guard case .number(let number) = entry.protocolMatch, number == 6 || number == 17,
      let ports = entry.ports
    else { return false }
    return ports.from >= 1024 && ports.to == 65535
  }

  /// The reply cells that are dropped for each client kind: leaving through `serverACL` (to
  /// `client`), then entering through `clientACL` (from `server`).
  func replyBlocks(
    protocolNumber: UInt8, kinds: [ClientKind], serverACL: NetworkACL?, client: IPAddress,
    clientACL: NetworkACL?, server: IPAddress
  ) -> [(kind: ClientKind, ports: PortRange, block: ReplyBlock)] {
    let key = DecisionCache.Key(
      serverACL: serverACL?.id, clientACL: clientACL?.id, protocolNumber: protocolNumber,
      kinds: kinds, ports: nil, serverMask: entryMask(serverACL, holding: client),
      clientMask: entryMask(clientACL, holding: server))
    if let known = decisions.blocks.withLock({ $0[key] }) { return known }
    let made = computedReplyBlocks(
      protocolNumber: protocolNumber, kinds: kinds, serverACL: serverACL, client: client,
      clientACL: clientACL, server: server)
    decisions.blocks.withLock { $0[key] = made }
    return made
  }

  /// ``replyBlocks(protocolNumber:kinds:serverACL:client:clientACL:server:)``, worked out.
  func computedReplyBlocks(
    protocolNumber: UInt8, kinds: [ClientKind], serverACL: NetworkACL?, client: IPAddress,
    clientACL: NetworkACL?, server: IPAddress
  ) -> [(kind: ClientKind, ports: PortRange, block: ReplyBlock)] {
    var out: [(kind: ClientKind, ports: PortRange, block: ReplyBlock)] = []
    let cuts = portRanges(serverACL, egress: true) + portRanges(clientACL, egress: false)
    for kind in kinds {
      for cell in LintCells.ports(in: kind.ports, cutBy: cuts) {
        if let serverACL {
          let decision = aclDecision(
            serverACL, egress: true, protocolNumber: protocolNumber, peer: client, port: cell.from)
          if !decision.allowed {
            out.append(
              (
                kind, cell,
                ReplyBlock(aclId: serverACL.id, entry: decision.entry, clientSide: false)
              )
            )
            continue
          }
        }
        if let clientACL {
          let decision = aclDecision(
            clientACL, egress: false, protocolNumber: protocolNumber, peer: server, port: cell.from)
          if !decision.allowed {
            out.append(
              (kind, cell, ReplyBlock(aclId: clientACL.id, entry: decision.entry, clientSide: true))
            )
          }
        }
      }
    }
    return out
  }

  // MARK: - Services let in

  /// What one client (or one group of clients) of a service meets: the reply cells dropped, and
  /// the words and CIDRs for the finding.
  struct ReplyOutcome {
    var blocks: [(kind: ClientKind, ports: PortRange, block: ReplyBlock)]
    var kinds: [ClientKind]
    /// Who the clients are, in English: what tells one group of clients from another.
    var clients: String
    /// The same, worded in a language when read.
    var clientsNote: Explanation
    var clientCIDR: String
    var serverCIDR: String
    /// For calls out: the ports of the calls the network ACL lets out, when they are one range
    /// (`nil`: the rule's own ports).
    var sentPorts: PortRange? = nil
    /// Hashes of the texts, made once.
    let digest: StableDigest
    let clientsDigest: StableDigest
    let clientCIDRDigest: StableDigest
    let serverCIDRDigest: StableDigest

    init(
      blocks: [(kind: ClientKind, ports: PortRange, block: ReplyBlock)], kinds: [ClientKind],
      clients: Explanation, clientCIDR: String, serverCIDR: String
    ) {
      self.blocks = blocks
      self.kinds = kinds
      self.clientsNote = clients
      let clients = clients.text
      self.clients = clients
      self.clientCIDR = clientCIDR
      self.serverCIDR = serverCIDR
      clientsDigest = StableDigest([clients])
      clientCIDRDigest = StableDigest([clientCIDR])
      serverCIDRDigest = StableDigest([serverCIDR])
      digest = StableDigest([clients, clientCIDR, serverCIDR])
    }
  }

  /// Everything ``cidrReplies`` depends on besides the ENI's id: ENIs of one subnet whose
  /// address no NACL entry or rule of the VPC tells apart share the answer.
  struct CIDRContext: Hashable {
    var subnetId: String
    var serverClass: [CIDR]
    var hasPublicIPv4: Bool
    var cidr: CIDR
    var protocolNumber: UInt8
    var ports: PortRange
  }

  /// Everything ``tierReplies`` depends on besides the service's ports and the server's own
  /// security group memberships, which the clients' rules are asked about for each server.
  struct TierContext: Hashable {
    var subnetId: String
    var serverClasses: [[CIDR]?]
    var peerGroup: String
    var protocolNumber: UInt8
  }

  /// One tier client: its address, and its groups to ask whether they let a request out.
  struct TierMember {
    var client: IPAddress
    var context: InterfaceContext?
    var clientENI: NetworkInterface
    /// Where the client's outbound rules' port ranges cut.
    var outboundCuts: [PortRange]
  }

  /// Tier clients the NACLs treat alike (one subnet, the same entries holding each end): their
  /// requests pass the same cells and their replies are cut the same way.
  struct TierClass {
    var outcome: ReplyOutcome
    /// The ``DecisionCache`` key of the request's cells, with `ports` to fill in.
    var requestKey: DecisionCache.Key
    var client: IPAddress
    var server: IPAddress
    var clientACL: NetworkACL?
    var members: [TierMember]
    /// Classes with the same index coalesce (``coalesced(_:)``).
    var coalesceIndex: Int
  }

  /// Answers already worked out, by context.
  struct ReplyMemo {
    var cidr: [CIDRContext: [ReplyOutcome]] = [:]
    var tier: [TierContext: [TierClass]] = [:]
  }

  /// The cuts that tell a server's address apart from the rest of its subnet: the CIDRs of the
  /// VPC's NACL entries and security group rules that lie inside the subnet's block and hold
  /// it. An address outside every block of its subnet is its own class.
  func serverClass(_ address: IPAddress, subnet: Subnet) -> [CIDR] {
    guard subnet.cidrs.contains(where: { $0.contains(address) }) else {
      return [CIDR(host: address)]
    }
    return (innerCuts[subnet.id] ?? []).filter { $0.contains(address) }
  }

  /// One tier rule of ENIs whose tier clients' requests pass alike: recorded once for all.
  struct TierWork: Hashable {
    var context: TierContext
    var ports: PortRange
    var groupId: String
    var ruleIndex: Int
    var passing: [Int]
  }

  /// One service rule of ENIs that ``cidrReplies`` answers alike: worked out once for all.
  struct CIDRWork: Hashable {
    var context: CIDRContext
    var groupId: String
    var ruleIndex: Int
  }

  /// `nacl-blocks-replies` and `tier-replies-blocked`: for every service an ENI's security
  /// groups let in, from clients the NACLs admit and that can reach the ENI, the replies.
  /// The cut replies of the services of `servers`, by entry, service and clients.
  func inboundReplyGroups(_ servers: [NetworkInterface]) -> [EntryKey: EntryValue] {
    var groups: [EntryKey: EntryValue] = [:]
    var memo = ReplyMemo()
    var work:
      [CIDRWork: (eni: NetworkInterface, server: IPAddress, service: Finding.Rule, ids: [Int32])] =
        [:]
    var order: [CIDRWork] = []
    var tierWork: [TierWork: (service: Finding.Rule, ids: [Int32])] = [:]
    var tierOrder: [TierWork] = []
    for eni in servers {
      guard let serverACL = index.networkACL(forSubnet: eni.subnetId),
        let serverSubnet = topology.subnets[eni.subnetId]
      else { continue }
      for groupId in eni.securityGroupIds {
        guard let group = topology.securityGroups[groupId] else { continue }
        for (ruleIndex, rule) in group.inbound.enumerated() {
          guard case .number(let protocolNumber) = rule.protocolMatch,
            protocolNumber == 6 || protocolNumber == 17, let ports = rule.ports, ports != .all
          else { continue }
          let service = Finding.Rule.securityGroupRule(
            groupId: groupId, rule: rule, direction: .inbound)
          let cidrs: [CIDR]
          switch rule.peer {
          case .securityGroup(let peerGroup):
            let (context, passing) = tierReplies(
              eni: eni, serverSubnet: serverSubnet, serverACL: serverACL, peerGroup: peerGroup,
              protocolNumber: protocolNumber, ports: ports, memo: &memo)
            guard !passing.isEmpty else { continue }
            let key = TierWork(
              context: context, ports: ports, groupId: groupId, ruleIndex: ruleIndex,
              passing: passing)
            if tierWork[key] == nil {
              tierOrder.append(key)
              tierWork[key] = (service, [position(of: eni)])
            } else {
              tierWork[key]?.ids.append(position(of: eni))
            }
            continue
          case .cidr(let cidr): cidrs = [cidr]
          case .prefixList(let id): cidrs = topology.cidrs(ofPrefixList: id) ?? []
          }
          for cidr in cidrs {
            guard let server = cidr.isIPv6 ? eni.ipv6s.first : eni.primaryIPv4 else { continue }
            let key = CIDRWork(
              context: CIDRContext(
                subnetId: serverSubnet.id, serverClass: serverClass(server, subnet: serverSubnet),
                hasPublicIPv4: !eni.publicIPv4s.isEmpty, cidr: cidr,
                protocolNumber: protocolNumber, ports: ports),
              groupId: groupId, ruleIndex: ruleIndex)
            if work[key] == nil {
              order.append(key)
              work[key] = (eni, server, service, [position(of: eni)])
            } else {
              work[key]?.ids.append(position(of: eni))
            }
          }
        }
      }
    }
    for key in order {
      guard let item = work[key], let serverSubnet = topology.subnets[item.eni.subnetId],
        let serverACL = index.networkACL(forSubnet: serverSubnet.id)
      else { continue }
      let context = key.context
      let outcomes: [ReplyOutcome]
      if let known = memo.cidr[context] {
        outcomes = known
      } else {
        outcomes = Self.coalesced(
          cidrReplies(
            eni: item.eni, server: item.server, serverSubnet: serverSubnet, serverACL: serverACL,
            cidr: context.cidr, protocolNumber: context.protocolNumber, ports: context.ports))
        memo.cidr[context] = outcomes
      }
      let tag = ServiceTag(item.service, subnetId: serverSubnet.id)
      for outcome in outcomes {
        record(
          outcome, id: .naclBlocksReplies, tag: tag, servicePorts: context.ports,
          protocolNumber: context.protocolNumber, interfaces: item.ids, into: &groups)
      }
    }
    for key in tierOrder {
      guard let item = tierWork[key], let classes = memo.tier[key.context] else { continue }
      let tag = ServiceTag(item.service, subnetId: key.context.subnetId)
      for outcome in Self.tierOutcomes(classes, passing: key.passing) {
        record(
          outcome, id: .tierRepliesBlocked, tag: tag, servicePorts: key.ports,
          protocolNumber: key.context.protocolNumber, interfaces: item.ids, into: &groups)
      }
    }
    return groups
  }

  /// What makes two outcomes one: the same clients, CIDRs and kinds, cut by the same entries.
  struct CoalesceKey: Hashable {
    struct Cut: Hashable {
      var kind: ClientKind
      var block: ReplyBlock
    }
    var clients: String
    var clientCIDR: String
    var serverCIDR: String
    var kinds: [ClientKind]
    var cuts: Set<Cut>

    init(_ outcome: ReplyOutcome) {
      clients = outcome.clients
      clientCIDR = outcome.clientCIDR
      serverCIDR = outcome.serverCIDR
      kinds = outcome.kinds
      cuts = Set(outcome.blocks.map { Cut(kind: $0.kind, block: $0.block) })
    }
  }

  /// Outcomes for the same clients with the same client kinds cut by the same entries, as one
  /// (their dropped ports together): recording them apart or together gives the same finding.
  static func coalesced(_ outcomes: [ReplyOutcome]) -> [ReplyOutcome] {
    var order: [CoalesceKey] = []
    var merged: [CoalesceKey: ReplyOutcome] = [:]
    for outcome in outcomes where !outcome.blocks.isEmpty {
      let key = CoalesceKey(outcome)
      if merged[key] == nil {
        order.append(key)
        merged[key] = outcome
      } else {
        merged[key]?.blocks += outcome.blocks
      }
    }
    return order.compactMap { merged[$0] }
  }

  /// Clients named by a CIDR: the internet (through an internet gateway), other subnets of the
  /// VPC, and networks behind peering, transit or virtual private gateways.
  private func cidrReplies(
    eni: NetworkInterface, server: IPAddress, serverSubnet: Subnet, serverACL: NetworkACL,
    cidr: CIDR, protocolNumber: UInt8, ports: PortRange
  ) -> [ReplyOutcome] {
    var outcomes: [ReplyOutcome] = []
    let vpcCIDRs = topology.vpcs[serverSubnet.vpcId]?.cidrs ?? []
    let serverCIDR =
      serverSubnet.cidrs.first { $0.isIPv6 == cidr.isIPv6 }?.description ?? server.description
    for cell in addressCells(in: cidr, subnetId: serverSubnet.id) {
      let client = cell.representative
      if serverSubnet.cidrs.contains(where: { $0.contains(client) }) { continue }
      var clientACL: NetworkACL? = nil
      var kinds: [ClientKind] = [.linux, .windows]
      let clients: Explanation
      let clientCIDR: String
      if let clientSubnet = subnet(holding: client, vpcId: serverSubnet.vpcId) {
        clientACL = index.networkACL(forSubnet: clientSubnet.id)
        if holdsManagedInterface(clientSubnet.id) { kinds.append(.natGatewayELBLambda) }
        let block = clientSubnet.cidrs.first { $0.isIPv6 == cidr.isIPv6 }
        clients = Explanation(
          .lintClientsInSubnet,
          [
            "subnet": Explanation(clientSubnet.id),
            "cidr": Explanation(block.map(\.description) ?? cell.block.description),
          ])
        clientCIDR = block?.description ?? cell.block.description
      } else if vpcCIDRs.contains(where: { $0.contains(client) }) {
        continue
      } else {
        let lookup = routes.lookup(subnetId: serverSubnet.id, destination: client)
        guard let route = lookup.route, route.state == .active else { continue }
        switch route.target {
        case .internetGateway(let igwId):
          guard LintCells.isInternet(client),
            topology.internetGateways[igwId]?.attachedVpcIds.contains(serverSubnet.vpcId) ?? false,
            cidr.isIPv6 || !eni.publicIPv4s.isEmpty
          else { continue }
          kinds = ClientKind.allCases
          let any = cidr.isIPv6 ? "::/0" : "0.0.0.0/0"
          clients = Explanation(.lintClientsOnInternet, ["cidr": "\(cidr)"])
          clientCIDR = cidr.prefixLength == 0 ? any : cidr.description
        case .vpcPeeringConnection(let id), .transitGateway(let id),
          .virtualPrivateGateway(let id):
          clients = Explanation(
            .lintClientsThrough, ["block": "\(cell.block)", "via": Explanation(id)])
          clientCIDR = cell.block.description
        default:
          continue
        }
      }
      guard
        !admittedCells(
          protocolNumber: protocolNumber, ports: ports, serverACL: serverACL, client: client,
          clientACL: clientACL, server: server
        ).isEmpty
      else { continue }
      let blocks = replyBlocks(
        protocolNumber: protocolNumber, kinds: kinds, serverACL: serverACL, client: client,
        clientACL: clientACL, server: server)
      outcomes.append(
        ReplyOutcome(
          blocks: blocks, kinds: kinds, clients: clients, clientCIDR: clientCIDR,
          serverCIDR: serverCIDR))
    }
    return outcomes
  }

  /// Clients named by a security group (a tier): the ENIs that carry it, in other subnets,
  /// whose own groups let the request out.
  ///
  /// Returns the context (its classes are in `memo`) and the classes whose requests pass.
  private func tierReplies(
    eni: NetworkInterface, serverSubnet: Subnet, serverACL: NetworkACL, peerGroup: String,
    protocolNumber: UInt8, ports: PortRange, memo: inout ReplyMemo
  ) -> (context: TierContext, passing: [Int]) {
    let servers = [eni.primaryIPv4, eni.ipv6s.first]
    let context = TierContext(
      subnetId: serverSubnet.id,
      serverClasses: servers.map { $0.map { serverClass($0, subnet: serverSubnet) } },
      peerGroup: peerGroup, protocolNumber: protocolNumber)
    let classes: [TierClass]
    if let known = memo.tier[context] {
      classes = known
    } else {
      classes = tierClasses(
        eni: eni, serverSubnet: serverSubnet, serverACL: serverACL, peerGroup: peerGroup,
        protocolNumber: protocolNumber)
      memo.tier[context] = classes
    }
    var passing: [Int] = []
    for (position, tierClass) in classes.enumerated() {
      var key = tierClass.requestKey
      key.ports = ports
      let admitted = admittedCells(
        key, protocolNumber: protocolNumber, ports: ports, serverACL: serverACL,
        client: tierClass.client, clientACL: tierClass.clientACL, server: tierClass.server)
      guard !admitted.isEmpty else { continue }
      // Some member's groups must let the request out to this server (a rule may name the
      // server's group), on a port the NACLs admit: the groups decide one way from each start
      // of their rules' ranges to the next.
      let sent = tierClass.members.contains { member in
        guard let server = member.client.isIPv6 ? eni.ipv6s.first : eni.primaryIPv4 else {
          return false
        }
        return admitted.flatMap { LintCells.ports(in: $0, cutBy: member.outboundCuts) }.contains {
          cell in
          let packet = Packet(
            source: member.client, destination: server, protocolNumber: protocolNumber,
            sourcePort: 40000, destinationPort: cell.from)
          let decision =
            member.context.map {
              securityGroups.evaluate(packet, context: $0, direction: .outbound)
            }
            ?? securityGroups.evaluate(packet, interface: member.clientENI, direction: .outbound)
          if case .allowed = decision { return true }
          return false
        }
      }
      if sent { passing.append(position) }
    }
    return (context, passing)
  }

  /// The outcomes of the `passing` classes, those that coalesce as one.
  static func tierOutcomes(_ classes: [TierClass], passing: [Int]) -> [ReplyOutcome] {
    var merged: [Int: ReplyOutcome] = [:]
    for position in passing {
      let tierClass = classes[position]
      if merged[tierClass.coalesceIndex] == nil {
        merged[tierClass.coalesceIndex] = tierClass.outcome
      } else {
        merged[tierClass.coalesceIndex]?.blocks += tierClass.outcome.blocks
      }
    }
    return merged.keys.sorted().compactMap { merged[$0] }
  }

  /// The tier clients of `peerGroup` for servers like `eni`, in classes the NACLs treat alike,
  /// with what they cut of the replies.
  private func tierClasses(
    eni: NetworkInterface, serverSubnet: Subnet, serverACL: NetworkACL, peerGroup: String,
    protocolNumber: UInt8
  ) -> [TierClass] {
    struct ClassKey: Hashable {
      var clientSubnetId: String
      var serverMask: [UInt64]
      var clientMask: [UInt64]
      var kinds: [ClientKind]
    }
    var order: [ClassKey] = []
    var classes: [ClassKey: TierClass] = [:]
    var coalesceIndex: [CoalesceKey: Int] = [:]
    for clientENI in interfaces(carrying: peerGroup) where clientENI.subnetId != serverSubnet.id {
      guard let clientSubnet = topology.subnets[clientENI.subnetId] else { continue }
      let clientACL = index.networkACL(forSubnet: clientSubnet.id)
      let pairs: [(IPAddress?, IPAddress?)] = [
        (clientENI.primaryIPv4, eni.primaryIPv4), (clientENI.ipv6s.first, eni.ipv6s.first),
      ]
      for case (let client?, let server?) in pairs {
        let member = TierMember(
          client: client, context: index.context(ofInterface: clientENI.id),
          clientENI: clientENI,
          outboundCuts: clientENI.securityGroupIds.compactMap {
            topology.securityGroups[$0]
          }.flatMap(\.outbound).compactMap(\.ports))
        let kinds = clientKinds(of: clientENI)
        let key = ClassKey(
          clientSubnetId: clientSubnet.id, serverMask: entryMask(serverACL, holding: client),
          clientMask: entryMask(clientACL, holding: server), kinds: kinds)
        if classes[key] != nil {
          classes[key]?.members.append(member)
          continue
        }
        let blocks = replyBlocks(
          protocolNumber: protocolNumber, kinds: kinds, serverACL: serverACL, client: client,
          clientACL: clientACL, server: server)
        let clientBlock = clientSubnet.cidrs.first { $0.isIPv6 == client.isIPv6 }
        let outcome = ReplyOutcome(
          blocks: blocks, kinds: kinds,
          clients: Explanation(
            .lintMembersInSubnet,
            ["group": Explanation(peerGroup), "subnet": Explanation(clientSubnet.id)]),
          clientCIDR: clientBlock?.description ?? client.description,
          serverCIDR: serverSubnet.cidrs.first { $0.isIPv6 == server.isIPv6 }?.description
            ?? server.description)
        let coalesce = CoalesceKey(outcome)
        let index = coalesceIndex[coalesce] ?? coalesceIndex.count
        coalesceIndex[coalesce] = index
        order.append(key)
        classes[key] = TierClass(
          outcome: outcome,
          requestKey: DecisionCache.Key(
            serverACL: serverACL.id, clientACL: clientACL?.id, protocolNumber: protocolNumber,
            kinds: [], ports: nil, serverMask: key.serverMask, clientMask: key.clientMask),
          client: client, server: server, clientACL: clientACL, members: [member],
          coalesceIndex: index)
      }
    }
    // A class whose replies pass gives no finding.
    return order.compactMap { classes[$0] }.filter { !$0.outcome.blocks.isEmpty }
  }

  // MARK: - Words

  /// `sg-1 inbound tcp 5432 sg-2`, `acl-1 outbound rule 100`, in English (the order in which
  /// a finding lists its rules).
  static func ruleText(_ rule: Finding.Rule) -> String { ruleNote(rule).text }

  /// The same, worded in a language when read.
  static func ruleNote(_ rule: Finding.Rule) -> Explanation {
    switch rule {
    case .securityGroupRule(let groupId, let rule, let direction):
      return Explanation(
        direction == .inbound ? .lintSGRuleInbound : .lintSGRuleOutbound,
        ["group": Explanation(groupId), "rule": Explanation.rule(rule)])
    case .networkACLEntry(let aclId, let entry):
      return Explanation(
        entry.egress ? .lintACLRuleOutbound : .lintACLRuleInbound,
        ["acl": Explanation(aclId), "rule": ruleName(entry)])
    case .route(let tableId, let route):
      return "\(tableId) \(route)"
    }
  }

  /// The CIDRs a new entry should name: all of them, but a family's `0.0.0.0/0` (or `::/0`)
  /// stands for every other CIDR of that family, and a VPC CIDR for three or more of its own
  /// subnets' (one entry instead of many: a NACL holds 20 a direction by default).
  static func fixPeers(_ cidrs: [String], within vpcCIDRs: [CIDR] = []) -> [String] {
    var unique = Set(cidrs)
    for vpc in vpcCIDRs {
      let inside = unique.filter { text in CIDR(text).map { vpc.contains($0) } ?? false }
      if inside.count >= 3 {
        unique.subtract(inside)
        unique.insert(vpc.description)
      }
    }
    return unique.filter { cidr in
      if cidr == "0.0.0.0/0" || cidr == "::/0" { return true }
      let any = cidr.contains(":") ? "::/0" : "0.0.0.0/0"
      return !unique.contains(any)
    }.sorted { left, right in
      guard let l = CIDR(left), let r = CIDR(right) else { return left < right }
      return l < r
    }
  }
}
