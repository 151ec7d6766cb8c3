import Analysis
import Foundation
import Testing

@testable import Rendering

/// `--output md`: a report to paste. `diagnose`'s is a line of totals, an aligned table of the
/// top patterns in a fenced block (one row each: Slack renders no pipe tables) and the fixes of
/// the first three; `explain`'s
/// is at most about fifteen lines: the verdict, the raw records and the path of each leg in
/// fenced blocks, why, the fix and the caveats.
@Suite("--output md: reports to paste")
struct MarkdownReportTests {
  static func scenario(_ path: String) -> String {
    CLIHarness.packageRoot.appendingPathComponent("Scenarios").appendingPathComponent(path).path
  }

  /// The lines of the first fenced block.
  static func fencedLines(_ text: String) -> [String] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let open = lines.firstIndex(where: { $0.hasPrefix("```") }),
      let close = lines[(open + 1)...].firstIndex(where: { $0.hasPrefix("```") })
    else { return [] }
    return Array(lines[(open + 1)..<close])
  }

  /// The cells of an aligned row: split where two spaces or more stand.
  static func cells(_ row: String) -> [String] {
    row.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// Fenced blocks must close: an even number of fence lines of three backticks.
  static func fencesBalance(_ text: String) -> Bool {
    text.split(separator: "\n").filter { $0.hasPrefix("```") }.count % 2 == 0
  }

  @Test("diagnose: totals, an aligned row a pattern in a fenced block, the rest counted, fixes")
  func diagnose() throws {
    // 14 patterns: a scan of 14 ports of one ENI, 20 REJECTs on port 22, fewer on the others.
    var text = ""
    var line = 0
    let start = 1_795_350_000
    for port in 1...14 {
      for index in 0..<(port == 1 ? 20 : 15 - port) {
        line += 1
        text +=
          "2 123456789012 eni-0a1b2c3d4e5f60718 198.51.100.\(index + 1) 10.0.1.5 \(40_000 + line) \(port == 1 ? 22 : 8_000 + port) 6 1 40 \(start + line) \(start + line + 5) REJECT OK\n"
      }
    }
    let file = try CLIHarness.temporaryDirectory().appendingPathComponent("flows|a.log")
    try Data(text.utf8).write(to: file)
    let run = CLIHarness.run(["diagnose", "--output", "md", file.path])
    #expect(run.exit == .success, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
    #expect(
      lines.first
        == "**\(line) REJECT records in 14 patterns, from the logs alone**: \(line) undetermined")
    #expect(Self.fencesBalance(run.stdout))
    let rows = Self.fencedLines(run.stdout)
    // The header and ten patterns, every column starting where the header's does.
    try #require(rows.count == 11, "\(run.stdout)")
    for row in rows { #expect(Self.cells(row).count == 8, "\(row)") }
    let header = rows[0]
    for name in ["cause", "ENI", "service", "time (UTC)"] {
      let column = try #require(header.range(of: name)).lowerBound.utf16Offset(in: header)
      for row in rows.dropFirst() {
        let index = row.index(row.startIndex, offsetBy: column)
        #expect(row[row.index(before: index)] == " " && row[index] != " ", "\(name): \(row)")
      }
    }
    let first = Self.cells(rows[1])
    #expect(first[0] == "1" && first[1] == "20")
    #expect(first[2] == "undetermined" && first[3] == "-")
    #expect(first[4] == "eni-0a1b2c3d4e5f60718" && first[6] == "tcp 22")
    let (from, to) = (DiagnoseTextTests.iso(start + 1), DiagnoseTextTests.iso(start + 20 + 5))
    #expect(
      first[7]
        == from.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
        + "–" + to.dropFirst(11).replacingOccurrences(of: "Z", with: ""))
    // Narrow enough to paste into a chat: no line of the table past 170 characters.
    #expect(rows.allSatisfy { $0.count <= 170 })
    // The file's name holds a pipe: in the fixes' code spans it stays as it is.
    #expect(run.stdout.contains("1. `\(file.path):1`: "))
    // Ten rows hold 20 + 13 + … + 5 REJECTs; the four patterns left hold the rest.
    let listed = 20 + (5...13).reduce(0, +)
    #expect(run.stdout.contains("\n\(line - listed) more REJECT records in other patterns: "))
    let fixes = lines.filter { $0.hasPrefix("   - Fix: ") }
    #expect(fixes.count == 3)
    #expect(fixes.allSatisfy { $0.contains("none named: the cause is not determined") })
    #expect(lines.filter { $0.first?.isNumber == true && $0.contains(". `") }.count == 3)
  }

  @Test("diagnose: fixes in AWS's words, and a warning when the topology holds none of the ENIs")
  func diagnoseFixes() throws {
    let mine = CLIHarness.run([
      "diagnose", "--output", "md", "--topology",
      Self.scenario("nacl-missing-ephemeral-outbound/topology"),
      Self.scenario("nacl-missing-ephemeral-outbound/flows.log"),
    ])
    #expect(
      mine.stdout.hasPrefix(
        "**2 REJECT records in 1 pattern, evaluated against the topology**: 2 network-acl\n\n```\n#"
      ))
    #expect(
      mine.stdout.contains(
        "   - Fix: Add an outbound allow entry to acl-0a1b7f3c9d5e50506 for tcp 1024-65535 to 192.0.2.140/32 numbered below 32767 (the * rule); AWS advises 1024-65535 for replies.\n"
      ))
    let other = CLIHarness.run([
      "diagnose", "--output", "md", "--topology", Self.scenario("web-app-vpc/topology"),
      Self.scenario("nacl-missing-ephemeral-outbound/flows.log"),
    ])
    let lines = other.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "**2 REJECT records in 1 pattern, from the logs alone**: 2 network-acl")
    #expect(
      lines.dropFirst().first?.hasPrefix(
        "> **Warning:** none of their interfaces is in the topology given (the first: eni-0a1b7f3c9d5e70505 at "
      ) == true, "\(other.stdout)")
  }

  @Test("diagnose: a fix names the first client, and says when the pattern has others")
  func fixOfManyClients() throws {
    // web-app-vpc's line 8 (tcp 8443 to the web server, which its security group does not
    // allow), from three clients.
    let lines = try String(
      contentsOfFile: Self.scenario("web-app-vpc/flows.log"), encoding: .utf8
    ).split(separator: "\n")
    let (header, line) = (lines[0], lines[7])
    var text = header + "\n"
    for (index, client) in ["192.0.2.10", "198.51.100.4", "203.0.113.9"].enumerated() {
      text +=
        line.replacingOccurrences(of: "192.0.2.10", with: client)
        .replacingOccurrences(of: "50000", with: "\(50_000 + index)") + "\n"
    }
    let file = try CLIHarness.temporaryDirectory().appendingPathComponent("clients.log")
    try Data(text.utf8).write(to: file)
    let run = CLIHarness.run([
      "diagnose", "--output", "md", "--topology", Self.scenario("web-app-vpc/topology"), file.path,
    ])
    #expect(
      run.stdout.contains(
        "   - Fix: Add an inbound rule to sg-c4250427209576b09 allowing tcp 8443 from 192.0.2.10/32.\n"
          + "   - The pattern's REJECTs come from more than one client (192.0.2.10, 198.51.100.4, "
          + "203.0.113.9): the fix names the first; give the range that should pass.\n"),
      "\(run.stdout)")
    // One client: no such line.
    try Data((header + "\n" + line + "\n").utf8).write(to: file)
    let one = CLIHarness.run([
      "diagnose", "--output", "md", "--topology", Self.scenario("web-app-vpc/topology"), file.path,
    ])
    #expect(one.stdout.contains("   - Fix: ") && !one.stdout.contains("more than one client"))
  }

  @Test("The table's time: a day's span to the second, a longer one to the minute")
  func timeSpans() {
    var day = RejectSummary.TimeSpan()
    day.add(start: 1_795_350_425, end: 1_795_350_485)
    #expect(MarkdownReport.timeSpan(day) == "2026-11-22 12:27:05–12:28:05")
    var days = day
    days.add(start: 1_795_609_625, end: 1_795_609_685)
    #expect(MarkdownReport.timeSpan(days) == "2026-11-22 12:27 – 11-25 12:28")
    var years = day
    years.add(start: 1_830_000_000, end: 1_830_000_060)
    #expect(MarkdownReport.timeSpan(years) == "2026-11-22 12:27 – 2027-12-28 13:21")
    #expect(MarkdownReport.timeSpan(RejectSummary.TimeSpan()) == "-")
  }

  @Test("diagnose: no fix offered for a request from a client that probes many services")
  func noFixForAScan() throws {
    let lines = try String(
      contentsOfFile: Self.scenario("web-app-vpc/flows.log"), encoding: .utf8
    ).split(separator: "\n")
    let (header, line) = (String(lines[0]), String(lines[7]))
    // 192.0.2.10 tries tcp 8443 three times; 203.0.113.9 probes 40 ports once each.
    var text = header + "\n"
    for attempt in 0..<3 {
      text += line.replacingOccurrences(of: "50000", with: "\(50_000 + attempt)") + "\n"
    }
    for port in 9_000..<9_040 {
      text +=
        line.replacingOccurrences(of: "192.0.2.10", with: "203.0.113.9")
        .replacingOccurrences(of: " 8443 ", with: " \(port) ") + "\n"
    }
    let file = try CLIHarness.temporaryDirectory().appendingPathComponent("probe.log")
    try Data(text.utf8).write(to: file)
    let run = CLIHarness.run([
      "diagnose", "--output", "md", "--topology", Self.scenario("web-app-vpc/topology"), file.path,
    ])
    let fixes = run.stdout.split(separator: "\n").filter { $0.hasPrefix("   - ") }
    #expect(fixes.count == 3, "\(run.stdout)")
    #expect(fixes.first?.hasPrefix("   - Fix: ") == true)
    #expect(
      fixes.dropFirst().allSatisfy {
        $0.hasPrefix("   - No fix offered: 203.0.113.9 has 40 REJECTs across this report's ")
      }, "\(fixes)")
  }

  @Test(
    "explain: at most fifteen lines, the raw records and both legs fenced, the fix and caveats",
    arguments: [
      ("nacl-missing-ephemeral-outbound", 3), ("web-app-vpc", 4), ("web-app-vpc", 8),
      ("web-app-vpc", 17), ("no-route-to-igw", 5), ("internet-noise-is-not-a-reply", 8),
      ("ipv6-against-ipv4-nacl", 4), ("same-subnet-deny-all-nacl", 6), ("nacl-denies-inbound", 2),
      ("sg-stateful-http-and-ntp", 6), ("internet-noise-is-not-a-reply", 6),
    ])
  func explain(name: String, line: Int) throws {
    let flows = Self.scenario("\(name)/flows.log")
    let run = CLIHarness.run([
      "explain", "--output", "md", "--topology", Self.scenario("\(name)/topology"), "--line",
      "\(line)", flows,
    ])
    #expect(run.exit == .success, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.count <= 15, "\(run.stdout)")
    #expect(lines.first?.hasPrefix("**`\(flows):\(line)` REJECT: ") == true)
    #expect(Self.fencesBalance(run.stdout))
    // The record as written, fenced.
    let record = try String(contentsOfFile: flows, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
      .split(separator: " ").joined(separator: " ")
    #expect(run.stdout.contains("line \(line) (this REJECT):"))
    #expect(run.stdout.contains(" " + record + "\n"), "\(run.stdout)")
    // A path line for each leg; the record's marked.
    #expect(lines.contains { $0.hasPrefix("request") && $0.contains(": ") })
    #expect(lines.contains { $0.hasPrefix("reply") })
    #expect(lines.filter { $0.contains("(this REJECT): ") && !$0.hasPrefix("line ") }.count == 1)
    #expect(lines.contains { $0.hasPrefix("- Why: ") })
    #expect(lines.contains { $0.hasPrefix("- Fix: ") })
    #expect(lines.contains { $0.hasPrefix("- Caveats: ") })
  }

  @Test("explain: the issue's path line, and the reply leg that is this REJECT")
  func explainPaths() throws {
    let run = CLIHarness.run([
      "explain", "--output", "md", "--topology",
      Self.scenario("nacl-missing-ephemeral-outbound/topology"), "--line", "3",
      Self.scenario("nacl-missing-ephemeral-outbound/flows.log"),
    ])
    #expect(
      run.stdout.contains(
        "\nrequest:             192.0.2.140:52814 (internet) -> igw-0a1b7f3c9d5e40505 -> acl-0a1b7f3c9d5e50506 (rule 100 allow) -> sg-0a1b7f3c9d5e60505 (allow) -> eni-0a1b7f3c9d5e70505 10.50.1.20:80\n"
      ), "\(run.stdout)")
    #expect(
      run.stdout.contains(
        "\nreply (this REJECT): eni-0a1b7f3c9d5e70505 10.50.1.20:80 -> sg-0a1b7f3c9d5e60505 (allow) -> acl-0a1b7f3c9d5e50506 (rule * DENY)\n"
      ))
    #expect(run.stdout.contains("line 2 (reverse, ACCEPT): "))
    #expect(run.stdout.hasPrefix("**`"))
    #expect(run.stdout.contains("** · `SUBNET_ACL_RESTRICTION`\n"))
  }

  @Test("explain: without a topology, or one without the ENI, the caveats say so")
  func explainCaveats() throws {
    let flows = Self.scenario("nacl-missing-ephemeral-outbound/flows.log")
    let none = CLIHarness.run(["explain", "--output", "md", "--line", "3", flows])
    #expect(none.stdout.contains("- Caveats: no topology given, so no rule is named"))
    #expect(!none.stdout.contains("\nrequest"))
    let other = CLIHarness.run([
      "explain", "--output", "md", "--topology", Self.scenario("web-app-vpc/topology"), "--line",
      "3", flows,
    ])
    #expect(
      other.stdout.contains(
        "- Caveats: `eni-0a1b7f3c9d5e70505` is not in the topology: diagnosed from the logs alone"
      ), "\(other.stdout)")
    let bad = CLIHarness.run(["explain", "--output", "csv", "--line", "3", flows])
    #expect(bad.exit == .usage)
    #expect(bad.stderr.hasPrefix("flowcause explain: error: --output must be text, md or svg"))
    #expect(CLIHarness.run(["explain", "--help"]).stdout.contains("[--output text|md|svg]"))
  }
}
