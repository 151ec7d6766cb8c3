#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a subcommand; returns the exit status.
func runBench(_ arguments: [String]) -> Int32 {
  guard let command = arguments.first else {
    printError(BenchUsage.main)
    return 2
  }
  let rest = arguments.dropFirst()
  if rest.contains("-h") || rest.contains("--help") || ["-h", "--help", "help"].contains(command) {
    print(BenchUsage.main, terminator: "")
    return 0
  }
  do {
    switch command {
    case "generate":
      return try GenerateCommand.run(rest)
    case "parse":
      return try ParseBenchCommand(arguments: rest).run()
    case "count":
      return try CountCommand.run(rest)
    case "accuracy":
      return try AccuracyCommand.run(rest)
    case "account":
      return try AccountCommand.run(rest)
    case "samples":
      return try SamplesCommand.run(rest)
    case "lint":
      return try LintBenchCommand(arguments: rest).run()
    default:
      throw BenchUsageError("unknown command '\(command)'")
    }
  } catch let error as BenchUsageError {
    printError(
      "flowcause-bench: error: \(error.message)\nRun 'flowcause-bench --help' for usage.\n")
    return 2
  } catch let error as BenchFailure {
    printError("flowcause-bench: error: \(error.message)\n")
    return 1
  } catch {
    printError("flowcause-bench: error: \(error)\n")
    return 1
  }
}

exit(runBench(Array(CommandLine.arguments.dropFirst())))
