import FlowCauseCLI
import Foundation
import Testing

/// `diagnose DIR` and `parse DIR`: a directory stands for the flow log files under it, in the
/// order a day of S3 objects should be read.
@Suite("A directory as an input: its *.log and *.log.gz files, in time order")
struct DirectoryInputTests {
  /// One record whose source port says which file it came from.
  static func object(_ port: Int) -> [UInt8] {
    Array(
      (InputQueueTests.header
        + "2 123456789012 eni-1235b8ca123456789 198.51.100.7 10.0.1.9 \(port) 22 6 1 40 1777593600 1777593660 REJECT OK\n")
        .utf8)
  }

  /// A day's folders as `aws s3 sync` copies them, in both layouts and for two flow logs, with
  /// other files beside them.
  static func day() throws -> URL {
    let root = try CLIHarness.temporaryDirectory().appendingPathComponent("bucket")
    let classic = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/05/01"
    let hive =
      "AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=05/day=01"
    let files: [(String, Int)] = [
      // By name, the flow log id sorts fl-b after fl-a; by time, 0005Z comes first.
      ("\(classic)/123456789012_vpcflowlogs_us-east-1_fl-b_20260501T0005Z_9f1e.log.gz", 1),
      ("\(classic)/123456789012_vpcflowlogs_us-east-1_fl-a_20260501T0010Z_3c2d.log.gz", 3),
      ("\(hive)/hour=00/123456789012_vpcflowlogs_us-east-1_fl-c_20260501T0005Z_77aa.log.gz", 2),
      ("\(classic)/123456789012_vpcflowlogs_us-east-1_fl-a_20260501T0100Z_0b0b.log", 4),
      ("exports/b.log", 11),
      ("exports/a.log.gz", 10),
      ("exports/readme.txt", 99),
    ]
    for (path, port) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      let bytes = path.hasSuffix(".gz") ? try CLIHarness.gzip(object(port)) : object(port)
      try Data(bytes).write(to: url)
    }
    return root
  }

  @Test(
    "Every *.log and *.log.gz under it: the others by path, then AWS's files by the time in their names",
    arguments: [1, 2])
  func order(threads: Int) throws {
    let root = try Self.day()
    let run = CLIHarness.run(["parse", "--threads", "\(threads)", root.path + "/"])
    #expect(run.exit == .success)
    let records = try run.objects()
    #expect(records.map { $0["srcport"] as? Int } == [10, 11, 1, 2, 3, 4])
    // Each record is named by its own file, under the directory as it was given.
    #expect(
      records.first?["file"] as? String == root.path + "/exports/a.log.gz")
    #expect(
      (records.last?["file"] as? String)?.hasSuffix(
        "/2026/05/01/123456789012_vpcflowlogs_us-east-1_fl-a_20260501T0100Z_0b0b.log") == true)
    #expect(run.summary?.contains("from 6 inputs: 6 records, 6 headers") == true)
  }

  @Test("diagnose names each REJECT's own file and line")
  func diagnoseNamesFiles() throws {
    let root = try Self.day()
    let run = CLIHarness.run(["diagnose", "--output", "jsonl", root.path])
    #expect(run.exit == .success)
    let rejects = try run.objects()
    #expect(rejects.count == 6)
    #expect(rejects.allSatisfy { $0["line"] as? Int == 2 })
    #expect(
      rejects.compactMap { ($0["file"] as? String)?.split(separator: "/").last }
        == [
          "a.log.gz", "b.log", "123456789012_vpcflowlogs_us-east-1_fl-b_20260501T0005Z_9f1e.log.gz",
          "123456789012_vpcflowlogs_us-east-1_fl-c_20260501T0005Z_77aa.log.gz",
          "123456789012_vpcflowlogs_us-east-1_fl-a_20260501T0010Z_3c2d.log.gz",
          "123456789012_vpcflowlogs_us-east-1_fl-a_20260501T0100Z_0b0b.log",
        ])
  }

  @Test("A directory without flow log files cannot be opened: 66, naming it")
  func empty() throws {
    let root = try CLIHarness.temporaryDirectory()
    try Data("notes\n".utf8).write(to: root.appendingPathComponent("notes.txt"))
    let run = CLIHarness.run(["diagnose", root.path])
    #expect(run.exit == .noInput)
    #expect(
      run.errorLines == [
        "\(root.path): error: cannot open: a directory with no *.log or *.log.gz file"
      ])
  }
}
