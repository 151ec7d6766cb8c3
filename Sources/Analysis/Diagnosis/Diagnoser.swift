import FlowLogs
import NetworkPrimitives
import Topology

/// Names the cause of every REJECT record, from the logs alone or with a topology.
///
/// Logs alone prove little: a rejected reply after an accepted request on the same ENI is the
/// network ACL (security groups are stateful and let the reply of an accepted request through);
/// a rejected request is the security group or the network ACL. With a topology, the rejected
/// leg is evaluated at the ENI's boundary and the control that denies is named
/// (docs/diagnosis.md has the decision table).
public struct Diagnoser: Sendable {
  /// The topology and its tracer, behind one reference: a diagnoser is copied for every REJECT
  /// decided (a `Topology` value is a dozen dictionaries, each retained by a copy).
  private final class Core: Sendable {
    let topology: Topology?
    let tracer: PathTracer?

    init(topology: Topology?) {
      self.topology = topology
      tracer = topology.map { PathTracer(topology: $0) }
    }
  }

  private let core: Core
  public var topology: Topology? { core.topology }
  /// One tracer (and its index) for every record.
  var tracer: PathTracer? { core.tracer }
  /// Whether `evaluate` decides the commonest shape directly (``requestFromOutside``) instead
  /// of tracing; off only in the test that compares both.
  var shortcuts = true

  public init(topology: Topology?) {
    core = Core(topology: topology)
  }

  /// Diagnoses every REJECT among `observations`, in input order.
  public func diagnose(_ observations: [FlowObservation]) -> [Diagnosis] {
    let correlator = Correlator(observations: observations)
    let inferred = correlator.inferredInterfaceAddresses()
    var results: [Diagnosis] = []
    for (index, observation) in observations.enumerated() where observation.action == .reject {
      results.append(
        diagnose(
          observation, related: correlator.related(to: index),
          inferredAddress: inferred[observation.interfaceId]))
    }
    return results
  }

  func diagnose(
    _ record: FlowObservation, related: Correlator.Related, inferredAddress: IPAddress?
  ) -> Diagnosis {
    // Looked up once, with the tables its checks read. The ENI is read through its context,
    // never copied out of it: an ENI is a value of a dozen arrays and strings, and a copy
    // retains each of them.
    let context = tracer?.index.context(ofInterface: record.interfaceId)
    let direction = direction(of: record, context: context, inferredAddress: inferredAddress)
    var diagnosis = Diagnosis(
      observation: record, cause: .undetermined, code: nil, component: nil, rule: nil,
      direction: direction, role: nil, roleEvidence: nil, confidence: .low, candidates: [],
      note: "", related: relatedRecords(related), checkpoints: [])
    let inferredRole = RoleInference.infer(record, related: related)
    diagnosis.role = inferredRole?.0
    diagnosis.roleEvidence = inferredRole?.1

    // VPC Block Public Access is the one cause AWS writes into the record itself.
    if record.rejectReason == "BPA" {
      diagnosis.cause = .blockPublicAccess
      diagnosis.code = .vpcBlockPublicAccessEnabled
      diagnosis.confidence = .high
      diagnosis.note =
        "the record's reject-reason is BPA: VPC Block Public Access rejected it before security groups and network ACLs"
      return diagnosis
    }

    // A late FIN/RST of a connection this ENI accepted in an earlier window.
    let acceptedBefore = related.acceptedBefore(record)
    if acceptedBefore && record.isTeardownOnly {
      diagnosis.cause = .afterClose
      diagnosis.confidence = .medium
      diagnosis.note =
        "only FIN/RST packets of a connection this ENI accepted earlier: AWS logs REJECT for packets that arrive after the connection closed; this is noise, not a blocked flow"
      if let topology,
        let model = evaluate(
          record, role: .request, direction: direction, topology: topology, context: context),
        model.deniedAt != nil
      {
        // The rules deny it now: a rule change is as likely as a late packet.
        diagnosis.cause = .undetermined
        diagnosis.candidates = [.afterClose, model.cause]
        diagnosis.confidence = .low
        diagnosis.note =
          "a late FIN/RST of a connection accepted earlier, but the topology also denies it now (\(model.note)): a late packet after close, or a rule changed during the connection"
      }
      return diagnosis
    }

    // A TCP or UDP record without its ports (a format without `srcport`/`dstport`, or `-`):
    // security group and network ACL rules match these protocols by port, and the records of
    // one conversation cannot be told from others between the same addresses.
    if !record.hasPorts && (record.protocolNumber == 6 || record.protocolNumber == 17) {
      diagnosis.cause = .undetermined
      diagnosis.candidates = [.securityGroup, .networkACL]
      diagnosis.confidence = .low
      diagnosis.note =
        "the record has no ports (its format has no srcport or dstport, or they are -): the rules of security groups and network ACLs match \(record.protocolNumber == 6 ? "TCP" : "UDP") by port, so none can be checked"
      return diagnosis
    }

    if let topology, let context {
      diagnoseWithTopology(
        &diagnosis, record: record, context: context, related: related,
        topology: topology, acceptedBefore: acceptedBefore)
    } else {
      diagnoseFromLogs(
        &diagnosis, record: record, related: related, acceptedBefore: acceptedBefore,
        context: context)
      if topology != nil {
        diagnosis.note += " (\(record.interfaceId) is not in the topology)"
      }
    }
    return diagnosis
  }

