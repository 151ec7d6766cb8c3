import MarkdownTables
import Testing

@testable import Analysis

/// docs/diagnosis.md documents the closed vocabularies of `diagnose`; these fail on drift.
@Suite("docs/diagnosis.md matches the code")
struct DiagnosisDocumentationTests {
  static func page() throws -> MarkdownPage {
    try MarkdownPage(relativePath: "docs/diagnosis.md")
  }

  @Test("The cause table lists every cause, in order")
  func causes() throws {
    let rows = try #require(Self.page().firstColumn(after: "| Cause | Meaning |"))
    #expect(rows == Cause.allCases.map(\.rawValue))
  }

  @Test("The confidence table lists every level, in order")
  func confidence() throws {
    let rows = try #require(Self.page().firstColumn(after: "| Confidence | When |"))
    #expect(rows == Confidence.allCases.map(\.rawValue))
  }

  @Test("The role-evidence table lists every kind of evidence, in the order it is tried")
  func roleEvidence() throws {
    let rows = try #require(Self.page().firstColumn(after: "| Evidence | Rule |"))
    #expect(rows == RoleEvidence.allCases.map(\.rawValue))
  }

  @Test("The decision table names every cause")
  func decisionTable() throws {
    let text = try Self.page().text
    let start = try #require(text.range(of: "## 3. The decision table"))
    let end = try #require(text.range(of: "## 4."))
    let table = text[start.upperBound..<end.lowerBound]
    for cause in Cause.allCases {
      #expect(table.contains("`\(cause.rawValue)`"), "\(cause.rawValue) missing")
    }
  }
}
