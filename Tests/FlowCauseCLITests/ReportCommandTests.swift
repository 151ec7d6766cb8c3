import Foundation
import Rendering
import Testing

@testable import FlowCauseCLI

/// `flowcause report` (`diagnose --output html`): the page's counts are `--output summary`'s
/// on simulated networks, with the topology and without; the page is self-contained and its
/// size bounded; the diagrams and the quoted lines are there; `--out` is written whole or not
/// at all. (The page in a real browser: Tests/Integration/report-browser.sh.)
@Suite("flowcause report")
struct ReportCommandTests {
  /// The values of `attribute` on the elements whose opening tag matches `tag` (a regex
  /// fragment), in page order.
  static func attributes(_ html: String, tag: String, _ attribute: String) -> [String] {
    let pattern = "<\(tag)[^>]*\\s\(attribute)=\"([^\"]*)\""
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(html.startIndex..., in: html)
    return regex.matches(in: html, range: range).compactMap { match in
      Range(match.range(at: 1), in: html).map { String(html[$0]) }
    }
  }

  /// The opening tags matching `tag`.
  static func tags(_ html: String, _ tag: String) -> [String] {
    guard let regex = try? NSRegularExpression(pattern: "<\(tag)[^>]*>") else { return [] }
    let range = NSRange(html.startIndex..., in: html)
    return regex.matches(in: html, range: range).compactMap { match in
      Range(match.range, in: html).map { String(html[$0]) }
    }
  }

