import Analysis
import FlowLogs

/// One seed through the whole text path: the simulator writes the records AWS would write for
/// the sample's traffic and knows what rejected each REJECT; the records become lines in each
/// format family, as `flowcause simulate` writes them; the FlowLogs reader parses the lines;
/// streaming diagnosers decide every REJECT as `flowcause diagnose` does, with the snapshot
/// topology and without it. Each REJECT's diagnosis in each mode is judged against the truth.
public struct DifferentialRun: Sendable {
  public var sample: NetworkSample
  public var records: [SimulatedRecord]
  /// Every simulated REJECT in every mode asked for.
  public var judgements: [Judgement]
  /// What went wrong in the instrument itself: a line the reader refused, a REJECT without a
  /// diagnosis, a conversation the simulator could not follow.
  public var problems: [String]

  /// Runs `sample` in `modes` (every mode unless told).
  public init(_ sample: NetworkSample, modes: [DiagnosisMode] = DiagnosisMode.all)
    throws(Simulator.Failure)
  {
    self.sample = sample
    var problems: [String] = []
    records = try Simulator(topology: sample.network, window: sample.window, seed: sample.seed)
      .simulate(sample.traffic) { problems.append("simulator: \($0)") }
    judgements = []
    let offset = sample.layout.header ? 1 : 0
    for version in LogLayout.Version.allCases {
      for rejectsOnly in [false, true] {
        let wanted = modes.filter { $0.version == version && $0.rejectsOnly == rejectsOnly }
        guard !wanted.isEmpty else { continue }
        let format = sample.layout.format(version)
        let text = sample.layout.text(records.map { $0.line(in: format) }, version: version)
        var feed = DiagnosisFeed(topology: sample.snapshot, rejectsOnly: rejectsOnly)
        _ = FlowLogReader(format: sample.layout.givenFormat(version)).read(
          MemorySource(text), into: &feed)
        feed.finish()
        problems += feed.problems.map { "\(version.rawValue): \($0)" }
        for mode in wanted {
          let diagnoses = mode.withTopology ? feed.decidedWithTopology : feed.decidedFromLogs
          var byLine: [Int: Diagnosis] = [:]
          for diagnosis in diagnoses { byLine[diagnosis.observation.line] = diagnosis }
          for (index, record) in records.enumerated() {
            guard let truth = record.truth else { continue }
            let line = index + 1 + offset
            guard let diagnosis = byLine[line] else {
              problems.append("\(mode): line \(line): a REJECT without a diagnosis")
              continue
            }
            let conversation = record.conversationIndex
            guard sample.kinds.indices.contains(conversation) else {
              problems.append("\(mode): line \(line): a REJECT of no conversation")
              continue
            }
            judgements.append(
              Judgement(
                mode: mode, line: line, index: index, kind: sample.kinds[conversation],
                truth: truth, otherTruths: record.otherTruths, diagnosis: diagnosis))
          }
        }
      }
    }
    self.problems = problems
  }

  /// The record's line as written in `version`.
  public func text(of index: Int, in version: LogLayout.Version) -> String {
    records[index].line(in: sample.layout.format(version))
  }

  /// `seed 17 line 42 on eni-1-3: true … diagnosed … (role … by …) [kind]`.
  public func describe(_ judgement: Judgement) -> String {
    "seed \(sample.seed) line \(judgement.line) on \(records[judgement.index].interfaceId): "
      + "\(judgement.truthText), \(judgement.diagnosisText) [\(judgement.kind.rawValue)]"
  }
}
