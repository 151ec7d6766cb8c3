import NetworkPrimitives
import Topology

/// Walks a flow's forward leg and return leg through the topology, checkpoint by checkpoint, in
/// AWS's order, and gives a verdict.
///
/// Semantics (docs/evaluation.md has the sources): security groups are stateful, so replies of a
/// tracked flow pass whatever the rules say; network ACLs are stateless and apply only where a
/// packet crosses a subnet boundary; routes are chosen by longest prefix match in the subnet's
/// table; internet traffic needs an attached internet gateway, a route to it in the subnet's own
/// table and (IPv4) a public address.
public struct PathTracer: Sendable {
  public let index: TopologyIndex
  public var topology: Topology { index.topology }
  /// Made from the index when asked for: a tracer is then one reference to copy.
  var securityGroups: SecurityGroupEvaluator { SecurityGroupEvaluator(index: index) }
  var routes: RouteEvaluator { RouteEvaluator(index: index) }

  public init(topology: Topology) { self.init(index: TopologyIndex(topology)) }

  public init(index: TopologyIndex) {
    self.index = index
  }

  /// How the forward leg left the source, which decides the shape of the return leg.
  enum Shape {
    case local
    case internetGateway(String)
    case natGateway(NatGateway, translatedPort: UInt16)
    case egressOnly(String)
    case peering(String)
    case fromInternet(String)
  }

  /// Traces `packet` (whose addresses are the endpoints' visible addresses) from `source` to
  /// `destination` and back.
  public func trace(
    from source: TraceEndpoint, to destination: TraceEndpoint, packet: Packet,
    sourcePortNote: String? = nil
  ) -> PathTrace {
    var forward = Walk()
    var shape: Shape? = nil
    switch (source, destination) {
    case (.interface(let sender, _, _), _):
      shape = leaveInterface(sender, packet: packet, toward: destination, walk: &forward)
    case (.unowned(let address, let vpcId, let subnetId), _):
      shape = leaveUnowned(
        address, vpcId: vpcId, subnetId: subnetId, packet: packet, toward: destination,
        walk: &forward)
    case (.external, .interface(let receiver, _, _)):
      if unmodelledWayIn(from: packet.source, to: receiver, packet: packet, walk: &forward) {
        break
      }
      shape = enterFromInternet(packet: packet, receiver: receiver, walk: &forward)
    case (.external, .unowned):
      forward.add(unknownDestination(destination, packet: packet))
    case (.external, .external):
      forward.add(
        Checkpoint(
          check: .destination, result: .undetermined, componentId: nil, packet: packet,
          code: .noPath,
          explanation:
            "neither \(source.address) nor \(destination.address) is an address of the topology"))
    }
    var returnWalk = Walk()
    var tracking: PathTrace.Tracking? = nil
    if let shape, !forward.stopped {
      tracking = trackingAtDestination(packet: packet, source: source, destination: destination)
      returnLeg(
        shape: shape, request: packet, source: source, destination: destination,
        walk: &returnWalk)
    }
    let trace = PathTrace(
      source: source, destination: destination, request: packet, sourcePortNote: sourcePortNote,
      forward: forward.checkpoints, returnLeg: returnWalk.checkpoints, tracking: tracking)
    return trace
  }

  // MARK: - The forward leg