  static func attribute(_ tag: String, _ name: String) -> String? {
    guard let start = tag.range(of: " \(name)=\"") else { return nil }
    let rest = tag[start.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
  }

  static func text(_ value: Any?) -> String {
    switch value {
    case nil, is NSNull: ""
    case let number as NSNumber: number.stringValue
    case let text as String: text
    case let other?: "\(other)"
    }
  }

  @Test("the page's counts are the summary's", arguments: [true, false])
  func countsAreTheSummarys(topology: Bool) throws {
    let log = try SimulatedLog(seeds: [3, 11, 29], version: .v5, files: 2)
    let page = log.diagnose(["--output", "html"], topology: topology)
    let summaryRun = log.diagnose(["--output", "summary"], topology: topology)
    #expect(page.exit == summaryRun.exit)
    let summary = try DiagnoseSummaryTests.summary(summaryRun)
    let html = page.stdout
    let main = try #require(Self.tags(html, "main id=\"report\"").first)
    #expect(Self.attribute(main, "data-rejects") == Self.text(summary["rejects"]))
    #expect(Self.attribute(main, "data-records") == Self.text(summary["records"]))
    #expect(Self.attribute(main, "data-topology") == "\(topology)")
    // By cause.
    var causes: [String: Int] = [:]
    for row in Self.tags(html, "tr data-cause=") {
      causes[Self.attribute(row, "data-cause") ?? "?"] = Int(
        Self.attribute(row, "data-count") ?? "")
    }
    #expect(causes == summary["by-cause"] as? [String: Int])
    // The top patterns, in the summary's order.
    let rows = try #require(
      (summary["top-patterns"] as? [String: Any])?["rows"] as? [[String: Any]])
    let table = try #require(html.range(of: "<table class=\"sortable\" id=\"pattern-table\">"))
    let tableEnd = try #require(html[table.upperBound...].range(of: "</table>"))
    let shown = Self.tags(String(html[table.upperBound..<tableEnd.lowerBound]), "tr data-count=")
    #expect(shown.count >= rows.count)
    for (row, tag) in zip(rows, shown) {
      #expect(Self.attribute(tag, "data-count") == Self.text(row["rejects"]))
      #expect(Self.attribute(tag, "data-cause") == Self.text(row["cause"]))
      #expect(Self.attribute(tag, "data-component") == Self.text(row["component"]))
      #expect(Self.attribute(tag, "data-rule") == Self.text(row["rule"]))
    }
    // The timeline adds up to the REJECTs with a start.
    let bars = Self.attributes(html, tag: "g class=\"bar\"", "data-count").compactMap { Int($0) }
    let timeline = try #require(summary["timeline"] as? [String: Any])
    #expect(
      bars.reduce(0, +)
        == (summary["rejects"] as? Int ?? 0) - (timeline["without-start"] as? Int ?? 0))
    // A diagram for each of the first ten patterns, with the REJECT's line quoted.
    let articles = Self.tags(html, "article class=\"pattern\"")
    #expect(articles.count == min(rows.count, 10))
    #expect(
      Self.tags(html, "svg xmlns=\"http://www.w3.org/2000/svg\" class=\"path-diagram\"").count
        == articles.count)
    #expect(html.components(separatedBy: "(this REJECT)").count - 1 == articles.count)
    #expect(!html.contains("(not quoted"))
    // Self-contained: nothing fetched, one small script.
    #expect(!html.contains("src="))
    #expect(!html.contains("href=\"http"))
    #expect(!html.contains("@import"))
    #expect(html.components(separatedBy: "<script").count == 2)
    #expect((topology ? html.contains("<section id=\"topology\">") : true))
  }

  @Test("the page's size does not grow with the log's")
  func sizeIsBounded() throws {
    let small = try SimulatedLog(seeds: [5], version: .v5)
    let large = try SimulatedLog(seeds: Array(UInt64(5)...40), version: .v5)
    let smallPage = small.diagnose(["--output", "html"], topology: false).stdout.utf8.count
    let largePage = large.diagnose(["--output", "html"], topology: false).stdout.utf8.count
    #expect(large.rejects > 10 * small.rejects)
    #expect(largePage < 400_000, "\(largePage) bytes")
    #expect(largePage < 8 * max(smallPage, 20_000), "\(smallPage) -> \(largePage) bytes")
  }

  @Test("--out is written whole, beside it nothing is left")
  func writesOut() throws {
    let directory = try CLIHarness.temporaryDirectory()
    let scenario = CLIHarness.packageRoot.appendingPathComponent(
      "Scenarios/nacl-missing-ephemeral-outbound"
    ).path
    let out = directory.appendingPathComponent("report.html").path
    let run = CLIHarness.run([
      "report", "--topology", scenario + "/topology", scenario + "/flows.log", "--out", out,
    ])
    #expect(run.exit == .success, "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("flowcause report: wrote \(out)"))
    let html = try String(contentsOfFile: out, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.hasSuffix("</html>\n"))
    // The cut reply, marked at the NACL's * entry, and the two records quoted as written.
    #expect(html.contains("data-blocks=\"true\" data-component=\"acl-0a1b7f3c9d5e50506\""))
    #expect(html.contains("data-rule-number=\"32767\""))
    #expect(html.contains("flows.log:2 (reverse, ACCEPT)"))
    #expect(html.contains("eni-0a1b7f3c9d5e70505 10.50.1.20 192.0.2.140 80 52814 6"))
    let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(left == ["report.html"])
    // A folder that cannot hold it: 73, and nothing written.
    let nowhere = directory.appendingPathComponent("missing/report.html").path
    let failed = CLIHarness.run(["report", scenario + "/flows.log", "--out", nowhere])
    #expect(failed.exit == .cannotCreate)
    #expect(failed.stderr.hasPrefix("\(nowhere): error: cannot create:"))
  }

  @Test(
    "usage errors",
    arguments: [
      (["x.log"], "--out FILE is required"),
      (["x.log", "--out", "r.html", "--output", "text"], "report writes HTML"),
      (["x.log", "--out", "a", "--out", "b"], "--out is given twice"),
      (["x.log", "--out", "r.html", "--fields", "line"], "--fields is diagnose's"),
    ])
  func usage(arguments: [String], message: String) {
    let run = CLIHarness.run(["report"] + arguments)
    #expect(run.exit == .usage)
    #expect(run.stderr.contains(message), "\(run.stderr)")
  }

  @Test("trace and explain draw the same diagram as SVG")
  func svgOutputs() throws {
    let scenario = CLIHarness.packageRoot.appendingPathComponent(
      "Scenarios/nacl-missing-ephemeral-outbound"
    ).path
    let trace = CLIHarness.run([
      "trace", "--topology", scenario + "/topology", "--from", "192.0.2.140", "--to",
      "eni-0a1b7f3c9d5e70505", "--protocol", "tcp", "--port", "80", "--source-port", "52814",
      "--output", "svg",
    ])
    #expect(trace.exit == .notReachable)
    #expect(trace.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg"))
    #expect(trace.stdout.contains("data-blocks=\"true\" data-component=\"acl-0a1b7f3c9d5e50506\""))
    let explain = CLIHarness.run([
      "explain", "--topology", scenario + "/topology", "--line", "3", scenario + "/flows.log",
      "--output", "svg",
    ])
    #expect(explain.exit == .success)
    #expect(explain.stdout.contains("<title id=\"explain-title\">This REJECT (the reply)"))
    #expect(
      explain.stdout.contains("data-blocks=\"true\" data-component=\"acl-0a1b7f3c9d5e50506\""))
    // From the logs alone: the outbound network ACL marked, its id unknown.
    let logsOnly = CLIHarness.run([
      "explain", "--line", "3", scenario + "/flows.log", "--output", "svg",
    ])
    #expect(logsOnly.stdout.contains("✗ Network ACL (out)"))
    #expect(logsOnly.stdout.contains("id: give --topology"))
  }
}

