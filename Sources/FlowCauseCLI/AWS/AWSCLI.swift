import FlowLogs
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs the AWS CLI (`aws`) as a subprocess and hands back what it printed.
///
/// The CLI is found on `PATH`; it inherits the environment, so `AWS_PROFILE`, `AWS_REGION`,
/// `AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL`, SSO and credential files work as for any `aws`
/// call. `--region` and `--profile`, when given, are passed to every call. Standard output
/// is a pipe; standard error goes to a temporary file and is read only to classify a failure.
struct AWSCLI: Sendable {
  /// The `aws` executable.
  let executable: String
  /// `--region R`, `--profile P`: passed before every call's own arguments.
  let globalArguments: [String]
  /// The region given with `--region` or `AWS_REGION`; nil when the CLI's configuration decides.
  let region: String?
  /// The environment of every call.
  let environment: [String: String]
  /// How throttled calls are retried.
  var retry = RetryPolicy()

  /// Retries with exponential backoff: `attempts` calls at most, waiting `firstDelay`, then
  /// twice as long each time.
  struct RetryPolicy: Sendable {
    var attempts = 4
    var firstDelay = 1.0

    /// The wait before attempt `attempt` (2 is the first retry).
    func delay(before attempt: Int) -> Double {
      firstDelay * Double(1 << max(0, attempt - 2))
    }
  }

  /// Finds `aws` on the `PATH` of `environment`.
  static func locate(
    region: String?, profile: String?, environment: [String: String]
  ) -> Result<AWSCLI, AWSCLIFailure> {
    let path = environment["PATH"] ?? ""
    for directory in path.split(separator: ":") where !directory.isEmpty {
      let candidate = "\(directory)/aws"
      if access(candidate, X_OK) == 0 {
        var global: [String] = []
        // AWS_REGION is honoured by AWS CLI v2 but not by v1, which reads only
        // AWS_DEFAULT_REGION; passing it as --region makes both honour it.
        let explicit = (region ?? environment["AWS_REGION"]).flatMap { $0.isEmpty ? nil : $0 }
        if let explicit { global += ["--region", explicit] }
        if let profile { global += ["--profile", profile] }
        var environment = environment
        environment["AWS_PAGER"] = ""  // v2 would page long output through `less`
        return .success(
          AWSCLI(
            executable: candidate, globalArguments: global, region: explicit,
            environment: environment))
      }
    }
    return .failure(.notInstalled(path: path))
  }

  /// Runs `call` and returns its standard output (JSON), retrying while it is throttled.
  func run(_ call: AWSCall) -> Result<[UInt8], AWSCLIFailure> {
    var attempt = 1
    while true {
      switch start(call, arguments: globalArguments + call.commandLine + ["--output", "json"]) {
      case .failure(let failure): return .failure(failure)
      case .success(let process):
        let output = process.readAll()
        let status = process.wait()
        if status == 0 { return .success(output) }
        let failure = AWSErrorText.failure(
          call: call, status: status, stderr: process.errorText(), attempts: attempt)
        if case .throttled = failure, attempt < retry.attempts {
          attempt += 1
          sleepSeconds(retry.delay(before: attempt))
          continue
        }
        return .failure(failure)
      }
    }
  }

  /// Starts `call` and returns the running process, whose output is read as it comes (for
  /// `aws s3 cp s3://… -`). Not retried: a stream cannot be replayed.
  func stream(_ call: AWSCall) -> Result<AWSProcess, AWSCLIFailure> {
    start(call, arguments: globalArguments + call.commandLine)
  }

  /// `aws --version`, as it prints it (v1 on standard error, v2 on standard output).
  func version() -> String {
    guard case .success(let process) = start(AWSCall("--version", ""), arguments: ["--version"])
    else { return "unknown" }
    let output = String(decoding: process.readAll(), as: UTF8.self)
    _ = process.wait()
    let text = output.isEmpty ? process.errorText() : output
    return AWSErrorText.lastLine(text)
  }

  /// Starts `aws ARGUMENTS` with standard output on a pipe.
  private func start(_ call: AWSCall, arguments: [String]) -> Result<AWSProcess, AWSCLIFailure> {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = FileHandle.nullDevice
    var template = Array(
      (NSTemporaryDirectory() + "/flowcause-aws-stderr-XXXXXX").utf8CString)
    let errorDescriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return -1 }
      return mkstemp(base)
    }
    guard errorDescriptor >= 0 else {
      return .failure(.cannotStart(reason: "cannot create a temporary file for its errors"))
    }
    let errorPath = String(
      decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    unlink(errorPath)  // the descriptor keeps it; nothing is left behind
    let errorHandle = FileHandle(fileDescriptor: errorDescriptor, closeOnDealloc: true)
    process.standardError = errorHandle
    do {
      try process.run()
    } catch {
      return .failure(.cannotStart(reason: "\(executable): \(error.localizedDescription)"))
    }
    return .success(
      AWSProcess(
        process: process, output: output.fileHandleForReading, errors: errorHandle, call: call))
  }

  private func sleepSeconds(_ seconds: Double) {
    guard seconds > 0 else { return }
    usleep(useconds_t(min(seconds, 60) * 1_000_000))
  }
}

/// A running `aws` call: its output pipe, and its standard error once it has ended.
final class AWSProcess: @unchecked Sendable {
  let call: AWSCall
  private let process: Process
  private let output: FileHandle
  private let errors: FileHandle
  private var status: Int32? = nil
  /// `wait()` may be called from a thread reading the output ahead and from the command's.
  private let waiting = NSLock()

  init(process: Process, output: FileHandle, errors: FileHandle, call: AWSCall) {
    self.process = process
    self.output = output
    self.errors = errors
    self.call = call
  }

  /// The read end of the output pipe.
  var outputDescriptor: Int32 { output.fileDescriptor }

  /// Reads the output to its end.
  func readAll() -> [UInt8] { Array(output.readDataToEndOfFile()) }

  /// Waits for the process to end and returns its exit status.
  func wait() -> Int32 {
    waiting.withLock {
      if let status { return status }
      process.waitUntilExit()
      let code = process.terminationStatus
      status = code
      return code
    }
  }

  /// What the process wrote on standard error (read after it ended).
  func errorText() -> String {
    let descriptor = errors.fileDescriptor
    lseek(descriptor, 0, SEEK_SET)
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count <= 0 { break }
      bytes += buffer[0..<count]
      if bytes.count > 1 << 20 { break }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Stops the process (when its output is no longer wanted) and reaps it.
  func terminate() {
    if waiting.withLock({ status == nil }) && process.isRunning { process.terminate() }
    _ = wait()
  }

  /// The failure this process ended with, or nil when it succeeded.
  func failure() -> AWSCLIFailure? {
    let code = wait()
    if code == 0 { return nil }
    return AWSErrorText.failure(call: call, status: code, stderr: errorText(), attempts: 1)
  }
}
