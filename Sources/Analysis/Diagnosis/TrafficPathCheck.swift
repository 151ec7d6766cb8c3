import FlowLogs
import NetworkPrimitives
import Topology

/// Checks the path a record says its traffic took (`traffic-path`, version 5) against the
/// route the topology's tables choose for it: a record that left by a path the model would not
/// take tells that the snapshot is older (or newer) than the logs, and every verdict that
/// leans on routing may be wrong.
///
/// `traffic-path` is written on egress records only (VPC User Guide, "Flow log records",
/// "Available fields"): 1 through another resource in the same VPC (including resources that
/// create a network interface in it), 2 an internet gateway or a gateway VPC endpoint (instances
/// not built on Nitro), 3 a virtual private gateway, 4 an intra-Region and 5 an inter-Region
/// peering connection, 6 a local gateway, 7 a gateway VPC endpoint and 8 an internet gateway
/// (Nitro instances). The route is the record's ENI's subnet's table's choice for `dstaddr`
/// (``RouteEvaluator``). Only plain contradictions count ([docs/diagnosis.md](diagnosis.md),
/// "Traffic paths against the topology"): an unknown code, an ENI outside the topology, an
/// ingress record, or a route choice the topology cannot make (a prefix list without entries)
/// are not checked.
public final class TrafficPathCheck: Sendable {
  private let routes: RouteEvaluator

  public init(index: TopologyIndex) { routes = RouteEvaluator(index: index) }

  /// Where the topology disagrees with a record's `traffic-path`.
  public struct Mismatch: Hashable, Sendable {
    /// The record's `traffic-path` code (1–8).
    public var trafficPath: Int
    /// The record's destination.
    public var destination: IPAddress
    /// The route table consulted (`nil`: the subnet has none).
    public var tableId: String?
    /// The route it chooses (`nil`: none covers the destination), as `10.1.0.0/16 -> pcx-…`,
    /// and whether it is a blackhole.
    public var route: String?
    public var isBlackhole: Bool
  }

  /// The route targets a `traffic-path` code can have been taken through; `nil` for a code
  /// AWS does not document.
  static func accepts(_ code: Int, _ target: RouteTarget) -> Bool? {
    switch code {
    case 1:
      // A resource of the VPC: its own addresses, or a resource with an ENI in the VPC (a NAT
      // gateway, an instance or ENI, a transit gateway's attachment, an interface or Gateway
      // Load Balancer endpoint).
      switch target {
      case .local, .natGateway, .networkInterface, .instance, .transitGateway, .vpcEndpoint:
        return true
      default: return false
      }
    case 2:
      switch target {
      case .internetGateway, .egressOnlyInternetGateway, .vpcEndpoint: return true
      default: return false
      }
    case 3:
      if case .virtualPrivateGateway = target { return true }
      return false
    case 4, 5:
      if case .vpcPeeringConnection = target { return true }
      return false
    case 6:
      if case .other(let id) = target { return id.hasPrefix("lgw-") }
      return false
    case 7:
      if case .vpcEndpoint = target { return true }
      return false
    case 8:
      switch target {
      case .internetGateway, .egressOnlyInternetGateway: return true
      default: return false
      }
    default:
      return nil
    }
  }

  /// The disagreement between the record of `interfaceId` to `destination`, which says it left
  /// by `trafficPath`, and the topology; `nil` when they agree or it cannot be told.
  public func mismatch(interfaceId: String, destination: IPAddress, trafficPath: Int)
    -> Mismatch?
  {
    guard (1...8).contains(trafficPath),
      let context = routes.index.context(ofInterface: interfaceId)
    else { return nil }
    let lookup = routes.lookup(subnetId: context.interface.subnetId, destination: destination)
    guard lookup.unknownPrefixLists.isEmpty else { return nil }
    // A blackhole route still names the kind of target the traffic was sent to; what AWS
    // writes for traffic it then drops is not documented, so only the kind is compared.
    if let route = lookup.route, Self.accepts(trafficPath, route.target) != false { return nil }
    return Mismatch(
      trafficPath: trafficPath, destination: destination, tableId: lookup.table?.id,
      route: lookup.route?.description, isBlackhole: lookup.route?.state == .blackhole)
  }

  /// The positions of the fields the check reads, looked up once per format; `nil` for a
  /// format without `traffic-path`.
  public struct Fields: Sendable {
    let trafficPath: Int
    let interfaceId: Int?
    let destination: Int?
    let flowDirection: Int?

    public init?(_ format: FlowLogFormat) {
      guard let trafficPath = format.index(of: "traffic-path") else { return nil }
      self.trafficPath = trafficPath
      interfaceId = format.index(of: "interface-id")
      destination = format.index(of: "dstaddr")
      flowDirection = format.index(of: "flow-direction")
    }
  }

  /// The disagreement between `record`, read with the format of `fields`, and the topology,
  /// with the record's ENI; `nil` when they agree, or the record has no `traffic-path`, is
  /// ingress (`flow-direction`), or lacks its ENI or destination.
  public func mismatch(_ record: RecordLine, _ fields: Fields) -> (
    interfaceId: String, mismatch: Mismatch
  )? {
    // Read for every record of such a format: its id becomes a string only when the rest is
    // there to check.
    guard !record.isNull(fields.trafficPath), let code = record.integer(fields.trafficPath),
      let interfaceIndex = fields.interfaceId, let destinationIndex = fields.destination
    else { return nil }
    if let direction = fields.flowDirection, record.token(direction).elementsEqual("ingress".utf8) {
      return nil
    }
    guard let destination = record.address(destinationIndex),
      let interfaceId = record.string(interfaceIndex)
    else { return nil }
    return mismatch(
      interfaceId: interfaceId, destination: destination, trafficPath: Int(clamping: code)
    ).map { (interfaceId, $0) }
  }

  /// What a `traffic-path` code says, in the words of AWS's table.
  public static func meaning(_ code: Int) -> Explanation {
    switch code {
    case 1: Explanation(.pathSameVPC)
    case 2: Explanation(.pathIGWOrGatewayEndpoint)
    case 3: Explanation(.pathVGW)
    case 4: Explanation(.pathIntraRegionPeering)
    case 5: Explanation(.pathInterRegionPeering)
    case 6: Explanation(.pathLocalGateway)
    case 7: Explanation(.pathGatewayEndpoint)
    case 8: Explanation(.pathIGW)
    default: Explanation(.pathUndocumented)
    }
  }
}
