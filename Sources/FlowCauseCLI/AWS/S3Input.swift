import FlowLogs
import Foundation
import Rendering

/// `diagnose --s3 s3://BUCKET/PREFIX`: the flow log objects of the time range, listed with
/// `aws s3api list-objects-v2` and each streamed with `aws s3 cp s3://BUCKET/KEY -` as it is read.
///
/// Which folders are listed: a prefix that already reaches into `AWSLogs/` is listed as given;
/// otherwise, when the topology folder's collect manifest gives the account and region, only
/// the days of the range in both of AWS's layouts (classic and Hive-style); otherwise all of
/// `PREFIX/AWSLogs/`. Objects are then chosen by the time in their file name
/// (``S3FlowLogKey/overlaps(_:)``), and, when `describe-flow-logs.json` names the flow logs
/// that deliver to the bucket, by their flow log id.
enum S3Input {
  static func resolve(
    bucket: String, prefix: String, range: TimeRange, cli: AWSCLI, catalog: FlowLogCatalog?,
    manifest: CollectManifest?, progress: FetchProgress, io: CommandIO
  ) -> Result<[InputFile], ExitCode> {
    let base = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
    var prefixes: [String]
    if base.contains("AWSLogs/") {
      prefixes = [prefix]
    } else if let account = manifest?.account, let region = manifest?.region {
      let days = TimeRange(start: range.start, end: range.end + S3FlowLogKey.deliveryMargin)
        .days()
      prefixes = days.flatMap { day in
        S3FlowLogKey.dayPrefixes(
          account: account, region: region, year: day.year, month: day.month, day: day.day
        ).map { base + $0 }
      }
    } else {
      prefixes = [base + "AWSLogs/"]
    }
    var keys: [(key: String, parsed: S3FlowLogKey, size: Int)] = []
    var listed = 0
    for listPrefix in prefixes {
      let call = AWSCall("s3api", "list-objects-v2", ["--bucket", bucket, "--prefix", listPrefix])
      switch cli.run(call) {
      case .failure(let failure):
        io.stderr.write(DiagnosticRenderer.aws(failure, command: "diagnose"))
        return .failure(failure.exitCode)
      case .success(let bytes):
        guard let objects = listing(bytes) else {
          let failure = AWSCLIFailure.unreadableOutput(call, reason: "no Contents list")
          io.stderr.write(DiagnosticRenderer.aws(failure, command: "diagnose"))
          return .failure(failure.exitCode)
        }
        listed += objects.count
        for (key, size) in objects {
          if let parsed = S3FlowLogKey(key) { keys.append((key, parsed, size)) }
        }
      }
    }
    let flowLogIds = Set(catalog?.delivering(toBucket: bucket, prefix: prefix).map(\.id) ?? [])
    let selected =
      keys
      .filter { $0.parsed.overlaps(range) }
      .filter { flowLogIds.isEmpty || flowLogIds.contains($0.parsed.flowLogId) }
      .sorted { ($0.parsed.time, $0.key) < ($1.parsed.time, $1.key) }
    guard !selected.isEmpty else {
      io.stderr.write(
        DiagnosticRenderer.emptyTimeRange(
          "no flow log objects under s3://\(bucket)/\(base) (\(listed) listed, "
            + "\(keys.count) at AWS's flow log layout, none written for the range)",
          range: range))
      return .failure(.emptyTimeRange)
    }
    progress.objectsTotal = selected.count
    let inputs = selected.map { object in
      InputFile(
        name: "s3://\(bucket)/\(object.key)", readsAhead: true,
        opener: { open(bucket: bucket, key: object.key, cli: cli, progress: progress) })
    }
    return .success(inputs)
  }

  /// The `Contents[]` keys and sizes of a `list-objects-v2` output (an empty result prints no
  /// `Contents`, or nothing at all); nil when the output is not a JSON object.
  static func listing(_ bytes: [UInt8]) -> [(String, Int)]? {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [] }
    guard let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
      return nil
    }
    let contents = root["Contents"] as? [[String: Any]] ?? []
    return contents.compactMap { object in
      guard let key = object["Key"] as? String else { return nil }
      return (key, (object["Size"] as? NSNumber)?.intValue ?? 0)
    }
  }

  /// Starts `aws s3 cp s3://BUCKET/KEY -` and reads its output.
  static func open(bucket: String, key: String, cli: AWSCLI, progress: FetchProgress)
    -> Result<InputFile.OpenedInput, InputFile.OpenError>
  {
    let call = AWSCall("s3", "cp", ["s3://\(bucket)/\(key)", "-", "--only-show-errors"])
    switch cli.stream(call) {
    case .failure(let failure):
      return .failure(InputFile.OpenError(reason: DiagnosticRenderer.awsReason(failure)))
    case .success(let process):
      return .success(
        InputFile.OpenedInput(
          source: S3ObjectSource(process: process, progress: progress), descriptor: nil,
          finish: {
            process.terminate()
            progress.objects += 1
            progress.report()
            if progress.objects == progress.objectsTotal { progress.finish() }
          }))
    }
  }
}

/// The output of `aws s3 cp … -`; when it ends, a failed copy ends the input with a
/// `read-failed` problem naming the IAM action. Read on a thread of its own when read ahead
/// (``InputQueue``): it only counts the bytes, and the command's thread reports progress.
struct S3ObjectSource: ByteSource {
  private let process: AWSProcess
  private var pipe: FileDescriptorSource
  private let progress: FetchProgress

  init(process: AWSProcess, progress: FetchProgress) {
    self.process = process
    self.pipe = FileDescriptorSource(descriptor: process.outputDescriptor)
    self.progress = progress
  }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    let count = try pipe.read(into: buffer)
    if count == 0, let failure = process.failure() {
      throw ByteSourceError(.readFailed(DiagnosticRenderer.awsReason(failure)))
    }
    progress.add(bytes: count)
    return count
  }
}
