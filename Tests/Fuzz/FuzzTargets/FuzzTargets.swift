import CZlib
import FlowCauseCLI
import FlowLogs
import Foundation
import RandomNetworks
import Rendering
import Topology

/// The fuzz targets: each takes one input of bytes and runs `flowcause` on it in-process, the
/// way a user's command line would, then checks what a user relies on (docs/fuzzing.md). A
/// failed check traps, as a crash does, so libFuzzer keeps the input.
///
/// The first byte of an input chooses the form (delivery, options, output), the rest is the
/// file; libFuzzer mutates both.
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// The flow log reader: plain text, a header or `--format`, gzip (the bytes as they are, or
  /// compressed), every JSON delivery form, stdin or a file read in place.
  case reader
  /// The topology loader, then `lint` and `trace` on what it loaded: the input as a native or
  /// merged file, or as one `describe-*` file beside the others of a fixed network.
  case topology
  /// `simulate` on a fixed network with the input as its traffic file.
  case traffic
  /// `diagnose` end to end on the input as a log, logs only or against a fixed network (or,
  /// split at a line `---`, a topology of the input's own), in every output form.
  case diagnose

  /// Runs one input.
  public func run(_ input: UnsafeRawBufferPointer) {
    let mode = input.first ?? 0
    let body = Array(input.dropFirst())
    switch self {
    case .reader: FuzzRun.reader(mode, body)
    case .topology: FuzzRun.topology(mode, body)
    case .traffic: FuzzRun.traffic(mode, body)
    case .diagnose: FuzzRun.diagnose(mode, body)
    }
  }

  /// Runs one input held in an array.
  public func run(_ input: [UInt8]) {
    input.withUnsafeBytes { run($0) }
  }
}

/// A failed check: says which and what, and traps (libFuzzer keeps the input).
func check(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
  file: StaticString = #file, line: UInt = #line
) {
  if !condition() {
    FileHandle.standardError.write(Data("fuzz check failed: \(message())\n".utf8))
    fatalError("fuzz check failed", file: file, line: line)
  }
}

enum FuzzRun {
  /// The exit codes a command may end with on any input (no AWS call is made).
  static let fileExits: Set<ExitCode> = [.success, .dataError, .noInput, .usage]

  struct Outcome {
    var exit: ExitCode
    var stdout: [UInt8]
    var stderr: [UInt8]
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
  }

  static func flowcause(_ arguments: [String], stdin: [UInt8] = []) -> Outcome {
    let out = MemoryWriter()
    let err = MemoryWriter()
    let io = CommandIO(stdout: out, stderr: err, stdin: { MemorySource(stdin) })
    let exit = FlowCauseCommand.run(arguments, io: io)
    let outcome = Outcome(exit: exit, stdout: out.bytes, stderr: err.bytes)
    Transcript.shared?.add(arguments, outcome)
    return outcome
  }

  // MARK: The reader

  static let customFormat =
    "${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${tcp-flags} ${flow-direction} ${pkt-srcaddr} ${pkt-dstaddr}"

  static func reader(_ mode: UInt8, _ body: [UInt8]) {
    var arguments = ["parse"]
    if mode & 0x01 != 0 { arguments += ["--format", customFormat] }
    let outcome: Outcome
    switch (mode >> 1) % 4 {
    case 0:
      outcome = flowcause(arguments + ["-"], stdin: body)
    case 1:
      // A file, read in place (mapped, in parallel chunks when large).
      let path = Scratch.write(body, as: "input.log")
      outcome = flowcause(arguments + [path])
    case 2:
      // The bytes as a .gz file: a damaged or hostile stream.
      let path = Scratch.write(body, as: "input.log.gz")
      outcome = flowcause(arguments + [path])
    default:
      // The bytes compressed: a valid stream of whatever the input holds.
      let path = Scratch.write(gzip(body), as: "input.log.gz")
      outcome = flowcause(arguments + [path])
    }
    check(fileExits.contains(outcome.exit), "parse exited \(outcome.exit)")
    checkAccounting(outcome, records: count(lines: outcome.stdout))
  }

