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
      topology.transitGatewayAttachments[id] = TransitGatewayAttachment(
        id: id, transitGatewayId: dto.transitGatewayId, resourceType: dto.resourceType ?? "vpc",
        resourceId: dto.resourceId ?? "", state: dto.state ?? "available",
        routeTableId: routeTableId, subnetIds: dto.subnetIds ?? [],
        applianceMode: dto.applianceMode ?? false, ipv6Support: dto.ipv6Support ?? false,
        securityGroupReferencing: dto.securityGroupReferencing ?? true)
    }
  }

  /// VPC endpoints, with the AWS Network Firewall each Gateway Load Balancer endpoint belongs
  /// to when `describe-firewall` output names it.
  mutating func buildVpcEndpoints() {
    var firewallOf: [String: String] = [:]
    for firewall in inventory.firewalls.elements {
      for endpoint in firewall.endpointIds { firewallOf[endpoint] = firewall.firewallArn }
    }
    for dto in inventory.vpcEndpoints.elements {
      topology.vpcEndpoints[dto.vpcEndpointId] = VpcEndpoint(
        id: dto.vpcEndpointId, kind: VpcEndpoint.Kind(rawValue: dto.vpcEndpointType) ?? .other,
        vpcId: dto.vpcId, serviceName: dto.serviceName, state: dto.state,
        routeTableIds: dto.routeTableIds, subnetIds: dto.subnetIds,
        networkInterfaceIds: dto.networkInterfaceIds, firewallArn: firewallOf[dto.vpcEndpointId])
    }
    // A firewall endpoint that describe-vpc-endpoints did not list is still a firewall's.
    for (endpoint, arn) in firewallOf where topology.vpcEndpoints[endpoint] == nil {
      topology.vpcEndpoints[endpoint] = VpcEndpoint(
        id: endpoint, kind: .gatewayLoadBalancer, vpcId: "", serviceName: "", firewallArn: arn)
    }
  }

  /// Virtual private gateways and VPN connections.
  mutating func buildVPNs() {
    for dto in inventory.vpnGateways.elements {
      topology.vpnGateways[dto.vpnGatewayId] = VpnGateway(
        id: dto.vpnGatewayId, state: dto.state, attachedVpcIds: dto.attachedVpcIds)
    }
    for dto in inventory.vpnConnections.elements {
      topology.vpnConnections[dto.vpnConnectionId] = VpnConnection(
        id: dto.vpnConnectionId, state: dto.state, vpnGatewayId: dto.vpnGatewayId,
        transitGatewayId: dto.transitGatewayId, tunnelStatuses: dto.tunnelStatuses)
    }
  }

  /// Load balancers and target groups; each target group's attributes and health from the
  /// documents whose name carries its NAME.ID (a document naming none is a warning, not used).
  mutating func buildLoadBalancers() {
    for dto in inventory.loadBalancers.elements {
      topology.loadBalancers[dto.loadBalancerArn] = LoadBalancer(
        arn: dto.loadBalancerArn, name: dto.loadBalancerName,
        kind: LoadBalancer.Kind(rawValue: dto.type) ?? .application, scheme: dto.scheme,
        vpcId: dto.vpcId, securityGroupIds: dto.securityGroups, subnetIds: dto.subnetIds)
    }
    for dto in inventory.targetGroups.elements {
      topology.targetGroups[dto.targetGroupArn] = TargetGroup(
        arn: dto.targetGroupArn, name: dto.targetGroupName, protocolName: dto.protocolName,
        port: dto.port, vpcId: dto.vpcId, targetType: dto.targetType,
        healthCheckPort: dto.healthCheckPort, healthCheckProtocol: dto.healthCheckProtocol,
        loadBalancerArns: dto.loadBalancerArns)
    }
    for contents in inventory.targetGroupContents {
      let base = contents.document.split(separator: "/").last.map(String.init) ?? contents.document
      let group = topology.targetGroups.values.sorted { $0.arn < $1.arn }.first { group in
        let parts = group.arn.split(separator: "/")
        guard parts.count >= 2 else { return false }
        return base.contains(".\(parts[parts.count - 2]).\(parts[parts.count - 1]).")
      }
      // A document naming no group is taken as the one group still without what it holds,
      // when there is exactly one (as for prefix list entries), with a warning.
      let open = topology.targetGroups.values.filter {
        contents.targets != nil ? $0.targets == nil : $0.preserveClientIP == nil
      }.sorted { $0.arn < $1.arn }
      guard let group = group ?? (open.count == 1 ? open.first : nil) else {
        warn(.unnamedTargetGroupDocument(contents.document))
        continue
      }
      if !base.contains(".\(group.arn.split(separator: "/").suffix(2).joined(separator: ".")).") {
        warn(.unnamedTargetGroupDocument(contents.document, takenAs: group.name))
      }
      if let preserve = contents.preserveClientIP {
        topology.targetGroups[group.arn]?.preserveClientIP = preserve
      }
      if let targets = contents.targets { topology.targetGroups[group.arn]?.targets = targets }
    }
    for group in topology.targetGroups.values.sorted(by: { $0.arn < $1.arn }) {
      for arn in group.loadBalancerArns where topology.loadBalancers[arn] == nil {
        warn(.unknownLoadBalancer(group: group.name, arn: arn))
      }
    }
  }
}
