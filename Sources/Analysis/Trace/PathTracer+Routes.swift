import NetworkPrimitives
import Topology

/// Route table checks, and the route targets the trace does not follow.
extension PathTracer {
  /// The route `lookup` chose for `packet` in `subnetId`'s table; `required` names the route
  /// the leg needs when the chosen one cannot carry it.
  func routeCheck(
    _ lookup: RouteLookup, subnetId: String, packet: Packet, required: String? = nil
  ) -> Checkpoint {
    guard let table = lookup.table else {
      return .denied(
        .routeTable, at: nil, packet, .noRouteToDestination,
        "\(subnetId) has no route table (no explicit association and no main table)")
    }
    let tableText =
      "\(table.id) (\(lookup.isMainTable ? "the VPC's main table" : "associated with \(subnetId)"))"
    if !lookup.unknownPrefixLists.isEmpty {
      return .undetermined(
        .routeTable, at: table.id, packet, .unknownPrefixList,
        "\(tableText) has routes to \(lookup.unknownPrefixLists.joined(separator: ", ")), whose entries the topology lacks, so which route carries \(packet.destination) is unknown (get-managed-prefix-list-entries)"
      )
    }
    guard let route = lookup.route else {
      return .denied(
        .routeTable, at: table.id, packet, .noRouteToDestination,
        "\(tableText) has no route for \(packet.destination)\(required.map { "; it needs \($0)" } ?? "")"
      )
    }
    let reference = RuleReference.route(tableId: table.id, route: route)
    if route.state == .blackhole {
      return .denied(
        .routeTable, at: table.id, packet, rule: reference, .badStateRoute,
        "\(tableText) sends \(packet.destination) to \(route) whose target no longer exists (blackhole)"
      )
    }
    if let required {
      return .denied(
        .routeTable, at: table.id, packet, rule: reference, .cannotRoute,
        "\(tableText) sends \(packet.destination) by \(route); it needs \(required)")
    }
    return .allowed(
      .routeTable, at: table.id, packet, rule: reference,
      "\(tableText) sends \(packet.destination) by \(route)")
  }

  /// The leg stops at a route that does not carry `packet` on (none, a blackhole, or not the
  /// one the leg needs, `required`): the subnet's network ACL egress is not evaluated, for the
  /// reason `why`, and the route check says what is missing.
  func notRouted(
    _ lookup: RouteLookup, subnetId: String, packet: Packet, why: String,
    required: String? = nil, walk: inout Walk
  ) {
    let reason =
      lookup.unknownPrefixLists.isEmpty ? why : "which route carries the packet is unknown"
    // Which route carries it is unknown, but a destination outside the VPC leaves the subnet
    // whichever it is: the subnet's network ACL outbound applies either way, and may deny.
    let vpcCIDRs = topology.subnets[subnetId].flatMap { topology.vpcs[$0.vpcId]?.cidrs } ?? []
    if !lookup.unknownPrefixLists.isEmpty,
      !vpcCIDRs.isEmpty, !vpcCIDRs.contains(where: { $0.contains(packet.destination) })
    {
      walk.add(aclCheck(subnetId: subnetId, packet: packet, egress: true))
    } else {
      walk.add(skippedACL(.networkACLEgress, subnetId: subnetId, packet: packet, why: reason))
    }
    walk.add(routeCheck(lookup, subnetId: subnetId, packet: packet, required: required))
  }

