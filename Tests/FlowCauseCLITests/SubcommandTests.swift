import FlowCauseCLI
import Testing

/// Every command `flowcause --help` lists is one a user can run: it answers `--help` with its
/// own usage, and an option it does not know is a usage error (64) followed by that usage.
@Suite("flowcause's commands: each one listed in the help answers to its name")
struct SubcommandTests {
  /// The names under COMMANDS in `flowcause --help`.
  static let listed: [String] = {
    let help = CLIHarness.run(["--help"]).stdout
    let section = help.components(separatedBy: "COMMANDS:\n").last ?? ""
    return section.split(separator: "\n").compactMap { line in
      // A command's line starts with two spaces and its name; continuation lines with more.
      guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
      return line.split(separator: " ").first.map(String.init)
    }
  }()

  @Test("The help lists the ten commands")
  func tenCommands() {
    #expect(
      Self.listed == [
        "collect", "parse", "diagnose", "explain", "lint", "report", "scenario", "simulate",
        "sql", "trace",
      ])
  }

  @Test("Each listed command prints its own usage for --help and -h", arguments: Self.listed)
  func help(command: String) {
    for flag in ["--help", "-h"] {
      let run = CLIHarness.run([command, flag])
      #expect(run.exit == .success)
      #expect(run.stdout.hasPrefix("USAGE: flowcause \(command)"), "\(run.stdout.prefix(80))")
      #expect(run.stderr.isEmpty)
    }
  }

  @Test("An option a command does not know: exit 64, the reason, its synopsis, where the rest is")
  func unknownOption() {
    for command in Self.listed {
      let run = CLIHarness.run([command, "--no-such-option", "x"])
      #expect(run.exit == .usage, "\(command)")
      #expect(run.stderr.hasPrefix("flowcause \(command): error: "), "\(run.stderr.prefix(120))")
      #expect(run.stderr.contains("USAGE: flowcause \(command)"), "\(command)")
      #expect(run.stderr.hasSuffix("Run 'flowcause help \(command)' for every option.\n"))
      // The error stays on a screen: the synopsis, not the whole help.
      #expect(run.stderr.split(separator: "\n").count <= 12, "\(run.stderr)")
      #expect(run.stdout.isEmpty)
    }
  }

  @Test("An unknown command: exit 64 and the list of commands")
  func unknownCommand() {
    let run = CLIHarness.run(["diagnos"])
    #expect(run.exit == .usage)
    #expect(run.stderr.hasPrefix("flowcause: error: unknown command 'diagnos'"))
    #expect(run.stderr.contains("COMMANDS:"))
  }

  @Test("An unknown command that is a likely misspelling names the command meant")
  func misspeltCommand() {
    let run = CLIHarness.run(["diagnoes", "flows.log"])
    #expect(run.exit == .usage)
    #expect(
      run.stderr.hasPrefix(
        "flowcause: error: unknown command 'diagnoes' (did you mean 'diagnose'?)\n"))
    let far = CLIHarness.run(["frobnicate"])
    #expect(far.stderr.hasPrefix("flowcause: error: unknown command 'frobnicate'\n"))
  }

  @Test(
    "A misspelt option names the option meant",
    arguments: [
      (["diagnose", "--topolgy", "t", "f.log"], "--topolgy (did you mean --topology?)"),
      (["diagnose", "--ouput=json", "f.log"], "--ouput=json (did you mean --output?)"),
      (["lint", "--fail-no", "error"], "--fail-no (did you mean --fail-on?)"),
      (["trace", "--colour", "red"], "--colour"),
    ])
  func misspeltOption(arguments: [String], expected: String) {
    let run = CLIHarness.run(arguments)
    #expect(run.exit == .usage)
    let first = run.stderr.split(separator: "\n").first.map(String.init)
    #expect(first == "flowcause \(arguments[0]): error: unknown option \(expected)")
  }

  @Test("A misspelt scenario action names the action meant")
  func misspeltScenarioAction() {
    let run = CLIHarness.run(["scenario", "lsit"])
    #expect(run.exit == .usage)
    #expect(
      run.stderr.hasPrefix(
        "flowcause scenario: error: unknown scenario action 'lsit' (did you mean 'list'?)\n"))
  }

  @Test("--version and version print the version on stdout")
  func version() {
    for word in ["--version", "version"] {
      let run = CLIHarness.run([word])
      #expect(run.exit == .success)
      #expect(run.stdout == "flowcause \(FlowCauseCommand.version)\n")
      #expect(run.stderr.isEmpty)
    }
    #expect(FlowCauseCommand.version.split(separator: ".").count == 3)
    #expect(CLIHarness.run(["--help"]).stdout.contains("'flowcause --version'"))
  }

  @Test("help COMMAND prints that command's usage, as COMMAND --help does", arguments: Self.listed)
  func helpCommand(command: String) {
    let run = CLIHarness.run(["help", command])
    #expect(run.exit == .success)
    #expect(run.stdout == CLIHarness.run([command, "--help"]).stdout)
    #expect(run.stderr.isEmpty)
  }

  @Test("help with an unknown command: exit 64, the nearest command and the list")
  func helpUnknown() {
    let run = CLIHarness.run(["help", "simualte"])
    #expect(run.exit == .usage)
    #expect(
      run.stderr.hasPrefix(
        "flowcause: error: unknown command 'simualte' (did you mean 'simulate'?)\n"))
    #expect(run.stderr.contains("COMMANDS:"))
    #expect(run.stdout.isEmpty)
  }
}

@Suite("Did you mean: values of diagnose's options")
struct OptionValueNearMissTests {
  @Test(
    "A mistyped or abbreviated value names the one meant",
    arguments: [
      (["--cause", "nacl"], "(did you mean network-acl?)"),
      (["--cause", "sg"], "(did you mean security-group?)"),
      (["--cause", "secruity-group"], "(did you mean security-group?)"),
      (["--output", "mdd"], "(did you mean md?)"),
      (["--output", "jsonlines"], "(did you mean jsonl?)"),
      (["--protocol", "tpc"], "(did you mean tcp?)"),
    ])
  func values(arguments: [String], suggestion: String) {
    let run = CLIHarness.run(["diagnose"] + arguments + ["flows.log"])
    #expect(run.exit == .usage)
    #expect(run.stderr.split(separator: "\n").first?.contains(suggestion) == true, "\(run.stderr)")
  }
}
