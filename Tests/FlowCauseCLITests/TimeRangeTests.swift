import Testing

@testable import FlowCauseCLI

@Suite("Time ranges of a fetch")
struct TimeRangeTests {
  static let now = 1_795_352_700  // 2026-11-22T13:05:00Z

  @Test(
    "--since takes seconds, minutes, hours and days",
    arguments: [("90s", 90), ("30m", 1800), ("2h", 7200), ("1d", 86400), ("45", 45)])
  func since(text: String, seconds: Int) throws {
    let range = try TimeRange.from(since: text, start: nil, end: nil, now: Self.now)
    #expect(range == TimeRange(start: Self.now - seconds, end: Self.now))
  }

  @Test("--since rejects what is not a duration", arguments: ["", "m", "-5m", "5w", "1.5h", "0m"])
  func badSince(text: String) {
    #expect(throws: UsageError.self) {
      try TimeRange.from(since: text, start: nil, end: nil, now: Self.now)
    }
  }

  @Test("No option means the last hour")
  func defaultRange() throws {
    let range = try TimeRange.from(since: nil, start: nil, end: nil, now: Self.now)
    #expect(range == TimeRange(start: Self.now - 3600, end: Self.now))
  }

  @Test(
    "--start and --end take ISO 8601 times and epoch seconds",
    arguments: [
      "2026-11-22T13:05:00Z", "2026-11-22T13:05Z", "2026-11-22 13:05:00Z",
      "2026-11-22T22:05:00+09:00", "2026-11-22T13:05:00.000Z", "1795352700",
    ])
  func instants(text: String) {
    #expect(TimeRange.instant(text) == Self.now)
  }

  @Test("--start defaults --end to now; --end alone, --start after --end are errors")
  func startEnd() throws {
    let range = try TimeRange.from(
      since: nil, start: "2026-11-22T12:00:00Z", end: nil, now: Self.now)
    #expect(range == TimeRange(start: Self.now - 3900, end: Self.now))
    #expect(throws: UsageError.self) {
      try TimeRange.from(since: nil, start: nil, end: "2026-11-22T12:00:00Z", now: Self.now)
    }
    #expect(throws: UsageError.self) {
      try TimeRange.from(
        since: nil, start: "2026-11-22T13:00:00Z", end: "2026-11-22T12:00:00Z", now: Self.now)
    }
    #expect(throws: UsageError.self) {
      try TimeRange.from(since: "1h", start: "2026-11-22T12:00:00Z", end: nil, now: Self.now)
    }
  }

  @Test("A range that ends before it starts is a usage error naming both ends")
  func endBeforeStart() throws {
    #expect(
      throws: UsageError(
        "the range ends before it starts: --start 2026-11-22T13:00:00Z is after --end "
          + "2026-11-22T12:00:00Z")
    ) {
      try TimeRange.from(
        since: nil, start: "2026-11-22T13:00:00Z", end: "2026-11-22T12:00:00Z", now: Self.now)
    }
    #expect(
      throws: UsageError(
        "the range ends before it starts: --start 2026-11-23T00:00:00Z is after now "
          + "(2026-11-22T13:05:00Z), where --end defaults to")
    ) {
      try TimeRange.from(since: nil, start: "2026-11-23T00:00:00Z", end: nil, now: Self.now)
    }
    // Through the command: exit 64 before any aws call, the usage after the reason.
    let run = CLIHarness.run([
      "diagnose", "--cloudwatch", "/vpc/flowlogs", "--start", "2026-11-22T13:00:00Z", "--end",
      "2026-11-22T12:00:00Z",
    ])
    #expect(run.exit == .usage)
    #expect(run.stderr.hasPrefix("flowcause diagnose: error: the range ends before it starts"))
  }

  @Test("A range over midnight touches two UTC days")
  func days() throws {
    let start = try #require(TimeRange.instant("2026-11-21T23:30:00Z"))
    let end = try #require(TimeRange.instant("2026-11-22T00:10:00Z"))
    let days = TimeRange(start: start, end: end).days()
    #expect(days.map { "\($0.year)-\($0.month)-\($0.day)" } == ["2026-11-21", "2026-11-22"])
  }

  @Test("The file-name time agrees with the ISO reading")
  func fileTime() {
    #expect(S3FlowLogKey.fileTime("20261122T1305Z") == Self.now)
    #expect(TimeRange.iso(Self.now) == "2026-11-22T13:05:00Z")
  }
}
