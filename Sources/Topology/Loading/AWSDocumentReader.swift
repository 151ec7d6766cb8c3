/// Reads a document of `aws ec2 describe-*` output: dispatches on its top-level keys, so one
/// call's output, or several merged into one object, can be read. Unknown keys are ignored.
enum AWSDocumentReader {
  /// The top-level keys read, in the order they are read.
  static let keys = [
    "Vpcs", "Subnets", "RouteTables", "InternetGateways", "EgressOnlyInternetGateways",
    "NatGateways", "NetworkAcls", "SecurityGroups", "SecurityGroupRules", "NetworkInterfaces",
    "Reservations", "PrefixLists", "ManagedPrefixLists", "Entries", "Addresses",
    "VpcPeeringConnections", "TransitGateways", "TransitGatewayAttachments",
    "TransitGatewayVpcAttachments", "TransitGatewayRouteTables", "Routes", "Associations",
    "TransitGatewayRouteTablePropagations", "VpcEndpoints", "Firewall", "VpnGateways",
    "VpnConnections", "LoadBalancers", "TargetGroups", "Attributes", "TargetHealthDescriptions",
  ]

  /// Top-level keys of documents that belong in a topology folder but describe no part of the
  /// network: `describe-flow-logs` output (its `LogFormat` is read by `diagnose`, not the
  /// loader), the manifest `flowcause collect` writes, and `network-firewall list-firewalls`
  /// output (the firewalls' own `describe-firewall` documents are read). Such a document is
  /// skipped silently.
  static let skippedKeys = ["FlowLogs", "flowcause-collect", "Firewalls"]

