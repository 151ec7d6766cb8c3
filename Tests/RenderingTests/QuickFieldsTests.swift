import Analysis
import FlowLogs
import NetworkPrimitives
import RandomNetworks
import Rendering
import Testing
import Topology

/// `--fields` and `--output summary` take a REJECT of the commonest shapes from its
/// ``QuickDiagnosis``, without building the ``Diagnosis``: the keys written and the counts
/// must be those of the general diagnosis, on the simulated networks, scans and denied replies
/// of `QuickDiagnosisTests`.
@Suite("--fields and the summary from quick diagnoses match the general path")
struct QuickFieldsTests {
  typealias Field = DiagnosisLineWriter.Field

  static let selections: [DiagnosisLineWriter.FieldSelection] = [
    .init([.cause, .component, .rule]),
    .init(Field.allCases.filter { $0 != .explanation && $0 != .evidence }),
    .init([.line, .code, .direction, .role, .confidence, .candidates]),
    .init([.srcaddr, .dstport]),
    .init([.file, .explanation]),
    .init(Field.allCases),
  ]

  struct Tally {
    var compared = 0
    var quick = 0
  }

  /// Streams `observations` through a diagnoser; for every REJECT compares each selection's
  /// bytes both ways, and the summary counted both ways.
  static func compare(
    _ observations: [FlowObservation], topology: Topology, tally: inout Tally, _ label: String
  ) {
    let writer = DiagnosisLineWriter(files: QuickDiagnosisTests.files)
    var streaming = StreamingDiagnoser(diagnoser: Diagnoser(topology: topology))
    var pending: [StreamingDiagnoser.Pending] = []
    for observation in observations { streaming.add(observation, pending: { pending.append($0) }) }
    streaming.finishPending { pending.append($0) }
    var fast = RejectSummary(keyLimit: 50, bucketLimit: 8)
    var general = RejectSummary(keyLimit: 50, bucketLimit: 8)
    for item in pending {
      let diagnosis = item.decide()
      fast.add(item)
      general.add(diagnosis)
      tally.compared += 1
      let quick = item.decideQuickly()
      if quick != nil { tally.quick += 1 }
      for selection in selections {
        var expected = ByteBuffer()
        writer.append(diagnosis, selecting: selection, to: &expected)
        var written = ByteBuffer()
        writer.append(item, selecting: selection, to: &written)
        #expect(
          written.array == expected.array,
          "\(label) line \(item.record.line) \(selection.fields.map(\.rawValue))")
        if let quick, !selection.fields.contains(.explanation),
          !selection.fields.contains(.evidence)
        {
          var fromQuick = ByteBuffer()
          writer.append(item.record, quick: quick, selecting: selection, to: &fromQuick)
          #expect(
            fromQuick.array == expected.array,
            "\(label) line \(item.record.line) \(selection.fields.map(\.rawValue))")
        }
      }
    }
    #expect(fast == general, "\(label)")
  }

  @Test("Simulated networks, scans and denied replies: the same keys and counts both ways")
  func quickAndGeneral() throws {
    var tally = Tally()
    for seed in 0..<20 {
      let (topology, traffic) = RandomNetwork.make(seed: UInt64(seed) &* 7_919 &+ 11)
      let records = try Simulator(topology: topology).simulate(traffic)
      Self.compare(
        RandomNetwork.observations(records, logsOnly: false), topology: topology, tally: &tally,
        "seed \(seed)")
      Self.compare(
        QuickDiagnosisTests.scans(topology, seed: UInt64(seed), firstLine: 1),
        topology: topology, tally: &tally, "seed \(seed) scans")
      var (denying, _) = RandomNetwork.make(seed: UInt64(seed) &* 6_133 &+ 7)
      QuickDiagnosisTests.denyReplies(&denying, untracked: seed % 2 == 1)
      Self.compare(
        QuickDiagnosisTests.replies(denying, seed: UInt64(seed), firstLine: 1),
        topology: denying, tally: &tally, "seed \(seed) replies")
    }
    // The comparison means something only if the quick shapes are common.
    #expect(tally.compared > 5_000, "\(tally)")
    #expect(tally.quick > tally.compared / 8, "\(tally)")
  }
}
