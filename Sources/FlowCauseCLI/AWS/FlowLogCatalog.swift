import FlowLogs
import Foundation

/// The flow logs of `describe-flow-logs.json` in a collected topology folder, to learn the
/// `LogFormat` of the flow log that delivers to a log group or a bucket.
///
/// AWS: `describe-flow-logs` prints `FlowLogs[]` with `FlowLogId`, `LogDestinationType`
/// (`cloud-watch-logs`, `s3`, `kinesis-data-firehose`), `LogGroupName` (CloudWatch Logs),
/// `LogDestination` (an ARN: `arn:aws:logs:REGION:ACCOUNT:log-group:NAME` or
/// `arn:aws:s3:::BUCKET[/PREFIX]`) and `LogFormat` (`${version} ${account-id} …`, written out
/// in full even for the default format; AWS CLI Command Reference, `describe-flow-logs`).
struct FlowLogCatalog: Sendable {
  struct FlowLog: Equatable, Sendable {
    var id: String
    var destinationType: String
    var logGroupName: String?
    var destination: String?
    var logFormat: String?
  }

  var flowLogs: [FlowLog]

  /// The file name `flowcause collect` writes.
  static let fileName = "describe-flow-logs.json"

  /// Reads `describe-flow-logs` output; nil when it is not.
  init?(json bytes: [UInt8]) {
    guard let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
      let list = root["FlowLogs"] as? [[String: Any]]
    else { return nil }
    flowLogs = list.map { object in
      FlowLog(
        id: object["FlowLogId"] as? String ?? "",
        destinationType: object["LogDestinationType"] as? String ?? "cloud-watch-logs",
        logGroupName: object["LogGroupName"] as? String,
        destination: object["LogDestination"] as? String,
        logFormat: object["LogFormat"] as? String)
    }
  }

  init(flowLogs: [FlowLog]) { self.flowLogs = flowLogs }

  /// Reads `describe-flow-logs.json` from the folder `topology`; nil when there is none.
  static func load(topology: String?) -> FlowLogCatalog? {
    guard let topology else { return nil }
    let path = (topology as NSString).appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return FlowLogCatalog(json: Array(data))
  }

  /// The flow logs that deliver to CloudWatch Logs group `group`.
  func delivering(toLogGroup group: String) -> [FlowLog] {
    flowLogs.filter { log in
      guard log.destinationType == "cloud-watch-logs" else { return false }
      if log.logGroupName == group { return true }
      guard let arn = log.destination, let range = arn.range(of: ":log-group:") else {
        return false
      }
      var name = arn[range.upperBound...]
      if name.hasSuffix(":*") { name = name.dropLast(2) }
      return name == group
    }
  }

  /// The flow logs that deliver to S3 bucket `bucket` (under `prefix`, when their destination
  /// names one that `prefix` is inside of, or the other way round).
  func delivering(toBucket bucket: String, prefix: String) -> [FlowLog] {
    flowLogs.filter { log in
      guard log.destinationType == "s3", let arn = log.destination,
        arn.hasPrefix("arn:aws:s3:::") || arn.hasPrefix("arn:aws-cn:s3:::")
          || arn.hasPrefix("arn:aws-us-gov:s3:::")
      else { return false }
      let path = arn.split(separator: ":", maxSplits: 5).last.map(String.init) ?? ""
      let parts = path.split(separator: "/", maxSplits: 1)
      guard parts.first.map(String.init) == bucket else { return false }
      let logPrefix = parts.count > 1 ? String(parts[1]) : ""
      return prefix.hasPrefix(logPrefix) || logPrefix.hasPrefix(prefix)
    }
  }

  /// The flow logs a local file was written by, read from its path: an S3 object's name holds
  /// its flow log's id (`ACCOUNT_vpcflowlogs_REGION_fl-…_YYYYMMDDTHHmmZ_HASH.log.gz`, Amazon VPC
  /// User Guide, "Flow log files"); else a folder or name of the path that is the bucket an S3
  /// flow log delivers to, or the log group a CloudWatch Logs one does (a copy kept under
  /// those names).
  func writing(path: String) -> [FlowLog] {
    let components = path.split(separator: "/").map(String.init)
    let name = components.last ?? ""
    let byId = flowLogs.filter { !$0.id.isEmpty && name.contains("_\($0.id)_") }
    if !byId.isEmpty { return byId }
    var named: Set<String> = []
    for component in components {
      let stem = component.split(separator: ".").first.map(String.init) ?? component
      for log in delivering(toBucket: component, prefix: "") + delivering(toLogGroup: component)
        + (stem == component ? [] : delivering(toLogGroup: stem))
      {
        named.insert(log.id)
      }
    }
    return flowLogs.filter { named.contains($0.id) }
  }

  /// The `LogFormat` for a local file without a header line: its flow log's (``writing(path:)``),
  /// or, when the path names none, the one format every flow log of the folder has; nil when
  /// neither tells (or the flow logs it names disagree), with the flow logs it was taken from.
  func format(forFile path: String) -> (format: FlowLogFormat, from: [FlowLog])? {
    var logs = writing(path: path).filter { $0.logFormat != nil }
    if logs.isEmpty { logs = flowLogs.filter { $0.logFormat != nil } }
    let texts = Set(logs.compactMap(\.logFormat))
    guard texts.count == 1, let text = texts.first,
      let format = try? FlowLogFormat(parsing: text)
    else { return nil }
    return (format, logs)
  }

  /// The one `LogFormat` of `logs`: nil when none has one; an error naming the flow logs when
  /// they disagree.
  static func format(of logs: [FlowLog], destination: String) throws(UsageError)
    -> FlowLogFormat?
  {
    let formats = Set(logs.compactMap(\.logFormat))
    guard let text = formats.first else { return nil }
    guard formats.count == 1 else {
      throw UsageError(
        "flow logs \(logs.map(\.id).joined(separator: ", ")) deliver to \(destination) with "
          + "different LogFormats; give the one to read with --format")
    }
    do {
      return try FlowLogFormat(parsing: text)
    } catch {
      throw UsageError("the LogFormat of the flow log delivering to \(destination): \(error)")
    }
  }
}
