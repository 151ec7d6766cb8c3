import NetworkPrimitives
import Topology

extension TopologyDraw {
  /// The main table and one table per kind of subnet, with the routes of their kind; a public
  /// table sometimes lost its default route, a detached internet gateway or a deleted NAT or
  /// egress-only gateway leaves blackholes, and each side of a peering routes to it or not.
  mutating func routeTables(_ index: Int) {
    let plan = plans[index]
    var local = [Route(destination: .cidr(plan.ipv4), target: .local, origin: "CreateRouteTable")]
    if let ipv6 = plan.ipv6 {
      local.append(Route(destination: .cidr(ipv6), target: .local, origin: "CreateRouteTable"))
    }
    let mainKind =
      plan.subnets.first(where: \.usesMain)?.kind ?? (draw.chance(0.75) ? .private : .public)
    var tables: [(id: String, kind: Kind, subnets: [String], isMain: Bool)] = [
      ("rtb-\(plan.number)-main", mainKind, [], true)
    ]
    for kind in Kind.allCases {
      let subnets = plan.subnets.filter { !$0.usesMain && $0.kind == kind }.map(\.id)
      guard !subnets.isEmpty else { continue }
      tables.append(("rtb-\(plan.number)-\(kind)", kind, subnets, false))
    }
    for table in tables {
      var routes = local + internetRoutes(table.kind, plan: plan)
      routes += peeringRoutes(plan)
      topology.routeTables[table.id] = RouteTable(
        id: table.id, vpcId: plan.id, routes: routes, isMain: table.isMain,
        subnetIds: table.subnets)
    }
  }

  private mutating func internetRoutes(_ kind: Kind, plan: VPCPlan) -> [Route] {
    var routes: [Route] = []
    switch kind {
    case .public:
      guard let igw = plan.internetGateway else { return [] }
      // A detached internet gateway's routes are blackholes (VPC User Guide, "Route tables").
      let state: Route.State = plan.internetGatewayAttached ? .active : .blackhole
      if draw.chance(0.92) {
        routes.append(
          Route(
            destination: .cidr(CIDR.anyIPv4), target: .internetGateway(igw), state: state,
            origin: "CreateRoute"))
      }
      if plan.ipv6 != nil && draw.chance(0.85) {
        routes.append(
          Route(
            destination: .cidr(CIDR.anyIPv6), target: .internetGateway(igw), state: state,
            origin: "CreateRoute"))
      }
    case .natted:
      if let nat = plan.natGateway {
        let alive = topology.natGateways[nat]?.state == "available"
        routes.append(
          Route(
            destination: .cidr(CIDR.anyIPv4), target: .natGateway(nat),
            state: alive ? .active : .blackhole, origin: "CreateRoute"))
      }
      if let eigw = plan.egressOnlyGateway {
        let alive = topology.egressOnlyInternetGateways[eigw] != nil
        routes.append(
          Route(
            destination: .cidr(CIDR.anyIPv6), target: .egressOnlyInternetGateway(eigw),
            state: alive ? .active : .blackhole, origin: "CreateRoute"))
      }
    case .private:
      break
    }
    return routes
  }

  /// Routes of one table to the VPC's peers: the peer's whole block or one of its subnets, on
  /// some tables and not others; a deleted peering's routes are blackholes.
  private mutating func peeringRoutes(_ plan: VPCPlan) -> [Route] {
    var routes: [Route] = []
    for (pcx, number) in plan.peers {
      guard let peer = self.plan(number), let connection = topology.peeringConnections[pcx]
      else { continue }
      guard routingSides[pcx]?.contains(plan.id) == true && draw.chance(0.8) else { continue }
      let state: Route.State = connection.status == "deleted" ? .blackhole : .active
      let destination =
        draw.chance(0.8) || peer.subnets.isEmpty ? peer.ipv4 : draw.pick(peer.subnets).ipv4
      routes.append(
        Route(
          destination: .cidr(destination), target: .vpcPeeringConnection(pcx), state: state,
          origin: "CreateRoute"))
      if let ipv6 = peer.ipv6, plan.ipv6 != nil, draw.chance(0.5) {
        routes.append(
          Route(
            destination: .cidr(ipv6), target: .vpcPeeringConnection(pcx), state: state,
            origin: "CreateRoute"))
      }
    }
    return routes
  }
}
