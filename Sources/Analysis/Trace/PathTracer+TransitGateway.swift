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
          required: "a route to \(tgwId) (the reply comes back through the transit gateway only if "
            + "\(receiver.subnetId)'s route table sends \(reply.destination) there)"))
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
        "\(tgwId) is not in the topology (describe-transit-gateways and its attachments and route tables are needed to follow it)"
      )
      return .stopped
    }
    guard gateway.state == "available" else {
      walk.deny(
        .transitGateway, at: tgwId, packet, .badState, "\(tgwId) is \(gateway.state), not available"
      )
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
    guard let target = topology.transitGatewayAttachments[targetId] else {
      walk.cannotDecide(
        .transitGateway, at: tgwId, packet, .unsupportedComponent,
        "\(tableId) sends \(packet.destination) to \(targetId), which is not in the topology (describe-transit-gateway-attachments)"
      )
      return .stopped
    }
    if target.resourceType == "vpn", let connection = topology.vpnConnections[target.resourceId],
      !connection.isUp
    {
      walk.deny(
        .transitGateway, at: targetId, packet, .badStateVPN,
        "\(tableId) sends \(packet.destination) to \(targetId), the attachment of VPN connection \(connection.id), which is down (\(Self.vpnStates([connection])))"
      )
      return .stopped
    }
    guard target.isVPC else {
      // Not stopping the leg: the reply's checks on this side can still deny.
      walk.addContinuing(
        .undetermined(
          .transitGateway, at: tgwId, packet, .unsupportedComponent,
          "\(tableId) sends \(packet.destination) to \(targetId), a \(target.resourceType) attachment (\(target.resourceId)): what lies beyond it is outside the model"
        ))
      return .beyondModel
    }
    guard target.state == "available" else {
      walk.deny(
        .transitGateway, at: targetId, packet, .badStateAttachment,
        "\(tableId) sends \(packet.destination) to \(targetId), which is \(target.state), not available"
      )
      return .stopped
    }
    if packet.isIPv6 && !target.ipv6Support {
      walk.deny(
        .transitGateway, at: targetId, packet, .cannotRoute,
        "\(targetId) has IPv6 support disabled, so it does not carry IPv6 traffic into \(target.resourceId)"
      )
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
          "\(tableId) (associated with \(source.id)) sends \(packet.destination) by \(chosen)"))
      // What the attachment subnet's table does with it there: an inspection endpoint, a NAT
      // or internet gateway, or back to the gateway (an inspection or egress VPC).
      let zone = topology.subnets[sender.subnetId]?.availabilityZone
      let onward = deliverySubnet(target, preferringZone: zone, receiver: nil).map { subnet in
        (subnet, routes.lookup(subnetId: subnet, destination: packet.destination))
      }
      var why = "flowcause does not follow it further"
      let entering =
        "the packet enters \(target.resourceId) through \(targetId); \(packet.destination) is not an address of an ENI of that VPC in the topology"
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
              sentBy:
                "\(entering), and \(lookup.table?.id ?? subnet) (of the attachment subnet \(subnet)) sends it to",
              walk: &walk)
            if !walk.stopped, let receiver = destination.interface {
              enterThrough(
                .transitGateway(tgwId), interface: receiver, packet: packet, request: nil,
                walk: &walk)
            }
            return .stopped
          }
          why =
            "\(lookup.table?.id ?? subnet) (of the attachment subnet \(subnet)) sends it to \(id) (\(endpoint.summary)), which flowcause does not follow as a route target"
        } else {
          why =
            "\(lookup.table?.id ?? subnet) (of the attachment subnet \(subnet)) sends it by \(route), which flowcause does not follow from a transit gateway attachment"
        }
      } else if let (subnet, lookup) = onward, lookup.unknownPrefixLists.isEmpty {
        // Delivered into a VPC that neither holds the address nor routes it on: dropped there.
        walk.add(
          routeCheck(
            lookup, subnetId: subnet, packet: packet,
            required:
              "a route for \(packet.destination): \(tableId) delivers it into \(target.resourceId) through \(targetId), a VPC that does not hold it"
          ))
        return .stopped
      }
      walk.cannotDecide(
        .destination, at: target.resourceId, packet, .unsupportedComponent,
        "\(entering), and \(why)"
      )
      return .stopped
    }
    let zone = topology.subnets[sender.subnetId]?.availabilityZone
    let exitSubnet = deliverySubnet(target, preferringZone: zone, receiver: receiver)
    var note =
      "\(tableId) (associated with \(source.id)) sends \(packet.destination) by \(chosen); \(targetId) delivers it into \(target.resourceId)"
    if let exitSubnet { note += " from \(exitSubnet)" }
    walk.add(
      .allowed(
        .transitGateway, at: tgwId, packet,
        rule: .transitGatewayRoute(tableId: tableId, route: chosen), Explanation(note)))
    guard let exitSubnet else {
      walk.cannotDecide(
        .transitGateway, at: targetId, packet, .unsupportedComponent,
        "\(targetId) lists no subnet in the topology (describe-transit-gateway-vpc-attachments), so where it delivers the packet is unknown"
      )
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
            required:
              "the local route (the attachment subnet's route table delivers the packet in the VPC)"
          ))
      }
      return .stopped
    }
    if exitSubnet == receiver.subnetId {
      walk.add(
        skippedACL(
          .networkACLEgress, subnetId: exitSubnet, packet: packet,
          why:
            "\(receiver.id) is in the attachment subnet \(exitSubnet); traffic from the transit gateway to it is not evaluated by that subnet's network ACL"
        ))
      walk.add(routeCheck(lookup, subnetId: exitSubnet, packet: packet))
      walk.add(
        skippedACL(
          .networkACLIngress, subnetId: exitSubnet, packet: packet,
          why: "\(receiver.id) is in the attachment subnet \(exitSubnet)"))
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
          "no attachment of \(tgwId) is in the topology (describe-transit-gateway-attachments and describe-transit-gateway-vpc-attachments are needed to follow it)"
        )
      } else {
        walk.deny(
          .transitGateway, at: tgwId, packet, .noPath,
          "\(vpcId) is not attached to \(tgwId), so its route to the transit gateway leads nowhere")
      }
      return nil
    }
    guard attachment.state == "available" else {
      walk.deny(
        .transitGateway, at: attachment.id, packet, .badStateAttachment,
        "\(attachment.id) (\(vpcId) to \(tgwId)) is \(attachment.state), not available")
      return nil
    }
    if packet.isIPv6 && !attachment.ipv6Support {
      walk.deny(
        .transitGateway, at: attachment.id, packet, .cannotRoute,
        "\(attachment.id) has IPv6 support disabled, so it does not carry IPv6 traffic from \(vpcId)"
      )
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
        "which subnet of \(attachment.id) serves \(subnetId)'s Availability Zone is unknown (describe-transit-gateway-vpc-attachments and describe-subnets give the attachment's subnets and their zones)"
      )
      return nil
    }
    walk.deny(
      .transitGateway, at: attachment.id, packet, .noPath,
      "\(attachment.id) has no subnet in \(zone ?? "the zone") of \(subnetId); resources in an Availability Zone without a transit gateway attachment subnet cannot reach the transit gateway"
    )
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
        "\(attachment.id) is associated with no transit gateway route table, so \(tgwId) has no route for its traffic"
      )
      return nil
    }
    guard let table = topology.transitGatewayRouteTables[tableId], table.routes != nil else {
      walk.cannotDecide(
        .transitGateway, at: tableId, packet, .unsupportedComponent,
        "the routes of \(tableId) are not in the topology (search-transit-gateway-routes --transit-gateway-route-table-id \(tableId), saved as search-transit-gateway-routes.\(tableId).json)"
      )
      return nil
    }
    switch TransitGatewayLookup(packet.destination, in: table, topology: topology) {
    case .routesUnknown:
      return nil  // Ruled out above: the table's routes are known.
    case .unknownPrefixLists(let lists):
      walk.cannotDecide(
        .transitGateway, at: tableId, packet, .unknownPrefixList,
        "\(tableId) has no route for \(packet.destination) unless a prefix list holds it: \(lists.joined(separator: ", ")) (get-managed-prefix-list-entries)"
      )
      return nil
    case .noRoute:
      walk.deny(
        .transitGateway, at: tableId, packet, .tgwRtbCannotRoute,
        "\(tableId) (associated with \(attachment.id)) has no route for \(packet.destination), so \(tgwId) drops it"
      )
      return nil
    case .noAttachment(let route):
      walk.cannotDecide(
        .transitGateway, at: tableId, packet, .unsupportedComponent,
        "\(tableId) sends \(packet.destination) by \(route.destination), an active route that names no attachment in the topology (search-transit-gateway-routes gives them in TransitGatewayAttachments)"
      )
      return nil
    case .blackhole(let route):
      walk.add(
        .denied(
          .transitGateway, at: tableId, packet,
          rule: .transitGatewayRoute(tableId: tableId, route: route), .badStateRoute,
          "\(tableId) (associated with \(attachment.id)) sends \(packet.destination) to a blackhole (\(route.destination)), so \(tgwId) drops it"
        ))
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
