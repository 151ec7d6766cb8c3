import FlowCauseCLI
import Foundation
import Testing

/// The web-app-vpc scenario (real `aws ec2 describe-*` output captured from moto, and an S3 flow
/// log object with a header and the version 5 fields) handed to `diagnose` in the other forms
/// users save topologies and flow logs in. Each form must give the diagnoses the scenario's
/// README argues (`expected.jsonl`), REJECT by REJECT, whatever the file and line.
@Suite("diagnose gives web-app-vpc's argued diagnoses in the forms users save their data in")
struct UnseenFormsTests {
  static let scenario = CLIHarness.packageRoot.appendingPathComponent("Scenarios/web-app-vpc")
  static let topologyDirectory = scenario.appendingPathComponent("topology")
  /// `get-managed-prefix-list-entries` prints no list id: it is in the file name only.
  static let prefixListFile = "get-managed-prefix-list-entries.pl-f8c0c711651137e6f.json"

  /// The version 5 fields of `flows.log`'s header, in AWS's documented order.
  static let version5Fields = [
    "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
    "protocol", "packets", "bytes", "start", "end", "action", "log-status", "vpc-id",
    "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr", "region",
    "az-id", "sublocation-type", "sublocation-id", "pkt-src-aws-service",
    "pkt-dst-aws-service", "flow-direction", "traffic-path",
  ]

  /// A `LogFormat` as `aws ec2 describe-flow-logs` prints it.
  static func logFormat(_ fields: [String]) -> String {
    fields.map { "${\($0)}" }.joined(separator: " ")
  }

  /// One REJECT's diagnosis, without its location.
  struct Verdict: Equatable, CustomStringConvertible {
    var cause: String
    var code: String
    var component: String
    var rule: String
    var direction: String
    var role: String
    var confidence: String

    init(_ object: [String: Any]) {
      func text(_ key: String) -> String {
        switch object[key] {
        case let string as String: return string
        case let number as NSNumber: return number.stringValue
        case nil, is NSNull: return "null"
        case let other?: return "\(other)"
        }
      }
      cause = text("cause")
      code = text("code")
      component = text("component")
      rule = text("rule")
      direction = text("direction")
      role = text("role")
      confidence = text("confidence")
    }

    var description: String {
      [cause, code, component, rule, direction, role, confidence].joined(separator: " ")
    }
  }

  // MARK: - The scenario's data

  /// The argued diagnoses, in line order.
  static func expected() throws -> [Verdict] {
    let text = try String(
      contentsOf: scenario.appendingPathComponent("expected.jsonl"), encoding: .utf8)
    let objects = try text.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    return objects.sorted { ($0["line"] as? Int ?? 0) < ($1["line"] as? Int ?? 0) }.map(
      Verdict.init)
  }

  /// `flows.log` as saved: the header line and the records.
  static func flowLog() throws -> (header: String, records: [String]) {
    let text = try String(
      contentsOf: scenario.appendingPathComponent("flows.log"), encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init)
    let header = try #require(lines.first)
    #expect(header == version5Fields.joined(separator: " "))
    return (header, Array(lines.dropFirst()))
  }

  static let natAddressWarning =
    ": warning: eni-4ebe2d3110f882cb4: its address 10.124.11.225 lies outside subnet subnet-b32e69530e1271000's CIDRs (10.20.1.0/24)"

  /// Runs `diagnose --output jsonl` and returns one verdict per REJECT, in input order.
  static func diagnose(topology: URL, format: String? = nil, _ file: URL) throws -> [Verdict] {
    var arguments = ["diagnose", "--topology", topology.path, "--output", "jsonl"]
    if let format { arguments += ["--format", format] }
    let run = CLIHarness.run(arguments + [file.path])
    #expect(run.exit == .success, "\(run.stderr)")
    // The one warning the scenario's README argues (moto's NAT gateway ENI address, "moto
    // quirks"); nothing else.
    #expect(run.errorLines == [topology.path + natAddressWarning], "\(run.errorLines)")
    return try run.objects().map(Verdict.init)
  }

