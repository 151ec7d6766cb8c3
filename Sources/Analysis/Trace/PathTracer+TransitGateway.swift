import NetworkPrimitives
import Topology

/// Transit gateways, on both legs (Transit Gateway Guide: "How transit gateways work",
/// "Transit gateway attachments to a VPC", "Transit gateway route tables", "Network ACLs for
/// transit gateways").
///
/// A packet a subnet routes to `tgw-…` enters the gateway through the attachment of its VPC,
/// by the attachment's ENI in the sender's Availability Zone (a zone without an attachment
/// subnet cannot reach the gateway); the route table associated with that attachment chooses
/// the destination attachment by longest prefix (a static route over a propagated one of the
/// same prefix; a blackhole drops); a VPC attachment delivers it from its ENI, in the sender's
/// zone when it has a subnet there, to the destination through that subnet's route table.
///
/// Network ACLs, as the guide's "Network ACLs for transit gateways" gives them: leaving, the
/// sender's subnet's outbound entries, then the attachment subnet's inbound entries; arriving,
/// the attachment subnet's outbound entries, then the receiver's subnet's inbound entries, none
/// of which is evaluated when the receiver sits in the attachment subnet.
extension PathTracer {
  /// `sender`'s packet, routed to `tgwId` (its security groups, network ACL and route already
  /// checked), crosses the gateway and enters the destination.
  func leaveThroughTransitGateway(
    _ tgwId: String, sender: NetworkInterface, packet: Packet, toward destination: TraceEndpoint,
    walk: inout Walk
  ) -> Shape? {
    let receiver: NetworkInterface
    switch crossTransitGateway(
      tgwId, from: sender, packet: packet, toward: destination, walk: &walk)
    {
    case .delivered(let interface): receiver = interface
    // Sent on past the gateway to a VPN, Direct Connect or peering attachment: what lies
    // beyond is undetermined, but the reply's checks on the sender's side are still made.
    case .beyondModel: return .beyondModel(.transitGateway(tgwId))
    case .stopped: return nil
    }
    // Through the gateway: only its referencing carries references to the sender's groups.
    walk.add(
      securityGroupCheck(
        receiver, packet: packet, direction: .inbound, reply: nil, throughGateway: tgwId))
    if walk.stopped { return nil }
    return .transitGateway(tgwId)
  }

  /// The reply leaves `receiver` by its own subnet's route to `tgwId` (each VPC needs a route
  /// to the gateway for the other's CIDR) and crosses back to `sender`. Connections through a
  /// transit gateway attachment are always tracked (EC2 User Guide, "Automatically tracked
  /// connections").
  func returnThroughTransitGateway(
    _ tgwId: String, from receiver: NetworkInterface, to sender: NetworkInterface, reply: Packet,
    request: Packet, walk: inout Walk
  ) {
    let lookup = routes.lookup(subnetId: receiver.subnetId, destination: reply.destination)
    // Routing is per hop and keeps no state: the reply may come back by a peering connection
    // the receiver's table names, whatever carried the request.
    if case .vpcPeeringConnection(let pcxId)? = lookup.route?.target, lookup.route?.state == .active
    {
      returnThroughPeering(
        pcxId, from: receiver, to: sender, reply: reply, request: request, walk: &walk)
      return
    }
    walk.add(
      securityGroupCheck(
        receiver, packet: reply, direction: .outbound, reply: request, automaticallyTracked: true))
    if walk.stopped { return }
    guard lookup.route?.target == .transitGateway(tgwId), lookup.route?.state == .active else {
      walk.add(aclCheck(subnetId: receiver.subnetId, packet: reply, egress: true))
      walk.add(
        routeCheck(
          lookup, subnetId: receiver.subnetId, packet: reply,
          required: Explanation(
            .routeToTGWForReply,
            [
              "tgw": "\(tgwId)", "subnet": "\(receiver.subnetId)",
              "destination": "\(reply.destination)",
            ])))
      return
    }
    walk.add(aclCheck(subnetId: receiver.subnetId, packet: reply, egress: true))
    walk.add(routeCheck(lookup, subnetId: receiver.subnetId, packet: reply))
    if walk.stopped { return }
    let back = TraceEndpoint.interface(sender, address: reply.destination, publicAddress: nil)
    guard
      case .delivered = crossTransitGateway(
        tgwId, from: receiver, packet: reply, toward: back, walk: &walk)
    else { return }
    walk.add(
      securityGroupCheck(
        sender, packet: reply, direction: .inbound, reply: request, automaticallyTracked: true))
  }

