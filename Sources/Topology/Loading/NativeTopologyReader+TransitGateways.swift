import NetworkPrimitives

extension NativeTopologyReader {
  /// Transit gateways with their attachments and route tables:
  ///
  /// ```json
  /// "transit-gateways": [{"id": "tgw-1", "security-group-referencing": true,
  ///   "attachments": [{"id": "tgw-attach-a", "vpc": "vpc-a", "subnets": ["subnet-a"],
  ///                    "route-table": "tgw-rtb-1"}],
  ///   "route-tables": [{"id": "tgw-rtb-1", "routes": [
  ///     {"destination": "10.1.0.0/16", "attachment": "tgw-attach-a", "type": "propagated"},
  ///     {"destination": "10.9.0.0/16", "state": "blackhole"}]}]}]
  /// ```
  ///
  /// An attachment is a VPC's unless `type` says otherwise (`vpn`, `direct-connect-gateway`,
  /// `peering`, `connect`), with `resource` then naming what it attaches.
  func readTransitGateways(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    let keys = ["id", "state", "security-group-referencing", "attachments", "route-tables"]
    for object in try section("transit-gateways", allowed: keys) {
      let id = try object.string("id")
      let gateway = TransitGatewayDTO(
        transitGatewayId: id, state: try object.optionalString("state") ?? "available",
        securityGroupReferencing: try object.optionalBool("security-group-referencing") ?? false)
      inventory.add(gateway, id: id, document: document, path: object.path, to: \.transitGateways)
      for attachment in try object.optionalObjects("attachments") {
        try attachment.rejectUnknownKeys(allowed: [
          "id", "type", "vpc", "resource", "state", "subnets", "route-table", "ipv6",
          "appliance-mode", "security-group-referencing",
        ])
        let attachmentId = try attachment.string("id")
        let type = try attachment.optionalString("type") ?? "vpc"
        let resource =
          type == "vpc" ? try attachment.string("vpc") : try attachment.string("resource")
        let dto = TransitGatewayAttachmentDTO(
          transitGatewayAttachmentId: attachmentId, transitGatewayId: id, resourceType: type,
          resourceId: resource, state: try attachment.optionalString("state") ?? "available",
          routeTableId: try attachment.optionalString("route-table"),
          subnetIds: try attachment.optional("subnets").map(Self.strings) ?? [],
          applianceMode: try attachment.optionalBool("appliance-mode") ?? false,
          ipv6Support: try attachment.optionalBool("ipv6") ?? false,
          securityGroupReferencing: try attachment.optionalBool("security-group-referencing")
            ?? true)
        inventory.add(
          dto, id: attachmentId, document: document, path: attachment.path,
          to: \.transitGatewayAttachments)
      }
      for table in try object.optionalObjects("route-tables") {
        try table.rejectUnknownKeys(allowed: ["id", "routes"])
        let tableId = try table.string("id")
        inventory.add(
          TransitGatewayRouteTableDTO(transitGatewayRouteTableId: tableId, transitGatewayId: id),
          id: tableId, document: document, path: table.path, to: \.transitGatewayRouteTables)
        guard table.has("routes") else { continue }
        var routes: [TransitGatewayRoute] = []
        for route in try table.optionalObjects("routes") {
          try route.rejectUnknownKeys(allowed: ["destination", "attachment", "type", "state"])
          let destinationReader = try route.required("destination")
          let text = try destinationReader.string()
          let destination: Route.Destination
          if text.hasPrefix("pl-") {
            destination = .prefixList(text)
          } else if let cidr = CIDR(text) {
            destination = .cidr(cidr)
          } else {
            throw destinationReader.mismatch("a CIDR block or a prefix list id (pl-…)")
          }
          var kind = TransitGatewayRoute.Kind.static
          if let kindReader = route.optional("type") {
            guard let parsed = TransitGatewayRoute.Kind(rawValue: try kindReader.string()) else {
              throw kindReader.mismatch("static or propagated")
            }
            kind = parsed
          }
          var state = Route.State.active
          if let stateReader = route.optional("state") {
            guard let parsed = Route.State(rawValue: try stateReader.string()) else {
              throw stateReader.mismatch("active or blackhole")
            }
            state = parsed
          }
          routes.append(
            TransitGatewayRoute(
              destination: destination,
              attachmentIds: try route.optionalString("attachment").map { [$0] } ?? [],
              kind: kind, state: state))
        }
        inventory.add(
          TransitGatewayRouteTableContentsDTO(routeTableId: tableId, routes: routes),
          id: tableId, document: document, path: table.path, to: \.transitGatewayRoutes)
      }
    }
  }
}
