import Analysis
import Messages
import NetworkPrimitives

/// `diagnose`'s text output, for a person in an incident: the counts, then the REJECTs grouped
/// by pattern, rendered from the ``RejectSummary`` that `--output summary` writes as JSON (made
/// with `keepsWords`, for each pattern's first REJECT in words).
extension DiagnosisRenderer {
  /// Patterns the text lists, the most REJECTs first.
  package static let listedPatterns = 25

  /// The text output. `topology`: how many REJECTs were evaluated against the topology given
  /// (`nil`: none given). `withoutAction`: records read with a format without `action`, which
  /// cannot be told REJECT or not; with no REJECT found, the output says so instead of that
  /// there is none.
  package static func text(
    _ summary: RejectSummary, files: [String], topology: TopologyCoverage?,
    withoutAction: Int = 0,
    filter: (criteria: String, filteredOut: Int, leftOut: RejectSummary.TimeSpan)? = nil,
    badLines: Int = 0, language: Language = .en
  )
    -> String
  {
    // Lines that could not be read may hold REJECTs: said first, never "No REJECT records" alone.
    let unread =
      badLines == 0
      ? ""
      : (badLines == 1 ? Message.unreadLinesOne : .unreadLinesMany).text(
        in: language, ["count": "\(badLines)"]) + "\n"
    return unread
      + text(
        summary, files: files, topology: topology, withoutAction: withoutAction,
        filter: filter, language: language)
  }

  /// `1 REJECT record`, `3 REJECT records`.
  package static func rejectRecords(_ count: Int, other: Bool = false, in language: Language)
    -> String
  {
    let message: Message =
      other
      ? (count == 1 ? .otherRejectRecordsOne : .otherRejectRecordsMany)
      : (count == 1 ? .rejectRecordsOne : .rejectRecordsMany)
    return message.text(in: language, ["count": "\(count)"])
  }

