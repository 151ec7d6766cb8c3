import Topology

/// VPC peering connections, on both legs.
extension PathTracer {
  /// `sender`'s packet, through the route to `pcxId`, enters the peer VPC.
  func leaveThroughPeering(
    _ pcxId: String, sender: NetworkInterface, packet: Packet, toward destination: TraceEndpoint,
    walk: inout Walk
  ) -> Shape? {
    guard peeringCheck(pcxId, from: sender.vpcId, packet: packet, walk: &walk) else { return nil }
    guard let receiver = destination.interface else {
      if case .unowned = destination {
        walk.add(unknownDestination(destination, packet: packet))
        return nil
      }
      walk.cannotDecide(
        .destination, at: nil, packet, .unknownDestination,
        Explanation(.peerInterfacesUnknown))
      return nil
    }
    enter(receiver, packet: packet, reply: nil, walk: &walk)
    if walk.stopped { return nil }
    return .peering(pcxId)
  }

  /// The reply leaves `receiver` by its own route to `pcxId` (peering routes are needed on both
  /// sides) and enters `sender`.
  func returnThroughPeering(
    _ pcxId: String, from receiver: NetworkInterface, to sender: NetworkInterface, reply: Packet,
    request: Packet, walk: inout Walk
  ) {
    let lookup = routes.lookup(subnetId: receiver.subnetId, destination: reply.destination)
    // Routing is per hop and keeps no state: the reply may come back by a transit gateway the
    // receiver's table names, whatever carried the request.
    if case .transitGateway(let tgwId)? = lookup.route?.target, lookup.route?.state == .active {
      returnThroughTransitGateway(
        tgwId, from: receiver, to: sender, reply: reply, request: request, walk: &walk)
      return
    }
    walk.add(securityGroupCheck(receiver, packet: reply, direction: .outbound, reply: request))
    guard lookup.route?.target == .vpcPeeringConnection(pcxId), lookup.route?.state == .active
    else {
      walk.add(aclCheck(subnetId: receiver.subnetId, packet: reply, egress: true))
      walk.add(
        routeCheck(
          lookup, subnetId: receiver.subnetId, packet: reply,
          required: Explanation(.routeToPeering, ["pcx": "\(pcxId)"])))
      return
    }
    walk.add(aclCheck(subnetId: receiver.subnetId, packet: reply, egress: true))
    walk.add(routeCheck(lookup, subnetId: receiver.subnetId, packet: reply))
    if walk.stopped { return }
    guard peeringCheck(pcxId, from: receiver.vpcId, packet: reply, walk: &walk) else { return }
    enter(sender, packet: reply, reply: request, walk: &walk)
  }

  /// The peering connection carries `packet` from `vpcId` to the peer VPC: it must be in the
  /// topology, active, and the destination in the peer's CIDRs.
  private func peeringCheck(_ pcxId: String, from vpcId: String, packet: Packet, walk: inout Walk)
    -> Bool
  {
    guard let pcx = topology.peeringConnections[pcxId] else {
      walk.cannotDecide(
        .peeringConnection, at: pcxId, packet, .unsupportedComponent,
        Explanation(.notInTopology, ["id": "\(pcxId)"]))
      return false
    }
    guard pcx.status == "active" else {
      walk.deny(
        .peeringConnection, at: pcxId, packet, .badState,
        Explanation(.pcxNotActive, ["pcx": "\(pcxId)", "state": "\(pcx.status)"]))
      return false
    }
    let peerCidrs = pcx.requesterVpcId == vpcId ? pcx.accepterCidrs : pcx.requesterCidrs
    guard peerCidrs.contains(where: { $0.contains(packet.destination) }) else {
      walk.deny(
        .peeringConnection, at: pcxId, packet, .pcxRequiresAddressInVPCCIDR,
        Explanation(
          .pcxOutsidePeerCIDRs, ["pcx": "\(pcxId)", "destination": "\(packet.destination)"])
      )
      return false
    }
    walk.allow(
      .peeringConnection, at: pcxId, packet,
      Explanation(.pcxCarries, ["pcx": "\(pcxId)", "destination": "\(packet.destination)"]))
    return true
  }
}
