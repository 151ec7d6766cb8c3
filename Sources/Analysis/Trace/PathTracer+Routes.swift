import NetworkPrimitives
import Topology

/// Route table checks, and the route targets the trace does not follow.
extension PathTracer {
  /// The route `lookup` chose for `packet` in `subnetId`'s table; `required` names the route
  /// the leg needs when the chosen one cannot carry it.
  func routeCheck(
    _ lookup: RouteLookup, subnetId: String, packet: Packet, required: Explanation? = nil
  ) -> Checkpoint {
    guard let table = lookup.table else {
      return .denied(
        .routeTable, at: nil, packet, .noRouteToDestination,
        Explanation(.noRouteTable, ["subnet": "\(subnetId)"]))
    }
    let tableText =
      lookup.isMainTable
      ? Explanation(.routeTableMain, ["table": "\(table.id)"])
      : Explanation(.routeTableAssociated, ["table": "\(table.id)", "subnet": "\(subnetId)"])
    let destination: Explanation = "\(packet.destination)"
    if !lookup.unknownPrefixLists.isEmpty {
      return .undetermined(
        .routeTable, at: table.id, packet, .unknownPrefixList,
        Explanation(
          .routeUnknownPrefixLists,
          [
            "table": tableText, "destination": destination,
            "lists": Explanation.joined(
              lookup.unknownPrefixLists.map(Explanation.init), separator: .listComma),
          ]))
    }
    guard let route = lookup.route else {
      return .denied(
        .routeTable, at: table.id, packet, .noRouteToDestination,
        required.map {
          Explanation(
            .routeNoneNeeds, ["table": tableText, "destination": destination, "required": $0])
        } ?? Explanation(.routeNone, ["table": tableText, "destination": destination]))
    }
    let reference = RuleReference.route(tableId: table.id, route: route)
    if route.state == .blackhole {
      return .denied(
        .routeTable, at: table.id, packet, rule: reference, .badStateRoute,
        Explanation(
          .routeBlackhole, ["table": tableText, "destination": destination, "route": "\(route)"]))
    }
    if let required {
      return .denied(
        .routeTable, at: table.id, packet, rule: reference, .cannotRoute,
        Explanation(
          .routeWrongTarget,
          [
            "table": tableText, "destination": destination, "route": "\(route)",
            "required": required,
          ]))
    }
    return .allowed(
      .routeTable, at: table.id, packet, rule: reference,
      Explanation(
        .routeSends, ["table": tableText, "destination": destination, "route": "\(route)"]))
  }

  /// The leg stops at a route that does not carry `packet` on (none, a blackhole, or not the
  /// one the leg needs, `required`): the subnet's network ACL egress is not evaluated, for the
  /// reason `why`, and the route check says what is missing.
  func notRouted(
    _ lookup: RouteLookup, subnetId: String, packet: Packet, why: Explanation,
    required: Explanation? = nil, walk: inout Walk
  ) {
    let reason =
      lookup.unknownPrefixLists.isEmpty ? why : Explanation(.whichRouteUnknown)
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
            ? Explanation(
              .vgwNotAttachedFor,
              ["address": "\(address)", "gateway": "\(gatewayId)", "vpc": "\(receiver.vpcId)"])
            : Explanation(
              .vgwNotAvailableFor,
              ["address": "\(address)", "gateway": "\(gatewayId)", "state": "\(gateway.state)"]))
        return route.target
      }
      if case .virtualPrivateGateway(let gatewayId) = route.target {
        let all = topology.vpnConnections.values.filter { $0.vpnGatewayId == gatewayId }
          .sorted { $0.id < $1.id }
        let connections = VpnConnection.carrying(address, among: all)
        if !connections.isEmpty && !connections.contains(where: \.isUp) {
          walk.deny(
            .virtualPrivateGateway, at: gatewayId, packet, .badStateVPN,
            Explanation(
              connections.count == all.count
                ? .vpnAllDownFor : connections.count == 1 ? .vpnOneDownFor : .vpnSomeDownFor,
              [
                "address": "\(address)", "gateway": "\(gatewayId)",
                "states": Self.vpnStates(connections),
              ]))
          return route.target
        }
      }
      // Worded for the address looked up (`sends 172.16.5.5 by …`), shown with the request.
      var checkpoint = routeCheck(lookup, subnetId: subnetId, packet: packet.reply())
      let tableWords = checkpoint.note
      checkpoint.packet = packet
      checkpoint.result = .undetermined
      checkpoint.code = .unsupportedComponent
      checkpoint.note = Explanation(
        .unmodelledWayIn,
        [
          "route": tableWords, "address": "\(address)", "vpc": "\(receiver.vpcId)",
          "target": "\(route.target)", "beyond": Self.beyond(route.target),
        ])
      // An inspecting endpoint is named as the component that cannot be decided.
      if case .vpcEndpoint(let id) = route.target, let endpoint = topology.vpcEndpoints[id],
        endpoint.kind == .gatewayLoadBalancer
      {
        checkpoint = .undetermined(
          .vpcEndpoint, at: id, packet, .unsupportedComponent,
          Explanation(
            .unmodelledInspected,
            [
              "route": tableWords, "address": "\(address)", "vpc": "\(receiver.vpcId)",
              "endpoint": "\(id)", "summary": Explanation.summary(endpoint),
              "inspection": Self.inspectionNote(endpoint),
            ]))
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
        why: Explanation(
          request == nil ? .packetFromTargetInterface : .replyFromTargetInterface,
          ["target": "\(target)", "subnet": "\(interface.subnetId)"])))
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
        lookup, subnetId: receiver.subnetId, packet: reply, why: Explanation(.replyNotRouted),
        required: Explanation(.routeBackTo, ["target": "\(target)"]), walk: &walk)
      return
    }
    guard route.target == target else {
      // Another way out: whether it reaches the address is outside the model too.
      walk.add(aclCheck(subnetId: receiver.subnetId, packet: reply, egress: true))
      var checkpoint = routeCheck(lookup, subnetId: receiver.subnetId, packet: reply)
      if checkpoint.result == .allowed {
        checkpoint.result = .undetermined
        checkpoint.code = .unsupportedComponent
        checkpoint.note = Explanation(
          .notBackTo,
          [
            "route": checkpoint.note, "target": "\(target)",
            "destination": "\(reply.destination)",
          ])
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
          why: Explanation(
            .replyToTargetInterface, ["target": "\(target)", "subnet": "\(receiver.subnetId)"])))
    }
    walk.add(routeCheck(lookup, subnetId: receiver.subnetId, packet: reply))
  }

  /// What the trace cannot see past `target`, for an address outside every VPC of the
  /// topology.
  static func beyond(_ target: RouteTarget) -> Explanation {
    switch target {
    case .transitGateway(let id): Explanation(.beyondTransitGateway, ["target": "\(id)"])
    case .virtualPrivateGateway(let id):
      Explanation(.beyondVirtualPrivateGateway, ["target": "\(id)"])
    default: Explanation(.notModelled, ["target": "\(target)"])
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
      Explanation(.unsupportedRouteTarget, ["target": "\(route.target)"]))
  }
}
