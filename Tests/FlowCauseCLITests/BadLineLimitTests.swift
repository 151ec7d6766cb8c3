import FlowCauseCLI
import Foundation
import Testing

/// 20,000 bad lines gave 20,000 lines on stderr (issue 22): now the first 20 of each input, then
/// one line with how many more (`--max-errors N`, 0 for all), and the summary counts them all.
@Suite("Bad lines: the first 20 of each input on stderr, then how many more")
struct BadLineLimitTests {
  static let bad = "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 MAYBE OK\n"
  static let reject =
    "2 1 eni-1 198.51.100.7 10.0.0.2 40000 22 6 1 40 1700000000 1700000060 REJECT OK\n"

  /// A file of `count` bad lines and one REJECT at the end.
  static func file(bad count: Int, name: String = "bad.log") throws -> String {
    let path = try CLIHarness.temporaryDirectory().appendingPathComponent(name).path
    try (String(repeating: bad, count: count) + reject).write(
      toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  static func errors(_ run: CLIHarness.Run) -> [String] {
    run.errorLines.filter { $0.contains(": error: ") }
  }

  @Test("diagnose, parse and explain: 20 of 25 bad lines, the note, every one counted; exit 65")
  func defaultLimit() throws {
    let path = try Self.file(bad: 25)
    for arguments in [["diagnose", path], ["parse", path], ["explain", "--line", "26", path]] {
      let run = CLIHarness.run(arguments)
      #expect(run.exit == .dataError, "\(arguments[0])")
      let errors = Self.errors(run)
      #expect(errors.count == 20, "\(arguments[0])")
      #expect(errors.last?.hasPrefix("\(path):20:43: error: action:") == true)
      #expect(
        run.errorLines.contains(
          "\(path): note: 5 more bad lines not shown, 25 in all (--max-errors N shows the first "
            + "N of each input, 0 all of them)"), "\(arguments[0]): \(run.stderr)")
      if arguments[0] != "explain" {
        #expect(run.summary?.contains("25 bad") == true, "\(run.summary ?? "")")
      }
    }
  }

  @Test("--max-errors N: N an input, each input its own note; 0: every one, no note")
  func maxErrors() throws {
    let path = try Self.file(bad: 5)
    let two = CLIHarness.run(["parse", "--max-errors", "2", path, path])
    #expect(Self.errors(two).count == 4)
    #expect(two.errorLines.filter { $0.contains(": note: 3 more bad lines") }.count == 2)
    #expect(two.summary?.contains("10 bad") == true)
    let all = CLIHarness.run(["diagnose", "--max-errors", "0", try Self.file(bad: 30)])
    #expect(Self.errors(all).count == 30)
    #expect(!all.stderr.contains(": note: "))
    let under = CLIHarness.run(["parse", try Self.file(bad: 20)])
    #expect(Self.errors(under).count == 20)
    #expect(!under.stderr.contains(": note: "))
    let negative = CLIHarness.run(["diagnose", "--max-errors", "-1", path])
    #expect(negative.exit == .usage)
    #expect(negative.stderr.hasPrefix("flowcause diagnose: error: --max-errors: '-1' is not"))
  }

  @Test("Over many inputs: at most five inputs' worth, then one line for the rest of the run")
  func runLimit() throws {
    let folder = try CLIHarness.temporaryDirectory().appendingPathComponent("day")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for index in 0..<12 {
      try (String(repeating: Self.bad, count: 30) + Self.reject).write(
        to: folder.appendingPathComponent("part-\(index + 10).log"), atomically: true,
        encoding: .utf8)
    }
    for command in ["diagnose", "parse"] {
      let run = CLIHarness.run([command, folder.path])
      #expect(run.exit == .dataError)
      #expect(Self.errors(run).count == 100, "\(command)")
      // The first four inputs' own notes; the fifth reached the run's limit.
      #expect(run.errorLines.filter { $0.contains(": note: 10 more bad lines") }.count == 4)
      // 12 × 30 bad lines: 100 shown, 4 × 10 in the first four inputs' notes, the rest here.
      #expect(
        run.stderr.contains(
          "\nflowcause: note: 220 more bad lines in 8 inputs not shown (at most 100 are shown a "
            + "run: --max-errors N shows N of each input and five times N in all, 0 all of them)\n"
        ), "\(command)")
      #expect(run.stderr.contains(" 360 bad\n"), "\(command)")
      #expect(run.errorLines.count < 120)
    }
  }

  @Test("Read in parallel chunks, the same lines are reported as on one thread")
  func chunks() throws {
    // Over 1 MiB, so that two threads read it in chunks, each chunk's bad lines reported when
    // the chunk is appended.
    let path = try CLIHarness.temporaryDirectory().appendingPathComponent("big.log").path
    let lines = (0..<24_000).map { $0 % 500 == 3 ? Self.bad : Self.reject }
    try lines.joined().write(toFile: path, atomically: true, encoding: .utf8)
    for command in ["diagnose", "parse"] {
      let extra = command == "diagnose" ? ["--output", "summary"] : []
      let one = CLIHarness.run([command, "--threads", "1"] + extra + [path])
      let two = CLIHarness.run([command, "--threads", "2"] + extra + [path])
      #expect(Self.errors(one).count == 20, "\(command)")
      #expect(one.errorLines == two.errorLines, "\(command)")
      #expect(one.errorLines.contains { $0.contains(": note: 28 more bad lines not shown") })
    }
  }

  @Test("A problem with the input as a whole is reported past the limit")
  func inputProblem() throws {
    let bytes = try CLIHarness.gzip(Array(String(repeating: Self.bad, count: 400).utf8))
    let path = try CLIHarness.temporaryDirectory().appendingPathComponent("cut.log.gz").path
    try Data(bytes.prefix(bytes.count - 12)).write(to: URL(fileURLWithPath: path))
    let run = CLIHarness.run(["parse", "--max-errors", "1", path])
    #expect(run.exit == .dataError)
    #expect(run.errorLines.contains { $0.hasPrefix("\(path): error: gzip data ends early") })
    #expect(Self.errors(run).count == 2)
  }

  @Test("An input that cannot be opened: its error, the summary, exit 66, nothing on stdout")
  func unopened() {
    for output in ["text", "json", "jsonl", "summary"] {
      let run = CLIHarness.run(["diagnose", "--output", output, "/nonexistent/flows.log"])
      #expect(run.exit == .noInput, "\(output)")
      #expect(run.stdout.isEmpty, "\(output): \(run.stdout)")
      #expect(
        run.stderr == "/nonexistent/flows.log: error: cannot open: No such file or directory\n"
          + "flowcause: 0 lines read from 1 input: 0 records, 0 headers, 0 blank, 0 bad; "
          + "1 not opened\n")
    }
    // One input read: its answer is written, and the other's error said.
    let both = CLIHarness.run(
      ["diagnose", "/nonexistent/flows.log", "-"], stdin: Array(Self.reject.utf8))
    #expect(both.exit == .noInput)
    #expect(both.stdout.contains("REJECT"))
  }
}
