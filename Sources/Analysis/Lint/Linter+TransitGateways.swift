import NetworkPrimitives
import Topology

/// Routes to a transit gateway that lead nowhere (Transit Gateway Guide, "Transit gateway
/// attachments to a VPC", "Transit gateway route tables"): the VPC is not attached, a subnet's
/// zone has no attachment subnet, the attachment has no route table, the table has no route
/// (or a blackhole) for the destination, or the far side has no route back.
extension Linter {
  /// `tgw-route-drops`.
  func transitGatewayFindings() -> [Finding] {
    guard !topology.transitGateways.isEmpty else { return [] }
    var findings: [Finding] = []
    for table in topology.routeTables.values.sorted(by: { $0.id < $1.id }) {
      let served = subnets(servedBy: table)
      guard !served.isEmpty else { continue }
      for route in table.routes where route.state == .active {
        guard case .transitGateway(let tgwId) = route.target,
          topology.transitGateways[tgwId] != nil,
          case .cidr(let destination) = route.destination
        else { continue }
        if let problem = problem(
          tgwId, vpcId: table.vpcId, subnets: served, destination: destination)
        {
          findings.append(
            Finding(
              id: .tgwRouteDrops, severity: .warning, componentId: problem.component,
              rules: [.route(tableId: table.id, route: route)],
              relatedIds: ([table.id, tgwId] + served).filter { $0 != problem.component }.sorted(),
              explanation:
                "\(table.id) sends \(destination) from \(served.joined(separator: ", ")) to \(tgwId), but \(problem.why)",
              fix: problem.fix))
        }
      }
    }
    return findings
  }

  /// Why traffic from `subnets` of `vpcId` to `destination` through `tgwId` is dropped there or
  /// cannot come back; `nil` when nothing in the topology says so.
  private func problem(
    _ tgwId: String, vpcId: String, subnets: [String], destination: CIDR
  ) -> (component: String, why: String, fix: String)? {
    let attachments = topology.transitGatewayAttachments.values.filter {
      $0.transitGatewayId == tgwId && $0.isVPC
    }
    guard !topology.transitGatewayAttachments.isEmpty else { return nil }
    guard let source = attachments.filter({ $0.resourceId == vpcId }).min(by: { $0.id < $1.id })
    else {
      return (
        tgwId, "\(vpcId) is not attached to \(tgwId), so the route leads nowhere.",
        "Attach \(vpcId) to \(tgwId) (aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id \(tgwId) --vpc-id \(vpcId) --subnet-ids …, one subnet per Availability Zone), or delete the route."
      )
    }
    if destination.isIPv6 && !source.ipv6Support {
      return (
        source.id,
        "\(source.id) has IPv6 support disabled, so the gateway carries no IPv6 traffic from \(vpcId).",
        "Enable IPv6 support on \(source.id) (aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(source.id) --options Ipv6Support=enable), with IPv6 blocks on its subnets."
      )
    }
    let zones = Set(source.subnetIds.compactMap { topology.subnets[$0]?.availabilityZone })
    let stranded = subnets.filter { subnet in
      guard let zone = topology.subnets[subnet]?.availabilityZone else { return false }
      return !zones.contains(zone) && !source.subnetIds.isEmpty
    }
    if !stranded.isEmpty {
      let zonesText = Set(stranded.compactMap { topology.subnets[$0]?.availabilityZone }).sorted()
      return (
        source.id,
        "\(source.id) has no subnet in \(zonesText.joined(separator: ", ")), so \(stranded.joined(separator: ", ")) cannot reach the transit gateway (resources in a zone without an attachment subnet cannot).",
        "Add a subnet in \(zonesText.joined(separator: ", ")) to \(source.id) (aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(source.id) --add-subnet-ids …)."
      )
    }
    guard let tableId = source.routeTableId else {
      return (
        source.id,
        "\(source.id) is associated with no transit gateway route table, so the gateway has no route for its traffic.",
        "Associate \(source.id) with a route table of \(tgwId) (aws ec2 associate-transit-gateway-route-table --transit-gateway-attachment-id \(source.id) --transit-gateway-route-table-id …)."
      )
    }
    guard let table = topology.transitGatewayRouteTables[tableId], let routes = table.routes
    else { return nil }
    // A summary route (10.0.0.0/8 to the gateway) is judged by the VPCs attached to the
    // gateway whose blocks lie inside it: each must have a route in the table. Without such a
    // VPC, by the table's routes inside it: only a destination no active route overlaps is
    // dropped whole.
    let covered = topology.transitGatewayAttachments.values.filter {
      $0.transitGatewayId == tgwId && $0.isVPC && $0.resourceId != vpcId
    }.flatMap { attachment in
      (topology.vpcs[attachment.resourceId]?.cidrs ?? []).filter {
        $0.isIPv6 == destination.isIPv6 && destination.contains($0) && $0 != destination
      }.map { (attachment.resourceId, $0) }
    }.sorted { ($0.0, $0.1.description) < ($1.0, $1.1.description) }
    for (vpc, block) in covered {
      switch TransitGatewayLookup(block.network, in: table, topology: topology) {
      case .noRoute, .blackhole:
        return (
          tableId,
          "\(tableId) (associated with \(source.id)) has no usable route for \(block), the block of \(vpc) inside it, so the gateway drops that traffic.",
          "Add a route for \(block) to \(attachmentText(holding: block, of: tgwId)) in \(tableId), or enable that attachment's propagation to it (aws ec2 enable-transit-gateway-route-table-propagation)."
        )
      default:
        continue
      }
    }
    let inside = routes.contains { route in
      guard route.state == .active, case .cidr(let cidr) = route.destination,
        cidr.isIPv6 == destination.isIPv6
      else { return false }
      return destination.contains(cidr) && cidr != destination
    }
    if inside || !covered.isEmpty { return nil }
    let address = destination.network
    switch TransitGatewayLookup(address, in: table, topology: topology) {
    case .routesUnknown, .unknownPrefixLists, .noAttachment: return nil
    case .noRoute:
      return (
        tableId,
        "\(tableId) (associated with \(source.id)) has no route for \(destination), so the gateway drops the traffic.",
        "Add a route for \(destination) to \(attachmentText(holding: destination, of: source.transitGatewayId)) in \(tableId) (aws ec2 create-transit-gateway-route --transit-gateway-route-table-id \(tableId) --destination-cidr-block \(destination) --transit-gateway-attachment-id …), or enable that attachment's propagation to it (aws ec2 enable-transit-gateway-route-table-propagation)."
      )
    case .blackhole(let route):
      return (
        tableId,
        "\(tableId) (associated with \(source.id)) has a blackhole route \(route.destination) for it, so the gateway drops the traffic.",
        "Replace the blackhole with a route to a live attachment, or delete it (aws ec2 delete-transit-gateway-route --transit-gateway-route-table-id \(tableId) --destination-cidr-block \(route.destination))."
      )
    case .attachment(_, let targetId):
      return returnProblem(
        tgwId, from: source, subnets: subnets, destination: destination, targetId: targetId)
    }
  }

