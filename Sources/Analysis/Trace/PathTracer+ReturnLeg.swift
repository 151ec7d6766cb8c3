import NetworkPrimitives
import Topology

/// The return leg: the reply from the destination back to the source, the way the forward
/// leg's shape says it must come.
extension PathTracer {
  func returnLeg(
    shape: Shape, request: Packet, source: TraceEndpoint, destination: TraceEndpoint,
    walk: inout Walk
  ) {
    let reply = request.reply()
    switch shape {
    case .local:
      returnLocally(reply, request: request, source: source, destination: destination, walk: &walk)

    case .internetGateway(let igwId):
      guard let sender = source.interface else { return }
      // The reply comes back to the sender's public address (or IPv6 address).
      let outsideReply = reply.withDestination(
        packet(request, translatedSourceOf: sender).source)
      guard replyLeaves(outsideReply, from: destination, request: request, walk: &walk) else {
        return
      }
      returnThroughInternetGateway(
        igwId: igwId, to: sender, reply: outsideReply, request: request, walk: &walk)

    case .natGateway(let nat, let port):
      guard let sender = source.interface, let natPublic = nat.publicIPs.first,
        let natPrivate = nat.privateIPs.first
      else { return }
      let outsideReply = reply.withDestination(natPublic, port: port)
      guard replyLeaves(outsideReply, from: destination, request: request, walk: &walk) else {
        return
      }
      returnThroughNatGateway(
        nat, natPublic: natPublic, natPrivate: natPrivate, to: sender, reply: outsideReply,
        request: request, walk: &walk)

    case .privateNatGateway(let nat, let port, let onward):
      guard let sender = source.interface else { return }
      returnThroughPrivateNatGateway(
        nat, port: port, onward: onward, to: sender, from: destination, request: request,
        walk: &walk)

    case .egressOnly(let eigwId):
      guard let sender = source.interface else { return }
      guard replyLeaves(reply, from: destination, request: request, walk: &walk) else { return }
      returnThroughEgressOnlyGateway(
        eigwId, to: sender, reply: reply, request: request, walk: &walk)

    case .peering(let pcxId):
      guard let sender = source.interface, let receiver = destination.interface else { return }
      returnThroughPeering(
        pcxId, from: receiver, to: sender, reply: reply, request: request, walk: &walk)

    case .gatewayEndpoint(let endpointId):
      guard let sender = source.interface else { return }
      returnThroughEndpoint(
        endpointId, to: sender, reply: reply, request: request, walk: &walk)

    case .transitGateway(let tgwId):
      guard let sender = source.interface, let receiver = destination.interface else { return }
      returnThroughTransitGateway(
        tgwId, from: receiver, to: sender, reply: reply, request: request, walk: &walk)

    case .beyondModel(let target):
      // The reply's checks on this side of the target: a request from past it (the receiver
      // is the destination) is answered by the destination; one sent past it is answered to
      // the source.
      if case .external = source, let receiver = destination.interface {
        leaveToward(target, from: receiver, reply: reply, request: request, walk: &walk)
      } else if let sender = source.interface {
        enterThrough(target, interface: sender, packet: reply, request: request, walk: &walk)
      }

    case .fromInternet:
      guard let receiver = destination.interface else { return }
      var inside = reply
      inside.source = receiverPrivateAddress(receiver, for: request.destination)
      sendReplyToInternet(receiver, reply: inside, request: request, walk: &walk)
    }
  }

