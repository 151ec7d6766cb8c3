import FlowLogs
import Foundation
import Rendering
import Testing

@testable import FlowCauseCLI

/// `lint --lang ja` on every scenario's topology and every lint fixture: the same findings as
/// English (finding ids, components, rule numbers, ids and addresses), every placeholder
/// filled, no English sentence left in the text, and the JSON the same but for its
/// `Explanation` and `Fix` fields.
@Suite("lint --lang ja states the English findings, in Japanese")
struct LintLanguageTests {
  /// The topology folders: the scenarios' (and their `compare/` designs'), and the lint
  /// fixtures' `triggers/` and `clean/` (relative to the package root).
  static func folders() -> [String] {
    let manager = FileManager.default
    let root = CLIHarness.packageRoot.path
    func children(_ path: String) -> [String] {
      ((try? manager.contentsOfDirectory(atPath: "\(root)/\(path)")) ?? []).sorted()
    }
    var folders: [String] = []
    for name in children("Scenarios") {
      for folder in ["Scenarios/\(name)/topology", "Scenarios/\(name)/compare/topology"]
      where manager.fileExists(atPath: "\(root)/\(folder)") {
        folders.append(folder)
      }
    }
    let fixtures = "Tests/AnalysisTests/Fixtures/lint"
    for name in children(fixtures) {
      for side in ["triggers", "clean"]
      where manager.fileExists(atPath: "\(root)/\(fixtures)/\(name)/\(side)") {
        folders.append("\(fixtures)/\(name)/\(side)")
      }
    }
    return folders
  }

  /// The scenarios with a changed design (`compare/topology`).
  static func comparisons() -> [String] {
    folders().filter { $0.hasSuffix("/compare/topology") }.map {
      String($0.dropLast("/compare/topology".count))
    }
  }

  static func lint(_ folder: String, _ language: String, _ extra: [String] = []) -> CLIHarness.Run {
    CLIHarness.run(
      ["lint", "--topology", "\(CLIHarness.packageRoot.path)/\(folder)", "--lang", language]
        + extra)
  }

  /// All matches of `pattern` in `text`, sorted.
  static func all(_ pattern: String, in text: String) -> [String] {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap {
      Range($0.range, in: text).map { String(text[$0]) }
    }.sorted()
  }

