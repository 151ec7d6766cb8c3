import Messages
import NetworkPrimitives
import Topology

/// Replies to connections an ENI opens to the internet, through an internet gateway, an
/// egress-only internet gateway, a NAT gateway or a gateway endpoint.
extension Linter {
  /// `nacl-blocks-outbound-replies`: for every call out that an ENI's security groups allow and
  /// the NACLs on the way admit, the replies back through the same NACLs.
  ///
  /// The ports counted as calls out are those a TCP or UDP rule names, or 0-1023 (the
  /// well-known services) for a rule that allows all ports: an outbound NACL entry for
  /// 1024-65535 is usually there for replies, not for calls.
  /// The cut replies of the calls `clients` make, by entry, call and destination.
  func outboundReplyGroups(_ clients: [NetworkInterface]) -> [EntryKey: EntryValue] {
    /// ENIs whose calls ``callsOut`` answers alike (one subnet, an address no NACL entry or
    /// rule of the VPC tells apart, the same public address and client kinds), for one rule.
    struct Work: Hashable {
      var subnetId: String
      var addressClass: [CIDR]
      var hasPublicIPv4: Bool
      var kinds: [ClientKind]
      var cidr: CIDR
      var protocolNumber: UInt8
      var ports: PortRange
      var groupId: String
      var ruleIndex: Int
    }
    var work:
      [Work: (eni: NetworkInterface, address: IPAddress, service: Finding.Rule, ids: [Int32])] = [:]
    var order: [Work] = []
    // Only ENIs that open connections of their own (an instance's, a Lambda function's, an
    // interface AWS does not manage): an endpoint's, a gateway's or a load balancer node's
    // outbound rules make no calls to the internet.
    for eni in clients where Self.mayCallEndpoints(eni) {
      guard let subnet = topology.subnets[eni.subnetId],
        index.networkACL(forSubnet: eni.subnetId) != nil
      else { continue }
      for groupId in eni.securityGroupIds {
        guard let group = topology.securityGroups[groupId] else { continue }
        for (ruleIndex, rule) in group.outbound.enumerated() {
          let protocols: [UInt8]
          switch rule.protocolMatch {
          case .all: protocols = [6, 17]
          case .number(let number) where number == 6 || number == 17: protocols = [number]
          default: continue
          }
          let ports =
            rule.ports.flatMap { $0 == .all ? nil : $0 } ?? PortRange(from: 0, to: 1023)
          var cidrs: [CIDR]
          switch rule.peer {
          case .cidr(let cidr): cidrs = [cidr]
          case .prefixList(let id): cidrs = topology.cidrs(ofPrefixList: id) ?? []
          case .securityGroup: continue
          }
          // The service blocks a gateway endpoint of the subnet carries (S3, DynamoDB), where
          // the rule allows calls to them.
          for block in gatewayEndpointBlocks(subnetId: eni.subnetId)
          where !cidrs.contains(block) && cidrs.contains(where: { $0.contains(block) }) {
            cidrs.append(block)
          }
          for cidr in cidrs {
            guard let address = cidr.isIPv6 ? eni.ipv6s.first : eni.primaryIPv4 else { continue }
            for protocolNumber in protocols {
              let key = Work(
                subnetId: subnet.id, addressClass: serverClass(address, subnet: subnet),
                hasPublicIPv4: !eni.publicIPv4s.isEmpty, kinds: clientKinds(of: eni), cidr: cidr,
                protocolNumber: protocolNumber, ports: ports, groupId: groupId,
                ruleIndex: ruleIndex)
              if work[key] == nil {
                order.append(key)
                work[key] = (
                  eni, address,
                  .securityGroupRule(groupId: groupId, rule: rule, direction: .outbound),
                  [position(of: eni)]
                )
              } else {
                work[key]?.ids.append(position(of: eni))
              }
            }
          }
        }
      }
    }
    var groups: [EntryKey: EntryValue] = [:]
    // The same calls under another group's rule are answered alike.
    var memo: [Work: [ReplyOutcome]] = [:]
    for key in order {
      guard let item = work[key], let subnet = topology.subnets[key.subnetId],
        let acl = index.networkACL(forSubnet: key.subnetId)
      else { continue }
      var calls = key
      calls.groupId = ""
      calls.ruleIndex = 0
      let outcomes: [ReplyOutcome]
      if let known = memo[calls] {
        outcomes = known
      } else {
        outcomes = Self.coalesced(
          callsOut(
            eni: item.eni, address: item.address, subnet: subnet, acl: acl, cidr: key.cidr,
            protocolNumber: key.protocolNumber, ports: key.ports))
        memo[calls] = outcomes
      }
      let tag = ServiceTag(item.service, subnetId: subnet.id)
      for outcome in outcomes {
        record(
          outcome, id: .naclBlocksOutboundReplies, tag: tag,
          servicePorts: outcome.sentPorts ?? key.ports,
          protocolNumber: key.protocolNumber, interfaces: item.ids, into: &groups)
      }
    }
    return groups
  }