  /// The way back: the destination VPC's subnets in `destination` must route the source
  /// subnets to the gateway, and the table of its attachment must route them to `source`.
  private func returnProblem(
    _ tgwId: String, from source: TransitGatewayAttachment, subnets: [String],
    destination: CIDR, targetId: String
  ) -> (component: String, why: String, fix: String)? {
    guard let target = topology.transitGatewayAttachments[targetId], target.isVPC,
      target.id != source.id
    else { return nil }
    // The subnets whose ENIs reply: not the attachments' own subnets (they hold the gateway's
    // ENIs, which originate nothing), and, when the topology lists the VPC's ENIs, those
    // holding one.
    let attachmentSubnets = Set(topology.transitGatewayAttachments.values.flatMap(\.subnetIds))
    let occupied = Set(
      topology.networkInterfaces.values.filter { $0.vpcId == target.resourceId }.map(\.subnetId))
    let far = topology.subnets.values.filter { subnet in
      subnet.vpcId == target.resourceId && !attachmentSubnets.contains(subnet.id)
        && (occupied.isEmpty || occupied.contains(subnet.id))
        && subnet.cidrs.contains {
          $0.isIPv6 == destination.isIPv6 && (destination.contains($0) || $0.contains(destination))
        }
    }.sorted { $0.id < $1.id }
    for subnetId in subnets {
      guard
        let cidr = topology.subnets[subnetId]?.cidrs.first(where: {
          $0.isIPv6 == destination.isIPv6
        })
      else { continue }
      for subnet in far {
        let lookup = routes.lookup(subnetId: subnet.id, destination: cidr.network)
        // Back by the gateway, or by a peering with the sending VPC (routing keeps no state).
        if let route = lookup.route, route.state == .active {
          if route.target == .transitGateway(tgwId) { continue }
          if case .vpcPeeringConnection(let pcx) = route.target,
            let connection = topology.peeringConnections[pcx], connection.status == "active",
            [connection.requesterVpcId, connection.accepterVpcId].contains(source.resourceId)
          {
            continue
          }
        }
        let tableText = lookup.table?.id ?? "the route table of \(subnet.id)"
        return (
          lookup.table?.id ?? subnet.id,
          "the replies cannot come back: \(tableText) (of \(subnet.id), in \(target.resourceId)) has no route to \(tgwId) for \(cidr) (\(lookup.route.map { "it sends it by \($0)" } ?? "no route covers it")).",
          "Add a route \(cidr) -> \(tgwId) to \(tableText) (aws ec2 create-route --route-table-id \(tableText) --destination-cidr-block \(cidr) --transit-gateway-id \(tgwId))."
        )
      }
      guard let farTableId = target.routeTableId,
        let farTable = topology.transitGatewayRouteTables[farTableId]
      else { continue }
      switch TransitGatewayLookup(cidr.network, in: farTable, topology: topology) {
      case .noRoute, .blackhole:
        return (
          farTableId,
          "the replies cannot come back: \(farTableId) (associated with \(target.id), the attachment of \(target.resourceId)) has no usable route for \(cidr).",
          "Add a route for \(cidr) to \(source.id) in \(farTableId), or enable \(source.id)'s propagation to it."
        )
      default:
        continue
      }
    }
    return nil
  }

  /// `tgw-attach-b (the attachment of vpc-b, whose block holds 10.2.0.0/16)`, or `the
  /// attachment of the VPC that holds it`.
  private func attachmentText(holding destination: CIDR, of tgwId: String) -> String {
    let vpc = topology.vpcs.values.sorted { $0.id < $1.id }.first { vpc in
      vpc.cidrs.contains { $0.contains(destination) || destination.contains($0) }
    }
    guard let vpc,
      let attachment = topology.transitGatewayAttachments.values.filter({
        $0.transitGatewayId == tgwId && $0.isVPC && $0.resourceId == vpc.id
      }).min(by: { $0.id < $1.id })
    else { return "the attachment of the VPC that holds it" }
    return "\(attachment.id) (the attachment of \(vpc.id))"
  }
}
