import NetworkPrimitives
import Topology

/// Writes the flow log records AWS would write for some traffic: each leg on each monitored
/// ENI it reaches, ACCEPT or REJECT as the controls decide, aggregated into windows.
///
/// The simulator walks each conversation with the same tracer as `trace` and turns its
/// checkpoints into records (docs/simulate.md):
/// - the sending ENI logs the request (egress); its security groups and subnet NACL can reject it;
/// - the receiving ENI logs the request (ingress); its subnet NACL and security groups can reject it;
/// - a reply that cannot be routed back makes the receiving ENI log the request as REJECT (the
///   field reports' reading; AWS does not document it), with cause `routing`;
/// - the replies are logged the same way in the other direction; one-way traffic and ICMP
///   messages that are not queries have none;
/// - a late reply is judged by each end's own tracking timeout, a packet after close by the
///   receiving ENI's tracking state;
/// - a packet dropped between ENIs (a missing route on the way out) is logged by no one after it;
/// - the legs one ENI sees on one 5-tuple in one window are one record (``aggregated(_:)``).
public struct Simulator: Sendable {
  public let tracer: PathTracer
  /// The aggregation window in seconds (60 or 600).
  public let window: Int64
  public let seed: UInt64

  public init(topology: Topology, window: Int64 = 60, seed: UInt64 = 1) {
    tracer = PathTracer(topology: topology)
    self.window = window
    self.seed = seed
  }

  /// Why a conversation cannot be simulated.
  public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
    public var conversation: Int
    /// Why, worded in a language when read.
    public var note: Explanation
    /// Why, in English.
    public var reason: String { note.text }
    public var description: String { "conversation \(conversation + 1): \(reason)" }

