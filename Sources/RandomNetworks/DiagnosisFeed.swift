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
  /// The simulator's `traffic-path` is the route the topology chose: a record whose path the
  /// topology contradicts is a problem of the check or of the simulator.
  private let pathCheck: TrafficPathCheck?
  private var pathFields: TrafficPathCheck.Fields? = nil

  /// Whether accepted records are left out, as a flow log of REJECTs only leaves them.
  let rejectsOnly: Bool

  init(topology: Topology?, rejectsOnly: Bool = false) {
    let diagnoser = Diagnoser(topology: topology)
    withTopology = StreamingDiagnoser(diagnoser: diagnoser)
    pathCheck = diagnoser.trafficPathCheck
    logsOnly = StreamingDiagnoser(diagnoser: Diagnoser(topology: nil))
    self.rejectsOnly = rejectsOnly
  }

  mutating func record(_ record: RecordLine) {
    if rejectsOnly && record.action == .accept { return }
    if !record.hasFormatIdentity(indexedFormat) {
      indexedFormat = record.formatIdentity
      indices = FlowObservation.FieldIndices(record.format)
      pathFields = TrafficPathCheck.Fields(record.format)
    }
    if let pathFields, let found = pathCheck?.mismatch(record, pathFields) {
      let mismatch = found.mismatch
      problems.append(
        "line \(record.lineNumber): traffic-path \(mismatch.trafficPath) to \(mismatch.destination) "
          + "on \(found.interfaceId), where \(mismatch.tableId ?? "no table") chooses "
          + "\(mismatch.route ?? "no route")\(mismatch.isBlackhole ? " (blackhole)" : "")")
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
