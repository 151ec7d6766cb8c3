import NetworkPrimitives
import Topology

/// The route a subnet's table chooses for a destination.
public struct RouteLookup: Hashable, Sendable {
  /// The table consulted, `nil` when the subnet has none (no explicit and no main table).
  public var table: RouteTable?
  /// The chosen route, `nil` when none covers the destination.
  public var route: Route?
  /// Whether the table is the subnet's explicit one or the VPC's main table.
  public var isMainTable: Bool
  /// Prefix lists (entries not loaded) whose routes could win over `route`: then `route` is
  /// `nil` and the choice cannot be made.
  public var unknownPrefixLists: [String] = []
}

/// Chooses routes: longest prefix match within the address family; for equal prefixes a CIDR
/// route beats a prefix-list route and a static route beats a propagated one.
///
/// Source: VPC User Guide, "Route priority".
public struct RouteEvaluator: Sendable {
  public let index: TopologyIndex
  public var topology: Topology { index.topology }

  public init(topology: Topology) { index = TopologyIndex(topology) }
  public init(index: TopologyIndex) { self.index = index }

  public func lookup(subnetId: String, destination: IPAddress) -> RouteLookup {
    guard let table = index.routeTable(forSubnet: subnetId) else {
      return RouteLookup(table: nil, route: nil, isMainTable: false)
    }
    return lookup(in: table, destination: destination, isMain: !table.subnetIds.contains(subnetId))
  }

  /// The route `table` itself chooses for `destination` (a gateway's edge table, or a
  /// subnet's).
  public func lookup(in table: RouteTable, destination: IPAddress, isMain: Bool = false)
    -> RouteLookup
  {
    var best: (route: Route, length: Int, rank: Int)? = nil
    var unknown: [String] = []
    for route in table.routes {
      var length = -1
      var rank = 0
      switch route.destination {
      case .cidr(let cidr):
        if cidr.contains(destination) { length = cidr.prefixLength }
        rank = 2
      case .prefixList(let id):
        guard let cidrs = topology.cidrs(ofPrefixList: id) else {
          if route.state == .active || route.state == .blackhole, !unknown.contains(id) {
            unknown.append(id)
          }
          continue
        }
        for cidr in cidrs where cidr.contains(destination) {
          length = max(length, cidr.prefixLength)
        }
        rank = 1
      }
      guard length >= 0 else { continue }
      if route.origin == "EnableVgwRoutePropagation" { rank = 0 }
      if let current = best, (current.length, current.rank) >= (length, rank) { continue }
      best = (route, length, rank)
    }
    // A list whose entries are unknown could hold the destination at any length, and wins
    // over all but the local route (nothing may be more specific than it for the VPC's own
    // addresses) and a static route as long as an address (VPC User Guide, "Route priority").
    if !unknown.isEmpty, let chosen = best?.route ?? nil as Route?,
      chosen.target == .local
        || (best.map { $0.rank == 2 && $0.length == (destination.isIPv6 ? 128 : 32) } ?? false)
    {
      return RouteLookup(table: table, route: chosen, isMainTable: isMain)
    }
    if !unknown.isEmpty {
      return RouteLookup(table: table, route: nil, isMainTable: isMain, unknownPrefixLists: unknown)
    }
    return RouteLookup(table: table, route: best?.route, isMainTable: isMain)
  }
}