  /// The target flowcause does not model (a virtual private gateway, a transit gateway, an
  /// endpoint, an appliance ENI or instance) that traffic between `address`, outside every VPC
  /// of the topology, and `receiver` crosses; `nil` when none. Then it is not internet traffic:
  /// the route that says so is added, undetermined (what lies beyond the target is unknown)
  /// but not stopping the leg, since the receiver's network ACL and security groups can still
  /// deny the packet; or denied, for a VPN whose every connection is down. The receiver's own
  /// table decides where its replies go, so it is asked first; then the tables of the VPC's
  /// other subnets, because a route there means the address is reached through that target,
  /// and so can reach the VPC through it.
  func unmodelledWayIn(
    from address: IPAddress, to receiver: NetworkInterface, packet: Packet, walk: inout Walk
  ) -> RouteTarget? {
    let others = topology.subnets.values.filter {
      $0.vpcId == receiver.vpcId && $0.id != receiver.subnetId
    }.map(\.id).sorted()
    for subnetId in [receiver.subnetId] + others {
      let lookup = routes.lookup(subnetId: subnetId, destination: address)
      guard let route = lookup.route, route.state == .active, Self.isUnmodelled(route.target)
      else { continue }
      // A virtual private gateway that is not attached carries nothing in; a VPN whose every
      // connection is down neither.
      if case .virtualPrivateGateway(let gatewayId) = route.target,
        let gateway = topology.vpnGateways[gatewayId],
        gateway.state != "available" || !gateway.attachedVpcIds.contains(receiver.vpcId)
      {
        walk.deny(
          .virtualPrivateGateway, at: gatewayId, packet, .badStateAttachment,
          gateway.state == "available"
            ? "\(address) is reached through \(gatewayId), which is not attached to \(receiver.vpcId)"
            : "\(address) is reached through \(gatewayId), which is \(gateway.state), not available"
        )
        return route.target
      }
      if case .virtualPrivateGateway(let gatewayId) = route.target {
        let all = topology.vpnConnections.values.filter { $0.vpnGatewayId == gatewayId }
          .sorted { $0.id < $1.id }
        let connections = VpnConnection.carrying(address, among: all)
        if !connections.isEmpty && !connections.contains(where: \.isUp) {
          walk.deny(
            .virtualPrivateGateway, at: gatewayId, packet, .badStateVPN,
            connections.count == all.count
              ? "\(address) is reached through \(gatewayId), and every VPN connection of it is down (\(Self.vpnStates(connections)))"
              : "\(address) is reached through \(gatewayId), and the VPN connection\(connections.count == 1 ? "" : "s") whose static routes hold it \(connections.count == 1 ? "is" : "are") down (\(Self.vpnStates(connections)))"
          )
          return route.target
        }
      }
      // Worded for the address looked up (`sends 172.16.5.5 by …`), shown with the request.
      var checkpoint = routeCheck(lookup, subnetId: subnetId, packet: packet.reply())
      let tableWords = checkpoint.explanation
      checkpoint.packet = packet
      checkpoint.result = .undetermined
      checkpoint.code = .unsupportedComponent
      checkpoint.explanation =
        "\(tableWords): traffic between \(address) and \(receiver.vpcId) goes through \(route.target), not the internet gateway, and \(Self.beyond(route.target))"
      // An inspecting endpoint is named as the component that cannot be decided.
      if case .vpcEndpoint(let id) = route.target, let endpoint = topology.vpcEndpoints[id],
        endpoint.kind == .gatewayLoadBalancer
      {
        checkpoint = .undetermined(
          .vpcEndpoint, at: id, packet, .unsupportedComponent,
          "\(tableWords): traffic between \(address) and \(receiver.vpcId) passes \(id) (\(endpoint.summary)), which inspects it; \(Self.inspectionNote(endpoint))"
        )
      }
      walk.addContinuing(checkpoint)
      return route.target
    }
    return nil
  }

  /// The subnets in which `target`'s network interfaces sit, where the topology tells: a
  /// packet it hands to an ENI of one of them crosses no network ACL.
  func subnets(of target: RouteTarget, vpcId: String) -> [String] {
    switch target {
    case .vpcEndpoint(let id):
      return topology.vpcEndpoints[id]?.subnetIds ?? []
    case .networkInterface(let id):
      return topology.networkInterfaces[id].map { [$0.subnetId] } ?? []
    case .instance(let id):
      return topology.networkInterfaces.values.filter { $0.instanceId == id }.map(\.subnetId)
    case .transitGateway(let id):
      return topology.transitGatewayAttachments.values.filter {
        $0.transitGatewayId == id && $0.isVPC && $0.resourceId == vpcId
      }.flatMap(\.subnetIds)
    default:
      return []
    }
  }

