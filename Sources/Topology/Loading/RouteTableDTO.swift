import NetworkPrimitives

/// One element of `RouteTables` (`aws ec2 describe-route-tables`).
struct RouteTableDTO: Hashable, Sendable {
  var routeTableId: String
  var vpcId: String
  var routes: [RouteDTO]
  var associations: [Association]

  /// One element of `Associations`: the main-table marker, a subnet or a gateway (edge
  /// association).
  struct Association: Hashable, Sendable {
    var main: Bool
    var subnetId: String?
    var gatewayId: String?
    /// `AssociationState.State`: `associated`, `disassociated`, `failed`, …
    var state: String?

    init(main: Bool = false, subnetId: String? = nil, gatewayId: String? = nil) {
      self.main = main
      self.subnetId = subnetId
      self.gatewayId = gatewayId
    }

    init(_ object: JSONObjectReader) throws(TopologyLoadError) {
      main = try object.optionalBool("Main") ?? false
      subnetId = try object.optionalString("SubnetId")
      gatewayId = try object.optionalString("GatewayId")
      state = try object.optionalObject("AssociationState")?.optionalString("State")
    }

    /// Whether the association is in force (not `disassociated` or `failed`).
    var isInForce: Bool { state != "disassociated" && state != "failed" }
  }

  init(routeTableId: String, vpcId: String, routes: [RouteDTO], associations: [Association]) {
    self.routeTableId = routeTableId
    self.vpcId = vpcId
    self.routes = routes
    self.associations = associations
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    routeTableId = try object.string("RouteTableId")
    vpcId = try object.string("VpcId")
    routes = []
    for route in try object.optionalObjects("Routes") { routes.append(try RouteDTO(route)) }
    associations = []
    for association in try object.optionalObjects("Associations") {
      associations.append(try Association(association))
    }
  }
}
