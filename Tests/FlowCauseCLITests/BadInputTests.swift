import FlowCauseCLI
import Foundation
import NetworkPrimitives
import Testing

/// Whatever the input, every line is a record, a header, blank, or reported and counted;
/// nothing crashes or hangs, and the exit code says what happened.
@Suite("parse reports bad input and goes on")
struct BadInputTests {
  static let good =
    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"

  /// Writes `bytes` to a temporary file and returns its path.
  static func file(_ bytes: [UInt8], name: String = "input.log") throws -> String {
    let url = try CLIHarness.temporaryDirectory().appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  /// The counts of the summary line: lines, records, headers, blank, bad.
  static func counts(_ summary: String?) throws -> [Int] {
    let summary = try #require(summary)
    func number(before word: String) throws -> Int {
      let range = try #require(summary.range(of: " \(word)"))
      let digits = summary[..<range.lowerBound].reversed().prefix(while: \.isNumber)
      return try #require(Int(String(digits.reversed())))
    }
    return [
      try number(before: "line"), try number(before: "record"), try number(before: "header"),
      try number(before: "blank"), try number(before: "bad"),
    ]
  }

  @Test("Each bad line is reported as FILE:LINE:COLUMN with its reason, and exit is 65")
  func badLines() throws {
    let text = [
      Self.good,
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT",
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 abc 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 65536 6 20 4249 1418530010 1418530070 ACCEPT OK",
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 DENY OK",
      "2 123456789010 eni-1235b8ca123456789 172.31.16.300 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
      "",
      Self.good,
    ].joined(separator: "\n")
    let path = try Self.file(Array(text.utf8))
    let run = CLIHarness.run(["parse", path])
    #expect(run.exit == .dataError)
    #expect(
      run.errorLines == [
        "\(path):2: error: expected 14 fields, found 13",
        "\(path):3:65: error: srcport: expected a number, found \"abc\"",
        "\(path):4:71: error: dstport: 65536 is out of range (0...65535)",
        "\(path):5:106: error: action: expected ACCEPT, REJECT or -, found \"DENY\"",
        "\(path):6:38: error: srcaddr: expected an IPv4 or IPv6 address, found \"172.31.16.300\"",
      ])
    #expect(try run.objects().map { $0["line"] as? Int } == [1, 8])
    #expect(try Self.counts(run.summary) == [8, 2, 0, 1, 5])
  }

