import Analysis
import NetworkPrimitives

/// `explain`'s text: one REJECT's story, step by step, for a person.
extension DiagnosisRenderer {
  /// `withoutGroups` names what the ENI belongs to when it has no security groups (a transit
  /// gateway attachment, a NAT gateway: ``NetworkInterface/componentWithoutSecurityGroups``).
  package static func story(
    _ diagnosis: Diagnosis, name: String, topology: Bool, withoutGroups: String? = nil
  ) -> String {
    let record = diagnosis.observation
    let proto = ProtocolNames.name(record.protocolNumber)
    var out = "\(name):\(record.line): REJECT on \(record.interfaceId)\n"
    out +=
      "  \(proto) \(endpoint(record.source, record.sourcePort)) -> \(endpoint(record.destination, record.destinationPort))\n\n"
    out += "1. Which way it went.\n   "
    switch diagnosis.direction {
    case .ingress?: out += "Ingress: the packets were arriving at \(record.interfaceId)."
    case .egress?: out += "Egress: the packets were leaving \(record.interfaceId)."
    case nil:
      out +=
        "The direction is unknown (no flow-direction field, and the record's addresses do not tell which side \(record.interfaceId) is on)."
    }
    out += "\n\n2. Which leg it is.\n   "
    switch (diagnosis.role, diagnosis.roleEvidence) {
    case (let role?, let evidence?):
      out += "The \(role.rawValue) of its conversation, because \(because(evidence))."
    default:
      out += "Unknown: nothing in the logs shows which side started the flow."
    }
    if !diagnosis.related.isEmpty {
      out += "\n   Related records:"
      for item in diagnosis.related {
        out +=
          "\n     line \(item.line) on \(item.interfaceId): \(item.action.rawValue) (\(item.relation))"
      }
    }
    out += "\n\n3. What stateful and stateless mean here.\n   "
    if let withoutGroups {
      out +=
        "\(record.interfaceId) belongs to \(withoutGroups) and has no security groups: nothing on it tracks connections, and only its subnet's network ACL (stateless, at the subnet boundary, first matching rule number) filters what crosses it, requests and replies alike."
    } else {
      out +=
        diagnosis.role == .response
        ? "Security groups are stateful: the reply of a connection they accepted passes whatever their rules say. Network ACLs are stateless: the reply needs an entry of its own, for the client's ephemeral port."
        : "A request is checked against both controls on its own: the subnet's network ACL (at the subnet boundary, first matching rule number) and the ENI's security groups (allow-only, the union of all groups)."
    }
    if !diagnosis.checkpoints.isEmpty {
      out += "\n\n4. The checks at \(record.interfaceId), in AWS's order.\n"
      for (index, checkpoint) in diagnosis.checkpoints.enumerated() {
        out +=
          "   \(index + 1). \(checkpoint.check.rawValue): \(checkpoint.result.rawValue.uppercased()), \(checkpoint.explanation)\n"
      }
    } else if !topology {
      out += "\n\n4. No topology was given, so no rule can be named (give --topology)."
      out += "\n"
    } else {
      out += "\n"
    }
    out += "\nCause: \(diagnosis.cause.rawValue)"
    if let code = diagnosis.code { out += " (\(code.rawValue))" }
    if let component = diagnosis.component {
      out += ", \(component)"
      if let rule = diagnosis.rule {
        out += " rule \(rule >= 32767 ? "* (\(rule))" : String(rule))"
      }
    }
    out += ", \(diagnosis.confidence.rawValue) confidence.\n  \(diagnosis.explanation)\n"
    if !diagnosis.candidates.isEmpty {
      out += "  Candidates: \(diagnosis.candidates.map(\.rawValue).joined(separator: ", ")).\n"
    }
    return out
  }

  /// `10.0.1.5:443`, `[2001:db8::10]:443` (RFC 5952, section 6).
  package static func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
    address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
  }

  package static func because(_ evidence: RoleEvidence) -> String {
    switch evidence {
    case .tcpFlags: return "its TCP flags say so (SYN marks the initiator, SYN-ACK the responder)"
    case .acceptedReverseLeg:
      return
        "an earlier request the other way was accepted on this ENI, and a rejected request is never answered"
    case .ports: return "its ports say so (the more server-like port is the server's)"
    case .firstLeg: return "the other direction started later on this ENI"
    case .unanswered: return "the other direction never appears on this ENI"
    }
  }
}
