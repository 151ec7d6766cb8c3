import FlowCauseCLI
import Foundation
import NetworkPrimitives
import Testing

/// The commands' `--threads N`: the chunked reader (`FlowLogs`) parses chunks on N threads
/// while the input is read. Tested through `parse` and `diagnose`, whose outputs show every
/// line number: output, line numbers, diagnostics and counts must be those of the one-thread
/// reader, whatever the input.
@Suite("parse and diagnose --threads N give exactly the one-thread output")
struct ThreadsOptionTests {
  static func file(_ bytes: [UInt8], name: String) throws -> String {
    let url = try CLIHarness.temporaryDirectory().appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  static let record =
    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n"
  static let header =
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
  static let v3Header = "version srcaddr action\n"

  /// Several megabytes, so that the input spans many chunks: records, a header, bad lines, a
  /// header that changes the format half-way (concatenated S3 objects), blank lines.
  static func mixedInput() -> [UInt8] {
    var text = header
    for index in 0..<40_000 {
      text += index % 997 == 0 ? "not a record\n" : record
      if index % 5000 == 0 { text += "\n" }
    }
    text += v3Header
    for index in 0..<30_000 { text += "3 10.0.\(index % 250).1 REJECT\n" }
    return Array(text.utf8)
  }

  @Test(
    "Same stdout, stderr and exit code on a multi-chunk input, plain and gzip",
    arguments: ["plain", "gzip"])
  func sameOutput(form: String) throws {
    var bytes = Self.mixedInput()
    if form == "gzip" { bytes = try CLIHarness.gzip(bytes) }
    let path = try Self.file(bytes, name: "mixed.log")
    let one = CLIHarness.run(["parse", "--max-errors", "0", "--threads", "1", path])
    let two = CLIHarness.run(["parse", "--max-errors", "0", "--threads", "2", path])
    #expect(one.exit == .dataError)
    #expect(two.exit == one.exit)
    #expect(two.stdout == one.stdout)
    #expect(two.stderr == one.stderr)
    // 40,000 lines of which 41 are bad (every 997th), then 30,000 in the second format.
    #expect(
      one.summary?.contains(
        "70010 lines read from 1 input: 69959 records, 2 headers, 8 blank, 41 bad")
        == true, "\(one.summary ?? "")")
  }

  @Test("A line longer than a chunk switches to reading in order, and nothing is lost")
  func hugeLine() throws {
    var bytes = Array((Self.record + Self.record).utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 3 * 1024 * 1024)
    bytes += Array(("\n" + Self.record).utf8)
    let path = try Self.file(bytes, name: "huge.log")
    let one = CLIHarness.run(["parse", "--max-errors", "0", "--threads", "1", path])
    let two = CLIHarness.run(["parse", "--max-errors", "0", "--threads", "2", path])
    #expect(two.stdout == one.stdout)
    #expect(two.stderr == one.stderr)
    #expect(try two.objects().map { $0["line"] as? Int } == [1, 2, 4])
  }

