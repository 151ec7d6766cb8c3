import Foundation
import RandomNetworks
import Testing

/// `diagnose`'s text output groups REJECTs by pattern (the interface, cause and rule, direction,
/// role and service): a scan of one port is one line with its count, its first and last time
/// and its first REJECT, not a listing of every REJECT; and the patterns are `--output
/// summary`'s `top-patterns`, as text.
@Suite("diagnose text output: REJECTs grouped by pattern")
struct DiagnoseTextTests {
  /// The patterns the text lists, in order: each one's count and the rest of its first line.
  static func patterns(_ text: String) -> [(rejects: Int, header: String)] {
    guard let start = text.range(of: "\nPatterns (") else { return [] }
    return text[start.upperBound...].split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ", maxSplits: 1)
      guard line.hasPrefix("  "), fields.count == 2, let count = Int(fields[0]),
        fields[1].hasPrefix(" eni-") || fields[1].hasPrefix("eni-")
      else { return nil }
      return (count, fields[1].trimmingCharacters(in: .whitespaces))
    }
  }

  /// The REJECTs of the patterns not listed, as the closing line counts them.
  static func unlisted(_ text: String) -> Int {
    guard let line = text.split(separator: "\n").first(where: { $0.contains("more pattern") }),
      let open = line.firstIndex(of: "("),
      let count = Int(line[line.index(after: open)...].prefix { $0.isNumber })
    else { return 0 }
    return count
  }

  static func iso(_ seconds: Int) -> String {
    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  @Test("A scan of one port, 1500 REJECTs: one pattern with its count, times and first example")
  func scan() throws {
    var text = ""
    let start = 1_795_350_000
    for index in 0..<1_500 {
      let client = "198.51.100.\(index % 250 + 1)"
      text +=
        "2 123456789012 eni-0a1b2c3d4e5f60718 \(client) 10.0.1.5 \(40_000 + index) 22 6 1 40 \(start + index) \(start + index + 30) REJECT OK\n"
      if index % 300 == 7 {
        text +=
          "2 123456789012 eni-0a1b2c3d4e5f60718 \(client) 10.0.1.5 \(40_000 + index) 3389 6 1 40 \(start + index) \(start + index + 9) REJECT OK\n"
      }
    }
    let file = try CLIHarness.temporaryDirectory().appendingPathComponent("scan.log")
    try Data(text.utf8).write(to: file)
    let run = CLIHarness.run(["diagnose", file.path])
    #expect(run.exit == .success, "\(run.stderr)")
    let output = run.stdout
    #expect(output.hasPrefix("1505 REJECT records, from the logs alone"), "\(output)")
    let patterns = Self.patterns(output)
    try #require(patterns.count == 2, "\(output)")
    #expect(patterns[0].rejects == 1_500)
    #expect(patterns[0].header.hasPrefix("eni-0a1b2c3d4e5f60718 ingress request, tcp 22: "))
    #expect(patterns[1].rejects == 5)
    #expect(patterns[1].header.contains(", tcp 3389: "))
    // The first start to the last end; the first REJECT as the example.
    #expect(output.contains("\(Self.iso(start)) to \(Self.iso(start + 1_499 + 30))"))
    #expect(output.contains("e.g. \(file.path):1 198.51.100.1:40000 -> 10.0.1.5:22, "))
    #expect(output.contains("\(Self.iso(start + 7)) to \(Self.iso(start + 1_207 + 9))"))
    #expect(output.contains("e.g. \(file.path):9 198.51.100.8:40007 -> 10.0.1.5:3389, "))
    // Short: the counts and two patterns, not a line per REJECT.
    #expect(output.split(separator: "\n").count < 40, "\(output)")
  }

  @Test("The text's patterns are --output summary's top-patterns, in the same order")
  func sameAsSummary() throws {
    let log = try SimulatedLog(seeds: [17, 42, 101], version: .v5)
    for topology in [true, false] {
      let text = log.diagnose([], topology: topology).stdout
      let run = log.diagnose(["--output", "summary"], topology: topology)
      let summary = try DiagnoseSummaryTests.summary(run)
      let table = try #require(summary["top-patterns"] as? [String: Any])
      let rows = try #require(table["rows"] as? [[String: Any]])
      let patterns = Self.patterns(text)
      #expect(rows.count > 5, "topology \(topology)")
      #expect(patterns.count >= rows.count, "topology \(topology)")
      for (row, pattern) in zip(rows, patterns) {
        #expect(pattern.rejects == row["rejects"] as? Int, "topology \(topology)")
        let interface = try #require(row["interface-id"] as? String)
        let cause = try #require(row["cause"] as? String)
        #expect(pattern.header.hasPrefix("\(interface) \(row["direction"] as? String ?? "?") "))
        #expect(pattern.header.contains(": \(cause)"), "\(pattern.header) \(cause)")
        let example = try #require((row["examples"] as? [[String: Any]])?.first)
        let place = "e.g. \(example["file"] as? String ?? ""):\(example["line"] as? Int ?? 0) "
        #expect(text.contains(place), "topology \(topology) \(place)")
      }
    }
  }

  @Test("Text and Markdown do not depend on --threads: each pattern's first REJECT in words")
  func threads() throws {
    let log = try SimulatedLog(seeds: [42, 43, 42], version: .v5, files: 2)
    for topology in [true, false] {
      for output in ["text", "md"] {
        let runs = [1, 2, 3].map {
          log.diagnose(["--output", output, "--threads", "\($0)"], topology: topology).stdout
        }
        #expect(runs[0].contains(output == "md" ? "   - Fix: " : " confidence:\n"), "\(output)")
        #expect(runs[1] == runs[0], "\(output) topology \(topology)")
        #expect(runs[2] == runs[0], "\(output) topology \(topology)")
      }
    }
  }
}
