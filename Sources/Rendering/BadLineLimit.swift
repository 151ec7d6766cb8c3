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

  /// The line that closes the input `file`'s reports when bad lines were withheld (`nil` when
  /// none were), and a fresh count for the next input.
  package mutating func endInput(file: String) -> String? {
    defer { (reported, withheld) = (0, 0) }
    guard withheld > 0, let limit else { return nil }
    return DiagnosticRenderer.badLinesWithheld(withheld, file: file, limit: limit)
  }
}
