import FlowLogs

/// How many bad lines are reported on stderr: the first ``limit`` of each input, then one line
/// saying how many more there were (`--max-errors N`; 0 reports every one), and at most
/// ``runInputs`` times that over a run of many inputs (a folder of a day's objects in a format
/// that does not fit), after which one line at the end says how many more, in how many inputs.
/// The field-count hint is given once a run. The counts and the closing summary count them all,
/// and a problem with an input as a whole is always reported.
package struct BadLineLimit: Sendable {
  /// A run reports the bad lines of at most this many inputs' worth.
  package static let runInputs = 5
  /// The limit when `--max-errors` is not given.
  package static let defaultLimit = 20

  /// The most bad lines reported for one input; `nil`: every one.
  package let limit: Int?
  private var reported = 0
  private var withheld = 0
  /// Over the run: bad lines reported, and those withheld once the run's limit was reached,
  /// with the inputs they are in.
  private var runReported = 0
  private var runWithheld = 0
  private var runWithheldInputs = 0
  /// Whether the run has had its field-count hint.
  private var hinted = false
  /// Whether the input has given a record (then its format fits, and a line of another field
  /// count is damaged, not of another format).
  package private(set) var recordSeen = false

  /// Notes that the input has given a record.
  @inline(__always)
  package mutating func recordRead() { recordSeen = true }

  /// `maxErrors` 0: no limit.
  package init(maxErrors: Int = defaultLimit) {
    limit = maxErrors == 0 ? nil : maxErrors
  }

  /// Whether `diagnostic` is to be reported; a bad line past the limit is counted instead.
  package mutating func admits(_ diagnostic: ReadDiagnostic) -> Bool {
    guard diagnostic.problem.isLineProblem, let limit else { return true }
    guard reported >= limit || runReported >= limit * Self.runInputs else {
      reported += 1
      runReported += 1
      return true
    }
    withheld += 1
    return false
  }

  /// The note after a line whose field count is not its format's, when no record of the input
  /// came before it (``DiagnosticRenderer/fieldCountHint(file:expected:found:)``); `nil` for
  /// any other, and after the first of the run.
  package mutating func hint(for diagnostic: ReadDiagnostic, file: String) -> String? {
    guard !hinted, !recordSeen, case .fieldCount(let expected, let found) = diagnostic.problem
    else {
      return nil
    }
    hinted = true
    return DiagnosticRenderer.fieldCountHint(file: file, expected: expected, found: found)
  }

  /// The line that closes the input `file`'s reports when bad lines were withheld (`nil` when
  /// none were), and a fresh count for the next input.
  package mutating func endInput(file: String) -> String? {
    defer { (reported, withheld, recordSeen) = (0, 0, false) }
    guard withheld > 0, let limit else { return nil }
    guard runReported < limit * Self.runInputs else {
      // The run's limit is reached: counted for the line at the end of the run.
      runWithheld += withheld
      runWithheldInputs += 1
      return nil
    }
    return DiagnosticRenderer.badLinesWithheld(withheld, file: file, limit: limit)
  }

  /// The line after the last input when the run's limit withheld bad lines (`nil` otherwise).
  package func endRun() -> String? {
    guard runWithheld > 0, let limit else { return nil }
    return DiagnosticRenderer.badLinesWithheldInRun(
      runWithheld, inputs: runWithheldInputs, limit: limit * Self.runInputs)
  }
}
