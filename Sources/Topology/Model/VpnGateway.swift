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

  /// Whether it can carry traffic: `available`, with a tunnel `UP` (or tunnels not reported).
  public var isUp: Bool {
    state == "available" && (tunnelStatuses.isEmpty || tunnelStatuses.contains("UP"))
  }

  public init(
    id: String, state: String = "available", vpnGatewayId: String? = nil,
    transitGatewayId: String? = nil, tunnelStatuses: [String] = []
  ) {
    self.id = id
    self.state = state
    self.vpnGatewayId = vpnGatewayId
    self.transitGatewayId = transitGatewayId
    self.tunnelStatuses = tunnelStatuses
  }
}
