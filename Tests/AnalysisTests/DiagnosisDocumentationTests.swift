import Foundation
import Testing

@testable import Analysis

/// docs/diagnosis.md documents the closed vocabularies of `diagnose`; these fail on drift.
@Suite("docs/diagnosis.md matches the code")
struct DiagnosisDocumentationTests {
  static func document() throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return try String(
      contentsOf: root.appendingPathComponent("docs/diagnosis.md"), encoding: .utf8)
  }

  @Test("The cause table lists every cause, in order")
  func causes() throws {
    let rows = try EvaluationDocumentationTests.firstColumn(
      after: "| Cause | Meaning |", in: Self.document())
    #expect(rows == Cause.allCases.map(\.rawValue))
  }

  @Test("The confidence table lists every level, in order")
  func confidence() throws {
    let rows = try EvaluationDocumentationTests.firstColumn(
      after: "| Confidence | When |", in: Self.document())
    #expect(rows == Confidence.allCases.map(\.rawValue))
  }

  @Test("The role-evidence table lists every kind of evidence, in the order it is tried")
  func roleEvidence() throws {
    let rows = try EvaluationDocumentationTests.firstColumn(
      after: "| Evidence | Rule |", in: Self.document())
    #expect(rows == RoleEvidence.allCases.map(\.rawValue))
  }

  @Test("The decision table names every cause")
  func decisionTable() throws {
    let text = try Self.document()
    let start = try #require(text.range(of: "## 3. The decision table"))
    let end = try #require(text.range(of: "## 4."))
    let table = text[start.upperBound..<end.lowerBound]
    for cause in Cause.allCases {
      #expect(table.contains("`\(cause.rawValue)`"), "\(cause.rawValue) missing")
    }
  }
}
