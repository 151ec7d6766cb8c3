import Analysis
import Messages
import NetworkPrimitives

/// `explain`'s text: one REJECT's story, step by step, for a person.
extension DiagnosisRenderer {
  /// `withoutGroups` names what the ENI belongs to when it has no security groups (a transit
  /// gateway attachment, a NAT gateway: ``NetworkInterface/componentWithoutSecurityGroups``).
  package static func story(
    _ diagnosis: Diagnosis, name: String, topology: Bool, withoutGroups: String? = nil,
    legs: String = "", language: Language = .en
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let record = diagnosis.observation
    let eni = record.interfaceId
    let proto = Explanation.protocolName(record.protocolNumber).text(in: language)
    var out = say(.storyHeading, ["place": "\(name):\(record.line)", "eni": eni]) + "\n"
    out +=
      "  \(proto) \(endpoint(record.source, record.sourcePort)) -> \(endpoint(record.destination, record.destinationPort))\n\n"
    out += say(.storyStepDirection) + "\n   "
    switch diagnosis.direction {
    case .ingress?: out += say(.storyIngress, ["eni": eni])
    case .egress?: out += say(.storyEgress, ["eni": eni])
    case nil: out += say(.storyDirectionUnknown, ["eni": eni])
    }
    out += "\n\n" + say(.storyStepLeg) + "\n   "
    switch (diagnosis.role, diagnosis.roleEvidence) {
    case (let role?, let evidence?):
      out += say(
        role == .request ? .storyLegRequest : .storyLegResponse,
        ["because": because(evidence).text(in: language)])
    default:
      out += say(.storyLegUnknown)
    }
    if !diagnosis.related.isEmpty {
      out += "\n   " + say(.storyRelatedRecords)
      for item in diagnosis.related {
        out +=
          "\n     "
          + say(
            .storyRelatedRecord,
            [
              "line": "\(item.line)", "eni": item.interfaceId, "action": item.action.rawValue,
              "relation": relationWord(item.relation).text(in: language),
            ])
      }
    }
    out += "\n\n" + say(.storyStepStateful) + "\n   "
    if let withoutGroups {
      out += say(.storyWithoutGroups, ["eni": eni, "owner": withoutGroups])
    } else {
      switch diagnosis.role {
      case .response?: out += say(.storyStatefulReply)
      case .request?: out += say(.storyStatelessRequest)
      case nil: out += say(.storyRoleUnknownBoth)
      }
    }
    if !diagnosis.checkpoints.isEmpty {
      out += "\n\n" + say(.storyStepChecks, ["eni": eni]) + "\n"
      for (index, checkpoint) in diagnosis.checkpoints.enumerated() {
        out +=
          "   "
          + say(
            .storyCheck,
            [
              "index": "\(index + 1)", "check": checkpoint.check.rawValue,
              "result": resultWord(checkpoint.result).text(in: language),
              "explanation": checkpoint.note.text(in: language),
            ]) + "\n"
      }
    } else if !topology {
      out += "\n\n" + say(.storyNoTopology)
      out += "\n"
    } else {
      out += "\n"
    }
    if !legs.isEmpty {
      out += "\n" + say(.storyStepLegs) + "\n" + legs
    }
    out += "\n" + say(.storyCause, ["cause": diagnosis.cause.rawValue])
    if let code = diagnosis.code { out += say(.storyCauseCode, ["code": code.rawValue]) }
    if let component = diagnosis.component {
      out += say(.storyCauseComponent, ["component": component])
      if let rule = diagnosis.rule {
        out += say(
          .storyCauseRule,
          ["rule": rule >= 32767 ? say(.ruleStarNumber, ["rule": "\(rule)"]) : String(rule)])
      }
    }
    out +=
      say(.storyConfidence, ["confidence": confidenceWord(diagnosis.confidence).text(in: language)])
      + "\n  \(diagnosis.note.text(in: language))\n"
    if !diagnosis.candidates.isEmpty {
      out +=
        "  "
        + say(
          .storyCandidates,
          [
            "candidates": diagnosis.candidates.map(\.rawValue).joined(
              separator: Message.listComma.text(in: language))
          ]) + "\n"
    }
    return out
  }

  /// `reverse`, `same`, `peer`: how a related record is related, as a person reads it.
  package static func relationWord(_ relation: String) -> Explanation {
    switch relation {
    case "reverse": Explanation(.relationReverse)
    case "same": Explanation(.relationSame)
    case "peer": Explanation(.relationPeer)
    default: Explanation(relation)
    }
  }

  /// `ALLOWED`, `DENIED`: a checkpoint's result as a person reads it.
  package static func resultWord(_ result: Checkpoint.Result) -> Explanation {
    switch result {
    case .allowed: Explanation(.resultAllowed)
    case .denied: Explanation(.resultDenied)
    case .skipped: Explanation(.resultSkipped)
    case .undetermined: Explanation(.resultUndetermined)
    }
  }

  /// `high`, `medium`, `low`, as a person reads them.
  package static func confidenceWord(_ confidence: Confidence) -> Explanation {
    switch confidence {
    case .high: Explanation(.confidenceHigh)
    case .medium: Explanation(.confidenceMedium)
    case .low: Explanation(.confidenceLow)
    }
  }

  /// `10.0.1.5:443`, `[2001:db8::10]:443` (RFC 5952, section 6).
  package static func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
    address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
  }

  package static func because(_ evidence: RoleEvidence) -> Explanation {
    switch evidence {
    case .tcpFlags: Explanation(.becauseTCPFlags)
    case .acceptedReverseLeg: Explanation(.becauseAcceptedReverse)
    case .ports: Explanation(.becausePorts)
    case .firstLeg: Explanation(.becauseFirstLeg)
    case .unanswered: Explanation(.becauseUnanswered)
    }
  }
}