/// What the diagrams and fixes say where the logs leave things open, and the grouping of the
/// patterns drawn.
@Suite("flowcause report: what the logs leave open")
struct ReportOpenQuestionsTests {
  static let scenarios = CLIHarness.packageRoot.appendingPathComponent("Scenarios").path

  /// `explain --line LINE` of a bundled scenario's flows.log, with its topology or without.
  static func explain(
    _ scenario: String, line: Int, output: String, topology: Bool = true
  ) -> CLIHarness.Run {
    let folder = scenarios + "/" + scenario
    return CLIHarness.run(
      ["explain"] + (topology ? ["--topology", folder + "/topology"] : [])
        + ["--line", String(line), folder + "/flows.log", "--output", output])
  }

  static func write(_ lines: [String]) throws -> String {
    let path = try CLIHarness.temporaryDirectory().appendingPathComponent("flows.log").path
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test("a log without flow-direction: neither end is drawn as the ENI, the fix says why")
  func directionUnknown() throws {
    // The default format: which of 10.0.1.5 and 10.0.2.9 is eni-0abc's is not in the log.
    let log = try Self.write([
      "2 123456789012 eni-0abc 10.0.1.5 10.0.2.9 443 40000 6 3 180 1795350426 1795350467 ACCEPT OK",
      "2 123456789012 eni-0abc 10.0.2.9 10.0.1.5 40000 443 6 3 180 1795350426 1795350467 REJECT OK",
    ])
    let svg = CLIHarness.run(["explain", "--line", "2", log, "--output", "svg"])
    #expect(svg.exit == .success)
    #expect(svg.stdout.contains("✗ Network ACL (in/out)"))
    #expect(svg.stdout.contains("data-blocks=\"true\""))
    #expect(!svg.stdout.contains("Network interface"))
    #expect(svg.stdout.contains("the log does not say: it has no flow-direction"))
    let md = CLIHarness.run(["explain", "--line", "2", log, "--output", "md"])
    #expect(md.stdout.contains("- Fix: Allow this traffic in the network ACL of eni-0abc's subnet"))
    #expect(!md.stdout.contains("the cause is not determined"))
  }

  @Test("an ICMP reply cut by a network ACL: no ephemeral-port advice")
  func icmpFix() {
    let run = Self.explain("nacl-blocks-ping-reply", line: 3, output: "md", topology: false)
    let fix = run.stdout.split(separator: "\n").first { $0.hasPrefix("- Fix:") } ?? ""
    #expect(fix.contains("icmp"), "\(run.stdout)")
    #expect(!fix.contains("1024-65535"))
  }

  @Test("a request a network ACL denied: its replies must be allowed the other way too")
  func statelessFix() {
    let run = Self.explain("web-app-vpc", line: 4, output: "md")
    #expect(
      run.stdout.contains(
        "(the * rule); network ACLs are stateless, so its replies must be allowed outbound too "
          + "(to the client's ports; AWS advises 1024-65535)."), "\(run.stdout)")
  }

  @Test("a reply a security group rejected: usually nothing to open")
  func unsolicitedReplyFix() {
    let run = Self.explain("internet-noise-is-not-a-reply", line: 6, output: "md")
    #expect(run.stdout.contains("- Fix: Usually nothing: sg-0a1e7b3c5d9f60909 lets the reply"))
  }

  @Test("an ACCEPT line has no picture: exit 65, nothing written")
  func acceptHasNoPicture() {
    let run = Self.explain("nacl-blocks-ping-reply", line: 2, output: "svg", topology: false)
    #expect(run.exit == .dataError)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains(":2: error: an ACCEPT record"))
  }

  @Test("patterns alike but for the ENI are drawn once")
  func alikeDrawnOnce() throws {
    // SSH probes from the internet rejected on three ENIs (the same shape), and one reply cut
    // on a fourth.
    var lines = [
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status flow-direction"
    ]
    for (index, eni) in ["eni-a", "eni-b", "eni-c"].enumerated() {
      for probe in 0..<(5 - index) {
        lines.append(
          "5 123456789012 \(eni) 198.51.100.\(probe + 1) 10.0.1.\(index + 10) \(50000 + probe) 22 6 1 60 1795350426 1795350467 REJECT OK ingress"
        )
      }
    }
    lines.append(
      "5 123456789012 eni-d 203.0.113.9 10.0.2.20 51000 443 6 3 180 1795350426 1795350467 ACCEPT OK ingress"
    )
    lines.append(
      "5 123456789012 eni-d 10.0.2.20 203.0.113.9 443 51000 6 3 180 1795350426 1795350467 REJECT OK egress"
    )
    let page = CLIHarness.run(["diagnose", "--output", "html", try Self.write(lines)]).stdout
    let articles = ReportCommandTests.tags(page, "article class=\"pattern\"")
    #expect(articles.count == 2, "\(articles)")
    #expect(page.contains("Pattern #1 of the table; the same on other ENIs: #2, #3."))
    // The table's rows link to the path that draws them.
    #expect(page.components(separatedBy: "<a href=\"#pattern-1\"").count - 1 == 3)
    #expect(page.contains("<a href=\"#pattern-2\""))
  }

