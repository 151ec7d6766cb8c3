import FlowCauseCLI
import Testing

/// With no FILE, `diagnose` and `parse` read standard input; on a terminal that would wait in
/// silence for typing, so it is a usage error that says how to read standard input on purpose.
@Suite("No FILE while standard input is a terminal")
struct TerminalInputTests {
  static let record = Array(
    "2 123456789012 eni-1 198.51.100.7 10.0.0.5 40000 22 6 1 40 1700000000 1700000060 REJECT OK\n"
      .utf8)

  @Test("diagnose and parse with no FILE on a terminal: exit 64, naming - for standard input")
  func noFile() {
    for command in ["diagnose", "parse"] {
      let run = CLIHarness.run([command], stdin: Self.record, terminal: true)
      #expect(run.exit == .usage, "\(command)")
      #expect(
        run.stderr.hasPrefix(
          "flowcause \(command): error: no FILE given, and standard input is a terminal; name a "
            + "FILE, or give - to read standard input (zcat flows.log.gz | flowcause \(command) -)\n"
        ), "\(run.stderr.prefix(200))")
      #expect(run.stderr.contains("USAGE: flowcause \(command)"))
      #expect(run.stdout.isEmpty)
    }
  }

  @Test("- reads a terminal's standard input when asked, and a pipe needs no -")
  func dashOrPipe() {
    for command in ["diagnose", "parse"] {
      let asked = CLIHarness.run([command, "-"], stdin: Self.record, terminal: true)
      #expect(asked.exit == .success, "\(command): \(asked.stderr)")
      let piped = CLIHarness.run([command], stdin: Self.record, terminal: false)
      #expect(piped.exit == .success, "\(command): \(piped.stderr)")
      #expect(piped.stdout == asked.stdout)
    }
  }

  @Test("explain's usage errors for a missing FILE name - for standard input")
  func explain() {
    let none = CLIHarness.run(["explain"], terminal: true)
    #expect(none.exit == .usage)
    #expect(
      none.stderr.hasPrefix("flowcause explain: error: give --line N FILE (- for standard input)"))
    let line = CLIHarness.run(["explain", "--line", "1"], terminal: true)
    #expect(line.exit == .usage)
    #expect(
      line.stderr.hasPrefix(
        "flowcause explain: error: --line N needs one FILE (- for standard input)"))
  }

  @Test("The help of every command that reads flow logs says how to read standard input")
  func help() {
    for command in ["diagnose", "parse", "explain"] {
      let usage = CLIHarness.run([command, "--help"]).stdout
      #expect(usage.contains("'-'") && usage.contains("standard input"), "\(command)")
    }
    #expect(CLIHarness.run(["--help"]).stdout.contains("standard\ninput for '-'"))
  }
}
