import Testing

@testable import Messages

/// `--lang`, then `FLOWCAUSE_LANG`, then `LC_ALL`, `LC_MESSAGES`, `LANG` (POSIX's order for
/// the locale of messages).
@Suite("Language")
struct LanguageTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let option: String?
    let environment: [String: String]
    let expected: Language
    var testDescription: String { "\(option ?? "-") \(environment.sorted { $0.key < $1.key })" }
  }

  @Test(
    "the language is chosen in order",
    arguments: [
      Case(option: nil, environment: [:], expected: .en),
      Case(option: "ja", environment: [:], expected: .ja),
      Case(option: "JA", environment: [:], expected: .ja),
      Case(
        option: "en", environment: ["FLOWCAUSE_LANG": "ja", "LANG": "ja_JP.UTF-8"], expected: .en),
      Case(option: nil, environment: ["FLOWCAUSE_LANG": "ja"], expected: .ja),
      Case(option: nil, environment: ["FLOWCAUSE_LANG": "ja_JP.UTF-8"], expected: .ja),
      Case(option: "ja-JP", environment: [:], expected: .ja),
      Case(
        option: nil, environment: ["FLOWCAUSE_LANG": "en", "LC_ALL": "ja_JP.UTF-8"], expected: .en),
      Case(option: nil, environment: ["LANG": "ja_JP.UTF-8"], expected: .ja),
      Case(option: nil, environment: ["LANG": "ja_JP"], expected: .ja),
      Case(option: nil, environment: ["LANG": "ja"], expected: .ja),
      Case(option: nil, environment: ["LANG": "ja_JP.eucJP@x"], expected: .ja),
      Case(option: nil, environment: ["LANG": "jav_ID"], expected: .en),
      Case(option: nil, environment: ["LANG": "C.UTF-8"], expected: .en),
      Case(option: nil, environment: ["LANG": "POSIX"], expected: .en),
      Case(
        option: nil, environment: ["LANG": "ja_JP.UTF-8", "LC_MESSAGES": "en_US.UTF-8"],
        expected: .en),
      Case(
        option: nil, environment: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8"],
        expected: .ja),
      Case(option: nil, environment: ["LC_MESSAGES": "ja_JP.UTF-8", "LC_ALL": "C"], expected: .en),
      Case(option: nil, environment: ["LC_ALL": "", "LANG": "ja_JP.UTF-8"], expected: .ja),
    ])
  func resolves(_ item: Case) {
    let (language, rejected) = Language.resolve(option: item.option, environment: item.environment)
    #expect(language == item.expected)
    #expect(rejected == nil)
  }

  @Test("a FLOWCAUSE_LANG that is not a language is rejected and the locale decides")
  func rejectedVariable() {
    let (language, rejected) = Language.resolve(
      option: nil, environment: ["FLOWCAUSE_LANG": "fr", "LANG": "ja_JP.UTF-8"])
    #expect(language == .ja)
    #expect(rejected?.source == .environment("FLOWCAUSE_LANG"))
    #expect(rejected?.value == "fr")
  }
}
