import NetworkPrimitives

/// A route table: its routes and which subnets (or gateways) it serves.
public struct RouteTable: Hashable, Sendable {
  public var id: String
  public var vpcId: String
  public var routes: [Route]
  /// Whether this is the VPC's main table (serves every subnet without an explicit association).
  public var isMain: Bool
  /// Subnets explicitly associated with the table.
  public var subnetIds: [String]
  /// Gateways (IGW, VGW) associated with the table as an edge (ingress) route table.
  public var gatewayIds: [String]

  public init(
    id: String, vpcId: String, routes: [Route], isMain: Bool = false, subnetIds: [String] = [],
    gatewayIds: [String] = []
  ) {
    self.id = id
    self.vpcId = vpcId
    self.routes = routes
    self.isMain = isMain
    self.subnetIds = subnetIds
    self.gatewayIds = gatewayIds
  }
}

/// One route: a destination, a target and its state.
public struct Route: Hashable, Sendable, CustomStringConvertible {
  public enum Destination: Hashable, Sendable, CustomStringConvertible {
    case cidr(CIDR)
    case prefixList(String)

    public var description: String {
      switch self {
      case .cidr(let cidr): return cidr.description
      case .prefixList(let id): return id
      }
    }
  }

  public enum State: String, Hashable, Sendable {
    case active, blackhole
  }

  public var destination: Destination
  public var target: RouteTarget
  public var state: State
  /// `CreateRouteTable`, `CreateRoute`, `EnableVgwRoutePropagation`.
  public var origin: String?

  public init(
    destination: Destination, target: RouteTarget, state: State = .active, origin: String? = nil
  ) {
    self.destination = destination
    self.target = target
    self.state = state
    self.origin = origin
  }

  /// `10.0.0.0/16 -> local`, as the console shows a route.
  public var description: String { "\(destination) -> \(target)" }
}

/// Where a route sends traffic, by the kind of target AWS names.
public enum RouteTarget: Hashable, Sendable, CustomStringConvertible {
  case local
  case internetGateway(String)
  case egressOnlyInternetGateway(String)
  case natGateway(String)
  case networkInterface(String)
  case instance(String)
  case vpcPeeringConnection(String)
  case transitGateway(String)
  case virtualPrivateGateway(String)
  case vpcEndpoint(String)
  /// A target flowcause does not model (carrier, local or core-network gateway, …).
  case other(String)

  public var description: String {
    switch self {
    case .local: return "local"
    case .internetGateway(let id), .egressOnlyInternetGateway(let id), .natGateway(let id),
      .networkInterface(let id), .instance(let id), .vpcPeeringConnection(let id),
      .transitGateway(let id), .virtualPrivateGateway(let id), .vpcEndpoint(let id),
      .other(let id):
      return id
    }
  }
}