  // MARK: - Logs only

  private func diagnoseFromLogs(
    _ diagnosis: inout Diagnosis, record: FlowObservation, related: Correlator.Related,
    acceptedBefore: Bool, context: InterfaceContext?
  ) {
    let acceptedReverse = related.reverse.first { $0.action == .accept }
    let tracking = UDPTracking(context?.interface)
    if diagnosis.role == .response, let request = acceptedReverse, !acceptedBefore,
      !Self.mayHaveOutlivedTracking(record, request: request, timeout: tracking.seconds)
    {
      diagnosis.cause = .networkACL
      diagnosis.code = .subnetACLRestriction
      diagnosis.confidence = .high
      diagnosis.note =
        "the request was accepted on \(record.interfaceId) (line \(request.line)), so the security groups track the connection and let its reply through; the subnet's network ACL, which is stateless, rejected the reply"
      return
    }
    diagnosis.cause = .undetermined
    diagnosis.candidates = [.securityGroup, .networkACL]
    if acceptedBefore { diagnosis.candidates.append(.afterClose) }
    diagnosis.confidence = .low
    // What would tell more: the topology (unless it was given), and the TCP flags (unless the
    // format has them: a record read without them has none).
    let more = [
      topology == nil ? "give --topology" : nil,
      record.protocolNumber == 6 && record.tcpFlags == nil ? "tcp-flags in the format" : nil,
    ].compactMap { $0 }
    let hint = more.isEmpty ? "" : " (\(more.joined(separator: ", and ")))"
    if acceptedBefore {
      diagnosis.note =
        "this direction was accepted on \(record.interfaceId) in an earlier window: a late packet after the connection closed, an expired tracking entry, or a rule changed during the flow\(hint)"
      return
    }
    if diagnosis.role == .response, let request = acceptedReverse {
      diagnosis.note =
        "a rejected reply that started \((record.start ?? 0) - (request.end ?? 0)) s after its request (line \(request.line)) ended, past the UDP connection-tracking timeout (\(tracking.text)): the tracking entry may have expired, so the security group may have judged it as new traffic; or the network ACL denied it\(topology == nil ? " (give --topology)" : "")"
      return
    }
    // With a topology, the logs decide here only for an ENI it does not have (the caller says
    // so), or for a flow whose two possible roles the topology judges differently.
    let withTopology = topology != nil
    switch diagnosis.role {
    case .request?:
      diagnosis.note =
        "a rejected request: the ENI's security group or its subnet's network ACL denied it, and the logs cannot tell which\(withTopology ? "" : " (give --topology to evaluate both)")"
    case .response?:
      diagnosis.note =
        "a rejected reply whose request is not in these logs: the network ACL if the request was accepted, otherwise the security group or the network ACL\(withTopology ? "" : " (give --topology)")"
    case nil:
      diagnosis.note =
        "the logs do not show which side started this flow: the security group or the network ACL rejected it\(withTopology ? (context == nil ? "" : ", and the topology's verdict depends on which") : " (give --topology)")"
    }
  }

  /// Whether a UDP reply came later than the default UDP tracking timeout after its request,
  /// so that the security group may no longer hold the connection (EC2 User Guide, "Connection
  /// tracking timeouts": UDP 30 s by default, up to 180 s for streams). A 60-second aggregation
  /// window's `start` is the first packet's time, so the gap between the request's `end` and
  /// the reply's `start` is a lower bound on the silence.
  static func mayHaveOutlivedTracking(
    _ reply: FlowObservation, request: FlowObservation, timeout: Int64
  ) -> Bool {
    guard reply.protocolNumber == 17, let start = reply.start, let end = request.end else {
      return false
    }
    return start - end > timeout
  }

