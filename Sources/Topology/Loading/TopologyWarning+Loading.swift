import NetworkPrimitives

/// Every warning the loader gives, worded in one place. Each names the resource that holds the
/// problem and the other id involved.
extension TopologyWarning {
  static func differingDuplicate(id: String, kept: String, dropped: String) -> TopologyWarning {
    if kept == dropped {
      return TopologyWarning(
        resource: id,
        message: "is described twice in \(kept), differently; flowcause uses the first")
    }
    return TopologyWarning(
      resource: id,
      message: "\(dropped) describes it differently from \(kept); flowcause uses \(kept)")
  }

  static func unrecognizedDocument(_ name: String) -> TopologyWarning {
    TopologyWarning(
      resource: name,
      message: "holds none of the keys flowcause reads (Vpcs, Subnets, RouteTables, NetworkAcls, "
        + "SecurityGroups, NetworkInterfaces, … or flowcause-topology); ignored")
  }

  /// `subnet-1 belongs to VPC vpc-2, which is not in the topology`, and its kin.
  static func missing(
    _ resource: String, _ relation: String, _ kind: String, _ id: String, _ consequence: String = ""
  ) -> TopologyWarning {
    TopologyWarning(
      resource: resource,
      message: "\(relation) \(kind) \(id), which is not in the topology" + consequence)
  }

  /// `subnet-1: its CIDR 10.1.0.0/24 lies outside VPC vpc-1's CIDRs (10.0.0.0/16)`: AWS never
  /// makes one (CreateSubnet takes a block within the VPC's), so the snapshot is inconsistent.
  static func subnetOutsideVPC(subnet: String, cidr: CIDR, vpc: String, vpcCIDRs: [CIDR])
    -> TopologyWarning
  {
    TopologyWarning(
      resource: subnet,
      message: "its CIDR \(cidr) lies outside VPC \(vpc)'s CIDRs ("
        + vpcCIDRs.map(\.description).joined(separator: ", ") + ")")
  }

  /// `eni-1: its address 10.9.0.5 lies outside subnet subnet-1's CIDRs (10.0.1.0/24)`: an ENI's
  /// private addresses are taken from its subnet's range.
  static func addressOutsideSubnet(
    interface: String, address: IPAddress, subnet: String, subnetCIDRs: [CIDR]
  ) -> TopologyWarning {
    TopologyWarning(
      resource: interface,
      message: "its address \(address) lies outside subnet \(subnet)'s CIDRs ("
        + subnetCIDRs.map(\.description).joined(separator: ", ") + ")")
  }

  static func unknownVPC(subnet: String, vpc: String) -> TopologyWarning {
    missing(subnet, "belongs to", "VPC", vpc)
  }

  static func unknownSubnet(natGateway: String, subnet: String) -> TopologyWarning {
    missing(natGateway, "is in", "subnet", subnet)
  }

  static func unknownSubnet(interface: String, subnet: String) -> TopologyWarning {
    missing(interface, "is in", "subnet", subnet)
  }

  static func unknownSecurityGroup(interface: String, group: String) -> TopologyWarning {
    missing(interface, "carries", "security group", group, "; its rules are unknown")
  }

  static func unknownSubnet(associatedWith owner: String, subnet: String) -> TopologyWarning {
    missing(owner, "is associated with", "subnet", subnet)
  }

  static func unknownRouteTable(subnet: String, table: String) -> TopologyWarning {
    missing(subnet, "names", "route table", table, "; the VPC's main route table serves it")
  }

  static func unknownNetworkACL(subnet: String, acl: String) -> TopologyWarning {
    missing(subnet, "names", "network ACL", acl, "; the VPC's default network ACL serves it")
  }

  static func unknownTarget(table: String, route: Route, kind: String, id: String)
    -> TopologyWarning
  {
    missing(table, "route \(route) targets", kind, id)
  }

  static func attachmentSubnetElsewhere(
    attachment: String, vpc: String, subnet: String, owner: String
  ) -> TopologyWarning {
    TopologyWarning(
      resource: attachment,
      message: "attaches \(vpc), but its subnet \(subnet) belongs to \(owner); a trace through "
        + "it may not be what AWS does (are the documents of one time and account?)")
  }

