/// Diagnosis with a topology: each reading of the record (a reply, new traffic, a late packet
/// after close) evaluated, and the outcomes decided between.
extension Diagnoser {
  /// What evaluating one reading of a record against the topology decided.
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
    /// The checks were made at the ENI directly: its trace never reached them (its path could
    /// not be traced there, or something on the way stopped it).
    var checkedDirectly = false

    var verdict: Verdict {
      if let denied = deniedAt {
        var rule: Int? = nil
        if case .networkACLEntry(_, let entry)? = denied.rule { rule = entry.ruleNumber }
        return .denied(cause, component: denied.componentId, rule: rule)
      }
      return unknown ? .unknown : .allowed
    }
  }

  func diagnoseWithTopology(
    _ diagnosis: inout Diagnosis, record: FlowObservation, context: InterfaceContext,
    evidence: LogEvidence, tracking: TrackingWindow, readings logReadings: Readings
  ) {
    var readings = logReadings
    if context.interface.componentWithoutSecurityGroups != nil {
      // No security groups on this ENI (a transit gateway attachment's, a NAT gateway's): no
      // connection is tracked here, so none rejects a packet for arriving after its close
      // (VPC User Guide, "Flow log records", action; EC2 User Guide, "Security group
      // connection tracking").
      readings.afterClose = false
      readings.doubtedClose = false
    }
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
              cause: .afterClose, deniedAt: nil, checkpoints: [],
              note: readings.closeUnseen && !record.isTeardownOnly
                ? Self.unseenCloseNote(record) : Self.afterCloseNote),
            verdict: .denied(.afterClose, component: nil, rule: nil)))
      }
    }
    decide(
      &diagnosis, outcomes: outcomes, record: record, evidence: evidence, tracking: tracking,
      readings: readings, untrackedFlow: untrackedFlow)
    // An ENI without security groups: neither they nor a connection's close can have rejected
    // the packet, so they are no candidates; its subnet's network ACL remains.
    if context.interface.componentWithoutSecurityGroups != nil, diagnosis.cause == .undetermined {
      diagnosis.candidates.removeAll { $0 == .securityGroup || $0 == .afterClose }
      if diagnosis.candidates.isEmpty { diagnosis.candidates = [.networkACL] }
    }
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
    // Connections through a NAT gateway, an egress-only internet gateway or a transit gateway
    // attachment are always tracked
    // (EC2 User Guide, "Security group connection tracking", automatically tracked
    // connections): the ENI's route to its peer says whether its flow goes through one.
    let peer = arriving ? record.source : record.destination
    switch tracer.routes.lookup(subnetId: context.interface.subnetId, destination: peer).route?
      .target
    {
    case .natGateway?, .egressOnlyInternetGateway?, .transitGateway?: return false
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
}
