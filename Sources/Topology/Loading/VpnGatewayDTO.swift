import NetworkPrimitives

/// One element of `VpnGateways` (`aws ec2 describe-vpn-gateways`).
struct VpnGatewayDTO: Hashable, Sendable {
  var vpnGatewayId: String
  var state: String
  var attachedVpcIds: [String]

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    vpnGatewayId = try object.string("VpnGatewayId")
    state = try object.optionalString("State") ?? "available"
    attachedVpcIds = []
    for attachment in try object.optionalObjects("VpcAttachments")
    where try attachment.optionalString("State") ?? "attached" == "attached" {
      attachedVpcIds.append(try attachment.string("VpcId"))
    }
  }
}

/// One element of `VpnConnections` (`aws ec2 describe-vpn-connections`).
struct VpnConnectionDTO: Hashable, Sendable {
  var vpnConnectionId: String
  var state: String
  var vpnGatewayId: String?
  var transitGatewayId: String?
  var tunnelStatuses: [String]
  /// `Routes[].DestinationCidrBlock` of the routes in state `available` (static routes).
  var staticRoutes: [CIDR]

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    vpnConnectionId = try object.string("VpnConnectionId")
    state = try object.optionalString("State") ?? "available"
    vpnGatewayId = try object.optionalString("VpnGatewayId")
    transitGatewayId = try object.optionalString("TransitGatewayId")
    tunnelStatuses = []
    for tunnel in try object.optionalObjects("VgwTelemetry") {
      if let status = try tunnel.optionalString("Status") { tunnelStatuses.append(status) }
    }
    staticRoutes = []
    for route in try object.optionalObjects("Routes")
    where try route.optionalString("State") ?? "available" == "available" {
      if let cidr = try route.optionalCIDR("DestinationCidrBlock", .any) {
        staticRoutes.append(cidr)
      }
    }
  }
}
