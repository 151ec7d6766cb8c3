import NetworkPrimitives
import Testing

@testable import FlowLogs

/// The line splitter reads eight bytes at a time; a byte-by-byte reference must split every line
/// the same way and report the same first control byte, wherever the bytes fall in the words.
@Suite("The word-at-a-time line splitter agrees with a byte-by-byte reference")
struct LineSplittingTests {
  enum Split: Equatable {
    case tokens([[UInt8]])
    case controlByte(column: Int)
  }

  /// Runs of spaces and tabs separate tokens; any other byte below 0x21, or 0x7F, is an error.
  static func reference(_ line: [UInt8]) -> Split {
    var tokens: [[UInt8]] = []
    var current: [UInt8] = []
    for (index, byte) in line.enumerated() {
      if byte == 0x20 || byte == 0x09 {
        if !current.isEmpty { tokens.append(current) }
        current = []
      } else if byte < 0x20 || byte == 0x7F {
        return .controlByte(column: index + 1)
      } else {
        current.append(byte)
      }
    }
    if !current.isEmpty { tokens.append(current) }
    return .tokens(tokens)
  }

  /// What the parser made of `line`, read with a format of `fields` string fields.
  static func split(_ line: [UInt8], fields: Int) throws -> Split {
    let format = try FlowLogFormat(
      fields: (0..<fields).map { FlowField(named: "x-field-\($0)") })
    var parser = LineParser(format: format)
    return line.withUnsafeBytes { bytes in
      switch parser.parse(bytes, lineNumber: 1) {
      case .record(let record):
        return .tokens((0..<fields).map { Array(record.token($0)) })
      case .blank:
        return .tokens([])
      case .bad(let diagnostic):
        if case .controlByte = diagnostic.problem {
          return .controlByte(column: diagnostic.column ?? 0)
        }
        if case .fieldCount(_, let found) = diagnostic.problem {
          return .tokens(Array(repeating: [], count: found))
        }
        return .tokens([[0xFF]])
      case .header:
        return .tokens([[0xFE]])
      }
    }
  }

  @Test("Random lines of spaces, tabs, control bytes, UTF-8 and text", arguments: 0..<8)
  func random(seed: Int) throws {
    var random = SplitMixRandom(seed: UInt64(seed))
    func next() -> Int { random.next(1_000_000) }
    let pieces: [[UInt8]] = [
      Array("A".utf8), Array("9".utf8), [0x20], [0x20, 0x20], [0x09], Array("Z0-".utf8),
      Array("é".utf8), [0x01], [0x7F], [0x1F], Array("eni-0123456789abcdef0".utf8),
    ]
    for _ in 0..<3000 {
      var line: [UInt8] = []
      let length = next() % 40
      for _ in 0..<length {
        // Control bytes rarely, so that most lines reach the end.
        var piece = pieces[next() % pieces.count]
        if piece == [0x01] || piece == [0x7F] || piece == [0x1F] {
          if next() % 8 != 0 { piece = [0x41] }
        }
        line += piece
      }
      let expected = Self.reference(line)
      var fields = 1
      if case .tokens(let tokens) = expected { fields = max(tokens.count, 1) }
      let got = try Self.split(line, fields: fields)
      if case .tokens(let tokens) = expected, tokens.isEmpty {
        #expect(got == .tokens([]), "\(line)")
      } else {
        #expect(got == expected, "\(line)")
      }
    }
  }
}
