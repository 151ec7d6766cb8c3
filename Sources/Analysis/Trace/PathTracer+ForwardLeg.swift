import NetworkPrimitives
import Topology

/// The forward leg: the request from its source to its destination.
extension PathTracer {
  /// The packet leaves `sender` (`packet.source` is its private address).
  func leaveInterface(
    _ sender: NetworkInterface, packet: Packet, toward destination: TraceEndpoint,
    walk: inout Walk
  ) -> Shape? {
    walk.add(securityGroupCheck(sender, packet: packet, direction: .outbound, reply: nil))
    if walk.stopped { return nil }
    let lookup = routes.lookup(subnetId: sender.subnetId, destination: packet.destination)
    guard let route = lookup.route, route.state == .active else {
      notRouted(
        lookup, subnetId: sender.subnetId, packet: packet, why: Explanation(.packetNotRouted),
        walk: &walk)
      return nil
    }
    switch route.target {
    case .local:
      guard let receiver = destination.interface, receiver.vpcId == sender.vpcId else {
        walk.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
        walk.add(unknownDestination(destination, packet: packet))
        return nil
      }
      return crossToReceiver(
        receiver, from: sender.subnetId, lookup: lookup, packet: packet, walk: &walk)

    case .natGateway(let natId):
      return leaveThroughNatGateway(
        natId, sender: sender, lookup: lookup, packet: packet, toward: destination, walk: &walk)

    default:
      walk.add(aclCheck(subnetId: sender.subnetId, packet: packet, egress: true))
      walk.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
      if walk.stopped { return nil }
      switch route.target {
      case .internetGateway(let igwId):
        return leaveThroughInternetGateway(
          igwId, sender: sender, packet: packet, toward: destination, walk: &walk)
      case .egressOnlyInternetGateway(let eigwId):
        return leaveThroughEgressOnlyGateway(
          eigwId, sender: sender, packet: packet, toward: destination, walk: &walk)
      case .vpcPeeringConnection(let pcxId):
        return leaveThroughPeering(
          pcxId, sender: sender, packet: packet, toward: destination, walk: &walk)
      case .virtualPrivateGateway(let gatewayId):
        return leaveThroughVPN(gatewayId, sender: sender, packet: packet, walk: &walk)
      case .vpcEndpoint(let endpointId):
        return leaveThroughEndpoint(
          endpointId, sender: sender, packet: packet, toward: destination, walk: &walk)
      case .transitGateway(let tgwId):
        return leaveThroughTransitGateway(
          tgwId, sender: sender, packet: packet, toward: destination, walk: &walk)
      default:
        walk.add(unsupportedTarget(route, packet: packet))
        return nil
      }
    }
  }

  /// By the local route from `subnetId` to `receiver`: the subnets' network ACLs around the
  /// route (`lookup`), then the receiver's security groups.
  func crossToReceiver(
    _ receiver: NetworkInterface, from subnetId: String, lookup: RouteLookup, packet: Packet,
    walk: inout Walk
  ) -> Shape? {
    crossSubnets(from: subnetId, to: receiver.subnetId, packet: packet, walk: &walk) {
      $0.add(routeCheck(lookup, subnetId: subnetId, packet: packet))
    }
    if walk.stopped { return nil }
    walk.add(securityGroupCheck(receiver, packet: packet, direction: .inbound, reply: nil))
    return .local
  }

  /// The destination is an address of a VPC that no ENI of the topology owns.
  func unknownDestination(_ destination: TraceEndpoint, packet: Packet) -> Checkpoint {
    let owner: Explanation
    if case .unowned(_, let vpcId, let subnetId) = destination {
      owner = "\(subnetId ?? vpcId)"
    } else {
      owner = Explanation(.theVPC)
    }
    return .denied(
      .destination, at: nil, packet, .unknownDestination,
      Explanation(
        .unknownDestination, ["destination": "\(packet.destination)", "owner": owner]))
  }
}