  /// The UDP tracking timeout that applies to a reply after a request seen one way (EC2 User
  /// Guide, "Connection tracking timeouts": `UdpTimeout`, 30 s by default, 30–60 s when set on
  /// the ENI; `UdpStreamTimeout` applies only once a flow has seen more than one request and
  /// response, which a reply rejected after no accepted reply has not): the ENI's own setting
  /// (`ConnectionTrackingConfiguration`), else the default.
  struct UDPTracking {
    var seconds: Int64
    /// How the note names it.
    var text: String

    init(_ interface: NetworkInterface?) {
      if let interface, let set = interface.connectionTracking?.udpTimeout {
        seconds = Int64(set)
        text = "\(set) s, the UdpTimeout set on \(interface.id)"
      } else {
        seconds = 30
        text = "30 s by default"
      }
    }
  }

  // MARK: - With a topology

  struct ModelDecision {
    var cause: Cause
    var deniedAt: Checkpoint?
    var checkpoints: [Checkpoint]
    var note: Explanation
  }

  private func diagnoseWithTopology(
    _ diagnosis: inout Diagnosis, record: FlowObservation, context: InterfaceContext,
    related: Correlator.Related, topology: Topology,
    acceptedBefore: Bool
  ) {
    guard let role = diagnosis.role else {
      // Try both roles: if they agree, the cause is certain whatever the role.
      let asRequest = evaluate(
        record, role: .request, direction: diagnosis.direction, topology: topology,
        context: context)
      let asResponse = evaluate(
        record, role: .response, direction: diagnosis.direction, topology: topology,
        context: context)
      if let asRequest, let asResponse, asRequest.deniedAt != nil,
        asRequest.deniedAt?.check == asResponse.deniedAt?.check,
        asRequest.deniedAt?.rule == asResponse.deniedAt?.rule
      {
        apply(asRequest, to: &diagnosis, confidence: .high)
        diagnosis.note += " (whichever side started the flow)"
        return
      }
      diagnoseFromLogs(
        &diagnosis, record: record, related: related, acceptedBefore: acceptedBefore,
        context: context)
      return
    }
    guard
      let decision = evaluate(
        record, role: role, direction: diagnosis.direction, topology: topology,
        context: context)
    else {
      diagnoseFromLogs(
        &diagnosis, record: record, related: related, acceptedBefore: acceptedBefore,
        context: context)
      return
    }
    // TCP flags and an accepted reverse leg prove the role; ports, which leg came first and an
    // unanswered leg only suggest it. A network ACL is stateless: it sees this packet the same
    // way whichever side started the flow, so its verdict stays certain. A security group's
    // verdict depends on the role (it lets the reply of a tracked flow through).
    var confidence = Confidence.high
    if let evidence = diagnosis.roleEvidence,
      evidence != .tcpFlags && evidence != .acceptedReverseLeg,
      decision.cause != .networkACL
    {
      confidence = .medium
    }
    let tracking = UDPTracking(context.interface)
    if role == .response,
      let request = related.reverse.first(where: { $0.action == .accept }),
      Self.mayHaveOutlivedTracking(record, request: request, timeout: tracking.seconds),
      let fresh = evaluateAsNewTraffic(record, context: context, direction: diagnosis.direction),
      let denied = fresh.deniedAt
    {
      // The tracking entry expired: the reply is judged as new traffic at this ENI.
      apply(
        fresh, to: &diagnosis,
        confidence: denied.check == .networkACLIngress || denied.check == .networkACLEgress
          ? .high : .medium)
      diagnosis.note =
        "the reply started \((record.start ?? 0) - (request.end ?? 0)) s after its request (line \(request.line)) ended, past the UDP connection-tracking timeout (\(tracking.text)), so the security groups no longer held the connection and judged it as new traffic: \(denied.note)"
      return
    }
    apply(decision, to: &diagnosis, confidence: confidence)
    if role == .response, let request = related.reverse.first(where: { $0.action == .accept }) {
      diagnosis.note =
        "the reply of the request on line \(request.line), which \(record.interfaceId) accepted: "
        + diagnosis.note
    }
    if decision.deniedAt == nil {
      diagnosis.candidates = [.securityGroup, .networkACL]
      if acceptedBefore { diagnosis.candidates.insert(.afterClose, at: 0) }
    }
  }

