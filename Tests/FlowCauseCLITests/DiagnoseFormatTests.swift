import FlowCauseCLI
import Foundation
import Testing

/// A typo in a format must not turn a log of REJECTs into "No REJECT records.": a misspelled
/// name is an error naming the field meant, and `diagnose` and `explain` refuse a format without
/// a field a diagnosis needs (`--format`: exit 64; a header line: an error naming the file and
/// line, exit 65, its records counted as not diagnosed).
@Suite("diagnose: a format it cannot use is an error, never an empty diagnosis")
struct DiagnoseFormatTests {
  static let defaultNames = [
    "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
    "protocol", "packets", "bytes", "start", "end", "action", "log-status",
  ]

  /// The default format as a LogFormat string, with `action` written as `replacement`.
  static func logFormat(action replacement: String = "action") -> String {
    defaultNames.map { "${\($0 == "action" ? replacement : $0)}" }.joined(separator: " ")
  }

  /// `count` REJECT records in the default format, one a second.
  static func rejects(_ count: Int) -> String {
    (0..<count).map { index in
      "2 123456789010 eni-1235b8ca123456789 198.51.100.\(index % 250) 172.31.9.12 "
        + "\(40000 + index % 20000) 3389 6 20 4249 \(1_700_000_000 + index) "
        + "\(1_700_000_060 + index) REJECT OK\n"
    }.joined()
  }

