import Analysis
import FlowLogs
import NetworkPrimitives
import Topology

/// `flowcause report` (`diagnose --output html`): one self-contained HTML page, inline CSS and
/// SVG, one small inline script that only sorts tables and states the reader's time offset: the
/// inputs and totals, a timeline of REJECTs by cause, the top patterns, a path diagram of each
/// drawn pattern's first REJECT with its paired log lines and its fix, the top rules,
/// interfaces, services and clients, and the topology. Its size does not grow with the log's:
/// every table and the number of diagrams is bounded. Its counts are those of `--output
/// summary` (the same ``RejectSummary``), and the elements a script reads carry them as `data-`
/// attributes (docs/report.md).
package enum HTMLReport {
  /// Patterns with a diagram each.
  package static let drawnPatterns = 10
  /// Rows of the pattern table.
  package static let listedPatterns = 25
  /// Rows of the rule, interface, service and client tables.
  package static let tableRows = 10
  /// Rows of each topology table.
  package static let topologyRows = 200

  /// A drawn pattern: its row, the first REJECT's diagnosis and diagram, and its log lines.
  package struct DrawnPattern {
    /// Its place in the pattern table (0: the first).
    package var rank: Int
    /// The places of the listed patterns alike but for the ENI, drawn by this one.
    package var alike: [Int]
    package var row: RejectSummary.Table<RejectSummary.PatternKey>.Row
    package var diagnosis: Diagnosis?
    package var diagram: PathDiagram?
    /// The REJECT's line and its paired records', in line order: `flows.log:4`, what it is
    /// (`this REJECT`, `reverse, ACCEPT`) and the line as written (`nil`: not read again).
    package var lines: [(place: String, label: String, text: String?)]

    package init(
      rank: Int, alike: [Int], row: RejectSummary.Table<RejectSummary.PatternKey>.Row,
      diagnosis: Diagnosis?, diagram: PathDiagram?,
      lines: [(place: String, label: String, text: String?)]
    ) {
      self.rank = rank
      self.alike = alike
      self.row = row
      self.diagnosis = diagnosis
      self.diagram = diagram
      self.lines = lines
    }
  }

  /// The listed patterns drawn, by their place in the table: the first of each group alike but
  /// for the ENI (the same cause, component and rule, direction, role and service: one rule,
  /// or backscatter, on many ENIs) or, for the requests of a scanner (``isScan(_:_:)``), but
  /// for the ENI and the port; at most ``drawnPatterns``, each with the places of the others of
  /// its group.
  package static func drawnRows(_ summary: RejectSummary) -> [(
    rank: Int, alike: [Int], row: RejectSummary.Table<RejectSummary.PatternKey>.Row
  )] {
    struct Group: Hashable {
      var rule: RejectSummary.RuleKey
      var direction: FlowDirection?
      var role: FlowRole?
      var service: RejectSummary.ServiceKey?
      var scanner: IPAddress?
    }
    let clientRejects = clientRejects(summary)
    var groups: [Group: Int] = [:]
    var drawn: [(rank: Int, alike: [Int], row: RejectSummary.Table<RejectSummary.PatternKey>.Row)] =
      []
    for (rank, row) in summary.patterns.top(listedPatterns).enumerated() {
      let key = row.key
      let scanner = scanner(of: row, clientRejects)
      let group = Group(
        rule: key.rule, direction: key.direction, role: key.role,
        service: scanner == nil ? key.service : nil, scanner: scanner)
      if let first = groups[group] {
        drawn[first].alike.append(rank)
      } else if drawn.count < drawnPatterns {
        groups[group] = drawn.count
        drawn.append((rank, [], row))
      }
    }
    return drawn
  }

  /// Each client's REJECTs, for telling a scan from a client that needs a rule.
  static func clientRejects(_ summary: RejectSummary) -> [IPAddress: Int] {
    var rejects: [IPAddress: Int] = [:]
    for row in summary.clients.rows { rejects[row.key] = row.rejects }
    return rejects
  }

  /// The client of a request pattern whose first REJECT's client is rejected across many other
  /// services (at least ``MarkdownReport/scanRejects`` REJECTs, ``MarkdownReport/scanRatio``
  /// times the pattern's): probing, as `--output md` tells it.
  static func scanner(
    of row: RejectSummary.Table<RejectSummary.PatternKey>.Row, _ clientRejects: [IPAddress: Int]
  ) -> IPAddress? {
    guard row.key.role == .request, let client = row.examples.first?.source,
      let probing = clientRejects[client], probing >= MarkdownReport.scanRejects,
      probing >= MarkdownReport.scanRatio * row.rejects
    else { return nil }
    return client
  }

  /// What the page shows.
  package struct Content {
    package var summary: RejectSummary
    package var files: [String]
    package var totals: SummaryRenderer.Totals
    package var coverage: TopologyCoverage?
    package var topology: Topology?
    package var drawn: [DrawnPattern]
    /// When the page was written (seconds since the epoch) and the offset of the local time
    /// there from UTC, in seconds.
    package var written: Int64
    package var localOffset: Int
    package var version: String

    package init(
      summary: RejectSummary, files: [String], totals: SummaryRenderer.Totals,
      coverage: TopologyCoverage?, topology: Topology?, drawn: [DrawnPattern], written: Int64,
      localOffset: Int, version: String
    ) {
      self.summary = summary
      self.files = files
      self.totals = totals
      self.coverage = coverage
      self.topology = topology
      self.drawn = drawn
      self.written = written
      self.localOffset = localOffset
      self.version = version
    }
  }

  /// The page.
  package static func page(_ content: Content) -> String {
    let summary = content.summary
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="flowcause \(escaped(content.version))">
      <title>flowcause report: \(grouped(summary.rejects)) REJECT\(summary.rejects == 1 ? "" : "s")</title>
      <style>\(style)</style>
      </head>
      <body>
      <main id="report" data-rejects="\(summary.rejects)" data-records="\(content.totals.counts.records)" \
      data-topology="\(content.topology != nil)">

      """
    out += header(content)
    out += causes(summary)
    out += timeline(summary.timeline, localOffset: content.localOffset)
    out += patternTable(summary, files: content.files, drawn: content.drawn)
    out += drawnPatterns(content)
    out += rankings(summary, files: content.files)
    if let topology = content.topology {
      out += topologySection(topology, interfaces: summary.interfaces)
    }
    out += """
      <footer><p>Written by flowcause \(escaped(content.version)) at \
      \(SummaryRenderer.isoTime(content.written) ?? "?"). Counts are those of \
      <code>flowcause diagnose --output summary</code> on the same inputs.</p></footer>
      </main>
      <script>\(script)</script>
      </body>
      </html>

      """
    return out
  }

  // MARK: Header and causes

  static func header(_ content: Content) -> String {
    let summary = content.summary
    let totals = content.totals
    var out = "<header>\n<h1>flowcause report</h1>\n<dl class=\"facts\">\n"
    let shown = content.files.prefix(20).map {
      $0 == "-" ? "standard input" : "<code>\(escaped($0))</code>"
    }
    let more = content.files.count > 20 ? " and \(content.files.count - 20) more" : ""
    out += fact("Inputs", shown.joined(separator: ", ") + more, key: "inputs")
    let span = firstAndLast(summary)
    if let from = span.first.flatMap(SummaryRenderer.isoTime),
      let to = span.last.flatMap(SummaryRenderer.isoTime)
    {
      out += fact(
        "Time", "\(from) to \(to) (UTC: the first REJECT's start to the last one's end)",
        key: "time-range")
    } else {
      out += fact(
        "Time", summary.rejects == 0 ? "no REJECT" : "no REJECT has a start time",
        key: "time-range")
    }
    out += fact(
      "Records",
      grouped(totals.counts.records)
        + (totals.counts.bad > 0
          ? ", and <strong>\(grouped(totals.counts.bad)) line\(totals.counts.bad == 1 ? "" : "s") that "
            + "could not be read</strong> (listed on stderr)" : ""),
      key: "records",
      value: totals.counts.records)
    out += fact("REJECTs", grouped(summary.rejects), key: "rejects", value: summary.rejects)
    if totals.filteredOut > 0 || totals.filters != nil {
      out += fact(
        "Filters",
        "\(escaped(totals.filters ?? "")): \(grouped(totals.filteredOut)) other REJECTs left out",
        key: "filters")
    }
    out += fact("Topology", topologyFact(content), key: "topology")
    let warnings = warningsFact(totals)
    if !warnings.isEmpty {
      out += fact("Warnings", warnings.joined(separator: "; "), key: "warnings")
    }
    return out + "</dl>\n</header>\n"
  }

  /// The earliest start and the latest end of the REJECTs: the rule table's rows cover them
  /// all while it has dropped none (it holds a few keys), else the timeline's starts.
  static func firstAndLast(_ summary: RejectSummary) -> (first: Int64?, last: Int64?) {
    let rows = summary.rules.rows
    if summary.rules.other == 0, !rows.isEmpty {
      let firsts = rows.compactMap(\.span.first)
      let lasts = rows.compactMap(\.span.last)
      if let first = firsts.min(), let last = lasts.max() { return (first, last) }
    }
    return (summary.timeline.first, summary.timeline.last)
  }

  /// What `diagnose` warns of on stderr, said on the page too: a page attached to a ticket
  /// keeps it.
  static func warningsFact(_ totals: SummaryRenderer.Totals) -> [String] {
    var out: [String] = []
    func say(_ count: Int, _ one: String, _ many: String) {
      guard count > 0 else { return }
      out.append("\(grouped(count)) \(count == 1 ? one : many)")
    }
    say(
      totals.counts.inputErrors, "input is damaged: its records after the damage are lost",
      "inputs are damaged: their records after the damage are lost")
    say(
      totals.duplicates,
      "REJECT repeats an earlier record (an input given twice?) and is counted once",
      "REJECTs repeat earlier records (an input given twice?) and are counted once")
    say(
      totals.undiagnosed,
      "REJECT could not be diagnosed (its format lacks a field diagnosis needs)",
      "REJECTs could not be diagnosed (their format lacks a field diagnosis needs)")
    say(
      totals.withoutAction, "record has no action field: whether it is a REJECT is unknown",
      "records have no action field: whether they are REJECTs is unknown")
    say(
      totals.lateRecords,
      "record arrived behind newer ones (inputs out of time order?) and was correlated only "
        + "with the records still held",
      "records arrived behind newer ones (inputs out of time order?) and were correlated only "
        + "with the records still held")
    say(
      totals.decidedEarly,
      "REJECT was decided before the records after it were read (too many in one window)",
      "REJECTs were decided before the records after them were read (too many in one window)")
    if !out.isEmpty { out.append("the details are on stderr") }
    return out.map { escaped($0) }
  }

  static func topologyFact(_ content: Content) -> String {
    guard let topology = content.topology else {
      return "none given: causes from the logs alone, no rule named (give <code>--topology</code>)"
    }
    let interfaces = content.summary.interfaces
    let seen = interfaces.rows.map(\.key)
    let inside = seen.filter { topology.networkInterfaces[$0] != nil }.count
    var text =
      "\(topology.vpcs.count) VPC\(topology.vpcs.count == 1 ? "" : "s"), "
      + "\(topology.networkInterfaces.count) ENIs"
    guard !seen.isEmpty else { return text }
    text +=
      "; it holds <span data-count=\"\(inside)\" "
      + "id=\"enis-in-topology\">\(inside)</span> of the \(seen.count) ENIs with REJECTs"
    if interfaces.other > 0 { text += " (of those counted one by one)" }
    if let coverage = content.coverage {
      text += ", and \(grouped(coverage.inTopology)) of the \(grouped(coverage.rejects)) REJECTs"
      if !coverage.isComplete, let first = coverage.firstOutside {
        text +=
          ": <strong>the others were diagnosed from the logs alone</strong> (the first: "
          + "<code>\(escaped(first.interfaceId))</code> at <code>\(escaped(first.place))</code>)"
      }
    }
    return text
  }

  static func fact(_ name: String, _ html: String, key: String, value: Int? = nil) -> String {
    let data = value.map { " data-count=\"\($0)\"" } ?? ""
    return "<dt>\(name)</dt><dd id=\"fact-\(key)\"\(data)>\(html)</dd>\n"
  }

  static func causes(_ summary: RejectSummary) -> String {
    var out = "<section id=\"causes\">\n<h2>By cause</h2>\n"
    guard summary.rejects > 0 else {
      return out + "<p>No REJECT records.</p>\n</section>\n"
    }
    out +=
      "<table class=\"causes\">\n<caption>REJECTs by the control that rejected them</caption>\n"
    out += "<thead><tr><th scope=\"col\">Cause</th><th scope=\"col\" class=\"n\">REJECTs</th>"
    out += "<th scope=\"col\">Share</th></tr></thead>\n<tbody>\n"
    for (cause, count) in summary.causes.ranked where count > 0 {
      let share = Double(count) / Double(summary.rejects)
      let percent = (share * 1000).rounded() / 10
      out +=
        "<tr data-cause=\"\(cause.rawValue)\" data-count=\"\(count)\"><td>\(causeLabel(cause))</td>"
        + "<td class=\"n\">\(grouped(count))</td><td><span class=\"bar\" style=\"width:"
        + "\(max(1, Int(share * 200)))px;background:\(colour(cause))\"></span> \(percent)%</td></tr>\n"
    }
    return out + "</tbody>\n</table>\n</section>\n"
  }

  /// A cause with its swatch: the colour of the timeline and a word, never the colour alone.
  static func causeLabel(_ cause: Cause) -> String {
    "<span class=\"swatch\" style=\"background:\(colour(cause))\"></span>\(cause.rawValue)"
  }

  /// The colour of a cause in the timeline and the tables.
  package static func colour(_ cause: Cause) -> String {
    switch cause {
    case .securityGroup: return "#0969da"
    case .networkACL: return "#cf222e"
    case .routing: return "#8250df"
    case .blockPublicAccess: return "#bf3989"
    case .afterClose: return "#9a6700"
    case .undetermined: return "#6e7781"
    }
  }

  // MARK: Patterns

  static func patternTable(_ summary: RejectSummary, files: [String], drawn: [DrawnPattern])
    -> String
  {
    var out = "<section id=\"patterns\">\n<h2>Top patterns</h2>\n"
    let rows = summary.patterns.top(listedPatterns)
    guard !rows.isEmpty else { return out + "<p>No REJECT records.</p>\n</section>\n" }
    let held = summary.patterns.count
    out +=
      "<p>REJECTs alike but for the client and the time, the most first: "
      + (summary.patterns.other == 0
        ? "\(grouped(held)) pattern\(held == 1 ? "" : "s") in all. "
        : "\(grouped(held)) patterns held, and \(grouped(summary.patterns.other)) REJECTs of patterns dropped to "
          + "make room for them (each rejected least when dropped: the ports of a scan, one "
          + "REJECT each). ")
      + "Click a heading to sort.</p>\n"
    var article: [Int: Int] = [:]
    for (number, pattern) in drawn.enumerated() {
      article[pattern.rank] = number + 1
      for rank in pattern.alike { article[rank] = number + 1 }
    }
    out += "<div class=\"wide\">\n<table class=\"sortable\" id=\"pattern-table\">\n"
    out +=
      "<caption>The \(rows.count == 1 ? "pattern" : "\(rows.count) patterns") with the most "
      + "REJECTs</caption>\n<thead><tr>"
    for (heading, numeric) in [
      ("#", true), ("REJECTs", true), ("Cause", false), ("Component and rule", false),
      ("ENI", false), ("Direction", false), ("Role", false), ("Service", false),
      ("First start (UTC)", false), ("Last end (UTC)", false), ("Example", false),
    ] {
      out += "<th scope=\"col\"\(numeric ? " class=\"n\"" : "")>\(heading)</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for (rank, row) in rows.enumerated() {
      let key = row.key
      let example = row.examples.first.map { DiagnosisRenderer.location($0, files: files) } ?? ""
      let drawn =
        article[rank].map { "<a href=\"#pattern-\($0)\" title=\"its path\">\(rank + 1)</a>" }
        ?? "\(rank + 1)"
      out +=
        "<tr data-count=\"\(row.rejects)\" data-cause=\"\(key.rule.cause.rawValue)\""
        + " data-component=\"\(escaped(key.rule.component ?? ""))\""
        + " data-rule=\"\(key.rule.rule.map(String.init) ?? "")\">"
        + "<td class=\"n\">\(drawn)</td><td class=\"n\">\(grouped(row.rejects))"
        + (row.missedAtMost > 0 ? " (+≤\(row.missedAtMost))" : "") + "</td>"
        + "<td>\(causeLabel(key.rule.cause))</td>"
        + "<td><code>\(escaped(ruleText(key.rule)))</code></td>"
        + "<td><code>\(escaped(key.interfaceId))</code></td>"
        + "<td>\(key.direction?.rawValue ?? "?")</td><td>\(key.role?.rawValue ?? "?")</td>"
        + "<td>\(escaped(DiagnosisRenderer.serviceText(key.service)))</td>"
        + "<td>\(time(row.span.first))</td><td>\(time(row.span.last))</td>"
        + "<td><code class=\"path\">\(escaped(example))</code></td></tr>\n"
    }
    out += "</tbody>\n</table>\n</div>\n"
    if summary.patterns.other > 0 {
      out +=
        "<p class=\"note\">\(grouped(summary.patterns.other)) REJECTs belong to patterns dropped to make "
        + "room: a table holds \(summary.patterns.limit) at most.</p>\n"
    }
    return out + "</section>\n"
  }

  /// `acl-… rule *`, `sg-…`, the cause alone without a component.
  static func ruleText(_ key: RejectSummary.RuleKey) -> String {
    guard let component = key.component else { return "(none named)" }
    switch key.rule {
    case 32767?: return "\(component) rule * (IPv4)"
    case 32768?: return "\(component) rule * (IPv6)"
    default: return DiagnosisRenderer.ruleText(key)
    }
  }

  static func time(_ seconds: Int64?) -> String {
    seconds.flatMap(SummaryRenderer.isoTime).map { String($0.map { $0 == "T" ? " " : $0 }) }
      ?? "-"
  }

  static func drawnPatterns(_ content: Content) -> String {
    guard !content.drawn.isEmpty else { return "" }
    var out = "<section id=\"paths\">\n<h2>The path of each top pattern</h2>\n"
    out +=
      "<p>For the first REJECT of each pattern: the request and its reply through every "
      + "checkpoint in AWS's order, each allowed (✓), denied (✗), not crossed (–) or not known "
      + "(?), the rule that decided named; the checkpoint that rejected it has a thick red "
      + "border and the words “rejected here”.</p>\n"
    let clientRejects = clientRejects(content.summary)
    for (index, pattern) in content.drawn.enumerated() {
      out += drawnPattern(
        pattern, number: index + 1, files: content.files, clientRejects: clientRejects)
    }
    if content.drawn.contains(where: { !$0.alike.isEmpty }) {
      out +=
        "<p class=\"note\">Patterns alike but for the ENI (and, for a scanner, the port) are "
        + "drawn once, by the first of them: the others are named under it.</p>\n"
    }
    return out + "</section>\n"
  }

  static func drawnPattern(
    _ pattern: DrawnPattern, number: Int, files: [String], clientRejects: [IPAddress: Int]
  ) -> String {
    let key = pattern.row.key
    var out =
      "<article class=\"pattern\" id=\"pattern-\(number)\" data-cause=\"\(key.rule.cause.rawValue)\""
      + " data-component=\"\(escaped(key.rule.component ?? ""))\""
      + " data-rule=\"\(key.rule.rule.map(String.init) ?? "")\" data-count=\"\(pattern.row.rejects)\""
      + (pattern.row.examples.first.map {
        " data-file=\"\(escaped(files[safe: $0.file] ?? "-"))\" data-line=\"\($0.line)\""
      } ?? "") + ">\n"
    out +=
      "<h3>\(number). \(causeLabel(key.rule.cause)) <code>\(escaped(ruleText(key.rule)))</code>"
      + " · <code>\(escaped(key.interfaceId))</code> \(key.direction?.rawValue ?? "?") "
      + "\(key.role?.rawValue ?? "?") · \(escaped(DiagnosisRenderer.serviceText(key.service)))"
      + " · \(grouped(pattern.row.rejects)) REJECT\(pattern.row.rejects == 1 ? "" : "s")</h3>\n"
    if !pattern.alike.isEmpty {
      let alike = pattern.alike.map { "#\($0 + 1)" }
      out +=
        "<p class=\"note\">Pattern #\(pattern.rank + 1) of the table; the same "
        + (scanner(of: pattern.row, clientRejects) == nil ? "on other ENIs" : "scan on other ports")
        + ": \(alike.joined(separator: ", ")).</p>\n"
    }
    if let diagnosis = pattern.diagnosis {
      out +=
        "<p><strong>Why:</strong> \(escaped(diagnosis.explanation)) "
        + "<span class=\"confidence\">(\(diagnosis.confidence.rawValue) confidence"
        + (diagnosis.code.map { ", \($0.rawValue)" } ?? "") + ")</span></p>\n"
      out +=
        "<p><strong>Fix:</strong> " + escaped(fix(pattern, diagnosis, clientRejects)) + "</p>\n"
    }
    if let diagram = pattern.diagram {
      out +=
        "<figure class=\"diagram\">\n\(diagram.svg(id: "path-\(number)", standalone: false))"
        + "<figcaption><details><summary>The path in words</summary>"
        + "\(escaped(diagram.description))</details></figcaption>\n</figure>\n"
    }
    if !pattern.lines.isEmpty {
      out += "<pre class=\"lines\" aria-label=\"The REJECT and its paired log lines\">"
      let width = pattern.lines.map { $0.place.count + $0.label.count + 3 }.max() ?? 0
      for line in pattern.lines {
        let label = "\(line.place) (\(line.label))"
        let padding = String(repeating: " ", count: max(1, width - label.count + 1))
        let text =
          line.text
          ?? "(not quoted: lines of standard input, of a fetched input or of Parquet are not read again)"
        let emphasis = line.label == "this REJECT"
        out +=
          (emphasis ? "<strong>" : "") + escaped(label) + padding + escaped(text)
          + (emphasis ? "</strong>" : "") + "\n"
      }
      out += "</pre>\n"
    }
    return out + "</article>\n"
  }

  /// The fix of a drawn pattern's first REJECT, as `--output md` words it: none offered for a
  /// request from a client rejected across many other services (a scan or probe), and a
  /// reminder that whether the traffic should pass is the reader's call.
  static func fix(
    _ pattern: DrawnPattern, _ diagnosis: Diagnosis, _ clientRejects: [IPAddress: Int]
  ) -> String {
    guard let fix = diagnosis.fix else { return "none named: the cause is not determined" }
    if let client = scanner(of: pattern.row, clientRejects) {
      return "No fix offered: \(client) has \(grouped(clientRejects[client] ?? 0)) REJECTs across "
        + "this report's services, the shape of a scan or probe; let it through only if it should "
        + "reach \(DiagnosisRenderer.serviceText(pattern.row.key.service))."
    }
    // A reply of an accepted request should pass; a request may be refused on purpose.
    guard diagnosis.cause == .networkACL || diagnosis.cause == .securityGroup,
      pattern.row.key.role == .request
    else { return fix }
    return fix + " Only if this traffic should pass: a denial may be meant."
  }

  /// `1,234,567`.
  package static func grouped(_ count: Int) -> String {
    let digits = Array(String(count.magnitude))
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
      out.append(digit)
    }
    return (count < 0 ? "-" : "") + out
  }

  // MARK: Rankings

  static func rankings(_ summary: RejectSummary, files: [String]) -> String {
    guard summary.rejects > 0 else { return "" }
    var out = "<section id=\"rankings\">\n<h2>What rejects the most</h2>\n<div class=\"grid\">\n"
    out += ranking(
      summary.rules, id: "rules", caption: "Rules", heading: "Cause, component and rule"
    ) { key in
      "\(causeLabel(key.cause)) <code>\(escaped(key.component == nil ? "" : ruleText(key)))</code>"
    }
    out += ranking(summary.interfaces, id: "interfaces", caption: "ENIs", heading: "ENI") {
      "<code>\(escaped($0))</code>"
    }
    out += ranking(
      summary.services, id: "services", caption: "Services", heading: "Protocol and port"
    ) {
      escaped(DiagnosisRenderer.serviceText($0))
    }
    out += ranking(summary.clients, id: "clients", caption: "Clients", heading: "Address") {
      "<code>\(escaped($0.description))</code>"
    }
    return out + "</div>\n</section>\n"
  }

  static func ranking<Key>(
    _ table: RejectSummary.Table<Key>, id: String, caption: String, heading: String,
    _ name: (Key) -> String
  ) -> String {
    var out =
      "<table class=\"sortable ranking\" id=\"top-\(id)\" data-keys=\"\(table.count)\" "
      + "data-other=\"\(table.other)\">\n<caption>\(caption)</caption>\n<thead><tr>"
      + "<th scope=\"col\">\(heading)</th><th scope=\"col\" class=\"n\">REJECTs</th></tr></thead>\n"
      + "<tbody>\n"
    for row in table.top(tableRows) {
      out +=
        "<tr data-count=\"\(row.rejects)\"><td>\(name(row.key))</td>"
        + "<td class=\"n\">\(grouped(row.rejects))</td></tr>\n"
    }
    out += "</tbody>\n</table>\n"
    return out
  }

  // MARK: Escaping

  static func escaped(_ text: String) -> String { PathDiagram.escaped(text) }
}
