import Analysis
import FlowLogs
import Topology

/// Feeds the records the reader parses to two streaming diagnosers, one with the topology and
/// one without, record by record as `diagnose` does, and keeps what they decide.
struct DiagnosisFeed: FlowLogConsumer {
  var withTopology: StreamingDiagnoser
  var logsOnly: StreamingDiagnoser
  var decidedWithTopology: [Diagnosis] = []
  var decidedFromLogs: [Diagnosis] = []
  /// REJECT lines a diagnoser did not take (a field it needs is missing), and lines the
  /// reader refused: the instrument's own failures.
  var problems: [String] = []
  private var indexedFormat: AnyObject? = nil
  private var indices = FlowObservation.FieldIndices(.defaultV2)

  /// Whether accepted records are left out, as a flow log of REJECTs only leaves them.
  let rejectsOnly: Bool

  init(topology: Topology?, rejectsOnly: Bool = false) {
    withTopology = StreamingDiagnoser(diagnoser: Diagnoser(topology: topology))
    logsOnly = StreamingDiagnoser(diagnoser: Diagnoser(topology: nil))
    self.rejectsOnly = rejectsOnly
  }

  mutating func record(_ record: RecordLine) {
    if rejectsOnly && record.action == .accept { return }
    if !record.hasFormatIdentity(indexedFormat) {
      indexedFormat = record.formatIdentity
      indices = FlowObservation.FieldIndices(record.format)
    }
    var decided: [Diagnosis] = []
    let taken = withTopology.add(record: record, file: 0, indices: indices) {
      decided.append($0.decide())
    }
    decidedWithTopology += decided
    decided = []
    _ = logsOnly.add(record: record, file: 0, indices: indices) { decided.append($0.decide()) }
    decidedFromLogs += decided
    if !taken && record.action == .reject {
      problems.append("line \(record.lineNumber): a REJECT the diagnoser cannot take")
    }
  }

  mutating func diagnostic(_ diagnostic: ReadDiagnostic) {
    problems.append("the reader refused line \(diagnostic.line ?? 0): \(diagnostic.problem)")
  }

  /// Decides the REJECTs still held, as `diagnose` does at the end of its input.
  mutating func finish() {
    var decided: [Diagnosis] = []
    withTopology.finishPending { decided.append($0.decide()) }
    decidedWithTopology += decided
    decided = []
    logsOnly.finishPending { decided.append($0.decide()) }
    decidedFromLogs += decided
  }
}
