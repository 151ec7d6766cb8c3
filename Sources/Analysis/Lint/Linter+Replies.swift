import NetworkPrimitives
import Topology

/// Replies cut by network ACLs: NACLs are stateless, so the reply of every connection they admit
/// must be admitted again, to the client's ephemeral port, in the other direction (VPC User
/// Guide, "Network ACLs", "Ephemeral ports").
extension Linter {
  /// Where the NACL that drops a reply sits, and the entry that drops it.
  struct ReplyBlock: Hashable {
    var aclId: String
    var entry: NetworkACLEntry
    /// The ACL is the client's (its inbound side), not the server's.
    var clientSide: Bool
  }

  /// Findings of one kind grouped by the entry that drops the replies, the service and the
  /// clients, so a rule shared by many ENIs gives one finding.
  struct ReplyKey: Hashable {
    var id: Finding.ID
    var block: ReplyBlock
    /// The group and peer of the service's rules: rules of one group for one peer (tcp 80 and
    /// tcp 443 from 0.0.0.0/0) give one finding.
    var serviceGroup: String
    var serviceDirection: Direction
    var servicePeer: String
    var protocolNumber: UInt8
    var clients: String
    /// The CIDR a new entry should name: the clients (server side) or the server (client side).
    var fixCIDR: String
    var serverSubnetId: String
  }

  struct ReplyValue {
    var interfaces: Set<String> = []
    var kindsCut: Set<ClientKind> = []
    var kindsServed: Set<ClientKind> = []
    var blockedPorts: [PortRange] = []
    var servicePorts: [PortRange] = []
    var serviceRules: [Finding.Rule] = []

    /// Adds what another part of the account found for the same key.
    mutating func merge(_ other: ReplyValue) {
      interfaces.formUnion(other.interfaces)
      kindsCut.formUnion(other.kindsCut)
      kindsServed.formUnion(other.kindsServed)
      blockedPorts = Linter.merged(blockedPorts + other.blockedPorts)
      servicePorts = Linter.merged(servicePorts + other.servicePorts)
      for rule in other.serviceRules where !serviceRules.contains(rule) {
        serviceRules.append(rule)
      }
    }

    mutating func add(
      interfaceIds: [String], blocks: [(kind: ClientKind, ports: PortRange, block: ReplyBlock)],
      of block: ReplyBlock, served: [ClientKind], servicePorts: PortRange?,
      service: Finding.Rule?
    ) {
      interfaces.formUnion(interfaceIds)
      var ports: [PortRange] = []
      for item in blocks where item.block == block {
        kindsCut.insert(item.kind)
        ports.append(item.ports)
      }
      kindsServed.formUnion(served)
      if !ports.allSatisfy({ range in
        blockedPorts.contains { $0.from <= range.from && range.to <= $0.to }
      }) {
        blockedPorts = Linter.merged(blockedPorts + ports)
      }
      if let servicePorts,
        !self.servicePorts.contains(where: {
          $0.from <= servicePorts.from && servicePorts.to <= $0.to
        })
      {
        self.servicePorts = Linter.merged(self.servicePorts + [servicePorts])
      }
      if let service, !serviceRules.contains(service) { serviceRules.append(service) }
    }
  }

  /// Whether some port of `ports` passes the ingress of `serverACL` from `client` and the
  /// egress of `clientACL` to `server` (and `also`), checked on exact port cells.
  func requestAdmitted(
    protocolNumber: UInt8, ports: PortRange, serverACL: NetworkACL?, client: IPAddress,
    clientACL: NetworkACL?, server: IPAddress, extraCuts: [PortRange] = [],
    also: (UInt16) -> Bool = { _ in true }
  ) -> Bool {
    admittedCells(
      protocolNumber: protocolNumber, ports: ports, serverACL: serverACL, client: client,
      clientACL: clientACL, server: server, extraCuts: extraCuts
    ).contains { also($0.from) }
  }

  /// The port cells of `ports` (cut by the NACLs' ranges and `extraCuts`) that pass the ingress
  /// of `serverACL` from `client` and the egress of `clientACL` to `server`.
  func admittedCells(
    protocolNumber: UInt8, ports: PortRange, serverACL: NetworkACL?, client: IPAddress,
    clientACL: NetworkACL?, server: IPAddress, extraCuts: [PortRange] = []
  ) -> [PortRange] {
    guard extraCuts.isEmpty else {
      return computedAdmittedCells(
        protocolNumber: protocolNumber, ports: ports, serverACL: serverACL, client: client,
        clientACL: clientACL, server: server, extraCuts: extraCuts)
    }
    let key = DecisionCache.Key(
      serverACL: serverACL?.id, clientACL: clientACL?.id, protocolNumber: protocolNumber,
      kinds: [], ports: ports, serverMask: entryMask(serverACL, holding: client),
      clientMask: entryMask(clientACL, holding: server))
    if let known = decisions.admitted.withLock({ $0[key] }) { return known }
    let made = computedAdmittedCells(
      protocolNumber: protocolNumber, ports: ports, serverACL: serverACL, client: client,
      clientACL: clientACL, server: server, extraCuts: [])
    decisions.admitted.withLock { $0[key] = made }
    return made
  }

