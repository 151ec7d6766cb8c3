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
    // A zone without an attachment subnet strands the same subnets whatever the route: one
    // finding for the attachment, naming every route it affects.
    var stranded: [String: (problem: Problem, table: RouteTable, routes: [Route])] = [:]
    var strandedOrder: [String] = []
    for table in topology.routeTables.values.sorted(by: { $0.id < $1.id }) {
      let served = subnets(servedBy: table)
      guard !served.isEmpty else { continue }
      for route in table.routes where route.state == .active {
        guard case .transitGateway(let tgwId) = route.target,
          topology.transitGateways[tgwId] != nil,
          case .cidr(let destination) = route.destination
        else { continue }
        for problem in problems(
          tgwId, vpcId: table.vpcId, subnets: served, destination: destination)
        {
          if let key = problem.groupKey {
            if stranded[key] == nil {
              stranded[key] = (problem, table, [])
              strandedOrder.append(key)
            }
            stranded[key]?.routes.append(route)
            continue
          }
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
    for key in strandedOrder {
      guard let (problem, table, routes) = stranded[key] else { continue }
      let destinations = routes.map(\.destination.description).joined(separator: ", ")
      findings.append(
        Finding(
          id: .tgwRouteDrops, severity: .warning, componentId: problem.component,
          rules: routes.map { .route(tableId: table.id, route: $0) },
          relatedIds: [table.id],
          explanation:
            "\(table.id) sends \(destinations) to the transit gateway, but \(problem.why)",
          fix: problem.fix))
    }
    return findings
  }

  /// Why traffic through a transit gateway is dropped or cannot come back: the component to
  /// change, in words, the fix, and for a zone without an attachment subnet the key that makes
  /// the routes it strands one finding.
  private struct Problem {
    var component: String
    var why: String
    var fix: String
    var groupKey: String? = nil
  }

  /// Every reason traffic from `subnets` of `vpcId` to `destination` through `tgwId` is
  /// dropped there or cannot come back (one a component), none masking another; empty when
  /// nothing in the topology says so.
  private func problems(
    _ tgwId: String, vpcId: String, subnets: [String], destination: CIDR
  ) -> [Problem] {
    let attachments = topology.transitGatewayAttachments.values.filter {
      $0.transitGatewayId == tgwId && $0.isVPC
    }
    guard !topology.transitGatewayAttachments.isEmpty else { return [] }
    guard let source = attachments.filter({ $0.resourceId == vpcId }).min(by: { $0.id < $1.id })
    else {
      return [
        Problem(
          component: tgwId,
          why: "\(vpcId) is not attached to \(tgwId), so the route leads nowhere.",
          fix:
            "Attach \(vpcId) to \(tgwId) (aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id \(tgwId) --vpc-id \(vpcId) --subnet-ids …, one subnet per Availability Zone), or delete the route."
        )
      ]
    }
    guard source.state == "available" else {
      return [
        Problem(
          component: source.id,
          why:
            "\(source.id), the attachment of \(vpcId), is \(source.state), not available, so the traffic never enters the gateway.",
          fix:
            "Accept or repair \(source.id) (aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(source.id))."
        )
      ]
    }
    if destination.isIPv6 && !source.ipv6Support {
      return [
        Problem(
          component: source.id,
          why:
            "\(source.id) has IPv6 support disabled, so the gateway carries no IPv6 traffic from \(vpcId).",
          fix:
            "Enable IPv6 support on \(source.id) (aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(source.id) --options Ipv6Support=enable), with IPv6 blocks on its subnets."
        )
      ]
    }
    var found: [Problem] = []
    // One finding a component and route: a second reason at the same component is added to
    // the first's words and fix, not lost.
    func add(_ problem: Problem?) {
      guard let problem else { return }
      guard let index = found.firstIndex(where: { $0.component == problem.component }) else {
        found.append(problem)
        return
      }
      guard !found[index].why.contains(problem.why), problem.groupKey == nil,
        found[index].groupKey == nil
      else { return }
      found[index].why += " Also, " + problem.why
      found[index].fix += " " + problem.fix
    }
    let zones = Set(source.subnetIds.compactMap { topology.subnets[$0]?.availabilityZone })
    let stranded = subnets.filter { subnet in
      guard let zone = topology.subnets[subnet]?.availabilityZone else { return false }
      return !zones.contains(zone) && !source.subnetIds.isEmpty
    }
    if !stranded.isEmpty {
      let zonesText = Set(stranded.compactMap { topology.subnets[$0]?.availabilityZone }).sorted()
      add(
        Problem(
          component: source.id,
          why:
            "\(source.id) has no subnet in \(zonesText.joined(separator: ", ")), so \(stranded.joined(separator: ", ")) cannot reach the transit gateway (resources in a zone without an attachment subnet cannot).",
          fix:
            "Add a subnet in \(zonesText.joined(separator: ", ")) to \(source.id) (aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(source.id) --add-subnet-ids …).",
          groupKey: "\(source.id)|\(stranded.joined(separator: ","))"))
    }
    guard let tableId = source.routeTableId else {
      add(
        Problem(
          component: source.id,
          why:
            "\(source.id) is associated with no transit gateway route table, so the gateway has no route for its traffic.",
          fix:
            "Associate \(source.id) with a route table of \(tgwId) (aws ec2 associate-transit-gateway-route-table --transit-gateway-attachment-id \(source.id) --transit-gateway-route-table-id …)."
        ))
      return found
    }
    guard let table = topology.transitGatewayRouteTables[tableId], let routes = table.routes
    else { return found }
    // A summary route (10.0.0.0/8 to the gateway) is judged by the VPCs attached to the
    // gateway whose blocks lie inside it: each must have a route in the table, and a way back.
    // Without such a VPC, by the table's routes inside it: only a destination no active route
    // overlaps is dropped whole.
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
        add(
          Problem(
            component: tableId,
            why:
              "\(tableId) (associated with \(source.id)) has no usable route for \(block), the block of \(vpc) inside it, so the gateway drops that traffic.",
            fix:
              "Add a route for \(block) to \(attachmentText(holding: block, of: tgwId)) in \(tableId), or enable that attachment's propagation to it (aws ec2 enable-transit-gateway-route-table-propagation)."
          ))
      case .attachment(_, let targetId):
        add(
          deliveryProblem(
            tgwId, from: source, tableId: tableId, subnets: subnets, destination: block,
            targetId: targetId))
      default:
        continue
      }
    }
    // A blackhole inside the destination (a static /24 in a propagated /16) drops that part.
    for route in routes where route.state == .blackhole {
      guard case .cidr(let cidr) = route.destination, cidr.isIPv6 == destination.isIPv6,
        destination.contains(cidr), cidr != destination
      else { continue }
      add(
        Problem(
          component: tableId,
          why:
            "\(tableId) (associated with \(source.id)) has a blackhole route \(cidr) inside it, so the gateway drops the traffic to \(cidr).",
          fix:
            "Replace the blackhole with a route to a live attachment, or delete it (aws ec2 delete-transit-gateway-route --transit-gateway-route-table-id \(tableId) --destination-cidr-block \(cidr))."
        ))
      break
    }
    let inside = routes.contains { route in
      guard route.state == .active, case .cidr(let cidr) = route.destination,
        cidr.isIPv6 == destination.isIPv6
      else { return false }
      return destination.contains(cidr) && cidr != destination
    }
    if inside || !covered.isEmpty { return found }
    let address = destination.network
    switch TransitGatewayLookup(address, in: table, topology: topology) {
    case .routesUnknown, .unknownPrefixLists, .noAttachment: break
    case .noRoute:
      add(
        Problem(
          component: tableId,
          why:
            "\(tableId) (associated with \(source.id)) has no route for \(destination), so the gateway drops the traffic.",
          fix:
            "Add a route for \(destination) to \(attachmentText(holding: destination, of: source.transitGatewayId)) in \(tableId) (aws ec2 create-transit-gateway-route --transit-gateway-route-table-id \(tableId) --destination-cidr-block \(destination) --transit-gateway-attachment-id …), or enable that attachment's propagation to it (aws ec2 enable-transit-gateway-route-table-propagation)."
        ))
    case .blackhole(let route):
      add(
        Problem(
          component: tableId,
          why:
            "\(tableId) (associated with \(source.id)) has a blackhole route \(route.destination) for it, so the gateway drops the traffic.",
          fix:
            "Replace the blackhole with a route to a live attachment, or delete it (aws ec2 delete-transit-gateway-route --transit-gateway-route-table-id \(tableId) --destination-cidr-block \(route.destination))."
        ))
    case .attachment(_, let targetId):
      add(
        deliveryProblem(
          tgwId, from: source, tableId: tableId, subnets: subnets, destination: destination,
          targetId: targetId))
    }
    return found
  }

  /// What the attachment the gateway's table chose does with the traffic: an attachment that
  /// is not available, or whose VPC does not hold the destination (misdelivered), drops it;
  /// else the way back (``returnProblem(_:from:subnets:destination:targetId:)``).
  private func deliveryProblem(
    _ tgwId: String, from source: TransitGatewayAttachment, tableId: String, subnets: [String],
    destination: CIDR, targetId: String
  ) -> Problem? {
    guard let target = topology.transitGatewayAttachments[targetId], target.isVPC,
      target.id != source.id
    else { return nil }
    guard target.state == "available" else {
      return Problem(
        component: target.id,
        why:
          "\(tableId) sends \(destination) to \(target.id), which is \(target.state), not available, so the gateway drops the traffic.",
        fix:
          "Accept or repair \(target.id) (aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(target.id)), or route \(destination) to an available attachment in \(tableId)."
      )
    }
    // Delivered into a VPC that does not hold the block: dropped there only when none of the
    // attachment's subnets routes it on (an inspection or egress VPC sends it to its firewall,
    // its NAT gateway or back to the gateway: AWS's own designs).
    if let vpc = topology.vpcs[target.resourceId],
      !vpc.cidrs.contains(where: { $0.contains(destination) || destination.contains($0) }),
      !target.subnetIds.isEmpty,
      target.subnetIds.allSatisfy({ subnet in
        let lookup = routes.lookup(subnetId: subnet, destination: destination.network)
        return lookup.route == nil && lookup.unknownPrefixLists.isEmpty
      })
    {
      return Problem(
        component: tableId,
        why:
          "\(tableId) sends \(destination) to \(target.id), the attachment of \(target.resourceId), which does not hold it (\(vpc.cidrs.map(\.description).joined(separator: ", "))) and whose attachment subnets have no route for it, so the traffic is delivered into the wrong VPC and dropped there.",
        fix:
          "Route \(destination) to \(attachmentText(holding: destination, of: tgwId)) in \(tableId) (a static route beats a propagated one of the same prefix)."
      )
    }
    return returnProblem(
      tgwId, from: source, subnets: subnets, destination: destination, targetId: targetId)
  }

  /// The way back: the destination VPC's subnets in `destination` must route the source
  /// subnets to the gateway, and the table of its attachment must route them to `source`.
  private func returnProblem(
    _ tgwId: String, from source: TransitGatewayAttachment, subnets: [String],
    destination: CIDR, targetId: String
  ) -> Problem? {
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
        return Problem(
          component: lookup.table?.id ?? subnet.id,
          why:
            "the replies cannot come back: \(tableText) (of \(subnet.id), in \(target.resourceId)) has no route to \(tgwId) for \(cidr) (\(lookup.route.map { route in "it sends it by \(route)" + (Self.isNAT(route.target) ? ", a NAT gateway, which would give the reply its own address: the client would not take it for the answer to its request" : "") } ?? "no route covers it")).",
          fix:
            lookup.table?.routes.contains(where: { $0.destination == .cidr(cidr) }) == true
            // The table already has a route for that very block (to another target): replaced.
            ? "Point \(tableText)'s route for \(cidr) at \(tgwId) (aws ec2 replace-route --route-table-id \(tableText) --destination-cidr-block \(cidr) --transit-gateway-id \(tgwId))."
            : "Add a route \(cidr) -> \(tgwId) to \(tableText) (aws ec2 create-route --route-table-id \(tableText) --destination-cidr-block \(cidr) --transit-gateway-id \(tgwId))."
        )
      }
      guard let farTableId = target.routeTableId else {
        return Problem(
          component: target.id,
          why:
            "the replies cannot come back: \(target.id), the attachment of \(target.resourceId), is associated with no transit gateway route table, so the gateway has no route for its traffic.",
          fix:
            "Associate \(target.id) with a route table of \(tgwId) that routes \(cidr) to \(source.id) (aws ec2 associate-transit-gateway-route-table --transit-gateway-attachment-id \(target.id) --transit-gateway-route-table-id …)."
        )
      }
      guard let farTable = topology.transitGatewayRouteTables[farTableId] else { continue }
      switch TransitGatewayLookup(cidr.network, in: farTable, topology: topology) {
      case .noRoute, .blackhole:
        return Problem(
          component: farTableId,
          why:
            "the replies cannot come back: \(farTableId) (associated with \(target.id), the attachment of \(target.resourceId)) has no usable route for \(cidr).",
          fix:
            "Add a route for \(cidr) to \(source.id) in \(farTableId), or enable \(source.id)'s propagation to it."
        )
      default:
        continue
      }
    }
    return nil
  }

  static func isNAT(_ target: RouteTarget) -> Bool {
    if case .natGateway = target { return true }
    return false
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
