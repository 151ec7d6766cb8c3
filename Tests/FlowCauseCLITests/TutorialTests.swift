import Foundation
import Testing

@testable import FlowCauseCLI

/// docs/ja/tutorial.md stays in step with the tool: each `sh` block of one `flowcause` command
/// is followed by a `text` block of what it writes on standard output, run here from the
/// package's root. `UPDATE_TUTORIAL=1 swift test --filter TutorialTests` rewrites those blocks
/// and fails, so that the change gets read.
@Suite("docs/ja/tutorial.md shows what the commands write")
struct TutorialTests {
  static let path = CLIHarness.packageRoot.appendingPathComponent("docs/ja/tutorial.md").path

  /// A command and the output block after it: the command's words, and the lines of the
  /// output block (its fences excluded) in the page.
  struct Example {
    var arguments: [String]
    var output: Range<Int>
  }

  static func examples(_ lines: [String]) -> [Example] {
    var examples: [Example] = []
    var index = 0
    while index < lines.count {
      guard lines[index] == "```sh", index + 2 < lines.count, lines[index + 2] == "```",
        lines[index + 1].hasPrefix("flowcause ")
      else {
        index += 1
        continue
      }
      let arguments = lines[index + 1].split(separator: " ").dropFirst().map(String.init)
      var next = index + 3
      while next < lines.count && lines[next].isEmpty { next += 1 }
      guard next < lines.count, lines[next] == "```text",
        let close = lines[(next + 1)...].firstIndex(of: "```")
      else {
        index += 3
        continue
      }
      examples.append(Example(arguments: arguments, output: (next + 1)..<close))
      index = close + 1
    }
    return examples
  }

  /// What the command writes, as run from the package's root.
  static func output(_ arguments: [String]) -> [String] {
    let root = CLIHarness.packageRoot.path + "/"
    let absolute = arguments.map { $0.hasPrefix("Scenarios/") ? root + $0 : $0 }
    let text = CLIHarness.run(absolute).stdout.replacing(root, with: "")
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  @Test("Each command's output block is what the command writes")
  func inStep() throws {
    let text = try String(contentsOfFile: Self.path, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let examples = Self.examples(lines)
    #expect(examples.count >= 8, "the page's examples are not found")
    let update = ProcessInfo.processInfo.environment["UPDATE_TUTORIAL"] == "1"
    for example in examples.reversed() {
      let actual = Self.output(example.arguments)
      if update {
        lines.replaceSubrange(example.output, with: actual)
      } else {
        #expect(
          Array(lines[example.output]) == actual,
          "flowcause \(example.arguments.joined(separator: " ")):\n\(actual.joined(separator: "\n"))"
        )
      }
    }
    if update {
      try lines.joined(separator: "\n").write(toFile: Self.path, atomically: true, encoding: .utf8)
      Issue.record("docs/ja/tutorial.md rewritten: read the diff, then run the tests again")
    }
  }

  @Test("The tutorial is written in Japanese and uses the glossary's terms")
  func japanese() throws {
    let text = try String(contentsOfFile: Self.path, encoding: .utf8)
    for term in ["セキュリティグループ", "ネットワーク ACL", "ステートフル", "ステートレス", "ルートテーブル", "インターネットゲートウェイ"] {
      #expect(text.contains(term), "\(term)")
    }
    #expect(!text.contains("セキュリティーグループ"))
    #expect(!text.contains("ネットワークACL"))
  }
}