  /// Where a crossing of a transit gateway ends.
  private enum TransitGatewayCrossing {
    /// At the receiving ENI's security groups, which are checked next.
    case delivered(NetworkInterface)
    /// Sent on to an attachment whose far side is outside the model.
    case beyondModel
    /// The leg ended on the way (denied, undetermined, or checked to its end already).
    case stopped
  }

  /// From `sender`'s subnet through `tgwId` to the destination's subnet: the attachment subnet's
  /// network ACL inbound, the gateway's route, and the delivery; the receiving ENI when
  /// the packet reaches its security groups.
  private func crossTransitGateway(
    _ tgwId: String, from sender: NetworkInterface, packet: Packet,
    toward destination: TraceEndpoint, walk: inout Walk
  ) -> TransitGatewayCrossing {
    guard let gateway = topology.transitGateways[tgwId] else {
      walk.cannotDecide(
        .transitGateway, at: tgwId, packet, .unsupportedComponent,
        Explanation(.tgwNotInTopology, ["tgw": "\(tgwId)"]))
      return .stopped
    }
    guard gateway.state == "available" else {
      walk.deny(
        .transitGateway, at: tgwId, packet, .badState,
        Explanation(.gatewayNotAvailable, ["gateway": "\(tgwId)", "state": "\(gateway.state)"]))
      return .stopped
    }
    // The sender's VPC's attachment, and its ENI's subnet in the sender's zone.
    guard let source = vpcAttachment(of: tgwId, vpcId: sender.vpcId, packet: packet, walk: &walk),
      let entry = attachmentSubnet(source, zoneOf: sender.subnetId, packet: packet, walk: &walk)
    else { return .stopped }
    // Entering the attachment's ENI: its subnet's inbound entries (also for a sender in that
    // subnet: "Network ACLs for transit gateways", same subnet).
    walk.add(aclCheck(subnetId: entry, packet: packet, egress: false))
    if walk.stopped { return .stopped }
    guard let route = transitGatewayRoute(source, packet: packet, walk: &walk) else {
      return .stopped
    }
    let (tableId, chosen, targetId) = route
    let sends: KeyValuePairs<String, Explanation> = [
      "table": "\(tableId)", "destination": "\(packet.destination)", "attachment": "\(targetId)",
    ]
    guard let target = topology.transitGatewayAttachments[targetId] else {
      walk.cannotDecide(
        .transitGateway, at: tgwId, packet, .unsupportedComponent,
        Explanation(.tgwTargetNotInTopology, sends))
      return .stopped
    }
    if target.resourceType == "vpn", let connection = topology.vpnConnections[target.resourceId],
      !connection.isUp
    {
      walk.deny(
        .transitGateway, at: targetId, packet, .badStateVPN,
        Explanation(
          .tgwTargetVPNDown,
          [
            "table": "\(tableId)", "destination": "\(packet.destination)",
            "attachment": "\(targetId)", "vpn": "\(connection.id)",
            "states": Self.vpnStates([connection]),
          ]))
      return .stopped
    }
    guard target.isVPC else {
      // Not stopping the leg: the reply's checks on this side can still deny.
      walk.addContinuing(
        .undetermined(
          .transitGateway, at: tgwId, packet, .unsupportedComponent,
          Explanation(
            .tgwTargetBeyondModel,
            [
              "table": "\(tableId)", "destination": "\(packet.destination)",
              "attachment": "\(targetId)", "type": "\(target.resourceType)",
              "resource": "\(target.resourceId)",
            ])))
      return .beyondModel
    }
    guard target.state == "available" else {
      walk.deny(
        .transitGateway, at: targetId, packet, .badStateAttachment,
        Explanation(
          .tgwTargetNotAvailable,
          [
            "table": "\(tableId)", "destination": "\(packet.destination)",
            "attachment": "\(targetId)", "state": "\(target.state)",
          ]))
      return .stopped
    }
    if packet.isIPv6 && !target.ipv6Support {
      walk.deny(
        .transitGateway, at: targetId, packet, .cannotRoute,
        Explanation(
          .tgwTargetNoIPv6, ["attachment": "\(targetId)", "resource": "\(target.resourceId)"]))
      return .stopped
    }
    // The destination must be in the attachment's VPC.
    let receiver = destination.interface
    let destinationVPC: String? =
      switch destination {
      case .interface(let eni, _, _): eni.vpcId
      case .unowned(_, let vpcId, _): vpcId
      case .external: nil
      }
    guard let destinationVPC, destinationVPC == target.resourceId else {
      walk.add(
        .allowed(
          .transitGateway, at: tgwId, packet,
          rule: .transitGatewayRoute(tableId: tableId, route: chosen),
          Explanation(
            .tgwSends,
            [
              "table": "\(tableId)", "attachment": "\(source.id)",
              "destination": "\(packet.destination)", "route": "\(chosen)",
            ])))
      // What the attachment subnet's table does with it there: an inspection endpoint, a NAT
      // or internet gateway, or back to the gateway (an inspection or egress VPC).
      let zone = topology.subnets[sender.subnetId]?.availabilityZone
      let onward = deliverySubnet(target, preferringZone: zone, receiver: nil).map { subnet in
        (subnet, routes.lookup(subnetId: subnet, destination: packet.destination))
      }
      var why = Explanation(.tgwNotFollowedFurther)
      let entering = Explanation(
        .tgwEntersVPCWithoutENI,
        [
          "vpc": "\(target.resourceId)", "attachment": "\(targetId)",
          "destination": "\(packet.destination)",
        ])
      if let (subnet, lookup) = onward, let route = lookup.route {
        if case .vpcEndpoint(let id) = route.target, let endpoint = topology.vpcEndpoints[id] {
          if endpoint.kind == .gatewayLoadBalancer {
            // An inspection (or egress) VPC: from the attachment's ENI to the endpoint, the
            // attachment subnet's network ACL outbound and the endpoint subnet's inbound (none
            // within one subnet), then the inspection, which the model cannot evaluate. Past
            // it, a receiver of the topology still makes its own checks.
            if endpoint.subnetIds.first.map({ $0 != subnet }) ?? false {
              walk.add(aclCheck(subnetId: subnet, packet: packet, egress: true))
              walk.add(routeCheck(lookup, subnetId: subnet, packet: packet))
              if walk.stopped { return .stopped }
            }
            inspect(
              endpoint, from: subnet, packet: packet,
              sentBy: Explanation(
                .tgwAttachmentSubnetSendsTo,
                [
                  "entering": entering, "table": "\(lookup.table?.id ?? subnet)",
                  "subnet": "\(subnet)",
                ]),
              walk: &walk)
            if !walk.stopped, let receiver = destination.interface {
              enterThrough(
                .transitGateway(tgwId), interface: receiver, packet: packet, request: nil,
                walk: &walk)
            }
            return .stopped
          }
          why = Explanation(
            .tgwAttachmentSubnetToEndpoint,
            [
              "table": "\(lookup.table?.id ?? subnet)", "subnet": "\(subnet)",
              "endpoint": "\(id)", "summary": Explanation.summary(endpoint),
            ])
        } else {
          why = Explanation(
            .tgwAttachmentSubnetByRoute,
            [
              "table": "\(lookup.table?.id ?? subnet)", "subnet": "\(subnet)",
              "route": "\(route)",
            ])
        }
      } else if let (subnet, lookup) = onward, lookup.unknownPrefixLists.isEmpty {
        // Delivered into a VPC that neither holds the address nor routes it on: dropped there.
        walk.add(
          routeCheck(
            lookup, subnetId: subnet, packet: packet,
            required: Explanation(
              .tgwRouteIntoVPCWithout,
              [
                "destination": "\(packet.destination)", "table": "\(tableId)",
                "vpc": "\(target.resourceId)", "attachment": "\(targetId)",
              ])))
        return .stopped
      }
      walk.cannotDecide(
        .destination, at: target.resourceId, packet, .unsupportedComponent,
        Explanation(.tgwEnteringAnd, ["entering": entering, "why": why]))
      return .stopped
    }
    let zone = topology.subnets[sender.subnetId]?.availabilityZone
    let exitSubnet = deliverySubnet(target, preferringZone: zone, receiver: receiver)
    let note = Explanation(
      exitSubnet == nil ? .tgwDelivers : .tgwDeliversFrom,
      [
        "table": "\(tableId)", "source": "\(source.id)", "destination": "\(packet.destination)",
        "route": "\(chosen)", "attachment": "\(targetId)", "vpc": "\(target.resourceId)",
        "subnet": "\(exitSubnet ?? "")",
      ])
    walk.add(
      .allowed(
        .transitGateway, at: tgwId, packet,
        rule: .transitGatewayRoute(tableId: tableId, route: chosen), note))
    guard let exitSubnet else {
      walk.cannotDecide(
        .transitGateway, at: targetId, packet, .unsupportedComponent,
        Explanation(.tgwAttachmentNoSubnet, ["attachment": "\(targetId)"]))
      return .stopped
    }
    guard let receiver else {
      walk.add(unknownDestination(destination, packet: packet))
      return .stopped
    }
    // From the attachment's ENI to the receiver: the attachment subnet's route table, then the
    // network ACLs between the two subnets (none in one subnet).
    let lookup = routes.lookup(subnetId: exitSubnet, destination: packet.destination)
    guard let local = lookup.route, local.state == .active, local.target == .local else {
      if let route = lookup.route, route.state == .active, Self.isUnmodelled(route.target) {
        walk.add(unsupportedTarget(route, packet: packet))
      } else {
        walk.add(
          routeCheck(
            lookup, subnetId: exitSubnet, packet: packet,
            required: Explanation(.localRouteInAttachmentSubnet)))
      }
      return .stopped
    }
    if exitSubnet == receiver.subnetId {
      walk.add(
        skippedACL(
          .networkACLEgress, subnetId: exitSubnet, packet: packet,
          why: Explanation(
            .receiverInAttachmentSubnetNoACL, ["eni": "\(receiver.id)", "subnet": "\(exitSubnet)"])
        ))
      walk.add(routeCheck(lookup, subnetId: exitSubnet, packet: packet))
      walk.add(
        skippedACL(
          .networkACLIngress, subnetId: exitSubnet, packet: packet,
          why: Explanation(
            .receiverInAttachmentSubnet, ["eni": "\(receiver.id)", "subnet": "\(exitSubnet)"])))
    } else {
      walk.add(aclCheck(subnetId: exitSubnet, packet: packet, egress: true))
      walk.add(routeCheck(lookup, subnetId: exitSubnet, packet: packet))
      if walk.stopped { return .stopped }
      walk.add(aclCheck(subnetId: receiver.subnetId, packet: packet, egress: false))
    }
    if walk.stopped { return .stopped }
    return .delivered(receiver)
  }

