import NetworkPrimitives
import Topology

/// Replies to connections an ENI opens to the internet, through an internet gateway, an
/// egress-only internet gateway or a NAT gateway.
extension Linter {
  /// `nacl-blocks-outbound-replies`: for every call out that an ENI's security groups allow and
  /// the NACLs on the way admit, the replies back through the same NACLs.
  ///
  /// The ports counted as calls out are those a TCP or UDP rule names, or 0-1023 (the
  /// well-known services) for a rule that allows all ports: an outbound NACL entry for
  /// 1024-65535 is usually there for replies, not for calls.
  func outboundReplyFindings() -> [Finding] {
    var groups: [ReplyKey: ReplyValue] = [:]
    for eni in interfaces {
      guard let subnet = topology.subnets[eni.subnetId],
        let acl = index.networkACL(forSubnet: eni.subnetId)
      else { continue }
      for groupId in eni.securityGroupIds {
        guard let group = topology.securityGroups[groupId] else { continue }
        for rule in group.outbound {
          let protocols: [UInt8]
          switch rule.protocolMatch {
          case .all: protocols = [6, 17]
          case .number(let number) where number == 6 || number == 17: protocols = [number]
          default: continue
          }
          let ports =
            rule.ports.flatMap { $0 == .all ? nil : $0 } ?? PortRange(from: 0, to: 1023)
          let cidrs: [CIDR]
          switch rule.peer {
          case .cidr(let cidr): cidrs = [cidr]
          case .prefixList(let id): cidrs = topology.cidrs(ofPrefixList: id) ?? []
          case .securityGroup: continue
          }
          let service = Finding.Rule.securityGroupRule(
            groupId: groupId, rule: rule, direction: .outbound)
          for cidr in cidrs {
            for protocolNumber in protocols {
              callsOut(
                eni: eni, subnet: subnet, acl: acl, cidr: cidr, protocolNumber: protocolNumber,
                ports: ports, service: service, into: &groups)
            }
          }
        }
      }
    }
    return groups.map { replyFinding($0.key, $0.value) }
  }

  private func callsOut(
    eni: NetworkInterface, subnet: Subnet, acl: NetworkACL, cidr: CIDR, protocolNumber: UInt8,
    ports: PortRange, service: Finding.Rule, into groups: inout [ReplyKey: ReplyValue]
  ) {
    guard let address = cidr.isIPv6 ? eni.ipv6s.first : eni.primaryIPv4 else { return }
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
      switch route.target {
      case .internetGateway(let gatewayId), .egressOnlyInternetGateway(let gatewayId):
        if case .internetGateway = route.target, !cidr.isIPv6, eni.publicIPv4s.isEmpty { continue }
        let kinds = clientKinds(of: eni)
        let blocks = replyBlocks(
          protocolNumber: protocolNumber, kinds: kinds, serverACL: nil, client: address,
          clientACL: acl, server: remote)
        record(
          blocks, kinds: kinds, id: .naclBlocksOutboundReplies, service: service,
          servicePorts: ports, protocolNumber: protocolNumber,
          clients: "the internet (\(cidr)) through \(gatewayId)", clientCIDR: subnetCIDR,
          serverCIDR: any, serverSubnetId: subnet.id, interfaceId: eni.id, into: &groups)
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
        let clients = "the internet (\(cidr)) through \(natId)"
        // The reply enters the NAT's subnet to the NAT's port (1024-65535)...
        let natKinds: [ClientKind] = [.natGatewayELBLambda]
        record(
          replyBlocks(
            protocolNumber: protocolNumber, kinds: natKinds, serverACL: nil, client: address,
            clientACL: natACL, server: remote),
          kinds: natKinds, id: .naclBlocksOutboundReplies, service: service, servicePorts: ports,
          protocolNumber: protocolNumber, clients: clients, clientCIDR: subnetCIDR,
          serverCIDR: any, serverSubnetId: subnet.id, interfaceId: eni.id, into: &groups)
        // ...then leaves it to the ENI's own port and enters the ENI's subnet.
        let kinds = clientKinds(of: eni)
        record(
          replyBlocks(
            protocolNumber: protocolNumber, kinds: kinds, serverACL: natACL, client: address,
            clientACL: acl, server: remote),
          kinds: kinds, id: .naclBlocksOutboundReplies, service: service, servicePorts: ports,
          protocolNumber: protocolNumber, clients: clients, clientCIDR: subnetCIDR,
          serverCIDR: any, serverSubnetId: subnet.id, interfaceId: eni.id, into: &groups)
      default:
        continue
      }
    }
  }
}
