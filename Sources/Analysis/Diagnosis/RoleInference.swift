/// Decides whether a record carries the initiator's packets or the responder's: the role the
/// diagnosis reports, and the one it takes when the topology's verdict depends on it and
/// nothing else decides (docs/diagnosis.md, "Who started the flow").
enum RoleInference {
  /// Ports servers listen on, whatever their number: a client port never takes one of these
  /// (NFS 2049 answers clients on privileged ports, rsh 514 too).
  static let servicePorts: Set<UInt16> = [
    20, 21, 22, 23, 25, 53, 67, 68, 69, 80, 88, 110, 111, 123, 135, 137, 138, 139, 143, 161,
    162, 179, 389, 443, 445, 465, 500, 514, 587, 636, 853, 873, 989, 990, 993, 995, 1080, 1194,
    1433, 1521, 1883, 2049, 2375, 2376, 2379, 2380, 3000, 3128, 3306, 3389, 4500, 5000, 5432,
    5439, 5671, 5672, 5900, 5985, 5986, 6379, 6443, 8000, 8080, 8081, 8088, 8443, 8883, 9000,
    9090, 9092, 9200, 9300, 9418, 10250, 11211, 27017,
  ]

  /// The runs of ports ``serverLikeness(_:)`` tells apart: each service port, and the three
  /// classes (``DecisionCells``).
  static let portClassRanges: [ClosedRange<UInt16>] =
    servicePorts.sorted().map { $0...$0 } + [0...1023, 1024...32767, 32768...65535]

  /// How much a port looks like a server's: 0 a known service port, 1 another privileged port
  /// (below 1024), 2 a registered one (1024–32767), 3 an ephemeral one (32768 and up: Linux
  /// 32768–60999, Windows 49152–65535).
  static func serverLikeness(_ port: UInt16) -> Int {
    if servicePorts.contains(port) { return 0 }
    if port < 1024 { return 1 }
    if port < 32768 { return 2 }
    return 3
  }

  static func infer(
    _ record: FlowObservation, related: Correlator.Related, evidence: LogEvidence
  ) -> (FlowRole, RoleEvidence)? {
    // 1. TCP flags: SYN marks the initiator, SYN-ACK the responder.
    if record.hasSYNOnly { return (.request, .tcpFlags) }
    if record.hasSYNACK { return (.response, .tcpFlags) }
    let start = record.start ?? 0
    if related.reverse.contains(where: { $0.hasSYNOnly && ($0.start ?? 0) <= start }) {
      return (.response, .tcpFlags)
    }
    if related.reverse.contains(where: { $0.hasSYNACK && ($0.start ?? 0) <= start }) {
      return (.request, .tcpFlags)
    }
    // 2. An earlier request the other way was accepted on this ENI: a rejected request is
    //    never answered, so this record is the answer. Not when this direction was itself
    //    accepted before (both legs flowed, and a later REJECT proves nothing about its leg),
    //    nor when the other side could have started the same flow while this direction also
    //    carried other packets (equal ports or ICMP, both accepted and rejected).
    if record.action == .reject, evidence.request != nil, !evidence.acceptedBefore,
      !(evidence.symmetric && evidence.mixed)
    {
      return (.response, .acceptedReverseLeg)
    }
    // 3. Which leg came first on this ENI. A leg the ENI rejected first was never answered,
    //    so it started nothing: only an accepted one counts.
    var ownStart = record.start
    for other in related.same { if let s = other.start, s < (ownStart ?? .max) { ownStart = s } }
    var reverseStart: Int64? = nil
    for other in related.reverse where other.action == .accept {
      if let s = other.start, s < (reverseStart ?? .max) { reverseStart = s }
    }
    if let ownStart, let reverseStart, ownStart != reverseStart {
      return (ownStart < reverseStart ? .request : .response, .firstLeg)
    }
    // 4. Ports: the more server-like port is the server's.
    if record.protocolNumber == 6 || record.protocolNumber == 17 {
      let source = serverLikeness(record.sourcePort)
      let destination = serverLikeness(record.destinationPort)
      if source != destination { return (destination < source ? .request : .response, .ports) }
    }
    // 5. Nothing came back on this ENI.
    if related.reverse.isEmpty { return (.request, .unanswered) }
    return nil
  }
}
