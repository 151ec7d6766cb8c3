/// The most of each thing flowcause reads in one topology. Evaluating a packet walks a group's
/// rules, an ACL's entries and a table's routes, and diagnose does so for every REJECT: a
/// topology far beyond what AWS allows could make that work explode. Each limit is ten times
/// (or more) AWS's highest quota (VPC User Guide, "Amazon VPC quotas"), so no topology
/// collected from AWS meets one; a topology over one is refused, naming the document, the
/// object and the count (docs/topology.md, "Limits").
public enum TopologyLimits {
  /// Rules in one direction of one security group (AWS: at most 1,000 in all the groups of an
  /// interface).
  public static let rulesPerSecurityGroup = 10_000
  /// Entries of one network ACL, both directions and the `*` entries (AWS: at most 40 rules
  /// a direction).
  public static let entriesPerNetworkACL = 1_000
  /// Routes of one route table (AWS: at most 1,000).
  public static let routesPerRouteTable = 10_000
  /// Entries of one prefix list (AWS: at most 1,000 for a customer-managed list).
  public static let entriesPerPrefixList = 10_000
  /// Security groups of one network interface (AWS: at most 16).
  public static let securityGroupsPerInterface = 100
  /// Bytes of one JSON document (an account's whole `describe-network-interfaces` output is a
  /// few tens of megabytes).
  public static let documentBytes = 256 << 20

  /// The error for a document of `count` bytes, over ``documentBytes``.
  public static func oversized(_ name: String, count: Int) -> TopologyLoadError {
    TopologyLoadError(
      file: name, path: "",
      message: "\(count) bytes, more than the \(documentBytes) flowcause reads in one document")
  }

  /// The first limit `topology` is over, as a load error naming where it was read from.
  static func check(_ topology: Topology, inventory: TopologyInventory) throws(TopologyLoadError) {
    func over(
      _ count: Int, _ limit: Int, _ what: String, in id: String, document: String?,
      path: String
    ) throws(TopologyLoadError) {
      guard count > limit else { return }
      throw TopologyLoadError(
        file: document ?? "topology", path: path,
        message:
          "\(id) has \(count) \(what), more than the \(limit) flowcause reads (far more than AWS allows)"
      )
    }
    for (id, group) in topology.securityGroups.sorted(by: { $0.key < $1.key }) {
      let document = inventory.securityGroups.document(of: id)
      try over(
        group.inbound.count, rulesPerSecurityGroup, "inbound rules", in: id, document: document,
        path: "SecurityGroups[GroupId=\(id)].IpPermissions")
      try over(
        group.outbound.count, rulesPerSecurityGroup, "outbound rules", in: id,
        document: document, path: "SecurityGroups[GroupId=\(id)].IpPermissionsEgress")
    }
    for (id, acl) in topology.networkACLs.sorted(by: { $0.key < $1.key }) {
      try over(
        acl.entries.count, entriesPerNetworkACL, "entries", in: id,
        document: inventory.networkAcls.document(of: id),
        path: "NetworkAcls[NetworkAclId=\(id)].Entries")
    }
    for (id, table) in topology.routeTables.sorted(by: { $0.key < $1.key }) {
      try over(
        table.routes.count, routesPerRouteTable, "routes", in: id,
        document: inventory.routeTables.document(of: id),
        path: "RouteTables[RouteTableId=\(id)].Routes")
    }
    for (id, list) in topology.prefixLists.sorted(by: { $0.key < $1.key }) {
      try over(
        list.cidrs.count, entriesPerPrefixList, "entries", in: id,
        document: inventory.prefixListEntries.document(of: id)
          ?? inventory.prefixLists.document(of: id),
        path: "Entries")
    }
    for (id, interface) in topology.networkInterfaces.sorted(by: { $0.key < $1.key }) {
      try over(
        interface.securityGroupIds.count, securityGroupsPerInterface, "security groups", in: id,
        document: inventory.networkInterfaces.document(of: id),
        path: "NetworkInterfaces[NetworkInterfaceId=\(id)].Groups")
    }
  }
}
