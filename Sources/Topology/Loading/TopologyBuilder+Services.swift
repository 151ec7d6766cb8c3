extension TopologyBuilder {
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
        networkInterfaceIds: dto.networkInterfaceIds, securityGroupIds: dto.securityGroupIds,
        firewallArn: firewallOf[dto.vpcEndpointId])
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
        transitGatewayId: dto.transitGatewayId, tunnelStatuses: dto.tunnelStatuses,
        staticRoutes: dto.staticRoutes)
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
