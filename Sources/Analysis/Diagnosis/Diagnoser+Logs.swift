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
      diagnosis.note =
        "the request was accepted on \(record.interfaceId) (\(Self.lineText(request, from: record))), so the security groups track the connection and let its reply through; the subnet's network ACL, which is stateless, rejected the reply"
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
        "the request was accepted on \(record.interfaceId) (\(Self.lineText(request, from: record))) \(evidence.silence(before: record) ?? 0) s before, so the security groups track the connection and let its reply through, and the subnet's network ACL, which is stateless, rejected the reply; but flow log times may lag their packets by up to a minute, so the tracking entry may have expired (\(tracking.text)) and the security group judged it as new traffic"
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
        "a rejected reply that started \(evidence.silence(before: record) ?? 0) s after the last packet \(record.interfaceId) accepted of its flow (\(Self.lineText(evidence.lastAccepted ?? request, from: record))), past the shortest connection-tracking timeout it may have (\(tracking.text)): the tracking entry may have expired, so the security group may have judged it as new traffic; or the network ACL denied it\(hint)"
      return
    }
    if let request = evidence.request, evidence.symmetric {
      diagnosis.note =
        "it may be the reply of \(Self.lineText(request, from: record)), which \(record.interfaceId) accepted, or a flow the other side started the same way (\(record.protocolNumber == 1 || record.protocolNumber == 58 ? "ICMP has no ports" : "both ends use port \(record.sourcePort)")\(evidence.mixed ? ", and this direction also carried packets that were accepted" : "")): the network ACL, or the security group\(hint)"
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
        evidence.historyCut
        ? "a rejected reply whose request may be among the records diagnose could not hold (more records fell within one correlation window than it holds): the network ACL if the request was accepted, otherwise the security group or the network ACL\(withTopology ? "" : " (give --topology)")"
        : evidence.logsAccepts
          ? "no request from \(record.interfaceId) precedes it in these logs, so its security groups hold no state for it and judge it as new traffic: the security group or the network ACL denied it\(withTopology ? "" : " (give --topology)")"
          : "a rejected reply whose request is not in these logs (they hold no accepted record of \(record.interfaceId)): the network ACL if the request was accepted, otherwise the security group or the network ACL\(withTopology ? "" : " (give --topology)")"
    case nil:
      diagnosis.note =
        "the logs do not show which side started this flow: the security group or the network ACL rejected it\(withTopology ? "" : " (give --topology)")"
    }
  }

  /// After close, for a packet of an established connection (no SYN, not FIN/RST only) whose
  /// opening the logs do not show.
  static func unseenCloseNote(_ record: FlowObservation) -> Explanation {
    Explanation(
      "a packet of an established TCP connection (tcp-flags \(record.tcpFlags ?? 0): no SYN) that these logs do not show opening (they hold no accepted record of \(record.interfaceId)): AWS logs REJECT for packets that arrive after a connection closed, and the topology lets the same packet through as new traffic"
    )
  }

  static let afterCloseNote: Explanation =
    "only FIN/RST packets of a connection this ENI accepted earlier: AWS logs REJECT for packets that arrive after the connection closed; this is noise, not a blocked flow"
}
