extension TopologyBuilder {
  /// Transit gateways, their attachments (the two describe calls merged by id) and route
  /// tables with the routes, associations and propagations their own documents give. A table
  /// named only by such a document is built too (with a warning), and an attachment's
  /// association comes from the table's association list when one is loaded, else from the
  /// attachment's own `Association`.
  mutating func buildTransitGateways() {
    for dto in inventory.transitGateways.elements {
      topology.transitGateways[dto.transitGatewayId] = TransitGateway(
        id: dto.transitGatewayId, state: dto.state,
        securityGroupReferencing: dto.securityGroupReferencing)
    }
    var attachments: [String: TransitGatewayAttachmentDTO] = [:]
    var order: [String] = []
    for dto in inventory.transitGatewayAttachments.elements
      + inventory.transitGatewayVpcAttachments
      .elements
    {
      let id = dto.transitGatewayAttachmentId
      if let known = attachments[id] {
        attachments[id] = known.merged(with: dto)
      } else {
        attachments[id] = dto
        order.append(id)
      }
    }
    for dto in inventory.transitGatewayRouteTables.elements {
      topology.transitGatewayRouteTables[dto.transitGatewayRouteTableId] =
        TransitGatewayRouteTable(
          id: dto.transitGatewayRouteTableId, transitGatewayId: dto.transitGatewayId,
          state: dto.state)
    }
    // Routes, associations and propagations, by the table their document names.
    var listedAssociation: [String: String] = [:]
    for (list, kind) in [
      (inventory.transitGatewayRoutes, 0), (inventory.transitGatewayAssociations, 1),
      (inventory.transitGatewayPropagations, 2),
    ] {
      for contents in list.elements {
        let id = contents.routeTableId
        if topology.transitGatewayRouteTables[id] == nil {
          warn(
            .unknownTransitGatewayRouteTable(
              document: list.document(of: id) ?? "a document", table: id))
          let gateway =
            contents.associations?.lazy.compactMap { attachments[$0]?.transitGatewayId }.first
            ?? ""
          topology.transitGatewayRouteTables[id] = TransitGatewayRouteTable(
            id: id, transitGatewayId: gateway)
        }
        switch kind {
        case 0: topology.transitGatewayRouteTables[id]?.routes = contents.routes
        case 1:
          for attachment in contents.associations ?? [] { listedAssociation[attachment] = id }
        default: topology.transitGatewayRouteTables[id]?.propagations = contents.propagations
        }
      }
    }
    for id in order {
      guard let dto = attachments[id] else { continue }
      var routeTableId = dto.routeTableId
      if let listed = listedAssociation[id] {
        if let described = routeTableId, described != listed {
          warn(
            .conflictingTransitGatewayAssociation(
              attachment: id, described: described, listed: listed))
        }
        routeTableId = listed
      }
      // A VPC attachment's subnets are in its VPC (AWS creates its network interfaces there):
      // one of another VPC means the documents disagree.
      if (dto.resourceType ?? "vpc") == "vpc", let vpc = dto.resourceId {
        for subnet in dto.subnetIds ?? [] {
          if let owner = topology.subnets[subnet]?.vpcId, owner != vpc {
            warn(.attachmentSubnetElsewhere(attachment: id, vpc: vpc, subnet: subnet, owner: owner))
          }
        }
      }
      topology.transitGatewayAttachments[id] = TransitGatewayAttachment(
        id: id, transitGatewayId: dto.transitGatewayId, resourceType: dto.resourceType ?? "vpc",
        resourceId: dto.resourceId ?? "", state: dto.state ?? "available",
        routeTableId: routeTableId, subnetIds: dto.subnetIds ?? [],
        applianceMode: dto.applianceMode ?? false, ipv6Support: dto.ipv6Support ?? false,
        securityGroupReferencing: dto.securityGroupReferencing ?? true)
    }
  }
}
