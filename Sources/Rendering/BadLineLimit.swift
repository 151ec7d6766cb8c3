import FlowLogs

/// How many bad lines of one input are reported on stderr: the first ``limit``, then one line
/// saying how many more there were (`--max-errors N`; 0 reports every one). The counts and the
/// closing summary count them all, and a problem with an input as a whole is always reported.
package struct BadLineLimit: Sendable {
  /// The limit when `--max-errors` is not given.
  package static let defaultLimit = 20

  /// The most bad lines reported for one input; `nil`: every one.
  package let limit: Int?
  private var reported = 0
  private var withheld = 0
  /// Whether the input has had its field-count hint.
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
    guard reported >= limit else {
      reported += 1
      return true
    }
    withheld += 1
    return false
  }

  /// The note after a line whose field count is not its format's, when no record of the input
  /// came before it (``DiagnosticRenderer/fieldCountHint(file:expected:found:)``); `nil` for
  /// any other, and after the first.
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
    defer { (reported, withheld, hinted, recordSeen) = (0, 0, false, false) }
    guard withheld > 0, let limit else { return nil }
    return DiagnosticRenderer.badLinesWithheld(withheld, file: file, limit: limit)
  }
}
