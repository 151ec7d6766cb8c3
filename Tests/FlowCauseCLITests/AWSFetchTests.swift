import FlowLogs
import Foundation
import Rendering
import Testing

@testable import FlowCauseCLI

/// `collect` and `diagnose --cloudwatch/--s3` in-process, with `Tests/Integration/fake-aws/aws`
/// standing in for the AWS CLI: it fails the way the real one does (or prints `{}`).
@Suite("Fetching with the AWS CLI")
struct AWSFetchTests {
  static let fakeAWS = CLIHarness.packageRoot.appendingPathComponent("Tests/Integration/fake-aws")
    .path

  /// An environment whose only `aws` is the fake one.
  static func environment(fail: String? = nil, state: String? = nil) -> [String: String] {
    var environment = ["PATH": "\(fakeAWS):/usr/bin:/bin"]
    if let fail { environment["FAKE_AWS_FAIL"] = fail }
    if let state { environment["FAKE_AWS_STATE"] = state }
    return environment
  }

  static func io() -> (CommandIO, MemoryWriter) {
    let err = MemoryWriter()
    return (CommandIO(stdout: MemoryWriter(), stderr: err, stdin: { MemorySource([]) }), err)
  }

  static func fetch(_ arguments: [String]) throws -> LogFetch? {
    let scanner = try ArgumentScanner(
      arguments[...], valueOptions: LogFetch.valueOptions.union(["--topology"]),
      flagOptions: LogFetch.flagOptions)
    return try LogFetch.parse(scanner, now: 1_795_352_700)
  }

