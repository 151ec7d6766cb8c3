import NetworkPrimitives

extension TopologyBuilder {
  /// VPCs with their associated IPv4 and IPv6 CIDR blocks.
  mutating func buildVPCs() {
    for dto in inventory.vpcs.elements {
      topology.vpcs[dto.vpcId] = VPC(id: dto.vpcId, cidrs: dto.cidrs, isDefault: dto.isDefault)
    }
  }

  mutating func buildSubnets() {
    for dto in inventory.subnets.elements {
      topology.subnets[dto.subnetId] = Subnet(
        id: dto.subnetId, vpcId: dto.vpcId, cidrs: dto.cidrs,
        availabilityZone: dto.availabilityZone, mapPublicIpOnLaunch: dto.mapPublicIpOnLaunch)
    }
  }

  /// Internet gateways, egress-only internet gateways and NAT gateways.
  mutating func buildGateways() {
    for dto in inventory.internetGateways.elements {
      topology.internetGateways[dto.id] = InternetGateway(
        id: dto.id, attachedVpcIds: dto.attachedVpcIds)
    }
    for dto in inventory.egressOnlyInternetGateways.elements {
      topology.egressOnlyInternetGateways[dto.id] = EgressOnlyInternetGateway(
        id: dto.id, attachedVpcIds: dto.attachedVpcIds)
    }
    for dto in inventory.natGateways.elements {
      let addresses = dto.natGatewayAddresses
      topology.natGateways[dto.natGatewayId] = NatGateway(
        id: dto.natGatewayId,
        vpcId: dto.vpcId ?? topology.subnets[dto.subnetId]?.vpcId ?? "",
        subnetId: dto.subnetId, connectivity: dto.connectivityType, state: dto.state,
        privateIPs: addresses.compactMap(\.privateIp), publicIPs: addresses.compactMap(\.publicIp),
        networkInterfaceId: addresses.lazy.compactMap(\.networkInterfaceId).first)
    }
  }

  /// Peering connections. A side whose CIDRs the document does not give (moto omits
  /// `CidrBlockSet`; the native format never gives them) takes its VPC's CIDRs when the VPC is
  /// in the topology.
  mutating func buildPeeringConnections() {
    for dto in inventory.peeringConnections.elements {
      let requester = dto.requesterVpcInfo
      let accepter = dto.accepterVpcInfo
      topology.peeringConnections[dto.vpcPeeringConnectionId] = PeeringConnection(
        id: dto.vpcPeeringConnectionId, requesterVpcId: requester.vpcId,
        requesterCidrs: cidrs(of: requester), accepterVpcId: accepter.vpcId,
        accepterCidrs: cidrs(of: accepter), status: dto.statusCode)
    }
  }

  private func cidrs(of side: VpcPeeringConnectionDTO.VpcInfo) -> [CIDR] {
    let given = side.cidrs
    if given.isEmpty, let vpc = topology.vpcs[side.vpcId] { return vpc.cidrs }
    return given
  }

  /// Route tables: routes in document order, the main-table marker, subnet and gateway (edge)
  /// associations, plus associations written on subnets in the native format.
  mutating func buildRouteTables() {
    for dto in inventory.routeTables.elements {
      var routes: [Route] = []
      for route in dto.routes {
        guard let destination = route.destination else { continue }
        let target: RouteTarget
        if let known = route.target {
          target = known
        } else {
          warn(.noTarget(table: dto.routeTableId, destination: destination))
          target = .other("unknown")
        }
        routes.append(
          Route(destination: destination, target: target, state: route.state, origin: route.origin))
      }
      // Every route table has a local route for each CIDR of its VPC, which cannot be deleted
      // (VPC User Guide, "Route tables"); its target may be replaced, not the route. A table
      // without one was filtered or edited: the route is assumed, and said so.
      for cidr in topology.vpcs[dto.vpcId]?.cidrs ?? []
      where !routes.contains(where: { $0.destination == .cidr(cidr) }) {
        warn(.missingLocalRoute(table: dto.routeTableId, cidr: cidr))
        routes.insert(
          Route(destination: .cidr(cidr), target: .local, origin: "CreateRouteTable"), at: 0)
      }
      var table = RouteTable(id: dto.routeTableId, vpcId: dto.vpcId, routes: routes)
      for association in dto.associations where association.isInForce {
        if association.main { table.isMain = true }
        if let subnetId = association.subnetId, !table.subnetIds.contains(subnetId) {
          table.subnetIds.append(subnetId)
        }
        if let gatewayId = association.gatewayId, !table.gatewayIds.contains(gatewayId) {
          table.gatewayIds.append(gatewayId)
        }
      }
      topology.routeTables[dto.routeTableId] = table
    }
    for association in inventory.subnetRouteTables {
      guard var table = topology.routeTables[association.targetId] else {
        warn(.unknownRouteTable(subnet: association.subnetId, table: association.targetId))
        continue
      }
      if !table.subnetIds.contains(association.subnetId) {
        table.subnetIds.append(association.subnetId)
        topology.routeTables[association.targetId] = table
      }
    }
  }
}
