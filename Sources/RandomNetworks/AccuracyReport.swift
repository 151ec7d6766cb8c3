import Analysis

/// What the differential found over many seeds, per mode: counts by true cause and by traffic
/// kind, the failure classes, examples, and the goals' verdict.
///
/// The goals: in every mode, no wrong cause (ACL entry, groups) at high confidence; with the
/// topology and `tcp-flags`, `undetermined` on at most 1 % of the REJECTs whose true cause is a
/// security group, a network ACL or routing, and never without the true cause among the
/// candidates.
public struct AccuracyReport: Sendable {
  /// The share of a control's REJECTs the goals allow to be undetermined.
  public static let undeterminedAllowance = 0.01

  /// The counts of one table row.
  public struct Row: Sendable {
    public var lines = 0
    public var agrees = 0
    public var undetermined = 0
    public var wrong = 0
    public var wrongAtHigh = 0
    /// Undetermined without the true cause among the candidates.
    public var missesTruth = 0

    mutating func add(_ judgement: Judgement) {
      lines += 1
      switch judgement.verdict {
      case .agrees: agrees += 1
      case .undetermined: undetermined += 1
      case .wrongCause, .wrongDetail: wrong += 1
      }
      if judgement.isWrongAtHigh { wrongAtHigh += 1 }
      if judgement.candidatesMissTruth { missesTruth += 1 }
    }

    mutating func add(_ other: Row) {
      lines += other.lines
      agrees += other.agrees
      undetermined += other.undetermined
      wrong += other.wrong
      wrongAtHigh += other.wrongAtHigh
      missesTruth += other.missesTruth
    }
  }

  /// A failure class: how many REJECTs, and the first one (its seed, line and description).
  public struct FailureClass: Sendable {
    /// Which judgements belong to the class.
    public enum Match: Hashable, Sendable {
      /// ``Judgement/failureClass`` is this.
      case failure(String)
      /// An undetermined diagnosis of a control's REJECT, ``Judgement/undeterminedClass`` this.
      case undetermined(String)
    }

    public var match: Match
    public var mode: DiagnosisMode
    public var count = 0
    public var seed: UInt64
    public var line: Int
    public var example: String

    init(_ match: Match, _ judgement: Judgement, run: DifferentialRun) {
      self.match = match
      mode = judgement.mode
      seed = run.sample.seed
      line = judgement.line
      example = run.describe(judgement)
    }

    /// Whether `judgement` belongs to the class.
    public func matches(_ judgement: Judgement) -> Bool {
      guard judgement.mode == mode else { return false }
      switch match {
      case .failure(let name): return judgement.failureClass == name
      case .undetermined(let name):
        return judgement.verdict == .undetermined && judgement.isControlTruth
          && judgement.undeterminedClass == name
      }
    }

    mutating func add(_ other: FailureClass) { count += other.count }
  }

  /// One mode's results.
  public struct ModeResults: Sendable {
    public var total = Row()
    public var byCause: [Cause: Row] = [:]
    public var byKind: [TrafficKind: Row] = [:]
    /// REJECTs whose true cause is a control (security group, network ACL, routing), and how
    /// many of them are undetermined, by how (``Judgement/undeterminedClass``).
    public var controlLines = 0
    public var undeterminedControls: [String: FailureClass] = [:]
    public var failureClasses: [String: FailureClass] = [:]
    /// Examples by severity: wrong at high, candidates without the truth, undetermined
    /// (completeness modes), any other wrong diagnosis. At most five of each.
    var examples: [[String]] = [[], [], [], []]

    mutating func add(_ judgement: Judgement, run: DifferentialRun) {
      total.add(judgement)
      byCause[judgement.truth.cause, default: Row()].add(judgement)
      byKind[judgement.kind, default: Row()].add(judgement)
      if judgement.isControlTruth {
        controlLines += 1
        if judgement.verdict == .undetermined {
          let name = judgement.undeterminedClass
          undeterminedControls[
            name, default: FailureClass(.undetermined(name), judgement, run: run)
          ].count += 1
        }
      }
      let completeness = judgement.mode.isHeldToCompleteness
      var severity: Int? = nil
      if judgement.isWrongAtHigh {
        severity = 0
      } else if completeness && judgement.candidatesMissTruth {
        severity = 1
      } else if completeness && judgement.verdict == .undetermined && judgement.isControlTruth {
        severity = 2
      } else if judgement.isWrong {
        severity = 3
      }
      guard let severity else { return }
      let text = run.describe(judgement)
      if let name = judgement.failureClass {
        failureClasses[name, default: FailureClass(.failure(name), judgement, run: run)].count += 1
      }
      if examples[severity].count < 5 { examples[severity].append(text) }
    }