    public init(conversation: Int, note: Explanation) {
      self.conversation = conversation
      self.note = note
    }
  }

  /// The records of `traffic`. A conversation whose path goes through something the model
  /// cannot judge (an unmodelled component, a subnet without a network ACL) gives no record
  /// past that point, and is handed to `skipped` with the reason.
  public func simulate(_ traffic: Traffic, skipped: ((Failure) -> Void)? = nil) throws(Failure)
    -> [SimulatedRecord]
  {
    var records: [SimulatedRecord] = []
    for (index, conversation) in traffic.conversations.enumerated() {
      records += try simulate(conversation, index: index, traffic: traffic, skipped: skipped)
    }
    records = aggregated(inOrder(records))
    if traffic.nodata {
      try checkNodataSpan(records)
      records = inOrder(records + nodataRecords(records, traffic: traffic))
    }
    return records
  }

  /// The most NODATA records `nodata` may ask for: one for each interface and window of the
  /// traffic's span with no record of its own (a month of one-minute windows for four ENIs).
  /// Writing that many takes a fraction of a second.
  public static let nodataLimit = 200_000

  /// `nodata` over a span that would write more than ``nodataLimit`` records (a conversation
  /// dated years from the others) is an error naming the conversation that ends last, before
  /// anything is made: the count grows with the span, not with the traffic.
  private func checkNodataSpan(_ records: [SimulatedRecord]) throws(Failure) {
    guard let first = records.min(by: { $0.start < $1.start }),
      let last = records.max(by: { $0.end < $1.end })
    else { return }
    let interfaces = tracer.topology.networkInterfaces.count
    let (span, overflow) = last.end.subtractingReportingOverflow(first.start)
    let windows = overflow ? Int64.max : span / window + 1
    let (total, tooMany) = windows.multipliedReportingOverflow(by: Int64(interfaces))
    guard tooMany || total > Int64(Self.nodataLimit) else { return }
    throw Failure(
      conversation: last.conversation,
      note: Explanation(
        .nodataTooMany,
        [
          "windows": "\(windows)", "first": "\(first.start)", "last": "\(last.end)",
          "interfaces": "\(interfaces)",
          "total": tooMany ? Explanation(.moreThan, ["count": "\(Int64.max)"]) : "\(total)",
          "limit": "\(Self.nodataLimit)",
        ]))
  }

  /// AWS writes a window's records together; within it, the traffic's order, NODATA last.
  private func inOrder(_ records: [SimulatedRecord]) -> [SimulatedRecord] {
    records.enumerated().sorted { left, right in
      (left.element.start / window, left.element.conversation, left.offset)
        < (right.element.start / window, right.element.conversation, right.offset)
    }.map(\.element)
  }

  private func simulate(
    _ conversation: Conversation, index: Int, traffic: Traffic, skipped: ((Failure) -> Void)?
  ) throws(Failure) -> [SimulatedRecord] {
    var conversation = conversation
    if conversation.ending == .replyAfterTimeout && conversation.protocolNumber != 6 {
      // One request, answered late: a client that kept sending would keep its tracking entry
      // alive, and its replies would pass.
      conversation.duration = min(conversation.duration, 1)
    }
    var request = TraceRequest(
      from: conversation.from, to: conversation.to, protocolNumber: conversation.protocolNumber,
      port: conversation.port, sourcePort: conversation.sourcePort, icmpType: conversation.icmpType)
    if request.sourcePort == nil && (request.protocolNumber == 6 || request.protocolNumber == 17) {
      request.sourcePort = ephemeralPort(index)
    }
    let trace: PathTrace
    do {
      trace = try tracer.trace(request)
    } catch {
      throw Failure(conversation: index, note: error.explanation)
    }
    // Unsolicited packets, ICMP errors and ICMP replies are answered by nothing.
    if !trace.request.expectsReply { conversation.oneWay = true }
    var builder = LegBuilder(
      simulator: self, conversation: conversation, index: index, traffic: traffic)
    // A TCP connection opens when its request arrives and its SYN-ACK comes back.
    builder.opens =
      !conversation.oneWay && conversation.responsePackets > 0
      && !(trace.forward + trace.returnLeg).contains { $0.result == .denied }
    let sender = trace.source.interface
    let receiver = trace.destination.interface

    // The request leaving the sender.
    if let sender {
      let denied = deniedAt(sender, in: trace.forward, egress: true)
      builder.leg(
        .request, at: sender, packet: trace.request, truth: denied, path: path(trace.forward))
      if denied != nil { return builder.records }
    }
    // Dropped on the way (a route, a gateway): nobody else sees it.
    if let drop = trace.forward.first(where: { $0.result == .denied }), !isAt(drop, receiver) {
      return builder.records
    }
    if trace.verdict.reachable == nil,
      let unknown = trace.forward.first(where: {
        $0.result == .undetermined && $0.code == .unsupportedComponent
      })
    {
      skipped?(
        Failure(
          conversation: index,
          note: Explanation(
            .notSimulatedPast,
            ["check": "\(unknown.check.rawValue)", "explanation": unknown.note])))
      return builder.records
    }
    guard let receiver else {
      // To the internet: the replies come back unless the return leg is cut.
      if !conversation.oneWay { replies(trace: trace, sender: sender, receiver: nil, &builder) }
      return builder.records
    }
    let arriving = trace.forward.last(where: { isAt($0, receiver) })?.packet ?? trace.request
    if let denied = deniedAt(receiver, in: trace.forward, egress: false) {
      builder.leg(.request, at: receiver, packet: arriving, truth: denied)
      return builder.records
    }
    // A reply that cannot be routed: the field reports show the request itself as REJECT.
    if !conversation.oneWay,
      let routing = trace.returnLeg.first(where: { $0.result == .denied && isRouting($0) }),
      deniedAt(receiver, in: trace.returnLeg, egress: true) == nil
    {
      builder.leg(
        .request, at: receiver, packet: arriving,
        truth: SimulatedRecord.Truth(
          cause: .routing, role: .request, component: routing.componentId, rule: nil))
      return builder.records
    }
    builder.leg(.request, at: receiver, packet: arriving, truth: nil)
    if !conversation.oneWay { replies(trace: trace, sender: sender, receiver: receiver, &builder) }
    return builder.records
  }

  /// The replies of a conversation whose request arrived: the response leg, or for
  /// `reply-after-timeout` the late reply (TCP: the exchange, then more data after the
  /// silence), then the late packet of `late-packet` and `late-reset`.
  private func replies(
    trace: PathTrace, sender: NetworkInterface?, receiver: NetworkInterface?,
    _ builder: inout LegBuilder
  ) {
    let conversation = builder.conversation
    let isTCP = conversation.protocolNumber == 6
    if conversation.ending == .replyAfterTimeout {
      let delay = replyDelay(conversation, trace: trace)
      if !isTCP {
        _ = replyLeg(
          .lateResponse(delay: delay), trace: trace, sender: sender, receiver: receiver,
          delay: delay, &builder)
        return
      }
      // The handshake and the exchange as for `open`; then, after the silence, more data from
      // the responder, judged by each end's tracking state.
      guard
        replyLeg(.response, trace: trace, sender: sender, receiver: receiver, delay: nil, &builder),
        conversation.responsePackets > 0
      else { return }
      _ = replyLeg(
        .lateData(delay: delay), trace: trace, sender: sender, receiver: receiver, delay: delay,
        &builder)
      return
    }
    guard
      replyLeg(.response, trace: trace, sender: sender, receiver: receiver, delay: nil, &builder)
    else { return }
    // A connection that never answered never opened: nothing to send after its close.
    if conversation.ending.hasLatePacket && isTCP && conversation.responsePackets > 0 {
      latePacket(trace: trace, sender: sender, receiver: receiver, &builder)
    }
  }

  /// The reply leaving the receiver, then arriving at the sender; returns whether it arrived.
  ///
  /// `delay`, for a reply after silence, is set against each ENI's own tracking timeout for the
  /// protocol: within it the ENI treats the reply as the trace does (tracked, or by the rules
  /// when the flow is untracked); past it the entry is gone and the ENI's security groups judge
  /// the reply as new traffic (outbound at the receiver, inbound at the sender). Network ACLs
  /// are stateless and judge it as always.
  private func replyLeg(
    _ part: LegBuilder.Part, trace: PathTrace, sender: NetworkInterface?,
    receiver: NetworkInterface?, delay: Int64?, _ builder: inout LegBuilder
  ) -> Bool {
    func expired(_ interface: NetworkInterface) -> Bool {
      guard let delay,
        let timeout = interface.trackingTimeout(protocolNumber: trace.request.protocolNumber)
      else { return false }
      return delay > timeout
    }
    if let receiver {
      let leaving =
        trace.returnLeg.first(where: { isAt($0, receiver) })?.packet ?? trace.request.reply()
      let denied =
        expired(receiver)
        ? judgedAsNew(receiver, packet: leaving, direction: .outbound, leg: trace.returnLeg)
        : deniedAt(receiver, in: trace.returnLeg, egress: true)
      builder.leg(part, at: receiver, packet: leaving, truth: denied, path: path(trace.returnLeg))
      if denied != nil { return false }
    }
    // Dropped on the way back (a route, a gateway): the sender never sees it.
    if trace.returnLeg.contains(where: { $0.result == .denied && !isAt($0, sender) }) {
      return false
    }
    guard let sender else { return true }
    let arriving =
      trace.returnLeg.last(where: { isAt($0, sender) })?.packet ?? trace.request.reply()
    let denied =
      expired(sender)
      ? judgedAsNew(sender, packet: arriving, direction: .inbound, leg: trace.returnLeg)
      : deniedAt(sender, in: trace.returnLeg, egress: false)
    builder.leg(part, at: sender, packet: arriving, truth: denied)
    return denied == nil
  }

  /// The packet after close of `late-packet` and `late-reset`, as the ENI that receives it
  /// logs it: the server's from the client, the client's from the server (the ENI that sends
  /// it writes nothing; see docs/simulate.md). Its subnet's network ACL judges it as always;
  /// then, where the flow was tracked, the closed connection's state refuses it (`after-close`,
  /// AWS: "packets arrived after the connection was closed"); where it was untracked there is
  /// no state to close, and the security groups judge it as new traffic: ACCEPT when a rule
  /// allows it.
  private func latePacket(
    trace: PathTrace, sender: NetworkInterface?, receiver: NetworkInterface?,
    _ builder: inout LegBuilder
  ) {
    let interface: NetworkInterface
    let packet: Packet
    let leg: [Checkpoint]
    let tracked: Bool
    let role: FlowRole
    switch builder.conversation.lateFrom {
    case .client:
      guard let receiver else { return }
      interface = receiver
      packet = trace.forward.last(where: { isAt($0, receiver) })?.packet ?? trace.request
      leg = trace.forward
      tracked = !tracer.securityGroups.isUntracked(packet, interface: receiver, direction: .inbound)
      role = .request
    case .server:
      guard let sender else { return }
      interface = sender
      packet = trace.returnLeg.last(where: { isAt($0, sender) })?.packet ?? trace.request.reply()
      leg = trace.returnLeg
      tracked =
        isAutomaticallyTracked(trace)
        || !tracer.securityGroups.isUntracked(
          trace.request, interface: sender, direction: .outbound)
      role = .response
    }
    var truth = deniedAt(interface, in: leg, checks: [.networkACLIngress])
    if truth == nil {
      truth =
        tracked
        ? SimulatedRecord.Truth(cause: .afterClose, role: role, component: nil, rule: nil)
        : judgedAsNew(interface, packet: packet, direction: .inbound, leg: leg)
    }
    builder.leg(.latePacket, at: interface, packet: packet, truth: truth, role: role)
  }

  /// Whether the request's way out goes through a NAT gateway or an egress-only internet
  /// gateway, whose connections AWS always tracks at the sender's ENI, whatever its rules
  /// (EC2 User Guide, "Amazon EC2 security group connection tracking", "Automatically tracked
  /// connections").
  func isAutomaticallyTracked(_ trace: PathTrace) -> Bool {
    trace.forward.contains {
      $0.result == .allowed
        && [.natGateway, .egressOnlyInternetGateway, .transitGateway].contains($0.check)
    }
  }

  /// `reply-delay`, else the client's tracking timeout for the protocol plus 10 s (the
  /// server's, for a client outside the topology); 40 s for ICMP, which has no timeout.
  func replyDelay(_ conversation: Conversation, trace: PathTrace) -> Int64 {
    if let delay = conversation.replyDelay { return delay }
    let client = trace.source.interface ?? trace.destination.interface
    guard let timeout = client?.trackingTimeout(protocolNumber: conversation.protocolNumber) else {
      return Self.untimedReplyDelay
    }
    return timeout + 10
  }

  /// The default `reply-delay` of a protocol without a tracking timeout (ICMP).
  static let untimedReplyDelay: Int64 = 40

  /// What `interface` does with `packet` when no tracking entry holds it: its security groups
  /// judge it by their rules, its subnet's network ACL as always (from `leg`), in AWS's order
  /// (security groups first outbound, the network ACL first inbound).
  func judgedAsNew(
    _ interface: NetworkInterface, packet: Packet, direction: Direction, leg: [Checkpoint]
  ) -> SimulatedRecord.Truth? {
    let outbound = direction == .outbound
    let nacl = deniedAt(
      interface, in: leg, checks: [outbound ? .networkACLEgress : .networkACLIngress])
    let check = tracer.securityGroupCheck(
      interface, packet: packet, direction: direction, reply: nil)
    let group =
      check.result == .denied
      ? SimulatedRecord.Truth(
        cause: .securityGroup, role: .request, component: check.componentId, rule: nil) : nil
    return outbound ? group ?? nacl : nacl ?? group
  }

  // MARK: - Checkpoints at an ENI

  /// Whether a checkpoint evaluates `interface`'s security groups or its subnet's NACL.
  func isAt(_ checkpoint: Checkpoint, _ interface: NetworkInterface?) -> Bool {
    guard let interface else { return false }
    return checkpoint.interfaceId == interface.id
      || checkpoint.isNetworkACLCrossing(of: interface)
  }

  /// The first denial by `interface`'s SGs or subnet NACL in `leg`, in the given direction.
  func deniedAt(_ interface: NetworkInterface, in leg: [Checkpoint], egress: Bool)
    -> SimulatedRecord.Truth?
  {
    deniedAt(
      interface, in: leg,
      checks: egress
        ? [.securityGroupEgress, .networkACLEgress] : [.networkACLIngress, .securityGroupIngress])
  }

  /// The first denial in `leg` by one of `checks` at `interface` (its SGs, its subnet's NACL).
  func deniedAt(_ interface: NetworkInterface, in leg: [Checkpoint], checks: [Checkpoint.Check])
    -> SimulatedRecord.Truth?
  {
    guard
      let denied = leg.first(where: {
        $0.result == .denied && checks.contains($0.check) && isAt($0, interface)
      })
    else { return nil }
    let isSG = denied.check == .securityGroupEgress || denied.check == .securityGroupIngress
    var rule: Int? = nil
    if case .networkACLEntry(_, let entry)? = denied.rule { rule = entry.ruleNumber }
    return SimulatedRecord.Truth(
      cause: isSG ? .securityGroup : .networkACL, role: .request, component: denied.componentId,
      rule: rule)
  }

  func isRouting(_ checkpoint: Checkpoint) -> Bool { checkpoint.check.isRouting }

  /// `traffic-path` of an accepted egress record, from the route it took (VPC User Guide,
  /// "Flow log records", traffic-path: 1 same VPC, 4 intra-Region peering, 8 internet gateway
  /// on a Nitro instance).
  func path(_ leg: [Checkpoint]) -> Int? {
    guard case .route(_, let route)? = leg.first(where: { $0.check == .routeTable })?.rule else {
      return nil
    }
    switch route.target {
    // A transit gateway's attachment is an ENI in the VPC ("through another resource in the
    // same VPC, including resources that create an ENI in the VPC").
    case .local, .natGateway, .networkInterface, .instance, .transitGateway: return 1
    case .internetGateway, .egressOnlyInternetGateway: return 8
    case .vpcPeeringConnection: return 4
    case .virtualPrivateGateway: return 3
    case .vpcEndpoint: return 7
    default: return nil
    }
  }

  /// A client port from the Linux ephemeral range, fixed by the seed and the conversation.
  func ephemeralPort(_ index: Int) -> UInt16 {
    var random = SplitMixRandom(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
    return UInt16(32768 + random.next() % (60999 - 32768 + 1))
  }

  private func nodataRecords(_ records: [SimulatedRecord], traffic: Traffic) -> [SimulatedRecord] {
    guard let first = records.map(\.start).min(), let last = records.map(\.end).max() else {
      return []
    }
    var busy: Set<String> = []
    for record in records { busy.insert("\(record.interfaceId)/\(record.start / window)") }
    var result: [SimulatedRecord] = []
    // Interfaces in the middle of a path (a NAT gateway's) are not simulated, so nothing, not
    // even NODATA, is written for them: they may have carried traffic.
    let natInterfaces = Set(tracer.topology.natGateways.values.compactMap(\.networkInterfaceId))
    let interfaces = tracer.topology.networkInterfaces.values.sorted { $0.id < $1.id }.filter {
      !natInterfaces.contains($0.id) && $0.interfaceType != "nat_gateway"
    }
    var windowStart = first / window * window
    while windowStart <= last {
      for eni in interfaces where !busy.contains("\(eni.id)/\(windowStart / window)") {
        result.append(
          SimulatedRecord(
            interfaceId: eni.id, accountId: traffic.accountId, vpcId: eni.vpcId,
            subnetId: eni.subnetId, instanceId: eni.instanceId, flow: nil, start: windowStart,
            end: windowStart + window, region: traffic.region, truth: nil, conversation: Int.max))
      }
      windowStart += window
    }
    return result
  }
}
