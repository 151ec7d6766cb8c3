import Foundation
import Testing

@testable import Analysis

/// docs/evaluation.md documents the closed vocabularies of `trace`; these fail when they drift.
@Suite("docs/evaluation.md matches the code")
struct EvaluationDocumentationTests {
  static func document() throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return try String(
      contentsOf: root.appendingPathComponent("docs/evaluation.md"), encoding: .utf8)
  }

  /// The first column of every table row whose cell is a single backquoted word.
  static func firstColumn(after heading: String, in text: String) throws -> [String] {
    let start = try #require(text.range(of: heading))
    var names: [String] = []
    var inTable = false
    for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("|") {
        inTable = true
        let cell = line.split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces) }
        if let cell, cell.hasPrefix("`"), cell.hasSuffix("`"), cell.count > 2 {
          names.append(String(cell.dropFirst().dropLast()))
        }
      } else if inTable {
        break
      }
    }
    return names
  }

  @Test("Every explanation code has one row, in declaration order")
  func codes() throws {
    let documented = try Self.firstColumn(
      after: "## The verdict and its codes", in: Self.document())
    #expect(documented == ExplanationCode.allCases.map(\.rawValue))
  }

  @Test("Every check has one row, in declaration order")
  func checks() throws {
    let documented = try Self.firstColumn(after: "| Check | What it decides |", in: Self.document())
    #expect(documented == Checkpoint.Check.allCases.map(\.rawValue))
  }
}
