import FlowLogs
import Foundation
import Messages
import Rendering

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The standard streams a command uses; tests pass memory writers and sources.
public struct CommandIO {
  public var stdout: any ByteWriter
  public var stderr: any ByteWriter
  public var stdin: () -> any ByteSource
  /// Whether standard input is a terminal: a command that would read it only because no FILE
  /// was named then stops with a usage error instead of waiting for typing.
  public var stdinIsTerminal = false
  /// The environment the language is read from when `--lang` is not given
  /// (``Language/resolve(option:environment:)``): the process's, or none in tests (English).
  public var environment: [String: String] = [:]

  public init(
    stdout: any ByteWriter, stderr: any ByteWriter, stdin: @escaping () -> any ByteSource
  ) {
    self.stdout = stdout
    self.stderr = stderr
    self.stdin = stdin
  }

  /// The process's own standard streams.
  public static func process() -> CommandIO {
    var io = CommandIO(
      stdout: FileDescriptorWriter(descriptor: 1),
      stderr: FileDescriptorWriter(descriptor: 2, capacity: 4096),
      stdin: { FileDescriptorSource(descriptor: 0) })
    io.stdinIsTerminal = isatty(0) == 1
    io.environment = ProcessInfo.processInfo.environment
    return io
  }
}

extension CommandIO {
  /// The language of `command`'s sentences: `--lang` (already checked to be one), else
  /// `FLOWCAUSE_LANG` (a value that is not one is warned about once), else the locale.
  func language(_ option: String?, command: String) -> Language {
    let (language, rejected) = Language.resolve(option: option, environment: environment)
    if let rejected, case .environment(let name) = rejected.source {
      stderr.write(
        "flowcause \(command): warning: \(name)='\(rejected.value)' is not en or ja; "
          + "the locale decides (\(language.rawValue))\n")
    }
    return language
  }
}

/// The `flowcause` command: dispatches to a subcommand and returns the exit code.
public enum FlowCauseCommand {
  /// The version `flowcause --version` prints.
  public static let version = "0.1.0"

  /// Runs `flowcause` with `arguments` (without the program name).
  ///
  /// When a write to the standard output failed, says so once on stderr and exits with 74
  /// (`ioError`); a reader that went away (`EPIPE`, as in `flowcause parse F | head`) is not
  /// reported and changes nothing.
  public static func run(_ arguments: [String], io: CommandIO) -> ExitCode {
    var exit = dispatch(arguments, io: io)
    io.stdout.flush()
    if let error = io.stdout.writeError, error != EPIPE {
      io.stderr.write(DiagnosticRenderer.cannotWriteOutput(error))
      exit = exit.worst(.ioError)
    }
    io.stderr.flush()
    return exit
  }

  /// The subcommands, in the order `flowcause --help` lists them.
  static var subcommands: [any Subcommand.Type] {
    [
      CollectCommand.self, ParseCommand.self, DiagnoseCommand.self, ExplainCommand.self,
      LintCommand.self, ReportCommand.self, ScenarioCommand.self, SimulateCommand.self,
      SQLCommand.self, TraceCommand.self,
    ]
  }

  /// Runs the command `arguments` names; ``run(_:io:)`` checks the output afterwards.
  static func dispatch(_ arguments: [String], io: CommandIO) -> ExitCode {
    guard let name = arguments.first else {
      io.stderr.write(Usage.main)
      return .usage
    }
    switch name {
    case "-h", "--help", "help":
      guard arguments.count > 1 else {
        io.stdout.write(Usage.main)
        return .success
      }
      // `flowcause help diagnose`: that command's usage, as `flowcause diagnose --help`.
      guard let subcommand = subcommand(named: arguments[1], io: io) else { return .usage }
      io.stdout.write(subcommand.usage)
      return .success
    case "--version", "version":
      io.stdout.write("flowcause \(version)\n")
      return .success
    default:
      guard let subcommand = subcommand(named: name, io: io) else { return .usage }
      return subcommand.dispatch(arguments.dropFirst(), io: io)
    }
  }