  @Test("a reply no request precedes: its request is drawn as supposed")
  func supposedRequest() {
    let run = Self.explain("internet-noise-is-not-a-reply", line: 6, output: "svg")
    #expect(run.stdout.contains("data-lane=\"request (supposed)\" data-assumed=\"true\""))
    #expect(run.stdout.contains("none: no request precedes this reply in the logs"))
    // A reply whose request the logs show is not supposed.
    let cut = Self.scenarios + "/nacl-missing-ephemeral-outbound"
    let shown = CLIHarness.run([
      "explain", "--topology", cut + "/topology", "--line", "3", cut + "/flows.log", "--output",
      "svg",
    ])
    #expect(!shown.stdout.contains("data-assumed"))
  }

  @Test("what diagnose warns of on stderr is on the page too")
  func warningsOnThePage() {
    let log = Self.scenarios + "/nacl-missing-ephemeral-outbound/flows.log"
    let page = CLIHarness.run(["diagnose", "--output", "html", log, log]).stdout
    #expect(page.contains("<dt>Warnings</dt>"))
    #expect(page.contains("2 REJECTs repeat earlier records (an input given twice?)"))
    let clean = CLIHarness.run(["diagnose", "--output", "html", log]).stdout
    #expect(!clean.contains("<dt>Warnings</dt>"))
  }

  @Test("a scanner's request gets no fix; a fix says a denial may be meant")
  func scannerHasNoFix() throws {
    // The web server of nacl-missing-ephemeral-outbound (80 open): one address probes 30 other
    // ports, three probes to 3389 among them; another client is refused on 8443 once.
    let folder = Self.scenarios + "/nacl-missing-ephemeral-outbound"
    let eni = "eni-0a1b7f3c9d5e70505"
    var lines = [
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status flow-direction",
      "5 111122223333 \(eni) 198.51.100.7 10.50.1.20 40100 8443 6 1 60 1795350426 1795350467 REJECT OK ingress",
    ]
    for port in 1...30 {
      lines.append(
        "5 111122223333 \(eni) 45.33.32.156 10.50.1.20 40000 \(port == 30 ? 3389 : 1000 + port) 6 1 60 1795350426 1795350467 REJECT OK ingress"
      )
    }
    for probe in 0..<3 {
      lines.append(
        "5 111122223333 \(eni) 45.33.32.156 10.50.1.20 \(40001 + probe) 3389 6 1 60 1795350426 1795350467 REJECT OK ingress"
      )
    }
    let page = CLIHarness.run([
      "diagnose", "--topology", folder + "/topology", "--output", "html", try Self.write(lines),
    ]).stdout
    #expect(page.contains("No fix offered: 45.33.32.156 has 33 REJECTs across this report"))
    // The scan's ports through the network ACL's * entry are drawn once.
    #expect(page.contains("the same scan on other ports: #"))
    #expect(ReportCommandTests.tags(page, "article class=\"pattern\"").count == 3)
    #expect(page.contains("from 198.51.100.7/32"))
    #expect(page.contains("Only if this traffic should pass: a denial may be meant."))
    #expect(HTMLReportNumbers.grouped(1_234_567) == "1,234,567")
    #expect(HTMLReportNumbers.grouped(999) == "999")
  }

  @Test("times at the ends of what a record can say: a page, no overflow")
  func extremeTimes() throws {
    // Found by fuzz-diagnose: a timeline from 1970 to the last second Int64 holds.
    let log = try Self.write([
      "2 123456789012 eni-a 198.51.100.1 10.0.1.10 40000 22 6 1 60 0 1 REJECT OK",
      "2 123456789012 eni-a 198.51.100.2 10.0.1.10 40001 22 6 1 60 9223372036854775000 9223372036854775807 REJECT OK",
      "2 123456789012 eni-b 198.51.100.3 10.0.1.11 40002 22 6 1 60 -9223372036854775808 5 REJECT OK",
    ])
    let run = CLIHarness.run(["diagnose", "--output", "html", log])
    #expect(run.exit == .success || run.exit == .dataError, "\(run.stderr)")
    #expect(run.stdout.hasSuffix("</html>\n"))
  }
}

/// The page's numbers, grouped by thousands for a person (the `data-` attributes keep them
/// plain).
enum HTMLReportNumbers {
  static func grouped(_ count: Int) -> String { HTMLReport.grouped(count) }
}
