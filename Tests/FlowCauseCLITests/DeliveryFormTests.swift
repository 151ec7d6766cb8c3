import FlowCauseCLI
import Foundation
import Testing

/// The same records in every delivery form must give the same `parse` output.
@Suite("parse reads every delivery form the same way")
struct DeliveryFormTests {
  static let forms = [
    "plain.log", "header.log", "crlf.log", "no-final-newline.log", "spaces.log",
    "cloudwatch-export.log", "plain.log.gz", "two-members.log.gz", "get-log-events.json",
    "filter-log-events.json", "subscription.json", "subscription.json.gz", "lambda-event.json",
    "firehose.jsonl", "logs-insights.json",
  ]

  static func expected() throws -> [NSDictionary] {
    let text = try String(
      contentsOfFile: CLIHarness.fixture("same-records/expected.jsonl"), encoding: .utf8)
    return try text.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary)
    }
  }

  @Test("Each form yields the hand-written expected records", arguments: forms)
  func sameRecords(form: String) throws {
    let path = CLIHarness.fixture("same-records/\(form)")
    let run = CLIHarness.run(["parse", path])
    #expect(run.exit == .success, "\(form): \(run.stderr)")
    #expect(run.errorLines.isEmpty, "\(form): \(run.errorLines)")
    let objects = try run.objects()
    let expected = try Self.expected()
    #expect(objects.count == expected.count, "\(form)")
    for (index, (object, want)) in zip(objects, expected).enumerated() {
      #expect(
        CLIHarness.withoutLocation(object) == want, "\(form) record \(index + 1): \(object)")
      #expect(object["file"] as? String == path, "\(form)")
    }
  }

  @Test(
    "Line numbers are physical lines of the file, headers and JSON structure included",
    arguments: [
      ("plain.log", [1, 2, 3, 4, 5, 6]),
      ("header.log", [2, 3, 4, 5, 6, 7]),
      ("two-members.log.gz", [2, 3, 4, 6, 7, 8]),
      // Pretty-printed by the AWS CLI: each event takes five lines, the message is the third.
      ("get-log-events.json", [5, 10, 15, 20, 25, 30]),
      ("firehose.jsonl", [1, 2, 3, 4, 5, 6]),
      // The control message is on line 1; the data message is one line.
      ("subscription.json", [2, 2, 2, 2, 2, 2]),
    ])
  func lineNumbers(form: String, lines: [Int]) throws {
    let run = CLIHarness.run(["parse", CLIHarness.fixture("same-records/\(form)")])
    #expect(try run.objects().map { $0["line"] as? Int } == lines)
  }

  @Test("The summary counts add up to the lines read")
  func summaryCounts() {
    let run = CLIHarness.run([
      "parse", CLIHarness.fixture("same-records/header.log"),
      CLIHarness.fixture("same-records/two-members.log.gz"),
    ])
    #expect(
      run.summary
        == "flowcause: 15 lines read from 2 inputs: 12 records, 3 headers, 0 blank, 0 bad")
  }

  @Test("Standard input is read when no file is given, and for '-'")
  func standardInput() throws {
    let bytes = Array(
      try Data(contentsOf: URL(fileURLWithPath: CLIHarness.fixture("same-records/plain.log.gz"))))
    for arguments in [["parse"], ["parse", "-"]] {
      let run = CLIHarness.run(arguments, stdin: bytes)
      #expect(run.exit == .success)
      let objects = try run.objects()
      #expect(objects.count == 6)
      #expect(objects.first?["file"] as? String == "-")
    }
  }

  @Test("A header line takes precedence over --format; --format applies to headerless files")
  func formatPrecedence() throws {
    let header = CLIHarness.run([
      "parse", "--format", "${version} ${srcaddr}", CLIHarness.fixture("same-records/header.log"),
    ])
    #expect(header.exit == .success)
    #expect(try header.objects().count == 6)

    let input = "10.0.0.1 443 REJECT\n"
    let custom = CLIHarness.run(
      ["parse", "--format", "${srcaddr} ${dstport} ${action}"], stdin: Array(input.utf8))
    let object = try #require(try custom.objects().first)
    #expect(
      CLIHarness.withoutLocation(object) == [
        "srcaddr": "10.0.0.1", "dstport": 443, "action": "REJECT",
      ])
    let bare = CLIHarness.run(
      ["parse", "--format=srcaddr dstport action"], stdin: Array(input.utf8))
    #expect(bare.stdout == custom.stdout)
  }
}
