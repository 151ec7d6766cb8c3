import MarkdownTables
import Testing

@testable import Analysis

/// docs/evaluation.md documents the closed vocabularies of `trace`; these fail when they drift.
@Suite("docs/evaluation.md matches the code")
struct EvaluationDocumentationTests {
  static func page() throws -> MarkdownPage {
    try MarkdownPage(relativePath: "docs/evaluation.md")
  }

  @Test("Every explanation code has one row, in declaration order")
  func codes() throws {
    let documented = try #require(Self.page().firstColumn(after: "## The verdict and its codes"))
    #expect(documented == ExplanationCode.allCases.map(\.rawValue))
  }

  @Test("Every check has one row, in declaration order")
  func checks() throws {
    let documented = try #require(Self.page().firstColumn(after: "| Check | What it decides |"))
    #expect(documented == Checkpoint.Check.allCases.map(\.rawValue))
  }
}
