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
      let related = correlator.related(to: index)
      // A copy of an earlier record is counted by the caller, not diagnosed again.
      if related.duplicateOf != nil { continue }
      results.append(
        diagnose(
          observation, related: related, inferredAddress: inferred[observation.interfaceId]))
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
      note: "", related: relatedRecords(related, of: record), checkpoints: [])
    diagnosis.relatedOmitted = related.omitted
    let evidence = LogEvidence(record, related: related)
    let inferredRole = RoleInference.infer(record, related: related, evidence: evidence)
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

    let tracking = TrackingWindow(
      protocolNumber: record.protocolNumber,
      interface: topology != nil ? context?.interface : nil, stream: evidence.acceptedBefore)
    let readings = Readings(
      record, evidence: evidence, tracking: tracking, direction: direction)
    if topology != nil, let context {
      diagnoseWithTopology(
        &diagnosis, record: record, context: context, evidence: evidence, tracking: tracking,
        readings: readings)
    } else {
      diagnoseFromLogs(
        &diagnosis, record: record, evidence: evidence, tracking: tracking, readings: readings)
      if topology != nil {
        diagnosis.note += " (\(record.interfaceId) is not in the topology)"
      }
    }
    return diagnosis
  }

  // MARK: - Logs only

  private func diagnoseFromLogs(
    _ diagnosis: inout Diagnosis, record: FlowObservation, evidence: LogEvidence,
    tracking: TrackingWindow, readings: Readings
  ) {
    // The reply of a request this ENI accepted, and nothing else it could be: security groups
    // are stateful, so only the stateless network ACL rejects it.
    if readings.isProvenReply, let request = evidence.request {
      diagnosis.cause = .networkACL
      diagnosis.code = .subnetACLRestriction
      diagnosis.confidence = .high
      diagnosis.note =
        "the request was accepted on \(record.interfaceId) (line \(request.line)), so the security groups track the connection and let its reply through; the subnet's network ACL, which is stateless, rejected the reply"
      if evidence.symmetric {
        // Equal ports or ICMP: the other side may have sent packets of its own on this tuple
        // (its own echo requests, its own NTP queries), which either control may have denied.
        diagnosis.confidence = .medium
        diagnosis.note +=
          " (\(record.protocolNumber == 1 || record.protocolNumber == 58 ? "ICMP records carry no ports and no type" : "both ends use port \(record.sourcePort)"): the REJECT may also hold packets the other side started itself\(record.protocolNumber == 1 || record.protocolNumber == 58 ? " (its own echo requests, or ICMP errors, which are not tracked replies)" : ""), which the logs cannot tell from replies)"
      }
      return
    }
    // The reply of an accepted request by the silence as written, which the records' lag
    // leaves uncertain: the network ACL, at medium.
    if readings.replyByTiming, let request = evidence.request {
      diagnosis.cause = .networkACL
      diagnosis.code = .subnetACLRestriction
      diagnosis.confidence = .medium
      diagnosis.note =
        "the request was accepted on \(record.interfaceId) (line \(request.line)) \(evidence.silence(before: record) ?? 0) s before, so the security groups track the connection and let its reply through, and the subnet's network ACL, which is stateless, rejected the reply; but flow log times may lag their packets by up to a minute, so the tracking entry may have expired (\(tracking.text)) and the security group judged it as new traffic"
      return
    }
    // Only FIN/RST after this direction was accepted: a packet after close (or, past an
    // expired entry, new traffic: the silence as written says whether).
    if readings.afterClose && !readings.closeUnseen && record.isTeardownOnly
      && (!readings.newTraffic || !readings.expiredByTiming)
    {
      diagnosis.cause = .afterClose
      diagnosis.confidence = .medium
      diagnosis.note = Self.afterCloseNote
      return
    }
    diagnosis.cause = .undetermined
    diagnosis.candidates = [.securityGroup, .networkACL]
    if readings.afterClose || readings.doubtedClose { diagnosis.candidates.append(.afterClose) }
    diagnosis.confidence = .low
    // What would tell more: the topology (unless it was given), and the TCP flags (unless the
    // format has them: a record read without them has none).
    let more = [
      topology == nil ? "give --topology" : nil,
      record.protocolNumber == 6 && record.tcpFlags == nil ? "tcp-flags in the format" : nil,
    ].compactMap { $0 }
    let hint = more.isEmpty ? "" : " (\(more.joined(separator: ", and ")))"
    if evidence.acceptedBefore {
      diagnosis.note =
        "this direction was accepted on \(record.interfaceId) before (in an earlier window or this one): a late packet after the connection closed, an expired tracking entry, or a rule changed during the flow\(hint)"
      return
    }
    if readings.expired, let request = evidence.request {
      diagnosis.note =
        "a rejected reply that started \(evidence.silence(before: record) ?? 0) s after the last packet \(record.interfaceId) accepted of its flow (line \(evidence.lastAccepted?.line ?? request.line)), past the shortest connection-tracking timeout it may have (\(tracking.text)): the tracking entry may have expired, so the security group may have judged it as new traffic; or the network ACL denied it\(hint)"
      return
    }
    if let request = evidence.request, evidence.symmetric {
      diagnosis.note =
        "it may be the reply of line \(request.line), which \(record.interfaceId) accepted, or a flow the other side started the same way (\(record.protocolNumber == 1 || record.protocolNumber == 58 ? "ICMP has no ports" : "both ends use port \(record.sourcePort)")\(evidence.mixed ? ", and this direction also carried packets that were accepted" : "")): the network ACL, or the security group\(hint)"
      return
    }
    if let unanswered = evidence.unansweredRequest {
      diagnosis.note =
        "not the reply of line \(unanswered.line) (\((unanswered.start ?? 0) > (record.start ?? 0) ? "it started later" : "its packets were rejected at the other end, so it was never answered")): a rejected request or unsolicited packet, which the security group or the network ACL denied\(hint)"
      return
    }
    // With a topology, the logs decide here only for an ENI it does not have (the caller says
    // so).
    let withTopology = topology != nil
    switch diagnosis.role {
    case .request?:
      diagnosis.note =
        "a rejected request: the ENI's security group or its subnet's network ACL denied it, and the logs cannot tell which\(withTopology ? "" : " (give --topology to evaluate both)")"
    case .response?:
      diagnosis.note =
        evidence.logsAccepts
        ? "no request from \(record.interfaceId) precedes it in these logs, so its security groups hold no state for it and judge it as new traffic: the security group or the network ACL denied it\(withTopology ? "" : " (give --topology)")"
        : "a rejected reply whose request is not in these logs (they hold no accepted record of \(record.interfaceId)): the network ACL if the request was accepted, otherwise the security group or the network ACL\(withTopology ? "" : " (give --topology)")"
    case nil:
      diagnosis.note =
        "the logs do not show which side started this flow: the security group or the network ACL rejected it\(withTopology ? "" : " (give --topology)")"
    }
  }

  static let afterCloseNote: Explanation =
    "only FIN/RST packets of a connection this ENI accepted earlier: AWS logs REJECT for packets that arrive after the connection closed; this is noise, not a blocked flow"

  // MARK: - With a topology

  struct ModelDecision {
    var cause: Cause
    var deniedAt: Checkpoint?
    var checkpoints: [Checkpoint]
    var note: Explanation
    /// A check at the ENI could not be made (a prefix list whose entries are not loaded).
    var unknown = false
    /// With `unknown`: the causes it may be (that check's control, then what would decide
    /// after it).
    var possible: [Cause] = []

    var verdict: Verdict {
      if let denied = deniedAt {
        var rule: Int? = nil
        if case .networkACLEntry(_, let entry)? = denied.rule { rule = entry.ruleNumber }
        return .denied(cause, component: denied.componentId, rule: rule)
      }
      return unknown ? .unknown : .allowed
    }
  }

  private func diagnoseWithTopology(
    _ diagnosis: inout Diagnosis, record: FlowObservation, context: InterfaceContext,
    evidence: LogEvidence, tracking: TrackingWindow, readings: Readings
  ) {
    let direction = diagnosis.direction
    var outcomes: [ReadingOutcome] = []
    var untrackedFlow = false
    if readings.reply,
      let decision = evaluate(record, role: .response, direction: direction, context: context)
    {
      outcomes.append(ReadingOutcome(kind: .reply, decision: decision, verdict: decision.verdict))
    }
    if readings.newTraffic {
      // A packet the evidence shows is a reply (or a late one) is judged where it crosses this
      // ENI, as new traffic; a request is traced, for the routes its reply needs too.
      // (With equal ports or ICMP, new traffic may also be the other side's own request,
      // whose reply needs a way back: traced.)
      let direct = readings.expired && !evidence.symmetric
      let isICMP = record.protocolNumber == 1 || record.protocolNumber == 58
      let variants: [(type: Int, code: Int)?] =
        isICMP
        ? ICMPVariants.of(
          record, context: context,
          arriving: crossing(record, context: context, direction: direction))
        : [nil]
      for variant in variants {
        let decision =
          direct
          ? evaluateAsNewTraffic(record, context: context, direction: direction, icmp: variant)
          : evaluate(record, role: .request, direction: direction, context: context, icmp: variant)
        guard let decision else { continue }
        outcomes.append(
          ReadingOutcome(
            kind: .newTraffic(icmpType: variant?.type, icmpCode: variant?.code), decision: decision,
            verdict: decision.verdict))
      }
    }
    if readings.afterClose {
      // An untracked flow has no state to close: its late packets are judged by the rules.
      untrackedFlow = isUntrackedFlow(record, role: diagnosis.role, context: context)
      if !untrackedFlow {
        outcomes.append(
          ReadingOutcome(
            kind: .afterClose,
            decision: ModelDecision(
              cause: .afterClose, deniedAt: nil, checkpoints: [], note: Self.afterCloseNote),
            verdict: .denied(.afterClose, component: nil, rule: nil)))
      }
    }
    decide(
      &diagnosis, outcomes: outcomes, record: record, evidence: evidence, tracking: tracking,
      readings: readings, untrackedFlow: untrackedFlow)
  }

  /// Names the cause from the readings' outcomes: those under which the topology accepts the
  /// packet are ruled out (the record says it was rejected); if the rest agree, that cause;
  /// if they differ only by which side started the flow, the role the evidence suggests, at
  /// medium confidence; otherwise undetermined with every cause they name.
  private func decide(
    _ diagnosis: inout Diagnosis, outcomes: [ReadingOutcome], record: FlowObservation,
    evidence: LogEvidence, tracking: TrackingWindow, readings: Readings, untrackedFlow: Bool
  ) {
    let consistent = outcomes.filter { $0.verdict != .allowed }
    let suggested = suggestedOutcome(
      consistent, role: diagnosis.role, expiredByTiming: readings.expiredByTiming)
    // A close the logs cannot show lowers a certain answer and joins open ones.
    defer {
      if readings.doubtedClose {
        if diagnosis.cause == .undetermined {
          if !diagnosis.candidates.contains(.afterClose) {
            diagnosis.candidates.append(.afterClose)
          }
        } else if diagnosis.confidence == .high {
          diagnosis.confidence = .medium
          diagnosis.note +=
            " (or a packet after a close these logs cannot show: they hold no accepted record of \(record.interfaceId), and no tcp-flags)"
        }
      }
    }
    guard let first = consistent.first else {
      // Every reading is accepted by the topology.
      let shown =
        outcomes.first { $0.kind == .reply && diagnosis.role == .response } ?? outcomes.first
      diagnosis.cause = .undetermined
      diagnosis.confidence = .low
      // What the snapshot cannot show: a rule changed since (either control), or, for a TCP
      // packet that may follow a connection's close (FIN, RST, no flags, or flags unknown), a
      // packet after a close the logs do not reach back to. Not for an untracked flow, which
      // has no state to close.
      let mayFollowClose =
        record.protocolNumber == 6 && !untrackedFlow
        && (record.tcpFlags.map { $0 & 0x02 == 0 } ?? true)
      diagnosis.candidates =
        record.isTeardownOnly && mayFollowClose
        ? [.afterClose, .securityGroup, .networkACL]
        : [.securityGroup, .networkACL] + (mayFollowClose ? [.afterClose] : [])
      diagnosis.checkpoints = shown?.decision.checkpoints ?? []
      var note = shown?.decision.note ?? Self.allowsNote
      if case .reply? = shown?.kind, let request = evidence.request {
        note =
          "the reply of the request on line \(request.line), which \(record.interfaceId) accepted: "
          + note
      }
      if untrackedFlow {
        note +=
          " (the flow is untracked, so a late FIN or RST is judged by the rules, which allow it)"
      }
      diagnosis.note = note
      return
    }
    var causes: [Cause] = []
    for outcome in consistent where !causes.contains(outcome.cause) { causes.append(outcome.cause) }
    // (With no suggestion, ICMP as an echo request, the commonest.)
    let echoRequest = consistent.first {
      if case .newTraffic(let type?, _) = $0.kind { return type == 8 || type == 128 }
      return false
    }
    let pick = suggested ?? echoRequest ?? first
    if causes.count == 1, causes[0] != .undetermined {
      apply(
        pick, to: &diagnosis, record: record, evidence: evidence, tracking: tracking,
        expired: readings.expired, expiredByTiming: readings.expiredByTiming)
      let agreeOnRule = consistent.allSatisfy { $0.verdict == pick.verdict }
      diagnosis.confidence =
        causes[0] == .routing || causes[0] == .afterClose ? .medium : agreeOnRule ? .high : .medium
      if pick.isNewTraffic, record.protocolNumber == 1 || record.protocolNumber == 58 {
        let allowedTypes = outcomes.filter { $0.isNewTraffic && $0.verdict == .allowed }
        diagnosis.note +=
          !agreeOnRule
          ? " (flow logs record no ICMP type, and which entry denies it depends on the type; shown as \(Self.icmpNames([pick])))"
          : allowedTypes.isEmpty
            ? " (shown as an echo request; every ICMP type is denied the same way, and flow logs record none)"
            : " (flow logs record no ICMP type; as \(Self.icmpNames(allowedTypes)) it would have been allowed, so it is another type)"
      }
      if readings.reply, !consistent.contains(where: { $0.kind == .reply }),
        let request = evidence.request, pick.isNewTraffic, !readings.expired
      {
        diagnosis.note += " (as the reply of line \(request.line) it would have been allowed)"
      }
      return
    }
    // Two readings, one cause each, that differ only by who started the flow: the role the
    // evidence suggests decides, at medium confidence.
    let newTraffic = consistent.filter(\.isNewTraffic)
    let newTrafficAgrees = newTraffic.allSatisfy { $0.verdict == newTraffic.first?.verdict }
    if let suggested, causes.count == 2, !causes.contains(.undetermined),
      !causes.contains(.afterClose), newTrafficAgrees,
      consistent.contains(where: { $0.kind == .reply }), !newTraffic.isEmpty
    {
      apply(
        suggested, to: &diagnosis, record: record, evidence: evidence, tracking: tracking,
        expired: readings.expired, expiredByTiming: readings.expiredByTiming)
      diagnosis.confidence = .medium
      let other = consistent.first { ($0.kind == .reply) != (suggested.kind == .reply) }
      if let other {
        diagnosis.note +=
          " (the logs only suggest which side started the flow, by \(Self.suggestion(readings.expiredByTiming ? nil : diagnosis.roleEvidence)); \(other.kind == .reply ? "as a reply" : "as new traffic") it would be the \(other.cause.rawValue))"
      }
      return
    }
    diagnosis.cause = .undetermined
    diagnosis.confidence = .low
    diagnosis.checkpoints = pick.decision.checkpoints
    var candidates: [Cause] = []
    for outcome in consistent {
      let possible = outcome.decision.possible
      let named =
        outcome.verdict == .unknown
        ? (possible.isEmpty ? [Cause.securityGroup, .networkACL] : possible) : [outcome.cause]
      for cause in named where !candidates.contains(cause) { candidates.append(cause) }
    }
    diagnosis.candidates = candidates
    diagnosis.note = Explanation(
      "it depends on what the packets were, which the logs do not show: "
        + describe(consistent, record: record, evidence: evidence))
  }

  /// What suggested a role, in a note's words; `nil`: the silence as written.
  static func suggestion(_ evidence: RoleEvidence?) -> String {
    switch evidence {
    case .tcpFlags?: "its TCP flags"
    case .acceptedReverseLeg?: "an accepted request the other way"
    case .firstLeg?: "which leg came first"
    case .ports?: "its ports"
    case .unanswered?: "nothing answering it"
    case nil:
      "the silence before it as the records' times read (they may lag their packets by up to a minute)"
    }
  }

  static let allowsNote: Explanation =
    "the topology allows this flow: the snapshot may be stale, or something the model does not cover rejected it (connection-tracking timeouts, a rule changed during the flow, a control flowcause does not model)"

  /// The outcome of the reading the role evidence points to, when it is among `outcomes`.
  /// (A reply whose silence as written is past its tracking timeout is suggested as new
  /// traffic, the expired reply.)
  private func suggestedOutcome(
    _ outcomes: [ReadingOutcome], role: FlowRole?, expiredByTiming: Bool
  ) -> ReadingOutcome? {
    if expiredByTiming, let expired = outcomes.first(where: \.isNewTraffic) { return expired }
    switch role {
    case .response?:
      return outcomes.first { $0.kind == .reply } ?? outcomes.first(where: \.isNewTraffic)
    case .request?:
      return outcomes.first(where: \.isNewTraffic)
    case nil:
      return nil
    }
  }

  /// `as new traffic (ICMP type 8 code 0), sg-1 denies it; as the reply of line 3, acl-2 rule 100`.
  private func describe(
    _ outcomes: [ReadingOutcome], record: FlowObservation, evidence: LogEvidence
  ) -> String {
    var parts: [String] = []
    for outcome in outcomes {
      let reading: String
      switch outcome.kind {
      case .newTraffic(let type?, let code):
        reading = "as ICMP type \(type) code \(code ?? 0) (new traffic)"
      case .newTraffic:
        reading = "as new traffic (a request, an unsolicited packet or an expired reply)"
      case .reply:
        reading = evidence.request.map { "as the reply of line \($0.line)" } ?? "as a reply"
      case .afterClose:
        reading = "as a late packet after close"
      }
      let what: String
      switch outcome.verdict {
      case .denied(.afterClose, _, _): what = "after-close"
      case .denied(let cause, let component, let rule):
        what = "\(cause.rawValue) \(component ?? "")\(rule.map { " rule \($0)" } ?? "")"
      case .unknown: what = "unknown (\(outcome.decision.note))"
      case .allowed: what = "allowed"
      }
      let text = "\(reading), \(what)"
      if !parts.contains(text) { parts.append(text) }
    }
    return parts.joined(separator: "; ")
  }

  static func icmpNames(_ outcomes: [ReadingOutcome]) -> String {
    var names: [String] = []
    for outcome in outcomes {
      guard case .newTraffic(let type?, let code) = outcome.kind else { continue }
      let name =
        switch type {
        case 8, 128: "an echo request"
        case 0, 129: "an echo reply"
        default: "type \(type) code \(code ?? 0)"
        }
      if !names.contains(name) { names.append(name) }
    }
    return names.count <= 2
      ? names.joined(separator: " or ")
      : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
  }

  /// Whether the flow of `record` is untracked at its ENI (the allow-all pair of rules, EC2
  /// User Guide, "Security group connection tracking"): judged from the request's side.
  private func isUntrackedFlow(
    _ record: FlowObservation, role: FlowRole?, context: InterfaceContext
  ) -> Bool {
    guard let tracer, let arriving = crossing(record, context: context, direction: nil) else {
      return false
    }
    let packet = Packet(
      source: record.source, destination: record.destination,
      protocolNumber: record.protocolNumber, sourcePort: record.sourcePort,
      destinationPort: record.destinationPort)
    // Connections through a NAT gateway or an egress-only internet gateway are always tracked
    // (EC2 User Guide, "Security group connection tracking", automatically tracked
    // connections): the ENI's route to its peer says whether its flow goes through one.
    let peer = arriving ? record.source : record.destination
    switch tracer.routes.lookup(subnetId: context.interface.subnetId, destination: peer).route?
      .target
    {
    case .natGateway?, .egressOnlyInternetGateway?: return false
    default: break
    }
    let evaluator = tracer.securityGroups
    let asRequest = evaluator.isUntracked(
      packet, interface: context.interface, direction: arriving ? .inbound : .outbound)
    let asReply = evaluator.isUntracked(
      packet.reply(), interface: context.interface, direction: arriving ? .outbound : .inbound)
    switch role {
    case .request?: return asRequest
    case .response?: return asReply
    case nil: return asRequest && asReply
    }
  }

  private func apply(
    _ outcome: ReadingOutcome, to diagnosis: inout Diagnosis, record: FlowObservation,
    evidence: LogEvidence, tracking: TrackingWindow, expired: Bool, expiredByTiming: Bool
  ) {
    let decision = outcome.decision
    diagnosis.checkpoints = decision.checkpoints
    diagnosis.cause = decision.cause
    diagnosis.note = decision.note
    diagnosis.candidates = []
    if let denied = decision.deniedAt {
      diagnosis.code = denied.code
      diagnosis.component = denied.componentId
      if case .networkACLEntry(_, let entry)? = denied.rule { diagnosis.rule = entry.ruleNumber }
    }
    switch outcome.kind {
    case .reply:
      if let request = evidence.request {
        diagnosis.note =
          "the reply of the request on line \(request.line), which \(record.interfaceId) accepted: "
          + decision.note
      }
    case .newTraffic:
      if outcome.decision.cause == .routing { break }
      if expired, let last = evidence.lastAccepted {
        let silence = evidence.silence(before: record) ?? 0
        diagnosis.note =
          expiredByTiming
          ? "it started \(silence) s after the last packet \(record.interfaceId) accepted of its flow (line \(last.line)), past the connection-tracking timeout (\(tracking.text)), so the security groups no longer held the connection and judged it as new traffic: "
            + decision.note
          : "it started \(silence) s after the last packet \(record.interfaceId) accepted of its flow (line \(last.line)) as the records' times read, within the connection-tracking timeout (\(tracking.text)); but those times may lag their packets by up to a minute, and as a tracked reply it would have been let in, so the entry had expired and the security groups judged it as new traffic: "
            + decision.note
      } else if diagnosis.role == .response && evidence.request == nil {
        diagnosis.note =
          "no request from \(record.interfaceId) precedes it in these logs, so its security groups hold no state for it and judge it as new traffic: "
          + decision.note
      }
    case .afterClose:
      break
    }
  }

  func evaluate(
    _ record: FlowObservation, role: FlowRole, direction: FlowDirection?,
    context knownContext: InterfaceContext? = nil, icmp: (type: Int, code: Int)? = nil
  ) -> ModelDecision? {
    guard let tracer,
      let context = knownContext ?? tracer.index.context(ofInterface: record.interfaceId)
    else { return nil }
    var packet = Self.requestPacket(of: record, role: role)
    if let icmp, packet.isICMP {
      packet.icmpType = icmp.type
      packet.icmpCode = icmp.code
    }
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
    var source = tracer.endpoint(for: packet.source)
    var destination = tracer.endpoint(for: packet.destination)
    // A NAT gateway's public address is where the internet sees its clients come from: a
    // packet from it arrived through the internet gateway like any internet traffic, its
    // client behind the translation unknown.
    if case .interface = source,
      tracer.topology.natGateways.values.contains(where: { $0.publicIPs.contains(packet.source) })
    {
      source = .external(packet.source)
    }
    // A request from the public address of an ENI of the topology came back in through the
    // internet gateway: it left that ENI from its private address for the public address of
    // this one (a hairpin), and crossed both subnets' network ACLs on the way (VPC User Guide,
    // "Network ACLs": they filter what enters and leaves a subnet).
    if case .interface(let sender, let address, _?) = source {
      source = .interface(sender, address: address, publicAddress: nil)
      packet.source = address
      if case .interface(let eni, let receiverAddress, nil) = destination,
        let mapping = eni.publicIPv4s.first(where: { $0.privateIP == receiverAddress })
      {
        destination = .interface(eni, address: receiverAddress, publicAddress: mapping.publicIP)
        packet.destination = mapping.publicIP
      }
    }
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
        || (checkpoint.isNetworkACLCrossing(of: interface)
          && isAdjacent(checkpoint, to: interface, direction: direction, leg: leg))
    }
    // The first check at this ENI that denies decides, unless one before it cannot be made.
    let firstUnknown = atInterface.firstIndex { $0.result == .undetermined }
    let firstDenied = atInterface.firstIndex { $0.result == .denied }
    if let firstDenied, firstUnknown.map({ firstDenied < $0 }) ?? true {
      let denied = atInterface[firstDenied]
      return ModelDecision(
        cause: Self.control(of: denied), deniedAt: denied, checkpoints: atInterface,
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
    // SGs and NACLs at this ENI allow the leg: is a route missing on the way? Only a route this
    // record's packets still needed can explain it: a reply that arrived here was routed.
    // (A packet that expects no reply, an ICMP error or echo reply, needs no way back.)
    let replyLeg = packet.expectsReply ? trace.returnLeg : []
    let routable: [Checkpoint]
    switch (role, direction) {
    case (.request, .ingress?): routable = replyLeg  // the reply cannot get back
    case (.request, _): routable = trace.forward + replyLeg
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
    // A check at this ENI that cannot be made (a rule naming a prefix list whose entries the
    // topology lacks) leaves the cause open: that control, or what would decide after it (a
    // check that denies, a missing route).
    if let firstUnknown {
      let unknown = atInterface[firstUnknown]
      var possible = [Self.control(of: unknown)]
      if let firstDenied {
        possible.append(Self.control(of: atInterface[firstDenied]))
      } else if routing != nil {
        possible.append(.routing)
      }
      return ModelDecision(
        cause: .undetermined, deniedAt: nil, checkpoints: atInterface,
        note: "\(interface.id)'s \(unknown.check.rawValue) check cannot be made: \(unknown.note)",
        unknown: true, possible: possible)
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
    if let decision = Self.decision(of: checks, at: interface.id) { return decision }
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
    tracer: PathTracer, icmp: (type: Int, code: Int)? = nil
  ) -> [Checkpoint] {
    let interface = context.interface
    var packet = Packet(
      source: record.source, destination: record.destination,
      protocolNumber: record.protocolNumber, sourcePort: record.sourcePort,
      destinationPort: record.destinationPort)
    if packet.isICMP {
      // Flow logs record no ICMP type: the one asked for, else an echo (the reply of one).
      let echo = reply.map { $0.reply().icmpType } ?? (packet.isIPv6 ? 128 : 8)
      packet.icmpType = icmp?.type ?? echo
      packet.icmpCode = icmp?.code ?? 0
    }
    let peer = arriving ? record.source : record.destination
    let subnetCIDRs = tracer.index.topology.subnets[interface.subnetId]?.cidrs ?? []
    // A peer seen by its public address came through the internet gateway, so across the
    // subnet's boundary even from an ENI of the same subnet (a hairpin).
    let owner = tracer.index.networkInterface(owning: peer)
    let seenPublicly = owner?.publicIPv4s.contains { $0.publicIP == peer } ?? false
    let inSubnet =
      subnetCIDRs.contains { $0.contains(peer) }
      || (owner?.subnetId == interface.subnetId && !seenPublicly)
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
    _ record: FlowObservation, context: InterfaceContext, direction: FlowDirection?,
    icmp: (type: Int, code: Int)? = nil
  ) -> ModelDecision? {
    guard let tracer, let arriving = crossing(record, context: context, direction: direction)
    else { return nil }
    let checks = Self.checksAt(
      context, record: record, arriving: arriving, reply: nil, tracer: tracer, icmp: icmp)
    if let decision = Self.decision(of: checks, at: context.interface.id) { return decision }
    return ModelDecision(
      cause: .undetermined, deniedAt: nil, checkpoints: checks,
      note:
        "\(context.interface.id)'s security groups and network ACL allow it as new traffic: \(Self.allowsNote)"
    )
  }

  /// Which control a check at an ENI is.
  static func control(of checkpoint: Checkpoint) -> Cause {
    checkpoint.check == .securityGroupIngress || checkpoint.check == .securityGroupEgress
      ? .securityGroup : .networkACL
  }

  /// The decision of checks made at an ENI (``checksAt(_:record:arriving:reply:tracer:icmp:)``,
  /// which stop at the first denial): the control that denied, or, when a check before it
  /// cannot be made, undetermined between that one and the denial; `nil` when every check
  /// allows the packet.
  private static func decision(of checks: [Checkpoint], at interfaceId: String) -> ModelDecision? {
    guard let unknown = checks.first(where: { $0.result == .undetermined }) else {
      return denial(checks)
    }
    var possible = [control(of: unknown)]
    if let denied = checks.last, denied.result == .denied { possible.append(control(of: denied)) }
    return ModelDecision(
      cause: .undetermined, deniedAt: nil, checkpoints: checks,
      note: "\(interfaceId)'s \(unknown.check.rawValue) check cannot be made: \(unknown.note)",
      unknown: true, possible: possible)
  }

  /// The decision of checks that end in a denial (``checksAt(_:record:arriving:reply:tracer:icmp:)``):
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

  func relatedRecords(_ related: Correlator.Related, of record: FlowObservation) -> [RelatedRecord]
  {
    if related.listed.isEmpty { return [] }
    // Grouped by relation (the other direction on this ENI, the same direction, other ENIs),
    // each in input order.
    func relation(_ other: FlowObservation) -> String {
      if other.interfaceId != record.interfaceId { return "peer" }
      return other.source == record.source
        && other.sourcePort == record.sourcePort ? "same" : "reverse"
    }
    let records = related.listed.map { other in
      RelatedRecord(
        file: other.file, line: other.line, interfaceId: other.interfaceId, action: other.action,
        relation: relation(other))
    }
    return ["reverse", "same", "peer"].flatMap { kind in records.filter { $0.relation == kind } }
  }

}