  /// The VPC attachment of `vpcId` to `tgwId`, available and associated with a route table.
  private func vpcAttachment(
    of tgwId: String, vpcId: String, packet: Packet, walk: inout Walk
  ) -> TransitGatewayAttachment? {
    let attachments = topology.transitGatewayAttachments.values.filter {
      $0.transitGatewayId == tgwId
    }
    guard
      let attachment = attachments.filter({ $0.isVPC && $0.resourceId == vpcId }).min(by: {
        ($0.state == "available" ? 0 : 1, $0.id) < ($1.state == "available" ? 0 : 1, $1.id)
      })
    else {
      if attachments.isEmpty {
        walk.cannotDecide(
          .transitGateway, at: tgwId, packet, .unsupportedComponent,
          Explanation(.tgwNoAttachments, ["tgw": "\(tgwId)"]))
      } else {
        walk.deny(
          .transitGateway, at: tgwId, packet, .noPath,
          Explanation(.vpcNotAttachedToTGW, ["vpc": "\(vpcId)", "tgw": "\(tgwId)"]))
      }
      return nil
    }
    guard attachment.state == "available" else {
      walk.deny(
        .transitGateway, at: attachment.id, packet, .badStateAttachment,
        Explanation(
          .tgwAttachmentNotAvailable,
          [
            "attachment": "\(attachment.id)", "vpc": "\(vpcId)", "tgw": "\(tgwId)",
            "state": "\(attachment.state)",
          ]))
      return nil
    }
    if packet.isIPv6 && !attachment.ipv6Support {
      walk.deny(
        .transitGateway, at: attachment.id, packet, .cannotRoute,
        Explanation(.tgwAttachmentNoIPv6, ["attachment": "\(attachment.id)", "vpc": "\(vpcId)"]))
      return nil
    }
    return attachment
  }

