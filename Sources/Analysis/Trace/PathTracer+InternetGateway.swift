import NetworkPrimitives
import Topology

/// Internet gateways and egress-only internet gateways, on both legs.
extension PathTracer {
  // MARK: - Forward leg

  /// `sender`'s packet, through the route to `igwId`, goes to the internet.
  func leaveThroughInternetGateway(
    _ igwId: String, sender: NetworkInterface, packet: Packet, toward destination: TraceEndpoint,
    walk: inout Walk
  ) -> Shape? {
    guard
      let translated = internetGatewayEgress(
        igwId: igwId, vpcId: sender.vpcId, packet: packet, sender: sender, walk: &walk)
    else { return nil }
    arriveFromInternet(packet: translated, destination: destination, walk: &walk)
    return .internetGateway(igwId)
  }

  /// `sender`'s packet, through the route to `eigwId`, goes to the internet: IPv6 only.
  func leaveThroughEgressOnlyGateway(
    _ eigwId: String, sender: NetworkInterface, packet: Packet, toward destination: TraceEndpoint,
    walk: inout Walk
  ) -> Shape? {
    guard packet.isIPv6 else {
      walk.deny(
        .egressOnlyInternetGateway, at: eigwId, packet, .cannotRoute,
        Explanation(.eigwIPv6Only, ["gateway": "\(eigwId)"]))
      return nil
    }
    guard
      topology.egressOnlyInternetGateways[eigwId]?.attachedVpcIds.contains(sender.vpcId) == true
    else {
      walk.deny(
        .egressOnlyInternetGateway, at: eigwId, packet, .badStateAttachment,
        Explanation(.gatewayNotAttached, ["gateway": "\(eigwId)", "vpc": "\(sender.vpcId)"]))
      return nil
    }
    walk.allow(
      .egressOnlyInternetGateway, at: eigwId, packet,
      Explanation(.eigwLetsOut, ["gateway": "\(eigwId)"]))
    arriveFromInternet(packet: packet, destination: destination, walk: &walk)
    return .egressOnly(eigwId)
  }

  /// The internet gateway sends a packet out: it must be attached, and IPv4 needs a public
  /// address for the sender's private one. Returns the packet as it leaves (public source).
  func internetGatewayEgress(
    igwId: String, vpcId: String, packet: Packet, sender: NetworkInterface?, walk: inout Walk
  ) -> Packet? {
    guard let gateway = topology.internetGateways[igwId] else {
      walk.cannotDecide(
        .internetGateway, at: igwId, packet, .unsupportedComponent,
        Explanation(.igwNotInTopology, ["gateway": "\(igwId)", "vpc": "\(vpcId)"]))
      return nil
    }
    guard gateway.attachedVpcIds.contains(vpcId) else {
      walk.deny(
        .internetGateway, at: igwId, packet, .badStateAttachment,
        Explanation(.gatewayNotAttached, ["gateway": "\(igwId)", "vpc": "\(vpcId)"]))
      return nil
    }
    if packet.isIPv6 {
      walk.allow(
        .internetGateway, at: igwId, packet,
        Explanation(.igwSendsIPv6, ["gateway": "\(igwId)"]))
      return packet
    }
    if packet.destination.isPrivateIPv4 {
      walk.deny(
        .internetGateway, at: igwId, packet, .cannotRoute,
        Explanation(
          .igwPrivateDestination,
          ["gateway": "\(igwId)", "destination": "\(packet.destination)"]))
      return nil
    }
    if let sender {
      guard let mapping = sender.publicIPv4s.first(where: { $0.privateIP == packet.source }) else {
        walk.deny(
          .internetGateway, at: igwId, packet, .igwPublicIPAssociationForEgress,
          Explanation(
            .igwNoPublicAddress,
            ["eni": "\(sender.id)", "source": "\(packet.source)", "gateway": "\(igwId)"]))
        return nil
      }
      let translated = packet.withSource(mapping.publicIP)
      walk.allow(
        .internetGateway, at: igwId, translated,
        Explanation(
          .igwMapsSource,
          [
            "gateway": "\(igwId)", "source": "\(packet.source)",
            "public": "\(mapping.publicIP)",
          ]))
      return translated
    }
    walk.allow(
      .internetGateway, at: igwId, packet, Explanation(.igwSends, ["gateway": "\(igwId)"]))
    return packet
  }

  /// After a gateway sent the packet to the internet: it may come back in to an ENI of the
  /// topology (through that ENI's internet gateway), or leave the model.
  func arriveFromInternet(
    packet: Packet, destination: TraceEndpoint, walk: inout Walk
  ) {
    if !walk.stopped, case .unowned = destination {
      walk.add(unknownDestination(destination, packet: packet))
      return
    }
    guard !walk.stopped, let receiver = destination.interface else { return }
    _ = enterFromInternet(packet: packet, receiver: receiver, walk: &walk)
  }

  /// From the internet to `receiver` through its VPC's internet gateway.
  func enterFromInternet(packet: Packet, receiver: NetworkInterface, walk: inout Walk)
    -> Shape?
  {
    guard let igw = internetGatewayIngress(packet: packet, receiver: receiver, walk: &walk) else {
      return nil
    }
    var inside = packet
    inside.destination = receiverPrivateAddress(receiver, for: packet.destination)
    if let middlebox = edgeRoute(of: igw.id, packet: inside, walk: &walk) {
      // Inspected on the way in: the receiver's own checks still decide when they deny.
      if walk.stopped { return nil }
      enterThrough(middlebox, interface: receiver, packet: inside, request: nil, walk: &walk)
      return walk.stopped ? nil : .beyondModel(middlebox)
    }
    enter(receiver, packet: inside, reply: nil, walk: &walk)
    if walk.stopped { return nil }
    return .fromInternet(igw.id)
  }