  static func write(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url)
  }

  static func expectSame(_ got: [Verdict], _ want: [Verdict], _ form: String) {
    #expect(got.count == want.count, "\(form): \(got.count) REJECT diagnoses, want \(want.count)")
    for (index, (verdict, wanted)) in zip(got, want).enumerated() {
      #expect(verdict == wanted, "\(form), REJECT \(index + 1): got \(verdict), want \(wanted)")
    }
  }

  // MARK: - The forms

  @Test("The saved forms themselves: one file per describe-* call, and the S3 object as written")
  func asSaved() throws {
    let got = try Self.diagnose(
      topology: Self.topologyDirectory, Self.scenario.appendingPathComponent("flows.log"))
    Self.expectSame(got, try Self.expected(), "topology directory, S3 object")
  }

  @Test(
    "A user who merged every describe-* output into one document (jq -s add), with the prefix list entries file kept beside it"
  )
  func mergedTopologyDocument() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.topologyDirectory.path)
      .filter { $0.hasSuffix(".json") }.sorted()
    #expect(names.contains(Self.prefixListFile))
    var merged: [String: Any] = [:]
    for name in names where name != Self.prefixListFile {
      let data = try Data(contentsOf: Self.topologyDirectory.appendingPathComponent(name))
      let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      for (key, value) in object {
        #expect(merged[key] == nil, "\(name): key \(key) is already in the merged document")
        merged[key] = value
      }
    }
    #expect(merged.count == names.count - 1)
    let directory = try CLIHarness.temporaryDirectory()
    try JSONSerialization.data(withJSONObject: merged, options: [.prettyPrinted, .sortedKeys])
      .write(to: directory.appendingPathComponent("web-app-vpc.json"))
    try FileManager.default.copyItem(
      at: Self.topologyDirectory.appendingPathComponent(Self.prefixListFile),
      to: directory.appendingPathComponent(Self.prefixListFile))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 2)

    let got = try Self.diagnose(
      topology: directory, Self.scenario.appendingPathComponent("flows.log"))
    Self.expectSame(got, try Self.expected(), "merged topology document")
  }

  @Test(
    "A flow log created with the default format (version 2, no TCP flags, no direction), records copied without a header"
  )
  func defaultFormatWithoutHeader() throws {
    let (_, records) = try Self.flowLog()
    let version2 = records.map { record -> String in
      var fields = record.split(separator: " ").prefix(14).map(String.init)
      fields[0] = "2"
      return fields.joined(separator: " ")
    }
    let directory = try CLIHarness.temporaryDirectory()
    let file = directory.appendingPathComponent("flows-default-format.log")
    try Self.write(version2.joined(separator: "\n") + "\n", to: file)

    let got = try Self.diagnose(topology: Self.topologyDirectory, file)
    let want = try Self.expected()
    #expect(got.count == want.count)
    // Without tcp-flags and flow-direction the role rests on ports and pairing, so the role and
    // the confidence may change; the deciding control may not.
    for (index, (verdict, wanted)) in zip(got, want).enumerated() {
      let which = "default format, REJECT \(index + 1): got \(verdict), want \(wanted)"
      #expect(verdict.cause == wanted.cause, "\(which)")
      #expect(verdict.component == wanted.component, "\(which)")
      #expect(verdict.rule == wanted.rule, "\(which)")
      if verdict.cause != wanted.cause {
        #expect(!["security-group", "network-acl"].contains(verdict.cause), "\(which)")
      }
    }
  }

  @Test("An S3 flow log object as AWS delivers it: gzip-compressed, named *.log.gz")
  func gzipS3Object() throws {
    let bytes = Array(try Data(contentsOf: Self.scenario.appendingPathComponent("flows.log")))
    let directory = try CLIHarness.temporaryDirectory()
    let file = directory.appendingPathComponent(
      "123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f60718_20261122T1225Z_5c3a9e21.log.gz")
    try Data(try CLIHarness.gzip(bytes)).write(to: file)

    let got = try Self.diagnose(topology: Self.topologyDirectory, file)
    Self.expectSame(got, try Self.expected(), "gzip S3 object")
  }

  @Test(
    "A version 8 flow log with ${reject-reason}, read with --format, after VPC Block Public Access was turned on"
  )
  func version8WithRejectReason() throws {
    let (_, records) = try Self.flowLog()
    var version8 = records.map { record -> String in
      var fields = record.split(separator: " ").map(String.init)
      fields[0] = "8"
      return (fields + ["-"]).joined(separator: " ")
    }
    // Block Public Access switched on (bidirectional): a visitor's HTTPS SYN to the web server
    // is refused before any security group or network ACL is evaluated.
    let blocked = [
      "8", "123456789012", "eni-1057f94be92cc619a", "198.51.100.200", "10.20.1.10", "51200",
      "443", "6", "3", "180", "1795350590", "1795350597", "REJECT", "OK",
      "vpc-e59c2d2f8a992f005", "subnet-b32e69530e1271000", "i-c679d9886011af98c", "2", "IPv4",
      "198.51.100.200", "10.20.1.10", "us-east-1", "use1-az6", "-", "-", "-", "-", "ingress",
      "-", "BPA",
    ]
    #expect(blocked.count == Self.version5Fields.count + 1)
    let nodata = try #require(version8.lastIndex { $0.contains(" NODATA ") })
    version8.insert(blocked.joined(separator: " "), at: nodata)
    let directory = try CLIHarness.temporaryDirectory()
    let file = directory.appendingPathComponent("flows-v8.log")
    try Self.write(version8.joined(separator: "\n") + "\n", to: file)

    let got = try Self.diagnose(
      topology: Self.topologyDirectory,
      format: Self.logFormat(Self.version5Fields + ["reject-reason"]), file)
    let want = try Self.expected()
    try #require(got.count == want.count + 1, "\(got)")
    Self.expectSame(Array(got.prefix(want.count)), want, "version 8, reject-reason -")
    let bpa = try #require(got.last)
    #expect(bpa.cause == "block-public-access")
    #expect(bpa.code == "VPC_BLOCK_PUBLIC_ACCESS_ENABLED")
    #expect(bpa.confidence == "high")
    #expect(bpa.component == "null" && bpa.rule == "null")
    #expect(bpa.direction == "ingress" && bpa.role == "request")
  }

  @Test(
    "A user who saved `aws logs filter-log-events` JSON from the CloudWatch Logs group, with the LogFormat that describe-flow-logs prints"
  )
  func filterLogEventsJSON() throws {
    let (_, records) = try Self.flowLog()
    // As the AWS CLI prints it: four-space indents, the service's key order.
    let events = records.enumerated().map { index, message -> String in
      let fields = message.split(separator: " ")
      let start = Int(fields[10]) ?? 0
      return """
                {
                    "logStreamName": "\(fields[2])-all",
                    "timestamp": \(start * 1000),
                    "message": "\(message)",
                    "ingestionTime": \((start + 600) * 1000),
                    "eventId": "\(String(format: "3865%052ld", index))"
                }
        """
    }
    let streams = Set(records.map { $0.split(separator: " ")[2] }).sorted().map {
      """
              {
                  "logStreamName": "\($0)-all",
                  "searchedCompletely": true
              }
      """
    }
    let document = """
      {
          "events": [
      \(events.joined(separator: ",\n"))
          ],
          "searchedLogStreams": [
      \(streams.joined(separator: ",\n"))
          ]
      }

      """
    let directory = try CLIHarness.temporaryDirectory()
    let file = directory.appendingPathComponent("filter-log-events.json")
    try Self.write(document, to: file)
    #expect(try JSONSerialization.jsonObject(with: Data(document.utf8)) is [String: Any])

    let got = try Self.diagnose(
      topology: Self.topologyDirectory, format: Self.logFormat(Self.version5Fields), file)
    Self.expectSame(got, try Self.expected(), "filter-log-events JSON")
  }
}