  @Test("Without aws on PATH, diagnose says how to install it and exits 69")
  func notInstalled() throws {
    let empty = try CLIHarness.temporaryDirectory().path
    let (io, err) = Self.io()
    let result = LogFetch.resolve(
      try Self.fetch(["--cloudwatch", "/vpc/flowlogs"]), files: [], topology: nil, io: io,
      environment: ["PATH": empty])
    guard case .failure(let exit) = result else {
      Issue.record("expected a failure")
      return
    }
    #expect(exit == .unavailable)
    #expect(
      err.text.hasPrefix("flowcause diagnose: error: the AWS CLI (aws) was not found on PATH"))
  }

  @Test("An empty CloudWatch range is exit 4 with the range in the message")
  func emptyCloudWatchRange() throws {
    let (io, err) = Self.io()
    let result = LogFetch.resolve(
      try Self.fetch(["--cloudwatch", "/vpc/flowlogs", "--since", "30m"]), files: [],
      topology: nil, io: io, environment: Self.environment())
    #expect(result.failureCode == .emptyTimeRange)
    #expect(
      err.text
        == "flowcause diagnose: error: no events in log group /vpc/flowlogs between "
        + "2026-11-22T12:35:00Z and 2026-11-22T13:05:00Z; widen the range (--since, "
        + "--start/--end) or check the source\n")
  }

  @Test("An empty S3 listing is exit 4")
  func emptyS3Range() throws {
    let (io, err) = Self.io()
    let result = LogFetch.resolve(
      try Self.fetch(["--s3", "s3://bucket/logs"]), files: [], topology: nil, io: io,
      environment: Self.environment())
    #expect(result.failureCode == .emptyTimeRange)
    #expect(err.text.contains("no flow log objects under s3://bucket/logs/ (0 listed"))
  }

  @Test("A denied listing names s3:ListBucket and exits 77")
  func deniedListing() throws {
    let (io, err) = Self.io()
    let result = LogFetch.resolve(
      try Self.fetch(["--s3", "s3://bucket"]), files: [], topology: nil, io: io,
      environment: Self.environment(fail: "list-objects-v2:denied"))
    #expect(result.failureCode == .noPermission)
    #expect(
      err.text.contains(
        "access denied (AccessDenied); the caller needs the IAM permission s3:ListBucket"))
  }

  @Test("Missing credentials stop diagnose with exit 77")
  func noCredentials() throws {
    let (io, err) = Self.io()
    let result = LogFetch.resolve(
      try Self.fetch(["--cloudwatch", "g"]), files: [], topology: nil, io: io,
      environment: Self.environment(fail: "filter-log-events:nocreds"))
    #expect(result.failureCode == .noPermission)
    #expect(err.text.contains("no usable AWS credentials (Unable to locate credentials."))
  }

  @Test("A throttled call is retried, and still throttled after the last attempt it fails")
  func throttling() throws {
    let state = try CLIHarness.temporaryDirectory().path
    var cli = try AWSCLI.locate(
      region: nil, profile: nil,
      environment: Self.environment(fail: "filter-log-events:throttled-2", state: state)
    ).get()
    cli.retry = AWSCLI.RetryPolicy(attempts: 3, firstDelay: 0)
    let call = AWSCall("logs", "filter-log-events", ["--log-group-name", "g"])
    #expect(try cli.run(call).get() == Array("{}\n".utf8))
    let state2 = try CLIHarness.temporaryDirectory().path
    var always = try AWSCLI.locate(
      region: nil, profile: nil,
      environment: Self.environment(fail: "filter-log-events:throttled-9", state: state2)
    ).get()
    always.retry = AWSCLI.RetryPolicy(attempts: 3, firstDelay: 0)
    guard case .failure(.throttled(_, let attempts, _)) = always.run(call) else {
      Issue.record("expected throttled")
      return
    }
    #expect(attempts == 3)
  }

  @Test("collect writes the other files when one call is denied, names its action, exits 77")
  func collectDenied() throws {
    let out = try CLIHarness.temporaryDirectory().appendingPathComponent("topology").path
    let (io, err) = Self.io()
    let command = try CollectCommand(arguments: ["--vpc", "vpc-1", "--out", out, "--region", "r"])
    let exit = command.run(
      io: io, environment: Self.environment(fail: "describe-network-acls:denied"))
    #expect(exit == .noPermission)
    #expect(
      err.text.contains(
        "describe-network-acls.json: error: not written: aws ec2 describe-network-acls: access "
          + "denied (UnauthorizedOperation); the caller needs the IAM permission "
          + "ec2:DescribeNetworkAcls"))
    let files = try FileManager.default.contentsOfDirectory(atPath: out)
    #expect(files.contains("describe-vpcs.json"))
    #expect(!files.contains("describe-network-acls.json"))
    let data = try #require(
      FileManager.default.contents(atPath: out + "/" + CollectManifest.fileName))
    let manifest = try #require(CollectManifest(json: Array(data)))
    #expect(manifest.vpc == "vpc-1")
    #expect(manifest.region == "r")
    #expect(manifest.cliVersion.hasPrefix("aws-cli/2.99.0"))
    #expect(manifest.failed.map(\.iamAction) == ["ec2:DescribeNetworkAcls"])
    // The 13 calls of every VPC, describe-vpc-endpoints, describe-vpn-gateways and elbv2's
    // describe-load-balancers and describe-target-groups (the fake aws answers with no transit
    // gateway, target group, VPN gateway or Gateway Load Balancer endpoint, so none of their
    // calls is made).
    #expect(manifest.files.count == 17)
  }

  @Test("collect stops at once without credentials, and leaves no empty --out behind")
  func collectNoCredentials() throws {
    let parent = try CLIHarness.temporaryDirectory()
    let out = parent.appendingPathComponent("incident/topology").path
    let (io, err) = Self.io()
    let command = try CollectCommand(arguments: ["--vpc", "vpc-1", "--out", out])
    let exit = command.run(
      io: io, environment: Self.environment(fail: "get-caller-identity:nocreds"))
    #expect(exit == .noPermission)
    #expect(err.text.hasPrefix("flowcause collect: error: aws sts get-caller-identity: no usable"))
    // Both folders it created are gone; the one that was there stays.
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    // A folder that was there before stays, with what it held.
    let existing = try CLIHarness.temporaryDirectory()
    try Data("notes".utf8).write(to: existing.appendingPathComponent("notes.txt"))
    let again = try CollectCommand(arguments: ["--vpc", "vpc-1", "--out", existing.path]).run(
      io: Self.io().0, environment: Self.environment(fail: "get-caller-identity:nocreds"))
    #expect(again == .noPermission)
    #expect(try FileManager.default.contentsOfDirectory(atPath: existing.path) == ["notes.txt"])
    let empty = try CLIHarness.temporaryDirectory()
    _ = try CollectCommand(arguments: ["--vpc", "vpc-1", "--out", empty.path]).run(
      io: Self.io().0, environment: Self.environment(fail: "get-caller-identity:nocreds"))
    #expect(FileManager.default.fileExists(atPath: empty.path))
  }

  @Test("The fetch options are checked before anything runs")
  func usage() throws {
    #expect(try Self.fetch([]) == nil)
    // `--since` and `--interface` are filters on any input too (DiagnoseFilterTests): no
    // fetch without --cloudwatch or --s3, and with --s3 the records are filtered.
    #expect(try Self.fetch(["--since", "1h"]) == nil)
    #expect(try Self.fetch(["--s3", "s3://b", "--interface", "eni-1"]) != nil)
    for arguments in [
      ["--start", "2026-11-22T13:00:00Z"], ["--cloudwatch", "g", "--s3", "s3://b"],
      ["--s3", "b"], ["--cloudwatch", "g", "--interface", "x"], ["--cloudwatch", "g", "file.log"],
    ] {
      #expect(throws: UsageError.self, "\(arguments)") { try Self.fetch(arguments) }
    }
    let run = CLIHarness.run(["diagnose", "--cloudwatch", "g", "--since", "forever"])
    #expect(run.exit == .usage)
    #expect(run.stderr.hasPrefix("flowcause diagnose: error: --since: 'forever' is not a duration"))
  }

  @Test("--follow reads CloudWatch Logs without an end, polling every 30 s or --poll")
  func followOptions() throws {
    #expect(try Self.fetch(["--cloudwatch", "g"])?.poll == nil)
    #expect(try Self.fetch(["--cloudwatch", "g", "--follow"])?.poll == LogFetch.defaultPoll)
    #expect(try Self.fetch(["--cloudwatch", "g", "--follow", "--poll", "5s"])?.poll == 5)
    #expect(try Self.fetch(["--cloudwatch", "g", "--follow", "--since", "2h"])?.poll == 30)
    for arguments in [
      ["--follow"], ["--s3", "s3://b", "--follow"], ["--cloudwatch", "g", "--poll", "5s"],
      ["--cloudwatch", "g", "--follow", "--start", "1795000000", "--end", "1795003600"],
      ["--cloudwatch", "g", "--follow", "--poll", "2h"],
      ["--cloudwatch", "g", "--follow", "--poll", "soon"],
    ] {
      #expect(throws: UsageError.self, "\(arguments)") { try Self.fetch(arguments) }
    }
  }

  @Test("A follow reads each event once however often polls return it, one event a line")
  func followDeduplicates() throws {
    // As CloudWatchPager parses a filter-log-events page.
    func page(_ events: [(id: String, time: Int, message: String)]) -> [[String: Any]] {
      let listed = events.map {
        "{\"eventId\": \"\($0.id)\", \"timestamp\": \($0.time), \"message\": \"\($0.message)\"}"
      }
      let text = "{\"events\": [\(listed.joined(separator: ", "))]}"
      let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
      return root?["events"] as? [[String: Any]] ?? []
    }
    func messages(_ bytes: [UInt8]) -> [String] {
      String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
        line.contains("message") ? String(line.split(separator: "\"message\":")[1]) : nil
      }
    }
    var events = FollowedEvents()
    let first = events.fresh(page([("1", 1_000_000, "a"), ("2", 3_000_000, "b")]))
    #expect(messages(first).count == 2)
    #expect(events.newest == 3_000_000)
    // The next poll asks again from 20 minutes before the newest event.
    #expect(events.pollStart(now: 10_000) == 3_000 - FollowSession.lookback)
    // A late event older than the newest is read; the ones read before are not, again.
    let second = events.fresh(page([("2", 3_000_000, "b"), ("3", 2_000_000, "c")]))
    #expect(messages(second).map { $0.contains("c") } == [true])
    #expect(events.fresh(page([("3", 2_000_000, "c"), ("2", 3_000_000, "b")])).isEmpty)
    #expect(events.read == 3)
    // Before the first event, now: the clock, not an event, sets the start.
    var none = FollowedEvents()
    #expect(none.pollStart(now: 5_000) == 5_000 - FollowSession.lookback)
  }

  @Test("The manifest reads back what it wrote")
  func manifestRoundTrip() throws {
    let manifest = CollectManifest(
      collectedAt: 1_795_352_700, vpc: "vpc-1", region: "us-east-1", account: "123456789012",
      cliVersion: "aws-cli/2.22.0", endpointURL: nil, profile: "oncall",
      files: ["describe-vpcs.json"],
      failed: [
        .init(file: "f.json", call: "aws ec2 x", iamAction: "ec2:X", error: "denied")
      ])
    let text = manifest.json.rendered(pretty: true)
    #expect(
      text.hasPrefix("{\n  \"flowcause-collect\": 1,\n  \"collected-at\": \"2026-11-22T13:05:00Z\"")
    )
    #expect(CollectManifest(json: Array(text.utf8)) == manifest)
  }

  @Test("The LogFormat comes from the flow log delivering to the group or the bucket")
  func catalog() throws {
    let json = """
      {"FlowLogs": [
        {"FlowLogId": "fl-1", "LogDestinationType": "cloud-watch-logs", "LogGroupName": "g1",
         "LogFormat": "${version} ${interface-id} ${action}"},
        {"FlowLogId": "fl-2", "LogDestinationType": "cloud-watch-logs",
         "LogDestination": "arn:aws:logs:us-east-1:1:log-group:g2:*",
         "LogFormat": "${version} ${srcaddr}"},
        {"FlowLogId": "fl-3", "LogDestinationType": "s3",
         "LogDestination": "arn:aws:s3:::bucket/prefix", "LogFormat": "${version} ${dstaddr}"},
        {"FlowLogId": "fl-4", "LogDestinationType": "cloud-watch-logs", "LogGroupName": "g2",
         "LogFormat": "${version} ${dstport}"}
      ]}
      """
    let catalog = try #require(FlowLogCatalog(json: Array(json.utf8)))
    let g1 = try FlowLogCatalog.format(of: catalog.delivering(toLogGroup: "g1"), destination: "g1")
    #expect(g1?.description == "version interface-id action")
    #expect(catalog.delivering(toBucket: "bucket", prefix: "prefix/").map(\.id) == ["fl-3"])
    #expect(catalog.delivering(toBucket: "bucket", prefix: "").map(\.id) == ["fl-3"])
    #expect(catalog.delivering(toBucket: "other", prefix: "").isEmpty)
    #expect(throws: UsageError.self) {
      try FlowLogCatalog.format(of: catalog.delivering(toLogGroup: "g2"), destination: "g2")
    }
  }
}

