import FlowCauseCLI
import FlowLogs
import Foundation
import Rendering

/// Runs `flowcause` in-process with memory streams, and finds test fixtures.
enum CLIHarness {
  struct Run {
    var exit: ExitCode
    var stdout: String
    var stderr: String

    /// Each stdout line decoded as a JSON object.
    func objects() throws -> [[String: Any]] {
      try stdout.split(separator: "\n").map { line in
        guard
          let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw HarnessError("not a JSON object: \(line)") }
        return object
      }
    }

    /// stderr lines other than the closing summary.
    var errorLines: [String] {
      stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("flowcause: ") }
    }

    /// The closing summary line.
    var summary: String? {
      stderr.split(separator: "\n").last.map(String.init)
    }
  }

  struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  /// `terminal`: standard input is a terminal (`stdin` is still what it reads).
  static func run(_ arguments: [String], stdin: [UInt8] = [], terminal: Bool = false) -> Run {
    let out = MemoryWriter()
    let err = MemoryWriter()
    var io = CommandIO(stdout: out, stderr: err, stdin: { MemorySource(stdin) })
    io.stdinIsTerminal = terminal
    let exit = FlowCauseCommand.run(arguments, io: io)
    return Run(exit: exit, stdout: out.text, stderr: err.text)
  }

  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func fixture(_ path: String) -> String {
    packageRoot.appendingPathComponent("Tests/FlowCauseCLITests/Fixtures").appendingPathComponent(
      path
    ).path
  }

  /// A fresh temporary directory for one test.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flowcause-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Drops `file` and `line` so records from different forms compare equal.
  static func withoutLocation(_ object: [String: Any]) -> NSDictionary {
    var object = object
    object["file"] = nil
    object["line"] = nil
    return object as NSDictionary
  }

  /// gzip-compresses `data` with the system's gzip(1).
  static func gzip(_ data: [UInt8]) throws -> [UInt8] {
    let directory = try temporaryDirectory()
    let input = directory.appendingPathComponent("data")
    try Data(data).write(to: input)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -n -c \"$0\" > \"$0.gz\"", input.path]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw HarnessError("gzip failed") }
    return Array(try Data(contentsOf: input.appendingPathExtension("gz")))
  }
}
