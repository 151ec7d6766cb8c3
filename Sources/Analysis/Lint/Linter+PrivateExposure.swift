import Messages
import NetworkPrimitives
import Topology

/// Admin and database ports open to all addresses on interfaces the internet cannot reach: no
/// public address, no route to an internet gateway, or a network ACL that keeps the internet
/// out. They are still open to everything that reaches the VPC: its other hosts (a compromised
/// neighbour), and the networks behind peering connections, transit gateways and virtual
/// private gateways (Site-to-Site VPN, Direct Connect) that the subnet routes to. AWS Config's
/// `restricted-common-ports` flags such a rule whether or not the instance is public.
extension Linter {
  /// `sg-admin-port-open-to-world-private`: the rule of `group` allows the sensitive ports `open`
  /// from `cidr` (all addresses), and the carriers `unreached` are ENIs the internet cannot
  /// reach (with why); `nil` when there are none.
  func privateExposureFinding(
    group: SecurityGroup, rule: SecurityGroupRule, cidr: CIDR,
    open: [(port: UInt16, name: String)],
    unreached: [(eni: NetworkInterface, reason: Explanation)]
  ) -> Finding? {
    guard !unreached.isEmpty else { return nil }
    var paths: [Explanation] = []
    for vpcId in Set(unreached.map(\.eni.vpcId)).sorted() {
      paths.append(Explanation(.lintOtherHostsOf, ["vpc": Explanation(vpcId)]))
    }
    for (eni, _) in unreached {
      for path in routedPaths(to: eni, ipv6: cidr.isIPv6, ports: open.map(\.port))
      where !paths.contains(path) {
        paths.append(path)
      }
    }
    let ports = Explanation.joined(
      open.map { item in
        Explanation(.lintWithDetail, ["text": "\(item.port)", "detail": Explanation(item.name)])
      }, separator: .listComma)
    let carriers = unreached.map { item in
      let address =
        (cidr.isIPv6 ? item.eni.ipv6s.first : item.eni.primaryIPv4)
        .map(\.description) ?? "?"
      return Explanation(
        .lintUnreachedENI,
        [
          "eni": Explanation(item.eni.id), "address": Explanation(address),
          "subnet": Explanation(item.eni.subnetId), "reason": item.reason,
        ])
    }
    return Finding(
      id: .sgAdminPortOpenToWorldPrivate, severity: .warning, componentId: group.id,
      rules: [.securityGroupRule(groupId: group.id, rule: rule, direction: .inbound)],
      relatedIds: unreached.map(\.eni.id),
      note: Explanation(
        .lintOpenToAllPrivate,
        [
          "group": Explanation(group.id), "rule": Explanation.rule(rule), "ports": ports,
          "carriers": Self.firstFew(carriers, separator: .lintSemicolon),
          "paths": Explanation.joined(paths, separator: .lintSemicolon),
        ]),
      fixNote: Explanation(
        .lintFixOpenToAllPrivate, ["cidr": "\(cidr)", "group": Explanation(group.id)])
    )
  }

  /// The networks behind the subnet's active routes to a peering connection, a transit gateway
  /// or a virtual private gateway, of the rule's address family, from which the subnet's NACL
  /// admits one of `ports` and whose replies take that route back; one phrase a gateway.
  func routedPaths(to eni: NetworkInterface, ipv6: Bool, ports: [UInt16]) -> [Explanation] {
    guard let table = index.routeTable(forSubnet: eni.subnetId) else { return [] }
    let acl = index.networkACL(forSubnet: eni.subnetId)
    var blocks: [(target: String, kind: Message, blocks: [CIDR])] = []
    for route in table.routes where route.state == .active {
      let kind: Message
      let id: String
      switch route.target {
      case .vpcPeeringConnection(let target): (kind, id) = (.lintPathPeering, target)
      case .transitGateway(let target): (kind, id) = (.lintPathTGW, target)
      case .virtualPrivateGateway(let target): (kind, id) = (.lintPathVPN, target)
      default: continue
      }
      let destinations: [CIDR]
      switch route.destination {
      case .cidr(let cidr): destinations = [cidr]
      case .prefixList(let list): destinations = topology.cidrs(ofPrefixList: list) ?? []
      }
      let admitted = destinations.filter { destination in
        guard destination.isIPv6 == ipv6 else { return false }
        return LintCells.addresses(
          in: destination, cutBy: addressFamily(subnetId: eni.subnetId, extra: [destination])
        ).map(\.representative).contains { client in
          // The reply to this client leaves by this route, and the NACL lets the request in.
          guard routes.lookup(subnetId: eni.subnetId, destination: client).route == route else {
            return false
          }
          guard let acl else { return true }
          return ports.contains { port in
            aclDecision(acl, egress: false, protocolNumber: 6, peer: client, port: port).allowed
          }
        }
      }
      if admitted.isEmpty { continue }
      if let index = blocks.firstIndex(where: { $0.target == id }) {
        blocks[index].blocks += admitted
      } else {
        blocks.append((id, kind, admitted))
      }
    }
    return blocks.map { item in
      Explanation(
        item.kind,
        [
          "target": Explanation(item.target),
          "blocks": Explanation.joined(item.blocks.map { "\($0)" }, separator: .listComma),
        ])
    }
  }
}
