import NetworkPrimitives
import Testing

@testable import FlowLogs

/// `LineParser` first tries a one-pass path for the common line (printable ASCII fields, one
/// space apart, each valid) and falls back to the general splitter and checks for anything
/// else. Whatever the line, the result must be the general path's: the same outcome, the same
/// tokens, integers and IPv4 values for a record, the same problem and column for a bad line.
@Suite("The parser's one-pass path gives the general path's result on every line")
struct LineParserStrictPathTests {
  /// What a parse gave, in a form two parses can be compared by.
  enum Result: Equatable {
    case record([Field])
    case header([String])
    case blank
    case bad(ReadDiagnostic)
  }

  struct Field: Equatable {
    var token: [UInt8]
    var isNull: Bool
    var integer: Int64?
    var ipv4: UInt32?
    var ipv6: UInt128?
  }

  /// Which of the parser's paths reads a line first.
  enum Path: CaseIterable {
    /// The general splitter and checks alone: the reference.
    case general
    /// `parseStrict`, whatever the format.
    case strict
    /// `parseDefaultFormat` for the default format, `parseStrict` for any other.
    case fastest
    /// The same, told that the line end and more bytes follow the line (as the readers tell it
    /// for every line but a buffer's last few): the bytes after it are digits and letters that
    /// would make a longer field valid, so that reading past the line shows.
    case padded
  }

  /// What follows a line handed on as padded: its line end, then bytes a field could take.
  static let afterLine = Array("\n9999999999ACCEPT OK 10.0.0.1".utf8)

  static func parse(_ line: [UInt8], format: FlowLogFormat, strict: Bool) -> Result {
    parse(line, format: format, path: strict ? .fastest : .general)
  }

  /// Expects every faster path to give the general path's result on `line`; returns that.
  @discardableResult
  static func expectFastPathsAgree(_ line: [UInt8], format: FlowLogFormat) -> Result {
    let general = parse(line, format: format, path: .general)
    for path in [Path.strict, .fastest, .padded] {
      let result = parse(line, format: format, path: path)
      #expect(result == general, "\(path): \(String(decoding: line, as: UTF8.self))")
    }
    return general
  }

  static func parse(_ line: [UInt8], format: FlowLogFormat, path: Path) -> Result {
    var parser = LineParser(format: format)
    parser.usesStrictPath = path != .general
    parser.usesDefaultFormatPath = path == .fastest || path == .padded
    let buffer = path == .padded ? line + Self.afterLine : line
    return buffer.withUnsafeBytes { all in
      let bytes = UnsafeRawBufferPointer(rebasing: all[0..<line.count])
      switch parser.parse(bytes, lineNumber: 7, padded: path == .padded) {
      case .record(let record):
        return .record(
          (0..<format.count).map { index in
            Field(
              token: Array(record.token(index)), isNull: record.isNull(index),
              integer: record.integer(index), ipv4: record.ipv4(index), ipv6: record.ipv6(index))
          })
      case .header(let header): return .header(header.fields.map(\.name))
      case .blank: return .blank
      case .bad(let diagnostic): return .bad(diagnostic)
      }
    }
  }

  static let v5 = try! FlowLogFormat(
    fields: [
      "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol",
      "tcp-flags", "start", "end", "action", "log-status", "flow-direction", "pkt-srcaddr",
      "traffic-path",
    ].map(FlowField.init(named:)))

  /// Tokens that are valid for a field of `kind`, and tokens that are not quite.
  static func tokens(for kind: FlowField.Kind) -> [String] {
    switch kind {
    case .integer(let max):
      return [
        "0", "6", "443", "65535", "65536", "1700000000", "123456789012", "-", "007",
        "999999999999999999", "1000000000000000000", "12a", "+5", "-5", "--", "1.5",
        String(max), String(max &+ 1), "18446744073709551616",
      ]
    case .address:
      return [
        "10.0.0.1", "203.0.113.255", "1.2.3.4", "255.255.255.255", "0.0.0.0", "-", "256.1.1.1",
        "01.2.3.4", "1.2.3", "1.2.3.4.5", "1..2.3", "2001:db8::1", "::", "fe80::1:2",
        "::ffff:10.0.0.1", "2001:db8::g", "10.0.0.1x", "1.2.3.4-", "1.2.3.x", "a.2.3.4",
        "1.2.3.04", "1.2.3.256", "999.1.1.1", "1.2.3./", "1.2.3.:", "255.255.255.25x",
        "100.100.100.100", "1.2.3.4.",
      ]
    case .action: return ["ACCEPT", "REJECT", "-", "accept", "REJECTED", "DROP"]
    case .logStatus: return ["OK", "NODATA", "SKIPDATA", "-", "ok", "SKIP"]
    case .flowDirection: return ["ingress", "egress", "-", "Ingress", "in"]
    case .string:
      return ["eni-0123456789abcdef0", "123456789012", "-", "vpc-1", "x", "version"]
    }
  }