  /// ``admittedCells(protocolNumber:ports:serverACL:client:clientACL:server:extraCuts:)``,
  /// worked out.
  func computedAdmittedCells(
    protocolNumber: UInt8, ports: PortRange, serverACL: NetworkACL?, client: IPAddress,
    clientACL: NetworkACL?, server: IPAddress, extraCuts: [PortRange]
  ) -> [PortRange] {
    let cuts =
      portRanges(serverACL, egress: false) + portRanges(clientACL, egress: true) + extraCuts
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

  /// Adds the blocks of one client to the groups.
  func record(
    _ blocks: [(kind: ClientKind, ports: PortRange, block: ReplyBlock)], kinds: [ClientKind],
    id: Finding.ID, service: Finding.Rule?, servicePorts: PortRange?, protocolNumber: UInt8,
    clients: String, clientCIDR: String, serverCIDR: String, serverSubnetId: String,
    interfaceIds: [String], into groups: inout [ReplyKey: ReplyValue]
  ) {
    guard !blocks.isEmpty else { return }
    var group = ""
    var peer = ""
    var way = Direction.inbound
    if case .securityGroupRule(let groupId, let rule, let direction)? = service {
      group = groupId
      peer = rule.peer.description
      way = direction
    }
    let served = kinds.filter { kind in !blocks.contains { $0.kind == kind } }
    var seen: [ReplyBlock] = []
    for item in blocks where !seen.contains(item.block) {
      let block = item.block
      seen.append(block)
      let key = ReplyKey(
        id: id, block: block, serviceGroup: group, serviceDirection: way, servicePeer: peer,
        protocolNumber: protocolNumber, clients: clients,
        fixCIDR: block.clientSide ? serverCIDR : clientCIDR, serverSubnetId: serverSubnetId)
      // Changed in place: a copy of the value would copy its sets each time.
      groups[key, default: ReplyValue()].add(
        interfaceIds: interfaceIds, blocks: blocks, of: block, served: served,
        servicePorts: servicePorts, service: service)
    }
  }

  // MARK: - Services let in

  /// What one client (or one group of clients) of a service meets: the reply cells dropped, and
  /// the words and CIDRs for the finding.
  struct ReplyOutcome {
    var blocks: [(kind: ClientKind, ports: PortRange, block: ReplyBlock)]
    var kinds: [ClientKind]
    var clients: String
    var clientCIDR: String
    var serverCIDR: String
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

  /// One service rule of ENIs that ``cidrReplies`` answers alike: worked out once for all.
  struct CIDRWork: Hashable {
    var context: CIDRContext
    var groupId: String
    var ruleIndex: Int
  }

  /// `nacl-blocks-replies` and `tier-replies-blocked`: for every service an ENI's security
  /// groups let in, from clients the NACLs admit and that can reach the ENI, the replies.
  func inboundReplyFindings() -> [Finding] { replyFindings(inboundReplyGroups(interfaces)) }

  /// The cut replies of the services of `servers`, by entry, service and clients.
  func inboundReplyGroups(_ servers: [NetworkInterface]) -> [ReplyKey: ReplyValue] {
    var groups: [ReplyKey: ReplyValue] = [:]
    var memo = ReplyMemo()
    var work:
      [CIDRWork: (eni: NetworkInterface, server: IPAddress, service: Finding.Rule, ids: [String])] =
        [:]
    var order: [CIDRWork] = []
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
            let outcomes = tierReplies(
              eni: eni, serverSubnet: serverSubnet, serverACL: serverACL, peerGroup: peerGroup,
              protocolNumber: protocolNumber, ports: ports, memo: &memo)
            for outcome in outcomes {
              record(
                outcome.blocks, kinds: outcome.kinds, id: .tierRepliesBlocked, service: service,
                servicePorts: ports, protocolNumber: protocolNumber, clients: outcome.clients,
                clientCIDR: outcome.clientCIDR, serverCIDR: outcome.serverCIDR,
                serverSubnetId: serverSubnet.id, interfaceIds: [eni.id], into: &groups)
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
              work[key] = (eni, server, service, [eni.id])
            } else {
              work[key]?.ids.append(eni.id)
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
      for outcome in outcomes {
        record(
          outcome.blocks, kinds: outcome.kinds, id: .naclBlocksReplies, service: item.service,
          servicePorts: context.ports, protocolNumber: context.protocolNumber,
          clients: outcome.clients, clientCIDR: outcome.clientCIDR,
          serverCIDR: outcome.serverCIDR, serverSubnetId: serverSubnet.id,
          interfaceIds: item.ids, into: &groups)
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
      let clients: String
      let clientCIDR: String
      if let clientSubnet = subnet(holding: client, vpcId: serverSubnet.vpcId) {
        clientACL = index.networkACL(forSubnet: clientSubnet.id)
        if holdsManagedInterface(clientSubnet.id) { kinds.append(.natGatewayELBLambda) }
        let block = clientSubnet.cidrs.first { $0.isIPv6 == cidr.isIPv6 }
        clients =
          "clients in \(clientSubnet.id) (\(block.map(\.description) ?? cell.block.description))"
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
          clients = "clients on the internet (\(cidr))"
          clientCIDR = cidr.prefixLength == 0 ? any : cidr.description
        case .vpcPeeringConnection(let id), .transitGateway(let id),
          .virtualPrivateGateway(let id):
          clients = "clients in \(cell.block) through \(id)"
          clientCIDR = cell.block.description
        default:
          continue
        }
      }
      guard
        requestAdmitted(
          protocolNumber: protocolNumber, ports: ports, serverACL: serverACL, client: client,
          clientACL: clientACL, server: server)
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
  private func tierReplies(
    eni: NetworkInterface, serverSubnet: Subnet, serverACL: NetworkACL, peerGroup: String,
    protocolNumber: UInt8, ports: PortRange, memo: inout ReplyMemo
  ) -> [ReplyOutcome] {
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
    var merged: [Int: ReplyOutcome] = [:]
    for tierClass in classes {
      var key = tierClass.requestKey
      key.ports = ports
      let admitted: [PortRange]
      if let known = decisions.admitted.withLock({ $0[key] }) {
        admitted = known
      } else {
        admitted = computedAdmittedCells(
          protocolNumber: protocolNumber, ports: ports, serverACL: serverACL,
          client: tierClass.client, clientACL: tierClass.clientACL, server: tierClass.server,
          extraCuts: [])
        decisions.admitted.withLock { $0[key] = admitted }
      }
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
      guard sent else { continue }
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
          blocks: blocks, kinds: kinds, clients: "members of \(peerGroup) in \(clientSubnet.id)",
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

  static func ruleText(_ rule: Finding.Rule) -> String {
    switch rule {
    case .securityGroupRule(let groupId, let rule, let direction):
      return "\(groupId) \(direction.rawValue) \(rule)"
    case .networkACLEntry(let aclId, let entry):
      return "\(aclId) \(entry.egress ? "outbound" : "inbound") \(ruleName(entry))"
    case .route(let tableId, let route):
      return "\(tableId) \(route)"
    }
  }

  /// The severity of one service's replies to one kind of client: an error when no client kind
  /// is served, a warning when some are (or when the rule names no call).
  func replySeverity(_ key: ReplyKey, _ value: ReplyValue) -> Finding.Severity {
    let served = value.kindsServed.subtracting(value.kindsCut)
    if key.id == .naclBlocksOutboundReplies,
      value.serviceRules.allSatisfy({ rule in
        guard case .securityGroupRule(_, let rule, _) = rule else { return true }
        return rule.ports == nil || rule.ports == .all
      })
    {
      // A rule that allows every port out names no call; what is cut is a guess at 0-1023.
      return .warning
    }
    return served.isEmpty ? .error : .warning
  }

  /// One finding per NACL entry that drops replies (the rule to change), from the groups of
  /// services and clients it cuts.
  func replyFindings(_ groups: [ReplyKey: ReplyValue]) -> [Finding] {
    struct EntryKey: Hashable {
      var id: Finding.ID
      var block: ReplyBlock
    }
    let byEntry = Dictionary(grouping: groups) { EntryKey(id: $0.key.id, block: $0.key.block) }
    return byEntry.values.map { members in
      // Sorted by a text made once for each (the key's fields, in order).
      let decorated = members.map { member in
        let key = member.key
        return (
          "\(key.clients)\u{0}\(key.serviceGroup)\u{0}\(key.servicePeer)\u{0}\(key.protocolNumber)\u{0}\(key.fixCIDR)\u{0}\(key.serverSubnetId)",
          member
        )
      }
      return replyFinding(decorated.sorted { $0.0 < $1.0 }.map(\.1))
    }
  }

  func replyFinding(_ members: [(key: ReplyKey, value: ReplyValue)]) -> Finding {
    let key = members[0].key
    let interfaces = Set(members.flatMap(\.value.interfaces)).sorted()
    let serviceRules = members.flatMap(\.value.serviceRules).uniqued().sorted {
      Self.ruleText($0) < Self.ruleText($1)
    }
    let blocked = Self.merged(members.flatMap(\.value.blockedPorts))
      .map(\.description).joined(separator: ", ")
    let cutKinds = Set(members.flatMap(\.value.kindsCut))
    let cut = ClientKind.allCases.filter { cutKinds.contains($0) }
    let severity = members.map { replySeverity($0.key, $0.value) }.max() ?? .warning
    let acl = key.block.aclId
    let place =
      "by \(acl) (\(key.block.entry.egress ? "outbound" : "inbound") \(Self.ruleName(key.block.entry)))"
    let rules: [Finding.Rule] =
      [.networkACLEntry(aclId: acl, entry: key.block.entry)] + serviceRules
    var byProtocol: [UInt8: [PortRange]] = [:]
    for member in members {
      byProtocol[member.key.protocolNumber, default: []] += member.value.servicePorts
    }
    let services = byProtocol.keys.sorted().flatMap { number in
      Self.merged(byProtocol[number] ?? []).map { Self.service(number, $0) }
    }
    let clients = members.map(\.key.clients).uniqued()
    let subnets = Set(members.map(\.key.serverSubnetId)).sorted()
    let groupIds = Set(members.map(\.key.serviceGroup).filter { !$0.isEmpty }).sorted()
    let kinds = cut.map(\.label).joined(separator: " and ")
    let explanation: String
    if members.count == 1 {
      let value = members[0].value
      let name = ProtocolNames.name(key.protocolNumber)
      let enis = interfaces.joined(separator: ", ")
      let ports = value.servicePorts.map(\.description).joined(separator: ", ")
      let word = key.serviceDirection == .inbound ? "from" : "to"
      switch key.id {
      case .naclBlocksOutboundReplies:
        explanation =
          "\(enis) may open \(name) \(ports) connections to \(key.clients) (\(serviceRules.map(Self.ruleText).joined(separator: ", "))), but the replies to ports \(blocked) are denied \(place), so \(kinds) never get an answer."
      default:
        explanation =
          "Replies of \(name) \(ports) on \(enis), which \(key.serviceGroup) allows \(word) \(key.servicePeer), to \(key.clients) are denied \(place) for ports \(blocked), so \(kinds) never get an answer."
      }
    } else {
      let enis = Self.counted(interfaces, one: "ENI", many: "ENIs")
      let ruleList = Self.counted(
        serviceRules.map(Self.ruleText), one: "security group rule", many: "security group rules")
      let serviceList = Self.listed(services)
      let clientList = Self.listed(clients)
      switch key.id {
      case .naclBlocksOutboundReplies:
        explanation =
          "\(enis) may open \(serviceList) connections to \(clientList) (\(ruleList)), but the replies to ports \(blocked) are denied \(place), so \(kinds) never get an answer."
      default:
        explanation =
          "Replies of \(serviceList) on \(enis), which \(ruleList) allow, to \(clientList) are denied \(place) for ports \(blocked), so \(kinds) never get an answer."
      }
    }
    var fixPeers: [UInt8: [String]] = [:]
    for member in members {
      fixPeers[member.key.protocolNumber, default: []].append(member.key.fixCIDR)
    }
    let fixItems = fixPeers.keys.sorted().map { number in
      (
        service: "\(ProtocolNames.name(number)) 1024-65535",
        peers: Self.fixPeers(fixPeers[number] ?? [])
      )
    }
    let fix =
      FixWording.networkACLAllowEntries(
        inbound: key.block.clientSide, acl: acl, items: fixItems,
        below: key.block.entry.ruleNumber, implicit: key.block.entry.isImplicit)
      + FixWording.repliesAdvice
    var finding = Finding(
      id: key.id, severity: severity, componentId: acl, rules: rules,
      relatedIds: (interfaces + subnets).uniqued(), clientsCutOff: cut,
      explanation: explanation, fix: fix)
    finding.affected = Finding.Affected(
      interfaceIds: interfaces, groupIds: groupIds, subnetIds: subnets, services: services,
      clients: clients)
    return finding
  }

  /// The CIDRs a new entry should name: all of them, but a family's `0.0.0.0/0` (or `::/0`)
  /// stands for every other CIDR of that family.
  static func fixPeers(_ cidrs: [String]) -> [String] {
    let unique = Set(cidrs)
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