  /// What a text output states, whatever its language: ids, addresses, and each finding's
  /// heading (severity, finding id and component).
  static func facts(_ text: String) -> [String: [String]] {
    [
      "ids": Array(Set(all(#"\b[a-z]+(-[a-z0-9]+)*-[0-9a-f]{6,}\b"#, in: text))).sorted(),
      "addresses": Array(Set(all(#"\b\d{1,3}(\.\d{1,3}){3}(/\d+)?\b"#, in: text))).sorted(),
      "headings": all(#"(?m)^ *(error|warning|notice): [a-z0-9-]+ \S+"#, in: text),
    ]
  }

  /// Text that a catalog did not word: a placeholder left as `{name}`, or three lowercase
  /// English words in a row; `nil` when there is none.
  static func unworded(_ text: String) -> String? {
    for pattern in [#"\{[a-zA-Z]+\}"#, #"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b"#] {
      if let range = text.range(of: pattern, options: .regularExpression) {
        return String(text[range])
      }
    }
    return nil
  }

  /// A JSON document with every `Explanation` and `Fix` (`keys`) blanked.
  static func withoutSentences(_ value: Any, keys: Set<String>) -> Any {
    if let object = value as? [String: Any] {
      return Dictionary(
        uniqueKeysWithValues: object.map { key, value in
          (key, keys.contains(key) ? "" : withoutSentences(value, keys: keys))
        }) as NSDictionary
    }
    if let array = value as? [Any] {
      return array.map { withoutSentences($0, keys: keys) } as NSArray
    }
    return value
  }

  @Test("The topology folders are found (a broken path must not pass)")
  func found() {
    #expect(Self.folders().count >= 50)
    #expect(Self.comparisons().count >= 3)
  }

  @Test(
    "Text: the English findings' facts, every placeholder filled, no English sentence",
    arguments: folders())
  func text(_ folder: String) {
    let english = Self.lint(folder, "en")
    let japanese = Self.lint(folder, "ja")
    #expect(english.exit == japanese.exit, "\(folder)")
    #expect(!japanese.stdout.isEmpty, "\(folder)")
    #expect(japanese.stdout != english.stdout, "\(folder): not worded in Japanese")
    if let left = Self.unworded(japanese.stdout) {
      Issue.record("\(folder): \(left)\n\(japanese.stdout)")
    }
    let (en, ja) = (Self.facts(english.stdout), Self.facts(japanese.stdout))
    for key in en.keys.sorted() {
      #expect(en[key] == ja[key], "\(folder): \(key) differ\n\(japanese.stdout)")
    }
  }

  @Test(
    "JSON and SARIF: the same document as English but for the sentences",
    arguments: folders())
  func json(_ folder: String) throws {
    for (output, keys) in [
      ("json", Set(["Explanation", "Fix"])), ("sarif", Set(["text", "fix"])),
    ] {
      let english = Self.lint(folder, "en", ["--output", output])
      let japanese = Self.lint(folder, "ja", ["--output", output])
      #expect(english.exit == japanese.exit, "\(folder) \(output)")
      let en = try JSONSerialization.jsonObject(with: Data(english.stdout.utf8))
      let ja = try JSONSerialization.jsonObject(with: Data(japanese.stdout.utf8))
      #expect(
        Self.withoutSentences(en, keys: keys) as? NSObject
          == Self.withoutSentences(ja, keys: keys) as? NSObject, "\(folder) \(output)")
      #expect(
        Self.all(#"\{[a-zA-Z]+\}"#, in: japanese.stdout).isEmpty, "\(folder) \(output)")
      // Each finding's sentence and fix are in Japanese, with the English one's ids.
      let findings = ((ja as? [String: Any])?["Findings"] as? [[String: Any]]) ?? []
      let englishFindings = ((en as? [String: Any])?["Findings"] as? [[String: Any]]) ?? []
      for (finding, englishFinding) in zip(findings, englishFindings) {
        for key in ["Explanation", "Fix"] {
          let sentence = finding[key] as? String ?? ""
          #expect(sentence.unicodeScalars.contains { $0.value > 0x3000 }, "\(folder): \(key)")
          #expect(
            Self.facts(sentence)["ids"] == Self.facts(englishFinding[key] as? String ?? "")["ids"],
            "\(folder): \(key) names other ids: \(sentence)")
        }
      }
    }
  }

  @Test(
    "--compare: the changed designs in Japanese, the same findings and flows",
    arguments: comparisons())
  func compare(_ scenario: String) {
    let extra = [
      "--compare", "\(CLIHarness.packageRoot.path)/\(scenario)/compare/topology",
    ]
    let english = Self.lint("\(scenario)/topology", "en", extra)
    let japanese = Self.lint("\(scenario)/topology", "ja", extra)
    #expect(english.exit == japanese.exit, "\(scenario)")
    if let left = Self.unworded(japanese.stdout) {
      Issue.record("\(scenario): \(left)\n\(japanese.stdout)")
    }
    let (en, ja) = (Self.facts(english.stdout), Self.facts(japanese.stdout))
    for key in en.keys.sorted() {
      #expect(en[key] == ja[key], "\(scenario): \(key) differ\n\(japanese.stdout)")
    }
  }

  @Test("--lang comes before FLOWCAUSE_LANG; a language that is not one is a usage error")
  func option() throws {
    let folder = try #require(Self.folders().first { $0.hasSuffix("web-app-vpc/topology") })
    let path = "\(CLIHarness.packageRoot.path)/\(folder)"
    func run(_ environment: [String: String], _ extra: [String]) -> CLIHarness.Run {
      let out = MemoryWriter()
      let err = MemoryWriter()
      var io = CommandIO(stdout: out, stderr: err, stdin: { MemorySource([UInt8]()) })
      io.environment = environment
      let exit = FlowCauseCommand.run(["lint", "--topology", path] + extra, io: io)
      return CLIHarness.Run(exit: exit, stdout: out.text, stderr: err.text)
    }
    let japanese = run(["FLOWCAUSE_LANG": "ja"], []).stdout
    #expect(japanese.contains("検出結果 4 件"))
    #expect(run(["FLOWCAUSE_LANG": "ja"], ["--lang", "en"]).stdout.contains("4 findings"))
    #expect(run([:], ["--lang", "ja"]).stdout == japanese)
    let usage = run([:], ["--lang", "fr"])
    #expect(usage.exit == .usage)
    #expect(usage.stderr.contains("--lang: 'fr' is not en or ja"))
    #expect(run([:], ["--help"]).stdout.contains("--lang LANG"))
  }
}