  /// The packet leaves `sender` (`packet.source` is its private address).
  private func leaveInterface(
    _ sender: NetworkInterface, packet: Packet, toward destination: TraceEndpoint,
    walk: inout Walk
  ) -> Shape? {
    walk.add(securityGroupCheck(sender, packet: packet, direction: .outbound, reply: nil))
    if walk.stopped { return nil }
    let lookup = routes.lookup(subnetId: sender.subnetId, destination: packet.destination)
    guard let route = lookup.route, route.state == .active else {
      walk.add(
        skippedACL(
          .networkACLEgress, subnetId: sender.subnetId, packet: packet,
          why: "the packet is not routed"))
      walk.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
      return nil
    }
    switch route.target {
    case .local:
      guard let receiver = destination.interface, receiver.vpcId == sender.vpcId else {
        walk.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
        walk.add(unknownDestination(destination, packet: packet))
        return nil
      }
      crossSubnets(from: sender.subnetId, to: receiver.subnetId, packet: packet, walk: &walk) {
        $0.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
      }
      if walk.stopped { return nil }
      walk.add(securityGroupCheck(receiver, packet: packet, direction: .inbound, reply: nil))
      return .local

    case .internetGateway(let igwId):
      walk.add(aclCheck(subnetId: sender.subnetId, packet: packet, egress: true))
      walk.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
      if walk.stopped { return nil }
      guard
        let translated = internetGatewayEgress(
          igwId: igwId, vpcId: sender.vpcId, packet: packet, sender: sender, walk: &walk)
      else { return nil }
      arriveFromInternet(packet: translated, destination: destination, walk: &walk)
      return .internetGateway(igwId)

    case .natGateway(let natId):
      guard let nat = topology.natGateways[natId] else {
        walk.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
        walk.add(
          Checkpoint(
            check: .natGateway, result: .denied, componentId: natId, packet: packet,
            code: .badStateRoute, explanation: "\(natId) is not in the topology"))
        return nil
      }
      crossSubnets(from: sender.subnetId, to: nat.subnetId, packet: packet, walk: &walk) {
        $0.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
      }
      if walk.stopped { return nil }
      let port = Self.natPort(for: packet)
      guard let translated = natGatewayEgress(nat, packet: packet, port: port, walk: &walk),
        nat.connectivity == .public
      else {
        if nat.connectivity == .private && !walk.stopped {
          walk.add(
            Checkpoint(
              check: .natGateway, result: .undetermined, componentId: nat.id, packet: packet,
              code: .unsupportedComponent,
              explanation: "private NAT gateways are not modelled beyond the translation"))
        }
        return nil
      }
      let natLookup = routes.lookup(subnetId: nat.subnetId, destination: translated.destination)
      guard case .internetGateway(let igwId) = natLookup.route?.target,
        natLookup.route?.state == .active
      else {
        walk.add(
          skippedACL(
            .networkACLEgress, subnetId: nat.subnetId, packet: translated,
            why: "the packet is not routed to an internet gateway"))
        walk.add(
          routeCheck(
            natLookup, subnetId: nat.subnetId, packet: translated,
            required:
              "an internet gateway (a public NAT gateway reaches the internet through the internet gateway of its own subnet's route table)"
          ))
        return nil
      }
      walk.add(aclCheck(subnetId: nat.subnetId, packet: translated, egress: true))
      walk.add(routeCheck(natLookup, subnetId: nat.subnetId, packet: translated))
      if walk.stopped { return nil }
      guard let outside = natInternetEgress(nat, igwId: igwId, packet: translated, walk: &walk)
      else { return nil }
      arriveFromInternet(packet: outside, destination: destination, walk: &walk)
      return .natGateway(nat, translatedPort: port)

    case .egressOnlyInternetGateway(let eigwId):
      walk.add(aclCheck(subnetId: sender.subnetId, packet: packet, egress: true))
      walk.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
      if walk.stopped { return nil }
      guard packet.isIPv6 else {
        walk.add(
          Checkpoint(
            check: .egressOnlyInternetGateway, result: .denied, componentId: eigwId, packet: packet,
            code: .cannotRoute, explanation: "\(eigwId) carries IPv6 only"))
        return nil
      }
      guard
        topology.egressOnlyInternetGateways[eigwId]?.attachedVpcIds.contains(sender.vpcId) == true
      else {
        walk.add(
          Checkpoint(
            check: .egressOnlyInternetGateway, result: .denied, componentId: eigwId,
            packet: packet, code: .badStateAttachment,
            explanation: "\(eigwId) is not attached to \(sender.vpcId)"))
        return nil
      }
      walk.add(
        Checkpoint(
          check: .egressOnlyInternetGateway, result: .allowed, componentId: eigwId, packet: packet,
          explanation: "\(eigwId) lets outbound-initiated IPv6 traffic out"))
      arriveFromInternet(packet: packet, destination: destination, walk: &walk)
      return .egressOnly(eigwId)

    case .vpcPeeringConnection(let pcxId):
      walk.add(aclCheck(subnetId: sender.subnetId, packet: packet, egress: true))
      walk.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
      if walk.stopped { return nil }
      guard peeringCheck(pcxId, from: sender.vpcId, packet: packet, walk: &walk) else { return nil }
      guard let receiver = destination.interface else {
        if case .unowned = destination {
          walk.add(unknownDestination(destination, packet: packet))
          return nil
        }
        walk.add(
          Checkpoint(
            check: .destination, result: .undetermined, componentId: nil, packet: packet,
            code: .unknownDestination,
            explanation: "the peer VPC's interfaces are not in the topology"))
        return nil
      }
      walk.add(aclCheck(subnetId: receiver.subnetId, packet: packet, egress: false))
      if walk.stopped { return nil }
      walk.add(securityGroupCheck(receiver, packet: packet, direction: .inbound, reply: nil))
      return .peering(pcxId)

    default:
      walk.add(aclCheck(subnetId: sender.subnetId, packet: packet, egress: true))
      walk.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
      if walk.stopped { return nil }
      walk.add(unsupportedTarget(route, packet: packet))
      return nil
    }
  }

  /// The packet leaves an address of a VPC that no ENI of the topology owns. Its security groups
  /// are unknown, so the trace can at best be undetermined; the checks that do not depend on
  /// them (its subnet's NACL and route table, the receiver's NACL and security groups) are
  /// still made, and any of them that denies decides. Only the local route is followed: through
  /// a gateway, what happens depends on the sender's public address or translation, unknown.
  private func leaveUnowned(
    _ address: IPAddress, vpcId: String, subnetId: String?, packet: Packet,
    toward destination: TraceEndpoint, walk: inout Walk
  ) -> Shape? {
    let owner = subnetId ?? vpcId
    walk.add(
      Checkpoint(
        check: .securityGroupEgress, result: .undetermined, componentId: nil, packet: packet,
        code: .unknownSource,
        explanation:
          "no network interface in the topology owns \(address), an address of \(owner), so its security groups are unknown (the topology may be older than the traffic, or miss an interface)"
      ))
    guard let subnetId else {
      walk.add(
        Checkpoint(
          check: .routeTable, result: .undetermined, componentId: nil, packet: packet,
          code: .unknownSource,
          explanation:
            "no subnet of the topology holds \(address), so the route table it leaves by is unknown"
        ))
      return nil
    }
    let lookup = routes.lookup(subnetId: subnetId, destination: packet.destination)
    guard let route = lookup.route, route.state == .active else {
      walk.add(
        skippedACL(
          .networkACLEgress, subnetId: subnetId, packet: packet, why: "the packet is not routed"))
      walk.add(routeCheck(lookup, subnetId: subnetId, packet: packet))
      return nil
    }
    switch route.target {
    case .local:
      guard let receiver = destination.interface, receiver.vpcId == vpcId else {
        walk.add(routeCheck(lookup, subnetId: subnetId, packet: packet))
        walk.add(unknownDestination(destination, packet: packet))
        return nil
      }
      crossSubnets(from: subnetId, to: receiver.subnetId, packet: packet, walk: &walk) {
        $0.add(routeCheck(lookup, subnetId: subnetId, packet: packet))
      }
      if walk.stopped { return nil }
      walk.add(securityGroupCheck(receiver, packet: packet, direction: .inbound, reply: nil))
      return .local
    case .internetGateway, .natGateway, .egressOnlyInternetGateway, .vpcPeeringConnection:
      walk.add(aclCheck(subnetId: subnetId, packet: packet, egress: true))
      walk.add(routeCheck(lookup, subnetId: subnetId, packet: packet))
      if walk.stopped { return nil }
      let check: Checkpoint.Check =
        switch route.target {
        case .internetGateway: .internetGateway
        case .natGateway: .natGateway
        case .egressOnlyInternetGateway: .egressOnlyInternetGateway
        default: .peeringConnection
        }
      walk.add(
        Checkpoint(
          check: check, result: .undetermined, componentId: route.target.description,
          packet: packet, code: .unknownSource,
          explanation:
            "what \(route.target) does with the packet depends on the interface that sends it (its public address, its translation), and no interface in the topology owns \(address)"
        ))
      return nil
    default:
      walk.add(aclCheck(subnetId: subnetId, packet: packet, egress: true))
      walk.add(routeCheck(lookup, subnetId: subnetId, packet: packet))
      if walk.stopped { return nil }
      walk.add(unsupportedTarget(route, packet: packet))
      return nil
    }
  }

