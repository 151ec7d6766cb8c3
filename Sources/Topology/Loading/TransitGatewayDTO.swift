import NetworkPrimitives

/// One element of `TransitGateways` (`aws ec2 describe-transit-gateways`).
struct TransitGatewayDTO: Hashable, Sendable {
  var transitGatewayId: String
  var state: String
  /// `Options.SecurityGroupReferencingSupport` (`enable`/`disable`; absent: `disable`).
  var securityGroupReferencing: Bool

  init(transitGatewayId: String, state: String, securityGroupReferencing: Bool) {
    self.transitGatewayId = transitGatewayId
    self.state = state
    self.securityGroupReferencing = securityGroupReferencing
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    transitGatewayId = try object.string("TransitGatewayId")
    state = try object.optionalString("State") ?? "available"
    let options = try object.optionalObject("Options")
    securityGroupReferencing =
      try options?.optionalString("SecurityGroupReferencingSupport") == "enable"
  }
}

/// One element of `TransitGatewayAttachments` (`describe-transit-gateway-attachments`) or of
/// `TransitGatewayVpcAttachments` (`describe-transit-gateway-vpc-attachments`): the two are
/// merged by attachment id, the first giving the association and the resource type, the
/// second a VPC attachment's subnets and options.
struct TransitGatewayAttachmentDTO: Hashable, Sendable {
  var transitGatewayAttachmentId: String
  var transitGatewayId: String
  var resourceType: String?
  var resourceId: String?
  var state: String?
  /// `Association.TransitGatewayRouteTableId`, when `Association.State` is `associated` (or
  /// `associating`).
  var routeTableId: String?
  var subnetIds: [String]?
  var applianceMode: Bool?
  var ipv6Support: Bool?
  var securityGroupReferencing: Bool?

  init(
    transitGatewayAttachmentId: String, transitGatewayId: String, resourceType: String? = nil,
    resourceId: String? = nil, state: String? = nil, routeTableId: String? = nil,
    subnetIds: [String]? = nil, applianceMode: Bool? = nil, ipv6Support: Bool? = nil,
    securityGroupReferencing: Bool? = nil
  ) {
    self.transitGatewayAttachmentId = transitGatewayAttachmentId
    self.transitGatewayId = transitGatewayId
    self.resourceType = resourceType
    self.resourceId = resourceId
    self.state = state
    self.routeTableId = routeTableId
    self.subnetIds = subnetIds
    self.applianceMode = applianceMode
    self.ipv6Support = ipv6Support
    self.securityGroupReferencing = securityGroupReferencing
  }

  /// From `describe-transit-gateway-attachments`.
  init(attachment object: JSONObjectReader) throws(TopologyLoadError) {
    transitGatewayAttachmentId = try object.string("TransitGatewayAttachmentId")
    transitGatewayId = try object.string("TransitGatewayId")
    resourceType = try object.optionalString("ResourceType")
    resourceId = try object.optionalString("ResourceId")
    state = try object.optionalString("State")
    if let association = try object.optionalObject("Association"),
      ["associated", "associating"].contains(
        try association.optionalString("State") ?? "associated")
    {
      routeTableId = try association.optionalString("TransitGatewayRouteTableId")
    }
  }

  /// From `describe-transit-gateway-vpc-attachments`.
  init(vpcAttachment object: JSONObjectReader) throws(TopologyLoadError) {
    transitGatewayAttachmentId = try object.string("TransitGatewayAttachmentId")
    transitGatewayId = try object.string("TransitGatewayId")
    resourceType = "vpc"
    resourceId = try object.string("VpcId")
    state = try object.optionalString("State")
    subnetIds = try object.optionalArray("SubnetIds").map { (id) throws(TopologyLoadError) in
      try id.string()
    }
    if let options = try object.optionalObject("Options") {
      applianceMode = try options.optionalString("ApplianceModeSupport").map { $0 == "enable" }
      ipv6Support = try options.optionalString("Ipv6Support").map { $0 == "enable" }
      securityGroupReferencing = try options.optionalString("SecurityGroupReferencingSupport")
        .map { $0 == "enable" }
    }
  }

  /// This description with what `other` adds (the other call's view of the same attachment).
  func merged(with other: TransitGatewayAttachmentDTO) -> TransitGatewayAttachmentDTO {
    var merged = self
    merged.resourceType = resourceType ?? other.resourceType
    merged.resourceId = resourceId ?? other.resourceId
    merged.state = state ?? other.state
    merged.routeTableId = routeTableId ?? other.routeTableId
    merged.subnetIds = subnetIds ?? other.subnetIds
    merged.applianceMode = applianceMode ?? other.applianceMode
    merged.ipv6Support = ipv6Support ?? other.ipv6Support
    merged.securityGroupReferencing = securityGroupReferencing ?? other.securityGroupReferencing
    return merged
  }
}

