import NetworkPrimitives

/// One element of a route table's `Routes`: one destination key, one target key, a state.
struct RouteDTO: Hashable, Sendable {
  var destinationCidrBlock: CIDR?
  var destinationIpv6CidrBlock: CIDR?
  var destinationPrefixListId: String?
  /// `local`, `igw-…`, `vgw-…` or `vpce-…` (a gateway endpoint).
  var gatewayId: String?
  var natGatewayId: String?
  var egressOnlyInternetGatewayId: String?
  var networkInterfaceId: String?
  var instanceId: String?
  var vpcPeeringConnectionId: String?
  var transitGatewayId: String?
  /// Targets flowcause does not model: `LocalGatewayId`, `CarrierGatewayId`, `CoreNetworkArn`.
  var otherTarget: String?
  var state: Route.State
  var origin: String?

  /// Target keys that flowcause reads as ``RouteTarget/other(_:)``.
  static let otherTargetKeys = ["LocalGatewayId", "CarrierGatewayId", "CoreNetworkArn"]

  init(destination: Route.Destination, state: Route.State = .active, origin: String? = nil) {
    switch destination {
    case .cidr(let cidr) where cidr.isIPv6: destinationIpv6CidrBlock = cidr
    case .cidr(let cidr): destinationCidrBlock = cidr
    case .prefixList(let id): destinationPrefixListId = id
    }
    self.state = state
    self.origin = origin
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    destinationCidrBlock = try object.optionalCIDR("DestinationCidrBlock", .ipv4)
    destinationIpv6CidrBlock = try object.optionalCIDR("DestinationIpv6CidrBlock", .ipv6)
    destinationPrefixListId = try object.optionalString("DestinationPrefixListId")
    guard
      destinationCidrBlock != nil || destinationIpv6CidrBlock != nil
        || destinationPrefixListId != nil
    else {
      throw object.error(
        "a route needs DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId")
    }
    gatewayId = try object.optionalString("GatewayId")
    natGatewayId = try object.optionalString("NatGatewayId")
    egressOnlyInternetGatewayId = try object.optionalString("EgressOnlyInternetGatewayId")
    networkInterfaceId = try object.optionalString("NetworkInterfaceId")
    instanceId = try object.optionalString("InstanceId")
    vpcPeeringConnectionId = try object.optionalString("VpcPeeringConnectionId")
    transitGatewayId = try object.optionalString("TransitGatewayId")
    for key in Self.otherTargetKeys where otherTarget == nil {
      otherTarget = try object.optionalString(key)
    }
    if let stateReader = object.optional("State") {
      let text = try stateReader.string()
      guard let state = Route.State(rawValue: text) else {
        throw stateReader.mismatch("active or blackhole")
      }
      self.state = state
    } else {
      state = .active
    }
    origin = try object.optionalString("Origin")
  }

  /// The destination; IPv4 first when several keys are given.
  var destination: Route.Destination? {
    if let destinationCidrBlock { return .cidr(destinationCidrBlock) }
    if let destinationIpv6CidrBlock { return .cidr(destinationIpv6CidrBlock) }
    if let destinationPrefixListId { return .prefixList(destinationPrefixListId) }
    return nil
  }

  /// The target, from whichever target key is present. `NetworkInterfaceId` wins over
  /// `InstanceId` (AWS lists both for a route to an instance; the ENI is what forwards).
  /// `nil` when the route names no target flowcause knows of.
  var target: RouteTarget? {
    if let gatewayId { return Self.gatewayTarget(gatewayId) }
    if let natGatewayId { return .natGateway(natGatewayId) }
    if let egressOnlyInternetGatewayId {
      return .egressOnlyInternetGateway(egressOnlyInternetGatewayId)
    }
    if let networkInterfaceId { return .networkInterface(networkInterfaceId) }
    if let instanceId { return .instance(instanceId) }
    if let vpcPeeringConnectionId { return .vpcPeeringConnection(vpcPeeringConnectionId) }
    if let transitGatewayId { return .transitGateway(transitGatewayId) }
    if let otherTarget { return .other(otherTarget) }
    return nil
  }

  /// Reads a `GatewayId`, by its prefix.
  static func gatewayTarget(_ id: String) -> RouteTarget {
    if id == "local" { return .local }
    if id.hasPrefix("igw-") { return .internetGateway(id) }
    if id.hasPrefix("vgw-") { return .virtualPrivateGateway(id) }
    if id.hasPrefix("vpce-") { return .vpcEndpoint(id) }
    if id.hasPrefix("eigw-") { return .egressOnlyInternetGateway(id) }
    if id.hasPrefix("nat-") { return .natGateway(id) }
    return .other(id)
  }
}