  private func apply(
    _ decision: ModelDecision, to diagnosis: inout Diagnosis, confidence: Confidence
  ) {
    diagnosis.checkpoints = decision.checkpoints
    diagnosis.cause = decision.cause
    diagnosis.note = decision.note
    guard let denied = decision.deniedAt else {
      diagnosis.confidence = .low
      return
    }
    diagnosis.code = denied.code
    diagnosis.component = denied.componentId
    diagnosis.confidence = decision.cause == .routing ? .medium : confidence
    if case .networkACLEntry(_, let entry)? = denied.rule { diagnosis.rule = entry.ruleNumber }
  }

  /// Evaluates the record's leg at its ENI with the tracer: the request leg for a request, the
  /// return leg for a response; the control at this ENI's boundary that denies is the cause.
  func evaluate(
    _ record: FlowObservation, role: FlowRole, direction: FlowDirection?, topology: Topology,
    context knownContext: InterfaceContext? = nil
  ) -> ModelDecision? {
    guard let tracer,
      let context = knownContext ?? tracer.index.context(ofInterface: record.interfaceId)
    else { return nil }
    var packet = Self.requestPacket(of: record, role: role)
    if shortcuts {
      if role == .request, direction != .egress,
        let decision = requestFromOutside(packet, context: context, tracer: tracer)
      {
        return decision
      }
      if role == .response, direction != .ingress,
        let decision = replyToOutside(request: packet, context: context, tracer: tracer)
      {
        return decision
      }
    }
    // Copied only here: the shortcuts above read the ENI through its context.
    let interface = context.interface
    let source = tracer.endpoint(for: packet.source)
    var destination = tracer.endpoint(for: packet.destination)
    // Flow logs show an ENI's private address even for traffic that reached it at its public
    // address through the internet gateway (VPC User Guide, "Flow log records": srcaddr/dstaddr).
    if case .external = source, case .interface(let eni, let address, nil) = destination,
      let mapping = eni.publicIPv4s.first(where: { $0.privateIP == address })
    {
      destination = .interface(eni, address: address, publicAddress: mapping.publicIP)
      packet.destination = mapping.publicIP
    }
    let trace = tracer.trace(from: source, to: destination, packet: packet)
    let leg = role == .request ? trace.forward : trace.returnLeg
    let atInterface = leg.filter { checkpoint in
      checkpoint.interfaceId == interface.id
        || (checkpoint.subnetId == interface.subnetId
          && (checkpoint.check == .networkACLEgress || checkpoint.check == .networkACLIngress)
          && isAdjacent(checkpoint, to: interface, direction: direction, leg: leg))
    }
    if let denied = atInterface.first(where: { $0.result == .denied }) {
      let cause: Cause =
        (denied.check == .securityGroupIngress || denied.check == .securityGroupEgress)
        ? .securityGroup : .networkACL
      return ModelDecision(
        cause: cause, deniedAt: denied, checkpoints: atInterface,
        note: denied.note)
    }
    // The record proves that its packet crossed this ENI's boundary. A trace that never made
    // this ENI's checks for it stopped on the way (a source the model cannot route from: a VPN,
    // a peered or on-premises network, an address no ENI owns, a client reaching a private
    // address through a load balancer; or the sender's own controls): the checks at the ENI
    // are then made directly, and decide.
    if let arriving = crossing(record, context: context, direction: direction),
      !leg.contains(where: {
        $0.interfaceId == interface.id
          && $0.check == (arriving ? .securityGroupIngress : .securityGroupEgress)
      })
    {
      return checksAtInterface(
        record, role: role, context: context, arriving: arriving, trace: trace, tracer: tracer)
    }
    // A check at this ENI that cannot be made (a rule naming a prefix list whose entries the
    // topology lacks) leaves the cause open, whatever the routes say.
    if let unknown = atInterface.first(where: { $0.result == .undetermined }) {
      return ModelDecision(
        cause: .undetermined, deniedAt: nil, checkpoints: atInterface,
        note: "\(interface.id)'s \(unknown.check.rawValue) check cannot be made: \(unknown.note)")
    }
    // SGs and NACLs at this ENI allow the leg: is a route missing on the way? Only a route this
    // record's packets still needed can explain it: a reply that arrived here was routed.
    let routable: [Checkpoint]
    switch (role, direction) {
    case (.request, .ingress?): routable = trace.returnLeg  // the reply cannot get back
    case (.request, _): routable = trace.forward + trace.returnLeg
    case (.response, .egress?): routable = trace.returnLeg
    case (.response, _): routable = []
    }
    let routing = routable.first { checkpoint in
      checkpoint.result == .denied
        && [
          .routeTable, .internetGateway, .natGateway, .egressOnlyInternetGateway,
          .peeringConnection,
        ]
        .contains(checkpoint.check)
    }
    if let routing {
      let which = trace.forward.contains(routing) ? "request" : "reply"
      return ModelDecision(
        cause: .routing, deniedAt: routing, checkpoints: atInterface + [routing],
        note:
          "\(interface.id)'s security groups and network ACL allow this \(role.rawValue), but the \(which) cannot be routed: \(routing.note) (inferred: AWS does not document how flow logs show packets dropped for lack of a route)"
      )
    }
    return ModelDecision(
      cause: .undetermined, deniedAt: nil, checkpoints: atInterface,
      note:
        "the topology allows this flow: the snapshot may be stale, or something the model does not cover rejected it (connection-tracking timeouts, a rule changed during the flow, a control flowcause does not model)"
    )
  }

