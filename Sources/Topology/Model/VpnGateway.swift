import NetworkPrimitives

/// A virtual private gateway (`describe-vpn-gateways`): the VPC's side of Site-to-Site VPN
/// connections and Direct Connect.
public struct VpnGateway: Hashable, Sendable {
  public var id: String
  /// `pending`, `available`, `deleting`, `deleted`.
  public var state: String
  /// VPCs it is attached to (attachments in state `attached`).
  public var attachedVpcIds: [String]

  public init(id: String, state: String = "available", attachedVpcIds: [String]) {
    self.id = id
    self.state = state
    self.attachedVpcIds = attachedVpcIds
  }
}

/// A Site-to-Site VPN connection (`describe-vpn-connections`) on a virtual private gateway or
/// a transit gateway.
public struct VpnConnection: Hashable, Sendable {
  public var id: String
  /// `pending`, `available`, `deleting`, `deleted`.
  public var state: String
  public var vpnGatewayId: String?
  public var transitGatewayId: String?
  /// Each tunnel's `VgwTelemetry[].Status` (`UP`, `DOWN`), when the output gives it.
  public var tunnelStatuses: [String]
  /// Its static routes to the customer's networks (`Routes`, those `available`); empty for a
  /// connection routed by BGP, whose routes the topology does not hold.
  public var staticRoutes: [CIDR]

  /// Whether it can carry traffic: `available`, with a tunnel `UP` (or tunnels not reported).
  public var isUp: Bool {
    state == "available" && (tunnelStatuses.isEmpty || tunnelStatuses.contains("UP"))
  }

  public init(
    id: String, state: String = "available", vpnGatewayId: String? = nil,
    transitGatewayId: String? = nil, tunnelStatuses: [String] = [], staticRoutes: [CIDR] = []
  ) {
    self.id = id
    self.state = state
    self.vpnGatewayId = vpnGatewayId
    self.transitGatewayId = transitGatewayId
    self.tunnelStatuses = tunnelStatuses
    self.staticRoutes = staticRoutes
  }

  /// The connections of a virtual private gateway that can carry traffic to `address`: those
  /// whose static routes hold it, when any does (a static route names which connection leads
  /// there), else every one of them (routes learned by BGP are not in the topology).
  public static func carrying(_ address: IPAddress, among connections: [VpnConnection])
    -> [VpnConnection]
  {
    let routed = connections.filter { $0.staticRoutes.contains { $0.contains(address) } }
    return routed.isEmpty ? connections : routed
  }
}
