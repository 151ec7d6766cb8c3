import FlowLogs
import Foundation
import Rendering
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `diagnose --cloudwatch GROUP --follow [--poll D]`: after the events of the range, keeps
/// asking `filter-log-events` for new ones every `poll` seconds until interrupted (Ctrl-C,
/// SIGINT or SIGTERM), which ends the input as if it were a file's end: the REJECTs still
/// waiting are decided and the output closes as usual.
///
/// A flow log writes each record as an event whose timestamp is the record's `start`, and
/// delivers it minutes later (an aggregation window of up to 10 minutes, then about 5 minutes
/// to CloudWatch Logs, best effort; Amazon VPC User Guide, "Logging IP traffic using VPC Flow
/// Logs": the maximum aggregation interval and the delivery of flow log records). `filter-log-events`
/// selects by timestamp, so each poll asks again from ``lookback`` before the newest event seen
/// and drops the events it has already read, by `eventId`.
final class FollowSession: @unchecked Sendable {
  /// Seconds between polls.
  let poll: Int
  /// How far before the newest event (or now, when earlier) a poll starts: 20 minutes.
  static let lookback = 20 * 60
  /// The most polls in a row that may fail before the input ends with the failure.
  static let failuresInARow = 5
  private let stop = Atomic<Bool>(false)
  /// Called on the reading thread before each wait: writes what has been decided and redraws
  /// the status on a terminal.
  var idle: (() -> Void)?
  /// The events read (each once), and the REJECT records among them.
  var eventsRead = 0
  var rejectsRead = 0
  private var signalSources: [any DispatchSourceSignal] = []

  init(poll: Int) { self.poll = poll }

  /// Whether an interrupt has asked the follow to end.
  var stopped: Bool { stop.load(ordering: .relaxed) }

  /// SIGINT and SIGTERM end the follow gracefully; a second one ends the process at once.
  func installInterruptHandlers() {
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [weak self] in
        guard let self else { return }
        if self.stop.exchange(true, ordering: .relaxed) { _exit(130) }
      }
      source.resume()
      signalSources.append(source)
    }
  }

  /// Waits `poll` seconds; false when interrupted first.
  func waitForNextPoll() -> Bool {
    var tenths = poll * 10
    while tenths > 0 {
      if stopped { return false }
      usleep(100_000)
      tenths -= 1
    }
    return !stopped
  }
}

/// The events of a log group as they arrive: the range's pages, then a poll every
/// ``FollowSession/poll`` seconds, each page rewritten to hold only events not read before.
struct CloudWatchFollowSource: ByteSource {
  private let pager: CloudWatchPager
  private let session: FollowSession
  private let stderr: any ByteWriter
  private var page: [UInt8] = []
  private var offset = 0
  private var events = FollowedEvents()
  private var failures = 0

  /// Starts with the page `pager` last fetched (the first, before the input was opened).
  init(pager: CloudWatchPager, session: FollowSession, stderr: any ByteWriter) {
    self.pager = pager
    self.session = session
    self.stderr = stderr
    take(pager.lastEvents)
  }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    while offset == page.count {
      if session.stopped { return 0 }
      if pager.done {
        session.idle?()
        guard session.waitForNextPoll() else { return 0 }
        pager.restart(from: events.pollStart(now: Int(Date().timeIntervalSince1970)))
      }
      switch pager.nextPage() {
      case .failure(let failure):
        if session.stopped { return 0 }
        failures += 1
        guard failures < FollowSession.failuresInARow else {
          throw ByteSourceError(.readFailed(DiagnosticRenderer.awsReason(failure)))
        }
        stderr.write(
          "flowcause diagnose: warning: \(DiagnosticRenderer.awsReason(failure)); asking again "
            + "in \(session.poll) s\n")
        pager.abandonRound()
      case .success(nil):
        continue
      case .success(_?):
        failures = 0
        take(pager.lastEvents)
      }
    }
    return CloudWatchSource.copy(page, from: &offset, into: buffer)
  }

  private mutating func take(_ parsed: [[String: Any]]) {
    let (before, rejects) = (events.read, events.rejects)
    page = events.fresh(parsed)
    offset = 0
    session.eventsRead += events.read - before
    session.rejectsRead += events.rejects - rejects
  }
}

/// The events a follow has read: which are new in a page, and where the next poll starts.
struct FollowedEvents {
  /// The `eventId`s read, by a 64-bit hash, with their timestamps (ms): forgotten once older
  /// than the next poll's start.
  private var seen: [UInt64: Int64] = [:]
  /// The newest event timestamp read (ms).
  private(set) var newest: Int64 = 0
  /// Events read, each once, and those whose message holds the word REJECT.
  private(set) var read = 0
  private(set) var rejects = 0

  /// Where the next poll starts (seconds since 1970): ``FollowSession/lookback`` before the
  /// newest event read, or before `now` when that is earlier; the `eventId`s older than it are
  /// forgotten.
  mutating func pollStart(now: Int) -> Int {
    let start = min(newest == 0 ? now : Int(newest / 1000), now) - FollowSession.lookback
    let cut = Int64(start) * 1000
    seen = seen.filter { $0.value >= cut }
    return start
  }

  /// The events of a page not read before, as a page of their own with one event a line, so
  /// that each record's line number is its own (empty when none is new).
  mutating func fresh(_ events: [[String: Any]]) -> [UInt8] {
    var page: [UInt8] = []
    for event in events {
      let timestamp = (event["timestamp"] as? NSNumber)?.int64Value ?? 0
      if let id = event["eventId"] as? String {
        let key = Self.hash(id)
        if seen[key] != nil { continue }
        seen[key] = timestamp
      }
      guard let data = try? JSONSerialization.data(withJSONObject: event) else { continue }
      newest = max(newest, timestamp)
      read += 1
      if let message = event["message"] as? String, message.contains(" REJECT ") { rejects += 1 }
      page += Array((page.isEmpty ? "{\"events\": [\n" : ",\n").utf8)
      page += data
    }
    return page.isEmpty ? [] : page + Array("\n]}\n".utf8)
  }

  /// FNV-1a, 64 bits: an `eventId` (a decimal string of about 56 digits) to a key.
  static func hash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01B3
    }
    return hash
  }
}
