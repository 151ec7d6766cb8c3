import FlowLogs
import NetworkPrimitives
import Testing

@testable import Analysis

/// A conversation repeated thousands of times (a file given twice, overlapping exports, a
/// hostile sender) costs linear time, memory and output: copies are counted, not diagnosed
/// again, and a diagnosis lists at most ``Correlator/listedPerSide`` related records on each
/// side, counting the rest; the evidence still reads every record of the window.
@Suite("Bounded evidence: repeated records cost linear work, and no evidence is lost")
struct BoundedEvidenceTests {
  static let t0: Int64 = 1_795_350_400

  static func record(
    _ line: Int, packets: Int64 = 1, start: Int64 = t0, action: FlowAction = .reject,
    reversed: Bool = false, flags: Int? = nil
  ) -> FlowObservation {
    let (client, server): (IPAddress, IPAddress) = (.v4(0xC633_6407), .v4(0x0A00_0105))
    return FlowObservation(
      file: 0, line: line, interfaceId: "eni-0a1b2c3d4e5f60718",
      source: reversed ? server : client, destination: reversed ? client : server,
      sourcePort: reversed ? 22 : 40000, destinationPort: reversed ? 40000 : 22,
      protocolNumber: 6, packets: packets, start: start, end: start + 60, action: action,
      tcpFlags: flags)
  }

  static func streamed(_ observations: [FlowObservation]) -> (
    diagnoses: [Diagnosis], streaming: StreamingDiagnoser
  ) {
    var streaming = StreamingDiagnoser(diagnoser: Diagnoser(topology: nil))
    var diagnoses: [Diagnosis] = []
    for observation in observations {
      streaming.add(observation, decided: { diagnoses.append($0) })
    }
    streaming.finish(decided: { diagnoses.append($0) })
    return (diagnoses, streaming)
  }

  @Test("Records of one minute past the held limit: memory stays bounded, every REJECT decided")
  func heldLimit() {
    // 5,000 distinct conversations (client ports), every record in the same minute: the window
    // never closes before the end, so without a limit all would be held at once.
    var streaming = StreamingDiagnoser(diagnoser: Diagnoser(topology: nil), heldLimit: 1_000)
    var lines: [Int] = []
    for line in 1...5_000 {
      var observation = Self.record(line)
      observation.sourcePort = UInt16(20_000 + line)
      streaming.add(observation, decided: { lines.append($0.observation.line) })
    }
    #expect(streaming.peakHeld <= 1_001)
    // Past the limit a REJECT is decided once half the limit follows it (the other half is
    // kept behind it for the next): all but the last 500 early.
    #expect(streaming.decidedEarly == 4_500)
    streaming.finish(decided: { lines.append($0.observation.line) })
    // Each REJECT decided once, in input order.
    #expect(lines == Array(1...5_000))
  }

  @Test(
    "A REJECT whose conversation's records were dropped past the held limit is not called certain"
  )
  func lostHistory() throws {
    // eni-app (TestNetwork: sg-app lets everything out, acl-default allows everything) opens a
    // connection to 93.184.216.34:443, accepted both ways; five minutes later a late RST of it
    // arrives and is rejected (a packet after the connection closed: VPC User Guide, "Flow log
    // records", action). The v2 format has no tcp-flags. In between, 3,000 records of other
    // conversations, more than the 1,000 records held: the connection's two ACCEPTs are
    // dropped before the RST is decided. Read as new traffic, the RST is denied by sg-app (no
    // inbound rule for it); but the logs held cannot show that it is not a late packet of a
    // connection the ENI accepted, so the security group cannot be named as certain.
    let topology = TestNetwork.make()
    let app = TestNetwork.ip("10.0.2.20")
    let api = TestNetwork.ip("93.184.216.34")
    func record(_ line: Int, start: Int64, inbound: Bool, action: FlowAction, port: UInt16 = 40000)
      -> FlowObservation
    {
      FlowObservation(
        file: 0, line: line, interfaceId: "eni-app", source: inbound ? api : app,
        destination: inbound ? app : api, sourcePort: inbound ? 443 : port,
        destinationPort: inbound ? port : 443, protocolNumber: 6, packets: 1,
        start: start, end: start + 60, action: action)
    }
    var records = [
      record(1, start: Self.t0, inbound: false, action: .accept),
      record(2, start: Self.t0, inbound: true, action: .accept),
    ]
    for line in 3...3_002 {
      records.append(
        record(
          line, start: Self.t0 + 60, inbound: false, action: .accept, port: UInt16(line + 10_000)))
    }
    records.append(record(3_003, start: Self.t0 + 300, inbound: true, action: .reject))
    func lateRST(heldLimit: Int) -> Diagnosis? {
      var streaming = StreamingDiagnoser(
        diagnoser: Diagnoser(topology: topology), heldLimit: heldLimit)
      var diagnoses: [Diagnosis] = []
      for observation in records { streaming.add(observation, decided: { diagnoses.append($0) }) }
      streaming.finish(decided: { diagnoses.append($0) })
      return diagnoses.first { $0.observation.line == 3_003 }
    }
    let whole = try #require(lateRST(heldLimit: StreamingDiagnoser.defaultHeldLimit))
    let cut = try #require(lateRST(heldLimit: 1_000))
    // With every record held, the accepted connection is seen; without it, the doubt is said.
    #expect(whole.related.map(\.line) == [1, 2])
    #expect(cut.related.isEmpty)
    for diagnosis in [whole, cut] {
      #expect(!(diagnosis.cause == .securityGroup && diagnosis.confidence == .high))
    }
    #expect(cut.explanation.contains("could not hold"))
  }