  private static func text(
    _ summary: RejectSummary, files: [String], topology: TopologyCoverage?,
    withoutAction: Int,
    filter: (criteria: String, filteredOut: Int, leftOut: RejectSummary.TimeSpan)?,
    language: Language
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    if let filter, summary.rejects == 0 {
      // When and where the ones left out are, to check the criteria against.
      let span =
        spanText(filter.leftOut, in: language).map { say(.fromSpan, ["span": $0]) } ?? ""
      return say(
        .noRejectMatches,
        [
          "criteria": filter.criteria,
          "records": rejectRecords(filter.filteredOut, in: language), "span": span,
        ]) + "\n"
    }
    guard summary.rejects > 0 else {
      guard withoutAction > 0 else { return say(.noRejects) + "\n" }
      return say(
        withoutAction == 1 ? .noRejectsWithoutActionOne : .noRejectsWithoutActionMany,
        ["count": "\(withoutAction)"]) + "\n"
    }
    var out = rejectRecords(summary.rejects, in: language)
    out += topology?.headline(in: language) ?? say(.headlineLogsOnly) + "\n"
    if let filter {
      out +=
        say(
          .onlyMatching,
          [
            "criteria": filter.criteria,
            "records": rejectRecords(filter.filteredOut, other: true, in: language),
          ]) + "\n"
    }
    out += "\n" + say(.headingByCause) + "\n"
    out += summary.causes.ranked.map { line($0.count, $0.cause.rawValue) }.joined()
    // The implicit entries of IPv4 and IPv6 (32767, 32768) are both `rule *`: one line.
    var components: [(name: String, rejects: Int)] = []
    for row in summary.rules.rows where row.key.component != nil {
      let name = ruleText(row.key, in: language)
      if let place = components.firstIndex(where: { $0.name == name }) {
        components[place].rejects += row.rejects
      } else {
        components.append((name, row.rejects))
      }
    }
    if !components.isEmpty {
      out += "\n" + say(.headingByComponent) + "\n"
      out += components.enumerated().sorted {
        ($1.element.rejects, $0.offset) < ($0.element.rejects, $1.offset)
      }.prefix(10).map { line($0.element.rejects, $0.element.name) }.joined()
    }
    out += "\n" + say(.headingServices) + "\n"
    out += ranking(summary.services, limit: 5, language: language) {
      serviceText($0, in: language)
    }
    out += "\n" + say(.headingClients) + "\n"
    out += ranking(summary.clients, limit: 5, language: language) { $0.description }
    out += "\n" + say(.headingPatterns) + "\n"
    let patterns = summary.patterns.top(listedPatterns)
    for row in patterns {
      out +=
        "\n"
        + line(
          row.rejects,
          patternText(row.key, words: summary.firstRejects[row.key], language: language))
      let indent = String(repeating: " ", count: 10)
      out += indent + (spanText(row.span, in: language) ?? say(.noTime))
      if row.missedAtMost > 0 {
        out += say(
          row.missedAtMost == 1 ? .missedEarlierOne : .missedEarlierMany,
          ["count": "\(row.missedAtMost)"])
      }
      out += "\n"
      if let example = row.examples.first {
        out +=
          indent
          + say(
            .exampleRecord,
            ["place": location(example, files: files), "ends": endsText(example)])
        if let words = summary.firstRejects[row.key] {
          out +=
            say(
              .exampleConfidence,
              ["confidence": confidenceWord(words.confidence).text(in: language)]) + "\n"
          out += indent + words.note.text(in: language) + "\n"
          if !words.candidates.isEmpty {
            out +=
              indent
              + say(
                .candidatesList,
                [
                  "list": words.candidates.map(\.rawValue).joined(
                    separator: say(.listComma))
                ]) + "\n"
          }
        } else {
          out += "\n"
        }
      }
    }
    let unlisted = summary.patterns.count - patterns.count
    if unlisted > 0 {
      let rejects = summary.patterns.top(summary.patterns.count).dropFirst(patterns.count)
        .map(\.rejects).reduce(0, +)
      out +=
        "\n  "
        + say(
          .patternsNotListed,
          [
            "patterns": say(
              unlisted == 1 ? .morePatternsOne : .morePatternsMany, ["count": "\(unlisted)"]),
            "records": rejectRecords(rejects, in: language),
          ]) + "\n"
    }
    if summary.patterns.other > 0 {
      out +=
        "\n  "
        + say(
          .patternsDropped,
          [
            "records": rejectRecords(summary.patterns.other, in: language),
            "limit": "\(summary.patterns.limit)",
          ]) + "\n"
    }
    return out
  }

  /// One REJECT on one line, as `diagnose --follow` prints it once decided:
  /// `cloudwatch:G:12 2026-12-06T21:03:05Z eni-… 198.51.100.7:40000 -> 10.0.1.5:22 tcp,
  /// ingress request: network-acl acl-… rule * (high)`; the candidates of an `undetermined`.
  package static func liveLine(_ diagnosis: Diagnosis, files: [String]) -> String {
    let record = diagnosis.observation
    var text = "\(files[safe: record.file] ?? "-"):\(record.line)"
    if let start = record.start.flatMap(SummaryRenderer.isoTime) { text += " " + start }
    let example = RejectSummary.Example(record, cause: diagnosis.cause)
    text += " \(record.interfaceId) \(endsText(example)) "
    text += ProtocolNames.name(record.protocolNumber)
    text += ", \(diagnosis.direction?.rawValue ?? "?") \(diagnosis.role?.rawValue ?? "?"): "
    text += diagnosis.cause.rawValue
    if let component = diagnosis.component {
      let key = RejectSummary.RuleKey(
        cause: diagnosis.cause, component: component, rule: diagnosis.rule)
      text += " " + ruleText(key)
    }
    if diagnosis.component == nil, !diagnosis.candidates.isEmpty {
      text += " (candidates: " + diagnosis.candidates.map(\.rawValue).joined(separator: ", ") + ")"
    }
    return text + " (\(diagnosis.confidence.rawValue))\n"
  }