extension AWSFetchTests {
  @Test("diagnose checks the flow log's LogFormat as --format, and takes --format instead of it")
  func logFormatChecked() throws {
    let directory = try CLIHarness.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let json = """
      {"FlowLogs": [
        {"FlowLogId": "fl-1", "LogDestinationType": "cloud-watch-logs", "LogGroupName": "g1",
         "LogFormat": "${version} ${interface-id} ${srcaddr} ${dstaddr} ${action}"},
        {"FlowLogId": "fl-2", "LogDestinationType": "cloud-watch-logs", "LogGroupName": "g2",
         "LogFormat": "${interface-id} ${srcaddr} ${dstaddr} ${protocol} ${acton}"},
        {"FlowLogId": "fl-3", "LogDestinationType": "cloud-watch-logs", "LogGroupName": "g3",
         "LogFormat": "${interface-id} ${srcaddr} ${dstaddr} ${protocol} ${action}"},
        {"FlowLogId": "fl-4", "LogDestinationType": "cloud-watch-logs", "LogGroupName": "g3",
         "LogFormat": "${version} ${interface-id} ${srcaddr} ${dstaddr} ${protocol} ${action}"}
      ]}
      """
    try json.write(
      to: directory.appendingPathComponent("describe-flow-logs.json"), atomically: true,
      encoding: .utf8)
    func usageError(_ group: String, _ more: [String] = []) -> String? {
      let arguments = ["--cloudwatch", group, "--since", "1h", "--topology", directory.path] + more
      do {
        _ = try DiagnoseCommand(arguments: arguments[...])
        return nil
      } catch {
        return error.message
      }
    }
    let needs = "diagnose needs interface-id, srcaddr, dstaddr, protocol and action"
    #expect(
      usageError("g1")
        == "the LogFormat of the flow log delivering to log group g1 lacks protocol: \(needs)")
    #expect(
      usageError("g2")
        == "the LogFormat of the flow log delivering to log group g2: unknown field \"acton\"; did you mean \"action\"?"
    )
    #expect(usageError("g3")?.contains("with different LogFormats; give the one") == true)
    // The message says to give --format: then it is taken, and the LogFormats are not read.
    for group in ["g1", "g2", "g3"] {
      #expect(
        usageError(
          group, ["--format", "${interface-id} ${srcaddr} ${dstaddr} ${protocol} ${action}"])
          == nil, "\(group)")
    }
  }
}

extension Result {
  /// The exit code of a failed resolution, for expectations.
  fileprivate var failureCode: Failure? {
    if case .failure(let failure) = self { return failure }
    return nil
  }
}
