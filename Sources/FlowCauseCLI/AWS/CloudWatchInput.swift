import FlowLogs
import Foundation
import Rendering

/// `diagnose --cloudwatch GROUP`: the events of a log group in the time range, fetched page by
/// page with `aws logs filter-log-events` and read as they arrive, as one input.
///
/// Pages come from the CLI's own pagination (`--max-items N`, then `--starting-token` with the
/// `NextToken` it printed; AWS CLI Command Reference, `logs filter-log-events`, "--max-items").
/// `--start-time`/`--end-time` are milliseconds since 1970 and select events by their timestamp;
/// `--interface eni-…` becomes `--log-stream-name-prefix eni-…`, since flow logs name each
/// stream after its network interface (`eni-…-all`; Amazon VPC User Guide, "Publish flow logs
/// to CloudWatch Logs"), and, when the records carry `interface-id`, also the term filter
/// `--filter-pattern '"eni-…"'` (moto ignores the stream prefix; AWS applies both).
enum CloudWatchInput {
  /// Events per page: the most one FilterLogEvents response holds (10,000).
  static let pageSize = 10_000

  static func resolve(
    group: String, interface: String?, termFilter: Bool, range: TimeRange, cli: AWSCLI,
    progress: FetchProgress, follow: FollowSession? = nil, io: CommandIO
  ) -> Result<[InputFile], ExitCode> {
    if let follow {
      return resolveFollowing(
        group: group, interface: interface, termFilter: termFilter, range: range, cli: cli,
        session: follow, io: io)
    }
    let pager = CloudWatchPager(
      cli: cli, group: group, interface: interface, termFilter: termFilter, range: range,
      progress: progress)
    // Read up to the first page with events, so an empty range or a failing call is reported
    // before anything else happens.
    var first: [UInt8]? = nil
    while first == nil && !pager.done {
      switch pager.nextPage() {
      case .failure(let failure):
        io.stderr.write(DiagnosticRenderer.aws(failure, command: "diagnose"))
        return .failure(failure.exitCode)
      case .success(let page):
        if let page, pager.lastPageEvents > 0 { first = page }
      }
    }
    guard let first else {
      progress.finish()
      let stream = interface.map { " (streams \($0)*)" } ?? ""
      io.stderr.write(
        DiagnosticRenderer.emptyTimeRange(
          "no events in log group \(group)\(stream)", range: range))
      return .failure(.emptyTimeRange)
    }
    let input = InputFile(
      name: "cloudwatch:\(group)",
      opener: {
        .success(
          InputFile.OpenedInput(
            source: CloudWatchSource(page: first, pager: pager), descriptor: nil,
            finish: { progress.finish() }))
      })
    return .success([input])
  }

  /// `--follow`: the first page is fetched now, so that a failing call is reported before
  /// anything else; an empty range is no error (the follow waits for events).
  static func resolveFollowing(
    group: String, interface: String?, termFilter: Bool, range: TimeRange, cli: AWSCLI,
    session: FollowSession, io: CommandIO
  ) -> Result<[InputFile], ExitCode> {
    let pager = CloudWatchPager(
      cli: cli, group: group, interface: interface, termFilter: termFilter, range: range,
      progress: FetchProgress(stderr: io.stderr, enabled: false), following: true)
    if case .failure(let failure) = pager.nextPage() {
      io.stderr.write(DiagnosticRenderer.aws(failure, command: "diagnose"))
      return .failure(failure.exitCode)
    }
    let stderr = io.stderr
    let input = InputFile(
      name: "cloudwatch:\(group)",
      opener: {
        .success(
          InputFile.OpenedInput(
            source: CloudWatchFollowSource(pager: pager, session: session, stderr: stderr),
            descriptor: nil, finish: {}))
      })
    return .success([input])
  }
}

