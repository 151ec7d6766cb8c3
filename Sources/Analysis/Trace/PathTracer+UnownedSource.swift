import NetworkPrimitives
import Topology

/// The forward leg from an address of a VPC that no ENI of the topology owns.
extension PathTracer {
  /// The packet leaves an address of a VPC that no ENI of the topology owns. Its security groups
  /// are unknown, so the trace can at best be undetermined; the checks that do not depend on
  /// them (its subnet's NACL and route table, the receiver's NACL and security groups) are
  /// still made, and any of them that denies decides. Only the local route is followed: through
  /// a gateway, what happens depends on the sender's public address or translation, unknown.
  func leaveUnowned(
    _ address: IPAddress, vpcId: String, subnetId: String?, packet: Packet,
    toward destination: TraceEndpoint, walk: inout Walk
  ) -> Shape? {
    let owner = subnetId ?? vpcId
    walk.cannotDecide(
      .securityGroupEgress, at: nil, packet, .unknownSource,
      Explanation(.unknownSource, ["address": "\(address)", "owner": "\(owner)"]))
    guard let subnetId else {
      walk.cannotDecide(
        .routeTable, at: nil, packet, .unknownSource,
        Explanation(.unknownSourceSubnet, ["address": "\(address)"]))
      return nil
    }
    let lookup = routes.lookup(subnetId: subnetId, destination: packet.destination)
    guard let route = lookup.route, route.state == .active else {
      notRouted(
        lookup, subnetId: subnetId, packet: packet, why: Explanation(.packetNotRouted), walk: &walk)
      return nil
    }
    if case .local = route.target {
      guard let receiver = destination.interface, receiver.vpcId == vpcId else {
        walk.add(routeCheck(lookup, subnetId: subnetId, packet: packet))
        walk.add(unknownDestination(destination, packet: packet))
        return nil
      }
      return crossToReceiver(receiver, from: subnetId, lookup: lookup, packet: packet, walk: &walk)
    }
    walk.add(aclCheck(subnetId: subnetId, packet: packet, egress: true))
    walk.add(routeCheck(lookup, subnetId: subnetId, packet: packet))
    if walk.stopped { return nil }
    let check: Checkpoint.Check
    switch route.target {
    case .internetGateway: check = .internetGateway
    case .natGateway: check = .natGateway
    case .egressOnlyInternetGateway: check = .egressOnlyInternetGateway
    case .vpcPeeringConnection: check = .peeringConnection
    default:
      walk.add(unsupportedTarget(route, packet: packet))
      return nil
    }
    walk.cannotDecide(
      check, at: route.target.description, packet, .unknownSource,
      Explanation(
        .unknownSourceThroughGateway, ["target": "\(route.target)", "address": "\(address)"])
    )
    return nil
  }
}
