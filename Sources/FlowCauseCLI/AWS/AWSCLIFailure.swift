import Foundation
import Rendering

/// Why a call of the AWS CLI did not give its output: a closed list, each case with what the
/// user can do about it (the words are in `DiagnosticRenderer+AWS.swift`).
enum AWSCLIFailure: Error, Equatable, Sendable {
  /// No `aws` executable on `PATH`.
  case notInstalled(path: String)
  /// `aws` was found but could not be started.
  case cannotStart(reason: String)
  /// No credentials, expired or invalid ones, or an SSO session to renew.
  case noCredentials(AWSCall, detail: String)
  /// The caller lacks the IAM permission for the call (`AccessDenied`, `UnauthorizedOperation`).
  case accessDenied(AWSCall, code: String, detail: String)
  /// Still throttled after every retry.
  case throttled(AWSCall, attempts: Int, detail: String)
  /// No region configured.
  case noRegion(AWSCall)
  /// The resource named does not exist (a VPC, a log group, a bucket).
  case notFound(AWSCall, code: String, detail: String)
  /// The endpoint could not be reached.
  case unreachable(AWSCall, detail: String)
  /// Any other failure: the exit status and the CLI's last error line.
  case failed(AWSCall, status: Int32, detail: String)
  /// The call succeeded but its output is not the JSON expected.
  case unreadableOutput(AWSCall, reason: String)

  /// The exit code a command ends with after this failure.
  var exitCode: ExitCode {
    switch self {
    case .noCredentials, .accessDenied: return .noPermission
    case .throttled: return .temporaryFailure
    default: return .unavailable
    }
  }
}

/// What the AWS CLI's standard error says went wrong, read from the text it prints.
///
/// Service errors print `An error occurred (CODE) when calling the OPERATION operation: MESSAGE`
/// (AWS CLI User Guide, "Troubleshooting errors"); a few client errors have their own fixed
/// sentences (`Unable to locate credentials`, `You must specify a region`, `Could not connect to
/// the endpoint URL`). The classification keys on the error code where there is one.
enum AWSErrorText: Equatable, Sendable {
  case throttled
  case noCredentials
  case accessDenied(code: String)
  case noRegion
  case notFound(code: String)
  case unreachable
  case other

  /// Error codes AWS services return when a request is throttled.
  static let throttlingCodes: Set<String> = [
    "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded",
    "TooManyRequestsException", "SlowDown", "RequestThrottled", "RequestThrottledException",
    "ProvisionedThroughputExceededException", "LimitExceededException",
  ]
  /// Error codes for missing, expired or invalid credentials.
  static let credentialCodes: Set<String> = [
    "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
    "AuthFailure", "InvalidAccessKeyId", "SignatureDoesNotMatch", "MissingAuthenticationToken",
    "IncompleteSignature", "InvalidToken", "RequestExpired",
  ]
  /// Error codes for a caller without the permission.
  static let deniedCodes: Set<String> = [
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden", "403",
    "UnauthorizedAccess", "AllAccessDisabled",
  ]

  /// Classifies the standard error of a failed call.
  static func classify(_ stderr: String) -> AWSErrorText {
    if let code = errorCode(in: stderr) {
      if throttlingCodes.contains(code) { return .throttled }
      if credentialCodes.contains(code) { return .noCredentials }
      if deniedCodes.contains(code) { return .accessDenied(code: code) }
      if code.hasSuffix(".NotFound") || code.hasPrefix("NoSuch") || code == "404"
        || code == "ResourceNotFoundException" || code.hasSuffix("NotFound")
      {
        return .notFound(code: code)
      }
    }
    let sentences: [(String, AWSErrorText)] = [
      ("Unable to locate credentials", .noCredentials),
      ("Error loading SSO Token", .noCredentials),
      ("SSO session associated with this profile has expired", .noCredentials),
      ("The SSO session associated with this profile", .noCredentials),
      ("The config profile (", .noCredentials),  // … (name) could not be found
      ("Partial credentials found", .noCredentials),
      ("You must specify a region", .noRegion),
      ("Could not connect to the endpoint URL", .unreachable),
      ("Connect timeout on endpoint URL", .unreachable),
      ("Rate exceeded", .throttled),
    ]
    for (sentence, kind) in sentences where stderr.contains(sentence) { return kind }
    return .other
  }

  /// The `CODE` of `An error occurred (CODE)`, if the text has one.
  static func errorCode(in text: String) -> String? {
    guard let start = text.range(of: "An error occurred (") else { return nil }
    let rest = text[start.upperBound...]
    guard let end = rest.firstIndex(of: ")") else { return nil }
    let code = String(rest[..<end])
    return code.isEmpty ? nil : code
  }

  /// The last non-blank line of the text, the one the CLI ends with: what messages quote.
  static func lastLine(_ text: String) -> String {
    let lines = text.split(whereSeparator: \.isNewline).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    return lines.last { !$0.isEmpty } ?? ""
  }

  /// The failure a call with this standard error and exit status ends with.
  static func failure(call: AWSCall, status: Int32, stderr: String, attempts: Int)
    -> AWSCLIFailure
  {
    let detail = lastLine(stderr)
    switch classify(stderr) {
    case .throttled: return .throttled(call, attempts: attempts, detail: detail)
    case .noCredentials: return .noCredentials(call, detail: detail)
    case .accessDenied(let code): return .accessDenied(call, code: code, detail: detail)
    case .noRegion: return .noRegion(call)
    case .notFound(let code): return .notFound(call, code: code, detail: detail)
    case .unreachable: return .unreachable(call, detail: detail)
    case .other: return .failed(call, status: status, detail: detail)
    }
  }
}