  /// The attachment's subnet in the Availability Zone of `subnetId`: traffic reaches the gateway
  /// only from a zone where the attachment has a subnet ("Transit gateway attachments to a VPC").
  private func attachmentSubnet(
    _ attachment: TransitGatewayAttachment, zoneOf subnetId: String, packet: Packet,
    walk: inout Walk
  ) -> String? {
    if attachment.subnetIds.contains(subnetId) { return subnetId }
    let zone = topology.subnets[subnetId]?.availabilityZone
    let inZone = attachment.subnetIds.sorted().first {
      topology.subnets[$0]?.availabilityZone == zone
    }
    if let inZone, zone != nil { return inZone }
    if attachment.subnetIds.isEmpty || zone == nil
      || attachment.subnetIds.contains(where: { topology.subnets[$0] == nil })
    {
      walk.cannotDecide(
        .transitGateway, at: attachment.id, packet, .unsupportedComponent,
        Explanation(
          .tgwZoneSubnetUnknown, ["attachment": "\(attachment.id)", "subnet": "\(subnetId)"]))
      return nil
    }
    walk.deny(
      .transitGateway, at: attachment.id, packet, .noPath,
      Explanation(
        .tgwNoSubnetInZone,
        [
          "attachment": "\(attachment.id)", "subnet": "\(subnetId)",
          "zone": zone.map(Explanation.init) ?? Explanation(.theZone),
        ]))
    return nil
  }