  /// Every line is a record, a header, blank or bad, and counted: the summary's counts add
  /// up, and the records written are the records counted.
  static func checkAccounting(_ outcome: Outcome, records written: Int?) {
    // The summary: the last stderr line that counts lines (warnings may follow it).
    var end = outcome.stderr.endIndex
    var summary = ""
    while end > outcome.stderr.startIndex {
      let start = outcome.stderr[..<(end - 1)].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
      let line = String(decoding: outcome.stderr[start..<end], as: UTF8.self)
      if line.hasPrefix("flowcause: "), line.contains(" read from ") {
        summary = line
        break
      }
      end = start
    }
    guard !summary.isEmpty else {
      check(outcome.exit != .success, "no summary on success: \(outcome.stderrText.suffix(300))")
      return
    }
    let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    // "N lines read from M inputs: R records, H headers, B blank, E bad"
    guard numbers.count >= 6 else { return }
    let (lines, records, headers, blank, bad) = (
      numbers[0], numbers[2], numbers[3], numbers[4], numbers[5]
    )
    check(
      lines == records + headers + blank + bad,
      "\(lines) lines but \(records)+\(headers)+\(blank)+\(bad): \(summary)")
    if let written { check(written == records, "\(written) written, \(records) counted") }
    if bad > 0 { check(outcome.exit == .dataError, "\(bad) bad lines, exit \(outcome.exit)") }
  }

  static func count(lines bytes: [UInt8]) -> Int {
    bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
  }

