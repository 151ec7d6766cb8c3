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
/// | 4 | `emptyTimeRange` | `diagnose --cloudwatch/--s3`: no flow log data in the time range |
/// | 69 | `unavailable` | the AWS CLI is missing, or a call failed (docs/aws-cli.md) |
/// | 73 | `cannotCreate` | `collect`: the output folder or a file in it cannot be written; `simulate`: the `--truth` file cannot be created |
/// | 74 | `ioError` | the standard output cannot be written (a full disk), an input file was truncated while `diagnose` or `parse` read it in place, or `simulate`'s `--truth` file cannot be written |
/// | 75 | `temporaryFailure` | an AWS call was still throttled after every retry |
/// | 77 | `noPermission` | no AWS credentials, or a call was denied (the IAM action is named) |
public enum ExitCode: Int32, Sendable, CaseIterable, Error {
  case success = 0
  case notReachable = 1
  case undetermined = 3
  case emptyTimeRange = 4
  case usage = 64
  case dataError = 65
  case noInput = 66
  case unavailable = 69
  case cannotCreate = 73
  case ioError = 74
  case temporaryFailure = 75
  case noPermission = 77

  /// The more serious of two outcomes: usage, then AWS failures, then no input, then data errors.
  func worst(_ other: ExitCode) -> ExitCode {
    let order: [ExitCode] = [
      .success, .notReachable, .undetermined, .emptyTimeRange, .dataError, .noInput,
      .temporaryFailure, .unavailable, .noPermission, .cannotCreate, .ioError, .usage,
    ]
    let left = order.firstIndex(of: self) ?? 0
    let right = order.firstIndex(of: other) ?? 0
    return left >= right ? self : other
  }
}