  /// Whether the record's packet arrives at its ENI (`true`) or leaves it (`false`): its
  /// flow-direction, else which of its addresses the ENI owns; `nil` when neither tells.
  private func crossing(
    _ record: FlowObservation, context: InterfaceContext, direction: FlowDirection?
  ) -> Bool? {
    switch direction {
    case .ingress?: return true
    case .egress?: return false
    case nil:
      if context.owns(record.destination) { return true }
      if context.owns(record.source) { return false }
      return nil
    }
  }

  /// The checks at the record's ENI for its packet, made directly, in AWS's order for the
  /// crossing: arriving, the subnet's network ACL inbound, then the security groups inbound;
  /// leaving, the security groups outbound, then the network ACL outbound. The network ACL only
  /// when the peer is outside the ENI's subnet (ACLs apply at the subnet boundary, VPC User
  /// Guide, "Control subnet traffic with network access control lists"). A response is judged
  /// with its request's connection state: a tracked request's reply passes the security
  /// groups (VPC User Guide, "Security group connection tracking").
  private func checksAtInterface(
    _ record: FlowObservation, role: FlowRole, context: InterfaceContext, arriving: Bool,
    trace: PathTrace, tracer: PathTracer
  ) -> ModelDecision {
    let interface = context.interface
    let request = role == .response ? Self.requestPacket(of: record, role: .response) : nil
    let checks = Self.checksAt(
      context, record: record, arriving: arriving, reply: request, tracer: tracer)
    if let denial = Self.denial(checks) { return denial }
    if let unknown = checks.first(where: { $0.result == .undetermined }) {
      return ModelDecision(
        cause: .undetermined, deniedAt: nil, checkpoints: checks,
        note: "\(interface.id)'s \(unknown.check.rawValue) check cannot be made: \(unknown.note)")
    }
    // Allowed at the ENI: what stopped the trace is a place the model and the log disagree.
    let stop = (trace.forward + trace.returnLeg).first { $0.result != .allowed }
    let why = stop.map { ": \($0.check.rawValue) \($0.result.rawValue), \($0.explanation)" } ?? ""
    return ModelDecision(
      cause: .undetermined, deniedAt: nil, checkpoints: checks,
      note:
        "\(interface.id)'s security groups and network ACL allow this \(role.rawValue), and the topology cannot trace its path\(why); the record shows the packet crossed \(interface.id), so the model misses something on its way (a VPN, peering or on-premises route, a load balancer, a stale snapshot)"
    )
  }

