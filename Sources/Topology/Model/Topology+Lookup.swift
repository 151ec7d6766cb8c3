import NetworkPrimitives

extension Topology {
  /// The route table that serves `subnetId`: its explicit association, else the VPC's main
  /// table (VPC User Guide, "Route tables": "a subnet that is not explicitly associated with
  /// a route table is implicitly associated with the main route table").
  public func routeTable(forSubnet subnetId: String) -> RouteTable? {
    if let explicit = routeTables.values.sorted(by: { $0.id < $1.id }).first(where: {
      $0.subnetIds.contains(subnetId)
    }) {
      return explicit
    }
    guard let vpcId = subnets[subnetId]?.vpcId else { return nil }
    return routeTables.values.sorted(by: { $0.id < $1.id }).first { $0.vpcId == vpcId && $0.isMain }
  }

  /// The network ACL of `subnetId`: its association, else the VPC's default ACL (every subnet
  /// has exactly one NACL).
  public func networkACL(forSubnet subnetId: String) -> NetworkACL? {
    if let associated = networkACLs.values.sorted(by: { $0.id < $1.id }).first(where: {
      $0.subnetIds.contains(subnetId)
    }) {
      return associated
    }
    guard let vpcId = subnets[subnetId]?.vpcId else { return nil }
    return networkACLs.values.sorted(by: { $0.id < $1.id }).first {
      $0.vpcId == vpcId && $0.isDefault
    }
  }

  /// The ENI that owns `address` (a private IPv4, IPv6 or public IPv4 address), if any.
  public func networkInterface(owning address: IPAddress) -> NetworkInterface? {
    networkInterfaces.values.sorted(by: { $0.id < $1.id }).first { $0.owns(address) }
  }

  /// The internet gateway attached to `vpcId`, if any.
  public func internetGateway(attachedTo vpcId: String) -> InternetGateway? {
    internetGateways.values.sorted(by: { $0.id < $1.id }).first {
      $0.attachedVpcIds.contains(vpcId)
    }
  }

  /// The VPC whose CIDRs hold `address`, if any.
  public func vpc(containing address: IPAddress) -> VPC? {
    vpcs.values.sorted(by: { $0.id < $1.id }).first { vpc in
      vpc.cidrs.contains { $0.contains(address) }
    }
  }

  /// The CIDRs of a prefix list, or `nil` when its entries are unknown.
  public func cidrs(ofPrefixList id: String) -> [CIDR]? {
    guard let list = prefixLists[id], list.entriesKnown else { return nil }
    return list.cidrs
  }

  /// The private addresses of every ENI that carries security group `groupId` (what a rule
  /// that references the group matches: private IPs, never public ones — EC2 User Guide,
  /// "Security group rules", security group references).
  public func addresses(ofGroupMembers groupId: String) -> [IPAddress] {
    networkInterfaces.values.sorted(by: { $0.id < $1.id }).filter {
      $0.securityGroupIds.contains(groupId)
    }.flatMap(\.privateAddresses)
  }
}
