import NetworkPrimitives
import Topology

extension TopologyDraw {
  /// A transit gateway between some of the VPCs, now and then, drawn from a stream of its own
  /// (so that networks without one are drawn exactly as before): VPC attachments through one
  /// or two subnets (a zone may have none), one route table associated with them (or not),
  /// each VPC's block propagated to it (or missing, or a blackhole left by a deleted
  /// attachment), security group referencing on or off, and routes to the gateway for the
  /// other attached VPCs on some of each VPC's tables (not where a peering already routes).
  mutating func transitGateways(seed: UInt64) {
    guard plans.count >= 2 else { return }
    var draw = Draw(seed: seed, stream: 0x7467_775F_6472_6177)
    guard draw.chance(0.4) else { return }
    let tgwId = "tgw-1"
    let tableId = "tgw-rtb-1"
    topology.transitGateways[tgwId] = TransitGateway(
      id: tgwId, state: draw.chance(0.95) ? "available" : "pending",
      securityGroupReferencing: draw.chance(0.5))
    var attached: [VPCPlan] = []
    var routes: [TransitGatewayRoute] = []
    for plan in plans where !plan.subnets.isEmpty && draw.chance(0.85) {
      let attachmentId = "tgw-attach-\(plan.number)"
      let subnets = draw.shuffled(plan.subnets.map(\.id))
      let chosen = Array(subnets.prefix(draw.chance(0.6) ? 1 : 2))
      // One subnet per zone, as AWS allows.
      var zones: Set<String> = []
      let perZone = chosen.filter { id in
        zones.insert(topology.subnets[id]?.availabilityZone ?? "").inserted
      }
      topology.transitGatewayAttachments[attachmentId] = TransitGatewayAttachment(
        id: attachmentId, transitGatewayId: tgwId, resourceType: "vpc", resourceId: plan.id,
        state: draw.chance(0.95) ? "available" : "pendingAcceptance",
        routeTableId: draw.chance(0.92) ? tableId : nil, subnetIds: perZone.sorted(),
        ipv6Support: plan.ipv6 != nil && draw.chance(0.6),
        securityGroupReferencing: draw.chance(0.9))
      attached.append(plan)
      switch draw.weighted([("propagated", 80), ("missing", 12), ("blackhole", 8)]) {
      case "propagated":
        routes.append(
          TransitGatewayRoute(
            destination: .cidr(plan.ipv4), attachmentIds: [attachmentId], kind: .propagated))
        if let ipv6 = plan.ipv6, draw.chance(0.7) {
          routes.append(
            TransitGatewayRoute(
              destination: .cidr(ipv6), attachmentIds: [attachmentId], kind: .propagated))
        }
      case "blackhole":
        routes.append(
          TransitGatewayRoute(destination: .cidr(plan.ipv4), attachmentIds: [], state: .blackhole))
      default:
        break
      }
    }
    topology.transitGatewayRouteTables[tableId] = TransitGatewayRouteTable(
      id: tableId, transitGatewayId: tgwId, routes: routes)
    // Each attached VPC's tables route the others to the gateway, mostly.
    for plan in attached {
      for other in attached where other.id != plan.id {
        // A peering already routes between them: AWS refuses a second route to the same block.
        if plan.peers.contains(where: { $0.vpc == other.number }) { continue }
        for table in topology.routeTables.values.filter({ $0.vpcId == plan.id }).map(\.id).sorted()
        where draw.chance(0.8) {
          topology.routeTables[table]?.routes.append(
            Route(
              destination: .cidr(other.ipv4), target: .transitGateway(tgwId),
              origin: "CreateRoute"))
          if let ipv6 = other.ipv6, plan.ipv6 != nil, draw.chance(0.5) {
            topology.routeTables[table]?.routes.append(
              Route(
                destination: .cidr(ipv6), target: .transitGateway(tgwId), origin: "CreateRoute"))
          }
        }
      }
    }
  }
}
