import Foundation
import Testing

/// `diagnose --topology DIR` reads local files without a header line with the `LogFormat` of
/// the flow log in `DIR/describe-flow-logs.json` (what `flowcause collect` saves), and a line
/// whose field count is not its format's says how to give the format.
@Suite("The saved LogFormat: describe-flow-logs.json in the --topology folder")
struct SavedFormatTests {
  /// The custom format: the default's fields and tcp-flags, 15 in all.
  static let logFormat =
    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
    + "${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${tcp-flags}"

  /// A topology folder (a bundled scenario's), with `describe-flow-logs.json` when `flowLogs`
  /// names any; and the scenario's records with a tcp-flags field, in a file named as AWS names
  /// an S3 object of flow log `fl-0123456789abcdef0`.
  static func folder(flowLogs: [(id: String, format: String)]) throws -> (
    topology: String, log: String
  ) {
    let scenario = CLIHarness.packageRoot.appendingPathComponent(
      "Scenarios/nacl-denies-inbound")
    let directory = try CLIHarness.temporaryDirectory()
    let topology = directory.appendingPathComponent("topology")
    try FileManager.default.createDirectory(at: topology, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: scenario.appendingPathComponent("topology/topology.json"),
      to: topology.appendingPathComponent("topology.json"))
    if !flowLogs.isEmpty {
      let objects = flowLogs.map { log in
        """
        {"FlowLogId": "\(log.id)", "LogDestinationType": "s3", \
        "LogDestination": "arn:aws:s3:::flow-bucket/\(log.id)", "LogFormat": "\(log.format)"}
        """
      }
      try Data("{\"FlowLogs\": [\(objects.joined(separator: ", "))]}".utf8).write(
        to: topology.appendingPathComponent("describe-flow-logs.json"))
    }
    let records =
      try String(
        contentsOf: scenario.appendingPathComponent("flows.log"), encoding: .utf8
      )
      .split(separator: "\n").map { $0 + " 2" }.joined(separator: "\n") + "\n"
    let log = directory.appendingPathComponent(
      "111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261122T1300Z_0a1b2c3d.log")
    try Data(records.utf8).write(to: log)
    return (topology.path, log.path)
  }

  @Test("Without the saved format: each line's field count, and once, how to give the format")
  func withoutCatalog() throws {
    let (topology, log) = try Self.folder(flowLogs: [])
    let run = CLIHarness.run(["diagnose", "--topology", topology, log])
    #expect(run.exit == .dataError)
    #expect(run.stderr.contains("error: expected 14 fields, found 15"))
    let hint =
      "note: its records have 15 fields, the format read has 14: if the flow log has a custom format, give its LogFormat with --format"
    #expect(run.stderr.components(separatedBy: hint).count == 2, "\(run.stderr)")
    // Every line unread: no form says "No REJECT records" alone.
    let lines = run.stderr.components(separatedBy: "error: expected 14 fields").count - 1
    #expect(
      run.stdout.hasPrefix(
        "\(lines) lines could not be read (the errors are on stderr: a format that does not fit?)"
      ), "\(run.stdout)")
    let md = CLIHarness.run(["diagnose", "--topology", topology, "--output", "md", log])
    #expect(md.stdout.hasPrefix("**\(lines) lines could not be read"), "\(md.stdout)")
    for output in ["summary", "json"] {
      let document = CLIHarness.run(["diagnose", "--topology", topology, "--output", output, log])
      let object = try JSONSerialization.jsonObject(with: Data(document.stdout.utf8))
      #expect((object as? [String: Any])?["bad-lines"] as? Int == lines, "\(output)")
    }
  }

  @Test("With it: the file is read with its flow log's LogFormat, as with --format")
  func withCatalog() throws {
    let (topology, log) = try Self.folder(flowLogs: [
      ("fl-0123456789abcdef0", Self.logFormat), ("fl-0fedcba9876543210", "${version} ${srcaddr}"),
    ])
    let run = CLIHarness.run(["diagnose", "--topology", topology, "--output", "jsonl", log])
    let given = CLIHarness.run([
      "diagnose", "--topology", topology, "--output", "jsonl", "--format", Self.logFormat, log,
    ])
    #expect(run.exit == .success, "\(run.stderr)")
    #expect(given.exit == .success)
    #expect(!run.stdout.isEmpty)
    #expect(run.stdout == given.stdout)
    // explain reads it the same way.
    let explained = CLIHarness.run(["explain", "--topology", topology, "--line", "3", log])
    #expect(explained.exit == .success, "\(explained.stderr)")
    #expect(
      run.stderr.contains(
        "flowcause: note: records before a header line are read with the LogFormat of fl-0123456789abcdef0 (\(topology)/describe-flow-logs.json)"
      ))
    // A file named after neither flow log, of a folder whose flow logs disagree: the default
    // format (and the field-count errors say how to give one).
    let other = URL(fileURLWithPath: log).deletingLastPathComponent().appendingPathComponent(
      "copy.log")
    try FileManager.default.copyItem(atPath: log, toPath: other.path)
    let unnamed = CLIHarness.run(["diagnose", "--topology", topology, other.path])
    #expect(unnamed.exit == .dataError)
    #expect(unnamed.stderr.contains("expected 14 fields, found 15"))
  }

  @Test("One flow log in the folder: its format for any file; one lacking interface-id: exit 64")
  func oneFlowLog() throws {
    let (topology, log) = try Self.folder(flowLogs: [("fl-0aaaaaaaaaaaaaaaa", Self.logFormat)])
    let run = CLIHarness.run(["diagnose", "--topology", topology, log])
    #expect(run.exit == .success, "\(run.stderr)")
    // Standard input too (zcat … | flowcause diagnose --topology DIR -).
    let piped = CLIHarness.run(
      ["diagnose", "--topology", topology, "-"],
      stdin: Array(try String(contentsOfFile: log, encoding: .utf8).utf8))
    #expect(piped.exit == .success, "\(piped.stderr)")
    #expect(piped.stdout.replacingOccurrences(of: "-:", with: "\(log):") == run.stdout)
    let (lacking, file) = try Self.folder(flowLogs: [
      ("fl-0aaaaaaaaaaaaaaaa", "${version} ${srcaddr} ${dstaddr} ${action}")
    ])
    let bad = CLIHarness.run(["diagnose", "--topology", lacking, file])
    #expect(bad.exit == .usage)
    #expect(
      bad.stderr.hasPrefix("flowcause diagnose: error: the LogFormat of fl-0aaaaaaaaaaaaaaaa"))
    #expect(bad.stdout.isEmpty)
  }
}