  /// Whether traffic between `address`, outside every VPC of the topology, and `receiver`
  /// crosses a target flowcause does not model (a virtual private gateway, a transit gateway,
  /// an endpoint, an appliance ENI or instance): then it is not internet traffic, and the trace
  /// stops at the route that says so. The receiver's own table decides where its replies go,
  /// so it is asked first; then the tables of the VPC's other subnets, because a route there
  /// means the address is reached through that target, and so can reach the VPC through it.
  private func unmodelledWayIn(
    from address: IPAddress, to receiver: NetworkInterface, packet: Packet, walk: inout Walk
  ) -> Bool {
    let others = topology.subnets.values.filter {
      $0.vpcId == receiver.vpcId && $0.id != receiver.subnetId
    }.map(\.id).sorted()
    for subnetId in [receiver.subnetId] + others {
      let lookup = routes.lookup(subnetId: subnetId, destination: address)
      guard let route = lookup.route, route.state == .active, Self.isUnmodelled(route.target)
      else { continue }
      // Worded for the address looked up (`sends 172.16.5.5 by …`), shown with the request.
      var checkpoint = routeCheck(lookup, subnetId: subnetId, packet: packet.reply())
      checkpoint.packet = packet
      checkpoint.result = .undetermined
      checkpoint.code = .unsupportedComponent
      checkpoint.explanation =
        "\(checkpoint.explanation): traffic between \(address) and \(receiver.vpcId) goes through \(route.target), not the internet gateway, and flowcause does not model \(route.target)"
      walk.add(checkpoint)
      return true
    }
    return false
  }

  /// Targets the trace does not follow: virtual private and transit gateways, endpoints,
  /// appliance ENIs and instances, and the rest (docs/evaluation.md, "Not modelled").
  static func isUnmodelled(_ target: RouteTarget) -> Bool {
    switch target {
    case .local, .internetGateway, .egressOnlyInternetGateway, .natGateway, .vpcPeeringConnection:
      return false
    case .networkInterface, .instance, .transitGateway, .virtualPrivateGateway, .vpcEndpoint,
      .other:
      return true
    }
  }

  private func unsupportedTarget(_ route: Route, packet: Packet) -> Checkpoint {
    Checkpoint(
      check: .routeTable, result: .undetermined, componentId: route.target.description,
      packet: packet, code: .unsupportedComponent,
      explanation:
        "the route sends the packet to \(route.target), which flowcause does not model beyond this point"
    )
  }

  /// The destination is an address of a VPC that no ENI of the topology owns.
  private func unknownDestination(_ destination: TraceEndpoint, packet: Packet) -> Checkpoint {
    let owner: String
    if case .unowned(_, let vpcId, let subnetId) = destination {
      owner = subnetId ?? vpcId
    } else {
      owner = "the VPC"
    }
    return Checkpoint(
      check: .destination, result: .denied, componentId: nil, packet: packet,
      code: .unknownDestination,
      explanation:
        "no network interface in the topology owns \(packet.destination), an address of \(owner)")
  }

  /// From the internet to `receiver` through its VPC's internet gateway.
  private func enterFromInternet(packet: Packet, receiver: NetworkInterface, walk: inout Walk)
    -> Shape?
  {
    guard let igw = internetGatewayIngress(packet: packet, receiver: receiver, walk: &walk) else {
      return nil
    }
    var inside = packet
    inside.destination = receiverPrivateAddress(receiver, for: packet.destination)
    walk.add(aclCheck(subnetId: receiver.subnetId, packet: inside, egress: false))
    if walk.stopped { return nil }
    walk.add(securityGroupCheck(receiver, packet: inside, direction: .inbound, reply: nil))
    return .fromInternet(igw.id)
  }

  /// After a gateway sent the packet to the internet: it may come back in to an ENI of the
  /// topology (through that ENI's internet gateway), or leave the model.
  private func arriveFromInternet(
    packet: Packet, destination: TraceEndpoint, walk: inout Walk
  ) {
    if !walk.stopped, case .unowned = destination {
      walk.add(unknownDestination(destination, packet: packet))
      return
    }
    guard !walk.stopped, let receiver = destination.interface else { return }
    _ = enterFromInternet(packet: packet, receiver: receiver, walk: &walk)
  }

  // MARK: - The return leg

