import Messages
import NetworkPrimitives
import Topology

/// Interface endpoints whose security groups keep out the clients of their VPC (VPC User
/// Guide, "Interface VPC endpoints (AWS PrivateLink)": the groups on the endpoint's network
/// interfaces control the traffic the resources of the VPC send it; EC2 API Reference,
/// `CreateVpcEndpoint`: without groups named, AWS uses the VPC's default group, which admits
/// only its own members). AWS services'
/// endpoints serve HTTPS on tcp 443 (Amazon Keyspaces 9142, Amazon SES SMTP 587, 25, 465, 2465
/// and 2587); the endpoint's DNS names, and with private DNS the service's own name, resolve to
/// it throughout the VPC, so a client the groups refuse has its calls time out.
///
/// The clients are the ENIs of the endpoint's VPC that may call a service: instances', Lambda
/// functions' and other interfaces AWS does not manage; not load balancer nodes, other
/// endpoints, gateways or the interfaces AWS manages for a database. Each is judged by its primary private IPv4 address. When
/// the topology lists no such ENI in the VPC, each of its subnets is judged by its IPv4 block
/// (a rule naming a group then admits none of it, unless no ENI of the VPC is listed at all).
/// An endpoint service of a partner or customer (`com.amazonaws.vpce.…`, or another name)
/// serves ports the topology does not give: its endpoint is reported only when its groups
/// admit nothing at all from any client.
extension Linter {
  /// `endpoint-sg-blocks-clients`.
  func endpointFindings() -> [Finding] {
    let endpoints = topology.vpcEndpoints.values.filter {
      $0.kind == .interface && !Self.endedEndpointStates.contains($0.state.lowercased())
    }.sorted { $0.id < $1.id }
    guard !endpoints.isEmpty else { return [] }
    var clientsOfVPC: [String: [NetworkInterface]] = [:]
    for eni in interfaces where Self.mayCallEndpoints(eni) && eni.primaryIPv4 != nil {
      clientsOfVPC[eni.vpcId, default: []].append(eni)
    }
    return endpoints.compactMap { endpoint in
      blockedClients(
        of: endpoint,
        clients: (clientsOfVPC[endpoint.vpcId] ?? []).filter {
          !endpoint.networkInterfaceIds.contains($0.id)
        })
    }
  }

  /// Endpoint states in which it serves nothing.
  static let endedEndpointStates: Set<String> = [
    "deleting", "deleted", "rejected", "failed", "expired",
  ]

  /// Whether an ENI may call a service (through an interface endpoint, or out to the
  /// internet): an instance's, a Lambda function's, or another interface AWS does not manage
  /// (not a load balancer's node, an endpoint's or a gateway's).
  static func mayCallEndpoints(_ eni: NetworkInterface) -> Bool {
    guard eni.loadBalancerNode == nil else { return false }
    switch eni.interfaceType {
    case "lambda": return true
    case "interface", "efa", "efa-only", "trunk", "branch":
      return eni.instanceId != nil || !eni.requesterManaged
    default: return false
    }
  }

  /// The TCP ports an AWS service's interface endpoint serves (`com.amazonaws.REGION.SERVICE`);
  /// `nil` for an endpoint service of a partner or customer, whose ports the topology does not
  /// give.
  static func servicePorts(_ serviceName: String) -> [UInt16]? {
    let parts = serviceName.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count >= 4, parts[0] == "com", parts[1] == "amazonaws", parts[2] != "vpce" else {
      return nil
    }
    switch parts[3...].joined(separator: ".") {
    case "cassandra", "cassandra-fips": return [9142]
    case "email-smtp": return [587, 25, 465, 2465, 2587]
    default: return [443]
    }
  }

  /// Whether `endpoint`'s groups admit a client at `address` (on one of `ports`, or on anything
  /// when `ports` is `nil`); `nil` when a prefix list they name has unknown entries.
  private func admits(_ groups: [SecurityGroup], _ address: IPAddress, ports: [UInt16]?) -> Bool? {
    var unknown = false
    for group in groups {
      for rule in group.inbound where covers(rule, ports) {
        switch securityGroups.peerMatch(rule.peer, address, from: group.vpcId, inbound: true) {
        case .some(true): return true
        case .some(false): continue
        case .none: unknown = true
        }
      }
    }
    return unknown ? nil : false
  }

