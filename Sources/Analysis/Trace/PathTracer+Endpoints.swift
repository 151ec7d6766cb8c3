import Topology

/// VPC endpoints on the path (VPC User Guide, "Gateway endpoints"; PrivateLink Guide, "Gateway
/// Load Balancer endpoints"; AWS Network Firewall Developer Guide, "Firewall endpoints").
///
/// A gateway endpoint carries what its prefix list's routes send it to the service (S3,
/// DynamoDB) and its replies back; the sender's subnet's network ACL and security groups judge
/// the packets by the service's public addresses. The endpoint's policy (IAM, not addresses) is
/// not evaluated. A Gateway Load Balancer endpoint (and an AWS Network Firewall's) hands the
/// packet to appliances whose rules the topology does not hold: the trace stops there,
/// `undetermined`, and says so; it never lets the packet through silently.
extension PathTracer {
  /// `sender`'s packet, routed to `endpointId` (its security groups, network ACL and route
  /// already checked).
  func leaveThroughEndpoint(
    _ endpointId: String, sender: NetworkInterface, packet: Packet,
    toward destination: TraceEndpoint, walk: inout Walk
  ) -> Shape? {
    guard let endpoint = topology.vpcEndpoints[endpointId] else {
      walk.cannotDecide(
        .vpcEndpoint, at: endpointId, packet, .unsupportedComponent,
        "\(endpointId) is not in the topology (describe-vpc-endpoints says what kind of endpoint it is)"
      )
      return nil
    }
    guard endpoint.state.lowercased() == "available" else {
      walk.deny(
        .vpcEndpoint, at: endpointId, packet, .badState,
        "\(endpointId) (\(endpoint.summary)) is \(endpoint.state), not available")
      return nil
    }
    switch endpoint.kind {
    case .gateway:
      walk.allow(
        .vpcEndpoint, at: endpointId, packet,
        "\(endpointId) (\(endpoint.summary)) carries it to the service (its endpoint policy is not evaluated)"
      )
      return .gatewayEndpoint(endpointId)
    case .gatewayLoadBalancer:
      // Entering the endpoint's subnet (its network ACL, unless the sender shares it), then the
      // inspection, which the model cannot decide; past it, a receiver of the topology still
      // makes its own checks, and the reply's checks on the sender's side are made.
      inspect(endpoint, from: sender.subnetId, packet: packet, walk: &walk)
      if walk.stopped { return nil }
      if let receiver = destination.interface {
        enterThrough(
          .vpcEndpoint(endpointId), interface: receiver, packet: packet, request: nil, walk: &walk)
      }
      return walk.stopped ? nil : .beyondModel(.vpcEndpoint(endpointId))
    case .interface, .other:
      walk.cannotDecide(
        .vpcEndpoint, at: endpointId, packet, .unsupportedComponent,
        "the route sends the packet to \(endpointId) (\(endpoint.summary)), which flowcause does not follow as a route target"
      )
      return nil
    }
  }

  /// A packet handed from subnet `from` to an inspecting `endpoint`: the endpoint subnet's
  /// network ACL inbound (none within one subnet), then the inspection itself, undetermined
  /// without stopping the leg.
  /// `sentBy` says how the packet came to the endpoint (`rtb-1 sends it to`), for the words of
  /// the inspection's checkpoint.
  func inspect(
    _ endpoint: VpcEndpoint, from subnetId: String?, packet: Packet, sentBy: String? = nil,
    walk: inout Walk
  ) {
    if let endpointSubnet = endpoint.subnetIds.first, endpointSubnet != subnetId {
      walk.add(aclCheck(subnetId: endpointSubnet, packet: packet, egress: false))
      if walk.stopped { return }
    }
    let note =
      sentBy.map {
        "\($0) \(endpoint.id) (\(endpoint.summary)), which inspects it; \(Self.inspectionNote(endpoint))"
      }
      ?? "\(endpoint.id) (\(endpoint.summary)) sends the packet for inspection; \(Self.inspectionNote(endpoint))"
    walk.addContinuing(
      .undetermined(
        .vpcEndpoint, at: endpoint.id, packet, .unsupportedComponent, Explanation(note)))
  }