  @Test("The dropped conversations: every one dropped is found, few others are")
  func droppedConversations() {
    var filter = DroppedConversations(horizon: Correlator.horizon)
    #expect(filter.isEmpty)
    var generator = SystemRandomNumberGenerator()
    let dropped = (0..<50_000).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
    for (place, hash) in dropped.enumerated() {
      filter.insert(hash, start: Self.t0 + Int64(place % 1_800))
    }
    #expect(dropped.allSatisfy { filter.mayHaveLost($0, since: Self.t0) })
    let others = (0..<50_000).filter { _ in
      filter.mayHaveLost(UInt64.random(in: .min ... .max, using: &generator), since: Self.t0)
    }
    #expect(others.count < 500)
    // Not after the latest start dropped.
    #expect(!dropped.contains { filter.mayHaveLost($0, since: Self.t0 + 3 * Correlator.horizon) })
  }

  @Test("8,000 copies of one REJECT are one diagnosis and 7,999 counted copies")
  func copies() {
    let observations = (1...8000).map { Self.record($0) }
    let (diagnoses, streaming) = Self.streamed(observations)
    #expect(diagnoses.count == 1)
    #expect(streaming.duplicateRejects == 7999)
    #expect(streaming.firstDuplicate?.copy.line == 2)
    #expect(streaming.firstDuplicate?.of.line == 1)
    #expect(diagnoses.first?.related.isEmpty == true)
    // The copies are the record itself, counted as copies: no other record is left unlisted
    // (a diagnosis that said `"related":[],"related-omitted":256` would contradict itself).
    #expect(diagnoses.first?.relatedOmitted == 0)
    #expect(Diagnoser(topology: nil).diagnose(observations) == diagnoses)
  }

  @Test("Hundreds of distinct REJECTs of one conversation list a bounded number of related records")
  func distinctRepeats() {
    // Each differs in its packet count, so none is a copy.
    let observations = (1...700).map { Self.record($0, packets: Int64($0)) }
    let (diagnoses, _) = Self.streamed(observations)
    #expect(diagnoses.count == 700)
    let listed = diagnoses.map(\.related.count).max() ?? 0
    #expect(listed <= 2 * Correlator.listedPerSide)
    // Each diagnosis counts what it does not list, up to the records looked at on each side.
    let middle = diagnoses[350]
    #expect(middle.related.count == 2 * Correlator.listedPerSide)
    #expect(middle.relatedOmitted == 2 * (Correlator.scannedPerSide - Correlator.listedPerSide))
    #expect(diagnoses == Diagnoser(topology: nil).diagnose(observations))
  }

  @Test("Evidence past the listed records still counts: a late FIN after 40 records is after-close")
  func evidenceBeyondTheList() {
    // The connection opened (SYN and FIN in the client's one record), the server sent 40
    // records of data within the correlation horizon, and the client's late FIN came after:
    // the client's accepted record is more than listedPerSide records back, and still proves
    // this direction was accepted.
    var observations = [Self.record(1, action: .accept, flags: 3)]
    for window in 0..<40 {
      observations.append(
        Self.record(
          2 + window, start: Self.t0 + Int64(window) * 20, action: .accept, reversed: true,
          flags: window == 0 ? 18 : window == 39 ? 1 : 0))
    }
    observations.append(Self.record(42, start: Self.t0 + 40 * 20 + 5, flags: 1))
    let (diagnoses, _) = Self.streamed(observations)
    #expect(diagnoses.count == 1)
    #expect(diagnoses.first?.cause == .afterClose)
    #expect(diagnoses.first?.related.count == Correlator.listedPerSide)
    #expect(diagnoses.first?.relatedOmitted == 41 - Correlator.listedPerSide)
  }
}