  /// Whether `rule` allows tcp to one of `ports` (any traffic when `ports` is `nil`).
  private func covers(_ rule: SecurityGroupRule, _ ports: [UInt16]?) -> Bool {
    guard let ports else { return true }
    return ports.contains { port in
      SecurityGroupEvaluator.matchesTraffic(
        rule,
        Packet(source: .v4(0), destination: .v4(0), protocolNumber: 6, destinationPort: port))
    }
  }

  /// How much of `block` the groups admit: all of it, part of it, none of it, or `nil` when a
  /// rule's peer cannot be placed (a prefix list without entries; a group when `membersKnown`
  /// is false) and no other rule admits the whole block. A group reference admits none of it
  /// when the VPC's ENIs are listed: none of them is a client.
  private func admission(
    _ groups: [SecurityGroup], _ block: CIDR, ports: [UInt16]?, membersKnown: Bool
  ) -> Share? {
    var share = Share.nothing
    var unknown = false
    for group in groups {
      for rule in group.inbound where covers(rule, ports) {
        var peers: [CIDR] = []
        switch rule.peer {
        case .cidr(let cidr): peers = [cidr]
        case .prefixList(let id):
          if let cidrs = topology.cidrs(ofPrefixList: id) { peers = cidrs } else { unknown = true }
        case .securityGroup: if !membersKnown { unknown = true }
        }
        for peer in peers where peer.isIPv6 == block.isIPv6 {
          if peer.contains(block) { return .whole }
          if block.contains(peer) { share = .part }
        }
      }
    }
    return share == .nothing && unknown ? nil : share
  }

  private enum Share { case whole, part, nothing }