    mutating func add(_ other: ModeResults) {
      total.add(other.total)
      for (cause, row) in other.byCause { byCause[cause, default: Row()].add(row) }
      for (kind, row) in other.byKind { byKind[kind, default: Row()].add(row) }
      controlLines += other.controlLines
      for (name, found) in other.undeterminedControls {
        if undeterminedControls[name] == nil {
          undeterminedControls[name] = found
        } else {
          undeterminedControls[name]?.add(found)
        }
      }
      for (name, found) in other.failureClasses {
        if failureClasses[name] == nil {
          failureClasses[name] = found
        } else {
          failureClasses[name]?.add(found)
        }
      }
      for severity in examples.indices {
        examples[severity] = Array((examples[severity] + other.examples[severity]).prefix(5))
      }
    }

    /// Undetermined REJECTs of controls, and their share.
    public var undeterminedControlCount: Int {
      undeterminedControls.values.reduce(0) { $0 + $1.count }
    }

    public var undeterminedControlShare: Double {
      controlLines == 0 ? 0 : Double(undeterminedControlCount) / Double(controlLines)
    }

    /// The first five examples, the worst first.
    public var worstExamples: [String] { Array(examples.joined().prefix(5)) }
  }

  public var seeds = 0
  public var conversations = 0
  /// The conversations of each traffic kind.
  public var conversationsByKind: [TrafficKind: Int] = [:]
  public var records = 0
  public var modes: [DiagnosisMode: ModeResults] = [:]
  /// The instrument's own failures, with their seeds (at most 20 kept).
  public var problems: [String] = []
  public var problemCount = 0

  public init() {}

  public mutating func add(_ run: DifferentialRun) {
    seeds += 1
    conversations += run.sample.traffic.conversations.count
    for kind in run.sample.kinds { conversationsByKind[kind, default: 0] += 1 }
    records += run.records.count
    for judgement in run.judgements {
      modes[judgement.mode, default: ModeResults()].add(judgement, run: run)
    }
    problemCount += run.problems.count
    for problem in run.problems where problems.count < 20 {
      problems.append("seed \(run.sample.seed): \(problem)")
    }
  }

  /// Adds the results of later seeds.
  public mutating func add(_ other: AccuracyReport) {
    seeds += other.seeds
    conversations += other.conversations
    conversationsByKind.merge(other.conversationsByKind, uniquingKeysWith: +)
    records += other.records
    for (mode, results) in other.modes { modes[mode, default: ModeResults()].add(results) }
    problemCount += other.problemCount
    problems = Array((problems + other.problems).prefix(20))
  }

  /// Every failure class under the goals, by name: wrong at high and candidates without the
  /// truth (``Judgement/failureClass``), and per mode held to completeness whose undetermined
  /// share is above the allowance, one class counting its undetermined REJECTs (its example
  /// the commonest way they came about).
  public var failureClasses: [String: FailureClass] {
    var classes: [String: FailureClass] = [:]
    for results in modes.values {
      classes.merge(results.failureClasses) { first, _ in first }
    }
    for (mode, results) in modes where mode.isHeldToCompleteness {
      guard results.undeterminedControlShare > Self.undeterminedAllowance,
        let commonest = results.undeterminedControls.max(by: {
          ($0.value.count, $1.key) < ($1.value.count, $0.key)
        })?.value
      else { continue }
      var found = commonest
      found.count = results.undeterminedControlCount
      classes[Self.undeterminedClassName(mode)] = found
    }
    return classes
  }

  /// The name of a mode's class of too many undetermined diagnoses.
  public static func undeterminedClassName(_ mode: DiagnosisMode) -> String {
    "\(mode): undetermined on more than 1 % of security-group, network-acl and routing REJECTs"
  }

  /// The goals each mode misses, one line each; empty when every goal is met.
  public var goalFailures: [String] {
    var failures: [String] = []
    if problemCount > 0 {
      failures.append("the instrument itself failed \(problemCount) time(s): \(problems[0])")
    }
    for mode in modes.keys.sorted() {
      guard let results = modes[mode] else { continue }
      if results.total.wrongAtHigh > 0 {
        failures.append("\(mode): \(results.total.wrongAtHigh) wrong at high")
      }
      guard mode.isHeldToCompleteness else { continue }
      if results.undeterminedControlShare > Self.undeterminedAllowance {
        failures.append(
          "\(mode): undetermined on \(Self.percent(results.undeterminedControlShare)) % of "
            + "security-group, network-acl and routing REJECTs (\(results.undeterminedControlCount) "
            + "of \(results.controlLines); at most 1 %)")
      }
      if results.total.missesTruth > 0 {
        failures.append(
          "\(mode): \(results.total.missesTruth) undetermined without the true cause among the candidates"
        )
      }
    }
    return failures
  }

  static func percent(_ share: Double) -> String {
    let tenths = Int((share * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)"
  }
}
