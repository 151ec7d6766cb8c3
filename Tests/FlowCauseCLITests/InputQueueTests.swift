import FlowCauseCLI
import Foundation
import Testing

/// With more than one thread, `diagnose` and `parse` open the next inputs before their turn and
/// read (and decompress) them ahead on threads of their own. What they write must not show it:
/// the same bytes on stdout and stderr, in input order, each record and problem named by its
/// own file and line, as on one thread.
@Suite("Many inputs read ahead: the output of one thread, in input order")
struct InputQueueTests {
  static let header =
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"

  /// An hour of conversations as one S3 object would hold them: a header, then requests and
  /// replies, some rejected, from `start` on.
  static func hour(_ hour: Int, records: Int) -> [UInt8] {
    var text = header
    for index in 0..<records {
      let eni = "eni-0000000000000000\(index % 5)"
      let client = "198.51.100.\(index % 200 + 1)"
      let server = "10.0.1.\(index % 5 + 10)"
      let port = 32768 + (index * 7 + hour) % 28_000
      let start = 1_777_593_600 + hour * 3600 + index * 3600 / records
      let action = index % 3 == 0 ? "REJECT" : "ACCEPT"
      text +=
        "2 123456789012 \(eni) \(client) \(server) \(port) 443 6 3 180 \(start) \(start + 60) \(action) OK\n"
      if index % 3 == 1 {
        text +=
          "2 123456789012 \(eni) \(server) \(client) 443 \(port) 6 3 180 \(start) \(start + 60) REJECT OK\n"
      }
      if index == records / 2 { text += "a bad line in hour \(hour)\n" }
    }
    return Array(text.utf8)
  }

  /// Eight inputs: gzip hours (one large enough to span several chunks, one of two members),
  /// a plain hour, a truncated and a damaged gzip, one that does not exist, and the rest.
  static func inputs() throws -> [String] {
    let folder = try CLIHarness.temporaryDirectory()
    var paths: [String] = []
    func write(_ name: String, _ bytes: [UInt8]) throws {
      let url = folder.appendingPathComponent(name)
      try Data(bytes).write(to: url)
      paths.append(url.path)
    }
    try write("h00.log.gz", try CLIHarness.gzip(hour(0, records: 3000)))
    try write("h01.log.gz", try CLIHarness.gzip(hour(1, records: 30_000)))
    try write(
      "h02.log.gz",
      try CLIHarness.gzip(hour(2, records: 1000)) + CLIHarness.gzip(Array("\n".utf8)))
    try write("h03.log", hour(3, records: 2000))
    let cut = try CLIHarness.gzip(hour(4, records: 5000))
    try write("h04-truncated.log.gz", Array(cut[0..<(cut.count / 2)]))
    var damaged = try CLIHarness.gzip(hour(5, records: 5000))
    damaged[damaged.count / 2] ^= 0xFF
    try write("h05-damaged.log.gz", damaged)
    paths.append(folder.appendingPathComponent("h06-missing.log.gz").path)
    try write("h07.log.gz", try CLIHarness.gzip(hour(7, records: 2000)))
    return paths
  }

  @Test("diagnose: the same stdout, stderr and exit code on 1, 2 and 3 threads")
  func diagnose() throws {
    let paths = try Self.inputs()
    let runs = [1, 2, 3].map { threads in
      CLIHarness.run(["diagnose", "--output", "jsonl", "--threads", "\(threads)"] + paths)
    }
    for run in runs.dropFirst() {
      #expect(run.stdout == runs[0].stdout)
      #expect(run.stderr == runs[0].stderr)
      #expect(run.exit == runs[0].exit)
    }
    #expect(runs[0].exit == .noInput)
    // Every diagnosis names its own file, in input order.
    let files = try runs[0].objects().compactMap { $0["file"] as? String }
    let order = files.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
    #expect(
      order.map { URL(fileURLWithPath: $0).lastPathComponent }
        == [
          "h00.log.gz", "h01.log.gz", "h02.log.gz", "h03.log", "h04-truncated.log.gz",
          "h05-damaged.log.gz", "h07.log.gz",
        ])
    let problems = runs[0].errorLines
    // The bad line of the large gzip input, by the number the file itself gives it.
    let badLine =
      try #require(
        String(decoding: Self.hour(1, records: 30_000), as: UTF8.self)
          .split(separator: "\n").firstIndex { $0.hasPrefix("a bad line") }) + 1
    #expect(
      problems.contains {
        $0.hasSuffix("/h01.log.gz:\(badLine): error: expected 14 fields, found 6")
      })
    #expect(
      problems.contains {
        $0.hasSuffix(
          "h04-truncated.log.gz: error: gzip data ends early (truncated file?); the records before the break were read"
        )
      })
    #expect(problems.contains { $0.contains("h05-damaged.log.gz: error: gzip data is damaged") })
    #expect(problems.contains { $0.contains("h06-missing.log.gz: error: cannot open") })
  }

  @Test("parse --threads 2 and 3: the same output as one thread")
  func parse() throws {
    let paths = try Self.inputs()
    let one = CLIHarness.run(["parse"] + paths)
    #expect(one.stdout.split(separator: "\n").count > 40_000)
    for threads in [2, 3] {
      let many = CLIHarness.run(["parse", "--threads", "\(threads)"] + paths)
      #expect(many.stdout == one.stdout)
      #expect(many.stderr == one.stderr)
      #expect(many.exit == one.exit)
    }
  }

  /// Inputs opened ahead hold a descriptor and a thread until they are read and closed: the
  /// built binary, allowed 40 descriptors, reads sixty inputs.
  @Test("Sixty gzip inputs read ahead with 40 descriptors allowed: all opened, all read")
  func descriptorsClosed() throws {
    let folder = try CLIHarness.temporaryDirectory()
    let bytes = try CLIHarness.gzip(Self.hour(0, records: 200))
    let paths = try (0..<60).map { index in
      let url = folder.appendingPathComponent("object-\(index).log.gz")
      try Data(bytes).write(to: url)
      return url.path
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments =
      ["-c", "ulimit -n 40 && exec \"$0\" \"$@\"", try ExecutableTests.binary.path]
      + ["diagnose", "--threads", "2"] + paths
    let err = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 65, "\(stderr)")
    #expect(!stderr.contains("cannot open"))
    #expect(stderr.contains(" read from 60 inputs: "), "\(stderr)")
    #expect(stderr.contains(" 60 headers, 0 blank, 60 bad"), "\(stderr)")
  }
}