  /// The running summary of `diagnose --follow` on a terminal: the most frequent patterns so
  /// far, a line each.
  package static func topPatternLines(_ summary: RejectSummary, limit: Int) -> [String] {
    summary.patterns.top(limit).map {
      line($0.rejects, patternText($0.key, words: summary.firstRejects[$0.key]))
    }
  }

  /// `acl-… rule *`, `acl-… rule 90`, `sg-…`; the cause alone when no component is named.
  package static func ruleText(_ key: RejectSummary.RuleKey, in language: Language = .en)
    -> String
  {
    guard let component = key.component else { return key.cause.rawValue }
    guard let rule = key.rule else { return component }
    return component
      + Message.storyCauseRule.text(in: language, ["rule": rule >= 32767 ? "*" : String(rule)])
  }

  /// `tcp 443`, `icmp`, `tcp (no port)`.
  package static func serviceText(
    _ key: RejectSummary.ServiceKey, in language: Language = .en
  ) -> String {
    let name = Explanation.protocolName(key.protocolNumber).text(in: language)
    if let port = key.port {
      return [1, 58].contains(key.protocolNumber) ? name : "\(name) \(port)"
    }
    return Message.serviceNoPort.text(in: language, ["name": name])
  }

  /// `2026-11-22T12:27:11Z to 2026-11-22T12:27:19Z`, or one time when they are the same;
  /// `nil` without a time.
  package static func spanText(_ span: RejectSummary.TimeSpan, in language: Language = .en)
    -> String?
  {
    guard let first = span.first.flatMap(SummaryRenderer.isoTime),
      let last = span.last.flatMap(SummaryRenderer.isoTime)
    else { return nil }
    return first == last
      ? first : Message.timeSpan.text(in: language, ["first": first, "last": last])
  }

  /// `flows.log:12`.
  package static func location(_ example: RejectSummary.Example, files: [String]) -> String {
    "\(files[safe: example.file] ?? "-"):\(example.line)"
  }

  /// `10.0.1.5:50000 -> 10.0.2.9:443`, the addresses alone for a record without ports.
  package static func endsText(_ example: RejectSummary.Example) -> String {
    func end(_ address: IPAddress, _ port: UInt16?) -> String {
      port.map { endpoint(address, $0) } ?? address.description
    }
    return
      "\(end(example.source, example.sourcePort)) -> \(end(example.destination, example.destinationPort))"
  }

  /// `eni-… ingress request, tcp 22: network-acl acl-… rule * (SUBNET_ACL_RESTRICTION)`.
  static func patternText(
    _ key: RejectSummary.PatternKey, words: RejectSummary.FirstReject?,
    language: Language = .en
  )
    -> String
  {
    var text = "\(key.interfaceId) \(key.direction?.rawValue ?? "?") \(key.role?.rawValue ?? "?")"
    text += ", \(serviceText(key.service, in: language)): \(key.rule.cause.rawValue)"
    if key.rule.component != nil { text += " \(ruleText(key.rule, in: language))" }
    if let code = words?.code {
      text += Message.storyCauseCode.text(in: language, ["code": code.rawValue])
    }
    return text
  }

  private static func ranking<Key>(
    _ table: RejectSummary.Table<Key>, limit: Int, language: Language,
    _ name: (Key) -> String
  ) -> String {
    var text = table.top(limit).map { line($0.rejects, name($0.key)) }.joined()
    if table.other > 0 {
      text += line(
        table.other, Message.othersDropped.text(in: language, ["limit": "\(table.limit)"]))
    }
    return text
  }

  /// `       4  network-acl`.
  private static func line(_ count: Int, _ text: String) -> String {
    "  \(String(count).leftPadded(to: 6))  \(text)\n"
  }
}
