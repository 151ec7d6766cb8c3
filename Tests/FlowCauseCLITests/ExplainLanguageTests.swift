import FlowLogs
import Foundation
import Rendering
import Testing

@testable import FlowCauseCLI

/// `explain --lang ja` on every scenario's REJECTs: the same facts as the English story (ids,
/// addresses, rule numbers, causes and codes), every placeholder filled, and no English
/// sentence left in it.
@Suite("explain --lang ja states the English story's facts, in Japanese")
struct ExplainLanguageTests {
  static let root = ScenarioDiagnosisTests.root

  /// Each scenario's REJECT lines, from its expected diagnoses.
  static func cases() -> [String] {
    ScenarioDiagnosisTests.names().flatMap { name -> [String] in
      guard
        let text = try? String(
          contentsOfFile: "\(root)/\(name)/expected.jsonl", encoding: .utf8)
      else { return [] }
      return text.split(separator: "\n").compactMap { line in
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return (object?["line"] as? Int).map { "\(name):\($0)" }
      }
    }
  }

  static func explain(_ item: String, _ language: String, topology: Bool) -> CLIHarness.Run {
    let parts = item.split(separator: ":")
    let folder = "\(root)/\(parts[0])"
    let topology = topology && FileManager.default.fileExists(atPath: "\(folder)/topology")
    let arguments =
      ["explain", "--lang", language, "--line", String(parts[1])]
      + (topology ? ["--topology", "\(folder)/topology"] : []) + ["\(folder)/flows.log"]
    return CLIHarness.run(arguments)
  }

