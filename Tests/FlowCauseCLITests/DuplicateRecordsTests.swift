import FlowCauseCLI
import Foundation
import Testing

/// A file given twice (or a CloudWatch export overlapping an S3 day) repeats every record:
/// `diagnose` diagnoses each REJECT once, counts the copies, says so on stderr, and reports the
/// count in `--output json`; a diagnosis never lists more than a bounded number of related
/// records, so the output grows with the input, not with its square.
@Suite("diagnose: copies of records are counted once, and the output stays linear")
struct DuplicateRecordsTests {
  static let day = """
    2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 198.51.100.7 40000 443 6 5 420 1795350400 1795350460 ACCEPT OK
    2 123456789012 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.1.5 443 40000 6 4 1200 1795350400 1795350460 REJECT OK
    2 123456789012 eni-0a1b2c3d4e5f60718 198.51.100.9 10.0.1.5 51000 22 6 1 40 1795350410 1795350410 REJECT OK

    """

  func files(_ texts: [String]) throws -> [String] {
    let directory = try CLIHarness.temporaryDirectory()
    return try texts.enumerated().map { index, text in
      let url = directory.appendingPathComponent("day-\(index).log")
      try Data(text.utf8).write(to: url)
      return url.path
    }
  }

  @Test("The same file given twice: each REJECT diagnosed once, the copies counted and named")
  func fileGivenTwice() throws {
    let paths = try files([Self.day, Self.day])
    let lines = CLIHarness.run(["diagnose", "--output", "jsonl"] + paths)
    #expect(lines.exit == .success)
    #expect(lines.stdout.split(separator: "\n").count == 2)
    #expect(
      lines.stderr.contains(
        "flowcause: warning: 2 REJECT records repeated an earlier record (the same interface, addresses, ports, protocol, packets, window and action: a file given twice, or overlapping exports?) and were counted once, not diagnosed again; the first is \(paths[1]):2, a copy of \(paths[0]):2"
      ), "\(lines.stderr)")
    let json = CLIHarness.run(["diagnose", "--output", "json"] + paths)
    let document = try #require(
      JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(document["rejects"] as? Int == 2)
    #expect(document["duplicate-rejects"] as? Int == 2)
  }

  @Test("2,000 copies of one REJECT: one line of output, not 2,000 growing ones")
  func thousandsOfCopies() throws {
    let line =
      "2 123456789012 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.1.5 40000 22 6 1 40 1795350400 1795350460 REJECT OK\n"
    let paths = try files([String(repeating: line, count: 2000)])
    let run = CLIHarness.run(["diagnose", "--output", "jsonl"] + paths)
    #expect(run.exit == .success)
    #expect(run.stdout.split(separator: "\n").count == 1)
    #expect(run.stdout.utf8.count < 2000)
    #expect(run.stderr.contains("1999 REJECT records repeated an earlier record"))
  }

  @Test("explain on a copy tells the story of the record it copies")
  func explainCopy() throws {
    let paths = try files([Self.day + Self.day])
    let run = CLIHarness.run(["explain", "--line", "6", paths[0]])
    #expect(run.exit == .success, "\(run.stderr)")
    #expect(
      run.stdout.hasPrefix(
        "\(paths[0]):6 repeats \(paths[0]):3 (the same interface, addresses, ports, protocol, packets, window and action), so it is diagnosed as that record:"
      ), "\(run.stdout)")
  }
}
