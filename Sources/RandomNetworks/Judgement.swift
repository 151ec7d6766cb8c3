import Analysis
import FlowLogs

/// One simulated REJECT as one mode diagnosed it, against what the simulator knows.
///
/// A record that aggregates the REJECTs of several conversations (one 5-tuple, one window)
/// has several truths: the first conversation's, and the others' (`also` in `simulate
/// --truth`). A diagnosis that names any of them agrees, and an undetermined one is honest
/// when its candidates hold any of them. Roles are not judged: the truth's role of a one-way
/// packet is only its leg of the traffic file, and the texts say `one-way` instead.
public struct Judgement: Sendable {
  /// How a diagnosis compares with the truth.
  public enum Verdict: String, Hashable, Sendable {
    /// A true cause; with the topology, also its ACL and rule, or its groups.
    case agrees
    /// `undetermined`.
    case undetermined
    /// A cause that is none of the truths'.
    case wrongCause = "wrong-cause"
    /// A true cause with another ACL, rule or group list.
    case wrongDetail = "wrong-detail"
  }

  public var mode: DiagnosisMode
  /// The record's line in the log (a header line counted).
  public var line: Int
  /// The record's position among the simulated records.
  public var index: Int
  public var kind: TrafficKind
  /// The truth of the record's first conversation: the one its cause is counted under.
  public var truth: SimulatedRecord.Truth
  /// The other truths of a record that aggregates several conversations' REJECTs, in order.
  public var otherTruths: [SimulatedRecord.Truth]
  public var diagnosis: Diagnosis
  public var verdict: Verdict

  init(
    mode: DiagnosisMode, line: Int, index: Int, kind: TrafficKind, truth: SimulatedRecord.Truth,
    otherTruths: [SimulatedRecord.Truth] = [], diagnosis: Diagnosis
  ) {
    self.mode = mode
    self.line = line
    self.index = index
    self.kind = kind
    self.truth = truth
    self.otherTruths = otherTruths
    self.diagnosis = diagnosis
    verdict = Self.verdict(
      diagnosis, truths: [truth] + otherTruths, withTopology: mode.withTopology)
  }

  /// Every truth of the record, the first conversation's first.
  public var truths: [SimulatedRecord.Truth] { [truth] + otherTruths }

  static func verdict(
    _ diagnosis: Diagnosis, truths: [SimulatedRecord.Truth], withTopology: Bool
  ) -> Verdict {
    if diagnosis.cause == .undetermined { return .undetermined }
    let named = truths.filter { $0.cause == diagnosis.cause }
    if named.isEmpty { return .wrongCause }
    guard withTopology else { return .agrees }
    return named.contains { sameDetail(diagnosis, $0) } ? .agrees : .wrongDetail
  }

  /// Whether `diagnosis` names `truth`'s ACL and rule, or its groups (other causes have no
  /// detail to compare).
  static func sameDetail(_ diagnosis: Diagnosis, _ truth: SimulatedRecord.Truth) -> Bool {
    switch truth.cause {
    case .networkACL: diagnosis.component == truth.component && diagnosis.rule == truth.rule
    case .securityGroup: diagnosis.component == truth.component
    default: true
    }
  }

  /// The truth the verdict holds the diagnosis to: the one it agrees with, else the first.
  public var judgedTruth: SimulatedRecord.Truth {
    guard verdict == .agrees else { return truth }
    return truths.first {
      $0.cause == diagnosis.cause && (!mode.withTopology || Self.sameDetail(diagnosis, $0))
    } ?? truth
  }

  public var isWrong: Bool { verdict == .wrongCause || verdict == .wrongDetail }

  /// A wrong cause (or ACL entry, or groups) at high confidence: the worst bug.
  public var isWrongAtHigh: Bool { isWrong && diagnosis.confidence == .high }

  /// An undetermined diagnosis whose candidates leave out every true cause.
  public var candidatesMissTruth: Bool {
    verdict == .undetermined && !truths.contains { diagnosis.candidates.contains($0.cause) }
  }

  /// Whether the truth is one the completeness goal covers: a control of the network.
  public var isControlTruth: Bool {
    [.securityGroup, .networkACL, .routing].contains(truth.cause)
  }

  /// The truth's role as the texts show it: `one-way` for packets that answer nothing the ENI
  /// asked, whose role is only their leg of the traffic file and is not judged.
  static func roleText(_ truth: SimulatedRecord.Truth) -> String {
    truth.oneWay ? "one-way" : truth.role.rawValue
  }

  /// `true network-acl response acl-1-2 rule 32767`, then `, also …` for each other truth of
  /// an aggregated record.
  public var truthText: String {
    "true "
      + truths.map { truth in
        "\(truth.cause.rawValue) \(Self.roleText(truth))"
          + (truth.component.map { " \($0)" } ?? "") + (truth.rule.map { " rule \($0)" } ?? "")
      }.joined(separator: ", also ")
  }

  /// `network-acl response`, then ` (also after-close response)` for the other truths of an
  /// aggregated record: the truth in a class name, without components.
  var truthClass: String {
    "\(truth.cause.rawValue) \(Self.roleText(truth))"
      + (otherTruths.isEmpty
        ? ""
        : " (also \(otherTruths.map { "\($0.cause.rawValue) \(Self.roleText($0))" }.joined(separator: ", ")))")
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
        ? "\(diagnosis.cause.rawValue) with another \(diagnosis.cause == .networkACL ? "ACL entry" : "group list")"
        : diagnosis.cause.rawValue
      return
        "\(mode): wrong at high: true \(truthClass), diagnosed \(what) (\(role))"
    }
    if mode.isHeldToCompleteness && candidatesMissTruth {
      return
        "\(mode): candidates miss the truth: true \(truthClass), candidates [\(diagnosis.candidates.map(\.rawValue).joined(separator: ", "))] (\(role))"
    }
    return nil
  }

  /// How an undetermined diagnosis of a control's REJECT came about, for the breakdown of the
  /// completeness goal: the truth and the role evidence.
  public var undeterminedClass: String {
    "true \(truthClass) (role \(diagnosis.role?.rawValue ?? "-") by \(diagnosis.roleEvidence?.rawValue ?? "-"))"
  }
}