  static func file(_ text: String, name: String = "flows.log") throws -> String {
    let url = try CLIHarness.temporaryDirectory().appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  // MARK: - --format

  @Test("The issue's case: ${acton} exits 64 with did you mean \"action\", not No REJECT records")
  func actonInFormat() throws {
    let path = try Self.file(Self.rejects(3))
    let run = CLIHarness.run(["diagnose", "--format", Self.logFormat(action: "acton"), path])
    #expect(run.exit == .usage)
    #expect(
      run.stderr.hasPrefix(
        "flowcause diagnose: error: --format: unknown field \"acton\"; did you mean \"action\"?\n"),
      "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(!run.stderr.contains("No REJECT records"))
    // The same file with the format spelt right: three REJECTs.
    let right = CLIHarness.run(["diagnose", "--format", Self.logFormat(), path])
    #expect(right.exit == .success)
    #expect(right.stdout.hasPrefix("3 REJECT records"), "\(right.stdout)")
  }

  @Test(
    "A transposition and a two-edit typo are caught, in diagnose and explain",
    arguments: [
      ("diagnose", "${scrport}", "scrport", "srcport"),
      ("diagnose", "${prtcol}", "prtcol", "protocol"),
      ("explain", "${interfcae-id}", "interfcae-id", "interface-id"),
      ("explain", "${dst_adr}", "dst_adr", "dstaddr"),
    ])
  func typos(command: String, token: String, name: String, meant: String) throws {
    let path = try Self.file(Self.rejects(1))
    let format = "${interface-id} ${srcaddr} ${dstaddr} ${protocol} ${action} \(token)"
    var arguments = [command, "--format", format]
    arguments += command == "explain" ? ["--line", "1", path] : [path]
    let run = CLIHarness.run(arguments)
    #expect(run.exit == .usage)
    #expect(
      run.stderr.hasPrefix(
        "flowcause \(command): error: --format: unknown field \"\(name)\"; did you mean \"\(meant)\"?\n"
      ), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
  }

  @Test(
    "--format without a field diagnosis needs exits 64 naming it",
    arguments: [
      ("diagnose", "${interface-id} ${srcaddr} ${dstaddr} ${action}", "protocol"),
      ("diagnose", "${interface-id} ${srcaddr} ${dstaddr}", "protocol and action"),
      ("diagnose", "${srcaddr} ${protocol} ${action}", "interface-id and dstaddr"),
      ("explain", "${interface-id} ${srcaddr} ${dstaddr} ${action}", "protocol"),
    ])
  func lacking(command: String, format: String, missing: String) throws {
    let path = try Self.file(Self.rejects(1))
    var arguments = [command, "--format", format]
    arguments += command == "explain" ? ["--line", "1", path] : [path]
    let run = CLIHarness.run(arguments)
    #expect(run.exit == .usage)
    #expect(
      run.stderr.hasPrefix(
        "flowcause \(command): error: --format lacks \(missing): \(command) needs interface-id, "
          + "srcaddr, dstaddr, protocol and action\n"), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
  }

  @Test("parse still takes a format without those fields: it only prints fields")
  func parseTakesAnyFormat() throws {
    let path = try Self.file("eni-1 10.0.0.1\n")
    let run = CLIHarness.run(["parse", "--format", "${interface-id} ${srcaddr}", path])
    #expect(run.exit == .success)
    #expect(try run.objects().first?["srcaddr"] as? String == "10.0.0.1")
  }

  @Test("A new name far from every known one is read: the records are diagnosed")
  func newName() throws {
    let text = Self.rejects(2).replacingOccurrences(of: " OK\n", with: " OK 7\n")
    let path = try Self.file(text)
    let format = Self.logFormat() + " ${flow-label}"
    let run = CLIHarness.run(["diagnose", "--format", format, "--output", "jsonl", path])
    #expect(run.exit == .success)
    #expect(try run.objects().count == 2)
  }

  // MARK: - Header lines

  /// A header line that misspells `action`, then `count` REJECT records.
  static func misspelledHeader(_ count: Int) -> String {
    Self.defaultNames.map { $0 == "action" ? "acton" : $0 }.joined(separator: " ") + "\n"
      + rejects(count)
  }

  @Test(
    "A header line that misspells action: FILE:1 errors, exit 65, its records counted, not No REJECT records",
    arguments: [
      ["--threads", "1"], ["--threads", "2"], ["--threads", "1", "--output", "json"],
      ["--threads", "2", "--output", "jsonl"],
    ])
  func actonInHeader(options: [String]) throws {
    // 20,000 records (about 2 MB): with two threads the file is read in chunks.
    let path = try Self.file(Self.misspelledHeader(20_000))
    let run = CLIHarness.run(["diagnose"] + options + [path])
    #expect(run.exit == .dataError)
    #expect(
      run.errorLines == [
        "\(path):1:98: error: header line names unknown field \"acton\"; did you mean \"action\"?",
        "\(path):1: error: header line lacks action: diagnose needs interface-id, srcaddr, dstaddr, protocol and action",
      ], "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "flowcause: warning: 20000 records were not diagnosed: their format has no action field, so whether they are REJECTs is unknown; the first is at \(path):2\n"
      ), "\(run.stderr)")
    if options.contains("json") {
      #expect(run.stdout.contains("\"records-without-action\": 20000"), "\(run.stdout)")
      #expect(run.stdout.contains("\"rejects\": 0"))
    } else if options.contains("jsonl") {
      #expect(run.stdout.isEmpty)
    } else {
      #expect(
        run.stdout
          == "1 line could not be read (the errors are on stderr: a format that does not fit?): whether it holds REJECTs is unknown.\n"
          + "No REJECT records found, but 20000 records have no action field: whether they are REJECTs is unknown.\n"
      )
    }
  }

  @Test(
    "A header line misspelling a field diagnosis does not need is reported; the rest is diagnosed")
  func misspelledOptionalField() throws {
    let header = Self.defaultNames.map { $0 == "packets" ? "pakcets" : $0 }
    let path = try Self.file(header.joined(separator: " ") + "\n" + Self.rejects(2))
    let run = CLIHarness.run(["diagnose", "--output", "jsonl", path])
    #expect(run.exit == .dataError)
    #expect(
      run.errorLines == [
        "\(path):1:74: error: header line names unknown field \"pakcets\"; did you mean \"packets\"?"
      ], "\(run.stderr)")
    #expect(try run.objects().count == 2)
  }

  @Test(
    "A header line without protocol, half-way: an error at its line, exit 65, its REJECTs undiagnosed",
    arguments: [1, 2])
  func headerWithoutProtocol(threads: Int) throws {
    let names = Self.defaultNames.filter { $0 != "protocol" }.joined(separator: " ")
    let second = Self.rejects(10_000).replacingOccurrences(of: " 3389 6 20 ", with: " 3389 20 ")
    let path = try Self.file(Self.rejects(10_000) + names + "\n" + second)
    let run = CLIHarness.run(["diagnose", "--threads", "\(threads)", "--output", "jsonl", path])
    #expect(run.exit == .dataError)
    #expect(
      run.errorLines == [
        "\(path):10001: error: header line lacks protocol: diagnose needs interface-id, srcaddr, dstaddr, protocol and action"
      ], "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "flowcause: warning: 10000 REJECT records were not diagnosed: each lacks interface-id, srcaddr, dstaddr or protocol (not in the format, or -); the first is at \(path):10002"
      ), "\(run.stderr)")
    #expect(try run.objects().count == 10_000)
  }

  @Test("explain: a header line without protocol is an error naming the file, exit 65")
  func explainHeaderWithoutProtocol() throws {
    let names = Self.defaultNames.filter { $0 != "protocol" }.joined(separator: " ")
    let record = Self.rejects(1).replacingOccurrences(of: " 3389 6 20 ", with: " 3389 20 ")
    let path = try Self.file(names + "\n" + record)
    let run = CLIHarness.run(["explain", "--line", "2", path])
    #expect(run.exit == .dataError)
    #expect(
      run.stderr.hasPrefix(
        "\(path):1: error: header line lacks protocol: explain needs interface-id, srcaddr, dstaddr, protocol and action\n"
      ), "\(run.stderr)")
  }
}
