import Rendering

/// The words for failures of the AWS CLI and of fetches (docs/aws-cli.md lists them).
extension DiagnosticRenderer {
  /// `flowcause COMMAND: error: REASON`.
  static func aws(_ failure: AWSCLIFailure, command: String) -> String {
    "flowcause \(command): error: \(awsReason(failure))\n"
  }

  /// What went wrong and what to do, in one sentence.
  static func awsReason(_ failure: AWSCLIFailure) -> String {
    switch failure {
    case .notInstalled:
      return "the AWS CLI (aws) was not found on PATH; install it "
        + "(https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html, "
        + "or 'pip install awscli') and make sure 'aws --version' runs"
    case .cannotStart(let reason):
      return "the AWS CLI could not be started: \(reason)"
    case .noCredentials(let call, let detail):
      return "\(call): no usable AWS credentials (\(detail)); configure them ('aws configure', "
        + "'aws sso login', AWS_PROFILE or --profile) and try again"
    case .accessDenied(let call, let code, _):
      return "\(call): access denied (\(code)); the caller needs the IAM permission "
        + "\(call.iamAction)"
    case .throttled(let call, let attempts, let detail):
      return "\(call): still throttled after \(attempts) attempts (\(detail)); wait a minute "
        + "and try again, or narrow the time range"
    case .noRegion(let call):
      return "\(call): no AWS region is configured; give --region or set AWS_REGION"
    case .notFound(let call, let code, let detail):
      return "\(call): not found (\(code)): \(detail)"
    case .unreachable(let call, let detail):
      return "\(call): cannot reach AWS (\(detail)); check the network, or AWS_ENDPOINT_URL"
    case .failed(let call, let status, let detail):
      let said = detail.isEmpty ? "" : ": \(detail)"
      return "\(call): failed with exit status \(status)\(said)"
    case .unreadableOutput(let call, let reason):
      return "\(call): printed output flowcause cannot read: \(reason)"
    }
  }

  /// No flow log data in the time range: what was looked at, and what to try.
  static func emptyTimeRange(_ what: String, range: TimeRange) -> String {
    "flowcause diagnose: error: \(what) between \(TimeRange.iso(range.start)) and "
      + "\(TimeRange.iso(range.end)); widen the range (--since, --start/--end) or check the "
      + "source\n"
  }

  /// A collect call that failed while others went on.
  static func collectFailure(_ failure: AWSCLIFailure, file: String) -> String {
    "\(file): error: not written: \(awsReason(failure))\n"
  }
}

extension DiagnosticRenderer {
  static func cannotCreate(_ path: String, reason: String) -> String {
    "\(path): error: cannot create: \(reason)\n"
  }

  /// `flowcause collect: wrote 15 files to DIR (region R, account A)[; N calls failed]`.
  static func collectSummary(
    files: Int, directory: String, region: String?, account: String?, failed: Int
  ) -> String {
    var text =
      "flowcause collect: wrote \(files) file\(files == 1 ? "" : "s") and the manifest to "
      + "\(directory) (region \(region ?? "unknown"), account \(account ?? "unknown"))"
    if failed > 0 { text += "; \(failed) call\(failed == 1 ? "" : "s") failed" }
    return text + "\n"
  }
}