  @Test("A header line that misspells a name is an error at FILE:LINE:COLUMN; its format is taken")
  func misspelledHeader() throws {
    let text = [
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end acton log-status",
      "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK",
    ].joined(separator: "\n")
    let path = try Self.file(Array(text.utf8))
    let run = CLIHarness.run(["parse", path])
    #expect(run.exit == .dataError)
    #expect(
      run.errorLines == [
        "\(path):1:98: error: header line names unknown field \"acton\"; did you mean \"action\"?"
      ])
    let records = try run.objects()
    #expect(records.map { $0["line"] as? Int } == [2])
    #expect(records.first?["acton"] as? String == "REJECT")
    #expect(records.first?["action"] == nil)
    #expect(try Self.counts(run.summary) == [2, 1, 0, 0, 1])
  }

  @Test("A header line naming a field far from every known one is a header: parse reads it")
  func newFieldInHeader() throws {
    let text =
      "version interface-id srcaddr dstaddr protocol action flow-label\n"
      + "3 eni-1235b8ca123456789 10.0.1.5 10.0.2.7 6 ACCEPT 7\n"
    let path = try Self.file(Array(text.utf8))
    let run = CLIHarness.run(["parse", path])
    #expect(run.exit == .success)
    #expect(run.errorLines.isEmpty)
    #expect(try run.objects().first?["flow-label"] as? String == "7")
  }

  @Test("--format naming a field far from every known one: parse reads it as a string")
  func newFieldInFormat() throws {
    let path = try Self.file(Array("eni-1 REJECT 7\n".utf8))
    let run = CLIHarness.run(["parse", "--format", "${interface-id} ${action} ${flow-label}", path])
    #expect(run.exit == .success)
    #expect(run.errorLines.isEmpty)
    let record = try #require(try run.objects().first)
    #expect(record["flow-label"] as? String == "7")
    #expect(record["action"] as? String == "REJECT")
  }

  @Test("A truncated gzip file is an error naming the file; the records before the break are kept")
  func truncatedGzip() throws {
    let lines = (0..<5000).map { index in
      "2 123456789010 eni-1235b8ca123456789 10.0.\(index / 250).\(index % 250) 172.31.16.21 \(20000 + index) 443 6 20 4249 1418530010 1418530070 ACCEPT OK"
    }
    let compressed = try CLIHarness.gzip(Array((lines.joined(separator: "\n") + "\n").utf8))
    let path = try Self.file(Array(compressed.prefix(compressed.count / 2)), name: "cut.log.gz")
    let run = CLIHarness.run(["parse", path])
    #expect(run.exit == .dataError)
    #expect(
      run.errorLines.contains(
        "\(path): error: gzip data ends early (truncated file?); the records before the break were read"
      ))
    let records = try run.objects()
    #expect(records.count > 100 && records.count < 5000)
    // The records kept are the file's first ones, in order.
    #expect(records.enumerated().allSatisfy { $0.element["line"] as? Int == $0.offset + 1 })
  }

  @Test("A 10 MB line is measured and reported, not kept; the lines around it are read")
  func hugeLine() throws {
    var bytes = Array((Self.good + "\n").utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024)
    bytes += Array(("\n" + Self.good + "\n").utf8)
    let path = try Self.file(bytes)
    let run = CLIHarness.run(["parse", path])
    #expect(run.exit == .dataError)
    #expect(
      run.errorLines == [
        "\(path):2: error: line of 10485760 bytes is longer than the 262144-byte limit"
      ])
    #expect(try run.objects().map { $0["line"] as? Int } == [1, 3])
  }

  @Test("NUL bytes are reported with their column")
  func nulBytes() throws {
    var bytes = Array((Self.good + "\n").utf8)
    bytes[5] = 0
    let path = try Self.file(bytes)
    let run = CLIHarness.run(["parse", path])
    #expect(run.exit == .dataError)
    #expect(run.errorLines == ["\(path):1:6: error: control byte 0x00 in the line (binary data?)"])
  }

  @Test(
    "Random binary never crashes and every line is accounted for",
    arguments: [1, 2, 3, 4, 5] as [UInt64])
  func randomBinary(seed: UInt64) throws {
    var random = SplitMixRandom(seed: seed)
    var bytes = random.bytes(300_000)
    if seed == 2 {
      bytes[0] = 0x1F
      bytes[1] = 0x8B
    }  // looks like gzip, is not
    if seed == 3 { bytes[0] = UInt8(ascii: "{") }  // looks like JSON, is not
    let path = try Self.file(bytes)
    let run = CLIHarness.run(["parse", "--max-errors", "0", path])
    #expect(run.exit == .dataError)
    let counts = try Self.counts(run.summary)
    // lines == records + headers + blank + bad
    #expect(counts[0] == counts[1] + counts[2] + counts[3] + counts[4])
    // Bad lines and input errors (a note on the format may follow the first line).
    let reported = run.errorLines.filter {
      $0.hasPrefix("\(path):") && !$0.hasPrefix("\(path): note:")
    }.count
    #expect(reported == counts[4] + (run.summary?.contains("damaged") == true ? 1 : 0))
  }

  @Test("Damaged gzip and broken JSON are input errors naming the file")
  func damagedInputs() throws {
    // A valid gzip header, then a deflate block of the reserved type 3.
    let gzipPath = try Self.file([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0x07, 0, 0, 0])
    let gzipRun = CLIHarness.run(["parse", gzipPath])
    #expect(gzipRun.exit == .dataError)
    #expect(gzipRun.errorLines.first?.hasPrefix("\(gzipPath): error: gzip data is damaged") == true)

    let json = "{\"events\": [\n{\"message\": \"\(Self.good)\"},\n{\"message\": 12,,\n"
    let jsonPath = try Self.file(Array(json.utf8))
    let jsonRun = CLIHarness.run(["parse", jsonPath])
    #expect(jsonRun.exit == .dataError)
    #expect(try jsonRun.objects().count == 1)
    #expect(
      jsonRun.errorLines == ["\(jsonPath): error: invalid JSON: line 3: expected an object key"])

    let other = try Self.file(Array("{\"Vpcs\": []}\n".utf8))
    let otherRun = CLIHarness.run(["parse", other])
    #expect(otherRun.exit == .dataError)
    #expect(otherRun.errorLines.first?.contains("no flow log records in this JSON") == true)
  }

  @Test("An input that cannot be opened exits 66, and the other inputs are still read")
  func cannotOpen() throws {
    let directory = try CLIHarness.temporaryDirectory()
    let missing = directory.appendingPathComponent("missing.log").path
    let run = CLIHarness.run([
      "parse", missing, directory.path, CLIHarness.fixture("same-records/plain.log"),
    ])
    #expect(run.exit == .noInput)
    #expect(
      run.errorLines == [
        "\(missing): error: cannot open: No such file or directory",
        "\(directory.path): error: cannot open: a directory with no *.log or *.log.gz file",
      ])
    #expect(try run.objects().count == 6)
  }

  @Test(
    "A wrong command line exits 64 with the reason",
    arguments: [
      (["parse", "--bogus"], "unknown option --bogus"),
      (["parse", "--format"], "--format needs a value"),
      (
        ["parse", "--format", "${version} ${"],
        "--format: \"${\" is not a field name or ${field-name}"
      ),
      (
        ["parse", "--format", "version srcaddr version"],
        "--format: the format names \"version\" twice"
      ),
      (
        ["parse", "--format", "${version} ${srcaddr} ${acton}"],
        "--format: unknown field \"acton\"; did you mean \"action\"?"
      ),
      (
        ["simulate", "--topology", "T", "--traffic", "F", "--format", "version scrport"],
        "--format: unknown field \"scrport\"; did you mean \"srcport\"?"
      ),
      (["explode"], "unknown command 'explode'"),
      ([], "USAGE"),
      (
        [
          "trace", "--topology", "T", "--from", "10.0.0.1", "--to", "10.0.0.2", "--protocol",
          "icmp", "--port", "22",
        ],
        "--port: icmp has no ports; give --icmp-type N and --icmp-code N"
      ),
      (
        [
          "trace", "--topology", "T", "--from", "10.0.0.1", "--to", "10.0.0.2", "--protocol",
          "icmpv6", "--source-port", "40000",
        ],
        "--source-port: icmpv6 has no ports; give --icmp-type N and --icmp-code N"
      ),
    ])
  func usage(arguments: [String], reason: String) {
    let run = CLIHarness.run(arguments)
    #expect(run.exit == .usage)
    #expect(run.stderr.contains(reason))
    #expect(run.stderr.contains("USAGE: flowcause"))
    // A usage error goes to stderr only, even the one without a command.
    #expect(run.stdout.isEmpty)
  }

  @Test("--help is the usage on stdout, exit 0", arguments: [["--help"], ["-h"], ["help"]])
  func help(arguments: [String]) {
    let run = CLIHarness.run(arguments)
    #expect(run.exit == .success)
    #expect(run.stdout.hasPrefix("flowcause: explains AWS VPC Flow Log REJECT records."))
    #expect(run.stderr.isEmpty)
  }

  @Test("An empty events page and a control-only subscription payload are normal, not damage")
  func emptyButValidJSON() {
    for json in [
      "{\"events\": [], \"searchedLogStreams\": []}",
      "{\"messageType\": \"CONTROL_MESSAGE\", \"logEvents\": [{\"id\": \"\", \"message\": \"CWL CONTROL MESSAGE: Checking health of destination Firehose.\"}]}",
    ] {
      let run = CLIHarness.run(["parse"], stdin: Array(json.utf8))
      #expect(run.exit == .success, "\(json)")
      #expect(
        run.summary == "flowcause: 0 lines read from 1 input: 0 records, 0 headers, 0 blank, 0 bad")
    }
  }

  @Test("A Parquet object is named as such, once")
  func parquet() throws {
    let path = try Self.file(Array("PAR1".utf8) + [0, 0, 0, 1, 2, 3] + Array("PAR1".utf8))
    let run = CLIHarness.run(["parse", path])
    #expect(run.exit == .dataError)
    #expect(run.errorLines.count == 1)
    #expect(run.errorLines.first?.hasPrefix("\(path): error: this is a Parquet file") == true)
  }

  @Test("A Lambda event with a 1 MB subscription batch is read whole")
  func largeLambdaPayload() throws {
    let events = (0..<4000).map { index in
      "{\"id\":\"\(index)\",\"timestamp\":1795350420000,\"message\":\"2 123456789010 eni-1235b8ca123456789 10.0.\(index / 250).\(index % 250) 172.31.16.21 \(20000 + index) 443 6 20 4249 1418530010 1418530070 ACCEPT OK\"}"
    }
    let payload =
      "{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[\(events.joined(separator: ","))]}"
    let compressed = try CLIHarness.gzip(Array(payload.utf8))
    let event = "{\"awslogs\": {\"data\": \"\(Data(compressed).base64EncodedString())\"}}"
    let run = CLIHarness.run(["parse"], stdin: Array(event.utf8))
    #expect(run.exit == .success, "\(run.errorLines.prefix(3))")
    #expect(try run.objects().count == 4000)
  }
}
