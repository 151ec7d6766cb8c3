/// Decides whether a record is the request or the response of its conversation.
enum RoleInference {
  /// Ports a server listens on: IANA's well-known range, plus registered service ports that
  /// are below the Linux ephemeral range.
  static func isServicePort(_ port: UInt16) -> Bool { port < 1024 }

  /// Ports clients are given by their OS: Linux 32768–60999, Windows 49152–65535.
  static func isEphemeral(_ port: UInt16) -> Bool { port >= 32768 }

  static func infer(
    _ record: FlowObservation, related: Correlator.Related
  ) -> (FlowRole, RoleEvidence)? {
    // 1. TCP flags: SYN marks the initiator, SYN-ACK the responder.
    if record.hasSYNOnly { return (.request, .tcpFlags) }
    if record.hasSYNACK { return (.response, .tcpFlags) }
    if related.reverse.contains(where: \.hasSYNOnly) { return (.response, .tcpFlags) }
    if related.reverse.contains(where: \.hasSYNACK) { return (.request, .tcpFlags) }
    // 2. The other direction was accepted on this ENI: a rejected request is never answered,
    //    so this record is the answer.
    //    Not when this direction was itself accepted in an earlier window: then both legs
    //    flowed, and a later REJECT proves nothing about which leg this is.
    if record.action == .reject && !related.acceptedBefore(record)
      && related.reverse.contains(where: { $0.action == .accept })
    {
      return (.response, .acceptedReverseLeg)
    }
    // 3. A service port facing an ephemeral one.
    if record.protocolNumber == 6 || record.protocolNumber == 17 {
      let source = record.sourcePort
      let destination = record.destinationPort
      if isServicePort(destination) && !isServicePort(source) { return (.request, .ports) }
      if isServicePort(source) && !isServicePort(destination) { return (.response, .ports) }
      if isEphemeral(source) && !isEphemeral(destination) { return (.request, .ports) }
      if isEphemeral(destination) && !isEphemeral(source) { return (.response, .ports) }
    }
    // 4. Which leg came first on this ENI.
    let ownStart = ([record] + related.same).compactMap(\.start).min()
    let reverseStart = related.reverse.compactMap(\.start).min()
    if let ownStart, let reverseStart, ownStart != reverseStart {
      return (ownStart < reverseStart ? .request : .response, .firstLeg)
    }
    // 5. Nothing came back on this ENI.
    if related.reverse.isEmpty { return (.request, .unanswered) }
    return nil
  }
}
