import NetworkPrimitives

/// A transit gateway: a regional router between the VPCs (and VPNs, Direct Connect gateways,
/// peered transit gateways) attached to it (Transit Gateway Guide, "How transit gateways work").
public struct TransitGateway: Hashable, Sendable {
  public var id: String
  /// `available`, `pending`, `modifying`, `deleting`, `deleted`.
  public var state: String
  /// `Options.SecurityGroupReferencingSupport` is `enable`: a security group rule may name a
  /// group of another VPC attached to this gateway (off by default; each VPC attachment has
  /// its own switch too).
  public var securityGroupReferencing: Bool

  public init(id: String, state: String = "available", securityGroupReferencing: Bool = false) {
    self.id = id
    self.state = state
    self.securityGroupReferencing = securityGroupReferencing
  }
}

/// A transit gateway attachment: a VPC (through one subnet per Availability Zone), a VPN
/// connection, a Direct Connect gateway, a peered transit gateway, a Connect attachment.
public struct TransitGatewayAttachment: Hashable, Sendable {
  public var id: String
  public var transitGatewayId: String
  /// `vpc`, `vpn`, `direct-connect-gateway`, `connect`, `peering`, `tgw-peering`,
  /// `network-function`, … (AWS's `ResourceType`).
  public var resourceType: String
  /// The VPC's id for a VPC attachment; the VPN connection's, gateway's, … otherwise.
  public var resourceId: String
  /// `available`, `pending`, `pendingAcceptance`, `rejected`, `deleted`, …
  public var state: String
  /// The transit gateway route table the attachment is associated with (`nil`: none; its
  /// traffic has no table to be routed by).
  public var routeTableId: String?
  /// A VPC attachment's subnets, one per Availability Zone, where the gateway's ENIs sit.
  public var subnetIds: [String]
  /// `ApplianceModeSupport`: both directions of a flow go through one Availability Zone.
  public var applianceMode: Bool
  /// `Ipv6Support`: whether IPv6 traffic is routed through the attachment.
  public var ipv6Support: Bool
  /// `SecurityGroupReferencingSupport` of a VPC attachment (on by default).
  public var securityGroupReferencing: Bool

  public init(
    id: String, transitGatewayId: String, resourceType: String, resourceId: String,
    state: String = "available", routeTableId: String? = nil, subnetIds: [String] = [],
    applianceMode: Bool = false, ipv6Support: Bool = false, securityGroupReferencing: Bool = true
  ) {
    self.id = id
    self.transitGatewayId = transitGatewayId
    self.resourceType = resourceType
    self.resourceId = resourceId
    self.state = state
    self.routeTableId = routeTableId
    self.subnetIds = subnetIds
    self.applianceMode = applianceMode
    self.ipv6Support = ipv6Support
    self.securityGroupReferencing = securityGroupReferencing
  }

  /// Whether it attaches a VPC.
  public var isVPC: Bool { resourceType == "vpc" }
}

/// A transit gateway route table: the routes of the attachments associated with it.
public struct TransitGatewayRouteTable: Hashable, Sendable {
  public var id: String
  public var transitGatewayId: String
  /// `available`, `pending`, `deleting`, `deleted`.
  public var state: String
  /// Its routes (`search-transit-gateway-routes`); `nil` when they were not loaded, so that a
  /// lookup cannot be decided.
  public var routes: [TransitGatewayRoute]?
  /// The attachments that propagate their routes to it, when known.
  public var propagations: [String]?

  public init(
    id: String, transitGatewayId: String, state: String = "available",
    routes: [TransitGatewayRoute]? = nil, propagations: [String]? = nil
  ) {
    self.id = id
    self.transitGatewayId = transitGatewayId
    self.state = state
    self.routes = routes
    self.propagations = propagations
  }
}

/// One route of a transit gateway route table.
public struct TransitGatewayRoute: Hashable, Sendable, CustomStringConvertible {
  public enum Kind: String, Hashable, Sendable {
    case `static`, propagated
  }

  public var destination: Route.Destination
  /// The attachments it sends traffic to (several for equal-cost VPN routes); none for a
  /// blackhole.
  public var attachmentIds: [String]
  public var kind: Kind
  public var state: Route.State

  public init(
    destination: Route.Destination, attachmentIds: [String], kind: Kind = .static,
    state: Route.State = .active
  ) {
    self.destination = destination
    self.attachmentIds = attachmentIds
    self.kind = kind
    self.state = state
  }

  /// `10.1.0.0/16 -> tgw-attach-0abc (propagated)`, `10.1.5.0/24 -> blackhole (static)`.
  public var description: String {
    let target =
      state == .blackhole || attachmentIds.isEmpty
      ? "blackhole" : attachmentIds.joined(separator: ", ")
    return "\(destination) -> \(target) (\(kind.rawValue))"
  }
}
