import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

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

  #if canImport(Glibc)
    @Test("Memory stays flat: 100 MB of records are read with a small, fixed peak")
    func streaming() throws {
      // 100 MB of records, written once; the reader keeps one chunk buffer whatever the size.
      let line = Array(
        "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n"
          .utf8)
      let path = try CLIHarness.temporaryDirectory().appendingPathComponent("big.log")
      _ = FileManager.default.createFile(atPath: path.path, contents: nil)
      let handle = try FileHandle(forWritingTo: path)
      let block = Data(Array(repeating: line, count: 10_000).joined())
      let blocks = 100 * 1024 * 1024 / block.count
      for _ in 0..<blocks { handle.write(block) }
      try handle.close()

      // Measured from a small parent (python3): a child's ru_maxrss starts from its parent's
      // size when it is spawned, and this test process can be large while other tests run.
      let script = """
        import resource, subprocess, sys
        result = subprocess.run([sys.argv[1], "parse", sys.argv[2]], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        print(result.returncode)
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        print(result.stderr.strip())
        """
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["python3", "-c", script, try Self.binary.path, path.path]
      let out = Pipe()
      process.standardOutput = out
      try process.run()
      let lines = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        .split(separator: "\n").map(String.init)
      process.waitUntilExit()
      try #require(lines.count >= 3, "\(lines)")
      #expect(lines[0] == "0")
      #expect(lines[2].contains("\(blocks * 10_000) records"))
      let peakKiB = try #require(Int(lines[1]))
      // ru_maxrss is in KiB on Linux. The file is 100 MB; the process must stay far below it.
      #expect(peakKiB < 64 * 1024, "peak RSS \(peakKiB) KiB")
      try? FileManager.default.removeItem(at: path)
    }
  #endif
}
