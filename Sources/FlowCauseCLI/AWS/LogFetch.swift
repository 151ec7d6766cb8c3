import FlowLogs
import Foundation
import Rendering

/// `diagnose --cloudwatch GROUP | --s3 s3://BUCKET/PREFIX [--since D | --start T --end T]`:
/// flow log records fetched with the AWS CLI instead of read from files (docs/aws-cli.md).
struct LogFetch: Equatable, Sendable {
  enum Source: Equatable, Sendable {
    case cloudWatch(group: String, interface: String?)
    case s3(bucket: String, prefix: String)
  }

  let source: Source
  let range: TimeRange
  let region: String?
  let profile: String?
  /// `--follow [--poll D]`: the seconds between polls for new events (`nil`: no follow).
  var poll: Int? = nil

  /// The options `diagnose` accepts for a fetch.
  static let valueOptions: Set<String> = [
    "--cloudwatch", "--s3", "--since", "--start", "--end", "--interface", "--region", "--profile",
    "--poll",
  ]
  /// The flags `diagnose` accepts for a fetch.
  static let flagOptions: Set<String> = ["--follow"]
  /// `--poll` when not given: 30 seconds (flow logs reach CloudWatch Logs every few minutes).
  static let defaultPoll = 30

  /// Reads the fetch options of `scanner`; nil when neither `--cloudwatch` nor `--s3` is given.
  static func parse(
    _ scanner: ArgumentScanner, now: Int = Int(Date().timeIntervalSince1970)
  ) throws(UsageError) -> LogFetch? {
    let group = scanner.value("--cloudwatch")
    let url = scanner.value("--s3")
    guard group != nil || url != nil else {
      // `--since` and `--interface` are filters on any input too (RejectFilterOptions).
      for option in valueOptions.subtracting(RejectFilterOptions.valueOptions).sorted()
      where scanner.value(option) != nil {
        throw UsageError("\(option) needs --cloudwatch or --s3")
      }
      if scanner.flag("--follow") { throw UsageError("--follow needs --cloudwatch") }
      return nil
    }
    if group != nil && url != nil { throw UsageError("give --cloudwatch or --s3, not both") }
    if !scanner.positional.isEmpty {
      throw UsageError("FILE arguments cannot be combined with --cloudwatch or --s3")
    }
    let range = try TimeRange.from(
      since: scanner.value("--since"), start: scanner.value("--start"),
      end: scanner.value("--end"), now: now)
    let source: Source
    if let group {
      guard !group.isEmpty else { throw UsageError("--cloudwatch needs a log group name") }
      // One interface: only its streams are fetched (each is named after its ENI). Several:
      // every stream, the records filtered as they are read (RejectFilterOptions checks them).
      var interface = scanner.value("--interface")
      if let given = interface, !given.hasPrefix("eni-") {
        throw UsageError("--interface: '\(given)' is not a network interface id (eni-…)")
      }
      if interface?.contains(",") == true { interface = nil }
      source = .cloudWatch(group: group, interface: interface)
    } else {
      // S3 objects hold every interface's records: `--interface` filters them as they are read.
      source = try s3Location(url ?? "")
    }
    var fetch = LogFetch(
      source: source, range: range, region: scanner.value("--region"),
      profile: scanner.value("--profile"))
    fetch.poll = try pollOption(scanner, source: source)
    return fetch
  }

  /// `--follow` and `--poll D`: CloudWatch Logs only, without an end to the range.
  static func pollOption(_ scanner: ArgumentScanner, source: Source) throws(UsageError) -> Int? {
    let poll = scanner.value("--poll")
    guard scanner.flag("--follow") else {
      if poll != nil { throw UsageError("--poll needs --follow") }
      return nil
    }
    guard case .cloudWatch = source else {
      throw UsageError(
        "--follow reads CloudWatch Logs only (S3 receives a flow log's objects every 5 to 10 "
          + "minutes: run diagnose --s3 again for a later range)")
    }
    if scanner.value("--end") != nil { throw UsageError("--follow has no end: drop --end") }
    guard let poll else { return defaultPoll }
    guard let seconds = TimeRange.duration(poll), seconds <= 3600 else {
      throw UsageError("--poll: '\(poll)' is not a duration of an hour or less (5s, 30s, 2m)")
    }
    return seconds
  }

  /// `s3://bucket[/prefix]` → bucket and prefix (without a leading `/`).
  static func s3Location(_ url: String) throws(UsageError) -> Source {
    guard url.hasPrefix("s3://") else {
      throw UsageError("--s3: '\(url)' is not an s3://bucket/prefix URL")
    }
    let path = url.dropFirst(5)
    let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
    guard let bucket = parts.first, !bucket.isEmpty else {
      throw UsageError("--s3: '\(url)' names no bucket")
    }
    let prefix = parts.count > 1 ? String(parts[1]) : ""
    return .s3(bucket: String(bucket), prefix: prefix)
  }

  /// Where the records come from, as messages and input names say it.
  var destination: String {
    switch source {
    case .cloudWatch(let group, _): return "log group \(group)"
    case .s3(let bucket, let prefix): return "s3://\(bucket)/\(prefix)"
    }
  }

  /// The `LogFormat` of the flow log that delivers to the source, from `describe-flow-logs.json`
  /// in the topology folder; nil when there is no such file or flow log (the reader then uses
  /// a header line, as S3 objects have, or the default format).
  func logFormat(topology: String?) throws(UsageError) -> FlowLogFormat? {
    guard let catalog = FlowLogCatalog.load(topology: topology) else { return nil }
    switch source {
    case .cloudWatch(let group, _):
      return try FlowLogCatalog.format(
        of: catalog.delivering(toLogGroup: group), destination: destination)
    case .s3(let bucket, let prefix):
      // S3 objects start with a header line, which the reader prefers; the LogFormat matters
      // only for an object without one.
      let logs = catalog.delivering(toBucket: bucket, prefix: prefix)
      return try? FlowLogCatalog.format(of: logs, destination: destination)
    }
  }

  /// The inputs of a diagnosis: `files` when there is no fetch, else the fetched inputs. A
  /// failure is reported on `io.stderr` and comes back as the exit code.
  static func resolve(
    _ fetch: LogFetch?, files: [InputFile], topology: String?, follow: FollowSession? = nil,
    io: CommandIO,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Result<[InputFile], ExitCode> {
    guard let fetch else { return .success(files) }
    let cli: AWSCLI
    switch AWSCLI.locate(region: fetch.region, profile: fetch.profile, environment: environment) {
    case .failure(let failure):
      io.stderr.write(DiagnosticRenderer.aws(failure, command: "diagnose"))
      return .failure(failure.exitCode)
    case .success(let located): cli = located
    }
    let progress = FetchProgress(
      stderr: io.stderr,
      enabled: FetchProgress.stderrIsTerminal && io.stderr is FileDescriptorWriter)
    switch fetch.source {
    case .cloudWatch(let group, let interface):
      // The term filter needs the interface id in the message: not when the flow log's
      // format is known to lack it.
      let format = (try? fetch.logFormat(topology: topology)) ?? nil
      return CloudWatchInput.resolve(
        group: group, interface: interface,
        termFilter: format.map { $0.index(of: "interface-id") != nil } ?? true,
        range: fetch.range, cli: cli, progress: progress, follow: follow, io: io)
    case .s3(let bucket, let prefix):
      return S3Input.resolve(
        bucket: bucket, prefix: prefix, range: fetch.range, cli: cli,
        catalog: FlowLogCatalog.load(topology: topology),
        manifest: CollectManifest.load(topology: topology), progress: progress, io: io)
    }
  }
}