  /// Anything else a line may hold: other separators, control and non-ASCII bytes, a
  /// CloudWatch time prefix, header words.
  static let oddities: [[UInt8]] = [
    [0x09], [0x20, 0x20], [0x0D], [0x00], [0x7F], Array("é".utf8), [0xFF],
    Array("2024-05-01T10:00:00.000Z".utf8), Array("version".utf8), Array("action".utf8), [],
  ]

  @Test("Mutated v2 and v5 lines", arguments: 0..<6)
  func mutated(seed: Int) {
    var random = SplitMixRandom(seed: UInt64(seed) &+ 0x1234_5678)
    func next(_ bound: Int) -> Int { random.next(bound) }
    var compared = 0
    var strictRecords = 0
    for format in [FlowLogFormat.defaultV2, Self.v5] {
      for _ in 0..<3000 {
        var fields: [[UInt8]] = format.fields.map { field in
          let pool = Self.tokens(for: field.kind)
          // Mostly the first token (valid), so that many lines are records.
          let choice = next(10) == 0 ? next(pool.count) : 0
          return Array(pool[choice].utf8)
        }
        // Sometimes a field goes missing or an extra one appears.
        if next(20) == 0 { fields.removeLast() }
        if next(20) == 0 { fields.append(Array("extra".utf8)) }
        var line: [UInt8] = []
        for (index, field) in fields.enumerated() {
          if index > 0 { line.append(0x20) }
          line += field
        }
        // Sometimes an oddity is put somewhere in the line.
        if next(3) == 0 {
          let oddity = Self.oddities[next(Self.oddities.count)]
          line.insert(contentsOf: oddity, at: next(line.count + 1))
        }
        if next(30) == 0 { line.insert(0x20, at: 0) }
        if next(30) == 0 { line.append(0x20) }
        let general = Self.expectFastPathsAgree(line, format: format)
        compared += 1
        if case .record = general { strictRecords += 1 }
      }
    }
    // The lines must exercise both paths: plenty of records, plenty of other outcomes.
    #expect(strictRecords > compared / 5)
    #expect(strictRecords < compared * 4 / 5)
  }

  @Test("Every valid token of every kind, in every field, and the line's edges")
  func everyToken() {
    for format in [FlowLogFormat.defaultV2, Self.v5] {
      let base = format.fields.map { Self.tokens(for: $0.kind)[0] }
      for (index, field) in format.fields.enumerated() {
        // The empty token: a field left out, two spaces where it was.
        for token in Self.tokens(for: field.kind) + [""] {
          var fields = base
          fields[index] = token
          for ending in ["", "\r", " ", "\t"] {
            let line = Array((fields.joined(separator: " ") + ending).utf8)
            Self.expectFastPathsAgree(line, format: format)
          }
        }
      }
    }
  }

  /// Bytes that end, continue or spoil a field.
  static let probes: [UInt8] = [
    0x20, 0x09, 0x00, 0x7F, 0x80, 0x2D, 0x2E, 0x3A, 0x30, 0x39, 0x41, 0x61, 0x0D,
  ]

  @Test("Every byte of default-format lines changed, removed, or doubled")
  func everyByte() {
    let lines = [
      "2 123456789012 eni-0123456789abcdef0 10.0.1.5 203.0.113.9 443 49152 6 10 8400 1700000000 1700000060 ACCEPT OK",
      "2 123456789012 eni-1 2001:db8::1 10.0.0.1 0 65535 255 1 40 1700000000 1700000000 REJECT OK",
      "2 - - - - - - - - - - - - NODATA",
      "2 123456789012 eni-9 100.100.100.100 1.2.3.4 1 1 17 999999999999999999 1 1 2 - SKIPDATA",
    ]
    var records = 0
    var compared = 0
    for text in lines {
      let original = Array(text.utf8)
      var variants: [[UInt8]] = [original]
      for position in original.indices {
        var removed = original
        removed.remove(at: position)
        variants.append(removed)
        var doubled = original
        doubled.insert(original[position], at: position)
        variants.append(doubled)
        for probe in Self.probes where probe != original[position] {
          var changed = original
          changed[position] = probe
          variants.append(changed)
        }
      }
      for line in variants {
        let general = Self.expectFastPathsAgree(line, format: .defaultV2)
        compared += 1
        if case .record = general { records += 1 }
      }
    }
    // Both outcomes are well represented (a digit for a digit keeps a record a record).
    #expect(records > compared / 10)
    #expect(records < compared * 9 / 10)
  }

  @Test("The default format's words are the bytes they stand for")
  func defaultFormatWords() {
    #expect(DefaultFormatReader.nullThenSpace == DefaultFormatReader.word("- "))
    #expect(DefaultFormatReader.acceptThenSpace == DefaultFormatReader.word("ACCEPT "))
    #expect(DefaultFormatReader.rejectThenSpace == DefaultFormatReader.word("REJECT "))
    #expect(DefaultFormatReader.ok == DefaultFormatReader.word("OK"))
    #expect(DefaultFormatReader.nodata == DefaultFormatReader.word("NODATA"))
    #expect(DefaultFormatReader.skipdata == DefaultFormatReader.word("SKIPDATA"))
    #expect(DefaultFormatReader.word("AB") == 0x4241)
  }
}