  /// A plain file of a megabyte or more is read in place (`MappedFile`): chunks are cut in the
  /// mapping itself, so its edges must read as they do through `read(2)`.
  @Test(
    "A file read in place: byte order mark, CRLF line ends, no final line end, long lines",
    arguments: [1, 2, 3])
  func mappedEdges(threads: Int) throws {
    var text = "\u{FEFF}" + Self.header.replacingOccurrences(of: "\n", with: "\r\n")
    for index in 0..<30_000 {
      text +=
        index % 1001 == 0
        ? "bad line\r\n" : Self.record.replacingOccurrences(of: "\n", with: "\r\n")
      // Lines a little longer and shorter than a chunk, cut anywhere.
      if index == 9_000 { text += String(repeating: "y", count: 1 << 20) + "\n" }
      if index == 19_000 { text += String(repeating: "z", count: (1 << 20) - 77) + "\n" }
    }
    text += Self.record.dropLast()
    let path = try Self.file(Array(text.utf8), name: "mapped-edges.log")
    let one = CLIHarness.run(["parse", "--max-errors", "0", "--threads", "1", path])
    let run = CLIHarness.run(["parse", "--max-errors", "0", "--threads", "\(threads)", path])
    #expect(run.stdout == one.stdout)
    #expect(run.stderr == one.stderr)
    #expect(run.exit == one.exit)
    #expect(
      one.summary?.contains(
        "30004 lines read from 1 input: 29971 records, 1 header, 0 blank, 32 bad")
        == true, "\(one.summary ?? "")")
  }

  /// A header line with a misspelled name is a bad line whose format is still taken: the
  /// chunks after it must be read with that format, as the one-thread reader does.
  @Test(
    "Misspelled header lines, first and half-way: the same output, their formats taken",
    arguments: [2, 3])
  func misspelledHeaders(threads: Int) throws {
    var text = Self.header.replacingOccurrences(of: "srcport", with: "scrport")
    for _ in 0..<30_000 { text += Self.record }
    text += "version srcaddr acton\n"
    for index in 0..<30_000 { text += "3 10.0.\(index % 250).1 REJECT\n" }
    let path = try Self.file(Array(text.utf8), name: "misspelled.log")
    let one = CLIHarness.run(["parse", "--max-errors", "0", "--threads", "1", path])
    let run = CLIHarness.run(["parse", "--max-errors", "0", "--threads", "\(threads)", path])
    #expect(run.stdout == one.stdout)
    #expect(run.stderr == one.stderr)
    #expect(one.exit == .dataError)
    #expect(run.exit == one.exit)
    #expect(
      one.errorLines == [
        "\(path):1:49: error: header line names unknown field \"scrport\"; did you mean \"srcport\"?",
        "\(path):30002:17: error: header line names unknown field \"acton\"; did you mean \"action\"?",
      ])
    #expect(
      one.summary
        == "flowcause: 60002 lines read from 1 input: 60000 records, 0 headers, 0 blank, 2 bad")
    let objects = try run.objects()
    #expect(objects.count == 60_000)
    #expect(objects.first?["scrport"] as? String == "20641")
    #expect(objects.last?["acton"] as? String == "REJECT")
  }

  /// Records whose fields vary, so that gzip cannot shrink a few megabytes below a megabyte.
  static func variedRecords(_ count: Int) -> String {
    var random = SplitMixRandom(seed: 0x1234_5678_9ABC_DEF1)
    func next(_ bound: Int) -> Int { random.next(bound) }
    var text = ""
    for _ in 0..<count {
      text +=
        "2 123456789010 eni-\(String(next(1 << 40), radix: 16)) 10.\(next(256)).\(next(256)).\(next(256)) 172.31.\(next(256)).\(next(256)) \(next(65536)) \(next(65536)) 6 \(next(1000)) \(next(1_000_000)) \(1_418_530_010 + next(100_000)) \(1_418_540_010 + next(100_000)) \(next(2) == 0 ? "ACCEPT" : "REJECT") OK\n"
    }
    return text
  }

  /// A file large enough to be mapped is parsed in place only if it holds plain text; gzip and
  /// JSON of that size are read as streams from the descriptor, from its first byte.
  @Test("Large gzip and JSON files are read as streams, as with one thread")
  func largeStreamForms() throws {
    let text = Self.variedRecords(60_000)
    let gzipped = try CLIHarness.gzip(Array(text.utf8))
    #expect(gzipped.count > 1 << 20)
    let events = text.split(separator: "\n").map { line in
      "{\"timestamp\": 1418530010000, \"message\": \"\(line)\", \"ingestionTime\": 1418530070000}"
    }
    let json = Array(("{\"events\": [" + events.joined(separator: ",\n") + "]}\n").utf8)
    #expect(json.count > 1 << 20)
    for (name, bytes) in [("varied.log.gz", gzipped), ("varied.json", json)] {
      let path = try Self.file(bytes, name: name)
      let one = CLIHarness.run(["parse", "--max-errors", "0", "--threads", "1", path])
      let two = CLIHarness.run(["parse", "--max-errors", "0", "--threads", "2", path])
      #expect(one.exit == .success, "\(name): \(one.stderr)")
      #expect(two.stdout == one.stdout, "\(name)")
      #expect(two.stderr == one.stderr, "\(name)")
      #expect(one.summary?.contains("60000 records") == true, "\(name): \(one.summary ?? "")")
    }
  }

  @Test("diagnose --threads 2 gives the same diagnoses")
  func diagnose() throws {
    let scenario = CLIHarness.packageRoot.appendingPathComponent("Scenarios/web-app-vpc").path
    let arguments = [
      "diagnose", "--output", "jsonl", "--topology", scenario + "/topology",
      scenario + "/flows.log",
    ]
    let one = CLIHarness.run(arguments + ["--max-errors", "0", "--threads", "1"])
    let two = CLIHarness.run(arguments + ["--max-errors", "0", "--threads", "2"])
    #expect(!one.stdout.isEmpty)
    #expect(two.stdout == one.stdout)
  }

  /// Four hours of records on a few ENIs: rejected requests, accepted requests with rejected
  /// replies, answered requests; thousands of REJECTs, so that many batches are in flight.
  static func conversations() -> [UInt8] {
    var text = ""
    for index in 0..<12_000 {
      let eni = "eni-0000000000000000\(index % 7)"
      let client = "198.51.100.\(index % 200 + 1)"
      let server = "10.0.1.\(index % 7 + 10)"
      let port = 32768 + index % 28_000
      let start = 1_700_000_000 + index * 3 / 5
      let end = start + 60
      let kind = index % 3
      text +=
        "2 123456789012 \(eni) \(client) \(server) \(port) 443 6 3 180 \(start) \(end) \(kind == 0 ? "REJECT" : "ACCEPT") OK\n"
      if kind > 0 {
        text +=
          "2 123456789012 \(eni) \(server) \(client) 443 \(port) 6 3 180 \(start) \(end) \(kind == 1 ? "REJECT" : "ACCEPT") OK\n"
      }
    }
    return Array(text.utf8)
  }

  @Test(
    "diagnose: the same JSON Lines, --fields lines and summary on 1, 2 and 3 threads, plain, gzip and truncated gzip",
    arguments: ["plain", "gzip", "truncated"])
  func diagnoseForms(form: String) throws {
    var bytes = Self.conversations()
    if form != "plain" { bytes = try CLIHarness.gzip(bytes) }
    if form == "truncated" { bytes = Array(bytes[0..<(bytes.count * 2 / 3)]) }
    let path = try Self.file(bytes, name: "conversations-\(form).log")
    let outputs = [
      ["--output", "jsonl"], ["--output", "summary"],
      ["--output", "jsonl", "--fields", "line,interface-id,cause,component,rule,role"],
    ]
    for output in outputs {
      let runs = [1, 2, 3].map { threads in
        CLIHarness.run(
          ["diagnose"] + output + ["--max-errors", "0", "--threads", "\(threads)", path])
      }
      if output[1] == "jsonl" {
        #expect(runs[0].stdout.split(separator: "\n").count > (form == "truncated" ? 2500 : 7000))
      }
      for run in runs.dropFirst() {
        #expect(run.stdout == runs[0].stdout, "\(output)")
        #expect(run.stderr == runs[0].stderr, "\(output)")
        #expect(run.exit == runs[0].exit, "\(output)")
      }
      #expect(runs[0].exit == (form == "truncated" ? .dataError : .success))
    }
  }

  /// The chunked reader numbers each chunk's lines from 1 for `diagnose` and adds the lines
  /// before the chunk when it appends the chunk's results: every line number in the
  /// diagnoses and in the bad-line reports must be the one-thread reader's.
  @Test(
    "diagnose: line numbers of diagnoses and bad lines across chunks, a byte order mark, a header",
    arguments: [2, 3])
  func diagnoseLineNumbers(threads: Int) throws {
    var lines = String(decoding: Self.conversations(), as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for index in stride(from: 5, to: lines.count - 1, by: 997) { lines[index] = "not a record" }
    for index in stride(from: 11, to: lines.count - 1, by: 4001) { lines[index] = "" }
    // A byte order mark opens the input; one in the middle is part of a (bad) line.
    var text = "\u{FEFF}" + Self.header + lines.joined(separator: "\n")
    text = text.replacingOccurrences(of: "not a record\n2 1", with: "not a record\n\u{FEFF}2 1")
    let path = try Self.file(Array(text.utf8), name: "numbered-\(threads).log")
    let one = CLIHarness.run([
      "diagnose", "--output", "jsonl", "--max-errors", "0", "--threads", "1", path,
    ])
    let many = CLIHarness.run([
      "diagnose", "--output", "jsonl", "--max-errors", "0", "--threads", "\(threads)", path,
    ])
    #expect(one.stdout.split(separator: "\n").count > 3000)
    #expect(one.stderr.split(separator: "\n").count > 30)
    #expect(many.stdout == one.stdout)
    #expect(many.stderr == one.stderr)
  }

  @Test("diagnose text output: rankings and patterns count every REJECT, on 1 and 2 threads")
  func boundedText() throws {
    let path = try Self.file(Self.conversations(), name: "conversations-text.log")
    let jsonl = CLIHarness.run(["diagnose", "--output", "jsonl", path])
    let rejects = jsonl.stdout.split(separator: "\n").count
    #expect(rejects > 2000)
    let runs = [1, 2].map { threads in
      CLIHarness.run(["diagnose", "--max-errors", "0", "--threads", "\(threads)", path])
    }
    #expect(runs[1].stdout == runs[0].stdout)
    let text = runs[0].stdout
    #expect(text.hasPrefix("\(rejects) REJECT records"))
    // The patterns listed and those not listed hold every REJECT, each listed with one example.
    let patterns = DiagnoseTextTests.patterns(text)
    #expect(patterns.count > 10)
    #expect(patterns.map(\.rejects).reduce(0, +) + DiagnoseTextTests.unlisted(text) == rejects)
    #expect(text.components(separatedBy: "e.g. " + path + ":").count - 1 == patterns.count)
  }

  @Test("--threads must be a number from 1 to 64")
  func usage() {
    #expect(CLIHarness.run(["parse", "--threads", "0", "-"]).exit == .usage)
    #expect(CLIHarness.run(["parse", "--threads", "many", "-"]).exit == .usage)
  }
}