  /// Reads every known key of `root` into `inventory`; returns whether there was any (a
  /// document with one of ``skippedKeys`` counts as recognized).
  static func read(_ root: JSONObjectReader, into inventory: inout TopologyInventory)
    throws(TopologyLoadError) -> Bool
  {
    let document = root.file
    var recognized = skippedKeys.contains { root.has($0) }
    for key in keys {
      guard let section = root.optional(key) else { continue }
      recognized = true
      /// Reads each object of the section with `make` and adds it under its id.
      func each<Element: Hashable>(
        _ list: WritableKeyPath<TopologyInventory, IdentifiedList<Element>>,
        id: KeyPath<Element, String>,
        _ make: (JSONObjectReader) throws(TopologyLoadError) -> Element
      ) throws(TopologyLoadError) {
        for object in try section.objects() {
          let element = try make(object)
          inventory.add(
            element, id: element[keyPath: id], document: document, path: object.path, to: list)
        }
      }
      switch key {
      case "Vpcs": try each(\.vpcs, id: \.vpcId, VpcDTO.init)
      case "Subnets": try each(\.subnets, id: \.subnetId, SubnetDTO.init)
      case "RouteTables": try each(\.routeTables, id: \.routeTableId, RouteTableDTO.init)
      case "InternetGateways":
        try each(\.internetGateways, id: \.id) { (object) throws(TopologyLoadError) in
          try InternetGatewayDTO(object, idKey: "InternetGatewayId")
        }
      case "EgressOnlyInternetGateways":
        try each(\.egressOnlyInternetGateways, id: \.id) { (object) throws(TopologyLoadError) in
          try InternetGatewayDTO(object, idKey: "EgressOnlyInternetGatewayId")
        }
      case "NatGateways": try each(\.natGateways, id: \.natGatewayId, NatGatewayDTO.init)
      case "NetworkAcls": try each(\.networkAcls, id: \.networkAclId, NetworkAclDTO.init)
      case "SecurityGroups": try each(\.securityGroups, id: \.groupId, SecurityGroupDTO.init)
      case "SecurityGroupRules":
        try each(\.securityGroupRules, id: \.securityGroupRuleId, SecurityGroupRuleDTO.init)
      case "NetworkInterfaces":
        try each(\.networkInterfaces, id: \.networkInterfaceId, NetworkInterfaceDTO.init)
      case "Reservations":
        for reservation in try section.objects() {
          for object in try reservation.optionalObjects("Instances") {
            let instance = try InstanceDTO(object)
            inventory.add(
              instance, id: instance.instanceId, document: document, path: object.path,
              to: \.instances)
          }
        }
      case "PrefixLists", "ManagedPrefixLists":
        try each(\.prefixLists, id: \.prefixListId, ManagedPrefixListDTO.init)
      case "Entries":
        guard let id = PrefixListEntriesDTO.prefixListId(inDocumentName: document) else {
          // The list is decided when everything is loaded (TopologyBuilder.buildPrefixLists).
          let unnamed = try PrefixListEntriesDTO(prefixListId: "", entries: section)
          inventory.unnamedPrefixListEntries.append((document, unnamed.cidrs))
          continue
        }
        let entries = try PrefixListEntriesDTO(prefixListId: id, entries: section)
        inventory.add(
          entries, id: id, document: document, path: "Entries", to: \.prefixListEntries)
      case "Addresses": try each(\.addresses, id: \.id, AddressDTO.init)
      case "VpcPeeringConnections":
        try each(\.peeringConnections, id: \.vpcPeeringConnectionId, VpcPeeringConnectionDTO.init)
      case "TransitGateways":
        try each(\.transitGateways, id: \.transitGatewayId, TransitGatewayDTO.init)
      case "TransitGatewayAttachments":
        try each(\.transitGatewayAttachments, id: \.transitGatewayAttachmentId) {
          (object) throws(TopologyLoadError) in try TransitGatewayAttachmentDTO(attachment: object)
        }
      case "TransitGatewayVpcAttachments":
        try each(\.transitGatewayVpcAttachments, id: \.transitGatewayAttachmentId) {
          (object) throws(TopologyLoadError) in
          try TransitGatewayAttachmentDTO(vpcAttachment: object)
        }
      case "TransitGatewayRouteTables":
        try each(
          \.transitGatewayRouteTables, id: \.transitGatewayRouteTableId,
          TransitGatewayRouteTableDTO.init)
      case "VpcEndpoints": try each(\.vpcEndpoints, id: \.vpcEndpointId, VpcEndpointDTO.init)
      case "VpnGateways": try each(\.vpnGateways, id: \.vpnGatewayId, VpnGatewayDTO.init)
      case "LoadBalancers":
        try each(\.loadBalancers, id: \.loadBalancerArn, LoadBalancerDTO.init)
      case "TargetGroups": try each(\.targetGroups, id: \.targetGroupArn, TargetGroupDTO.init)
      case "Attributes":
        inventory.targetGroupContents.append(
          try TargetGroupContentsDTO.attributes(section, document: document))
      case "TargetHealthDescriptions":
        inventory.targetGroupContents.append(
          try TargetGroupContentsDTO.health(section, document: document))
      case "VpnConnections":
        try each(\.vpnConnections, id: \.vpnConnectionId, VpnConnectionDTO.init)
      case "Firewall":
        let firewall = try FirewallDTO(root)
        inventory.add(
          firewall, id: firewall.firewallArn, document: document, path: "Firewall",
          to: \.firewalls)
      case "Routes", "Associations", "TransitGatewayRouteTablePropagations":
        try readRouteTableContents(key, section, document: document, into: &inventory)
      default:
        break
      }
    }
    return recognized
  }

  /// A transit gateway route table's routes, associations or propagations: the table's id
  /// comes from the document's name (`search-transit-gateway-routes.tgw-rtb-0abc.json`), as
  /// none of the three outputs names it; without it, the document is not used and a warning
  /// says so.
  private static func readRouteTableContents(
    _ key: String, _ section: JSONReader, document: String,
    into inventory: inout TopologyInventory
  ) throws(TopologyLoadError) {
    guard let id = TransitGatewayRouteTableContentsDTO.routeTableId(inDocumentName: document)
    else {
      inventory.warnings.append(.unnamedTransitGatewayRouteTableDocument(document, key: key))
      return
    }
    var contents = TransitGatewayRouteTableContentsDTO(routeTableId: id)
    switch key {
    case "Routes":
      contents.routes = try TransitGatewayRouteTableContentsDTO.routes(section)
      inventory.add(contents, id: id, document: document, path: key, to: \.transitGatewayRoutes)
    case "Associations":
      contents.associations = try TransitGatewayRouteTableContentsDTO.attachmentIds(
        section, inForce: ["associated", "associating"])
      inventory.add(
        contents, id: id, document: document, path: key, to: \.transitGatewayAssociations)
    default:
      contents.propagations = try TransitGatewayRouteTableContentsDTO.attachmentIds(
        section, inForce: ["enabled", "enabling"])
      inventory.add(
        contents, id: id, document: document, path: key, to: \.transitGatewayPropagations)
    }
  }
}