  /// What a story states, whatever its language.
  static func facts(_ text: String) -> [String: [String]] {
    func all(_ pattern: String, group: Int = 0) -> [String] {
      guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
      let range = NSRange(text.startIndex..., in: text)
      return regex.matches(in: text, range: range).compactMap {
        Range($0.range(at: group), in: text).map { String(text[$0]) }
      }.sorted()
    }
    return [
      "ids": all(#"\b[a-z]+(-[a-z]+)*-[0-9a-f]{6,}\b"#),
      "IPv4": all(#"\b\d{1,3}(\.\d{1,3}){3}(/\d+)?\b"#),
      "codes": all(#"\b[A-Z]+(_[A-Z0-9]+)+\b"#),
      "causes": all(
        #"\b(security-group|network-acl|routing|after-close|undetermined|block-public-access)\b"#),
      "rules": all(#"(rule|ルール) (\d+|\*)"#, group: 2),
      "checks": all(#"\b(network-acl|security-group)-(ingress|egress)\b|\broute-table\b"#),
    ]
  }

  @Test("The scenarios' REJECTs are found (a broken path must not pass)")
  func found() {
    #expect(Self.cases().count >= 20)
  }

  @Test("The Japanese story states the English one's facts", arguments: cases())
  func sameFacts(_ item: String) {
    for topology in [true, false] {
      let english = Self.explain(item, "en", topology: topology)
      let japanese = Self.explain(item, "ja", topology: topology)
      #expect(english.exit == japanese.exit, "\(item)")
      #expect(!japanese.stdout.isEmpty, "\(item): no story")
      let (en, ja) = (Self.facts(english.stdout), Self.facts(japanese.stdout))
      for key in en.keys.sorted() {
        #expect(
          en[key] == ja[key], "\(item) (topology \(topology)): \(key) differ\n\(japanese.stdout)")
      }
    }
  }

  @Test(
    "The Japanese story has every placeholder filled and no English sentence", arguments: cases())
  func japaneseOnly(_ item: String) {
    for topology in [true, false] {
      let story = Self.explain(item, "ja", topology: topology).stdout
      #expect(story.range(of: #"\{[a-zA-Z]+\}"#, options: .regularExpression) == nil, "\(item)")
      // Three lowercase English words in a row are a sentence the catalog did not word.
      let english = story.range(
        of: #"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b"#, options: .regularExpression)
      #expect(english == nil, "\(item): \(english.map { String(story[$0]) } ?? "")\n\(story)")
    }
  }

  @Test("The language comes from --lang, then FLOWCAUSE_LANG, then the locale")
  func environment() throws {
    let item = try #require(Self.cases().first)
    let parts = item.split(separator: ":")
    let folder = "\(Self.root)/\(parts[0])"
    func run(_ environment: [String: String], _ extra: [String] = []) -> CLIHarness.Run {
      let out = MemoryWriter()
      let err = MemoryWriter()
      var io = CommandIO(stdout: out, stderr: err, stdin: { MemorySource([UInt8]()) })
      io.environment = environment
      let exit = FlowCauseCommand.run(
        ["explain"] + extra + ["--line", String(parts[1]), "\(folder)/flows.log"], io: io)
      return CLIHarness.Run(exit: exit, stdout: out.text, stderr: err.text)
    }
    let japanese = run(["LANG": "ja_JP.UTF-8"]).stdout
    #expect(japanese.contains("パケットの向き"))
    #expect(run(["LANG": "ja_JP.UTF-8", "LC_ALL": "C"]).stdout.contains("Which way"))
    #expect(run(["LANG": "C", "FLOWCAUSE_LANG": "ja"]).stdout == japanese)
    #expect(run(["FLOWCAUSE_LANG": "ja"], ["--lang", "en"]).stdout.contains("Which way"))
    let wrong = run(["FLOWCAUSE_LANG": "fr", "LANG": "ja_JP.UTF-8"])
    #expect(wrong.stdout == japanese)
    #expect(wrong.stderr.contains("FLOWCAUSE_LANG='fr' is not en or ja"))
    let usage = run([:], ["--lang", "fr"])
    #expect(usage.exit == .usage)
    #expect(usage.stderr.contains("--lang: 'fr' is not en or ja"))
  }
}

/// `diagnose --lang ja`: text and Markdown without an English sentence, and the same JSON
/// keys and values as English but for the explanations, which the JSON Lines' templates word
/// as the general writer does.
@Suite("diagnose --lang ja")
struct DiagnoseLanguageTests {
  static func run(_ name: String, _ extra: [String]) -> CLIHarness.Run {
    let folder = "\(ScenarioDiagnosisTests.root)/\(name)"
    let topology =
      FileManager.default.fileExists(atPath: "\(folder)/topology")
      ? ["--topology", "\(folder)/topology"] : []
    return CLIHarness.run(["diagnose"] + topology + extra + ["\(folder)/flows.log"])
  }

  @Test("Text and Markdown have no English sentence", arguments: ScenarioDiagnosisTests.names())
  func japaneseText(_ name: String) {
    for output in ["text", "md"] {
      let story = Self.run(name, ["--lang", "ja", "--output", output]).stdout
      #expect(!story.isEmpty)
      #expect(story.range(of: #"\{[a-zA-Z]+\}"#, options: .regularExpression) == nil, "\(name)")
      let english = story.range(
        of: #"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b"#, options: .regularExpression)
      #expect(english == nil, "\(name) \(output): \(english.map { String(story[$0]) } ?? "")")
    }
  }

  @Test(
    "JSON Lines and JSON: the same keys and values in both languages, but the explanations",
    arguments: ScenarioDiagnosisTests.names())
  func json(_ name: String) throws {
    func lines(_ language: String) throws -> [[String: Any]] {
      try Self.run(name, ["--lang", language, "--output", "jsonl"]).objects()
    }
    let (english, japanese) = (try lines("en"), try lines("ja"))
    #expect(english.count == japanese.count)
    for (en, ja) in zip(english, japanese) {
      for key in en.keys where key != "explanation" && key != "evidence" {
        #expect("\(en[key] ?? "")" == "\(ja[key] ?? "")", "\(name): \(key)")
      }
      #expect((ja["explanation"] as? String)?.unicodeScalars.contains { $0.value > 0x3000 } == true)
    }
    // The document's explanations (the general path) are the lines' (templates where they
    // apply).
    let document = try JSONSerialization.jsonObject(
      with: Data(Self.run(name, ["--lang", "ja", "--output", "json"]).stdout.utf8))
    let diagnoses = (document as? [String: Any])?["diagnoses"] as? [[String: Any]] ?? []
    #expect(
      diagnoses.map { $0["explanation"] as? String }
        == japanese.map { $0["explanation"] as? String })
  }
}

/// `report --lang ja`: the page's visible words are Japanese (ids, causes, codes and the
/// check names aside), and it says so in `<html lang>`.
@Suite("report --lang ja")
struct ReportLanguageTests {
  @Test("The page has no English sentence", arguments: ScenarioDiagnosisTests.names())
  func page(_ name: String) throws {
    let folder = "\(ScenarioDiagnosisTests.root)/\(name)"
    let topology =
      FileManager.default.fileExists(atPath: "\(folder)/topology")
      ? ["--topology", "\(folder)/topology"] : []
    let run = CLIHarness.run(
      ["report", "--lang", "ja", "--out", "-"] + topology + ["\(folder)/flows.log"])
    #expect(run.stdout.contains("<html lang=\"ja\">"))
    var text = run.stdout
    for block in [#"<script>[\s\S]*?</script>"#, #"<style>[\s\S]*?</style>"#, "<[^>]+>"] {
      text = text.replacingOccurrences(of: block, with: " ", options: .regularExpression)
    }
    let english = text.range(
      of: #"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b"#, options: .regularExpression)
    #expect(english == nil, "\(name): \(english.map { String(text[$0]) } ?? "")")
    #expect(!text.contains("{"), "\(name): a placeholder left")
  }
}
