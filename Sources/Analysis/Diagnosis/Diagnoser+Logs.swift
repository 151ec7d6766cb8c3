/// Diagnosis from the logs alone: what the records of one ENI prove about a REJECT.
extension Diagnoser {
  func diagnoseFromLogs(
    _ diagnosis: inout Diagnosis, record: FlowObservation, evidence: LogEvidence,
    tracking: TrackingWindow, readings: Readings
  ) {
    // The reply of a request this ENI accepted, and nothing else it could be: security groups
    // are stateful, so only the stateless network ACL rejects it.
    if readings.isProvenReply, let request = evidence.request {
      diagnosis.cause = .networkACL
      diagnosis.code = .subnetACLRestriction
      diagnosis.confidence = .high
      diagnosis.note = Explanation(
        .logsProvenReply,
        ["eni": "\(record.interfaceId)", "line": Self.lineText(request, from: record)])
      if evidence.symmetric {
        // Equal ports or ICMP: the other side may have sent packets of its own on this tuple
        // (its own echo requests, its own NTP queries), which either control may have denied.
        diagnosis.confidence = .medium
        diagnosis.note +=
          record.protocolNumber == 1 || record.protocolNumber == 58
          ? Explanation(.symmetricICMP)
          : Explanation(.symmetricPorts, ["port": "\(record.sourcePort)"])
      }
      return
    }
    // The reply of an accepted request by the silence as written, which the records' lag
    // leaves uncertain: the network ACL, at medium.
    if readings.replyByTiming, let request = evidence.request {
      diagnosis.cause = .networkACL
      diagnosis.code = .subnetACLRestriction
      diagnosis.confidence = .medium
      diagnosis.note = Explanation(
        .logsReplyByTiming,
        [
          "eni": "\(record.interfaceId)", "line": Self.lineText(request, from: record),
          "silence": "\(evidence.silence(before: record) ?? 0)", "timeout": tracking.text,
        ])
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
    let flags = record.protocolNumber == 6 && record.tcpFlags == nil
    let hint: Explanation =
      switch (topology == nil, flags) {
      case (true, true): Explanation(.hintTopologyAndFlags)
      case (true, false): Explanation(.hintTopology)
      case (false, true): Explanation(.hintFlags)
      case (false, false): ""
      }
    let topologyHint = topology == nil ? Explanation(.hintTopology) : ""
    if evidence.acceptedBefore {
      diagnosis.note = Explanation(
        .acceptedBefore, ["eni": "\(record.interfaceId)", "hint": hint])
      return
    }
    if readings.expired, let request = evidence.request {
      diagnosis.note = Explanation(
        .expiredReplyLogs,
        [
          "silence": "\(evidence.silence(before: record) ?? 0)", "eni": "\(record.interfaceId)",
          "line": Self.lineText(evidence.lastAccepted ?? request, from: record),
          "timeout": tracking.text, "hint": hint,
        ])
      return
    }
    if let request = evidence.request, evidence.symmetric {
      diagnosis.note = Explanation(
        .symmetricMaybeReply,
        [
          "line": Self.lineText(request, from: record), "eni": "\(record.interfaceId)",
          "why": record.protocolNumber == 1 || record.protocolNumber == 58
            ? Explanation(.icmpHasNoPorts)
            : Explanation(.bothEndsUsePort, ["port": "\(record.sourcePort)"]),
          "mixed": evidence.mixed ? Explanation(.alsoAccepted) : "", "hint": hint,
        ])
      return
    }
    if let unanswered = evidence.unansweredRequest {
      diagnosis.note = Explanation(
        .notReplyOf,
        [
          "line": "\(unanswered.line)",
          "why": Explanation(
            (unanswered.start ?? 0) > (record.start ?? 0) ? .startedLater : .rejectedAtOtherEnd),
          "hint": hint,
        ])
      return
    }
    // With a topology, the logs decide here only for an ENI it does not have (the caller says
    // so).
    let withTopology = topology != nil
    switch diagnosis.role {
    case .request?:
      diagnosis.note = Explanation(
        .rejectedRequestLogs, ["hint": withTopology ? "" : Explanation(.hintEvaluateBoth)])
    case .response?:
      diagnosis.note = Explanation(
        evidence.historyCut
          ? .replyHistoryCut
          : evidence.logsAccepts ? .replyNoRequestLogs : .replyRequestNotInLogs,
        ["eni": "\(record.interfaceId)", "hint": topologyHint])
    case nil:
      diagnosis.note = Explanation(.roleUnknownLogs, ["hint": topologyHint])
    }
  }

  /// After close, for a packet of an established connection (no SYN, not FIN/RST only) whose
  /// opening the logs do not show.
  static func unseenCloseNote(_ record: FlowObservation) -> Explanation {
    Explanation(
      .unseenClose, ["flags": "\(record.tcpFlags ?? 0)", "eni": "\(record.interfaceId)"])
  }

  static let afterCloseNote = Explanation(.afterCloseOnly)
}
