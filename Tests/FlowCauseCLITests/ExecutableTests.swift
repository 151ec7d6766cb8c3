import Foundation
import Testing

/// The built `flowcause` binary, run as a user runs it.
@Suite("The flowcause executable")
struct ExecutableTests {
  static var binary: URL {
    get throws {
      let candidates = [
        CLIHarness.packageRoot.appendingPathComponent(".build/debug/flowcause"),
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
          .appendingPathComponent("flowcause"),
      ]
      return try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
        "flowcause binary not found")
    }
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs the binary with `arguments`, feeding `stdin` from a file when given.
  static func run(_ arguments: [String], stdinFile: String? = nil) throws -> Result {
    let process = Process()
    process.executableURL = try binary
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    if let stdinFile { process.standardInput = FileHandle(forReadingAtPath: stdinFile) }
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  @Test("Exit codes are 0, 65, 66 and 64 as documented")
  func exitCodes() throws {
    let good = CLIHarness.fixture("same-records/plain.log.gz")
    #expect(try Self.run(["parse", good]).status == 0)

    let bad = try CLIHarness.temporaryDirectory().appendingPathComponent("bad.log")
    try Data("2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 MAYBE OK\n".utf8).write(to: bad)
    let badRun = try Self.run(["parse", bad.path])
    #expect(badRun.status == 65)
    #expect(badRun.stderr.hasPrefix("\(bad.path):1:43: error: action:"))

    #expect(try Self.run(["parse", "/nonexistent/flow.log"]).status == 66)
    #expect(try Self.run(["parse", "--nope"]).status == 64)
    #expect(try Self.run(["--help"]).status == 0)
  }

  @Test("Standard input is read through a pipe")
  func standardInput() throws {
    let run = try Self.run(["parse"], stdinFile: CLIHarness.fixture("same-records/firehose.jsonl"))
    #expect(run.status == 0)
    #expect(run.stdout.split(separator: "\n").count == 6)
    #expect(
      run.stderr == "flowcause: 6 lines read from 1 input: 6 records, 0 headers, 0 blank, 0 bad\n")
  }
}
