import NetworkPrimitives
import Topology

/// What a transit gateway route table does with a destination (Transit Gateway Guide,
/// "Transit gateway route tables"): the longest prefix covering it wins, a static route before
/// a propagated one of the same length; a blackhole route drops it, and so does the absence of
/// any route.
public enum TransitGatewayLookup: Hashable, Sendable {
  /// The table's routes are not in the topology.
  case routesUnknown
  /// No route covers the destination, unless one of these prefix lists (entries unknown) does.
  case unknownPrefixLists([String])
  /// No route covers the destination.
  case noRoute
  /// The chosen route is a blackhole.
  case blackhole(TransitGatewayRoute)
  /// The chosen route is active but names no attachment the topology knows of.
  case noAttachment(TransitGatewayRoute)
  /// The chosen route sends it to this attachment.
  case attachment(TransitGatewayRoute, String)

  /// Looks `destination` up in `table`.
  public init(_ destination: IPAddress, in table: TransitGatewayRouteTable, topology: Topology) {
    guard let routes = table.routes else {
      self = .routesUnknown
      return
    }
    var best: (route: TransitGatewayRoute, length: Int, rank: Int)? = nil
    var unknownLists: [String] = []
    for route in routes {
      var length = -1
      switch route.destination {
      case .cidr(let cidr):
        if cidr.contains(destination) { length = cidr.prefixLength }
      case .prefixList(let id):
        guard let cidrs = topology.cidrs(ofPrefixList: id) else {
          unknownLists.append(id)
          continue
        }
        for cidr in cidrs where cidr.contains(destination) {
          length = max(length, cidr.prefixLength)
        }
      }
      guard length >= 0 else { continue }
      let rank = route.kind == .static ? 1 : 0
      if let current = best, (current.length, current.rank) >= (length, rank) { continue }
      best = (route, length, rank)
    }
    // A list whose entries are unknown could hold the destination at any length: it wins
    // over all but a static route as long as an address.
    let fullLength = destination.isIPv6 ? 128 : 32
    if !unknownLists.isEmpty, !(best.map { $0.rank == 1 && $0.length == fullLength } ?? false) {
      self = .unknownPrefixLists(unknownLists)
      return
    }
    guard let route = best?.route else {
      self = .noRoute
      return
    }
    if route.state == .blackhole {
      self = .blackhole(route)
    } else if let target = route.attachmentIds.sorted().first {
      self = .attachment(route, target)
    } else {
      self = .noAttachment(route)
    }
  }
}
