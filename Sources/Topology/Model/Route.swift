import NetworkPrimitives

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
