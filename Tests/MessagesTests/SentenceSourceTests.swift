import Foundation
import MarkdownTables
import Testing

/// No sentence a person reads is built outside the catalog: the string literals of the stages
/// that word explanations, stories, findings, reports and warnings hold no run of English words
/// (interpolations and HTML tags aside), but the few listed here, each with why it is no
/// sentence. A sentence added in code instead of `Catalog+English.swift` fails this test.
@Suite("Sentences come from the catalog")
struct SentenceSourceTests {
  /// The folders whose literals are checked.
  static let folders = [
    "Sources/Analysis/Trace", "Sources/Analysis/Diagnosis", "Sources/Analysis/Evaluation",
    "Sources/Analysis/Simulation", "Sources/Analysis/Lint", "Sources/Rendering",
  ]

  /// Files not checked, and why.
  static let skippedFiles: [String: String] = [
    // SQL, not words: the queries `flowcause sql` writes.
    "Sources/Rendering/SQL": "SQL"
  ]

  /// Literals with words that are no sentence a person reads.
  static let allowed: [String] = [
    // The sentinel `groupText` of an ENI without security groups, never shown.
    "no security group",
    // The component id of a NAT gateway's internet gateway the topology does not name (JSON).
    "internet gateway",
    // An internal check's message (a template that differs from the general writer).
    "a template differs from the general writer",
    // The script's sentence the page replaces with the catalog's (HTMLReport.script(_:)).
    "; your browser's local time is UTC",
    // A command, quoted.
    "flowcause diagnose --output summary",
    // The SVG's `data-lane` key, the same in every language.
    ", as logged",
    // lint's key for a scope of addresses, worded by `Linter.scopeWords`.
    "the internet",
  ]

  /// The text of the string literals of a line, interpolations and HTML tags taken out.
  static func literals(_ line: String) -> [String] {
    var out: [String] = []
    var characters = Array(line)[...]
    while let first = characters.first {
      characters = characters.dropFirst()
      if first == "/" && characters.first == "/" { break }
      guard first == "\"" else { continue }
      var text = ""
      while let next = characters.first, next != "\"" {
        characters = characters.dropFirst()
        if next == "\\", characters.first == "(" {
          var depth = 0
          while let inner = characters.first {
            characters = characters.dropFirst()
            if inner == "(" { depth += 1 }
            if inner == ")" {
              depth -= 1
              if depth == 0 { break }
            }
          }
          text += " "
        } else if next == "\\" {
          text.append(next)
          if let escaped = characters.first {
            text.append(escaped)
            characters = characters.dropFirst()
          }
        } else {
          text.append(next)
        }
      }
      characters = characters.dropFirst()
      // Markup aside: whole tags, a tag begun or ended in another literal, attributes.
      for pattern in [#"\\""#, "<[^>]*>", "<[^>]*$", "^[^<]*>", #"[a-z-]+=\S*"#] {
        text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
      }
      out.append(text.trimmingCharacters(in: .whitespaces))
    }
    return out
  }

  @Test("No string literal of the wording stages holds an English sentence")
  func noSentenceOutsideTheCatalog() throws {
    let root = MarkdownPage.packageRoot
    var found: [String] = []
    var checked = 0
    for folder in Self.folders {
      let url = root.appendingPathComponent(folder)
      guard let files = FileManager.default.enumerator(atPath: url.path) else { continue }
      for case let file as String in files where file.hasSuffix(".swift") {
        let path = "\(folder)/\(file)"
        guard !Self.skippedFiles.keys.contains(where: { path.hasPrefix($0) }) else { continue }
        checked += 1
        let text = try String(contentsOf: url.appendingPathComponent(file), encoding: .utf8)
        var inBlock = false
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
          .enumerated()
        {
          if line.components(separatedBy: "\"\"\"").count % 2 == 0 {
            inBlock.toggle()
            continue
          }
          let trimmed = line.drop { $0 == " " }
          if inBlock || trimmed.hasPrefix("//") { continue }
          for literal in Self.literals(String(line))
          where literal.range(of: "[A-Za-z][a-z]+ [a-z]{2,}", options: .regularExpression) != nil
            && !Self.allowed.contains(literal)
            // The options of an AWS CLI command a fix quotes.
            && !literal.hasPrefix("--")
          {
            found.append("\(path):\(number + 1): \(literal)")
          }
        }
      }
    }
    #expect(checked > 80, "the sources are not found")
    #expect(found.isEmpty, "sentences outside the catalog:\n\(found.joined(separator: "\n"))")
  }
}
