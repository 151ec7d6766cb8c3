import Foundation
import Testing

/// The outputs `docs/` shows are the tool's own: each block marked with ``marker`` is the
/// output of the one-line `flowcause …` command in the fenced block just before it, run on the
/// bundled scenarios. `UPDATE_DOCS=1 swift test --filter DocumentedOutputTests` writes the
/// outputs again and fails, so that the difference gets read.
@Suite("docs: the outputs shown are what the commands print")
struct DocumentedOutputTests {
  static let marker =
    "<!-- the output of the command above; DocumentedOutputTests keeps it in step -->"

  /// A fenced block of a page: its lines (fences excluded), by index in the page.
  struct Block {
    var open: Int
    var close: Int
    var body: [String]
  }

  /// The fenced blocks of `lines`: a fence of three or more backticks opens one, and a line of
  /// at least as many backticks closes it (a report of Markdown holds fences of its own).
  static func blocks(_ lines: [String]) -> [Block] {
    var blocks: [Block] = []
    var index = 0
    while index < lines.count {
      let fence = lines[index].prefix { $0 == "`" }
      guard fence.count >= 3 else {
        index += 1
        continue
      }
      var close = index + 1
      while close < lines.count
        && !(lines[close].hasPrefix(fence) && lines[close].allSatisfy { $0 == "`" })
      {
        close += 1
      }
      blocks.append(Block(open: index, close: close, body: Array(lines[(index + 1)..<close])))
      index = close + 1
    }
    return blocks
  }

  /// `flowcause diagnose …` run in-process from the package's root, its output with the
  /// root's path taken out.
  static func output(of command: String) -> String {
    let root = CLIHarness.packageRoot.path + "/"
    let arguments = command.split(separator: " ").dropFirst().map { argument in
      argument.hasPrefix("Scenarios/") ? root + argument : String(argument)
    }
    return CLIHarness.run(arguments).stdout.replacingOccurrences(of: root, with: "")
  }

  @Test("Each output shown in docs/ is what its command prints", arguments: ["docs/diagnosis.md"])
  func documented(page: String) throws {
    let url = CLIHarness.packageRoot.appendingPathComponent(page)
    var lines = try String(contentsOf: url, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let blocks = Self.blocks(lines)
    var shown = 0
    var changed = false
    // From the last, so that rewriting a block leaves the places of those before it.
    for markerLine in lines.indices.reversed() where lines[markerLine] == Self.marker {
      let command = try #require(
        blocks.last { $0.close < markerLine }, "\(page):\(markerLine + 1): no command before")
      let output = try #require(
        blocks.first { $0.open == markerLine + 1 },
        "\(page):\(markerLine + 1): no fenced block right after the marker")
      try #require(command.body.count == 1 && command.body[0].hasPrefix("flowcause "))
      let printed = Self.output(of: command.body[0])
      let expected = output.body.joined(separator: "\n") + "\n"
      shown += 1
      if printed != expected {
        if ProcessInfo.processInfo.environment["UPDATE_DOCS"] == "1" {
          let body = printed.split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
          lines.replaceSubrange((output.open + 1)..<output.close, with: body)
          changed = true
        } else {
          Issue.record(
            "\(page):\(output.open + 1): the output shown is not what `\(command.body[0])` prints (UPDATE_DOCS=1 rewrites it):\n\(printed)"
          )
        }
      }
    }
    #expect(shown > 0, "\(page) shows no output")
    if changed {
      try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
      Issue.record("\(page): outputs rewritten; read the difference and run the tests again")
    }
  }
}