  /// Ingress routing (VPC User Guide, "Gateway route tables"): a route table associated with
  /// the internet gateway (an edge association) may send what comes in to a middlebox, a
  /// Gateway Load Balancer (or AWS Network Firewall) endpoint or an appliance's ENI, before it
  /// reaches the receiver. Such a hop is added, undetermined (its rules or forwarding are not
  /// in the topology), and its target returned; `nil` when the edge table (if any) delivers
  /// the packet by the local route.
  func edgeRoute(of gatewayId: String, packet: Packet, walk: inout Walk) -> RouteTarget? {
    guard
      let table = topology.routeTables.values.sorted(by: { $0.id < $1.id }).first(where: {
        $0.gatewayIds.contains(gatewayId)
      })
    else { return nil }
    let lookup = routes.lookup(in: table, destination: packet.destination)
    guard let route = lookup.route, route.state == .active, route.target != .local else {
      return nil
    }
    if case .vpcEndpoint(let id) = route.target, let endpoint = topology.vpcEndpoints[id],
      endpoint.kind == .gatewayLoadBalancer
    {
      // Into the endpoint's subnet from the gateway: its network ACL inbound, then the
      // inspection.
      inspect(
        endpoint, from: nil, packet: packet,
        sentBy: Explanation(
          .edgeRouteSendsTo,
          [
            "table": "\(table.id)", "gateway": "\(gatewayId)",
            "destination": "\(packet.destination)", "route": "\(route)",
          ]),
        walk: &walk)
    } else {
      walk.addContinuing(
        .undetermined(
          .routeTable, at: table.id, packet, .unsupportedComponent,
          Explanation(
            .edgeRouteMiddlebox,
            [
              "table": "\(table.id)", "gateway": "\(gatewayId)",
              "destination": "\(packet.destination)", "route": "\(route)",
            ])))
    }
    return route.target
  }

  /// A packet from the internet to `receiver`: its VPC needs an attached internet gateway, and
  /// IPv4 must be addressed to one of the ENI's public addresses.
  private func internetGatewayIngress(
    packet: Packet, receiver: NetworkInterface, walk: inout Walk
  ) -> InternetGateway? {
    guard let igw = index.internetGateway(attachedTo: receiver.vpcId) else {
      // A route of the VPC to a gateway the topology does not describe: it may be attached.
      let named = topology.routeTables.values.filter { $0.vpcId == receiver.vpcId }
        .flatMap(\.routes).compactMap { route -> String? in
          if case .internetGateway(let id) = route.target, topology.internetGateways[id] == nil {
            return id
          }
          return nil
        }.sorted().first
      if let named {
        walk.cannotDecide(
          .internetGateway, at: named, packet, .unsupportedComponent,
          Explanation(
            .vpcRoutesNameUnknownIGW, ["vpc": "\(receiver.vpcId)", "gateway": "\(named)"]))
        return nil
      }
      walk.deny(
        .internetGateway, at: nil, packet, .noPath,
        Explanation(.vpcHasNoIGW, ["vpc": "\(receiver.vpcId)"]))
      return nil
    }
    if !packet.isIPv6
      && !receiver.publicIPv4s.contains(where: { $0.publicIP == packet.destination })
    {
      walk.deny(
        .internetGateway, at: igw.id, packet, .igwPrivateIPAssociationForIngress,
        Explanation(
          .notPublicAddressOf,
          ["destination": "\(packet.destination)", "eni": "\(receiver.id)"]))
      return nil
    }
    let privateAddress = receiverPrivateAddress(receiver, for: packet.destination)
    walk.allow(
      .internetGateway, at: igw.id, packet.withDestination(privateAddress),
      packet.isIPv6
        ? Explanation(.igwDeliversIPv6, ["gateway": "\(igw.id)", "eni": "\(receiver.id)"])
        : Explanation(
          .igwMapsDestination,
          [
            "gateway": "\(igw.id)", "destination": "\(packet.destination)",
            "eni": "\(receiver.id)", "private": "\(privateAddress)",
          ]))
    return igw
  }

  // MARK: - Return leg

  /// A reply from the internet arrives at `sender` through the internet gateway.
  func returnThroughInternetGateway(
    igwId: String, to sender: NetworkInterface, reply: Packet, request: Packet, walk: inout Walk
  ) {
    let inside = reply.withDestination(request.source)
    walk.allow(
      .internetGateway, at: igwId, inside,
      reply.isIPv6
        ? Explanation(.igwDeliversIPv6Reply, ["gateway": "\(igwId)"])
        : Explanation(
          .igwMapsBack,
          [
            "gateway": "\(igwId)", "destination": "\(reply.destination)",
            "private": "\(inside.destination)",
          ]))
    enter(sender, packet: inside, reply: request, walk: &walk)
  }

  /// A reply from the internet arrives at `sender` through the egress-only gateway `eigwId`.
  func returnThroughEgressOnlyGateway(
    _ eigwId: String, to sender: NetworkInterface, reply: Packet, request: Packet, walk: inout Walk
  ) {
    walk.allow(
      .egressOnlyInternetGateway, at: eigwId, reply,
      Explanation(.eigwLetsRepliesIn, ["gateway": "\(eigwId)"]))
    enter(sender, packet: reply, reply: request, walk: &walk)
  }
}
