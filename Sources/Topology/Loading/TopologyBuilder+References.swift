extension TopologyBuilder {
  /// Warns about every reference to something the documents did not describe, naming both ids:
  /// subnets → VPCs, NAT gateways and ENIs → subnets, ENIs → security groups, active routes →
  /// internet, egress-only and NAT gateways and peering connections, route table and network ACL
  /// associations → subnets, security group rules → groups. Blackhole routes are not checked:
  /// AWS marks a route `blackhole` precisely because its target is gone.
  mutating func checkReferences() {
    for dto in inventory.subnets.elements where topology.vpcs[dto.vpcId] == nil {
      warn(.unknownVPC(subnet: dto.subnetId, vpc: dto.vpcId))
    }
    checkLayout()
    for dto in inventory.natGateways.elements where topology.subnets[dto.subnetId] == nil {
      warn(.unknownSubnet(natGateway: dto.natGatewayId, subnet: dto.subnetId))
    }
    checkRouteTables()
    for dto in inventory.networkAcls.elements {
      for subnetId in dto.associatedSubnetIds where topology.subnets[subnetId] == nil {
        warn(.unknownSubnet(associatedWith: dto.networkAclId, subnet: subnetId))
      }
    }
    for interface in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id }) {
      if topology.subnets[interface.subnetId] == nil {
        warn(.unknownSubnet(interface: interface.id, subnet: interface.subnetId))
      }
      for groupId in interface.securityGroupIds where topology.securityGroups[groupId] == nil {
        warn(.unknownSecurityGroup(interface: interface.id, group: groupId))
      }
    }
    for group in sortedGroups() {
      for (rules, egress) in [(group.inbound, false), (group.outbound, true)] {
        for rule in rules {
          if case .securityGroup(let referenced) = rule.peer,
            topology.securityGroups[referenced] == nil
          {
            warn(.unknownReferencedGroup(group: group.id, rule: rule, egress: egress))
          }
        }
      }
    }
  }

  /// Warns about address ranges AWS would never produce: a subnet block outside its VPC's
  /// blocks of the same family, an ENI's private address outside its subnet's blocks. The load
  /// goes on; the tracer follows the ids, not the ranges.
  private mutating func checkLayout() {
    for subnet in topology.subnets.values.sorted(by: { $0.id < $1.id }) {
      guard let vpc = topology.vpcs[subnet.vpcId], !vpc.cidrs.isEmpty else { continue }
      for cidr in subnet.cidrs {
        let sameFamily = vpc.cidrs.filter { $0.isIPv6 == cidr.isIPv6 }
        guard !sameFamily.isEmpty, !sameFamily.contains(where: { $0.contains(cidr) }) else {
          continue
        }
        warn(.subnetOutsideVPC(subnet: subnet.id, cidr: cidr, vpc: vpc.id, vpcCIDRs: sameFamily))
      }
    }
    for interface in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id }) {
      guard let subnet = topology.subnets[interface.subnetId], !subnet.cidrs.isEmpty else {
        continue
      }
      for address in interface.privateIPv4s + interface.ipv6s {
        let sameFamily = subnet.cidrs.filter { $0.isIPv6 == address.isIPv6 }
        guard !sameFamily.isEmpty, !sameFamily.contains(where: { $0.contains(address) }) else {
          continue
        }
        warn(
          .addressOutsideSubnet(
            interface: interface.id, address: address, subnet: subnet.id, subnetCIDRs: sameFamily))
      }
    }
  }

  private mutating func checkRouteTables() {
    for dto in inventory.routeTables.elements {
      guard let table = topology.routeTables[dto.routeTableId] else { continue }
      for subnetId in table.subnetIds where topology.subnets[subnetId] == nil {
        warn(.unknownSubnet(associatedWith: table.id, subnet: subnetId))
      }
      for route in table.routes where route.state == .active {
        switch route.target {
        case .internetGateway(let id) where topology.internetGateways[id] == nil:
          warn(.unknownTarget(table: table.id, route: route, kind: "internet gateway", id: id))
        case .egressOnlyInternetGateway(let id)
        where topology.egressOnlyInternetGateways[id] == nil:
          warn(
            .unknownTarget(
              table: table.id, route: route, kind: "egress-only internet gateway", id: id))
        case .natGateway(let id) where topology.natGateways[id] == nil:
          warn(.unknownTarget(table: table.id, route: route, kind: "NAT gateway", id: id))
        case .vpcPeeringConnection(let id) where topology.peeringConnections[id] == nil:
          warn(
            .unknownTarget(table: table.id, route: route, kind: "peering connection", id: id))
        default:
          break
        }
      }
    }
  }
}