  /// Within the VPC, by the local route: the receiver's security groups (by connection state),
  /// the route back, the subnets' network ACLs, the sender's security groups.
  func returnLocally(
    _ reply: Packet, request: Packet, source: TraceEndpoint, destination: TraceEndpoint,
    walk: inout Walk
  ) {
    guard let receiver = destination.interface else { return }
    let senderSubnetId: String
    switch source {
    case .interface(let sender, _, _): senderSubnetId = sender.subnetId
    case .unowned(_, _, let subnetId?): senderSubnetId = subnetId
    default: return
    }
    walk.add(securityGroupCheck(receiver, packet: reply, direction: .outbound, reply: request))
    let lookup = routes.lookup(subnetId: receiver.subnetId, destination: reply.destination)
    guard let route = lookup.route, route.state == .active, route.target == .local else {
      walk.add(
        routeCheck(
          lookup, subnetId: receiver.subnetId, packet: reply, required: Explanation(.theLocalRoute))
      )
      return
    }
    crossSubnets(from: receiver.subnetId, to: senderSubnetId, packet: reply, walk: &walk) {
      $0.add(routeCheck(lookup, subnetId: receiver.subnetId, packet: reply))
    }
    if walk.stopped { return }
    guard let sender = source.interface else {
      walk.cannotDecide(
        .securityGroupIngress, at: nil, reply, .unknownSource,
        Explanation(.unknownReplyDestination, ["destination": "\(reply.destination)"])
      )
      return
    }
    walk.add(securityGroupCheck(sender, packet: reply, direction: .inbound, reply: request))
  }

  /// When the destination is an ENI of the topology, its reply leaves for the internet
  /// (``sendReplyToInternet(_:reply:request:walk:)``); whether the leg goes on.
  private func replyLeaves(
    _ reply: Packet, from destination: TraceEndpoint, request: Packet, walk: inout Walk
  ) -> Bool {
    if let receiver = destination.interface {
      sendReplyToInternet(receiver, reply: reply, request: request, walk: &walk)
      if walk.stopped { return false }
    }
    return true
  }

  /// A reply leaves `receiver` for an address outside the VPC: SG (by connection state), route
  /// to the internet gateway, NACL egress, and the gateway's address mapping.
  private func sendReplyToInternet(
    _ receiver: NetworkInterface, reply: Packet, request: Packet, walk: inout Walk
  ) {
    var inside = reply
    if !reply.isIPv6, receiver.publicIPv4s.contains(where: { $0.publicIP == reply.source }) {
      inside.source = receiverPrivateAddress(receiver, for: reply.source)
    }
    walk.add(securityGroupCheck(receiver, packet: inside, direction: .outbound, reply: request))
    let lookup = routes.lookup(subnetId: receiver.subnetId, destination: inside.destination)
    switch lookup.route?.target {
    case .internetGateway(let igwId) where lookup.route?.state == .active:
      walk.add(aclCheck(subnetId: receiver.subnetId, packet: inside, egress: true))
      walk.add(routeCheck(lookup, subnetId: receiver.subnetId, packet: inside))
      if walk.stopped { return }
      _ = internetGatewayEgress(
        igwId: igwId, vpcId: receiver.vpcId, packet: inside, sender: receiver, walk: &walk)
    case .egressOnlyInternetGateway(let eigwId)
    where lookup.route?.state == .active && inside.isIPv6:
      // The connection was started from the internet, and an egress-only gateway passes only
      // connections started from the VPC (VPC User Guide, "Enable outbound IPv6 traffic using an
      // egress-only internet gateway": it "prevents the internet from initiating an IPv6
      // connection with your instances").
      walk.add(aclCheck(subnetId: receiver.subnetId, packet: inside, egress: true))
      walk.add(routeCheck(lookup, subnetId: receiver.subnetId, packet: inside))
      walk.deny(
        .egressOnlyInternetGateway, at: eigwId, inside, .cannotRoute,
        Explanation(.eigwReplyToInternetInitiated, ["gateway": "\(eigwId)"])
      )
    case .natGateway(let natId) where lookup.route?.state == .active:
      walk.add(
        skippedACL(
          .networkACLEgress, subnetId: receiver.subnetId, packet: inside,
          why: Explanation(.replyNotRoutedBack)))
      walk.add(
        .denied(
          .routeTable, at: lookup.table?.id, inside,
          rule: lookup.table.flatMap { table in
            lookup.route.map { .route(tableId: table.id, route: $0) }
          },
          .cannotRoute,
          Explanation(
            .replyToNATAsymmetric,
            [
              "table": lookup.table.map { Explanation($0.id) } ?? Explanation(.theRouteTable),
              "nat": "\(natId)",
            ])
        ))
    default:
      notRouted(
        lookup, subnetId: receiver.subnetId, packet: inside, why: Explanation(.replyNotRouted),
        required: Explanation(.routeToIGWForReplies),
        walk: &walk)
    }
  }
}