  static func gzip(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    guard
      deflateInit2_(
        &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
        Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { return [] }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
    var input = bytes
    let written = input.withUnsafeMutableBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        stream.next_in = source.baseAddress
        stream.avail_in = UInt32(source.count)
        stream.next_out = target.baseAddress
        stream.avail_out = UInt32(target.count)
        _ = deflate(&stream, Z_FINISH)
        return target.count - Int(stream.avail_out)
      }
    }
    return Array(output.prefix(written))
  }

  // MARK: The topology

  static let describeFiles = [
    "describe-vpcs.json", "describe-subnets.json", "describe-route-tables.json",
    "describe-network-acls.json", "describe-security-groups.json",
    "describe-network-interfaces.json", "describe-internet-gateways.json",
    "describe-nat-gateways.json", "describe-vpc-peering-connections.json",
    "describe-managed-prefix-lists.json", "describe-egress-only-internet-gateways.json",
    "describe-addresses.json", "describe-instances.json",
  ]

  static func topology(_ mode: UInt8, _ body: [UInt8]) {
    let path: String
    if mode & 0x80 == 0 {
      path = Scratch.write(body, as: "topology.json")
    } else {
      // One describe-* file of the fixed AWS network replaced by the input.
      let name = describeFiles[Int(mode & 0x7F) % describeFiles.count]
      path = Scratch.directory(with: Fixtures.awsTopology, replacing: name, by: body)
    }
    let lint = flowcause([
      "lint", "--topology", path, "--output", mode & 0x40 != 0 ? "json" : "text",
    ])
    check(
      [.success, .notReachable, .dataError, .noInput].contains(lint.exit),
      "lint exited \(lint.exit)")
    guard lint.exit != .dataError && lint.exit != .noInput else { return }
    // The topology loaded: trace between what it holds.
    let ends = Fixtures.ends(
      inTopologyText: mode & 0x80 == 0
        ? body : Fixtures.awsTopology["describe-network-interfaces.json"] ?? [])
    for (from, to, proto) in ends.prefix(3) {
      var arguments = [
        "trace", "--topology", path, "--from", from, "--to", to, "--protocol", proto,
      ]
      if proto == "tcp" || proto == "udp" { arguments += ["--port", "443"] }
      let trace = flowcause(arguments + ["--output", "json"])
      check(
        [.success, .notReachable, .undetermined, .usage].contains(trace.exit),
        "trace exited \(trace.exit): \(trace.stderrText.prefix(300))")
    }
  }

  // MARK: The traffic file

  static func traffic(_ mode: UInt8, _ body: [UInt8]) {
    let path = Scratch.write(body, as: "traffic.json")
    var arguments = ["simulate", "--topology", Fixtures.sampleTopology, "--traffic", path]
    if mode & 0x01 != 0 { arguments.append("--header") }
    if mode & 0x02 != 0 { arguments += ["--format", customFormat] }
    let outcome = flowcause(arguments)
    check(
      [.success, .dataError, .noInput, .usage].contains(outcome.exit),
      "simulate exited \(outcome.exit)")
  }

  // MARK: diagnose

  static func diagnose(_ mode: UInt8, _ body: [UInt8]) {
    var log = body
    var arguments = ["diagnose"]
    switch mode & 0x03 {
    case 0: break
    case 1, 2: arguments += ["--topology", Fixtures.sampleTopology]
    default:
      // A topology of the input's own, before a line "---".
      if let split = separator(in: body) {
        let path = Scratch.write(Array(body[..<split.lowerBound]), as: "topology.json")
        arguments += ["--topology", path]
        log = Array(body[split.upperBound...])
      }
    }
    if mode & 0x80 != 0 {
      explain(log, options: Array(arguments.dropFirst()), mode: mode)
      return
    }
    let output = ["text", "jsonl", "json"][Int((mode >> 2) % 3)]
    arguments += ["--output", output]
    if mode & 0x20 != 0 { arguments += ["--format", customFormat] }
    let outcome: Outcome
    if mode & 0x40 != 0 {
      outcome = flowcause(arguments + [Scratch.write(log, as: "input.log")])
    } else {
      outcome = flowcause(arguments + ["-"], stdin: log)
    }
    check(
      [.success, .dataError, .noInput, .usage].contains(outcome.exit),
      "diagnose exited \(outcome.exit): \(outcome.stderrText.prefix(300))")
    if outcome.exit == .success || outcome.exit == .dataError {
      checkAccounting(outcome, records: nil)
    }
    if output == "jsonl" {
      for line in outcome.stdout.split(separator: 0x0A) {
        check(line.first == UInt8(ascii: "{") && line.last == UInt8(ascii: "}"), "not JSON Lines")
      }
    }
    if output == "text" {
      // The report's page from the same counts: the same exit, a whole page, bounded.
      var html = arguments
      if let at = html.firstIndex(of: "--output") { html[at + 1] = "html" }
      let page =
        mode & 0x40 != 0
        ? flowcause(html + [Scratch.write(log, as: "input.log")])
        : flowcause(html + ["-"], stdin: log)
      check(page.exit == outcome.exit, "html exited \(page.exit), text \(outcome.exit)")
      if page.exit == .success || page.exit == .dataError, !page.stdout.isEmpty {
        check(
          page.stdout.starts(with: Array("<!DOCTYPE html>".utf8))
            && page.stdout.suffix(8) == Array("</html>\n".utf8), "not a whole page")
        check(page.stdout.count <= 2 * 1024 * 1024, "a page of \(page.stdout.count) bytes")
      }
    }
    // Output stays in proportion to the input: bounded evidence, duplicates counted once.
    check(
      outcome.stdout.count <= 64 * 1024 + 8 * 1024 * body.count,
      "\(outcome.stdout.count) bytes out for \(body.count) in")
  }

  /// `explain` on the same log and topology: the line of the first REJECT (or the line the
  /// mode's bits name), with the file as evidence, then that line alone as a RECORD argument.
  static func explain(_ log: [UInt8], options: [String], mode: UInt8) {
    var arguments = ["explain"] + options
    if mode & 0x20 != 0 { arguments += ["--format", customFormat] }
    let lines = log.split(separator: 0x0A, omittingEmptySubsequences: false)
    let reject = Array("REJECT".utf8)
    let index =
      lines.firstIndex { line in
        line.count >= reject.count
          && (0...(line.count - reject.count)).contains {
            line[(line.startIndex + $0)...].starts(with: reject)
          }
      } ?? Int((mode >> 2) & 0x07)
    let path = Scratch.write(log, as: "input.log")
    let withEvidence = flowcause(arguments + ["--line", String(index + 1), path])
    check(
      [.success, .dataError, .noInput].contains(withEvidence.exit),
      "explain --line exited \(withEvidence.exit): \(withEvidence.stderrText.prefix(300))")
    guard index < lines.count, mode & 0x40 != 0 else { return }
    let record = String(decoding: lines[index], as: UTF8.self)
    let alone = flowcause(arguments + ["--", record])
    check(
      [.success, .dataError, .noInput, .usage].contains(alone.exit),
      "explain RECORD exited \(alone.exit): \(alone.stderrText.prefix(300))")
  }

  static func separator(in bytes: [UInt8]) -> Range<Int>? {
    let marker: [UInt8] = Array("\n---\n".utf8)
    guard bytes.count >= marker.count else { return nil }
    for start in 0...(bytes.count - marker.count)
    where bytes[start..<(start + marker.count)].elementsEqual(marker) {
      return start..<(start + marker.count)
    }
    return nil
  }
}
