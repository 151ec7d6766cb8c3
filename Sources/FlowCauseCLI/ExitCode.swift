/// The exit codes of `flowcause`, after BSD's sysexits.h (see docs/formats.md).
///
/// | code | name | when |
/// | --- | --- | --- |
/// | 0 | `success` | every input read, every line a record, header or blank |
/// | 64 | `usage` | the command line is wrong |
/// | 65 | `dataError` | some lines are bad, or an input is damaged (truncated gzip, broken JSON) |
/// | 66 | `noInput` | an input cannot be opened |
/// | 1 | `notReachable` | `trace`: the path is blocked |
/// | 3 | `undetermined` | `trace`: the model cannot decide |
public enum ExitCode: Int32, Sendable, CaseIterable, Error {
  case success = 0
  case notReachable = 1
  case undetermined = 3
  case usage = 64
  case dataError = 65
  case noInput = 66

  /// The more serious of two outcomes: usage, then no input, then data errors.
  func worst(_ other: ExitCode) -> ExitCode {
    let order: [ExitCode] = [.success, .notReachable, .undetermined, .dataError, .noInput, .usage]
    let left = order.firstIndex(of: self) ?? 0
    let right = order.firstIndex(of: other) ?? 0
    return left >= right ? self : other
  }
}
