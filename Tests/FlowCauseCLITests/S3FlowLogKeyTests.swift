import Testing

@testable import FlowCauseCLI

@Suite("S3 flow log keys")
struct S3FlowLogKeyTests {
  static let classic =
    "logs/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/22/"
    + "123456789012_vpcflowlogs_us-east-1_fl-0abc1234_20261122T1305Z_1a2b3c4d.log.gz"
  static let hive =
    "AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=eu-west-1/"
    + "year=2026/month=11/day=22/hour=13/"
    + "123456789012_vpcflowlogs_eu-west-1_fl-0abc1234_20261122T1310Z_ffff0000.log.gz"

  @Test("A classic key under a prefix gives account, region, flow log and the file's time")
  func classicKey() throws {
    let key = try #require(S3FlowLogKey(Self.classic))
    #expect(key.account == "123456789012")
    #expect(key.region == "us-east-1")
    #expect(key.flowLogId == "fl-0abc1234")
    #expect(key.time == 1_795_352_700)  // 2026-11-22T13:05:00Z
    #expect(!key.hive)
  }

  @Test("A Hive-style key with an hour partition reads the same way")
  func hiveKey() throws {
    let key = try #require(S3FlowLogKey(Self.hive))
    #expect(key.region == "eu-west-1")
    #expect(key.time == 1_795_353_000)
    #expect(key.hive)
  }

  @Test(
    "Keys that are not flow log files at AWS's layout are not read",
    arguments: [
      "AWSLogs/123456789012/vpcflowlogs/us-east-1/README.txt",
      "other/123456789012_vpcflowlogs_us-east-1_fl-1_20261122T1305Z_1.log.gz",
      "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/22/"
        + "123456789012_vpcflowlogs_us-east-1_fl-1_20261322T1305Z_1.log.gz",
      "AWSLogs/999999999999/vpcflowlogs/us-east-1/2026/11/22/"
        + "123456789012_vpcflowlogs_us-east-1_fl-1_20261122T1305Z_1.log.gz",
    ])
  func notFlowLogFiles(key: String) {
    #expect(S3FlowLogKey(key) == nil)
  }

  @Test("A file is chosen when its time is in the range or up to 15 minutes after it")
  func selection() throws {
    let key = try #require(S3FlowLogKey(Self.classic))
    let t = key.time
    #expect(key.overlaps(TimeRange(start: t - 3600, end: t)))
    #expect(key.overlaps(TimeRange(start: t - 3600, end: t - 14 * 60)))
    #expect(!key.overlaps(TimeRange(start: t - 3600, end: t - 16 * 60)))
    #expect(!key.overlaps(TimeRange(start: t + 1, end: t + 3600)))
  }

  @Test("A day is listed in both layouts")
  func dayPrefixes() {
    #expect(
      S3FlowLogKey.dayPrefixes(account: "1", region: "us-east-1", year: 2026, month: 1, day: 2)
        == [
          "AWSLogs/1/vpcflowlogs/us-east-1/2026/01/02/",
          "AWSLogs/aws-account-id=1/aws-service=vpcflowlogs/aws-region=us-east-1/"
            + "year=2026/month=01/day=02/",
        ])
  }
}