  /// The subcommand called `name`; else says so on stderr, with the nearest name when `name`
  /// looks like a misspelling of one, and the main help.
  private static func subcommand(named name: String, io: CommandIO) -> (any Subcommand.Type)? {
    if let subcommand = subcommands.first(where: { $0.name == name }) { return subcommand }
    let names = subcommands.map { $0.name } + ["help", "version"]
    io.stderr.write(
      "flowcause: error: unknown command '\(name)'"
        + DiagnosticRenderer.didYouMean(name, among: names, quote: "'") + "\n\(Usage.main)")
    return nil
  }

  /// Entry point for the executable: runs with the process's arguments and streams.
  public static func main() -> Int32 {
    run(Array(CommandLine.arguments.dropFirst()), io: .process()).rawValue
  }
}

/// A subcommand of `flowcause`: its name, its help, how it reads its arguments and runs.
protocol Subcommand {
  /// The word that names it: `flowcause NAME …`.
  static var name: String { get }
  /// Its help, printed for `--help`; its synopsis (the lines up to the first blank one) after
  /// a usage error.
  static var usage: String { get }
  /// Reads the arguments after the name; a usage error says what is wrong with them.
  init(arguments: ArraySlice<String>) throws(UsageError)
  /// Runs with the arguments read and returns the exit code.
  func run(io: CommandIO) -> ExitCode
  /// Whether it reads standard input only because no FILE was named (`diagnose`, `parse`): on a
  /// terminal that is a usage error, not a silent wait.
  var readsStandardInputUnasked: Bool { get }
}

extension Subcommand {
  var readsStandardInputUnasked: Bool { false }

  /// After a usage error: the synopsis, and where the rest is (the error stays on screen).
  static var shortUsage: String {
    let synopsis = usage.split(separator: "\n", omittingEmptySubsequences: false)
      .prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    return synopsis.joined(separator: "\n")
      + "\nRun 'flowcause help \(name)' for every option.\n"
  }

  /// `--help` prints the usage; arguments it cannot read are a usage error (64) with the
  /// synopsis after it; else it runs.
  static func dispatch(_ arguments: ArraySlice<String>, io: CommandIO) -> ExitCode {
    if arguments.contains("-h") || arguments.contains("--help") {
      io.stdout.write(usage)
      return .success
    }
    let command: Self
    do {
      command = try Self(arguments: arguments)
    } catch {
      io.stderr.write("flowcause \(name): error: \(error.message)\n\(shortUsage)")
      return .usage
    }
    if command.readsStandardInputUnasked && io.stdinIsTerminal {
      io.stderr.write(
        "flowcause \(name): error: \(DiagnosticRenderer.standardInputIsTerminal(name))\n"
          + shortUsage)
      return .usage
    }
    return command.run(io: io)
  }
}

extension CollectCommand: Subcommand {
  static let name = "collect"
  static var usage: String { Usage.collect }

  func run(io: CommandIO) -> ExitCode {
    run(io: io, environment: ProcessInfo.processInfo.environment)
  }
}

extension ParseCommand: Subcommand {
  static let name = "parse"
  static var usage: String { Usage.parse }
}

extension DiagnoseCommand: Subcommand {
  static let name = "diagnose"
  static var usage: String { Usage.diagnose }
}

extension ExplainCommand: Subcommand {
  static let name = "explain"
  static var usage: String { Usage.explain }
}

extension LintCommand: Subcommand {
  static let name = "lint"
  static var usage: String { Usage.lint }
}

extension ReportCommand: Subcommand {
  static let name = "report"
  static var usage: String { Usage.report }
}

extension ScenarioCommand: Subcommand {
  static let name = "scenario"
  static var usage: String { Usage.scenario }
}

extension SimulateCommand: Subcommand {
  static let name = "simulate"
  static var usage: String { Usage.simulate }
}

extension SQLCommand: Subcommand {
  static let name = "sql"
  static var usage: String { Usage.sql }
}

extension TraceCommand: Subcommand {
  static let name = "trace"
  static var usage: String { Usage.trace }
}
