import Analysis
import FlowLogs

/// One simulated REJECT as one mode diagnosed it, against what the simulator knows.
public struct Judgement: Sendable {
  /// How a diagnosis compares with the truth.
  public enum Verdict: String, Hashable, Sendable {
    /// The true cause; with the topology, also the true ACL and rule, or the true groups.
    case agrees
    /// `undetermined`.
    case undetermined
    /// Another cause.
    case wrongCause = "wrong-cause"
    /// The true cause with another ACL, rule or group list.
    case wrongDetail = "wrong-detail"
  }

  public var mode: DiagnosisMode
  /// The record's line in the log (a header line counted).
  public var line: Int
  /// The record's position among the simulated records.
  public var index: Int
  public var kind: TrafficKind
  public var truth: SimulatedRecord.Truth
  public var diagnosis: Diagnosis
  public var verdict: Verdict

  init(
    mode: DiagnosisMode, line: Int, index: Int, kind: TrafficKind, truth: SimulatedRecord.Truth,
    diagnosis: Diagnosis
  ) {
    self.mode = mode
    self.line = line
    self.index = index
    self.kind = kind
    self.truth = truth
    self.diagnosis = diagnosis
    verdict = Self.verdict(diagnosis, truth: truth, withTopology: mode.withTopology)
  }

  static func verdict(_ diagnosis: Diagnosis, truth: SimulatedRecord.Truth, withTopology: Bool)
    -> Verdict
  {
    if diagnosis.cause == .undetermined { return .undetermined }
    if diagnosis.cause != truth.cause { return .wrongCause }
    guard withTopology else { return .agrees }
    switch truth.cause {
    case .networkACL:
      return diagnosis.component == truth.component && diagnosis.rule == truth.rule
        ? .agrees : .wrongDetail
    case .securityGroup:
      return diagnosis.component == truth.component ? .agrees : .wrongDetail
    default:
      return .agrees
    }
  }

  public var isWrong: Bool { verdict == .wrongCause || verdict == .wrongDetail }

  /// A wrong cause (or ACL entry, or groups) at high confidence: the worst bug.
  public var isWrongAtHigh: Bool { isWrong && diagnosis.confidence == .high }

  /// An undetermined diagnosis whose candidates leave out the true cause.
  public var candidatesMissTruth: Bool {
    verdict == .undetermined && !diagnosis.candidates.contains(truth.cause)
  }

  /// Whether the truth is one the completeness goal covers: a control of the network.
  public var isControlTruth: Bool {
    [.securityGroup, .networkACL, .routing].contains(truth.cause)
  }

  /// `true network-acl response acl-1-2 rule 32767`.
  public var truthText: String {
    "true \(truth.cause.rawValue) \(truth.role.rawValue)"
      + (truth.component.map { " \($0)" } ?? "") + (truth.rule.map { " rule \($0)" } ?? "")
  }

  /// `diagnosed security-group high sg-1-2 (role request by ports)`.
  public var diagnosisText: String {
    var text = "diagnosed \(diagnosis.cause.rawValue) \(diagnosis.confidence.rawValue)"
    if let component = diagnosis.component { text += " \(component)" }
    if let rule = diagnosis.rule { text += " rule \(rule)" }
    if diagnosis.cause == .undetermined {
      text += " [\(diagnosis.candidates.map(\.rawValue).joined(separator: ", "))]"
    }
    return text
      + " (role \(diagnosis.role?.rawValue ?? "-") by \(diagnosis.roleEvidence?.rawValue ?? "-"))"
  }

  /// The failure class this judgement belongs to under the goals, or `nil` when it meets them:
  /// a wrong cause, ACL entry or groups at high confidence in any mode; with the topology and
  /// `tcp-flags`, an undetermined diagnosis whose candidates miss the truth. The same for every
  /// instance of one mistake (no seed, line or address in it).
  public var failureClass: String? {
    let role =
      "role \(diagnosis.role?.rawValue ?? "-") by \(diagnosis.roleEvidence?.rawValue ?? "-")"
    if isWrongAtHigh {
      let what =
        verdict == .wrongDetail
        ? "\(diagnosis.cause.rawValue) with another \(truth.cause == .networkACL ? "ACL entry" : "group list")"
        : diagnosis.cause.rawValue
      return
        "\(mode): wrong at high: true \(truth.cause.rawValue) \(truth.role.rawValue), diagnosed \(what) (\(role))"
    }
    if mode.isHeldToCompleteness && candidatesMissTruth {
      return
        "\(mode): candidates miss the truth: true \(truth.cause.rawValue) \(truth.role.rawValue), candidates [\(diagnosis.candidates.map(\.rawValue).joined(separator: ", "))] (\(role))"
    }
    return nil
  }

  /// How an undetermined diagnosis of a control's REJECT came about, for the breakdown of the
  /// completeness goal: the truth and the role evidence.
  public var undeterminedClass: String {
    "true \(truth.cause.rawValue) \(truth.role.rawValue) (role \(diagnosis.role?.rawValue ?? "-") by \(diagnosis.roleEvidence?.rawValue ?? "-"))"
  }
}
