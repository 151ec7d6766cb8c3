/// From the readings' outcomes to one cause, its confidence and its note.
extension Diagnoser {
  /// Names the cause from the readings' outcomes: those under which the topology accepts the
  /// packet are ruled out (the record says it was rejected); if the rest agree, that cause;
  /// if they differ only by which side started the flow, the role the evidence suggests, at
  /// medium confidence; otherwise undetermined with every cause they name.
  func decide(
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
            evidence.historyCut
            ? Explanation(.doubtedCloseHistoryCut)
            : Explanation(.doubtedCloseNoAccepted, ["eni": "\(record.interfaceId)"])
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
        note = Self.replyNote(request, record: record, note: note)
      }
      if untrackedFlow { note += Explanation(.untrackedLateTeardown) }
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
          ? Explanation(.icmpDependsOnType, ["names": Self.icmpNames([pick])])
          : allowedTypes.isEmpty
            ? Explanation(.icmpEveryTypeDenied)
            : Explanation(.icmpAnotherType, ["names": Self.icmpNames(allowedTypes)])
      }
      if readings.reply, !consistent.contains(where: { $0.kind == .reply }),
        let request = evidence.request, pick.isNewTraffic, !readings.expired
      {
        let line = Self.lineText(request, from: record)
        diagnosis.note += Explanation(.asReplyWouldBeAllowed, ["line": line])
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
        diagnosis.note += Explanation(
          other.kind == .reply ? .roleSuggestedReplyOtherwise : .roleSuggestedNewTrafficOtherwise,
          [
            "evidence": Self.suggestion(readings.expiredByTiming ? nil : diagnosis.roleEvidence),
            "cause": "\(other.cause.rawValue)",
          ])
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
      .dependsOnPackets, ["readings": describe(consistent, record: record, evidence: evidence)])
  }

  /// What suggested a role, in a note's words; `nil`: the silence as written.
  static func suggestion(_ evidence: RoleEvidence?) -> Explanation {
    switch evidence {
    case .tcpFlags?: Explanation(.suggestedByTCPFlags)
    case .acceptedReverseLeg?: Explanation(.suggestedByAcceptedReverse)
    case .firstLeg?: Explanation(.suggestedByFirstLeg)
    case .ports?: Explanation(.suggestedByPorts)
    case .unanswered?: Explanation(.suggestedByUnanswered)
    case nil: Explanation(.suggestedBySilence)
    }
  }

  static let allowsNote = Explanation(.topologyAllowsFlow)

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
  ) -> Explanation {
    var parts: [Explanation] = []
    for outcome in outcomes {
      let reading: Explanation
      switch outcome.kind {
      case .newTraffic(let type?, let code):
        reading = Explanation(.asICMPTypeNewTraffic, ["type": "\(type)", "code": "\(code ?? 0)"])
      case .newTraffic:
        reading = Explanation(.asNewTraffic)
      case .reply:
        reading =
          evidence.request.map {
            Explanation(.asReplyOf, ["line": Self.lineText($0, from: record)])
          } ?? Explanation(.asReply)
      case .afterClose:
        reading = Explanation(.asLatePacketAfterClose)
      }
      let what: Explanation
      switch outcome.verdict {
      case .denied(.afterClose, _, _): what = "after-close"
      case .denied(let cause, let component, let rule?):
        what = Explanation(
          .outcomeDeniedByRule,
          ["cause": "\(cause.rawValue)", "component": "\(component ?? "")", "rule": "\(rule)"])
      case .denied(let cause, let component, nil):
        what = Explanation(
          .outcomeDenied, ["cause": "\(cause.rawValue)", "component": "\(component ?? "")"])
      case .unknown: what = Explanation(.outcomeUnknown, ["note": outcome.decision.note])
      case .allowed: what = Explanation(.outcomeAllowed)
      }
      let part = Explanation(.readingOutcome, ["reading": reading, "outcome": what])
      if !parts.contains(part) { parts.append(part) }
    }
    return Explanation.joined(parts, separator: .listSemicolon)
  }

  static func icmpNames(_ outcomes: [ReadingOutcome]) -> Explanation {
    var names: [Explanation] = []
    for outcome in outcomes {
      guard case .newTraffic(let type?, let code) = outcome.kind else { continue }
      let name =
        switch type {
        case 8, 128: Explanation(.echoRequest)
        case 0, 129: Explanation(.echoReply)
        default: Explanation(.icmpTypeCode, ["type": "\(type)", "code": "\(code ?? 0)"])
        }
      if !names.contains(name) { names.append(name) }
    }
    return Explanation.alternatives(names)
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
        diagnosis.note = Self.replyNote(request, record: record, note: decision.note)
      }
    case .newTraffic:
      if outcome.decision.cause == .routing { break }
      if expired, let last = evidence.lastAccepted {
        let silence = evidence.silence(before: record) ?? 0
        diagnosis.note = Explanation(
          expiredByTiming ? .expiredPastTimeout : .expiredWithinTimeout,
          [
            "silence": "\(silence)", "eni": "\(record.interfaceId)",
            "line": Self.lineText(last, from: record), "timeout": tracking.text,
            "note": decision.note,
          ])
      } else if diagnosis.role == .response && evidence.request == nil {
        diagnosis.note = Explanation(
          .noRequestPrecedes, ["eni": "\(record.interfaceId)", "note": decision.note])
      }
    case .afterClose:
      break
    }
  }

  /// Where `other` is, seen from `record`: `on line 12` in the same input, `on line 12 of
  /// input 2` in another (the inputs numbered from 1 in the order given; the JSON Line's
  /// `evidence.related` names its file).
  static func place(of other: LogEvidence.Seen, from record: FlowObservation) -> Explanation {
    Explanation(.onLine, ["line": lineText(other, from: record)])
  }

  /// `line 12`, or `line 12 of input 2` when `other` is in another input than `record`.
  static func lineText(_ other: LogEvidence.Seen, from record: FlowObservation) -> Explanation {
    other.file == record.file
      ? Explanation(.lineNumber, ["line": "\(other.line)"])
      : Explanation(.lineOfInput, ["line": "\(other.line)", "input": "\(other.file + 1)"])
  }

  /// `the reply of the request on line 3, which eni-1 accepted: …`.
  static func replyNote(
    _ request: LogEvidence.Seen, record: FlowObservation, note: Explanation
  ) -> Explanation {
    Explanation(
      .replyOfAcceptedRequest,
      ["place": place(of: request, from: record), "eni": "\(record.interfaceId)", "note": note])
  }
}
