/// Builds the validated ``Topology`` from the DTOs of every document: resolves what AWS leaves
/// implicit (main route table, default network ACL, the `*` deny entries), splits security group
/// permissions into one rule per peer, and warns about references to things not loaded.
///
/// Building never fails: everything that can be wrong with a single value was caught while
/// reading, with its path; what is left are dangling references, which are warnings.
struct TopologyBuilder {
  let inventory: TopologyInventory
  var topology = Topology()

  init(inventory: TopologyInventory) {
    self.inventory = inventory
    topology.warnings = inventory.warnings
    topology.sources = inventory.sources
  }

  /// The model, with the warnings of reading and of building in load order.
  mutating func build() -> Topology {
    buildVPCs()
    buildSubnets()
    buildGateways()
    buildPeeringConnections()
    buildTransitGateways()
    buildVpcEndpoints()
    buildVPNs()
    buildLoadBalancers()
    buildRouteTables()
    buildNetworkACLs()
    buildNetworkInterfaces()
    buildInstances()
    buildSecurityGroups()
    buildPrefixLists()
    checkReferences()
    return topology
  }

  mutating func warn(_ warning: TopologyWarning) {
    topology.warnings.append(warning)
  }
}
