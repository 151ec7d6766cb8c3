import MarkdownTables
import Testing

@testable import Messages

/// The catalogs: every message in both languages (the `switch`es make a missing one fail to
/// build), with the same placeholders, and the Japanese one in Japanese.
@Suite("Message catalog")
struct MessageCatalogTests {
  @Test(
    "every message has the same placeholders in English and Japanese", arguments: Message.allCases)
  func samePlaceholders(_ message: Message) {
    let english = Set(message.template(in: .en).placeholders)
    let japanese = Set(message.template(in: .ja).placeholders)
    #expect(english == japanese, "\(message): en \(english.sorted()), ja \(japanese.sorted())")
  }

  @Test("a message with English words is written in Japanese", arguments: Message.allCases)
  func translated(_ message: Message) {
    let english = Self.literalText(message.template(in: .en))
    let japanese = Self.literalText(message.template(in: .ja))
    // Words of three letters or more outside placeholders, other than names kept as AWS
    // writes them (TcpEstablishedTimeout, ACCEPT, --topology).
    let hasWords = english.split(whereSeparator: { !$0.isLetter }).contains {
      $0.count >= 3 && $0.allSatisfy { $0.isLowercase }
    }
    // Words Japanese has no counterpart for: an article ("the VPC" is VPC), a conjunction
    // that a sentence break replaces; and a product name AWS's Japanese documentation keeps
    // in English (Transit Gateway: docs/ja/glossary.md).
    let wordsOnly: Set<Message> = [.theVPC, .tgwEnteringAnd, .titleTransitGateway]
    guard hasWords, !wordsOnly.contains(message) else { return }
    #expect(
      japanese.unicodeScalars.contains {
        (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value)
      },
      "\(message) is not translated: \(japanese)")
  }

  @Test("no placeholder is left unfilled when its value is given")
  func filled() {
    let template = Template("{acl} rule {rule} allows {match} ({entry})")
    #expect(template.placeholders == ["acl", "rule", "match", "entry"])
    #expect(
      template.filled(["acl": "acl-1", "rule": "100", "match": "x", "entry": "y"])
        == "acl-1 rule 100 allows x (y)")
    #expect(template.filled(["acl": "acl-1"]).contains("{rule}"))
  }

  @Test("braces that are not a placeholder are text")
  func braces() {
    #expect(Template("a {b c} {} {").placeholders.isEmpty)
    #expect(Template("a {b c} {} {").filled([:]) == "a {b c} {} {")
  }

  private static func literalText(_ template: Template) -> String {
    template.pieces.map {
      if case .literal(let text) = $0 { text } else { " " }
    }.joined()
  }
}

/// docs/ja/glossary.md: the spellings it says the output never uses are not in the Japanese
/// catalog, and the terms it lists are those the catalog writes.
@Suite("docs/ja/glossary.md and the Japanese catalog")
struct GlossaryTests {
  static let header = ["English", "日本語", "使わない表記", "AWS が使っている箇所", "備考"]

  static func rows() throws -> [[String]] {
    let page = try MarkdownPage(relativePath: "docs/ja/glossary.md")
    return MarkdownPage.rows(in: page.lines[...], header: header)
  }

  /// Every Japanese message's words.
  static let catalog = Message.allCases.map { $0.template(in: .ja) }.flatMap(\.pieces).compactMap {
    if case .literal(let text) = $0 { text } else { nil }
  }.joined(separator: "\n")

  @Test("the glossary has its table")
  func table() throws {
    #expect(try Self.rows().count >= 30)
  }

  @Test("no spelling the glossary rules out is in the Japanese catalog")
  func avoided() throws {
    for row in try Self.rows() {
      let avoided = row[2].split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }
        .map { String($0.element) }
      for spelling in avoided {
        #expect(!Self.catalog.contains(spelling), "\(row[0]): the catalog writes \(spelling)")
      }
    }
  }

  @Test(
    "the glossary's AWS terms are the catalog's",
    arguments: [
      "security group", "network ACL", "route table", "internet gateway", "NAT gateway",
      "stateful", "stateless", "ephemeral port", "inbound rule", "outbound rule", "rule number",
      "network interface", "subnet", "prefix list",
    ])
  func term(_ english: String) throws {
    let row = try #require(try Self.rows().first { $0[0] == english }, "no row for \(english)")
    let japanese = row[1].replacingOccurrences(of: "`", with: "")
    // The first form (before any parenthesis) is what the catalog writes.
    let form = String(japanese.prefix { $0 != "（" && $0 != "(" })
    #expect(Self.catalog.contains(form), "\(english): the catalog never writes \(form)")
  }
}
