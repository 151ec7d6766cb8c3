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
