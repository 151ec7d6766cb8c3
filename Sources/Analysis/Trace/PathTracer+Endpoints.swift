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
        Explanation(.endpointNotInTopology, ["endpoint": "\(endpointId)"]))
      return nil
    }
    guard endpoint.state.lowercased() == "available" else {
      walk.deny(
        .vpcEndpoint, at: endpointId, packet, .badState,
        Explanation(
          .endpointNotAvailable,
          [
            "endpoint": "\(endpointId)", "summary": Explanation.summary(endpoint),
            "state": "\(endpoint.state)",
          ]))
      return nil
    }
    switch endpoint.kind {
    case .gateway:
      walk.allow(
        .vpcEndpoint, at: endpointId, packet,
        Explanation(
          .endpointCarries,
          ["endpoint": "\(endpointId)", "summary": Explanation.summary(endpoint)]))
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
        Explanation(
          .endpointNotFollowed,
          ["endpoint": "\(endpointId)", "summary": Explanation.summary(endpoint)]))
      return nil
    }
  }

  /// A packet handed from subnet `from` to an inspecting `endpoint`: the endpoint subnet's
  /// network ACL inbound (none within one subnet), then the inspection itself, undetermined
  /// without stopping the leg.
  /// `sentBy` says how the packet came to the endpoint (`rtb-1 sends it to`), for the words of
  /// the inspection's checkpoint.
  func inspect(
    _ endpoint: VpcEndpoint, from subnetId: String?, packet: Packet, sentBy: Explanation? = nil,
    walk: inout Walk
  ) {
    if let endpointSubnet = endpoint.subnetIds.first, endpointSubnet != subnetId {
      walk.add(aclCheck(subnetId: endpointSubnet, packet: packet, egress: false))
      if walk.stopped { return }
    }
    let words: KeyValuePairs<String, Explanation> = [
      "endpoint": "\(endpoint.id)", "summary": Explanation.summary(endpoint),
      "inspection": Self.inspectionNote(endpoint), "sentBy": sentBy ?? "",
    ]
    let note = Explanation(sentBy == nil ? .endpointInspects : .endpointInspectsSent, words)
    walk.addContinuing(
      .undetermined(.vpcEndpoint, at: endpoint.id, packet, .unsupportedComponent, note))
  }

  /// What is not known past an inspecting endpoint.
  static func inspectionNote(_ endpoint: VpcEndpoint) -> Explanation {
    Explanation(endpoint.firewallArn != nil ? .firewallRulesUnknown : .appliancesUnknown)
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
      Explanation(.endpointReplyBack, ["endpoint": "\(endpointId)"]))
    enter(sender, packet: reply, reply: request, walk: &walk)
  }
}

/// Virtual private gateways (Site-to-Site VPN User Guide, "How AWS Site-to-Site VPN works";
/// VPC User Guide, "Route tables", route propagation): a route to `vgw-…` takes the packet out
/// of the VPC to the VPN or Direct Connect network, which is outside the model.
extension PathTracer {
  /// `vpn-1: available, tunnels DOWN/DOWN; …`.
  static func vpnStates(_ connections: [VpnConnection]) -> Explanation {
    let states = connections.map {
      Explanation(
        .vpnConnectionState,
        [
          "vpn": "\($0.id)", "state": "\($0.state)",
          "tunnels": $0.tunnelStatuses.isEmpty
            ? Explanation(.tunnelsUnknown) : "\($0.tunnelStatuses.joined(separator: "/"))",
        ])
    }
    return Explanation.joined(states, separator: .listSemicolon)
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
        Explanation(.vgwNotInTopology, ["gateway": "\(gatewayId)"]))
      return nil
    }
    guard gateway.state == "available", gateway.attachedVpcIds.contains(sender.vpcId) else {
      walk.deny(
        .virtualPrivateGateway, at: gatewayId, packet, .badStateAttachment,
        gateway.state == "available"
          ? Explanation(.vgwNotAttached, ["gateway": "\(gatewayId)", "vpc": "\(sender.vpcId)"])
          : Explanation(
            .gatewayNotAvailable, ["gateway": "\(gatewayId)", "state": "\(gateway.state)"]))
      return nil
    }
    let all = topology.vpnConnections.values.filter { $0.vpnGatewayId == gatewayId }
      .sorted { $0.id < $1.id }
    let connections = VpnConnection.carrying(packet.destination, among: all)
    if !connections.isEmpty && !connections.contains(where: \.isUp) {
      walk.deny(
        .virtualPrivateGateway, at: gatewayId, packet, .badStateVPN,
        Explanation(
          connections.count == all.count
            ? .vpnAllDown : connections.count == 1 ? .vpnOneDown : .vpnSomeDown,
          [
            "gateway": "\(gatewayId)", "destination": "\(packet.destination)",
            "states": Self.vpnStates(connections),
          ]))
      return nil
    }
    walk.addContinuing(
      .undetermined(
        .virtualPrivateGateway, at: gatewayId, packet, .unsupportedComponent,
        Explanation(.leavesThroughVPN, ["vpc": "\(sender.vpcId)", "gateway": "\(gatewayId)"])))
    return .beyondModel(.virtualPrivateGateway(gatewayId))
  }
}