  /// The checks at `context`'s ENI for the record's own packet, in AWS's order for the
  /// crossing (arriving: the subnet's network ACL, then the security groups; leaving: the
  /// groups, then the ACL), up to the first that denies (a packet denied there never reaches
  /// the next, as in a trace). The network ACL only when the peer is outside the ENI's subnet
  /// (an address of its blocks, or an ENI of it): ACLs apply at the subnet boundary (VPC User
  /// Guide, "Control subnet traffic with network access control lists"). `reply` is the request
  /// the packet answers, for the groups' connection state; `nil` judges it as new traffic.
  static func checksAt(
    _ context: InterfaceContext, record: FlowObservation, arriving: Bool, reply: Packet?,
    tracer: PathTracer
  ) -> [Checkpoint] {
    let interface = context.interface
    let packet = Packet(
      source: record.source, destination: record.destination,
      protocolNumber: record.protocolNumber, sourcePort: record.sourcePort,
      destinationPort: record.destinationPort)
    let peer = arriving ? record.source : record.destination
    let subnetCIDRs = tracer.index.topology.subnets[interface.subnetId]?.cidrs ?? []
    let inSubnet =
      subnetCIDRs.contains { $0.contains(peer) }
      || tracer.index.networkInterface(owning: peer)?.subnetId == interface.subnetId
    let security = tracer.securityGroupCheck(
      context, packet: packet, direction: arriving ? .inbound : .outbound, reply: reply)
    let acl = inSubnet ? nil : tracer.aclCheck(context, packet: packet, egress: !arriving)
    let checks = (arriving ? [acl, security] : [security, acl]).compactMap { $0 }
    guard let denied = checks.firstIndex(where: { $0.result == .denied }) else { return checks }
    return Array(checks[...denied])
  }

  /// The request as its initiator sent it: the record, or the record reversed for a response;
  /// ICMP as an echo request (type 8, or 128 for ICMPv6), which flow logs do not record.
  static func requestPacket(of record: FlowObservation, role: FlowRole) -> Packet {
    var packet =
      role == .request
      ? Packet(
        source: record.source, destination: record.destination,
        protocolNumber: record.protocolNumber, sourcePort: record.sourcePort,
        destinationPort: record.destinationPort)
      : Packet(
        source: record.destination, destination: record.source,
        protocolNumber: record.protocolNumber, sourcePort: record.destinationPort,
        destinationPort: record.sourcePort)
    if packet.isICMP {
      packet.icmpType = packet.isIPv6 ? 128 : 8
      packet.icmpCode = 0
    }
    return packet
  }

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

  /// Evaluates the record's packet at its ENI as if nothing were tracked (a reply whose tracking
  /// entry expired): ``checksAt(_:record:arriving:reply:tracer:)`` with no request.
  func evaluateAsNewTraffic(
    _ record: FlowObservation, context: InterfaceContext, direction: FlowDirection?
  ) -> ModelDecision? {
    guard let tracer, let direction else { return nil }
    let checks = Self.checksAt(
      context, record: record, arriving: direction == .ingress, reply: nil, tracer: tracer)
    return Self.denial(checks)
      ?? ModelDecision(cause: .undetermined, deniedAt: nil, checkpoints: checks, note: "")
  }

  /// The decision of checks that end in a denial (``checksAt(_:record:arriving:reply:tracer:)``):
  /// the control that denied; `nil` when none did.
  private static func denial(_ checks: [Checkpoint]) -> ModelDecision? {
    guard let denied = checks.last, denied.result == .denied else { return nil }
    let isSG = denied.check == .securityGroupIngress || denied.check == .securityGroupEgress
    return ModelDecision(
      cause: isSG ? .securityGroup : .networkACL, deniedAt: denied, checkpoints: checks,
      note: denied.note)
  }

  /// A NACL checkpoint of the ENI's subnet that sits on the ENI's side of this record's crossing.
  private func isAdjacent(
    _ checkpoint: Checkpoint, to interface: NetworkInterface, direction: FlowDirection?,
    leg: [Checkpoint]
  ) -> Bool {
    switch direction {
    case .ingress?: return checkpoint.check == .networkACLIngress
    case .egress?: return checkpoint.check == .networkACLEgress
    case nil: return true
    }
  }

  func direction(
    of record: FlowObservation, context: InterfaceContext?, inferredAddress: IPAddress?
  ) -> FlowDirection? {
    if let direction = record.flowDirection { return direction }
    if let context {
      if context.owns(record.destination) { return .ingress }
      if context.owns(record.source) { return .egress }
    }
    if let own = inferredAddress {
      if record.destination == own { return .ingress }
      if record.source == own { return .egress }
    }
    return nil
  }

  func relatedRecords(_ related: Correlator.Related) -> [RelatedRecord] {
    if related.reverse.isEmpty && related.same.isEmpty && related.peers.isEmpty { return [] }
    func records(_ list: [FlowObservation], _ relation: String) -> [RelatedRecord] {
      list.map {
        RelatedRecord(
          file: $0.file, line: $0.line, interfaceId: $0.interfaceId, action: $0.action,
          relation: relation)
      }
    }
    return records(related.reverse, "reverse") + records(related.same, "same")
      + records(related.peers, "peer")
  }
}