/// One element of `TransitGatewayRouteTables` (`describe-transit-gateway-route-tables`).
struct TransitGatewayRouteTableDTO: Hashable, Sendable {
  var transitGatewayRouteTableId: String
  var transitGatewayId: String
  var state: String

  init(transitGatewayRouteTableId: String, transitGatewayId: String, state: String = "available") {
    self.transitGatewayRouteTableId = transitGatewayRouteTableId
    self.transitGatewayId = transitGatewayId
    self.state = state
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    transitGatewayRouteTableId = try object.string("TransitGatewayRouteTableId")
    transitGatewayId = try object.string("TransitGatewayId")
    state = try object.optionalString("State") ?? "available"
  }
}

/// What one transit gateway route table's own calls give, none of which names the table: the
/// routes (`search-transit-gateway-routes`, `Routes`), the associations
/// (`get-transit-gateway-route-table-associations`, `Associations`) and the propagations
/// (`get-transit-gateway-route-table-propagations`, `TransitGatewayRouteTablePropagations`).
/// The table's id comes from the document's name, as for prefix list entries.
struct TransitGatewayRouteTableContentsDTO: Hashable, Sendable {
  var routeTableId: String
  var routes: [TransitGatewayRoute]?
  /// Attachment ids associated with the table.
  var associations: [String]?
  var propagations: [String]?

  init(
    routeTableId: String, routes: [TransitGatewayRoute]? = nil, associations: [String]? = nil,
    propagations: [String]? = nil
  ) {
    self.routeTableId = routeTableId
    self.routes = routes
    self.associations = associations
    self.propagations = propagations
  }

  /// `Routes[]`: `DestinationCidrBlock` or `PrefixListId`, `TransitGatewayAttachments[]`,
  /// `Type`, `State`. Routes neither active nor blackhole (pending, deleting, deleted) carry
  /// nothing and are left out.
  static func routes(_ section: JSONReader) throws(TopologyLoadError) -> [TransitGatewayRoute] {
    var routes: [TransitGatewayRoute] = []
    for object in try section.objects() {
      let destination: Route.Destination
      if let cidr = try object.optionalCIDR("DestinationCidrBlock", .any) {
        destination = .cidr(cidr)
      } else if let list = try object.optionalString("PrefixListId") {
        destination = .prefixList(list)
      } else {
        throw object.error("a route needs DestinationCidrBlock or PrefixListId")
      }
      let state = try object.optionalString("State") ?? "active"
      guard let routeState = Route.State(rawValue: state) else {
        // Routes being made or removed carry nothing yet, or any more.
        if ["pending", "deleting", "deleted"].contains(state) { continue }
        throw try object.required("State").error(
          "expected active, blackhole, pending, deleting or deleted, found \"\(state)\"")
      }
      var attachments: [String] = []
      for attachment in try object.optionalObjects("TransitGatewayAttachments") {
        if let id = try attachment.optionalString("TransitGatewayAttachmentId") {
          attachments.append(id)
        }
      }
      let type = try object.optionalString("Type") ?? "static"
      guard let kind = TransitGatewayRoute.Kind(rawValue: type) else {
        throw try object.required("Type").error("expected static or propagated, found \"\(type)\"")
      }
      routes.append(
        TransitGatewayRoute(
          destination: destination, attachmentIds: attachments, kind: kind, state: routeState))
    }
    return routes
  }

  /// `Associations[]` or `TransitGatewayRouteTablePropagations[]`: their attachment ids, in
  /// force (`associated`/`associating`, `enabled`/`enabling`).
  static func attachmentIds(_ section: JSONReader, inForce: [String]) throws(TopologyLoadError)
    -> [String]
  {
    var ids: [String] = []
    for object in try section.objects() {
      let state = try object.optionalString("State") ?? inForce[0]
      guard inForce.contains(state) else { continue }
      ids.append(try object.string("TransitGatewayAttachmentId"))
    }
    return ids
  }

  /// The `tgw-rtb-…` id in a document name such as
  /// `search-transit-gateway-routes.tgw-rtb-0abc.json`, if any.
  static func routeTableId(inDocumentName name: String) -> String? {
    let base = name.split(separator: "/").last.map(String.init) ?? name
    guard let start = base.firstRange(of: "tgw-rtb-") else { return nil }
    let id = base[start.lowerBound...].prefix { character in
      character.isASCII && (character.isLetter || character.isNumber || character == "-")
    }
    return id.count > 8 ? String(id) : nil
  }
}