  /// What is not known past an inspecting endpoint.
  static func inspectionNote(_ endpoint: VpcEndpoint) -> String {
    endpoint.firewallArn != nil
      ? "the firewall's rules are not evaluated (they are not in the topology), so whether it passes is unknown"
      : "the appliances behind the Gateway Load Balancer are not in the topology, so whether they pass it is unknown"
  }

  /// The reply of the service behind a gateway endpoint: back through the endpoint into
  /// `sender`'s subnet (its network ACL inbound) and to `sender` (its security groups, by the
  /// connection's state).
  func returnThroughEndpoint(
    _ endpointId: String, to sender: NetworkInterface, reply: Packet, request: Packet,
    walk: inout Walk
  ) {
    walk.allow(
      .vpcEndpoint, at: endpointId, reply,
      "the service's reply comes back through \(endpointId)")
    enter(sender, packet: reply, reply: request, walk: &walk)
  }
}

/// Virtual private gateways (Site-to-Site VPN User Guide, "How AWS Site-to-Site VPN works";
/// VPC User Guide, "Route tables", route propagation): a route to `vgw-…` takes the packet out
/// of the VPC to the VPN or Direct Connect network, which is outside the model.
extension PathTracer {
  /// `vpn-1: available, tunnels DOWN/DOWN; …`.
  static func vpnStates(_ connections: [VpnConnection]) -> String {
    connections.map {
      "\($0.id): \($0.state), tunnels \($0.tunnelStatuses.isEmpty ? "unknown" : $0.tunnelStatuses.joined(separator: "/"))"
    }.joined(separator: "; ")
  }

  /// Returns the shape of a packet that leaves for the VPN or Direct Connect network: what
  /// happens there is undetermined, but the reply's checks on this side are still made.
  @discardableResult
  func leaveThroughVPN(
    _ gatewayId: String, sender: NetworkInterface, packet: Packet, walk: inout Walk
  ) -> Shape? {
    guard let gateway = topology.vpnGateways[gatewayId] else {
      walk.cannotDecide(
        .virtualPrivateGateway, at: gatewayId, packet, .unsupportedComponent,
        "the route sends the packet to \(gatewayId), a virtual private gateway the topology does not describe (describe-vpn-gateways); past it lies the VPN or Direct Connect network, outside the model"
      )
      return nil
    }
    guard gateway.state == "available", gateway.attachedVpcIds.contains(sender.vpcId) else {
      walk.deny(
        .virtualPrivateGateway, at: gatewayId, packet, .badStateAttachment,
        gateway.state == "available"
          ? "\(gatewayId) is not attached to \(sender.vpcId), so its route leads nowhere"
          : "\(gatewayId) is \(gateway.state), not available")
      return nil
    }
    let all = topology.vpnConnections.values.filter { $0.vpnGatewayId == gatewayId }
      .sorted { $0.id < $1.id }
    let connections = VpnConnection.carrying(packet.destination, among: all)
    if !connections.isEmpty && !connections.contains(where: \.isUp) {
      walk.deny(
        .virtualPrivateGateway, at: gatewayId, packet, .badStateVPN,
        connections.count == all.count
          ? "every VPN connection of \(gatewayId) is down (\(Self.vpnStates(connections)))"
          : "the VPN connection\(connections.count == 1 ? "" : "s") of \(gatewayId) whose static routes hold \(packet.destination) \(connections.count == 1 ? "is" : "are") down (\(Self.vpnStates(connections)))"
      )
      return nil
    }
    walk.addContinuing(
      .undetermined(
        .virtualPrivateGateway, at: gatewayId, packet, .unsupportedComponent,
        "the packet leaves \(sender.vpcId) through \(gatewayId) for the VPN or Direct Connect network; the on-premises side (its routes and firewalls) is outside the model"
      ))
    return .beyondModel(.virtualPrivateGateway(gatewayId))
  }
}
