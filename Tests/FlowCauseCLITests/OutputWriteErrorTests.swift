import FlowLogs
import Foundation
import Rendering
import Testing

@testable import FlowCauseCLI

#if canImport(Glibc)
  import Glibc
#endif

/// A standard output that cannot be written (`> /dev/full`, a full disk) is an error, said once
/// on stderr, with exit 74; a reader that went away (`| head`) is not.
@Suite("Output that cannot be written")
struct OutputWriteErrorTests {
  static let hasDevFull = FileManager.default.fileExists(atPath: "/dev/full")
  static let message = "flowcause: error: cannot write the output: No space left on device"

  static let scenario = CLIHarness.packageRoot.appendingPathComponent(
    "Scenarios/nacl-denies-inbound"
  ).path
  static let scenarios = CLIHarness.packageRoot.appendingPathComponent("Scenarios").path

  /// Every command that writes to stdout, with arguments that make it succeed otherwise.
  static let commands: [[String]] = [
    ["--help"],
    ["parse", "--help"],
    ["parse", "\(scenario)/flows.log"],
    ["diagnose", "\(scenario)/flows.log"],
    ["diagnose", "--output", "json", "\(scenario)/flows.log"],
    ["diagnose", "--output", "jsonl", "\(scenario)/flows.log"],
    [
      "diagnose", "--output", "jsonl", "--topology", "\(scenario)/topology",
      "\(scenario)/flows.log",
    ],
    ["explain", "--topology", "\(scenario)/topology", "--line", "2", "\(scenario)/flows.log"],
    ["lint", "--topology", "\(scenario)/topology"],
    ["lint", "--output", "json", "--topology", "\(scenario)/topology"],
    [
      "trace", "--topology", "\(scenario)/topology", "--from", "10.30.1.12", "--to",
      "198.51.100.123", "--protocol", "udp", "--port", "123",
    ],
    ["simulate", "--topology", "\(scenario)/topology", "--traffic", "\(scenario)/traffic.json"],
    ["scenario", "list", "--scenarios", scenarios],
    ["scenario", "run", "nacl-denies-inbound", "--scenarios", scenarios],
    ["scenario", "check", "nacl-denies-inbound", "--scenarios", scenarios],
  ]

  @Test(
    "Each command writing to /dev/full says so once and exits 74",
    .enabled(if: hasDevFull), arguments: commands)
  func devFull(arguments: [String]) throws {
    let full = open("/dev/full", O_WRONLY)
    try #require(full >= 0)
    defer { close(full) }
    let err = MemoryWriter()
    let io = CommandIO(
      stdout: FileDescriptorWriter(descriptor: full), stderr: err, stdin: { MemorySource([]) })
    let exit = FlowCauseCommand.run(arguments, io: io)
    #expect(exit == .ioError)
    let lines = err.text.split(separator: "\n").map(String.init)
    #expect(lines.filter { $0 == Self.message }.count == 1, "\(err.text)")
    #expect(lines.last == Self.message)
  }

  @Test(
    "The executable's stdout to /dev/full: parse and diagnose exit 74 with one error line",
    .enabled(if: hasDevFull),
    arguments: [
      ["parse", "\(scenario)/flows.log"],
      ["diagnose", "--output", "jsonl", "\(scenario)/flows.log"],
    ])
  func executable(arguments: [String]) throws {
    let process = Process()
    process.executableURL = try ExecutableTests.binary
    process.arguments = arguments
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
    let err = Pipe()
    process.standardError = err
    try process.run()
    let errors = String(
      decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 74)
    #expect(errors.hasSuffix("\n\(Self.message)\n"), "\(errors)")
  }

  @Test("A failed write is remembered, and later bytes are dropped, not written")
  func remembered() throws {
    let path = try CLIHarness.temporaryDirectory().appendingPathComponent("read-only").path
    try Data().write(to: URL(fileURLWithPath: path))
    // A descriptor open for reading only: every write fails with EBADF.
    let descriptor = open(path, O_RDONLY)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    let writer = FileDescriptorWriter(descriptor: descriptor, capacity: 16)
    writer.write(Array(repeating: 0x41, count: 100))
    writer.flush()
    #expect(writer.writeError == EBADF)
    writer.write("more")
    writer.flush()
    #expect(writer.writeError == EBADF)
  }

  @Test("A failed direct write (diagnose --output jsonl into a file) is remembered too")
  func direct() throws {
    let path = try CLIHarness.temporaryDirectory().appendingPathComponent("read-only").path
    try Data().write(to: URL(fileURLWithPath: path))
    let descriptor = open(path, O_RDONLY)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    let writer = FileDescriptorWriter(descriptor: descriptor)
    let direct = writer.writeDirectly()
    // Past two 4 MiB staging buffers, so that blocks are written on the output queue.
    for piece in DirectWriteTests.pieces(total: 10_000_000) { writer.write(piece) }
    writer.flush()
    #expect(writer.writeError == EBADF)
    if DirectWriteTests.takesDirectWrites(beside: path) { #expect(direct) }
  }

  @Test("A reader that goes away (EPIPE, SIGPIPE ignored) is not an error")
  func brokenPipe() throws {
    // Megabytes of records: parse blocks on the full pipe until its reader closes it.
    let flows = try ThreadsOptionTests.file(
      ThreadsOptionTests.conversations(), name: "broken-pipe.log")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      "-c", "trap '' PIPE; exec \"$0\" parse \"$1\"", try ExecutableTests.binary.path, flows,
    ]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    _ = out.fileHandleForReading.readData(ofLength: 10)
    try out.fileHandleForReading.close()
    let errors = String(
      decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(!errors.contains("error"), "\(errors)")
  }
}