  /// The finding for `endpoint`, if its groups refuse some of `clients` (or, without any, some
  /// of its VPC's subnets).
  private func blockedClients(of endpoint: VpcEndpoint, clients: [NetworkInterface]) -> Finding? {
    // The endpoint's groups, or those on its ENIs when describe-vpc-endpoints gave none.
    var groupIds = endpoint.securityGroupIds
    if groupIds.isEmpty {
      groupIds = endpoint.networkInterfaceIds.compactMap { topology.networkInterfaces[$0] }
        .flatMap(\.securityGroupIds).uniqued()
    }
    let groups = groupIds.compactMap { topology.securityGroups[$0] }
    // A group the topology lacks may admit anyone.
    guard !groupIds.isEmpty, groups.count == groupIds.count else { return nil }
    let ports = Self.servicePorts(endpoint.serviceName)
    // Refused clients by subnet: the ENIs, or the whole subnet when judged by its block.
    var refused: [(subnet: Subnet, enis: [String], whole: Bool)] = []
    var admitted = false
    var undecided = false
    if !clients.isEmpty {
      var bySubnet: [String: (all: Int, refused: [String])] = [:]
      for eni in clients {
        guard let address = eni.primaryIPv4 else { continue }
        var entry = bySubnet[eni.subnetId] ?? (0, [])
        entry.all += 1
        switch admits(groups, address, ports: ports) {
        case .some(true): admitted = true
        case .some(false): entry.refused.append(eni.id)
        case .none: undecided = true
        }
        bySubnet[eni.subnetId] = entry
      }
      let refusedBySubnet = bySubnet.filter { !$0.value.refused.isEmpty }.sorted { $0.key < $1.key }
      for (subnetId, entry) in refusedBySubnet {
        guard let subnet = topology.subnets[subnetId] else { continue }
        refused.append((subnet, entry.refused, entry.refused.count == entry.all))
      }
    } else {
      let attachmentSubnets = Set(topology.transitGatewayAttachments.values.flatMap(\.subnetIds))
      let membersKnown = topology.networkInterfaces.values.contains { $0.vpcId == endpoint.vpcId }
      for subnet in topology.subnets.values.sorted(by: { $0.id < $1.id })
      where subnet.vpcId == endpoint.vpcId && !attachmentSubnets.contains(subnet.id) {
        guard let block = subnet.cidrs.first(where: { !$0.isIPv6 }) else { continue }
        switch admission(groups, block, ports: ports, membersKnown: membersKnown) {
        case .whole?, .part?: admitted = true
        case .nothing?: refused.append((subnet, [], true))
        case nil: undecided = true
        }
      }
    }
    guard !refused.isEmpty else { return nil }
    // For a service whose ports are unknown, only an endpoint that admits no client at all.
    if ports == nil && (admitted || undecided) { return nil }
    let everyone = !admitted && !undecided
    let service: Explanation? = ports.map {
      "tcp " + Explanation.joined($0.map { "\($0)" }, separator: .listComma)
    }
    let vpcCIDRs = topology.vpcs[endpoint.vpcId]?.cidrs.filter { !$0.isIPv6 } ?? []
    let vpcText =
      vpcCIDRs.isEmpty
      ? Explanation(endpoint.vpcId)
      : Explanation(
        .lintWithDetail,
        [
          "text": Explanation(endpoint.vpcId),
          "detail": Explanation.joined(vpcCIDRs.map { "\($0)" }, separator: .listComma),
        ])
    let clientsNotes = refused.map { entry -> Explanation in
      let cidr = entry.subnet.cidrs.first { !$0.isIPv6 }
      let subnet = Explanation(entry.subnet.id)
      if entry.whole {
        return cidr.map {
          Explanation(.lintClientsInSubnet, ["subnet": subnet, "cidr": "\($0)"])
        } ?? Explanation(.lintClientsInSubnetNoCIDR, ["subnet": subnet])
      }
      let enis = Self.firstFew(Self.words(entry.enis), separator: .listComma)
      return cidr.map {
        Explanation(.lintENIsInSubnet, ["enis": enis, "subnet": subnet, "cidr": "\($0)"])
      } ?? Explanation(.lintENIsInSubnetNoCIDR, ["enis": enis, "subnet": subnet])
    }
    let groupsText = groupIds.map { id in
      topology.securityGroups[id]?.name.map {
        Explanation(.lintWithDetail, ["text": Explanation(id), "detail": Explanation($0)])
      } ?? Explanation(id)
    }
    let what = service ?? Explanation(.lintAnyTraffic)
    let refusedText = Self.listed(clientsNotes, phrases: true)
    let one = groupIds.count == 1
    let message: Message =
      everyone
      ? (one ? .lintEndpointAdmitsNoneOne : .lintEndpointAdmitsNoneMany)
      : (one ? .lintEndpointRefusesOne : .lintEndpointRefusesMany)
    let source = vpcCIDRs.first?.description
    let sourceText =
      source.map {
        Explanation(.lintVPCCIDR, ["vpc": Explanation(endpoint.vpcId), "cidr": Explanation($0)])
      } ?? Explanation(.lintTheVPCCIDR)
    let command =
      "--protocol tcp --port \(ports?.first.map(String.init) ?? "PORT") --cidr \(source ?? "VPC-CIDR")"
    let ruleService = service ?? Explanation(.lintTheEndpointServicePort)
    // The default group is every unassigned resource's: give the endpoint one of its own.
    let fix =
      groups[0].name == "default"
      ? Explanation(
        .lintFixEndpointOwnGroup,
        [
          "endpoint": Explanation(endpoint.id), "service": ruleService, "source": sourceText,
          "command": Explanation(command), "group": Explanation(groupIds[0]),
        ])
      : Explanation(
        .lintFixEndpointRule,
        [
          "service": ruleService, "source": sourceText, "group": Explanation(groupIds[0]),
          "command": Explanation(command),
        ])
    var finding = Finding(
      id: .endpointSGBlocksClients, severity: everyone ? .error : .warning,
      componentId: endpoint.id,
      relatedIds: (groupIds + refused.map(\.subnet.id)).uniqued().sorted(),
      note: Explanation(
        message,
        [
          "endpoint": Explanation(endpoint.id), "summary": Explanation.summary(endpoint),
          "what": what, "vpc": everyone ? vpcText : Explanation(endpoint.vpcId),
          "clients": refusedText,
          "groups": Self.listed(groupsText),
        ]),
      fixNote: fix)
    finding.affected = Finding.Affected(
      interfaceIds: refused.flatMap(\.enis).sorted(), groupIds: groupIds.sorted(),
      subnetIds: refused.map(\.subnet.id).sorted(),
      services: ports.map { $0.map { Self.service(6, PortRange(from: $0, to: $0)) } } ?? [],
      clients: clientsNotes.map(\.text))
    return finding
  }
}
