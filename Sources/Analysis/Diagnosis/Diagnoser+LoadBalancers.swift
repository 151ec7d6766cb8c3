import NetworkPrimitives
import Topology

/// What load balancers mean for a REJECT, in words added to its explanation (User Guide for
/// Application Load Balancers, "Target security groups" and "Health checks for your target
/// groups"; User Guide for Network Load Balancers, "Client IP preservation" and "Target
/// security groups"): an Application Load Balancer's nodes open their own connections to the
/// targets, health checks included, so a target sees a node's private address; a Network Load
/// Balancer with client IP preservation on hands the target the client's own address, so the
/// target's security group and network ACL must admit the clients.
extension Diagnoser {
  /// The sentence for `record` at `interface`, or `nil` when no load balancer is involved.
  func loadBalancerNote(
    _ record: FlowObservation, interface: NetworkInterface, direction: FlowDirection?,
    index: TopologyIndex
  ) -> Explanation? {
    let topology = index.topology
    // The record's ENI is a load balancer's node.
    if let arn = index.loadBalancerOfInterface[interface.id],
      let balancer = topology.loadBalancers[arn]
    {
      return Explanation(
        .lbNodeOfENI,
        [
          "eni": "\(interface.id)", "name": "\(balancer.name)", "kind": "\(balancer.kind.rawValue)",
          "scheme": "\(balancer.scheme)",
        ])
    }
    let peer: IPAddress
    switch direction {
    case .ingress?: peer = record.source
    case .egress?: peer = record.destination
    case nil:
      peer = interface.privateIPv4s.contains(record.source) ? record.destination : record.source
    }
    let localPort = Int(direction == .egress ? record.sourcePort : record.destinationPort)
    // A node of a load balancer talks to this ENI: its own connection to a target.
    if let node = index.owner(of: peer), let arn = index.loadBalancerOfInterface[node],
      let balancer = topology.loadBalancers[arn]
    {
      var text = Explanation(
        balancer.kind == .application ? .lbPeerNodeApplication : .lbPeerNode,
        [
          "peer": "\(peer)", "name": "\(balancer.name)", "kind": "\(balancer.kind.rawValue)",
          "eni": "\(interface.id)",
        ])
      let groups = targetGroups(of: interface, index: index).filter {
        $0.loadBalancerArns.contains(arn)
      }
      if let checked = groups.first(where: {
        healthCheckPort(of: $0, interface: interface) == localPort
      }) {
        text += Explanation(
          .lbHealthCheckPort, ["port": "\(localPort)", "group": "\(checked.name)"])
      }
      return text
    }
    // A client reaches this target through a Network Load Balancer that keeps its address.
    for group in targetGroups(of: interface, index: index)
    where group.clientIPPreserved && trafficPort(of: group, interface: interface) == localPort {
      guard
        let balancer = group.loadBalancerArns.compactMap({ topology.loadBalancers[$0] }).first(
          where: { $0.kind == .network })
      else { continue }
      return Explanation(
        .nlbClientIPPreserved,
        [
          "eni": "\(interface.id)", "name": "\(balancer.name)", "group": "\(group.name)",
          "port": "\(localPort)", "peer": "\(peer)",
        ])
    }
    return nil
  }

  /// The target groups listing the ENI's instance or one of its addresses.
  private func targetGroups(of interface: NetworkInterface, index: TopologyIndex) -> [TargetGroup] {
    let keys = [interface.instanceId].compactMap { $0 } + interface.privateIPv4s.map(\.description)
    return keys.flatMap { index.targetGroupsOfTarget[$0] ?? [] }.compactMap {
      index.topology.targetGroups[$0]
    }
  }

  /// The port the ENI receives the group's traffic on: the registration's, else the group's.
  private func trafficPort(of group: TargetGroup, interface: NetworkInterface) -> Int? {
    let keys = Set(
      [interface.instanceId].compactMap { $0 } + interface.privateIPv4s.map(\.description))
    return group.targets?.first { keys.contains($0.id) }?.port ?? group.port
  }

  private func healthCheckPort(of group: TargetGroup, interface: NetworkInterface) -> Int? {
    group.healthCheckPort ?? trafficPort(of: group, interface: interface)
  }
}
