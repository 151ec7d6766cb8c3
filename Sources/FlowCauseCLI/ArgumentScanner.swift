import FlowLogs
import Foundation
import Messages
import Rendering

/// A small command-line scanner: options with values (`--format F`, `--format=F`), flags,
/// positional arguments, and `--` to end options.
struct ArgumentScanner {
  private var arguments: ArraySlice<String>
  private(set) var positional: [String] = []
  private var values: [String: String] = [:]
  private var flags: Set<String> = []

  /// Scans `arguments` for a command with the given options.
  init(
    _ arguments: ArraySlice<String>, valueOptions: Set<String>, flagOptions: Set<String>
  ) throws(UsageError) {
    self.arguments = arguments
    var optionsEnded = false
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
      if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
        positional.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      var name = argument
      var inlineValue: String? = nil
      if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      if valueOptions.contains(name) {
        guard let value = inlineValue ?? iterator.next() else {
          throw UsageError("\(name) needs a value")
        }
        if values[name] != nil { throw UsageError("\(name) is given twice") }
        values[name] = value
      } else if flagOptions.contains(name) && inlineValue == nil {
        flags.insert(name)
      } else {
        let known = (valueOptions.union(flagOptions).union(["--help"])).sorted()
        throw UsageError(
          "unknown option \(argument)" + DiagnosticRenderer.didYouMean(name, among: known))
      }
    }
  }

  func value(_ name: String) -> String? { values[name] }

  /// `--lang en|ja`, checked; `nil` when not given (the environment then decides).
  func languageOption() throws(UsageError) -> String? {
    guard let text = value("--lang") else { return nil }
    guard Language(identifier: text) != nil else {
      throw UsageError("--lang: '\(text)' is not en or ja")
    }
    return text
  }

  /// `--threads N` (1–64), else 1: the chunked two-thread pipeline gives the same output but
  /// does not yet run faster (docs/performance.md), so it is opt-in.
  func threadsOption(default fallback: Int = 1) throws(UsageError) -> Int {
    guard let text = value("--threads") else { return fallback }
    guard let count = Int(text), (1...64).contains(count) else {
      throw UsageError("--threads: '\(text)' is not a number from 1 to 64")
    }
    return count
  }

  /// The processors this process may use (the default for `diagnose --threads`), at most 8.
  static var processors: Int {
    min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))
  }

  /// `--max-errors N`: the most bad lines of one input reported on stderr (0: every one),
  /// else 20.
  func maxErrorsOption() throws(UsageError) -> Int {
    guard let text = value("--max-errors") else { return BadLineLimit.defaultLimit }
    guard let count = Int(text), count >= 0 else {
      throw UsageError(
        "--max-errors: '\(text)' is not a number (0 or more; 0 reports every bad line)")
    }
    return count
  }

  /// `--format FORMAT`, read as a flow log format (`nil` when not given).
  func formatOption() throws(UsageError) -> FlowLogFormat? {
    guard let text = value("--format") else { return nil }
    do {
      return try FlowLogFormat(parsing: text)
    } catch {
      throw UsageError("--format: \(error)")
    }
  }
  func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// A command line that cannot be run; the message says why.
public struct UsageError: Error, Equatable, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
}
