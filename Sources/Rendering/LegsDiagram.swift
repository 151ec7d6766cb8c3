import Analysis
import Messages
import NetworkPrimitives
import Topology

/// `explain`'s picture in text: a conversation's two legs, the client's side on the left and the
/// server's on the right, each checkpoint where the packet meets it with what it decided. The
/// reply of an accepted request passes the security groups (stateful, by the tracked
/// connection) but meets the network ACLs as a packet of its own (stateless): the picture says
/// so beside those checks. Built from the trace through the topology (``PathDiagram``'s lanes),
/// or, without one, from what the logs show at the record's ENI.
package enum LegsDiagram {
  /// Where the server's column starts.
  static let serverColumn = 46
  /// The width of a leg's arrow.
  static let arrowWidth = 78

  /// The lines of the picture (empty when the logs do not tell which way the record went, or
  /// which leg it is).
  package static func text(
    _ diagnosis: Diagnosis, trace: PathTrace?, name: String, language: Language
  ) -> String {
    // Which leg it is must be known to place the client and the server.
    guard diagnosis.role != nil else { return "" }
    var words = Words(language: language, name: name)
    if let trace {
      return words.traced(diagnosis, trace: trace)
    }
    return words.logsOnly(diagnosis)
  }

  private enum Side { case client, server }

  /// The picture, drawn in `language`.
  private struct Words {
    let language: Language
    let name: String
    var out = ""

    init(language: Language, name: String) {
      self.language = language
      self.name = name
    }

    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }

    /// The arrows' and marks' characters. Box-drawing characters, ► ◄ … and – are of
    /// ambiguous width (UAX #11): a terminal set for Japanese draws them two columns wide, and
    /// the columns would shift, so the Japanese picture draws them in ASCII.
    var glyphs: (bar: String, right: String, left: String, more: String, skipped: String) {
      language == .ja ? ("-", ">", "<", "...", "-") : ("─", "►", "◄", "…", "–")
    }

    mutating func line(_ side: Side, _ text: String) {
      let indent = side == .client ? 3 : Self.serverIndent
      out += String(repeating: " ", count: indent) + text + "\n"
    }

    static let serverIndent = LegsDiagram.serverColumn + 3

    /// The two columns' heads: which side, and the end there.
    mutating func heads(client: String, server: String) {
      out += Self.pair(say(.legsClientSide), say(.legsServerSide))
      out += Self.pair(client, server)
    }

    /// Two texts, the second in the server's column (on a line of its own when the first is
    /// too wide).
    static func pair(_ left: String, _ right: String) -> String {
      let width = left.displayWidth
      if width + 2 <= LegsDiagram.serverColumn {
        return "   " + left + String(repeating: " ", count: LegsDiagram.serverColumn - width)
          + right
          + "\n"
      }
      return "   " + left + "\n" + String(repeating: " ", count: serverIndent) + right + "\n"
    }

    /// `request ───►` or `◄─── reply`, and what the logs show of the leg.
    mutating func arrow(request: Bool, logged: String?) {
      let word = say(request ? .legsRequest : .legsReply)
      let bar = String(
        repeating: glyphs.bar, count: max(8, LegsDiagram.arrowWidth - word.displayWidth - 3))
      out +=
        request
        ? "   \(word) \(bar)\(glyphs.right)" : "   \(glyphs.left)\(bar) \(word)"
      if let logged { out += "   " + logged }
      out += "\n"
    }

    // MARK: With a trace

    mutating func traced(_ diagnosis: Diagnosis, trace: PathTrace) -> String {
      let diagram = PathDiagram(trace: trace, diagnosis: diagnosis) { "\(name):\($1)" }
      let request = trace.request
      heads(
        client: endText(trace.source, port: request.hasPorts ? request.sourcePort : nil, trace),
        server: endText(
          trace.destination, port: request.hasPorts ? request.destinationPort : nil, trace))
      let recordLeg = diagnosis.role == .response ? 1 : 0
      let logged = loggedTexts(diagnosis, recordLeg: recordLeg)
      for (index, lane) in diagram.lanes.enumerated() {
        out += "\n"
        arrow(request: index == 0, logged: logged[index])
        let senderSide: Side = index == 0 ? .client : .server
        let receiverSide: Side = index == 0 ? .server : .client
        guard let ends = lane.ends, lane.nodes.count >= 2 else {
          line(senderSide, say(noReplyMessage(trace)))
          continue
        }
        var crossed = !Self.isInVPC(ends.sender)
        for (offset, checkpoint) in lane.checkpoints.enumerated() {
          if !crossed, Self.belongs(checkpoint, to: ends.receiver),
            !Self.belongs(checkpoint, to: ends.sender)
          {
            crossed = true
          }
          let side = crossed ? receiverSide : senderSide
          let node = lane.nodes[offset + 1]
          for text in checkpointLines(checkpoint, blocks: node.blocks, reply: index == 1) {
            line(side, text)
          }
        }
        if lane.nodes.last?.state == .notReached {
          line(receiverSide, glyphs.more + " " + say(.legsNotReached))
        }
        if lane.checkpoints.isEmpty { line(receiverSide, say(.legsNoChecks)) }
      }
      return out
    }

    func noReplyMessage(_ trace: PathTrace) -> Message {
      if trace.forward.contains(where: { $0.result == .denied }) { return .legsNoReplyDenied }
      if trace.forward.contains(where: { $0.result == .undetermined }) {
        return .legsNoReplyUndetermined
      }
      return .legsNoReplyExpected
    }

    /// `10.20.1.40:80 eni-…`, `198.51.100.7:49822 (internet)`.
    func endText(_ end: TraceEndpoint, port: UInt16?, _ trace: PathTrace) -> String {
      let address = port.map { DiagnosisRenderer.endpoint(end.address, $0) } ?? "\(end.address)"
      switch end {
      case .interface(let eni, _, _): return "\(address) \(eni.id)"
      case .unowned(_, let vpcId, let subnetId):
        return say(.legsUnowned, ["address": address, "place": subnetId ?? vpcId])
      case .external:
        if let gateway = PathDiagram.gatewayOutside(trace.forward + trace.returnLeg) {
          return say(.legsOutside, ["address": address, "gateway": gateway])
        }
        return say(.legsInternet, ["address": address])
      }
    }

    /// The checks a VPC's ends meet are theirs; an address outside every VPC has none.
    static func isInVPC(_ end: TraceEndpoint) -> Bool {
      if case .external = end { return false }
      return true
    }

    /// Whether `checkpoint` is made at `end`: its security groups, its subnet's network ACL.
    static func belongs(_ checkpoint: Checkpoint, to end: TraceEndpoint) -> Bool {
      switch end {
      case .interface(let eni, _, _):
        if let interfaceId = checkpoint.interfaceId { return interfaceId == eni.id }
        return checkpoint.subnetId == eni.subnetId
      case .unowned(_, _, let subnetId):
        return subnetId != nil && checkpoint.subnetId == subnetId
      case .external:
        return false
      }
    }

    /// `✓ network-acl-ingress: allowed`, then the component and the rule, then what stateful
    /// and stateless mean for it.
    func checkpointLines(_ checkpoint: Checkpoint, blocks: Bool, reply: Bool) -> [String] {
      let mark =
        switch checkpoint.result {
        case .allowed: "✓"
        case .denied: "✗"
        case .skipped: glyphs.skipped
        case .undetermined: "?"
        }
      var first =
        "\(mark) \(checkpoint.check.rawValue): "
        + DiagnosisRenderer.resultWord(checkpoint.result).text(in: language)
      if blocks { first += "  " + say(.legsThisReject) }
      var lines = [first]
      var detail = checkpoint.componentId ?? ""
      switch checkpoint.rule {
      case .networkACLEntry(_, let entry)?:
        detail += say(.storyCauseRule, ["rule": entry.isImplicit ? "*" : "\(entry.ruleNumber)"])
      case .securityGroupRule(_, let rule, _)?:
        detail += " " + (rule.ruleId ?? Explanation.rule(rule).text(in: language))
      case .route(_, let route)?:
        detail += " " + route.description
      case .transitGatewayRoute(_, let route)?:
        detail += " " + route.destination.description
      case .connectionTracking?, nil:
        break
      }
      let trimmed = detail.drop { $0 == " " }
      if !trimmed.isEmpty { lines.append("  " + trimmed) }
      if case .connectionTracking? = checkpoint.rule {
        lines.append("  " + say(.legsTracked))
      } else if reply,
        checkpoint.check == .networkACLIngress || checkpoint.check == .networkACLEgress,
        checkpoint.result == .allowed || checkpoint.result == .denied
      {
        // Only the final * entry denies a reply for want of an entry of its own.
        var implicit = false
        if case .networkACLEntry(_, let entry)? = checkpoint.rule { implicit = entry.isImplicit }
        lines.append(
          "  "
            + say(
              checkpoint.result == .denied && implicit ? .legsStatelessReply : .legsStatelessJudged)
        )
      }
      return lines
    }

    /// What the logs show of each leg: the record on its own, the first reverse record on
    /// the other.
    func loggedTexts(_ diagnosis: Diagnosis, recordLeg: Int) -> [String?] {
      let record = diagnosis.observation
      var texts: [String?] = [nil, nil]
      texts[recordLeg] = say(
        .legsLogged, ["place": "\(name):\(record.line)", "action": "REJECT"])
      if let reverse = diagnosis.related.first(where: { $0.relation == "reverse" }) {
        texts[1 - recordLeg] = say(
          .legsLogged, ["place": "\(name):\(reverse.line)", "action": reverse.action.rawValue])
      }
      return texts
    }

    // MARK: From the logs alone

    mutating func logsOnly(_ diagnosis: Diagnosis) -> String {
      let record = diagnosis.observation
      guard let direction = diagnosis.direction ?? record.flowDirection else { return "" }
      let role = diagnosis.role ?? .request
      let ports = [6, 17].contains(record.protocolNumber)
      func address(_ address: IPAddress, _ port: UInt16) -> String {
        ports ? DiagnosisRenderer.endpoint(address, port) : "\(address)"
      }
      // The request's sender is the client: the record's sender for a request.
      let (clientAddress, serverAddress) =
        role == .request
        ? (
          address(record.source, record.sourcePort),
          address(record.destination, record.destinationPort)
        )
        : (
          address(record.destination, record.destinationPort),
          address(record.source, record.sourcePort)
        )
      let eniSide: Side = (direction == .ingress) == (role == .request) ? .server : .client
      let eni = record.interfaceId
      heads(
        client: eniSide == .client ? "\(clientAddress) \(eni)" : clientAddress,
        server: eniSide == .server ? "\(serverAddress) \(eni)" : serverAddress)
      let recordLeg = role == .response ? 1 : 0
      let logged = loggedTexts(diagnosis, recordLeg: recordLeg)
      let acceptedReverse = diagnosis.related.contains {
        $0.relation == "reverse" && $0.action == .accept && $0.interfaceId == eni
      }
      for leg in 0..<2 {
        out += "\n"
        arrow(request: leg == 0, logged: logged[leg])
        // The leg arrives at the ENI when it is sent from the other side.
        let senderSide: Side = leg == 0 ? .client : .server
        let arriving = senderSide != eniSide
        if leg == 1, recordLeg == 0, diagnosis.cause != .undetermined,
          diagnosis.cause != .afterClose
        {
          line(eniSide == .client ? .server : .client, say(.legsNoReplyDenied))
          continue
        }
        let checks: [Checkpoint.Check] =
          arriving
          ? [.networkACLIngress, .securityGroupIngress] : [.securityGroupEgress, .networkACLEgress]
        var stopped = false
        for check in checks {
          if stopped {
            line(eniSide, "\(glyphs.more) \(check.rawValue) " + say(.legsNotReached))
            continue
          }
          let isACL = check == .networkACLIngress || check == .networkACLEgress
          var lines: [String]
          if leg == recordLeg {
            let named =
              (diagnosis.cause == .networkACL && isACL)
              || (diagnosis.cause == .securityGroup && !isACL)
            lines =
              named
              ? [
                "✗ \(check.rawValue): "
                  + DiagnosisRenderer.resultWord(.denied).text(in: language) + "  "
                  + say(.legsThisReject)
              ]
              : ["? \(check.rawValue): " + say(.legsUnknown)]
            stopped = named
            if named, let component = diagnosis.component {
              var detail = component
              if let rule = diagnosis.rule {
                detail += say(.storyCauseRule, ["rule": rule >= 32767 ? "*" : "\(rule)"])
              }
              lines.append("  " + detail)
            }
          } else if acceptedReverse {
            lines = [
              "✓ \(check.rawValue): " + DiagnosisRenderer.resultWord(.allowed).text(in: language),
              "  " + say(.legsAcceptedInLogs),
            ]
          } else {
            lines = ["? \(check.rawValue): " + say(.legsUnknown)]
          }
          if leg == 1 {
            if !isACL, acceptedReverse || leg != recordLeg {
              lines.append("  " + say(.legsTracked))
            } else if isACL {
              // The final * entry (or, from the logs alone, an entry unknown) denies a reply
              // for want of one of its own; a numbered entry judged it as any packet.
              let numbered = diagnosis.rule.map { $0 < 32767 } ?? false
              lines.append(
                "  "
                  + say(leg == recordLeg && numbered ? .legsStatelessJudged : .legsStatelessReply))
            }
          }
          for text in lines { line(eniSide, text) }
        }
      }
      return out
    }
  }
}