  /// The replies of the calls one ENI makes to `cidr` under one rule, cut or not.
  private func callsOut(
    eni: NetworkInterface, address: IPAddress, subnet: Subnet, acl: NetworkACL, cidr: CIDR,
    protocolNumber: UInt8, ports: PortRange
  ) -> [ReplyOutcome] {
    var outcomes: [ReplyOutcome] = []
    let vpcCIDRs = topology.vpcs[subnet.vpcId]?.cidrs ?? []
    let any = cidr.isIPv6 ? "::/0" : "0.0.0.0/0"
    let subnetCIDR =
      subnet.cidrs.first { $0.isIPv6 == cidr.isIPv6 }?.description ?? address.description
    for cell in addressCells(in: cidr, subnetId: subnet.id) {
      let remote = cell.representative
      guard LintCells.isInternet(remote), !vpcCIDRs.contains(where: { $0.contains(remote) }) else {
        continue
      }
      let lookup = routes.lookup(subnetId: subnet.id, destination: remote)
      guard let route = lookup.route, route.state == .active else { continue }
      let sent = LintCells.ports(in: ports, cutBy: portRanges(acl, egress: true)).filter {
        admitsService(
          aclDecision(
            acl, egress: true, protocolNumber: protocolNumber, peer: remote, port: $0.from))
      }
      guard !sent.isEmpty else { continue }
      // The calls that leave: their ports, when the network ACL lets out one range of them.
      let sentRange: PortRange? =
        zip(sent, sent.dropFirst()).allSatisfy { Int($0.to) + 1 == Int($1.from) }
        ? PortRange(from: sent[0].from, to: sent[sent.count - 1].to) : nil
      let first = outcomes.count
      defer {
        for index in first..<outcomes.count { outcomes[index].sentPorts = sentRange }
      }
      switch route.target {
      case .internetGateway(let gatewayId), .egressOnlyInternetGateway(let gatewayId):
        if case .internetGateway = route.target, !cidr.isIPv6, eni.publicIPv4s.isEmpty { continue }
        let kinds = clientKinds(of: eni)
        let blocks = replyBlocks(
          protocolNumber: protocolNumber, kinds: kinds, serverACL: nil, client: address,
          clientACL: acl, server: remote)
        outcomes.append(
          ReplyOutcome(
            blocks: blocks, kinds: kinds,
            clients: Explanation(
              .lintInternetThrough, ["cidr": "\(cidr)", "via": Explanation(gatewayId)]),
            clientCIDR: subnetCIDR, serverCIDR: any))
      case .vpcEndpoint(let endpointId):
        // A gateway endpoint: the service's replies enter the ENI's subnet from its addresses
        // (VPC User Guide, "Gateway endpoints": the network ACL must allow them).
        guard let endpoint = topology.vpcEndpoints[endpointId], endpoint.kind == .gateway else {
          continue
        }
        let kinds = clientKinds(of: eni)
        outcomes.append(
          ReplyOutcome(
            blocks: replyBlocks(
              protocolNumber: protocolNumber, kinds: kinds, serverACL: nil, client: address,
              clientACL: acl, server: remote),
            kinds: kinds,
            clients: Explanation(
              .lintServiceThrough,
              [
                "service": Explanation(endpoint.serviceName),
                "cidr":
                  "\(gatewayEndpointBlocks(subnetId: subnet.id).first { $0.contains(remote) } ?? cidr)",
                "via": Explanation(endpointId),
              ]),
            clientCIDR: subnetCIDR, serverCIDR: any))
      case .natGateway(let natId):
        guard !cidr.isIPv6, let nat = topology.natGateways[natId], nat.state == "available",
          nat.subnetId != subnet.id, let natACL = index.networkACL(forSubnet: nat.subnetId),
          internetRoute(subnetId: nat.subnetId, ipv6: false) != nil
        else { continue }
        // The request crosses the NAT gateway's subnet twice: in from the ENI, out to the
        // internet (with the NAT's address and a port of 1024-65535).
        let through = sent.contains { cell in
          aclDecision(
            natACL, egress: false, protocolNumber: protocolNumber, peer: address, port: cell.from
          ).allowed
            && aclDecision(
              natACL, egress: true, protocolNumber: protocolNumber, peer: remote, port: cell.from
            ).allowed
        }
        guard through else { continue }
        // The reply enters the NAT's subnet to the NAT's port (1024-65535), then leaves it to
        // the ENI's own port and enters the ENI's subnet.
        let legs: [(kinds: [ClientKind], leaving: NetworkACL?, entering: NetworkACL)] = [
          ([.natGatewayELBLambda], nil, natACL), (clientKinds(of: eni), natACL, acl),
        ]
        for leg in legs {
          outcomes.append(
            ReplyOutcome(
              blocks: replyBlocks(
                protocolNumber: protocolNumber, kinds: leg.kinds, serverACL: leg.leaving,
                client: address, clientACL: leg.entering, server: remote),
              kinds: leg.kinds,
              clients: Explanation(
                .lintInternetThrough, ["cidr": "\(cidr)", "via": Explanation(natId)]),
              clientCIDR: subnetCIDR, serverCIDR: any))
        }
      default:
        continue
      }
    }
    return outcomes
  }

  /// The blocks of the prefix lists the subnet's table routes to a gateway endpoint.
  func gatewayEndpointBlocks(subnetId: String) -> [CIDR] {
    guard let table = index.routeTable(forSubnet: subnetId) else { return [] }
    return table.routes.flatMap { route -> [CIDR] in
      guard route.state == .active, case .vpcEndpoint(let id) = route.target,
        topology.vpcEndpoints[id]?.kind == .gateway, case .prefixList(let list) = route.destination
      else { return [] }
      return topology.cidrs(ofPrefixList: list) ?? []
    }
  }
}
