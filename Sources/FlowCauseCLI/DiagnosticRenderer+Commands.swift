import FlowLogs
import NetworkPrimitives
import Rendering

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The words for failures of the CLI's own: a scenario folder, an expected file, the output.
extension DiagnosticRenderer {
  /// Why `scenario` has nothing to list, run or check.
  static func scenarioFailure(_ failure: ScenarioCommand.Failure, root: String) -> String {
    switch failure {
    case .noFolder(let path):
      return "flowcause scenario: error: found no scenarios: the folder \(path) does not exist; "
        + "give --scenarios DIR\n"
    case .noScenarios(let path):
      return "flowcause scenario: error: found no scenarios in \(path) "
        + "(a scenario is a folder with a flows.log); give --scenarios DIR\n"
    case .unknown(let name):
      return "flowcause scenario: error: no scenario '\(name)' in \(root)\n"
    }
  }

  /// `FILE:LINE: error: REASON` for a line of a scenario's `expected.jsonl`.
  static func expectationError(_ error: ScenarioCommand.ExpectationError) -> String {
    "\(error.file):\(error.line): error: \(error.reason)\n"
  }

  /// A write to the standard output failed with `code` (an `errno`) (the disk is full, the file is too big).
  static func cannotWriteOutput(_ code: Int32) -> String {
    "flowcause: error: cannot write the output: \(String(cString: strerror(code)))\n"
  }

  /// `diagnose` or `parse` with no FILE while standard input is a terminal.
  static func standardInputIsTerminal(_ command: String) -> String {
    "no FILE given, and standard input is a terminal; name a FILE, or give - to read "
      + "standard input (zcat flows.log.gz | flowcause \(command) -)"
  }

  /// `diagnose --fields` with an output other than JSON Lines.
  static func fieldsNeedJSONLines(output: String) -> String {
    "--fields needs --output jsonl (it chooses the keys of each JSON Line); --output is \(output)"
  }

  /// `diagnose --fields` naming something that is not a key of a JSON Line (`nil`: nothing),
  /// with the nearest key when it is a likely misspelling, and every key.
  static func unknownField(_ name: String?) -> String {
    let keys = DiagnosisLineWriter.Field.allCases.map(\.rawValue)
    guard let name else {
      return "--fields names no key; the keys are: \(keys.joined(separator: ", "))"
    }
    return "--fields: unknown key \"\(name)\"" + didYouMean(name, among: keys, quote: "\"")
      + "; the keys are: \(keys.joined(separator: ", "))"
  }

  /// ` (did you mean 'diagnose'?)`: the nearest of `candidates` to what was given, when it is
  /// a likely misspelling (``NearMiss``), else nothing; `quote` goes around the name.
  static func didYouMean(_ given: String, among candidates: [String], quote: String = "")
    -> String
  {
    guard let near = NearMiss.nearest(to: given, among: candidates) else { return "" }
    return " (did you mean \(quote)\(near)\(quote)?)"
  }
}
