import Analysis
import Foundation
import Testing

@testable import FlowCauseCLI

/// docs/simulate.md documents the traffic file's keys and endings as tables; these fail when a
/// key or an ending is added, renamed or dropped on one side only.
@Suite("docs/simulate.md matches the traffic file the code reads")
struct SimulateDocumentationTests {
  static func document() throws -> String {
    try String(
      contentsOf: CLIHarness.packageRoot.appendingPathComponent("docs/simulate.md"),
      encoding: .utf8)
  }

  /// The names in the first column of the table after `heading`: each backquoted word of the
  /// cell (`` `from`, `to` `` is two names).
  static func firstColumn(after heading: String, in text: String) throws -> [String] {
    let start = try #require(text.range(of: heading))
    var names: [String] = []
    for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
      .dropFirst()
    {
      guard line.hasPrefix("|") else { break }
      guard let cell = line.split(separator: "|").first, !cell.contains("---") else { continue }
      names += cell.split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(
          in: CharacterSet(charactersIn: "`"))
      }
    }
    return names
  }

  @Test("The conversation table lists every key the traffic file reads, in order")
  func conversationKeys() throws {
    let text = try Self.document()
    let start = try #require(text.range(of: "Each conversation: the initiator"))
    let rows = try Self.firstColumn(
      after: "| Key | Type | Default | Meaning |", in: String(text[start.lowerBound...]))
    #expect(rows == TrafficFile.conversationKeys)
  }

  @Test("The top-level table lists every key of the file, in order")
  func topLevelKeys() throws {
    let rows = try Self.firstColumn(
      after: "| Key | Type | Default | Meaning |", in: Self.document())
    #expect(rows == TrafficFile.topLevelKeys)
  }

  @Test("The ending table lists every ending, in order")
  func endings() throws {
    let rows = try Self.firstColumn(
      after: "| `ending` | What the records show |", in: Self.document())
    #expect(rows == Conversation.Ending.allCases.map(\.rawValue))
  }
}
