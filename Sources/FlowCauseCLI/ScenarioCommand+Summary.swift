/// `scenario list`'s line for a scenario: the first sentence of its README as plain text.
extension ScenarioCommand {
  /// The first sentence of the first paragraph of `markdown` that is not a heading, without its
  /// Markdown: a leading bold label (`**What happened.**`) is dropped, emphasis and code marks
  /// are removed, a link keeps its text, and the lines of the paragraph are joined. The sentence
  /// ends at `.`, `!` or `?` before white space and a capital letter (not after `e.g.` or
  /// `i.e.`, and not inside an address such as 10.0.1.5), or at the end of the paragraph; a
  /// paragraph that ends with `:` (a list follows) ends with `.` instead. Nothing is cut short.
  static func firstSentence(ofMarkdown markdown: String) -> String {
    var lines: [Substring] = []
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.drop { $0 == " " }
      if trimmed.isEmpty || trimmed.hasPrefix("#") {
        if !lines.isEmpty { break }
        continue
      }
      lines.append(trimmed)
    }
    var text = plainText(lines.joined(separator: " "))
    // The bold label some READMEs start with ("What happened.") says nothing of the scenario.
    if let label = labelLength(lines.joined(separator: " ")) {
      text = String(text.dropFirst(label))
    }
    text = text.trimmingSpaces()
    let characters = Array(text)
    for index in characters.indices where ".!?".contains(characters[index]) {
      let next = index + 1
      guard next < characters.count, characters[next] == " " else { continue }
      guard next + 1 < characters.count, characters[next + 1].isUppercase else { continue }
      let before = String(characters[max(0, index - 3)..<index]).lowercased()
      if before.hasSuffix("e.g") || before.hasSuffix("i.e") { continue }
      return String(characters[...index])
    }
    if text.hasSuffix(":") { return text.dropLast() + "." }
    return text
  }

  /// The length, in plain text, of a bold label that opens a paragraph (`**What happened.** `).
  private static func labelLength(_ paragraph: String) -> Int? {
    guard paragraph.hasPrefix("**"), let end = paragraph.dropFirst(2).range(of: "**") else {
      return nil
    }
    return paragraph[paragraph.index(paragraph.startIndex, offsetBy: 2)..<end.lowerBound].count
  }

  /// `text` without Markdown's emphasis and code marks (a code span's text kept as it is),
  /// links as their text.
  private static func plainText(_ text: String) -> String {
    var out = ""
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      switch character {
      case "`":
        // A code span keeps what it holds (`describe-*`), without its marks.
        let start = text.index(after: index)
        guard let close = text[start...].firstIndex(of: "`") else { break }
        out += text[start..<close]
        index = text.index(after: close)
        continue
      case "*":
        break
      case "_" where isEmphasis(text, index):
        break
      case "[":
        // [text](url) → text
        if let close = text[index...].firstIndex(of: "]"),
          text.index(after: close) < text.endIndex, text[text.index(after: close)] == "(",
          let end = text[close...].firstIndex(of: ")")
        {
          out += text[text.index(after: index)..<close]
          index = text.index(after: end)
          continue
        }
        out.append(character)
      default:
        out.append(character)
      }
      index = text.index(after: index)
    }
    return out
  }

  /// Whether the `_` at `index` marks emphasis; one inside a word (`describe_flow_logs`) does
  /// not.
  private static func isEmphasis(_ text: String, _ index: String.Index) -> Bool {
    let before = index > text.startIndex ? text[text.index(before: index)] : " "
    let after = text.index(after: index) < text.endIndex ? text[text.index(after: index)] : " "
    return !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber)
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
