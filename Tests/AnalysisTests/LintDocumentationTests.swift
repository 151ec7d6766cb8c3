import Foundation
import MarkdownTables
import Testing

@testable import Analysis

/// docs/lint.md documents lint's closed vocabularies; these fail when they drift.
@Suite("docs/lint.md matches the code")
struct LintDocumentationTests {
  static func page() throws -> MarkdownPage {
    try MarkdownPage(relativePath: "docs/lint.md")
  }

  @Test("The findings table lists every finding id, in declaration order")
  func findings() throws {
    let rows = try #require(
      Self.page().firstColumn(after: "| Finding | Severity | Condition | Fix |"))
    #expect(rows == Finding.ID.allCases.map(\.rawValue))
  }

  @Test("The severity table lists every severity, in declaration order")
  func severities() throws {
    let rows = try #require(Self.page().firstColumn(after: "| Severity | Meaning |"))
    #expect(rows == Finding.Severity.allCases.map(\.rawValue))
  }

  @Test("The client table lists every client kind with its ports")
  func clients() throws {
    let page = try Self.page()
    let rows = try #require(page.firstColumn(after: "| Client | Ports | Used for |"))
    #expect(rows == ClientKind.allCases.map(\.rawValue))
    for kind in ClientKind.allCases {
      let cells = page.row(startingWith: "`\(kind.rawValue)`")
      #expect(cells?.dropFirst().first == "\(kind.ports)", "\(kind.rawValue)")
    }
  }

  @Test("Each finding's documented severity starts with the severity its fixture argues")
  func severityColumn() throws {
    let page = try Self.page()
    for id in Finding.ID.allCases {
      let url = LintFixtureTests.root.appendingPathComponent(
        "\(id.rawValue)/triggers/expected.json")
      let data = try Data(contentsOf: url)
      let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let severity = try #require(expected["severity"] as? String)
      let cells = try #require(
        page.row(startingWith: "`\(id.rawValue)`"), "\(id.rawValue) has no row")
      let documented = cells.count > 1 ? cells[1] : "?"
      #expect(
        documented.hasPrefix(severity),
        "\(id.rawValue): the table says \(documented), the fixture \(severity)")
    }
  }

  @Test("The SARIF titles table gives each finding id its title, in declaration order")
  func sarifTitles() throws {
    let page = try Self.page()
    let section = try #require(page.section("## `--output sarif`"))
    let rows = MarkdownPage.rows(in: section, header: ["Finding", "Title"])
    #expect(rows.map { $0.first ?? "" } == Finding.ID.allCases.map { "`\($0.rawValue)`" })
    #expect(rows.map { $0.count > 1 ? $0[1] : "" } == Finding.ID.allCases.map(\.title))
  }
}
