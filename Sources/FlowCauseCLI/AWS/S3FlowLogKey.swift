import Foundation

/// What the key of a flow log object in S3 says about it.
///
/// AWS writes flow log files to (Amazon VPC User Guide, "Flow log files"):
///
/// ```
/// PREFIX/AWSLogs/ACCOUNT/vpcflowlogs/REGION/YYYY/MM/DD[/HH]/FILE
/// PREFIX/AWSLogs/aws-account-id=ACCOUNT/aws-service=vpcflowlogs/aws-region=REGION/
///        year=YYYY/month=MM/day=DD[/hour=HH]/FILE                     (Hive-compatible)
/// FILE = ACCOUNT_vpcflowlogs_REGION_FLOWLOGID_YYYYMMDDTHHmmZ_HASH.log.gz (or .parquet)
/// ```
///
/// The time in the file name is the end of the five-minute period whose records the file
/// holds; the object's LastModified is later (the upload).
struct S3FlowLogKey: Equatable, Sendable {
  var account: String
  var region: String
  var flowLogId: String
  /// The time in the file name, in seconds since 1970 (UTC).
  var time: Int
  /// Whether the folders are Hive-style (`year=YYYY/…`).
  var hive: Bool

  /// The layout's folder names, for listing one day: classic and Hive-style.
  static func dayPrefixes(account: String, region: String, year: Int, month: Int, day: Int)
    -> [String]
  {
    let y = String(format: "%04d", year)
    let m = String(format: "%02d", month)
    let d = String(format: "%02d", day)
    return [
      "AWSLogs/\(account)/vpcflowlogs/\(region)/\(y)/\(m)/\(d)/",
      "AWSLogs/aws-account-id=\(account)/aws-service=vpcflowlogs/aws-region=\(region)/"
        + "year=\(y)/month=\(m)/day=\(d)/",
    ]
  }

  /// Reads a key; nil when it is not a flow log file at AWS's layout.
  init?(_ key: String) {
    let parts = key.split(separator: "/", omittingEmptySubsequences: false)
    guard let file = parts.last, let logs = parts.lastIndex(of: "AWSLogs") else { return nil }
    let folders = parts[(logs + 1)..<(parts.count - 1)]
    guard folders.count >= 6 else { return nil }
    let first = folders[folders.startIndex]
    hive = first.hasPrefix("aws-account-id=")
    guard let name = Self.fileName(file) else { return nil }
    (account, region, flowLogId, time) = name
    // The folders must agree with the file name.
    let expectedAccount = hive ? "aws-account-id=\(account)" : account
    guard first == expectedAccount else { return nil }
  }

  /// What a flow log file's name says, `ACCOUNT_vpcflowlogs_REGION_FLOWLOGID_YYYYMMDDTHHmmZ_HASH…`;
  /// nil for another name.
  static func fileName(_ name: Substring)
    -> (account: String, region: String, flowLogId: String, time: Int)?
  {
    let parts = name.split(separator: "_")
    guard parts.count == 6, parts[1] == "vpcflowlogs", parts[3].hasPrefix("fl-"),
      let time = fileTime(parts[4])
    else { return nil }
    return (String(parts[0]), String(parts[2]), String(parts[3]), time)
  }

  /// `YYYYMMDDTHHmmZ` in seconds since 1970.
  static func fileTime(_ text: Substring) -> Int? {
    let bytes = Array(text.utf8)
    guard bytes.count == 14, bytes[8] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: "Z") else {
      return nil
    }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in bytes[range] {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
    guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
      let hour = number(9..<11), let minute = number(11..<13),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60
    else { return nil }
    return daysSince1970(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60
  }

  /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's
  /// days_from_civil).
  static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146097 + dayOfEra - 719468
  }

  /// How long after a period's end its file may still be written: delivery is every five
  /// minutes, and a record is published within minutes of its aggregation interval ending
  /// (Amazon VPC User Guide, "Flow log limitations" and "Flow log files"). A file whose name
  /// is up to this much after the range's end can hold records of the range.
  static let deliveryMargin = 15 * 60

  /// Whether the file can hold records of `range`: its time is at or after the range's start
  /// (it holds the five minutes before its time) and at most ``deliveryMargin`` after its end.
  func overlaps(_ range: TimeRange) -> Bool {
    time >= range.start && time <= range.end + Self.deliveryMargin
  }
}