  /// The route the attachment's associated table chooses for the packet: longest prefix, a
  /// static route before a propagated one of the same length; `nil` (with the checkpoint that
  /// says why) when none carries it.
  private func transitGatewayRoute(
    _ attachment: TransitGatewayAttachment, packet: Packet, walk: inout Walk
  ) -> (tableId: String, route: TransitGatewayRoute, attachmentId: String)? {
    let tgwId = attachment.transitGatewayId
    guard let tableId = attachment.routeTableId else {
      walk.deny(
        .transitGateway, at: attachment.id, packet, .badStateAttachment,
        Explanation(
          .tgwAttachmentNoRouteTable, ["attachment": "\(attachment.id)", "tgw": "\(tgwId)"]))
      return nil
    }
    guard let table = topology.transitGatewayRouteTables[tableId], table.routes != nil else {
      walk.cannotDecide(
        .transitGateway, at: tableId, packet, .unsupportedComponent,
        Explanation(.tgwRoutesUnknown, ["table": "\(tableId)"]))
      return nil
    }
    switch TransitGatewayLookup(packet.destination, in: table, topology: topology) {
    case .routesUnknown:
      return nil  // Ruled out above: the table's routes are known.
    case .unknownPrefixLists(let lists):
      walk.cannotDecide(
        .transitGateway, at: tableId, packet, .unknownPrefixList,
        Explanation(
          .tgwUnknownPrefixLists,
          [
            "table": "\(tableId)", "destination": "\(packet.destination)",
            "lists": Explanation.joined(lists.map(Explanation.init), separator: .listComma),
          ]))
      return nil
    case .noRoute:
      walk.deny(
        .transitGateway, at: tableId, packet, .tgwRtbCannotRoute,
        Explanation(
          .tgwNoRoute,
          [
            "table": "\(tableId)", "attachment": "\(attachment.id)",
            "destination": "\(packet.destination)", "tgw": "\(tgwId)",
          ]))
      return nil
    case .noAttachment(let route):
      walk.cannotDecide(
        .transitGateway, at: tableId, packet, .unsupportedComponent,
        Explanation(
          .tgwRouteNamesNoAttachment,
          [
            "table": "\(tableId)", "destination": "\(packet.destination)",
            "route": "\(route.destination)",
          ]))
      return nil
    case .blackhole(let route):
      walk.add(
        .denied(
          .transitGateway, at: tableId, packet,
          rule: .transitGatewayRoute(tableId: tableId, route: route), .badStateRoute,
          Explanation(
            .tgwBlackhole,
            [
              "table": "\(tableId)", "attachment": "\(attachment.id)",
              "destination": "\(packet.destination)", "route": "\(route.destination)",
              "tgw": "\(tgwId)",
            ])))
      return nil
    case .attachment(let route, let target):
      return (tableId, route, target)
    }
  }

  /// The subnet from which a VPC attachment delivers: the attachment's subnet in the zone the
  /// packet came from (the gateway keeps traffic in its Availability Zone where it can), else in
  /// the receiver's zone, else the first.
  private func deliverySubnet(
    _ attachment: TransitGatewayAttachment, preferringZone zone: String?,
    receiver: NetworkInterface?
  ) -> String? {
    let subnets = attachment.subnetIds.sorted()
    func inZone(_ zone: String?) -> String? {
      guard let zone else { return nil }
      return subnets.first { topology.subnets[$0]?.availabilityZone == zone }
    }
    return inZone(zone)
      ?? inZone(receiver.flatMap { topology.subnets[$0.subnetId]?.availabilityZone })
      ?? subnets.first
  }
}
