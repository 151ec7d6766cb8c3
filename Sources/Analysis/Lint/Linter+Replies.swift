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
  }

  /// Whether some port of `ports` passes the ingress of `serverACL` from `client` and the
  /// egress of `clientACL` to `server` (and `also`), checked on exact port cells.
  func requestAdmitted(
    protocolNumber: UInt8, ports: PortRange, serverACL: NetworkACL?, client: IPAddress,
    clientACL: NetworkACL?, server: IPAddress, extraCuts: [PortRange] = [],
    also: (UInt16) -> Bool = { _ in true }
  ) -> Bool {
    let cuts =
      portRanges(serverACL, egress: false) + portRanges(clientACL, egress: true) + extraCuts
    return LintCells.ports(in: ports, cutBy: cuts).contains { cell in
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
      return also(cell.from)
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
    interfaceId: String, into groups: inout [ReplyKey: ReplyValue]
  ) {
    for block in Set(blocks.map(\.block)) {
      var group = ""
      var peer = ""
      var way = Direction.inbound
      if case .securityGroupRule(let groupId, let rule, let direction)? = service {
        group = groupId
        peer = rule.peer.description
        way = direction
      }
      let key = ReplyKey(
        id: id, block: block, serviceGroup: group, serviceDirection: way, servicePeer: peer,
        protocolNumber: protocolNumber, clients: clients,
        fixCIDR: block.clientSide ? serverCIDR : clientCIDR, serverSubnetId: serverSubnetId)
      var value = groups[key] ?? ReplyValue()
      value.interfaces.insert(interfaceId)
      let mine = blocks.filter { $0.block == block }
      value.kindsCut.formUnion(mine.map(\.kind))
      value.kindsServed.formUnion(kinds.filter { kind in !blocks.contains { $0.kind == kind } })
      value.blockedPorts = Self.merged(value.blockedPorts + mine.map(\.ports))
      if let servicePorts { value.servicePorts = Self.merged(value.servicePorts + [servicePorts]) }
      if let service, !value.serviceRules.contains(service) { value.serviceRules.append(service) }
      groups[key] = value
    }
  }

  // MARK: - Services let in

  /// `nacl-blocks-replies` and `tier-replies-blocked`: for every service an ENI's security
  /// groups let in, from clients the NACLs admit and that can reach the ENI, the replies.
  func inboundReplyFindings() -> [Finding] {
    var groups: [ReplyKey: ReplyValue] = [:]
    for eni in interfaces {
      guard let serverACL = index.networkACL(forSubnet: eni.subnetId),
        let serverSubnet = topology.subnets[eni.subnetId]
      else { continue }
      for groupId in eni.securityGroupIds {
        guard let group = topology.securityGroups[groupId] else { continue }
        for rule in group.inbound {
          guard case .number(let protocolNumber) = rule.protocolMatch,
            protocolNumber == 6 || protocolNumber == 17, let ports = rule.ports, ports != .all
          else { continue }
          let service = Finding.Rule.securityGroupRule(
            groupId: groupId, rule: rule, direction: .inbound)
          switch rule.peer {
          case .securityGroup(let peerGroup):
            tierReplies(
              eni: eni, serverSubnet: serverSubnet, serverACL: serverACL, peerGroup: peerGroup,
              protocolNumber: protocolNumber, ports: ports, service: service, into: &groups)
          case .cidr(let cidr):
            cidrReplies(
              eni: eni, serverSubnet: serverSubnet, serverACL: serverACL, cidr: cidr,
              protocolNumber: protocolNumber, ports: ports, service: service, into: &groups)
          case .prefixList(let id):
            for cidr in topology.cidrs(ofPrefixList: id) ?? [] {
              cidrReplies(
                eni: eni, serverSubnet: serverSubnet, serverACL: serverACL, cidr: cidr,
                protocolNumber: protocolNumber, ports: ports, service: service, into: &groups)
            }
          }
        }
      }
    }
    return groups.map { replyFinding($0.key, $0.value) }
  }

  /// Clients named by a CIDR: the internet (through an internet gateway), other subnets of the
  /// VPC, and networks behind peering, transit or virtual private gateways.
  private func cidrReplies(
    eni: NetworkInterface, serverSubnet: Subnet, serverACL: NetworkACL, cidr: CIDR,
    protocolNumber: UInt8, ports: PortRange, service: Finding.Rule,
    into groups: inout [ReplyKey: ReplyValue]
  ) {
    guard let server = cidr.isIPv6 ? eni.ipv6s.first : eni.primaryIPv4 else { return }
    let vpcCIDRs = topology.vpcs[serverSubnet.vpcId]?.cidrs ?? []
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
      record(
        blocks, kinds: kinds, id: .naclBlocksReplies, service: service, servicePorts: ports,
        protocolNumber: protocolNumber, clients: clients, clientCIDR: clientCIDR,
        serverCIDR: serverSubnet.cidrs.first { $0.isIPv6 == cidr.isIPv6 }?.description
          ?? server.description,
        serverSubnetId: serverSubnet.id, interfaceId: eni.id, into: &groups)
    }
  }

  /// Clients named by a security group (a tier): the ENIs that carry it, in other subnets,
  /// whose own groups let the request out.
  private func tierReplies(
    eni: NetworkInterface, serverSubnet: Subnet, serverACL: NetworkACL, peerGroup: String,
    protocolNumber: UInt8, ports: PortRange, service: Finding.Rule,
    into groups: inout [ReplyKey: ReplyValue]
  ) {
    for clientENI in interfaces(carrying: peerGroup) where clientENI.subnetId != serverSubnet.id {
      guard let clientSubnet = topology.subnets[clientENI.subnetId] else { continue }
      let clientACL = index.networkACL(forSubnet: clientSubnet.id)
      let pairs: [(IPAddress?, IPAddress?)] = [
        (clientENI.primaryIPv4, eni.primaryIPv4), (clientENI.ipv6s.first, eni.ipv6s.first),
      ]
      for case (let client?, let server?) in pairs {
        let outboundCuts = clientENI.securityGroupIds.compactMap {
          topology.securityGroups[$0]
        }.flatMap(\.outbound).compactMap(\.ports)
        let admitted = requestAdmitted(
          protocolNumber: protocolNumber, ports: ports, serverACL: serverACL, client: client,
          clientACL: clientACL, server: server, extraCuts: outboundCuts
        ) { port in
          let packet = Packet(
            source: client, destination: server, protocolNumber: protocolNumber,
            sourcePort: 40000, destinationPort: port)
          if case .allowed = securityGroups.evaluate(
            packet, interface: clientENI, direction: .outbound)
          {
            return true
          }
          return false
        }
        guard admitted else { continue }
        let kinds = clientKinds(of: clientENI)
        let blocks = replyBlocks(
          protocolNumber: protocolNumber, kinds: kinds, serverACL: serverACL, client: client,
          clientACL: clientACL, server: server)
        let clientBlock = clientSubnet.cidrs.first { $0.isIPv6 == client.isIPv6 }
        record(
          blocks, kinds: kinds, id: .tierRepliesBlocked, service: service, servicePorts: ports,
          protocolNumber: protocolNumber,
          clients: "members of \(peerGroup) in \(clientSubnet.id)",
          clientCIDR: clientBlock?.description ?? client.description,
          serverCIDR: serverSubnet.cidrs.first { $0.isIPv6 == server.isIPv6 }?.description
            ?? server.description,
          serverSubnetId: serverSubnet.id, interfaceId: eni.id, into: &groups)
      }
    }
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

  func replyFinding(_ key: ReplyKey, _ value: ReplyValue) -> Finding {
    let name = ProtocolNames.name(key.protocolNumber)
    let enis = value.interfaces.sorted().joined(separator: ", ")
    let blocked = value.blockedPorts.map(\.description).joined(separator: ", ")
    let cut = ClientKind.allCases.filter { value.kindsCut.contains($0) }
    let served = value.kindsServed.subtracting(value.kindsCut)
    var severity: Finding.Severity = served.isEmpty ? .error : .warning
    let serviceRules = value.serviceRules.compactMap { rule -> SecurityGroupRule? in
      if case .securityGroupRule(_, let rule, _) = rule { return rule }
      return nil
    }
    if key.id == .naclBlocksOutboundReplies,
      serviceRules.allSatisfy({ $0.ports == nil || $0.ports == .all })
    {
      // A rule that allows every port out names no call; what is cut is a guess at 0-1023.
      severity = .warning
    }
    let acl = key.block.aclId
    let place =
      "by \(acl) (\(key.block.entry.egress ? "outbound" : "inbound") \(Self.ruleName(key.block.entry)))"
    let rules: [Finding.Rule] =
      [.networkACLEntry(aclId: acl, entry: key.block.entry)] + value.serviceRules
    let ports = value.servicePorts.map(\.description).joined(separator: ", ")
    let word = key.serviceDirection == .inbound ? "from" : "to"
    let serviceText =
      "\(name) \(ports) on \(enis), which \(key.serviceGroup) allows \(word) \(key.servicePeer),"
    let explanation: String
    switch key.id {
    case .naclBlocksOutboundReplies:
      explanation =
        "\(enis) may open \(name) \(ports) connections to \(key.clients) (\(value.serviceRules.map(Self.ruleText).joined(separator: ", "))), but the replies to ports \(blocked) are denied \(place), so \(cut.map(\.label).joined(separator: " and ")) never get an answer."
    default:
      explanation =
        "Replies of \(serviceText) to \(key.clients) are denied \(place) for ports \(blocked), so \(cut.map(\.label).joined(separator: " and ")) never get an answer."
    }
    let fix =
      FixWording.networkACLAllowEntry(
        inbound: key.block.clientSide, acl: acl, service: "\(name) 1024-65535",
        peer: key.fixCIDR, below: key.block.entry.ruleNumber,
        implicit: key.block.entry.isImplicit) + FixWording.repliesAdvice
    return Finding(
      id: key.id, severity: severity, componentId: acl, rules: rules,
      relatedIds: (value.interfaces.sorted() + [key.serverSubnetId]), clientsCutOff: cut,
      explanation: explanation, fix: fix)
  }
}
