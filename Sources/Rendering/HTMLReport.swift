import Analysis
import FlowLogs
import Messages
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
    /// The REJECT's line and its paired records', in line order: `flows.log:4`, the paired
    /// record (`nil`: the REJECT itself) and the line as written (`nil`: not read again).
    package var lines: [(place: String, related: RelatedRecord?, text: String?)]

    package init(
      rank: Int, alike: [Int], row: RejectSummary.Table<RejectSummary.PatternKey>.Row,
      diagnosis: Diagnosis?, diagram: PathDiagram?,
      lines: [(place: String, related: RelatedRecord?, text: String?)]
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
    /// The language of the page's words.
    package var language: Language = .en

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
    let language = content.language
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    var out = """
      <!DOCTYPE html>
      <html lang="\(language.rawValue)">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="flowcause \(escaped(content.version))">
      <title>\(say(.htmlTitle)): \(say(summary.rejects == 1 ? .htmlRejectsCountOne : .htmlRejectsCountMany, ["count": grouped(summary.rejects)]))</title>
      <style>\(style)</style>
      </head>
      <body>
      <main id="report" data-rejects="\(summary.rejects)" data-records="\(content.totals.counts.records)" \
      data-topology="\(content.topology != nil)">

      """
    out += header(content)
    out += causes(summary, language: language)
    out += timeline(summary.timeline, localOffset: content.localOffset, language: language)
    out += patternTable(summary, files: content.files, drawn: content.drawn, language: language)
    out += drawnPatterns(content)
    out += rankings(summary, files: content.files, language: language)
    if let topology = content.topology {
      out += topologySection(topology, interfaces: summary.interfaces, language: language)
    }
    let written = say(
      .htmlWrittenBy,
      [
        "version": escaped(content.version),
        "time": SummaryRenderer.isoTime(content.written) ?? "?",
        "command": "<code>flowcause diagnose --output summary</code>",
      ])
    out += """
      <footer><p>\(written)</p></footer>
      </main>
      <script>\(script(language))</script>
      </body>
      </html>

      """
    return out
  }

  // MARK: Header and causes

  static func header(_ content: Content) -> String {
    let language = content.language
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let summary = content.summary
    let totals = content.totals
    var out = "<header>\n<h1>\(say(.htmlTitle))</h1>\n<dl class=\"facts\">\n"
    let shown = content.files.prefix(20).map {
      $0 == "-" ? say(.htmlStandardInput) : "<code>\(escaped($0))</code>"
    }
    let more =
      content.files.count > 20 ? say(.htmlAndMore, ["count": "\(content.files.count - 20)"]) : ""
    out += fact(
      say(.htmlInputs), shown.joined(separator: say(.listComma)) + more, key: "inputs")
    let span = firstAndLast(summary)
    if let from = span.first.flatMap(SummaryRenderer.isoTime),
      let to = span.last.flatMap(SummaryRenderer.isoTime)
    {
      out += fact(
        say(.htmlTime), escaped(say(.htmlTimeRange, ["from": from, "to": to])),
        key: "time-range")
    } else {
      out += fact(
        say(.htmlTime), say(summary.rejects == 0 ? .htmlNoReject : .htmlNoRejectTime),
        key: "time-range")
    }
    out += fact(
      say(.htmlRecords),
      grouped(totals.counts.records)
        + (totals.counts.bad > 0
          ? say(
            totals.counts.bad == 1 ? .htmlBadLinesOne : .htmlBadLinesMany,
            ["open": "<strong>", "close": "</strong>", "count": grouped(totals.counts.bad)])
          : ""),
      key: "records",
      value: totals.counts.records)
    out += fact(say(.htmlRejects), grouped(summary.rejects), key: "rejects", value: summary.rejects)
    if totals.filteredOut > 0 || totals.filters != nil {
      out += fact(
        say(.htmlFilters),
        say(
          .htmlFiltersLeftOut,
          ["filters": escaped(totals.filters ?? ""), "count": grouped(totals.filteredOut)]),
        key: "filters")
    }
    out += fact(say(.htmlTopology), topologyFact(content), key: "topology")
    let warnings = warningsFact(totals, language: language)
    if !warnings.isEmpty {
      out += fact(
        say(.htmlWarnings), warnings.joined(separator: say(.listSemicolon)), key: "warnings")
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
  static func warningsFact(_ totals: SummaryRenderer.Totals, language: Language = .en)
    -> [String]
  {
    var out: [String] = []
    func say(_ count: Int, _ one: Message, _ many: Message) {
      guard count > 0 else { return }
      out.append((count == 1 ? one : many).text(in: language, ["count": grouped(count)]))
    }
    say(totals.counts.inputErrors, .htmlInputsDamagedOne, .htmlInputsDamagedMany)
    say(totals.duplicates, .htmlDuplicatesOne, .htmlDuplicatesMany)
    say(totals.undiagnosed, .htmlUndiagnosedOne, .htmlUndiagnosedMany)
    say(totals.withoutAction, .htmlWithoutActionOne, .htmlWithoutActionMany)
    say(totals.lateRecords, .htmlLateOne, .htmlLateMany)
    say(totals.decidedEarly, .htmlDecidedEarlyOne, .htmlDecidedEarlyMany)
    if !out.isEmpty { out.append(Message.htmlDetailsOnStderr.text(in: language)) }
    return out.map { escaped($0) }
  }

  static func topologyFact(_ content: Content) -> String {
    let language = content.language
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    guard let topology = content.topology else {
      return say(.htmlTopologyNone, ["option": "<code>--topology</code>"])
    }
    let interfaces = content.summary.interfaces
    let seen = interfaces.rows.map(\.key)
    let inside = seen.filter { topology.networkInterfaces[$0] != nil }.count
    var text = say(
      .htmlTopologyCounts,
      [
        "vpcs": say(
          topology.vpcs.count == 1 ? .htmlVPCsOne : .htmlVPCsMany,
          ["count": "\(topology.vpcs.count)"]),
        "enis": "\(topology.networkInterfaces.count)",
      ])
    guard !seen.isEmpty else { return text }
    text += say(
      .htmlTopologyHolds,
      [
        "count": "<span data-count=\"\(inside)\" id=\"enis-in-topology\">\(inside)</span>",
        "seen": "\(seen.count)",
      ])
    if interfaces.other > 0 { text += say(.htmlCountedOneByOne) }
    if let coverage = content.coverage {
      text += say(
        .htmlTopologyRejects,
        ["inside": grouped(coverage.inTopology), "rejects": grouped(coverage.rejects)])
      if !coverage.isComplete, let first = coverage.firstOutside {
        text += say(
          .htmlOthersFromLogs,
          [
            "open": "<strong>", "close": "</strong>",
            "eni": "<code>\(escaped(first.interfaceId))</code>",
            "place": "<code>\(escaped(first.place))</code>",
          ])
      }
    }
    return text
  }

  static func fact(_ name: String, _ html: String, key: String, value: Int? = nil) -> String {
    let data = value.map { " data-count=\"\($0)\"" } ?? ""
    return "<dt>\(name)</dt><dd id=\"fact-\(key)\"\(data)>\(html)</dd>\n"
  }

  static func causes(_ summary: RejectSummary, language: Language = .en) -> String {
    func say(_ message: Message) -> String { message.text(in: language) }
    var out = "<section id=\"causes\">\n<h2>\(say(.htmlByCause))</h2>\n"
    guard summary.rejects > 0 else {
      return out + "<p>\(say(.htmlNoRejects))</p>\n</section>\n"
    }
    out += "<table class=\"causes\">\n<caption>\(say(.htmlCausesCaption))</caption>\n"
    out += "<thead><tr><th scope=\"col\">\(say(.htmlCause))</th>"
    out += "<th scope=\"col\" class=\"n\">\(say(.htmlRejects))</th>"
    out += "<th scope=\"col\">\(say(.htmlShare))</th></tr></thead>\n<tbody>\n"
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

  static func patternTable(
    _ summary: RejectSummary, files: [String], drawn: [DrawnPattern], language: Language = .en
  )
    -> String
  {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    var out = "<section id=\"patterns\">\n<h2>\(say(.htmlTopPatterns))</h2>\n"
    let rows = summary.patterns.top(listedPatterns)
    guard !rows.isEmpty else {
      return out + "<p>\(say(.htmlNoRejects))</p>\n</section>\n"
    }
    let held = summary.patterns.count
    out +=
      "<p>"
      + (summary.patterns.other == 0
        ? say(
          .htmlPatternsIntroAll,
          [
            "patterns": say(
              held == 1 ? .htmlPatternsOne : .htmlPatternsCount, ["count": grouped(held)])
          ])
        : say(
          .htmlPatternsIntroHeld,
          ["held": grouped(held), "dropped": grouped(summary.patterns.other)]))
      + "</p>\n"
    var article: [Int: Int] = [:]
    for (number, pattern) in drawn.enumerated() {
      article[pattern.rank] = number + 1
      for rank in pattern.alike { article[rank] = number + 1 }
    }
    out += "<div class=\"wide\">\n<table class=\"sortable\" id=\"pattern-table\">\n"
    let caption = say(
      .htmlPatternsCaption,
      [
        "patterns": rows.count == 1
          ? say(.htmlOnePattern) : say(.htmlPatternsCount, ["count": "\(rows.count)"])
      ])
    out += "<caption>\(caption)</caption>\n<thead><tr>"
    for (heading, numeric) in [
      ("#", true), (say(.htmlRejects), true), (say(.htmlCause), false),
      (say(.htmlComponentAndRule), false), ("ENI", false), (say(.htmlDirection), false),
      (say(.htmlRole), false), (say(.htmlService), false), (say(.htmlFirstStart), false),
      (say(.htmlLastEnd), false), (say(.htmlExample), false),
    ] {
      out += "<th scope=\"col\"\(numeric ? " class=\"n\"" : "")>\(heading)</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for (rank, row) in rows.enumerated() {
      let key = row.key
      let example = row.examples.first.map { DiagnosisRenderer.location($0, files: files) } ?? ""
      let drawn =
        article[rank].map {
          "<a href=\"#pattern-\($0)\" title=\"\(say(.htmlItsPath))\">\(rank + 1)</a>"
        }
        ?? "\(rank + 1)"
      out +=
        "<tr data-count=\"\(row.rejects)\" data-cause=\"\(key.rule.cause.rawValue)\""
        + " data-component=\"\(escaped(key.rule.component ?? ""))\""
        + " data-rule=\"\(key.rule.rule.map(String.init) ?? "")\">"
        + "<td class=\"n\">\(drawn)</td><td class=\"n\">\(grouped(row.rejects))"
        + (row.missedAtMost > 0 ? " (+≤\(row.missedAtMost))" : "") + "</td>"
        + "<td>\(causeLabel(key.rule.cause))</td>"
        + "<td><code>\(escaped(ruleText(key.rule, language: language)))</code></td>"
        + "<td><code>\(escaped(key.interfaceId))</code></td>"
        + "<td>\(key.direction?.rawValue ?? "?")</td><td>\(key.role?.rawValue ?? "?")</td>"
        + "<td>\(escaped(DiagnosisRenderer.serviceText(key.service, in: language)))</td>"
        + "<td>\(time(row.span.first))</td><td>\(time(row.span.last))</td>"
        + "<td><code class=\"path\">\(escaped(example))</code></td></tr>\n"
    }
    out += "</tbody>\n</table>\n</div>\n"
    if summary.patterns.other > 0 {
      out +=
        "<p class=\"note\">"
        + say(
          .htmlDroppedNote,
          ["count": grouped(summary.patterns.other), "limit": "\(summary.patterns.limit)"])
        + "</p>\n"
    }
    return out + "</section>\n"
  }

  /// `acl-… rule *`, `sg-…`, the cause alone without a component.
  static func ruleText(_ key: RejectSummary.RuleKey, language: Language = .en) -> String {
    guard let component = key.component else { return Message.htmlNoneNamed.text(in: language) }
    switch key.rule {
    case 32767?: return Message.htmlRuleStarIPv4.text(in: language, ["component": component])
    case 32768?: return Message.htmlRuleStarIPv6.text(in: language, ["component": component])
    default: return DiagnosisRenderer.ruleText(key, in: language)
    }
  }

  static func time(_ seconds: Int64?) -> String {
    seconds.flatMap(SummaryRenderer.isoTime).map { String($0.map { $0 == "T" ? " " : $0 }) }
      ?? "-"
  }

  static func drawnPatterns(_ content: Content) -> String {
    guard !content.drawn.isEmpty else { return "" }
    let language = content.language
    var out =
      "<section id=\"paths\">\n<h2>\(Message.htmlPathsHeading.text(in: language))</h2>\n"
    out += "<p>" + Message.htmlPathsIntro.text(in: language) + "</p>\n"
    let clientRejects = clientRejects(content.summary)
    for (index, pattern) in content.drawn.enumerated() {
      out += drawnPattern(
        pattern, number: index + 1, files: content.files, clientRejects: clientRejects,
        language: language)
    }
    if content.drawn.contains(where: { !$0.alike.isEmpty }) {
      out += "<p class=\"note\">" + Message.htmlAlikeNote.text(in: language) + "</p>\n"
    }
    return out + "</section>\n"
  }

  static func drawnPattern(
    _ pattern: DrawnPattern, number: Int, files: [String], clientRejects: [IPAddress: Int],
    language: Language = .en
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let key = pattern.row.key
    var out =
      "<article class=\"pattern\" id=\"pattern-\(number)\" data-cause=\"\(key.rule.cause.rawValue)\""
      + " data-component=\"\(escaped(key.rule.component ?? ""))\""
      + " data-rule=\"\(key.rule.rule.map(String.init) ?? "")\" data-count=\"\(pattern.row.rejects)\""
      + (pattern.row.examples.first.map {
        " data-file=\"\(escaped(files[safe: $0.file] ?? "-"))\" data-line=\"\($0.line)\""
      } ?? "") + ">\n"
    out +=
      "<h3>\(number). \(causeLabel(key.rule.cause)) <code>\(escaped(ruleText(key.rule, language: language)))</code>"
      + " · <code>\(escaped(key.interfaceId))</code> \(key.direction?.rawValue ?? "?") "
      + "\(key.role?.rawValue ?? "?") · \(escaped(DiagnosisRenderer.serviceText(key.service, in: language)))"
      + " · "
      + say(
        pattern.row.rejects == 1 ? .htmlRejectsCountOne : .htmlRejectsCountMany,
        ["count": grouped(pattern.row.rejects)]) + "</h3>\n"
    if !pattern.alike.isEmpty {
      let alike = pattern.alike.map { "#\($0 + 1)" }
      out +=
        "<p class=\"note\">"
        + say(
          scanner(of: pattern.row, clientRejects) == nil
            ? .htmlAlikeOtherENIs : .htmlAlikeOtherPorts,
          ["rank": "\(pattern.rank + 1)", "list": alike.joined(separator: say(.listComma))])
        + "</p>\n"
    }
    if let diagnosis = pattern.diagnosis {
      let confidence = say(
        .htmlConfidence,
        [
          "confidence": DiagnosisRenderer.confidenceWord(diagnosis.confidence).text(in: language),
          "code": diagnosis.code.map { say(.listComma) + $0.rawValue } ?? "",
        ])
      out +=
        "<p><strong>\(say(.htmlWhy))</strong> \(escaped(diagnosis.note.text(in: language))) "
        + "<span class=\"confidence\">\(escaped(confidence))</span></p>\n"
      out +=
        "<p><strong>\(say(.htmlFix))</strong> "
        + escaped(fix(pattern, diagnosis, clientRejects, language: language)) + "</p>\n"
    }
    if let diagram = pattern.diagram {
      out +=
        "<figure class=\"diagram\">\n\(diagram.svg(id: "path-\(number)", standalone: false))"
        + "<figcaption><details><summary>\(say(.htmlPathInWords))</summary>"
        + "\(escaped(diagram.description))</details></figcaption>\n</figure>\n"
    }
    if !pattern.lines.isEmpty {
      out += "<pre class=\"lines\" aria-label=\"\(say(.htmlLinesLabel))\">"
      let labels = pattern.lines.map {
        Self.lineLabel($0.place, $0.related, language: language)
      }
      let width = labels.map(\.displayWidth).max() ?? 0
      for (line, label) in zip(pattern.lines, labels) {
        let padding = String(
          repeating: " ", count: max(1, width - label.displayWidth + 1))
        let text = line.text ?? say(.htmlNotQuoted)
        let emphasis = line.related == nil
        out +=
          (emphasis ? "<strong>" : "") + escaped(label) + padding + escaped(text)
          + (emphasis ? "</strong>" : "") + "\n"
      }
      out += "</pre>\n"
    }
    return out + "</article>\n"
  }

  /// `flows.log:4 (this REJECT)`, `flows.log:3 (reverse, ACCEPT)`: a quoted line's label.
  static func lineLabel(_ place: String, _ related: RelatedRecord?, language: Language) -> String {
    let words =
      related.map {
        DiagnosisRenderer.relationWord($0.relation).text(in: language)
          + Message.listComma.text(in: language) + $0.action.rawValue
      } ?? Message.mdThisReject.text(in: language)
    return place + Message.noteInParentheses.text(in: language, ["note": words])
  }

  /// The fix of a drawn pattern's first REJECT, as `--output md` words it: none offered for a
  /// request from a client rejected across many other services (a scan or probe), and a
  /// reminder that whether the traffic should pass is the reader's call.
  static func fix(
    _ pattern: DrawnPattern, _ diagnosis: Diagnosis, _ clientRejects: [IPAddress: Int],
    language: Language = .en
  ) -> String {
    guard let fix = diagnosis.fixNote?.text(in: language) else {
      return Message.mdNoFixNamed.text(in: language)
    }
    if let client = scanner(of: pattern.row, clientRejects) {
      return Message.mdNoFixScan.text(
        in: language,
        [
          "client": "\(client)", "count": grouped(clientRejects[client] ?? 0),
          "service": DiagnosisRenderer.serviceText(pattern.row.key.service, in: language),
        ])
    }
    // A reply of an accepted request should pass; a request may be refused on purpose.
    guard diagnosis.cause == .networkACL || diagnosis.cause == .securityGroup,
      pattern.row.key.role == .request
    else { return fix }
    return fix + Message.htmlOnlyIfShouldPass.text(in: language)
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

  static func rankings(_ summary: RejectSummary, files: [String], language: Language = .en)
    -> String
  {
    guard summary.rejects > 0 else { return "" }
    func say(_ message: Message) -> String { message.text(in: language) }
    var out =
      "<section id=\"rankings\">\n<h2>\(say(.htmlRankings))</h2>\n<div class=\"grid\">\n"
    out += ranking(
      summary.rules, id: "rules", caption: say(.htmlRules), heading: say(.htmlCauseComponentRule),
      language: language
    ) { key in
      "\(causeLabel(key.cause)) <code>\(escaped(key.component == nil ? "" : ruleText(key, language: language)))</code>"
    }
    out += ranking(
      summary.interfaces, id: "interfaces", caption: say(.htmlENIs), heading: "ENI",
      language: language
    ) {
      "<code>\(escaped($0))</code>"
    }
    out += ranking(
      summary.services, id: "services", caption: say(.htmlServices),
      heading: say(.htmlProtocolAndPort), language: language
    ) {
      escaped(DiagnosisRenderer.serviceText($0, in: language))
    }
    out += ranking(
      summary.clients, id: "clients", caption: say(.htmlClients), heading: say(.htmlAddress),
      language: language
    ) {
      "<code>\(escaped($0.description))</code>"
    }
    return out + "</div>\n</section>\n"
  }

  static func ranking<Key>(
    _ table: RejectSummary.Table<Key>, id: String, caption: String, heading: String,
    language: Language = .en, _ name: (Key) -> String
  ) -> String {
    var out =
      "<table class=\"sortable ranking\" id=\"top-\(id)\" data-keys=\"\(table.count)\" "
      + "data-other=\"\(table.other)\">\n<caption>\(caption)</caption>\n<thead><tr>"
      + "<th scope=\"col\">\(heading)</th><th scope=\"col\" class=\"n\">"
      + "\(Message.htmlRejects.text(in: language))</th></tr></thead>\n"
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
