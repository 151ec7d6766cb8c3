import NetworkPrimitives
import Topology

/// Walks a flow's forward leg and return leg through the topology, checkpoint by checkpoint, in
/// AWS's order, and gives a verdict.
///
/// Semantics (docs/evaluation.md has the sources): security groups are stateful, so replies of a
/// tracked flow pass whatever the rules say; network ACLs are stateless and apply only where a
/// packet crosses a subnet boundary; routes are chosen by longest prefix match in the subnet's
/// table; internet traffic needs an attached internet gateway, a route to it in the subnet's own
/// table and (IPv4) a public address.
///
/// The legs are in `PathTracer+ForwardLeg` and `PathTracer+ReturnLeg`, what each gateway does
/// on both in `+InternetGateway`, `+NATGateway` and `+Peering`, and the checks themselves in
/// `+SecurityGroups`, `+NetworkACLs` and `+Routes`.
public struct PathTracer: Sendable {
  public let index: TopologyIndex
  public var topology: Topology { index.topology }
  /// Made from the index when asked for: a tracer is then one reference to copy.
  var securityGroups: SecurityGroupEvaluator { SecurityGroupEvaluator(index: index) }
  var routes: RouteEvaluator { RouteEvaluator(index: index) }

  public init(topology: Topology) { self.init(index: TopologyIndex(topology)) }

  public init(index: TopologyIndex) {
    self.index = index
  }

  /// How the forward leg left the source, which decides the shape of the return leg.
  enum Shape {
    case local
    case internetGateway(String)
    case natGateway(NatGateway, translatedPort: UInt16)
    /// Through a private NAT gateway, then by its subnet's table: locally, or to a transit
    /// gateway.
    case privateNatGateway(NatGateway, translatedPort: UInt16, onward: PrivateNatOnward)
    case egressOnly(String)
    case peering(String)
    case transitGateway(String)
    case gatewayEndpoint(String)
    case fromInternet(String)
    /// From or to an address past a target the model does not follow (a virtual private
    /// gateway, a transit gateway's VPN attachment, an inspection endpoint, an appliance): the
    /// reply's checks on this side of it are still made.
    case beyondModel(RouteTarget)
  }

  /// Where a private NAT gateway's subnet sends the translated packet.
  enum PrivateNatOnward {
    case local
    case transitGateway(String)
    /// Past a target the model does not follow (a VPN), from which the reply comes back.
    case beyondModel(RouteTarget)
  }

  /// Traces `packet` (whose addresses are the endpoints' visible addresses) from `source` to
  /// `destination` and back.
  public func trace(
    from source: TraceEndpoint, to destination: TraceEndpoint, packet: Packet,
    sourcePortNote: Explanation? = nil
  ) -> PathTrace {
    var forward = Walk()
    var shape: Shape? = nil
    switch (source, destination) {
    case (.interface(let sender, _, _), _):
      shape = leaveInterface(sender, packet: packet, toward: destination, walk: &forward)
    case (.unowned(let address, let vpcId, let subnetId), _):
      shape = leaveUnowned(
        address, vpcId: vpcId, subnetId: subnetId, packet: packet, toward: destination,
        walk: &forward)
    case (.external, .interface(let receiver, _, _)):
      if let target = unmodelledWayIn(
        from: packet.source, to: receiver, packet: packet, walk: &forward)
      {
        // Whatever lies beyond the target did, the packet reaches the receiver only through its
        // subnet's network ACL and its security groups, and the reply leaves through them.
        if !forward.stopped {
          enterThrough(target, interface: receiver, packet: packet, request: nil, walk: &forward)
        }
        if !forward.stopped { shape = .beyondModel(target) }
        break
      }
      shape = enterFromInternet(packet: packet, receiver: receiver, walk: &forward)
    case (.external, .unowned):
      forward.add(unknownDestination(destination, packet: packet))
    case (.external, .external):
      forward.cannotDecide(
        .destination, at: nil, packet, .noPath,
        Explanation(
          .neitherEndInTopology,
          ["source": "\(source.address)", "destination": "\(destination.address)"]))
    }
    var returnWalk = Walk()
    var tracking: PathTrace.Tracking? = nil
    if let shape, !forward.stopped {
      tracking = trackingAtDestination(packet: packet, source: source, destination: destination)
      returnLeg(
        shape: shape, request: packet, source: source, destination: destination,
        walk: &returnWalk)
    }
    let trace = PathTrace(
      source: source, destination: destination, request: packet, sourcePortNote: sourcePortNote,
      forward: forward.checkpoints, returnLeg: returnWalk.checkpoints, tracking: tracking)
    return trace
  }

  /// Whether the destination's security groups track the flow (the source's, when the
  /// destination is no ENI of the topology).
  private func trackingAtDestination(
    packet: Packet, source: TraceEndpoint, destination: TraceEndpoint
  ) -> PathTrace.Tracking? {
    guard let receiver = destination.interface else {
      guard let sender = source.interface else { return nil }
      return securityGroups.isUntracked(packet, interface: sender, direction: .outbound)
        ? .untracked : .tracked
    }
    var inside = packet
    inside.destination = receiverPrivateAddress(receiver, for: packet.destination)
    return securityGroups.isUntracked(inside, interface: receiver, direction: .inbound)
      ? .untracked : .tracked
  }

  /// `packet` enters `interface`'s subnet and `interface`: the subnet's network ACL inbound,
  /// then the ENI's security groups (`reply` is the request whose reply `packet` is, for state
  /// tracking; `nil` for a request).
  func enter(
    _ interface: NetworkInterface, packet: Packet, reply request: Packet?, walk: inout Walk
  ) {
    walk.add(aclCheck(subnetId: interface.subnetId, packet: packet, egress: false))
    if walk.stopped { return }
    walk.add(securityGroupCheck(interface, packet: packet, direction: .inbound, reply: request))
  }

  // MARK: - Addresses

  /// `request` as it leaves `sender`'s internet gateway: IPv4 from the public address mapped
  /// to its private source, if any.
  func packet(_ request: Packet, translatedSourceOf sender: NetworkInterface) -> Packet {
    if request.isIPv6 { return request }
    if let mapping = sender.publicIPv4s.first(where: { $0.privateIP == request.source }) {
      return request.withSource(mapping.publicIP)
    }
    return request
  }

  /// The private address `receiver`'s public `address` maps to (else `address` itself).
  func receiverPrivateAddress(_ receiver: NetworkInterface, for address: IPAddress)
    -> IPAddress
  {
    receiver.publicIPv4s.first { $0.publicIP == address }?.privateIP ?? address
  }
}