  /// A packet from past `target` enters `interface`: the target's subnet's network ACL outbound
  /// (when the topology names one), then the interface's subnet's inbound (not
  /// when the target's own interface sits in that subnet: "Network ACLs for transit gateways",
  /// and an endpoint's or appliance's packets within one subnet cross none), then its security
  /// groups; `request` is the request `packet` answers (a reply, by the connection's state), or
  /// `nil` for a request.
  func enterThrough(
    _ target: RouteTarget, interface: NetworkInterface, packet: Packet, request: Packet?,
    walk: inout Walk
  ) {
    let from = subnets(of: target, vpcId: interface.vpcId)
    guard from.contains(interface.subnetId) else {
      // Leaving the target's own subnet first, where the topology says which one it is (an
      // endpoint's; an attachment's with a single subnet).
      if from.count == 1, let subnet = from.first {
        walk.add(aclCheck(subnetId: subnet, packet: packet, egress: true))
        if walk.stopped { return }
      }
      enter(interface, packet: packet, reply: request, walk: &walk)
      return
    }
    walk.add(
      skippedACL(
        .networkACLIngress, subnetId: interface.subnetId, packet: packet,
        why:
          "the \(request == nil ? "packet" : "reply") comes from \(target)'s network interface in \(interface.subnetId)"
      ))
    walk.add(securityGroupCheck(interface, packet: packet, direction: .inbound, reply: request))
  }

  /// The reply of a packet that came from past `target`: it leaves `receiver` through its
  /// security groups (by the connection's state), its subnet's route table (which must send it
  /// back to `target`) and network ACL outbound; past `target` is outside the model.
  func leaveToward(
    _ target: RouteTarget, from receiver: NetworkInterface, reply: Packet, request: Packet,
    walk: inout Walk
  ) {
    walk.add(securityGroupCheck(receiver, packet: reply, direction: .outbound, reply: request))
    if walk.stopped { return }
    let lookup = routes.lookup(subnetId: receiver.subnetId, destination: reply.destination)
    guard let route = lookup.route, route.state == .active else {
      notRouted(
        lookup, subnetId: receiver.subnetId, packet: reply, why: "the reply is not routed",
        required: "a route to \(target), the way the request came", walk: &walk)
      return
    }
    guard route.target == target else {
      // Another way out: whether it reaches the address is outside the model too.
      walk.add(aclCheck(subnetId: receiver.subnetId, packet: reply, egress: true))
      var checkpoint = routeCheck(lookup, subnetId: receiver.subnetId, packet: reply)
      if checkpoint.result == .allowed {
        checkpoint.result = .undetermined
        checkpoint.code = .unsupportedComponent
        checkpoint.explanation =
          "\(checkpoint.explanation), not back to \(target), the way the request came: whether the reply reaches \(reply.destination) that way is outside the model"
      }
      walk.add(checkpoint)
      return
    }
    let crossesACL = !subnets(of: target, vpcId: receiver.vpcId).contains(receiver.subnetId)
    if crossesACL {
      walk.add(aclCheck(subnetId: receiver.subnetId, packet: reply, egress: true))
    } else {
      walk.add(
        skippedACL(
          .networkACLEgress, subnetId: receiver.subnetId, packet: reply,
          why: "the reply goes to \(target)'s network interface in \(receiver.subnetId)"))
    }
    walk.add(routeCheck(lookup, subnetId: receiver.subnetId, packet: reply))
  }

  /// What the trace cannot see past `target`, for an address outside every VPC of the
  /// topology.
  static func beyond(_ target: RouteTarget) -> String {
    switch target {
    case .transitGateway(let id):
      return
        "the far side of \(id) (a VPN, Direct Connect, a peered transit gateway or a VPC outside the topology) is outside the model"
    case .virtualPrivateGateway(let id):
      return "the far side of \(id) (the VPN or Direct Connect network) is outside the model"
    default:
      return "flowcause does not model \(target)"
    }
  }

  /// Targets the trace does not follow to an address outside every VPC of the topology:
  /// virtual private and transit gateways, endpoints, appliance ENIs and instances, and the
  /// rest (docs/evaluation.md, "Not modelled").
  static func isUnmodelled(_ target: RouteTarget) -> Bool {
    switch target {
    case .local, .internetGateway, .egressOnlyInternetGateway, .natGateway, .vpcPeeringConnection:
      return false
    case .networkInterface, .instance, .transitGateway, .virtualPrivateGateway, .vpcEndpoint,
      .other:
      return true
    }
  }

  /// The route sends the packet to a target the trace does not follow.
  func unsupportedTarget(_ route: Route, packet: Packet) -> Checkpoint {
    .undetermined(
      .routeTable, at: route.target.description, packet, .unsupportedComponent,
      "the route sends the packet to \(route.target), which flowcause does not model beyond this point"
    )
  }
}
