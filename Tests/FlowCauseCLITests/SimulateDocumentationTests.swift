import Analysis
import Foundation
import MarkdownTables
import Testing

@testable import FlowCauseCLI

/// docs/simulate.md documents the traffic file's keys and endings as tables; these fail when a
/// key or an ending is added, renamed or dropped on one side only.
@Suite("docs/simulate.md matches the traffic file the code reads")
struct SimulateDocumentationTests {
  static func page() throws -> MarkdownPage {
    try MarkdownPage(relativePath: "docs/simulate.md")
  }

  @Test("The conversation table lists every key the traffic file reads, in order")
  func conversationKeys() throws {
    let rows = try #require(
      Self.page().firstColumn(
        after: "| Key | Type | Default | Meaning |", from: "Each conversation: the initiator"))
    #expect(rows == TrafficFile.conversationKeys)
  }

  @Test("The top-level table lists every key of the file, in order")
  func topLevelKeys() throws {
    let rows = try #require(Self.page().firstColumn(after: "| Key | Type | Default | Meaning |"))
    #expect(rows == TrafficFile.topLevelKeys)
  }

  @Test("The ending table lists every ending, in order")
  func endings() throws {
    let rows = try #require(Self.page().firstColumn(after: "| `ending` | What the records show |"))
    #expect(rows == Conversation.Ending.allCases.map(\.rawValue))
  }
}
