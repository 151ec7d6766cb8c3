import Messages
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
              note: Explanation(
                .lintTGWSends,
                [
                  "table": Explanation(table.id), "destination": "\(destination)",
                  "subnets": Explanation.joined(Self.words(served), separator: .listComma),
                  "tgw": Explanation(tgwId), "why": problem.why,
                ]),
              fixNote: problem.fix))
        }
      }
    }
    for key in strandedOrder {
      guard let (problem, table, routes) = stranded[key] else { continue }
      let destinations = Explanation.joined(
        routes.map { "\($0.destination)" }, separator: .listComma)
      findings.append(
        Finding(
          id: .tgwRouteDrops, severity: .warning, componentId: problem.component,
          rules: routes.map { .route(tableId: table.id, route: $0) },
          relatedIds: [table.id],
          note: Explanation(
            .lintTGWSendsStranded,
            ["table": Explanation(table.id), "destinations": destinations, "why": problem.why]),
          fixNote: problem.fix))
    }
    return findings
  }

  /// Why traffic through a transit gateway is dropped or cannot come back: the component to
  /// change, in words, the fix, and for a zone without an attachment subnet the key that makes
  /// the routes it strands one finding.
  private struct Problem {
    var component: String
    /// Why, a sentence that follows `…, but`.
    var why: Explanation
    var fix: Explanation
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
          why: Explanation(
            .lintTGWNotAttached, ["vpc": Explanation(vpcId), "tgw": Explanation(tgwId)]),
          fix: Explanation(
            .lintFixTGWAttach, ["vpc": Explanation(vpcId), "tgw": Explanation(tgwId)])
        )
      ]
    }
    guard source.state == "available" else {
      return [
        Problem(
          component: source.id,
          why: Explanation(
            .lintTGWAttachmentState,
            [
              "attachment": Explanation(source.id), "vpc": Explanation(vpcId),
              "state": Explanation(source.state),
            ]),
          fix: Explanation(.lintFixTGWAccept, ["attachment": Explanation(source.id)])
        )
      ]
    }
    if destination.isIPv6 && !source.ipv6Support {
      return [
        Problem(
          component: source.id,
          why: Explanation(
            .lintTGWNoIPv6, ["attachment": Explanation(source.id), "vpc": Explanation(vpcId)]),
          fix: Explanation(.lintFixTGWIPv6, ["attachment": Explanation(source.id)])
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
      guard !found[index].why.text.contains(problem.why.text), problem.groupKey == nil,
        found[index].groupKey == nil
      else { return }
      found[index].why = Explanation(
        .lintAlso, ["first": found[index].why, "second": problem.why])
      found[index].fix = Explanation.joined(
        [found[index].fix, problem.fix], separator: .lintSentenceSpace)
    }
    let zones = Set(source.subnetIds.compactMap { topology.subnets[$0]?.availabilityZone })
    let stranded = subnets.filter { subnet in
      guard let zone = topology.subnets[subnet]?.availabilityZone else { return false }
      return !zones.contains(zone) && !source.subnetIds.isEmpty
    }
    if !stranded.isEmpty {
      let zonesText = Explanation.joined(
        Self.words(Set(stranded.compactMap { topology.subnets[$0]?.availabilityZone }).sorted()),
        separator: .listComma)
      add(
        Problem(
          component: source.id,
          why: Explanation(
            .lintTGWStranded,
            [
              "attachment": Explanation(source.id), "zones": zonesText,
              "subnets": Explanation.joined(Self.words(stranded), separator: .listComma),
            ]),
          fix: Explanation(
            .lintFixTGWAddSubnet, ["zones": zonesText, "attachment": Explanation(source.id)]),
          groupKey: "\(source.id)|\(stranded.joined(separator: ","))"))
    }
    guard let tableId = source.routeTableId else {
      add(
        Problem(
          component: source.id,
          why: Explanation(.lintTGWNoRouteTable, ["attachment": Explanation(source.id)]),
          fix: Explanation(
            .lintFixTGWAssociate, ["attachment": Explanation(source.id), "tgw": Explanation(tgwId)])
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
            why: Explanation(
              .lintTGWNoRouteForBlock,
              [
                "table": Explanation(tableId), "attachment": Explanation(source.id),
                "block": "\(block)", "vpc": Explanation(vpc),
              ]),
            fix: Explanation(
              .lintFixTGWRouteForBlock,
              [
                "block": "\(block)", "target": attachmentText(holding: block, of: tgwId),
                "table": Explanation(tableId),
              ])
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
          why: Explanation(
            .lintTGWBlackholeInside,
            [
              "table": Explanation(tableId), "attachment": Explanation(source.id),
              "cidr": "\(cidr)",
            ]),
          fix: Explanation(
            .lintFixTGWBlackhole, ["table": Explanation(tableId), "cidr": "\(cidr)"])
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
          why: Explanation(
            .lintTGWNoRoute,
            [
              "table": Explanation(tableId), "attachment": Explanation(source.id),
              "destination": "\(destination)",
            ]),
          fix: Explanation(
            .lintFixTGWRoute,
            [
              "destination": "\(destination)",
              "target": attachmentText(holding: destination, of: source.transitGatewayId),
              "table": Explanation(tableId),
            ])
        ))
    case .blackhole(let route):
      add(
        Problem(
          component: tableId,
          why: Explanation(
            .lintTGWBlackholeFor,
            [
              "table": Explanation(tableId), "attachment": Explanation(source.id),
              "route": "\(route.destination)",
            ]),
          fix: Explanation(
            .lintFixTGWBlackhole,
            ["table": Explanation(tableId), "cidr": "\(route.destination)"])
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
        why: Explanation(
          .lintTGWTargetState,
          [
            "table": Explanation(tableId), "destination": "\(destination)",
            "attachment": Explanation(target.id), "state": Explanation(target.state),
          ]),
        fix: Explanation(
          .lintFixTGWAcceptOrRoute,
          [
            "attachment": Explanation(target.id), "destination": "\(destination)",
            "table": Explanation(tableId),
          ])
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
        why: Explanation(
          .lintTGWMisdelivered,
          [
            "table": Explanation(tableId), "destination": "\(destination)",
            "attachment": Explanation(target.id), "vpc": Explanation(target.resourceId),
            "cidrs": Explanation.joined(vpc.cidrs.map { "\($0)" }, separator: .listComma),
          ]),
        fix: Explanation(
          .lintFixTGWRouteTo,
          [
            "destination": "\(destination)",
            "target": attachmentText(holding: destination, of: tgwId),
            "table": Explanation(tableId),
          ])
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
        let tableText =
          lookup.table.map { Explanation($0.id) }
          ?? Explanation(.lintTheRouteTableOf, ["subnet": Explanation(subnet.id)])
        let detail =
          lookup.route.map { route in
            Explanation(
              Self.isNAT(route.target) ? .lintSendsItByNAT : .lintSendsItBy, ["route": "\(route)"])
          } ?? Explanation(.lintNoRouteCovers)
        let fixArguments: KeyValuePairs<String, Explanation> = [
          "table": tableText, "cidr": "\(cidr)", "tgw": Explanation(tgwId),
        ]
        return Problem(
          component: lookup.table?.id ?? subnet.id,
          why: Explanation(
            .lintTGWNoWayBack,
            [
              "table": tableText, "subnet": Explanation(subnet.id),
              "vpc": Explanation(target.resourceId), "tgw": Explanation(tgwId),
              "cidr": "\(cidr)", "detail": detail,
            ]),
          fix: Explanation(
            lookup.table?.routes.contains(where: { $0.destination == .cidr(cidr) }) == true
              // The table already has a route for that very block (to another target): replaced.
              ? .lintFixPointRoute : .lintFixAddRouteToTGW,
            fixArguments)
        )
      }
      guard let farTableId = target.routeTableId else {
        return Problem(
          component: target.id,
          why: Explanation(
            .lintTGWFarNoRouteTable,
            ["attachment": Explanation(target.id), "vpc": Explanation(target.resourceId)]),
          fix: Explanation(
            .lintFixTGWAssociateBack,
            [
              "attachment": Explanation(target.id), "tgw": Explanation(tgwId),
              "cidr": "\(cidr)", "source": Explanation(source.id),
            ])
        )
      }
      guard let farTable = topology.transitGatewayRouteTables[farTableId] else { continue }
      switch TransitGatewayLookup(cidr.network, in: farTable, topology: topology) {
      case .noRoute, .blackhole:
        return Problem(
          component: farTableId,
          why: Explanation(
            .lintTGWFarNoRoute,
            [
              "table": Explanation(farTableId), "attachment": Explanation(target.id),
              "vpc": Explanation(target.resourceId), "cidr": "\(cidr)",
            ]),
          fix: Explanation(
            .lintFixTGWRouteBack,
            ["cidr": "\(cidr)", "source": Explanation(source.id), "table": Explanation(farTableId)])
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
  private func attachmentText(holding destination: CIDR, of tgwId: String) -> Explanation {
    let vpc = topology.vpcs.values.sorted { $0.id < $1.id }.first { vpc in
      vpc.cidrs.contains { $0.contains(destination) || destination.contains($0) }
    }
    guard let vpc,
      let attachment = topology.transitGatewayAttachments.values.filter({
        $0.transitGatewayId == tgwId && $0.isVPC && $0.resourceId == vpc.id
      }).min(by: { $0.id < $1.id })
    else { return Explanation(.lintAttachmentOfHolder) }
    return Explanation(
      .lintAttachmentOf, ["attachment": Explanation(attachment.id), "vpc": Explanation(vpc.id)])
  }
}
