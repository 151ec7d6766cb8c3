import Foundation
import Testing

@testable import Analysis

/// docs/lint.md documents lint's closed vocabularies; these fail when they drift.
@Suite("docs/lint.md matches the code")
struct LintDocumentationTests {
  static func document() throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent("docs/lint.md"), encoding: .utf8)
  }

  @Test("The findings table lists every finding id, in declaration order")
  func findings() throws {
    let rows = try EvaluationDocumentationTests.firstColumn(
      after: "| Finding | Severity | Condition | Fix |", in: Self.document())
    #expect(rows == Finding.ID.allCases.map(\.rawValue))
  }

  @Test("The severity table lists every severity, in declaration order")
  func severities() throws {
    let rows = try EvaluationDocumentationTests.firstColumn(
      after: "| Severity | Meaning |", in: Self.document())
    #expect(rows == Finding.Severity.allCases.map(\.rawValue))
  }

  @Test("The client table lists every client kind with its ports")
  func clients() throws {
    let text = try Self.document()
    let rows = try EvaluationDocumentationTests.firstColumn(
      after: "| Client | Ports | Used for |", in: text)
    #expect(rows == ClientKind.allCases.map(\.rawValue))
    for kind in ClientKind.allCases {
      #expect(text.contains("| `\(kind.rawValue)` | \(kind.ports) |"), "\(kind.rawValue)")
    }
  }

  @Test("Each finding's documented severity starts with the severity its fixture argues")
  func severityColumn() throws {
    let text = try Self.document()
    for id in Finding.ID.allCases {
      let url = LintFixtureTests.root.appendingPathComponent(
        "\(id.rawValue)/triggers/expected.json")
      let data = try Data(contentsOf: url)
      let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let severity = try #require(expected["severity"] as? String)
      let row = text.split(separator: "\n").first { $0.hasPrefix("| `\(id.rawValue)` |") }
      let cells = try #require(row, "\(id.rawValue) has no row").split(separator: "|")
      #expect(
        cells.count > 1 && cells[1].trimmingCharacters(in: .whitespaces).hasPrefix(severity),
        "\(id.rawValue): the table says \(cells.count > 1 ? String(cells[1]) : "?"), the fixture \(severity)"
      )
    }
  }
}
