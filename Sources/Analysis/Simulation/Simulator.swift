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
/// - the replies are logged the same way in the other direction;
/// - a packet dropped between ENIs (a missing route on the way out) is logged by no one after it.
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
    public var reason: String
    public var description: String { "conversation \(conversation + 1): \(reason)" }
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
    if traffic.nodata { records += nodataRecords(records, traffic: traffic) }
    // AWS writes a window's records together; within it, keep the traffic's order.
    return records.enumerated().sorted { left, right in
      (left.element.start / window, left.element.conversation, left.offset)
        < (right.element.start / window, right.element.conversation, right.offset)
    }.map(\.element)
  }

  private func simulate(
    _ conversation: Conversation, index: Int, traffic: Traffic, skipped: ((Failure) -> Void)?
  ) throws(Failure) -> [SimulatedRecord] {
    var conversation = conversation
    if conversation.ending == .replyAfterTimeout {
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
      throw Failure(conversation: index, reason: error.description)
    }
    var builder = LegBuilder(
      simulator: self, conversation: conversation, index: index, traffic: traffic)
    let sender = trace.source.interface
    let receiver = trace.destination.interface

    // The request leaving the sender.
    if let sender {
      if let denied = deniedAt(sender, in: trace.forward, egress: true) {
        builder.leg(
          at: sender, packet: trace.request, role: .request, accepted: false, truth: denied)
        return builder.records
      }
      builder.leg(
        at: sender, packet: trace.request, role: .request, accepted: true, path: path(trace.forward)
      )
    }
    // Dropped on the way (a route, a gateway): nobody else sees it.
    if let drop = trace.forward.first(where: { $0.result == .denied }),
      receiver == nil || !isAt(drop, receiver)
    {
      _ = drop
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
          reason:
            "not simulated past \(unknown.check.rawValue): \(unknown.explanation)"))
      return builder.records
    }
    guard let receiver else {
      // To the internet: the replies come back unless the return leg is cut.
      replies(trace: trace, sender: sender, receiver: nil, builder: &builder)
      return builder.records
    }
    let arriving = trace.forward.last(where: { isAt($0, receiver) })?.packet ?? trace.request
    if let denied = deniedAt(receiver, in: trace.forward, egress: false) {
      builder.leg(at: receiver, packet: arriving, role: .request, accepted: false, truth: denied)
      return builder.records
    }
    // A reply that cannot be routed: the field reports show the request itself as REJECT.
    if let routing = trace.returnLeg.first(where: { $0.result == .denied && isRouting($0) }),
      deniedAt(receiver, in: trace.returnLeg, egress: true) == nil
    {
      builder.leg(
        at: receiver, packet: arriving, role: .request, accepted: false,
        truth: SimulatedRecord.Truth(
          cause: .routing, role: .request, component: routing.componentId, rule: nil))
      return builder.records
    }
    builder.leg(at: receiver, packet: arriving, role: .request, accepted: true)
    replies(trace: trace, sender: sender, receiver: receiver, builder: &builder)
    return builder.records
  }

  /// The reply leg: leaving the receiver, then arriving at the sender.
  private func replies(
    trace: PathTrace, sender: NetworkInterface?, receiver: NetworkInterface?,
    builder: inout LegBuilder
  ) {
    let conversation = builder.conversation
    if let receiver {
      let leaving =
        trace.returnLeg.first(where: { isAt($0, receiver) })?.packet
        ?? trace.request.reply()
      if let denied = deniedAt(receiver, in: trace.returnLeg, egress: true) {
        builder.leg(at: receiver, packet: leaving, role: .response, accepted: false, truth: denied)
        return
      }
      builder.leg(
        at: receiver, packet: leaving, role: .response, accepted: true, path: path(trace.returnLeg),
        late: conversation.ending == .replyAfterTimeout)
    }
    guard let sender else {
      // A client outside the topology: its late FIN still reaches the receiver.
      if conversation.ending == .latePacket, let receiver,
        !trace.returnLeg.contains(where: { $0.result == .denied })
      {
        builder.latePacket(
          at: receiver,
          packet: trace.forward.last(where: { isAt($0, receiver) })?.packet ?? trace.request)
      }
      return
    }
    if trace.returnLeg.contains(where: { $0.result == .denied && !isAt($0, sender) }) { return }
    let arriving =
      trace.returnLeg.last(where: { isAt($0, sender) })?.packet ?? trace.request.reply()
    if conversation.ending == .replyAfterTimeout {
      // The tracking entry is gone: the sender's groups judge the reply as new inbound traffic.
      let evaluation = tracer.securityGroupCheck(
        sender, packet: arriving, direction: .inbound, reply: nil)
      let nacl = deniedAt(sender, in: trace.returnLeg, egress: false)
      if let nacl {
        builder.leg(
          at: sender, packet: arriving, role: .response, accepted: false, truth: nacl, late: true)
      } else if evaluation.result == .denied {
        builder.leg(
          at: sender, packet: arriving, role: .response, accepted: false,
          truth: SimulatedRecord.Truth(
            cause: .securityGroup, role: .response, component: evaluation.componentId, rule: nil),
          late: true)
      } else {
        builder.leg(at: sender, packet: arriving, role: .response, accepted: true, late: true)
      }
      return
    }
    if let denied = deniedAt(sender, in: trace.returnLeg, egress: false) {
      builder.leg(at: sender, packet: arriving, role: .response, accepted: false, truth: denied)
      return
    }
    builder.leg(at: sender, packet: arriving, role: .response, accepted: true)
    if conversation.ending == .latePacket, let receiver {
      builder.latePacket(
        at: receiver,
        packet: trace.forward.last(where: { isAt($0, receiver) })?.packet ?? trace.request)
    }
  }

  // MARK: - Checkpoints at an ENI

  /// Whether a checkpoint evaluates `interface`'s security groups or its subnet's NACL.
  func isAt(_ checkpoint: Checkpoint, _ interface: NetworkInterface?) -> Bool {
    guard let interface else { return false }
    return checkpoint.interfaceId == interface.id
      || (checkpoint.subnetId == interface.subnetId
        && (checkpoint.check == .networkACLEgress || checkpoint.check == .networkACLIngress))
  }

  /// The first denial by `interface`'s SGs or subnet NACL in `leg`, in the given direction.
  func deniedAt(_ interface: NetworkInterface, in leg: [Checkpoint], egress: Bool)
    -> SimulatedRecord.Truth?
  {
    let checks: [Checkpoint.Check] =
      egress
      ? [.securityGroupEgress, .networkACLEgress] : [.networkACLIngress, .securityGroupIngress]
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

  func isRouting(_ checkpoint: Checkpoint) -> Bool {
    [.routeTable, .internetGateway, .natGateway, .egressOnlyInternetGateway, .peeringConnection]
      .contains(checkpoint.check)
  }

  /// `traffic-path` of an accepted egress record, from the route it took (VPC User Guide,
  /// "Flow log records", traffic-path: 1 same VPC, 4 intra-Region peering, 8 internet gateway
  /// on a Nitro instance).
  func path(_ leg: [Checkpoint]) -> Int? {
    guard case .route(_, let route)? = leg.first(where: { $0.check == .routeTable })?.rule else {
      return nil
    }
    switch route.target {
    case .local, .natGateway, .networkInterface, .instance: return 1
    case .internetGateway, .egressOnlyInternetGateway: return 8
    case .vpcPeeringConnection: return 4
    case .virtualPrivateGateway: return 3
    case .vpcEndpoint: return 7
    default: return nil
    }
  }

  /// A client port from the Linux ephemeral range, fixed by the seed and the conversation.
  func ephemeralPort(_ index: Int) -> UInt16 {
    var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
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

/// SplitMix64: a small, fast, seedable generator (deterministic across platforms).
struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
