import FlowLogs
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

  public init(
    stdout: any ByteWriter, stderr: any ByteWriter, stdin: @escaping () -> any ByteSource
  ) {
    self.stdout = stdout
    self.stderr = stderr
    self.stdin = stdin
  }

  /// The process's own standard streams.
  public static func process() -> CommandIO {
    CommandIO(
      stdout: FileDescriptorWriter(descriptor: 1),
      stderr: FileDescriptorWriter(descriptor: 2, capacity: 4096),
      stdin: { FileDescriptorSource(descriptor: 0) })
  }
}

/// The `flowcause` command: dispatches to a subcommand and returns the exit code.
public enum FlowCauseCommand {
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

  /// Runs the command `arguments` names; ``run(_:io:)`` checks the output afterwards.
  static func dispatch(_ arguments: [String], io: CommandIO) -> ExitCode {
    guard let command = arguments.first else {
      io.stderr.write(Usage.main)
      return .usage
    }
    let rest = arguments.dropFirst()
    switch command {
    case "-h", "--help", "help":
      io.stdout.write(Usage.main)
      return .success
    case "lint":
      if rest.contains("-h") || rest.contains("--help") {
        io.stdout.write(Usage.lint)
        return .success
      }
      do {
        return try LintCommand(arguments: rest).run(io: io)
      } catch {
        io.stderr.write("flowcause lint: error: \(error.message)\n\(Usage.lint)")
        return .usage
      }
    case "parse":
      if rest.contains("-h") || rest.contains("--help") {
        io.stdout.write(Usage.parse)
        return .success
      }
      do {
        let command = try ParseCommand(arguments: rest)
        return command.run(io: io)
      } catch {
        io.stderr.write("flowcause parse: error: \(error.message)\n\(Usage.parse)")
        return .usage
      }
    case "collect":
      if rest.contains("-h") || rest.contains("--help") {
        io.stdout.write(Usage.collect)
        return .success
      }
      do {
        return try CollectCommand(arguments: rest).run(io: io)
      } catch {
        io.stderr.write("flowcause collect: error: \(error.message)\n\(Usage.collect)")
        return .usage
      }
    case "diagnose":
      if rest.contains("-h") || rest.contains("--help") {
        io.stdout.write(Usage.diagnose)
        return .success
      }
      do {
        let command = try DiagnoseCommand(arguments: rest)
        return command.run(io: io)
      } catch {
        io.stderr.write("flowcause diagnose: error: \(error.message)\n\(Usage.diagnose)")
        return .usage
      }
    case "explain":
      if rest.contains("-h") || rest.contains("--help") {
        io.stdout.write(Usage.explain)
        return .success
      }
      do {
        return try ExplainCommand(arguments: rest).run(io: io)
      } catch {
        io.stderr.write("flowcause explain: error: \(error.message)\n\(Usage.explain)")
        return .usage
      }
    case "scenario":
      if rest.contains("-h") || rest.contains("--help") {
        io.stdout.write(Usage.scenario)
        return .success
      }
      do {
        return try ScenarioCommand(arguments: rest).run(io: io)
      } catch {
        io.stderr.write("flowcause scenario: error: \(error.message)\n\(Usage.scenario)")
        return .usage
      }
    case "simulate":
      if rest.contains("-h") || rest.contains("--help") {
        io.stdout.write(Usage.simulate)
        return .success
      }
      do {
        return try SimulateCommand(arguments: rest).run(io: io)
      } catch {
        io.stderr.write("flowcause simulate: error: \(error.message)\n\(Usage.simulate)")
        return .usage
      }
    case "trace":
      if rest.contains("-h") || rest.contains("--help") {
        io.stdout.write(Usage.trace)
        return .success
      }
      do {
        let command = try TraceCommand(arguments: rest)
        return command.run(io: io)
      } catch {
        io.stderr.write("flowcause trace: error: \(error.message)\n\(Usage.trace)")
        return .usage
      }
    default:
      io.stderr.write("flowcause: error: unknown command '\(command)'\n\(Usage.main)")
      return .usage
    }
  }

  /// Entry point for the executable: runs with the process's arguments and streams.
  public static func main() -> Int32 {
    run(Array(CommandLine.arguments.dropFirst()), io: .process()).rawValue
  }
}