  static func missingLocalRoute(table: String, cidr: CIDR) -> TopologyWarning {
    TopologyWarning(
      resource: table,
      message: "has no local route for \(cidr), which every route table of its VPC has and "
        + "which cannot be deleted (the output was filtered or edited?); it is assumed")
  }

  static func noTarget(table: String, destination: Route.Destination) -> TopologyWarning {
    TopologyWarning(
      resource: table,
      message: "the route to \(destination) names no target flowcause knows; it is read as an "
        + "unmodelled target")
  }

  static func unknownReferencedGroup(group: String, rule: SecurityGroupRule, egress: Bool)
    -> TopologyWarning
  {
    missing(
      group, "\(egress ? "outbound" : "inbound") rule \(rule) names", "security group",
      rule.peer.description, "; its members are unknown, so the rule matches no address")
  }

  static func unnamedPrefixListEntries(document: String, takenAs list: String) -> TopologyWarning {
    TopologyWarning(
      resource: list,
      message: "takes its entries from \(document), whose name does not say which prefix list "
        + "it lists (get-managed-prefix-list-entries output never does): \(list) is the only "
        + "list that rules or routes name without entries (AWS-managed com.amazonaws.* lists "
        + "aside); name the file "
        + "get-managed-prefix-list-entries.\(list).json to say so")
  }

  static func unnamedPrefixListEntriesUnused(document: String, candidates: [String])
    -> TopologyWarning
  {
    TopologyWarning(
      resource: document,
      message: "lists prefix list entries but its name does not say which list (name it "
        + "get-managed-prefix-list-entries.pl-….json); "
        + (candidates.isEmpty
          ? "no rule or route names a list without entries, so they are not used"
          : "the lists without entries are \(candidates.joined(separator: ", ")), so they are "
            + "not used"))
  }

  static func prefixListEntriesMissing(list: String, referrer: String) -> TopologyWarning {
    TopologyWarning(
      resource: list,
      message: "is named by \(referrer) but its entries are not loaded, so rules and routes "
        + "that name it cannot be evaluated; run: aws ec2 get-managed-prefix-list-entries "
        + "--prefix-list-id \(list) --output json > get-managed-prefix-list-entries.\(list).json")
  }

  static func unnamedTransitGatewayRouteTableDocument(_ document: String, key: String)
    -> TopologyWarning
  {
    let call =
      switch key {
      case "Routes": "search-transit-gateway-routes"
      case "Associations": "get-transit-gateway-route-table-associations"
      default: "get-transit-gateway-route-table-propagations"
      }
    return TopologyWarning(
      resource: document,
      message: "holds \(key) of a transit gateway route table, but its name does not say "
        + "which table (\(call) output never does): name it \(call).tgw-rtb-….json; "
        + "not used")
  }

  static func unknownTransitGatewayRouteTable(document: String, table: String)
    -> TopologyWarning
  {
    TopologyWarning(
      resource: table,
      message: "is named by \(document), but describe-transit-gateway-route-tables does not "
        + "list it; its routes are used for the attachments associated with it")
  }

  static func conflictingTransitGatewayAssociation(
    attachment: String, described: String, listed: String
  ) -> TopologyWarning {
    TopologyWarning(
      resource: attachment,
      message: "is associated with \(described) in describe-transit-gateway-attachments but "
        + "get-transit-gateway-route-table-associations lists it under \(listed); "
        + "\(listed) is used")
  }

  static func unnamedTargetGroupDocument(_ document: String, takenAs group: String? = nil)
    -> TopologyWarning
  {
    let naming =
      "its name does not say which target group of describe-target-groups it is (name it "
      + "after the group's ARN, …:targetgroup/NAME/ID: describe-target-health.NAME.ID.json)"
    guard let group else {
      return TopologyWarning(
        resource: document,
        message: "holds a target group's attributes or health, but \(naming); not used")
    }
    return TopologyWarning(
      resource: document,
      message: "holds a target group's attributes or health and \(naming); taken as "
        + "\(group)'s, the only group without them")
  }

  static func unknownLoadBalancer(group: String, arn: String) -> TopologyWarning {
    TopologyWarning(
      resource: group,
      message: "names load balancer \(arn), which is not in the topology (aws elbv2 "
        + "describe-load-balancers): its nodes are unknown, so neither diagnose nor lint can "
        + "say what it sends its targets")
  }
}
