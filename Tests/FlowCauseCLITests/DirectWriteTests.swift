import Foundation
import NetworkPrimitives
import Testing

@testable import FlowCauseCLI

#if canImport(Glibc)
  import Glibc
#endif

/// `FileDescriptorWriter.writeDirectly()`, which `diagnose --output jsonl` turns on when its
/// output is a regular file: whatever the mode ends up being, the file holds exactly the bytes
/// written, in order.
@Suite("Direct writes to a file keep every byte")
struct DirectWriteTests {
  /// Deterministic bytes of every value, in pieces of irregular sizes.
  static func pieces(total: Int) -> [[UInt8]] {
    var random = SplitMixRandom(seed: 0x9E37_79B9_7F4A_7C15)
    var pieces: [[UInt8]] = []
    var made = 0
    while made < total {
      let size = min(total - made, random.next(70_000) + 1)
      pieces.append((0..<size).map { UInt8(truncatingIfNeeded: (made + $0) &* 31 &+ 7) })
      made += size
    }
    return pieces
  }

  static func write(
    _ pieces: [[UInt8]], to path: String, flags: Int32, prefix: [UInt8] = [],
    flushAfter: Int? = nil
  ) throws -> (direct: Bool, contents: [UInt8]) {
    let descriptor = open(path, flags, 0o644)
    try #require(descriptor >= 0)
    let writer = FileDescriptorWriter(descriptor: descriptor)
    if !prefix.isEmpty {
      writer.write(prefix)
      writer.flush()
    }
    let direct = writer.writeDirectly()
    for (index, piece) in pieces.enumerated() {
      writer.write(piece)
      if index == flushAfter { writer.flush() }
    }
    writer.flush()
    close(descriptor)
    return (direct, try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
  }

  @Test("10 MB in irregular pieces: the file holds exactly those bytes, written directly")
  func regularFile() throws {
    let path = try CLIHarness.temporaryDirectory().appendingPathComponent("out.jsonl").path
    let pieces = Self.pieces(total: 10_000_000 + 1_234)
    let (direct, contents) = try Self.write(pieces, to: path, flags: O_WRONLY | O_CREAT | O_TRUNC)
    #expect(contents == pieces.flatMap { $0 })
    // Where the file system takes O_DIRECT, direct mode must be on; elsewhere writes fall
    // back, and the bytes above still match.
    if Self.takesDirectWrites(beside: path) { #expect(direct) }
  }

  /// Whether the file system holding `path` takes `O_DIRECT` (ext4, xfs, tmpfs since Linux
  /// 6.6), where `DirectFileOutput` is built for (Linux on x86_64): a probe file beside it.
  static func takesDirectWrites(beside path: String) -> Bool {
    #if os(Linux) && arch(x86_64)
      let probe = open(path + ".probe", O_WRONLY | O_CREAT | 0o40000, 0o644)
      guard probe >= 0 else { return false }
      close(probe)
      return true
    #else
      return false
    #endif
  }

  @Test("A flush in the middle ends direct mode; the bytes stay in order")
  func flushInTheMiddle() throws {
    let path = try CLIHarness.temporaryDirectory().appendingPathComponent("out.jsonl").path
    let pieces = Self.pieces(total: 6_000_000)
    let (_, contents) = try Self.write(
      pieces, to: path, flags: O_WRONLY | O_CREAT | O_TRUNC, flushAfter: pieces.count / 2)
    #expect(contents == pieces.flatMap { $0 })
  }

  @Test("Not direct when appending or at an unaligned offset, and the bytes still match")
  func refused() throws {
    let folder = try CLIHarness.temporaryDirectory()
    let pieces = Self.pieces(total: 300_000)
    let appended = try Self.write(
      pieces, to: folder.appendingPathComponent("a").path,
      flags: O_WRONLY | O_CREAT | O_TRUNC | O_APPEND)
    #expect(!appended.direct)
    #expect(appended.contents == pieces.flatMap { $0 })
    let unaligned = try Self.write(
      pieces, to: folder.appendingPathComponent("b").path, flags: O_WRONLY | O_CREAT | O_TRUNC,
      prefix: Array("first line\n".utf8))
    #expect(!unaligned.direct)
    #expect(unaligned.contents == Array("first line\n".utf8) + pieces.flatMap { $0 })
  }

  @Test("Not direct into a pipe")
  func pipe() throws {
    var ends: [Int32] = [0, 0]
    try #require(Glibc.pipe(&ends) == 0)
    let writer = FileDescriptorWriter(descriptor: ends[1])
    #expect(!writer.writeDirectly())
    close(ends[0])
    close(ends[1])
  }
}

extension DirectWriteTests {
  /// Runs the binary with its standard output (and, when `sharedWithErrors`, its standard
  /// error) to `path`, as `> path` and `> path 2>&1` do.
  static func runToFile(_ arguments: [String], path: String, sharedWithErrors: Bool) throws
    -> Int32
  {
    try #require(FileManager.default.createFile(atPath: path, contents: nil))
    let file = try #require(FileHandle(forWritingAtPath: path))
    let process = Process()
    process.executableURL = try ExecutableTests.binary
    process.arguments = arguments
    process.standardOutput = file
    process.standardError = sharedWithErrors ? file : FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try file.close()
    return process.terminationStatus
  }

  @Test("diagnose --output jsonl into a file, alone or with its errors, as through a pipe")
  func diagnoseIntoFile() throws {
    // Some 7,000 REJECTs: megabytes of JSON Lines, past the 4 MiB staging area.
    let flows = try ThreadsOptionTests.file(
      ThreadsOptionTests.conversations(), name: "direct-conversations.log")
    let arguments = ["diagnose", "--output", "jsonl", flows]
    let piped = try ExecutableTests.run(arguments)
    #expect(piped.status == 0)
    #expect(piped.stdout.utf8.count > 5_000_000)
    let folder = try CLIHarness.temporaryDirectory()
    let alone = folder.appendingPathComponent("alone.jsonl").path
    #expect(try Self.runToFile(arguments, path: alone, sharedWithErrors: false) == 0)
    #expect(try String(contentsOfFile: alone, encoding: .utf8) == piped.stdout)
    // With the errors in the same file, the summary line follows the diagnoses.
    let shared = folder.appendingPathComponent("shared.jsonl").path
    #expect(try Self.runToFile(arguments, path: shared, sharedWithErrors: true) == 0)
    #expect(try String(contentsOfFile: shared, encoding: .utf8) == piped.stdout + piped.stderr)
  }
}
