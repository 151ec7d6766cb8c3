import FlowLogs

extension Diagnosis {
  /// The words of a diagnosis, its sentences and evidence aside: what `--output summary` and
  /// the text output count and `--fields` writes when no sentence is asked for. A worker
  /// decides them (through a ``VerdictMemo`` for REJECTs alike) and hands them on.
  package struct Words: Hashable, Sendable {
    package var cause: Cause
    package var code: ExplanationCode?
    package var component: String?
    package var rule: Int?
    package var direction: FlowDirection?
    package var role: FlowRole?
    package var confidence: Confidence
    package var candidates: [Cause]

    package init(_ diagnosis: Diagnosis) {
      cause = diagnosis.cause
      code = diagnosis.code
      component = diagnosis.component
      rule = diagnosis.rule
      direction = diagnosis.direction
      role = diagnosis.role
      confidence = diagnosis.confidence
      candidates = diagnosis.candidates
    }

    package init(_ quick: QuickDiagnosis) {
      cause = quick.cause
      code = quick.code
      component = quick.component
      rule = quick.rule
      direction = quick.direction
      role = quick.role
      confidence = quick.confidence
      candidates = []
    }

    /// A REJECT's: decided as a ``QuickDiagnosis`` when it is one of that shape, else the
    /// general way.
    package init(_ pending: StreamingDiagnoser.Pending) {
      if let quick = pending.decideQuickly() {
        self.init(quick)
      } else {
        self.init(pending.decide())
      }
    }
  }
}
