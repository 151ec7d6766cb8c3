import Foundation

/// The time range of a fetch, in whole seconds since 1970 (UTC): `[start, end]`.
struct TimeRange: Equatable, Sendable {
  var start: Int
  var end: Int

  /// The range when no option is given: the last hour.
  static let defaultSince = 3600

  /// Reads `--since DURATION` or `--start T [--end T]` (end defaults to `now`).
  static func from(since: String?, start: String?, end: String?, now: Int) throws(UsageError)
    -> TimeRange
  {
    if let since {
      if start != nil || end != nil {
        throw UsageError("--since cannot be combined with --start or --end")
      }
      guard let seconds = duration(since) else {
        throw UsageError(
          "--since: '\(since)' is not a duration (a number with s, m, h or d: 90s, 30m, 2h, 1d)")
      }
      return TimeRange(start: now - seconds, end: now)
    }
    guard let start else {
      if end != nil { throw UsageError("--end needs --start") }
      return TimeRange(start: now - defaultSince, end: now)
    }
    guard let from = instant(start) else {
      throw UsageError("--start: '\(start)' is not a time (2026-11-22T13:00:00Z or epoch seconds)")
    }
    var to = now
    if let end {
      guard let parsed = instant(end) else {
        throw UsageError("--end: '\(end)' is not a time (2026-11-22T13:00:00Z or epoch seconds)")
      }
      to = parsed
    }
    guard from <= to else {
      // A range that ends before it starts selects nothing: said now, not as "no events".
      throw UsageError(
        "the range ends before it starts: --start \(iso(from)) is after "
          + (end == nil ? "now (\(iso(to))), where --end defaults to" : "--end \(iso(to))"))
    }
    return TimeRange(start: from, end: to)
  }

  /// `90s`, `30m`, `2h`, `1d` (or a plain number of seconds) in seconds.
  static func duration(_ text: String) -> Int? {
    guard let last = text.last else { return nil }
    let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
    let unit = units[last]
    let digits = unit == nil ? Substring(text) : text.dropLast()
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value > 0 else {
      return nil
    }
    let (product, overflow) = value.multipliedReportingOverflow(by: unit ?? 1)
    return overflow || product > 400 * 86400 ? nil : product
  }

  /// An instant: ISO 8601 in UTC or with an offset (`2026-11-22T13:00:00Z`,
  /// `2026-11-22T13:00Z`, `2026-11-22T22:00:00+09:00`, a space instead of `T`, fractional
  /// seconds allowed) or whole seconds since 1970.
  static func instant(_ text: String) -> Int? {
    if !text.isEmpty, text.allSatisfy(\.isNumber), let seconds = Int(text) { return seconds }
    var normalized = text.replacingOccurrences(of: " ", with: "T")
    // "…T13:00Z" → "…T13:00:00Z": the formatter wants seconds.
    if let tee = normalized.firstIndex(of: "T") {
      let clock = normalized[normalized.index(after: tee)...]
      let zone = clock.firstIndex { $0 == "Z" || $0 == "+" || $0 == "-" } ?? clock.endIndex
      if clock[..<zone].filter({ $0 == ":" }).count == 1 {
        normalized.insert(contentsOf: ":00", at: zone)
      }
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    if let date = formatter.date(from: normalized) { return Int(date.timeIntervalSince1970) }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: normalized) { return Int(date.timeIntervalSince1970) }
    return nil
  }

  /// `2026-11-22T13:00:00Z`.
  static func iso(_ seconds: Int) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  /// The UTC days the range touches, as (year, month, day), oldest first.
  func days() -> [(year: Int, month: Int, day: Int)] {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    var result: [(Int, Int, Int)] = []
    var day = start - ((start % 86400) + 86400) % 86400
    while day <= end {
      let parts = calendar.dateComponents(
        [.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(day)))
      result.append((parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1))
      day += 86400
    }
    return result
  }
}