  private func returnLeg(
    shape: Shape, request: Packet, source: TraceEndpoint, destination: TraceEndpoint,
    walk: inout Walk
  ) {
    let reply = request.reply()
    switch shape {
    case .local:
      guard let receiver = destination.interface else { return }
      let senderSubnetId: String
      switch source {
      case .interface(let sender, _, _): senderSubnetId = sender.subnetId
      case .unowned(_, _, let subnetId?): senderSubnetId = subnetId
      default: return
      }
      walk.add(
        securityGroupCheck(receiver, packet: reply, direction: .outbound, reply: request))
      let lookup = routes.lookup(subnetId: receiver.subnetId, destination: reply.destination)
      guard let route = lookup.route, route.state == .active, route.target == .local else {
        walk.add(
          routeCheck(
            lookup, subnetId: receiver.subnetId, packet: reply, required: "the local route"))
        return
      }
      crossSubnets(from: receiver.subnetId, to: senderSubnetId, packet: reply, walk: &walk) {
        $0.add(routeCheck(lookup, subnetId: receiver.subnetId, packet: reply))
      }
      if walk.stopped { return }
      guard let sender = source.interface else {
        walk.add(
          Checkpoint(
            check: .securityGroupIngress, result: .undetermined, componentId: nil, packet: reply,
            code: .unknownSource,
            explanation:
              "no network interface in the topology owns \(reply.destination), so whether its security groups track the connection (and let the reply in) is unknown"
          ))
        return
      }
      walk.add(securityGroupCheck(sender, packet: reply, direction: .inbound, reply: request))

    case .internetGateway(let igwId):
      guard let sender = source.interface else { return }
      // The reply comes back to the sender's public address (or IPv6 address).
      let outsideReply = reply.withDestination(
        packet(request, translatedSourceOf: sender).source)
      if let receiver = destination.interface {
        sendReplyToInternet(receiver, reply: outsideReply, request: request, walk: &walk)
        if walk.stopped { return }
      }
      returnThroughInternetGateway(
        igwId: igwId, to: sender, reply: outsideReply, request: request, walk: &walk)

    case .natGateway(let nat, let port):
      guard let sender = source.interface, let natPublic = nat.publicIPs.first,
        let natPrivate = nat.privateIPs.first
      else { return }
      let outsideReply = reply.withDestination(natPublic, port: port)
      if let receiver = destination.interface {
        sendReplyToInternet(receiver, reply: outsideReply, request: request, walk: &walk)
        if walk.stopped { return }
      }
      let igwId = index.internetGateway(attachedTo: nat.vpcId)?.id ?? "internet gateway"
      walk.add(
        Checkpoint(
          check: .internetGateway, result: .allowed, componentId: igwId,
          packet: outsideReply,
          explanation:
            "\(igwId) maps \(natPublic) back to the NAT gateway's private address \(natPrivate)"))
      let atNat = outsideReply.withDestination(natPrivate)
      walk.add(aclCheck(subnetId: nat.subnetId, packet: atNat, egress: false))
      if walk.stopped { return }
      let back = atNat.withDestination(
        sender.primaryIPv4 ?? request.source, port: request.sourcePort)
      walk.add(
        Checkpoint(
          check: .natGateway, result: .allowed, componentId: nat.id, packet: back,
          rule: nil,
          explanation:
            "\(nat.id) matches its translation and sends the reply to \(back.destination):\(back.destinationPort)"
        ))
      let lookup = routes.lookup(subnetId: nat.subnetId, destination: back.destination)
      guard lookup.route?.target == .local, lookup.route?.state == .active else {
        walk.add(
          routeCheck(lookup, subnetId: nat.subnetId, packet: back, required: "the local route"))
        return
      }
      crossSubnets(from: nat.subnetId, to: sender.subnetId, packet: back, walk: &walk) {
        $0.add(routeCheck(lookup, subnetId: nat.subnetId, packet: back))
      }
      if walk.stopped { return }
      walk.add(securityGroupCheck(sender, packet: back, direction: .inbound, reply: request))

    case .egressOnly(let eigwId):
      guard let sender = source.interface else { return }
      if let receiver = destination.interface {
        sendReplyToInternet(receiver, reply: reply, request: request, walk: &walk)
        if walk.stopped { return }
      }
      walk.add(
        Checkpoint(
          check: .egressOnlyInternetGateway, result: .allowed, componentId: eigwId, packet: reply,
          explanation: "\(eigwId) lets in the replies of connections started from the VPC"))
      walk.add(aclCheck(subnetId: sender.subnetId, packet: reply, egress: false))
      if walk.stopped { return }
      walk.add(securityGroupCheck(sender, packet: reply, direction: .inbound, reply: request))

    case .peering(let pcxId):
      guard let sender = source.interface, let receiver = destination.interface else { return }
      walk.add(
        securityGroupCheck(receiver, packet: reply, direction: .outbound, reply: request))
      let lookup = routes.lookup(subnetId: receiver.subnetId, destination: reply.destination)
      guard lookup.route?.target == .vpcPeeringConnection(pcxId), lookup.route?.state == .active
      else {
        walk.add(aclCheck(subnetId: receiver.subnetId, packet: reply, egress: true))
        walk.add(
          routeCheck(
            lookup, subnetId: receiver.subnetId, packet: reply,
            required: "a route to \(pcxId) (peering routes are needed on both sides)"))
        return
      }
      walk.add(aclCheck(subnetId: receiver.subnetId, packet: reply, egress: true))
      walk.add(routeCheck(lookup, subnetId: receiver.subnetId, packet: reply))
      if walk.stopped { return }
      guard peeringCheck(pcxId, from: receiver.vpcId, packet: reply, walk: &walk) else { return }
      walk.add(aclCheck(subnetId: sender.subnetId, packet: reply, egress: false))
      if walk.stopped { return }
      walk.add(securityGroupCheck(sender, packet: reply, direction: .inbound, reply: request))

    case .fromInternet:
      guard let receiver = destination.interface else { return }
      var inside = reply
      inside.source = receiverPrivateAddress(receiver, for: request.destination)
      sendReplyToInternet(receiver, reply: inside, request: request, walk: &walk)
    }
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
      walk.add(
        Checkpoint(
          check: .egressOnlyInternetGateway, result: .denied, componentId: eigwId, packet: inside,
          code: .cannotRoute,
          explanation:
            "the reply leaves through \(eigwId), which passes only connections started from the VPC; this one was started from the internet (the subnet needs ::/0 to an internet gateway)"
        ))
    case .natGateway(let natId) where lookup.route?.state == .active:
      walk.add(
        skippedACL(
          .networkACLEgress, subnetId: receiver.subnetId, packet: inside,
          why: "the reply is not routed back the way the request came"))
      walk.add(
        Checkpoint(
          check: .routeTable, result: .denied, componentId: lookup.table?.id, packet: inside,
          rule: lookup.table.flatMap { table in
            lookup.route.map { .route(tableId: table.id, route: $0) }
          },
          code: .cannotRoute,
          explanation:
            "\(lookup.table?.id ?? "the route table") sends the reply to \(natId); it would leave with the NAT gateway's address, which the client never contacted, so the connection cannot form (the subnet needs its route to the internet gateway)"
        ))
    default:
      walk.add(
        skippedACL(
          .networkACLEgress, subnetId: receiver.subnetId, packet: inside,
          why: "the reply is not routed"))
      walk.add(
        routeCheck(
          lookup, subnetId: receiver.subnetId, packet: inside,
          required:
            "a route to an internet gateway (replies to the internet leave through the subnet's own route table)"
        ))
    }
  }

  /// A reply from the internet arrives at `sender` through the internet gateway.
  private func returnThroughInternetGateway(
    igwId: String, to sender: NetworkInterface, reply: Packet, request: Packet, walk: inout Walk
  ) {
    let inside = reply.withDestination(request.source)
    walk.add(
      Checkpoint(
        check: .internetGateway, result: .allowed, componentId: igwId, packet: inside,
        explanation: reply.isIPv6
          ? "\(igwId) delivers the IPv6 reply"
          : "\(igwId) maps \(reply.destination) back to \(inside.destination)"))
    walk.add(aclCheck(subnetId: sender.subnetId, packet: inside, egress: false))
    if walk.stopped { return }
    walk.add(securityGroupCheck(sender, packet: inside, direction: .inbound, reply: request))
  }

  // MARK: - Gateways

  /// The internet gateway sends a packet out: it must be attached, and IPv4 needs a public
  /// address for the sender's private one. Returns the packet as it leaves (public source).
  private func internetGatewayEgress(
    igwId: String, vpcId: String, packet: Packet, sender: NetworkInterface?, walk: inout Walk
  ) -> Packet? {
    guard topology.internetGateways[igwId]?.attachedVpcIds.contains(vpcId) == true else {
      walk.add(
        Checkpoint(
          check: .internetGateway, result: .denied, componentId: igwId, packet: packet,
          code: .badStateAttachment,
          explanation: "\(igwId) is not attached to \(vpcId) (or not in the topology)"))
      return nil
    }
    if packet.isIPv6 {
      walk.add(
        Checkpoint(
          check: .internetGateway, result: .allowed, componentId: igwId, packet: packet,
          explanation: "\(igwId) sends the IPv6 packet to the internet (IPv6 addresses are public)")
      )
      return packet
    }
    if packet.destination.isPrivateIPv4 {
      walk.add(
        Checkpoint(
          check: .internetGateway, result: .denied, componentId: igwId, packet: packet,
          code: .cannotRoute,
          explanation: "\(igwId) does not route to the private address \(packet.destination)"))
      return nil
    }
    if let sender {
      guard let mapping = sender.publicIPv4s.first(where: { $0.privateIP == packet.source }) else {
        walk.add(
          Checkpoint(
            check: .internetGateway, result: .denied, componentId: igwId, packet: packet,
            code: .igwPublicIPAssociationForEgress,
            explanation:
              "\(sender.id) has no public or Elastic IP for \(packet.source), so \(igwId) cannot send its traffic to the internet"
          ))
        return nil
      }
      let translated = packet.withSource(mapping.publicIP)
      walk.add(
        Checkpoint(
          check: .internetGateway, result: .allowed, componentId: igwId, packet: translated,
          explanation: "\(igwId) maps \(packet.source) to its public address \(mapping.publicIP)"))
      return translated
    }
    walk.add(
      Checkpoint(
        check: .internetGateway, result: .allowed, componentId: igwId, packet: packet,
        explanation: "\(igwId) sends the packet to the internet"))
    return packet
  }

  /// A packet from the internet to `receiver`: its VPC needs an attached internet gateway, and
  /// IPv4 must be addressed to one of the ENI's public addresses.
  private func internetGatewayIngress(
    packet: Packet, receiver: NetworkInterface, walk: inout Walk
  ) -> InternetGateway? {
    guard let igw = index.internetGateway(attachedTo: receiver.vpcId) else {
      walk.add(
        Checkpoint(
          check: .internetGateway, result: .denied, componentId: nil, packet: packet,
          code: .noPath, explanation: "\(receiver.vpcId) has no internet gateway attached"))
      return nil
    }
    if !packet.isIPv6
      && !receiver.publicIPv4s.contains(where: { $0.publicIP == packet.destination })
    {
      walk.add(
        Checkpoint(
          check: .internetGateway, result: .denied, componentId: igw.id, packet: packet,
          code: .igwPrivateIPAssociationForIngress,
          explanation:
            "\(packet.destination) is not a public address of \(receiver.id); from the internet only its public or Elastic IP can be reached"
        ))
      return nil
    }
    let privateAddress = receiverPrivateAddress(receiver, for: packet.destination)
    walk.add(
      Checkpoint(
        check: .internetGateway, result: .allowed, componentId: igw.id,
        packet: packet.withDestination(privateAddress),
        explanation: packet.isIPv6
          ? "\(igw.id) delivers the IPv6 packet to \(receiver.id)"
          : "\(igw.id) maps \(packet.destination) to \(receiver.id)'s private address \(privateAddress)"
      ))
    return igw
  }

  /// The NAT gateway translates the source. IPv4 only.
  private func natGatewayEgress(_ nat: NatGateway, packet: Packet, port: UInt16, walk: inout Walk)
    -> Packet?
  {
    guard nat.state == "available" else {
      walk.add(
        Checkpoint(
          check: .natGateway, result: .denied, componentId: nat.id, packet: packet,
          code: .badState, explanation: "\(nat.id) is \(nat.state), not available"))
      return nil
    }
    guard !packet.isIPv6, let natPrivate = nat.privateIPs.first else {
      walk.add(
        Checkpoint(
          check: .natGateway, result: .denied, componentId: nat.id, packet: packet,
          code: .cannotRoute,
          explanation: packet.isIPv6
            ? "\(nat.id) translates IPv4 only (NAT64 is not modelled)"
            : "\(nat.id) has no private address in the topology"))
      return nil
    }
    let translated = packet.withSource(natPrivate, port: packet.hasPorts ? port : nil)
    let portText = packet.hasPorts ? ":\(port) (NAT gateways use source ports 1024-65535)" : ""
    walk.add(
      Checkpoint(
        check: .natGateway, result: .allowed, componentId: nat.id, packet: translated,
        explanation: "\(nat.id) translates the source to \(natPrivate)\(portText)"))
    return translated
  }

  private func natInternetEgress(_ nat: NatGateway, igwId: String, packet: Packet, walk: inout Walk)
    -> Packet?
  {
    guard topology.internetGateways[igwId]?.attachedVpcIds.contains(nat.vpcId) == true else {
      walk.add(
        Checkpoint(
          check: .internetGateway, result: .denied, componentId: igwId, packet: packet,
          code: .badStateAttachment, explanation: "\(igwId) is not attached to \(nat.vpcId)"))
      return nil
    }
    guard let natPublic = nat.publicIPs.first else {
      walk.add(
        Checkpoint(
          check: .internetGateway, result: .denied, componentId: igwId, packet: packet,
          code: .igwPublicIPAssociationForEgress,
          explanation: "\(nat.id) has no Elastic IP in the topology"))
      return nil
    }
    let translated = packet.withSource(natPublic)
    walk.add(
      Checkpoint(
        check: .internetGateway, result: .allowed, componentId: igwId, packet: translated,
        explanation:
          "\(igwId) maps the NAT gateway's \(packet.source) to its Elastic IP \(natPublic)"))
    return translated
  }

  private func peeringCheck(_ pcxId: String, from vpcId: String, packet: Packet, walk: inout Walk)
    -> Bool
  {
    guard let pcx = topology.peeringConnections[pcxId] else {
      walk.add(
        Checkpoint(
          check: .peeringConnection, result: .undetermined, componentId: pcxId, packet: packet,
          code: .unsupportedComponent, explanation: "\(pcxId) is not in the topology"))
      return false
    }
    guard pcx.status == "active" else {
      walk.add(
        Checkpoint(
          check: .peeringConnection, result: .denied, componentId: pcxId, packet: packet,
          code: .badState, explanation: "\(pcxId) is \(pcx.status), not active"))
      return false
    }
    let peerCidrs = pcx.requesterVpcId == vpcId ? pcx.accepterCidrs : pcx.requesterCidrs
    guard peerCidrs.contains(where: { $0.contains(packet.destination) }) else {
      walk.add(
        Checkpoint(
          check: .peeringConnection, result: .denied, componentId: pcxId, packet: packet,
          code: .pcxRequiresAddressInVPCCIDR,
          explanation:
            "\(pcxId) carries only traffic to the peer VPC's CIDRs, and \(packet.destination) is not in them"
        ))
      return false
    }
    walk.add(
      Checkpoint(
        check: .peeringConnection, result: .allowed, componentId: pcxId, packet: packet,
        explanation: "\(pcxId) is active and \(packet.destination) is in the peer VPC"))
    return true
  }

  // MARK: - Checks

  /// NACL checks when a packet goes from one subnet to another: egress of the first, the route,
  /// ingress of the second; between two ENIs of one subnet no NACL applies.
  private func crossSubnets(
    from origin: String, to target: String, packet: Packet, walk: inout Walk,
    route: (inout Walk) -> Void
  ) {
    if origin == target {
      walk.add(
        skippedACL(
          .networkACLEgress, subnetId: origin, packet: packet,
          why:
            "both ends are in \(origin); network ACLs filter only traffic that enters or leaves a subnet"
        ))
      route(&walk)
      walk.add(
        skippedACL(
          .networkACLIngress, subnetId: target, packet: packet, why: "both ends are in \(origin)"))
      return
    }
    walk.add(aclCheck(subnetId: origin, packet: packet, egress: true))
    route(&walk)
    if walk.stopped { return }
    walk.add(aclCheck(subnetId: target, packet: packet, egress: false))
  }

  func aclCheck(subnetId: String, packet: Packet, egress: Bool) -> Checkpoint {
    var checkpoint = aclDecision(subnetId: subnetId, packet: packet, egress: egress)
    checkpoint.subnetId = subnetId
    return checkpoint
  }

  /// The same, for an ENI's subnet, with its network ACL already looked up.
  func aclCheck(_ context: InterfaceContext, packet: Packet, egress: Bool) -> Checkpoint {
    let subnetId = context.interface.subnetId
    var checkpoint = aclDecision(
      acl: context.networkACL, subnetId: subnetId, packet: packet, egress: egress)
    checkpoint.subnetId = subnetId
    return checkpoint
  }

  private func aclDecision(subnetId: String, packet: Packet, egress: Bool) -> Checkpoint {
    aclDecision(
      acl: index.networkACL(forSubnet: subnetId), subnetId: subnetId, packet: packet,
      egress: egress)
  }

  private func aclDecision(acl: NetworkACL?, subnetId: String, packet: Packet, egress: Bool)
    -> Checkpoint
  {
    let check: Checkpoint.Check = egress ? .networkACLEgress : .networkACLIngress
    guard let acl else {
      return Checkpoint(
        check: check, result: .undetermined, componentId: nil, packet: packet,
        code: .unsupportedComponent,
        explanation: "\(subnetId) has no network ACL in the topology (and its VPC no default one)")
    }
    let decision = NetworkACLEvaluator.evaluate(packet, acl: acl, egress: egress)
    let entry = decision.entry
    let reference = RuleReference.networkACLEntry(aclId: acl.id, entry: entry)
    // The sentence (`Explanation.NetworkACLNote` words it): `acl-1 rule 100 allows inbound tcp
    // port 22 from 203.0.113.9 (allow tcp 22 from 0.0.0.0/0)`, or `acl-1 denies it: …`.
    let note = Explanation(
      Explanation.NetworkACLNote(
        aclId: acl.id, entry: entry, packet: packet, egress: egress, allowed: decision.allowed))
    if decision.allowed {
      return Checkpoint(
        check: check, result: .allowed, componentId: acl.id, packet: packet, rule: reference,
        explanation: note)
    }
    return Checkpoint(
      check: check, result: .denied, componentId: acl.id, packet: packet, rule: reference,
      code: .subnetACLRestriction, explanation: note)
  }

  private func skippedACL(_ check: Checkpoint.Check, subnetId: String, packet: Packet, why: String)
    -> Checkpoint
  {
    var checkpoint = Checkpoint(
      check: check, result: .skipped, componentId: index.networkACL(forSubnet: subnetId)?.id,
      packet: packet, explanation: "not evaluated: \(why)")
    checkpoint.subnetId = subnetId
    return checkpoint
  }

  /// `reply` is the request whose reply `packet` is, for state tracking; `nil` for a request.
  func securityGroupCheck(
    _ interface: NetworkInterface, packet: Packet, direction: Direction, reply request: Packet?
  ) -> Checkpoint {
    var checkpoint = securityGroupDecision(
      interface, packet: packet, direction: direction, reply: request)
    checkpoint.interfaceId = interface.id
    return checkpoint
  }

  /// The same, with the ENI's groups already looked up.
  func securityGroupCheck(
    _ context: InterfaceContext, packet: Packet, direction: Direction, reply request: Packet?
  ) -> Checkpoint {
    var checkpoint = securityGroupDecision(
      context.interface, packet: packet, direction: direction, reply: request, context: context)
    checkpoint.interfaceId = context.interface.id
    return checkpoint
  }

  private func securityGroupDecision(
    _ interface: NetworkInterface, packet: Packet, direction: Direction, reply request: Packet?,
    context: InterfaceContext? = nil
  ) -> Checkpoint {
    let check: Checkpoint.Check =
      direction == .inbound ? .securityGroupIngress : .securityGroupEgress
    let groups = context?.groupsText ?? interface.securityGroupIds.joined(separator: ", ")
    let groupText = interface.securityGroupIds.isEmpty ? "no security group" : groups
    if let request {
      // The request crossed this ENI in the other direction and was allowed there.
      let requestDirection = direction.opposite
      if !securityGroups.isUntracked(request, interface: interface, direction: requestDirection) {
        return Checkpoint(
          check: check, result: .allowed, componentId: groups, packet: packet,
          rule: .connectionTracking(groupIds: interface.securityGroupIds),
          explanation: Self.trackedNote(interfaceId: interface.id, direction: direction))
      }
    }
    let decision =
      if let context {
        securityGroups.evaluate(packet, context: context, direction: direction)
      } else {
        securityGroups.evaluate(packet, interface: interface, direction: direction)
      }
    switch decision {
    case .allowed(let groupId, let rule):
      return Checkpoint(
        check: check, result: .allowed, componentId: groupId, packet: packet,
        rule: .securityGroupRule(groupId: groupId, rule: rule, direction: direction),
        explanation: Self.allowedNote(
          groupId: groupId, rule: rule, direction: direction, untrackedReply: request != nil))
    case .denied(let groupIds):
      let hasRules =
        if let context {
          direction == .inbound ? context.hasInboundRules : context.hasOutboundRules
        } else {
          groupIds.contains { id in
            guard let group = topology.securityGroups[id] else { return false }
            return !(direction == .inbound ? group.inbound : group.outbound).isEmpty
          }
        }
      // `no inbound rule of sg-1 on eni-1 allows tcp port 22 from 203.0.113.9`, or `sg-1 on
      // eni-1 has no inbound rules at all` (`Explanation.SecurityGroupNote` words it).
      return Checkpoint(
        check: check, result: .denied, componentId: groups, packet: packet,
        code: hasRules ? .eniSGRulesMismatch : .sgHasNoRules,
        explanation: Explanation(
          Explanation.SecurityGroupNote(
            groupText: groupText, interfaceId: interface.id, packet: packet,
            direction: direction, hasRules: hasRules)))
    case .undetermined(_, let lists):
      return Checkpoint(
        check: check, result: .undetermined, componentId: groups, packet: packet,
        code: .unknownPrefixList,
        explanation:
          "no \(direction.rawValue) rule of \(groupText) allows it for sure; rules naming \(lists.joined(separator: ", ")) cannot be checked without the prefix list entries (get-managed-prefix-list-entries)"
      )
    }
  }

  /// `eni-1's security groups are stateful: …`: the reply of a tracked connection.
  package static func trackedNote(interfaceId: String, direction: Direction) -> Explanation {
    "\(interfaceId)'s security groups are stateful: the reply of the tracked connection is allowed whatever the \(direction.rawValue) rules say"
  }

  /// `sg-1 allows it: inbound tcp 22 from 0.0.0.0/0`, and why a reply needed the rule.
  package static func allowedNote(
    groupId: String, rule: SecurityGroupRule, direction: Direction, untrackedReply: Bool
  ) -> Explanation {
    let untracked = untrackedReply ? " (the flow is untracked, so the reply needs this rule)" : ""
    return
      "\(groupId) allows it: \(direction.rawValue) \(rule)\(rule.ruleId.map { " (\($0))" } ?? "")\(untracked)"
  }

  func routeCheck(
    _ lookup: RouteLookup, subnetId: String, packet: Packet, required: String? = nil
  ) -> Checkpoint {
    guard let table = lookup.table else {
      return Checkpoint(
        check: .routeTable, result: .denied, componentId: nil, packet: packet,
        code: .noRouteToDestination,
        explanation: "\(subnetId) has no route table (no explicit association and no main table)")
    }
    let tableText =
      "\(table.id) (\(lookup.isMainTable ? "the VPC's main table" : "associated with \(subnetId)"))"
    guard let route = lookup.route else {
      return Checkpoint(
        check: .routeTable, result: .denied, componentId: table.id, packet: packet,
        code: .noRouteToDestination,
        explanation:
          "\(tableText) has no route for \(packet.destination)\(required.map { "; it needs \($0)" } ?? "")"
      )
    }
    let reference = RuleReference.route(tableId: table.id, route: route)
    if route.state == .blackhole {
      return Checkpoint(
        check: .routeTable, result: .denied, componentId: table.id, packet: packet, rule: reference,
        code: .badStateRoute,
        explanation:
          "\(tableText) sends \(packet.destination) to \(route) whose target no longer exists (blackhole)"
      )
    }
    if let required {
      return Checkpoint(
        check: .routeTable, result: .denied, componentId: table.id, packet: packet, rule: reference,
        code: .cannotRoute,
        explanation: "\(tableText) sends \(packet.destination) by \(route); it needs \(required)")
    }
    return Checkpoint(
      check: .routeTable, result: .allowed, componentId: table.id, packet: packet, rule: reference,
      explanation: "\(tableText) sends \(packet.destination) by \(route)")
  }

  // MARK: - Helpers

  private func packet(_ request: Packet, translatedSourceOf sender: NetworkInterface) -> Packet {
    if request.isIPv6 { return request }
    if let mapping = sender.publicIPv4s.first(where: { $0.privateIP == request.source }) {
      return request.withSource(mapping.publicIP)
    }
    return request
  }

  func receiverPrivateAddress(_ receiver: NetworkInterface, for address: IPAddress)
    -> IPAddress
  {
    receiver.publicIPv4s.first { $0.publicIP == address }?.privateIP ?? address
  }

  private func trackingAtDestination(
    packet: Packet, source: TraceEndpoint, destination: TraceEndpoint
  ) -> PathTrace.Tracking? {
    guard let receiver = destination.interface else {
      guard let sender = source.interface else { return nil }
      return securityGroups.isUntracked(packet, interface: sender, direction: .outbound)
        ? .untracked : .tracked
    }
    var inside = packet
    inside.destination = receiverPrivateAddress(receiver, for: packet.destination)
    return securityGroups.isUntracked(inside, interface: receiver, direction: .inbound)
      ? .untracked : .tracked
  }

  /// A NAT gateway's translated source port, deterministic for a flow (1024–65535).
  static func natPort(for packet: Packet) -> UInt16 {
    var hash: UInt32 = 2_166_136_261
    for byte in "\(packet)".utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
    return UInt16(1024 + hash % (65536 - 1024))
  }
}

/// The checkpoints of one leg; stops at the first denial.
struct Walk {
  var checkpoints: [Checkpoint]
  var stopped = false

  init() {
    checkpoints = []
    checkpoints.reserveCapacity(6)
  }

  mutating func add(_ checkpoint: Checkpoint) {
    guard !stopped else { return }
    checkpoints.append(checkpoint)
    if checkpoint.result == .denied { stopped = true }
    if checkpoint.result == .undetermined && checkpoint.code == .unsupportedComponent {
      stopped = true
    }
  }
}

extension IPAddress {
  /// RFC 1918 and RFC 6598 (carrier-grade NAT) IPv4 space, which internet gateways do not route.
  public var isPrivateIPv4: Bool {
    guard case .v4(let value) = self else { return false }
    return value >> 24 == 10 || value >> 20 == 0xAC1 || value >> 16 == 0xC0A8
      || value >> 22 == (100 << 2 | 1)
  }
}
