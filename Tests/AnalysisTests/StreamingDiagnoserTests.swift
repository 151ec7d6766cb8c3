import FlowLogs
import NetworkPrimitives
import RandomNetworks
import Testing
import Topology

@testable import Analysis

/// The streaming diagnoser (the fast path `diagnose` uses) against the batch diagnoser (the
/// simple path, which keeps every record): the same diagnoses, in the same order, for input in
/// time order, while holding only a window of records.
@Suite("Streaming diagnosis agrees with the batch path")
struct StreamingDiagnoserTests {
  static func streamed(
    _ observations: [FlowObservation], topology: Topology?, slack: Int64 = Correlator.horizon
  ) -> (diagnoses: [Diagnosis], streaming: StreamingDiagnoser) {
    var streaming = StreamingDiagnoser(
      diagnoser: Diagnoser(topology: topology), reorderSlack: slack)
    var diagnoses: [Diagnosis] = []
    for observation in observations {
      streaming.add(observation, decided: { diagnoses.append($0) })
    }
    streaming.finish(decided: { diagnoses.append($0) })
    return (diagnoses, streaming)
  }

  @Test("Simulated networks: every REJECT gets the batch path's diagnosis", arguments: 0..<60)
  func simulated(seed: Int) throws {
    let (topology, traffic) = RandomNetwork.make(seed: UInt64(seed) &* 7919 &+ 11)
    let records = try Simulator(topology: topology).simulate(traffic)
    for logsOnly in [false, true] {
      // The simulator writes conversation by conversation; flow logs arrive in time order.
      let observations = RandomNetwork.observations(records, logsOnly: logsOnly).sorted {
        ($0.start ?? 0, $0.line) < ($1.start ?? 0, $1.line)
      }
      let batch = Diagnoser(topology: logsOnly ? nil : topology).diagnose(observations)
      let stream = Self.streamed(observations, topology: logsOnly ? nil : topology).diagnoses
      #expect(stream.count == batch.count, "seed \(seed)")
      for (fast, simple) in zip(stream, batch) where fast != simple {
        // The one allowed difference: the address an ENI shows for itself, counted over the
        // records read so far instead of the whole input, may still be unknown.
        #expect(
          fast.direction == nil && simple.direction != nil && logsOnly
            && fast.observation == simple.observation,
          "seed \(seed) line \(fast.observation.line): \(fast) != \(simple)")
      }
    }
  }

  /// Six hours of conversations on 40 ENIs: requests accepted or rejected, replies accepted or
  /// rejected, late teardown packets. Windows advance in time order.
  static func longStream() -> [FlowObservation] {
    var random = SplitMixRandom(seed: 42)
    var result: [FlowObservation] = []
    var line = 0
    for minute in 0..<360 {
      for _ in 0..<30 {
        let eni = Int(random.next() % 40)
        let own = IPAddress.v4(0x0A00_0000 | UInt32(eni + 10))
        let peer = IPAddress.v4(0xC633_6400 | UInt32(random.next() % 200))
        let port = UInt16(32768 + random.next() % 28000)
        let start = Int64(1_700_000_000 + minute * 60 + Int(random.next() % 50))
        let kind = random.next() % 4
        func record(
          _ source: IPAddress, _ destination: IPAddress, _ sport: UInt16, _ dport: UInt16,
          _ action: FlowAction, shift: Int64 = 0
        ) -> FlowObservation {
          line += 1
          return FlowObservation(
            file: 0, line: line, interfaceId: "eni-\(eni)", source: source,
            destination: destination,
            sourcePort: sport, destinationPort: dport, protocolNumber: 6, packets: 3,
            start: start + shift, end: start + shift + 60, action: action)
        }
        result.append(record(peer, own, port, 443, kind == 0 ? .reject : .accept))
        if kind == 1 { result.append(record(own, peer, 443, port, .reject)) }
        if kind == 2 { result.append(record(own, peer, 443, port, .accept)) }
        if kind == 3 { result.append(record(peer, own, port, 443, .reject, shift: 600)) }
      }
    }
    // Flow logs are near time order, not exact: sort by minute window, as a file holds them.
    return result.sorted { ($0.start! / 60, $0.line) < ($1.start! / 60, $1.line) }
  }

  /// Under these hash seeds the conversation index, rehashed in place after its stale slots were
  /// emptied, lost a slot of a live conversation: a REJECT lost its related records (line 7115
  /// under seed 14). The process's random seed found it about once in 25 runs.
  @Test(
    "Hours of records under hash seeds that once cut a conversation's probe run",
    arguments: [14, 15, 26, 33, 38] as [UInt64])
  func longUnderSeeds(seed: UInt64) {
    let observations = Self.longStream()
    let batch = Diagnoser(topology: nil).diagnose(observations)
    var streaming = StreamingDiagnoser(diagnoser: Diagnoser(topology: nil), hashSeed: seed)
    var stream: [Diagnosis] = []
    for observation in observations { streaming.add(observation, decided: { stream.append($0) }) }
    streaming.finish(decided: { stream.append($0) })
    #expect(stream == batch)
  }

  @Test("Hours of records: the same diagnoses as the batch path, from a window of records")
  func long() {
    let observations = Self.longStream()
    let batch = Diagnoser(topology: nil).diagnose(observations)
    let (stream, streaming) = Self.streamed(observations, topology: nil)
    #expect(stream == batch)
    #expect(batch.count > 2000)
    #expect(streaming.lateRecords == 0)
    // 6 hours of records, a window of 3 × 21 minutes (plus slack) held at most.
    #expect(streaming.peakHeld < observations.count / 4, "held \(streaming.peakHeld)")
  }

  /// The same hours read from 600 inputs, as a day of S3 objects is: a held record does not
  /// keep its input (``InputStarts`` does, by where each input starts), so each REJECT's
  /// evidence must still name the input and line of every record it pairs, across inputs.
  @Test("Hours of records from hundreds of inputs: the batch path's evidence, inputs named")
  func manyInputs() {
    let observations = Self.longStream().enumerated().map { place, observation in
      var observation = observation
      observation.file = place / 18
      return observation
    }
    #expect(observations.last.map(\.file) ?? 0 > 500)
    let batch = Diagnoser(topology: nil).diagnose(observations)
    let (stream, _) = Self.streamed(observations, topology: nil)
    #expect(stream.count == batch.count)
    let differing = zip(stream, batch).filter { $0 != $1 }
    #expect(
      differing.isEmpty,
      "\(differing.count) differ; the first: \(String(describing: differing.first))")
    let pairedAcross = batch.filter { diagnosis in
      diagnosis.related.contains { $0.file != diagnosis.observation.file }
    }
    #expect(pairedAcross.count > 100)
  }

  /// Monitoring pings between the same pairs every minute for three hours, each a request on
  /// one ENI and a REJECT on the other, written up to ten minutes out of time order (within
  /// the slack): every REJECT reaches back along a long conversation, to records that left the
  /// window of REJECTs still to come while it waited to be decided.
  @Test("Long conversations out of order within the slack: the batch path's evidence")
  func longConversationsOutOfOrder() {
    var random = SplitMixRandom(seed: 7)
    var observations: [FlowObservation] = []
    var line = 0
    for minute in 0..<180 {
      for pair in 0..<12 {
        let start = Int64(1_700_000_000 + minute * 60)
        let source = IPAddress.v4(0x0A00_0A00 | UInt32(pair))
        let destination = IPAddress.v4(0x0A00_1400 | UInt32(pair % 3))
        for (eni, action) in [
          ("eni-app\(pair)", FlowAction.accept), ("eni-db\(pair % 3)", .reject),
        ] {
          line += 1
          observations.append(
            FlowObservation(
              file: 0, line: line, interfaceId: eni, source: source, destination: destination,
              sourcePort: 0, destinationPort: 0, protocolNumber: 1,
              packets: Int64(1 + random.next() % 3), start: start, end: start + 60,
              action: action))
        }
      }
    }
    // Written in order of a start jittered by up to ten minutes, numbered as written.
    let keyed = observations.map { ($0.start! + Int64(random.next() % 600), $0) }
    observations = keyed.sorted { $0.0 < $1.0 }.enumerated().map { offset, item in
      var observation = item.1
      observation.line = offset + 1
      return observation
    }
    let batch = Diagnoser(topology: nil).diagnose(observations)
    let (stream, streaming) = Self.streamed(observations, topology: nil)
    #expect(streaming.lateRecords == 0)
    #expect(stream.count == batch.count && batch.count == 180 * 12)
    for (fast, simple) in zip(stream, batch) where fast != simple {
      Issue.record("line \(simple.observation.line): \(fast) != \(simple)")
      break
    }
    #expect(streaming.peakHeld < observations.count / 2, "held \(streaming.peakHeld)")
  }

  @Test("Records out of time order beyond the slack are counted as late")
  func late() {
    var observations = Self.longStream()
    let moved = observations.remove(at: 100)
    observations.append(moved)
    let (_, streaming) = Self.streamed(observations, topology: nil)
    #expect(streaming.lateRecords == 1)
  }

  @Test("Starts near Int64.max (the reader takes any unsigned value) decide without overflow")
  func startsNearTheEnd() {
    // The line issue 19 reported: `start` and `end` 9223372036854775807 trapped in the
    // arithmetic that decides when a REJECT's window has closed.
    let far = Int64.max
    func record(_ line: Int, _ start: Int64, _ action: FlowAction) -> FlowObservation {
      FlowObservation(
        file: 0, line: line, interfaceId: "eni-0a1b2c3d4e5f60718", source: .v4(0xC633_6407),
        destination: .v4(0x0A00_0105), sourcePort: 40000, destinationPort: 22, protocolNumber: 6,
        packets: 1, start: start, end: far, action: action)
    }
    let observations = [
      record(1, far, .reject), record(2, 0, .reject), record(3, far - 1, .accept),
      record(4, far, .accept),
    ]
    let (diagnoses, _) = Self.streamed(observations, topology: nil)
    #expect(diagnoses.map(\.observation.line) == [1, 2])
    #expect(diagnoses == Diagnoser(topology: nil).diagnose(observations))
  }
}
