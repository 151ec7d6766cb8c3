import Analysis

extension AccuracyReport {
  /// The report as `flowcause-bench accuracy` prints it: the conversations of each traffic
  /// kind; per mode, a table by true cause and one by traffic kind, how the undetermined controls came about, up to five examples (the
  /// worst first), then the goals' check line.
  public func rendered(firstSeed: UInt64, seconds: Double) -> String {
    let lastSeed = firstSeed + UInt64(max(seeds, 1)) - 1
    let rejects = modes.values.first?.total.lines ?? 0
    var text =
      "accuracy: seeds \(firstSeed)-\(lastSeed), \(conversations) conversations, \(records) records, "
      + "\(rejects) REJECTs in each mode (\(Self.fixed(seconds, 1)) s)\n"
    text += "\n" + Self.pad("conversations by kind", 28, left: true) + "  conversations  share %\n"
    for kind in TrafficKind.allCases {
      let count = conversationsByKind[kind, default: 0]
      let share = conversations == 0 ? 0 : 100 * Double(count) / Double(conversations)
      text +=
        "  " + Self.pad(kind.rawValue, 26, left: true) + Self.pad(String(count), 15)
        + Self.pad(Self.fixed(share, 1), 9) + "\n"
    }
    for mode in modes.keys.sorted() {
      guard let results = modes[mode] else { continue }
      text += "\n\(mode)\n"
      text += Self.header("true cause")
      for cause in Cause.allCases {
        guard let row = results.byCause[cause] else { continue }
        text += Self.line(cause.rawValue, row)
      }
      text += Self.line("total", results.total)
      text += Self.header("traffic kind")
      for kind in TrafficKind.allCases {
        guard let row = results.byKind[kind] else { continue }
        text += Self.line(kind.rawValue, row)
      }
      if results.controlLines > 0 {
        text +=
          "  undetermined on \(Self.percent(results.undeterminedControlShare)) % of "
          + "security-group, network-acl and routing REJECTs "
          + "(\(results.undeterminedControlCount) of \(results.controlLines))\n"
        let ranked = results.undeterminedControls.sorted {
          ($1.value.count, $0.key) < ($0.value.count, $1.key)
        }
        for (name, found) in ranked.prefix(3) { text += "    \(found.count)  \(name)\n" }
      }
      for example in results.worstExamples { text += "  e.g. \(example)\n" }
    }
    let classes = failureClasses.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
    if !classes.isEmpty {
      text += "\nfailure classes (REJECTs, class, first example):\n"
      for (name, found) in classes {
        text += "  \(Self.pad(String(found.count), 6))  \(name)\n          \(found.example)\n"
      }
    }
    let failures = goalFailures
    text +=
      failures.isEmpty
      ? "\ncheck: ok\n" : "\ncheck: FAILED: \(failures.joined(separator: "; "))\n"
    return text
  }

  static let columns = ["lines", "agree %", "undetermined %", "wrong", "wrong high", "miss truth"]

  static func header(_ title: String) -> String {
    "  " + pad(title, 26, left: true)
      + columns.map { pad($0, max($0.count, 7)) }.joined(separator: "  ") + "\n"
  }

  static func line(_ name: String, _ row: Row) -> String {
    func share(_ count: Int) -> String {
      row.lines == 0 ? "-" : fixed(100 * Double(count) / Double(row.lines), 1)
    }
    let values = [
      String(row.lines), share(row.agrees), share(row.undetermined), String(row.wrong),
      String(row.wrongAtHigh), String(row.missesTruth),
    ]
    let cells = zip(columns, values).map { pad($1, max($0.count, 7)) }
    return "  " + pad(name, 26, left: true) + cells.joined(separator: "  ") + "\n"
  }

  static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + padding : padding + text
  }

  /// `value` with `digits` decimals (no Foundation).
  static func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((value * Double(scale)).rounded())
    let fraction = String(scaled % scale)
    let padded = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
    return digits == 0 ? String(scaled) : "\(scaled / scale).\(padded)"
  }
}