/// Fetches the pages of `filter-log-events` one after another.
final class CloudWatchPager: @unchecked Sendable {
  let cli: AWSCLI
  let group: String
  let interface: String?
  /// Whether to add the interface id as a term filter pattern.
  let termFilter: Bool
  let range: TimeRange
  let progress: FetchProgress
  /// `--follow`: no end time, and a start each poll sets (``restart(from:)``).
  let following: Bool
  private var start: Int
  private var token: String? = nil
  private(set) var done = false
  private(set) var lastPageEvents = 0
  /// Following: the last page's events, as parsed here (the follow keeps the new ones).
  private(set) var lastEvents: [[String: Any]] = []

  init(
    cli: AWSCLI, group: String, interface: String?, termFilter: Bool, range: TimeRange,
    progress: FetchProgress, following: Bool = false
  ) {
    self.following = following
    start = range.start
    self.cli = cli
    self.group = group
    self.interface = interface
    self.termFilter = termFilter
    self.range = range
    self.progress = progress
  }

  /// The call for the next page.
  var call: AWSCall {
    var arguments = ["--log-group-name", group, "--start-time", String(start * 1000)]
    if !following { arguments += ["--end-time", String(range.end * 1000 + 999)] }
    arguments += ["--max-items", String(CloudWatchInput.pageSize)]
    if let interface {
      arguments += ["--log-stream-name-prefix", interface]
      if termFilter { arguments += ["--filter-pattern", "\"\(interface)\""] }
    }
    if let token { arguments += ["--starting-token", token] }
    return AWSCall("logs", "filter-log-events", arguments)
  }

  /// Starts the pages anew from `start` (seconds since 1970), without an end: the next poll
  /// of a follow.
  func restart(from start: Int) {
    self.start = start
    token = nil
    done = false
  }

  /// Ends the pages of this poll after a failed call (a follow asks again at the next poll).
  func abandonRound() {
    token = nil
    done = true
  }

  /// The next page as the CLI printed it; nil after the last.
  func nextPage() -> Result<[UInt8]?, AWSCLIFailure> {
    guard !done else { return .success(nil) }
    let call = self.call
    switch cli.run(call) {
    case .failure(let failure):
      done = true
      return .failure(failure)
    case .success(let bytes):
      guard
        let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
      else {
        done = true
        return .failure(.unreadableOutput(call, reason: "not a JSON object"))
      }
      let events = root["events"] as? [[String: Any]] ?? []
      token = root["NextToken"] as? String
      done = token == nil || token == ""
      lastPageEvents = events.count
      if following { lastEvents = events }
      progress.pages += 1
      progress.events += events.count
      for event in events {
        if let message = event["message"] as? String, message.contains(" REJECT ") {
          progress.rejects += 1
        }
      }
      progress.report()
      return .success(bytes)
    }
  }
}

/// Serves the pages one after another: a sequence of JSON documents, which the reader reads
/// as one input. A page that cannot be fetched ends the input with a `read-failed` problem.
struct CloudWatchSource: ByteSource {
  private var page: [UInt8]
  private var offset = 0
  private let pager: CloudWatchPager

  init(page: [UInt8], pager: CloudWatchPager) {
    self.page = page
    self.pager = pager
  }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    while offset == page.count {
      switch pager.nextPage() {
      case .failure(let failure):
        throw ByteSourceError(.readFailed(DiagnosticRenderer.awsReason(failure)))
      case .success(nil):
        return 0
      case .success(let next?):
        page = next
        offset = 0
      }
    }
    return CloudWatchSource.copy(page, from: &offset, into: buffer)
  }

  /// Copies what `buffer` holds of `page` from `offset` on, and moves `offset` past it.
  static func copy(
    _ page: [UInt8], from offset: inout Int, into buffer: UnsafeMutableRawBufferPointer
  ) -> Int {
    let count = min(buffer.count, page.count - offset)
    page.withUnsafeBytes { bytes in
      guard let target = buffer.baseAddress, let source = bytes.baseAddress else { return }
      target.copyMemory(from: source + offset, byteCount: count)
    }
    offset += count
    return count
  }
}
