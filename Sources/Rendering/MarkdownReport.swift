import Analysis
import Messages
import NetworkPrimitives

/// `--output md`: a short report to paste into a ticket or a channel. `diagnose`'s is a line of
/// totals, a table of the top patterns (the ``RejectSummary``'s, as the text output has them)
/// and the fixes of the first few; `explain`'s is in `MarkdownReport+Explain`. What must stay
/// aligned (the table, raw records, paths) goes in fenced blocks, which GitHub and Slack both
/// show as they are (Slack renders no pipe tables).
package enum MarkdownReport {
  /// Patterns in the table.
  package static let tablePatterns = 10
  /// Patterns whose fix is given.
  package static let fixedPatterns = 3
  /// A client with at least this many REJECTs, and this many times its pattern's, is probing
  /// many services (a scan): its request gets no fix.
  static let scanRejects = 10
  static let scanRatio = 5

  /// `diagnose --output md`. The arguments are those of the text output.
  package static func diagnose(
    _ summary: RejectSummary, files: [String], topology: TopologyCoverage?,
    withoutAction: Int = 0,
    filter: (criteria: String, filteredOut: Int, leftOut: RejectSummary.TimeSpan)? = nil,
    badLines: Int = 0, language: Language = .en
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    guard summary.rejects > 0 else {
      // The text output's sentences, in bold.
      let text = DiagnosisRenderer.text(
        summary, files: files, topology: topology, withoutAction: withoutAction, filter: filter,
        badLines: badLines, language: language)
      return text.split(separator: "\n").map { "**\($0)**\n" }.joined(separator: "\n")
    }
    let patterns = summary.patterns.top(tablePatterns)
    let count = summary.patterns.count
    var out =
      "**"
      + say(
        count == 1 ? .mdTotalsOne : .mdTotalsMany,
        [
          "records": DiagnosisRenderer.rejectRecords(summary.rejects, in: language),
          "count": "\(count)",
        ])
    out += summary.patterns.other > 0 ? say(.mdAndMore) : ""
    switch topology {
    case nil: out += say(.headlineNoneInTopology) + "**"
    case let coverage? where coverage.isComplete: out += say(.headlineEvaluated) + "**"
    case let coverage? where coverage.inTopology == 0: out += say(.headlineNoneInTopology) + "**"
    case let coverage?:
      out += say(.headlineSomeEvaluated, ["count": "\(coverage.inTopology)"]) + "**"
    }
    let causes = summary.causes.ranked.map { "\($0.count) \($0.cause.rawValue)" }
    out += say(.mdCauses, ["causes": causes.joined(separator: say(.listComma))]) + "\n"
    if badLines > 0 {
      let sentence = say(badLines == 1 ? .mdUnreadOne : .mdUnreadMany, ["count": "\(badLines)"])
      out += "\n> **" + sentence + "**\n"
    }
    if let coverage = topology, !coverage.isComplete {
      let warning = coverage.headline(in: language).split(separator: "\n").dropFirst().joined()
      let label = say(.warningLabel)
      out += "\n> " + warning.replacing(label, with: "**\(label)**") + "\n"
    }
    if let filter {
      out +=
        "\n"
        + say(
          .onlyMatching,
          [
            "criteria": Self.code(filter.criteria),
            "records": DiagnosisRenderer.rejectRecords(
              filter.filteredOut, other: true, in: language),
          ]) + "\n"
    }
    // An aligned table in a fenced block: GitHub and Slack show it as it is (Slack renders no
    // pipe tables). Kept narrow (Slack wraps long lines): the examples are in the fixes below.
    var rows = [
      [
        "#", say(.mdColumnRejects), say(.mdColumnCause), say(.mdColumnComponent), "ENI",
        say(.mdColumnDirection), say(.mdColumnService), say(.mdColumnTime),
      ]
    ]
    for (index, row) in patterns.enumerated() {
      let key = row.key
      let code = summary.firstRejects[key]?.code.map { " (\($0.rawValue))" } ?? ""
      rows.append([
        "\(index + 1)", "\(row.rejects)", key.rule.cause.rawValue + code,
        key.rule.component == nil ? "-" : DiagnosisRenderer.ruleText(key.rule, in: language),
        key.interfaceId, "\(key.direction?.rawValue ?? "?") \(key.role?.rawValue ?? "?")",
        DiagnosisRenderer.serviceText(key.service, in: language),
        Self.timeSpan(row.span),
      ])
    }
    out += "\n" + fenced(aligned(rows, rightAligned: [0, 1]))
    let unlisted = summary.patterns.count - patterns.count
    if unlisted > 0 || summary.patterns.other > 0 {
      let rejects = summary.rejects - patterns.map(\.rejects).reduce(0, +)
      out +=
        "\n"
        + say(
          .mdMoreRecords,
          [
            "records": say(
              rejects == 1 ? .moreRejectRecordsOne : .moreRejectRecordsMany,
              ["count": "\(rejects)"])
          ])
        + "\n"
    }
    // Each client's REJECTs, for telling a scan from a client that needs a rule.
    var clientRejects: [IPAddress: Int] = [:]
    for row in summary.clients.rows { clientRejects[row.key] = row.rejects }
    let fixed = patterns.prefix(fixedPatterns).enumerated().compactMap {
      index, row -> String? in
      guard let words = summary.firstRejects[row.key], let example = row.examples.first else {
        return nil
      }
      var item =
        "\(index + 1). \(Self.code(DiagnosisRenderer.location(example, files: files))): "
        + words.note.text(in: language)
      if !words.candidates.isEmpty {
        item += say(
          .mdCandidates,
          ["list": words.candidates.map(\.rawValue).joined(separator: say(.listComma))])
      }
      // A request from a client that is rejected across many other services is probing: no
      // rule to let it through is offered for it.
      let client = row.key.role == .response ? example.destination : example.source
      if words.fix != nil, row.key.role == .request,
        let probing = clientRejects[client], probing >= scanRejects,
        probing >= scanRatio * row.rejects
      {
        item +=
          "\n   - "
          + say(
            .mdNoFixScan,
            [
              "client": "\(client)", "count": "\(probing)",
              "service": DiagnosisRenderer.serviceText(row.key.service, in: language),
            ]) + "\n"
        return item
      }
      item +=
        "\n   - "
        + say(.mdFix, ["fix": words.fixNote?.text(in: language) ?? say(.mdNoFixNamed)]) + "\n"
      // The fix names the first REJECT's client: say so when the pattern has others.
      let clients = row.examples.map { row.key.role == .response ? $0.destination : $0.source }
      var distinct: [IPAddress] = []
      for client in clients where !distinct.contains(client) { distinct.append(client) }
      if words.fix != nil, distinct.count > 1 {
        let listed =
          distinct.map(\.description).joined(separator: ", ")
          + (row.rejects > distinct.count ? ", …" : "")
        item += "   - " + say(.mdManyClients, ["clients": listed]) + "\n"
      }
      return item
    }
    if !fixed.isEmpty {
      out +=
        "\n"
        + (fixed.count == 1
          ? say(.mdToLetThroughOne) : say(.mdToLetThroughMany, ["count": "\(fixed.count)"]))
        + "\n\n"
      out += fixed.joined()
    }
    return out
  }

  /// The rows as lines of columns two spaces apart, each as wide as its widest cell (line ends
  /// in a cell made spaces); the columns in `rightAligned` padded on the left.
  static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
    let rows = rows.map { $0.map { $0.replacing("\n", with: " ") } }
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { column in
      rows.map { $0.indices.contains(column) ? $0[column].displayWidth : 0 }.max() ?? 0
    }
    return rows.map { row in
      row.enumerated().map { column, cell in
        let pad = String(repeating: " ", count: widths[column] - cell.displayWidth)
        if rightAligned.contains(column) { return pad + cell }
        return column == row.count - 1 ? cell : cell + pad
      }.joined(separator: "  ")
    }
  }

  /// A code span: fenced with one more backtick than the longest run inside, padded with a
  /// space where the text starts or ends with one.
  static func code(_ text: String) -> String {
    let fence = String(repeating: "`", count: longestRun(of: "`", in: text) + 1)
    let padded = text.hasPrefix("`") || text.hasSuffix("`") ? " \(text) " : text
    return fence + padded + fence
  }

  /// A fenced block of `lines`: a fence longer than any run of backticks in them.
  /// `2026-11-22 12:27:12–12:27:35`; over days, to the minute and the second day without its
  /// year when it is the same (`2026-11-22 12:27 – 11-25 09:03`); `-` without a time.
  static func timeSpan(_ span: RejectSummary.TimeSpan) -> String {
    guard let first = span.first.flatMap(SummaryRenderer.isoTime),
      let last = span.last.flatMap(SummaryRenderer.isoTime)
    else { return "-" }
    func spaced(_ time: String) -> String {
      time.replacing("T", with: " ").replacing("Z", with: "")
    }
    if first == last { return spaced(first) }
    if first.prefix(10) == last.prefix(10) {
      return spaced(first) + "–" + spaced(String(last.dropFirst(11)))
    }
    let (from, to) = (spaced(first).dropLast(3), spaced(last).dropLast(3))
    return from + " – " + (first.prefix(4) == last.prefix(4) ? to.dropFirst(5) : to)
  }

  /// A fenced block without an info string (Slack would show one as a line of the block).
  static func fenced(_ lines: [String], info: String = "") -> String {
    let longest = lines.map { longestRun(of: "`", in: $0) }.max() ?? 0
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return fence + info + "\n" + lines.map { $0 + "\n" }.joined() + fence + "\n"
  }

  private static func longestRun(of character: Character, in text: String) -> Int {
    var longest = 0
    var run = 0
    for each in text {
      run = each == character ? run + 1 : 0
      longest = max(longest, run)
    }
    return longest
  }
}

extension String {
  /// The string without `suffix` at its end, if it ends so.
  fileprivate func trimmingSuffix(_ suffix: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
  }
}
