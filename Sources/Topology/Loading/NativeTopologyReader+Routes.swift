import NetworkPrimitives

extension NativeTopologyReader {
  /// The target prefixes of the native format (besides `local`).
  static let routeTargetPrefixes = [
    "igw-", "vgw-", "vpce-", "nat-", "eigw-", "pcx-", "eni-", "i-", "tgw-",
  ]

  /// The `describe-route-tables` key a target id goes under, by its prefix.
  static func routeTargetKey(_ target: String) -> WritableKeyPath<RouteDTO, String?>? {
    if target == "local" || target.hasPrefix("igw-") || target.hasPrefix("vgw-")
      || target.hasPrefix("vpce-")
    {
      return \.gatewayId
    }
    if target.hasPrefix("nat-") { return \.natGatewayId }
    if target.hasPrefix("eigw-") { return \.egressOnlyInternetGatewayId }
    if target.hasPrefix("pcx-") { return \.vpcPeeringConnectionId }
    if target.hasPrefix("eni-") { return \.networkInterfaceId }
    if target.hasPrefix("i-") { return \.instanceId }
    if target.hasPrefix("tgw-") { return \.transitGatewayId }
    return nil
  }

  /// Route tables. Each gets a `local` route for every CIDR of its VPC (when the VPC is in the
  /// document) unless it lists one itself: AWS puts one in every table and it cannot be deleted.
  func readRouteTables(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    let keys = ["id", "vpc", "main", "subnets", "gateways", "routes"]
    for object in try section("route-tables", allowed: keys) {
      let id = try object.string("id")
      let vpc = try vpc(of: object)
      var routes: [RouteDTO] = []
      for route in try object.optionalObjects("routes") {
        try route.rejectUnknownKeys(allowed: ["destination", "target", "state"])
        routes.append(try Self.route(route))
      }
      let vpcCIDRs = vpcs.first { $0.id == vpc }?.cidrs ?? []
      let local = vpcCIDRs.filter { cidr in !routes.contains { $0.destination == .cidr(cidr) } }
        .map { cidr in
          var route = RouteDTO(destination: .cidr(cidr), origin: "CreateRouteTable")
          route.gatewayId = "local"
          return route
        }
      var associations: [RouteTableDTO.Association] = []
      if try object.optionalBool("main") ?? false { associations.append(.init(main: true)) }
      if let subnets = object.optional("subnets") {
        associations += try Self.strings(subnets).map { .init(subnetId: $0) }
      }
      if let gateways = object.optional("gateways") {
        associations += try Self.strings(gateways).map { .init(gatewayId: $0) }
      }
      let table = RouteTableDTO(
        routeTableId: id, vpcId: vpc, routes: local + routes, associations: associations)
      inventory.add(table, id: id, document: document, path: object.path, to: \.routeTables)
    }
  }

  /// One route: `destination` (a CIDR or `pl-…`), `target` (`local` or an id whose prefix says
  /// its kind) and `state` (`active`, the default, or `blackhole`).
  static func route(_ object: JSONObjectReader) throws(TopologyLoadError) -> RouteDTO {
    let destinationReader = try object.required("destination")
    let destinationText = try destinationReader.string()
    let destination: Route.Destination
    if destinationText.hasPrefix("pl-") {
      destination = .prefixList(destinationText)
    } else {
      guard let cidr = CIDR(destinationText) else {
        throw destinationReader.mismatch("a CIDR block or a prefix list id (pl-…)")
      }
      destination = .cidr(cidr)
    }
    var state = Route.State.active
    if let stateReader = object.optional("state") {
      guard let parsed = Route.State(rawValue: try stateReader.string()) else {
        throw stateReader.mismatch("active or blackhole")
      }
      state = parsed
    }
    let targetReader = try object.required("target")
    let target = try targetReader.string()
    var route = RouteDTO(
      destination: destination, state: state,
      origin: target == "local" ? "CreateRouteTable" : "CreateRoute")
    guard let key = routeTargetKey(target) else {
      throw targetReader.mismatch(
        "local or a target id starting with " + routeTargetPrefixes.joined(separator: ", "))
    }
    route[keyPath: key] = target
    return route
  }
}
