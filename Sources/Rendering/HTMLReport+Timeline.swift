import Analysis
import Messages

/// The timeline: REJECTs a bucket of the summary's timeline (a minute, or an hour for inputs
/// over two hours), stacked by cause, as SVG bars; at most ``maximumBars`` bars, consecutive
/// buckets joined when there are more; the counts as a table beneath for who cannot see it.
extension HTMLReport {
  static let maximumBars = 240

  static func timeline(
    _ timeline: RejectSummary.Timeline, localOffset: Int, language: Language = .en
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    var out = "<section id=\"timeline\">\n<h2>\(say(.htmlTimelineHeading))</h2>\n"
    let rows = timeline.rows
    guard let first = rows.first?.start, let last = rows.last?.start else {
      return out + "<p>\(say(.htmlNoRejectWithTime))</p>\n</section>\n"
    }
    // Bars of whole buckets, from the first bucket to the last. Offsets from the first are
    // unsigned: any two Int64 times are at most 2^64 - 1 apart (a record may say any time).
    func offset(_ start: Int64) -> UInt64 { UInt64(bitPattern: start &- first) }
    let seconds = UInt64(max(timeline.seconds, 1))
    let buckets = offset(last) / seconds + 1
    let perBar = max(1, (buckets + UInt64(maximumBars) - 1) / UInt64(maximumBars))
    let (product, overflow) = perBar.multipliedReportingOverflow(by: seconds)
    let barSeconds = overflow ? UInt64.max : product
    let barCount = Int(offset(last) / barSeconds) + 1
    var bars = Array(repeating: CauseCounts(), count: barCount)
    for row in rows { bars[min(Int(offset(row.start) / barSeconds), barCount - 1)] += row.causes }
    /// The start of bar `index`, `nil` past the times Int64 holds.
    func barStart(_ index: Int) -> Int64? {
      let (step, over) = UInt64(index).multipliedReportingOverflow(by: barSeconds)
      guard !over, step <= UInt64(Int64.max) else { return nil }
      let (start, past) = first.addingReportingOverflow(Int64(step))
      return past ? nil : start
    }
    let highest = max(1, bars.map(\.total).max() ?? 1)
    let causes = Cause.allCases.filter { cause in rows.contains { $0.causes[cause] > 0 } }

    let left = 56
    let top = 12
    let plotHeight = 180
    // 880 pixels, narrower for a few bars (36 pixels a bar at most).
    let plotWidth = min(880, max(240, barCount * 36))
    let barWidth = Double(plotWidth) / Double(barCount)
    let width = left + plotWidth + 12
    let height = top + plotHeight + 46
    let unitMessage: Message =
      switch timeline.seconds {
      case 60: .unitMinute
      case 3_600: .unitHour
      default: .unitDay
      }
    let unit =
      perBar == 1
      ? say(unitMessage) : say(.unitMinutes, ["count": grouped(Int(clamping: barSeconds / 60))])
    out +=
      "<p>"
      + say(
        .htmlTimelineIntro,
        [
          "unit": unit, "offset": offsetText(localOffset),
          "viewer": "<span id=\"viewer-offset\"></span>",
        ]) + "</p>\n"
    out += "<figure class=\"timeline\">\n"
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" "
      + "width=\"\(width)\" height=\"\(height)\" aria-labelledby=\"timeline-title\" "
      + "font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
    out +=
      "<title id=\"timeline-title\">"
      + say(
        .htmlTimelineTitle,
        [
          "unit": unit, "from": time(first), "to": time(barStart(barCount)),
          "highest": grouped(highest),
        ]) + "</title>\n"
    out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
    // The value axis: 0, half and the highest.
    for fraction in highest >= 4 ? [0, 0.5, 1.0] : [0, 1.0] {
      let y = Double(top) + Double(plotHeight) * (1 - fraction)
      let value = Int((Double(highest) * fraction).rounded())
      out +=
        "<line x1=\"\(left)\" y1=\"\(format(y))\" x2=\"\(left + plotWidth)\" y2=\"\(format(y))\" "
        + "stroke=\"#d0d7de\" stroke-width=\"1\"/>\n"
        + "<text x=\"\(left - 6)\" y=\"\(format(y + 4))\" font-size=\"11\" text-anchor=\"end\" "
        + "fill=\"#57606a\">\(value)</text>\n"
    }
    for (index, bar) in bars.enumerated() where bar.total > 0 {
      let x = Double(left) + Double(index) * barWidth
      var y = Double(top + plotHeight)
      let start = barStart(index)
      out +=
        "<g class=\"bar\" data-start=\"\(start.map(String.init) ?? "")\" "
        + "data-count=\"\(bar.total)\">"
      let counts = bar.ranked.filter { $0.count > 0 }.map { "\($0.cause.rawValue) \($0.count)" }
      out +=
        "<title>"
        + say(
          .htmlBarTitle,
          [
            "time": time(start),
            "rejects": say(
              bar.total == 1 ? .htmlRejectsCountOne : .htmlRejectsCountMany,
              ["count": grouped(bar.total)]),
            "causes": counts.joined(separator: say(.listComma)),
          ]) + "</title>"
      for cause in causes where bar[cause] > 0 {
        let barHeight = Double(plotHeight) * Double(bar[cause]) / Double(highest)
        y -= barHeight
        out +=
          "<rect x=\"\(format(x + barWidth * 0.1))\" y=\"\(format(y))\" "
          + "width=\"\(format(max(barWidth * 0.8, 0.8)))\" height=\"\(format(barHeight))\" "
          + "fill=\"\(colour(cause))\"/>"
      }
      out += "</g>\n"
    }
    // The time axis: about six labels.
    let step = max(1, barCount / 6, Int((70 / barWidth).rounded(.up)))
    for index in stride(from: 0, to: barCount, by: step) {
      let x = Double(left) + Double(index) * barWidth
      let start = barStart(index)
      out +=
        "<line x1=\"\(format(x))\" y1=\"\(top + plotHeight)\" x2=\"\(format(x))\" "
        + "y2=\"\(top + plotHeight + 5)\" stroke=\"#57606a\"/>"
        + "<text x=\"\(format(x))\" y=\"\(top + plotHeight + 18)\" font-size=\"11\" "
        + "fill=\"#57606a\">\(axisTime(start, span: offset(last)))</text>\n"
    }
    // The legend: each cause's colour and name.
    var legendX = Double(left)
    for cause in causes {
      out +=
        "<rect x=\"\(format(legendX))\" y=\"\(top + plotHeight + 28)\" width=\"10\" height=\"10\" "
        + "fill=\"\(colour(cause))\"/><text x=\"\(format(legendX + 14))\" "
        + "y=\"\(top + plotHeight + 37)\" font-size=\"11\" fill=\"#24292f\">"
        + "\(cause.rawValue)</text>\n"
      legendX += 24 + Double(cause.rawValue.count) * 6.5
    }
    out += "</svg>\n"
    // The same counts in a table, folded.
    out += "<figcaption><details><summary>\(say(.htmlCountsAsTable))</summary>\n"
    out += "<table class=\"timeline-table\"><thead><tr><th scope=\"col\">\(say(.htmlStartUTC))</th>"
    out += "<th scope=\"col\" class=\"n\">\(say(.htmlRejects))</th>"
    for cause in causes { out += "<th scope=\"col\" class=\"n\">\(cause.rawValue)</th>" }
    out += "</tr></thead>\n<tbody>\n"
    for (index, bar) in bars.enumerated() where bar.total > 0 {
      out +=
        "<tr><td>\(time(barStart(index)))</td><td class=\"n\">\(grouped(bar.total))</td>"
      for cause in causes { out += "<td class=\"n\">\(grouped(bar[cause]))</td>" }
      out += "</tr>\n"
    }
    out += "</tbody></table></details></figcaption>\n</figure>\n"
    if timeline.withoutStart > 0 {
      out +=
        "<p class=\"note\">" + say(.htmlWithoutStart, ["count": grouped(timeline.withoutStart)])
        + "</p>\n"
    }
    return out + "</section>\n"
  }

  /// `+09:00`, `-03:30`, `+00:00`.
  package static func offsetText(_ seconds: Int) -> String {
    let minutes = abs(seconds) / 60
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return (seconds < 0 ? "-" : "+") + two(minutes / 60) + ":" + two(minutes % 60)
  }

  /// `13:05` within a day, `11-22 13:05` over more.
  static func axisTime(_ seconds: Int64?, span: UInt64) -> String {
    guard let iso = seconds.flatMap(SummaryRenderer.isoTime) else { return "?" }
    let characters = Array(iso)
    let clock = String(characters[11..<16])
    return span < 86_400 ? clock : String(characters[5..<10]) + " " + clock
  }

  /// A coordinate with at most two decimals.
  static func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }
}
