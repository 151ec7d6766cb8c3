import Messages
import NetworkPrimitives
import Topology

/// Inspection VPCs attached to a transit gateway without appliance mode (Transit Gateway Guide,
/// "Example: Appliance in a shared services VPC"; AWS Network Firewall Developer Guide,
/// "Transit gateway attachment configuration for AWS Network Firewall"). Without it the gateway
/// keeps a flow in the Availability Zone it came from, so the two directions of a flow between
/// spokes in different zones enter the inspection VPC in different zones and reach different
/// appliance (or firewall) endpoints; the stateful appliance that sees only the reply drops it.
/// With appliance mode the gateway picks one attachment ENI for the life of the flow, both ways.
///
/// An attachment with one zone has one ENI: both directions go through it, nothing to report.
extension Linter {
  /// `tgw-appliance-mode-off`.
  func applianceModeFindings() -> [Finding] {
    guard !topology.transitGatewayAttachments.isEmpty, !topology.vpcEndpoints.isEmpty else {
      return []
    }
    var findings: [Finding] = []
    for attachment in topology.transitGatewayAttachments.values.sorted(by: { $0.id < $1.id }) {
      guard attachment.isVPC, !attachment.applianceMode,
        !Self.endedStates.contains(attachment.state.lowercased())
      else { continue }
      // AWS takes exactly one subnet a zone: a subnet whose zone is not loaded is a zone of its
      // own.
      let zones = Set(attachment.subnetIds.map { topology.subnets[$0]?.availabilityZone ?? $0 })
      guard zones.count > 1 else { continue }
      let handOffs = inspectionRoutes(of: attachment)
      guard let first = handOffs.first else { continue }
      let tables = handOffs.map(\.table.id).uniqued()
      let endpoints = handOffs.map(\.endpoint.id).uniqued()
      let shown = Explanation.joined(
        handOffs.prefix(3).map {
          Explanation(
            .lintHandOff,
            [
              "table": Explanation($0.table.id), "subnet": Explanation($0.subnetId),
              "destination": "\($0.route.destination)", "endpoint": Explanation($0.endpoint.id),
            ])
        }, separator: .lintSemicolon)
      let routesText =
        handOffs.count > 3
        ? Explanation(.lintAndMoreRoutes, ["items": shown, "count": "\(handOffs.count - 3)"])
        : shown
      let appliance = Explanation(
        first.endpoint.firewallArn != nil ? .lintFirewallEndpoint : .lintGWLBEndpoint)
      var finding = Finding(
        id: .tgwApplianceModeOff, severity: .warning, componentId: attachment.id,
        relatedIds: ([attachment.transitGatewayId, attachment.resourceId] + attachment.subnetIds
          + tables + endpoints).uniqued().sorted(),
        note: Explanation(
          .lintApplianceModeOff,
          [
            "attachment": Explanation(attachment.id), "vpc": Explanation(attachment.resourceId),
            "tgw": Explanation(attachment.transitGatewayId), "count": "\(zones.count)",
            "zones": Explanation.joined(Self.words(zones.sorted()), separator: .listComma),
            "appliance": appliance, "routes": routesText,
          ]),
        fixNote: Explanation(.lintFixApplianceMode, ["attachment": Explanation(attachment.id)])
      )
      finding.affected.subnetIds = attachment.subnetIds.sorted()
      findings.append(finding)
    }
    return findings
  }

  /// Attachment states after which it carries nothing.
  static let endedStates: Set<String> = ["deleting", "deleted", "failing", "failed", "rejected"]

  /// The active routes of `attachment`'s subnets' tables to a Gateway Load Balancer endpoint
  /// (an appliance's or an AWS Network Firewall's), in subnet order.
  private func inspectionRoutes(of attachment: TransitGatewayAttachment) -> [(
    subnetId: String, table: RouteTable, route: Route, endpoint: VpcEndpoint
  )] {
    var found: [(subnetId: String, table: RouteTable, route: Route, endpoint: VpcEndpoint)] = []
    for subnetId in attachment.subnetIds.sorted() {
      guard let table = index.routeTable(forSubnet: subnetId) else { continue }
      for route in table.routes where route.state == .active {
        guard case .vpcEndpoint(let id) = route.target, let endpoint = topology.vpcEndpoints[id],
          endpoint.kind == .gatewayLoadBalancer
        else { continue }
        found.append((subnetId, table, route, endpoint))
      }
    }
    return found
  }
}
