/// The two commonest REJECTs decided directly, without a trace (`Diagnoser.shortcuts`).
extension Diagnoser {
  /// Whether `packet` comes from outside the topology to `interface`'s own private address, in
  /// a VPC with an internet gateway: the shape both shortcuts start from.
  static func isFromOutside(
    _ packet: Packet, to context: InterfaceContext, index: TopologyIndex
  ) -> Bool {
    let interface = context.interface
    // `index.owner(of: packet.destination) == interface.id`, read from the context.
    // The source is outside every VPC of the topology: an address of a VPC, owned or not, is
    // traced another way (`PathTracer.endpoint(for:)`).
    return context.hasInternetGateway && context.indexedAddresses.contains(packet.destination)
      && !index.isOwned(packet.source) && index.vpc(holding: packet.source) == nil
      && !interface.publicIPv4s.contains(where: { $0.publicIP == packet.destination })
  }

  /// The decision `evaluate` reaches by tracing, for the most common REJECT, reached directly:
  /// a request from outside the topology to `interface`'s own private address, which a control
  /// at the ENI denies. The trace would pass the internet gateway (not a check at this ENI),
  /// then make the very checks made here, the subnet's NACL ingress and the ENI's security
  /// groups, and stop at the first that denies. `nil` for anything else (another shape, a public
  /// destination address, a gateway that would stop the packet, or both controls allowing it),
  /// which the trace then decides; a test compares both paths on simulated networks.
  func requestFromOutside(_ packet: Packet, context: InterfaceContext, tracer: PathTracer)
    -> ModelDecision?
  {
    guard Self.isFromOutside(packet, to: context, index: tracer.index) else { return nil }
    let interface = context.interface
    // The internet gateway lets it in: IPv6 as it is, IPv4 to the public address mapped to
    // this private one (`PathTracer.internetGatewayIngress`).
    if !packet.isIPv6
      && !interface.publicIPv4s.contains(where: { $0.privateIP == packet.destination })
    {
      return nil
    }
    let acl = tracer.aclCheck(context, packet: packet, egress: false)
    if acl.result == .denied {
      return ModelDecision(
        cause: .networkACL, deniedAt: acl, checkpoints: [acl], note: acl.note)
    }
    let security = tracer.securityGroupCheck(
      context, packet: packet, direction: .inbound, reply: nil)
    guard security.result == .denied else { return nil }
    return ModelDecision(
      cause: .securityGroup, deniedAt: security, checkpoints: [acl, security],
      note: security.note)
  }

  /// The decision `evaluate` reaches by tracing, reached directly for the second commonest
  /// REJECT: the reply `interface` sends to a request that came from outside the topology to
  /// its private address, denied at the ENI. The trace would let the request in (the internet
  /// gateway, the subnet's NACL ingress and the ENI's security groups, which must all allow it
  /// for the reply leg to be traced at all), then send the reply: the security groups outbound
  /// (by connection state), the subnet's route to the internet gateway, and the NACL egress,
  /// stopping at the first that denies. Only the security group and NACL checks are at the
  /// ENI. `nil` for anything else, which the trace decides.
  func replyToOutside(request packet: Packet, context: InterfaceContext, tracer: PathTracer)
    -> ModelDecision?
  {
    guard Self.isFromOutside(packet, to: context, index: tracer.index) else { return nil }
    let interface = context.interface
    // The request as the internet gateway receives it: IPv4 to the mapped public address.
    var request = packet
    if !packet.isIPv6 {
      guard let mapping = interface.publicIPv4s.first(where: { $0.privateIP == packet.destination })
      else { return nil }
      request.destination = mapping.publicIP
    }
    // The request's way in (`PathTracer.enterFromInternet`) must be open.
    var inside = request
    inside.destination = tracer.receiverPrivateAddress(interface, for: request.destination)
    guard
      tracer.aclCheck(context, packet: inside, egress: false).result == .allowed,
      tracer.securityGroupCheck(context, packet: inside, direction: .inbound, reply: nil).result
        == .allowed
    else { return nil }
    // The reply leaves (`PathTracer.returnLeg`, `.fromInternet`, and `sendReplyToInternet`).
    var reply = request.reply()
    reply.source = tracer.receiverPrivateAddress(interface, for: request.destination)
    if !reply.isIPv6, interface.publicIPv4s.contains(where: { $0.publicIP == reply.source }) {
      reply.source = tracer.receiverPrivateAddress(interface, for: reply.source)
    }
    let security = tracer.securityGroupCheck(
      context, packet: reply, direction: .outbound, reply: request)
    if security.result == .denied {
      return ModelDecision(
        cause: .securityGroup, deniedAt: security, checkpoints: [security], note: security.note)
    }
    let lookup = tracer.routes.lookup(subnetId: interface.subnetId, destination: reply.destination)
    guard case .internetGateway? = lookup.route?.target, lookup.route?.state == .active else {
      return nil
    }
    let acl = tracer.aclCheck(context, packet: reply, egress: true)
    guard acl.result == .denied else { return nil }
    return ModelDecision(
      cause: .networkACL, deniedAt: acl, checkpoints: [security, acl], note: acl.note)
  }
}
