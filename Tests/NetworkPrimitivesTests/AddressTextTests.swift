import NetworkPrimitives
import Testing

/// The byte writers behind `diagnose --output jsonl` print addresses and numbers as the plain
/// `String` forms do.
@Suite("Address and number text, written as bytes")
struct AddressTextTests {
  /// RFC 5952 text, written the slow and obvious way.
  static func reference(_ value: UInt128) -> String {
    let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * $0)) }
    var bestStart = -1
    var bestLength = 1
    var runStart = -1
    for (index, group) in groups.enumerated() {
      if group == 0 {
        if runStart < 0 { runStart = index }
        if index - runStart + 1 > bestLength {
          bestLength = index - runStart + 1
          bestStart = runStart
        }
      } else {
        runStart = -1
      }
    }
    func hex(_ range: Range<Int>) -> String {
      groups[range].map { String($0, radix: 16) }.joined(separator: ":")
    }
    // RFC 5952 section 5: an IPv4-mapped address ends in its dotted quad.
    if value >> 32 == 0xFFFF {
      let quad = (0..<4).map { String(UInt8(truncatingIfNeeded: value >> (24 - 8 * $0))) }
      return "::ffff:" + quad.joined(separator: ".")
    }
    if bestStart < 0 { return hex(0..<8) }
    return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
  }

  @Test("IPv6 text matches RFC 5952 on 20,000 addresses with runs of zero groups")
  func ipv6() {
    var generator = SystemRandomNumberGenerator()
    var checked = 0
    for _ in 0..<20_000 {
      var value: UInt128 = 0
      for _ in 0..<8 {
        // Zero groups, small groups and full groups, so that runs and ties are common.
        let group: UInt16 =
          switch UInt8.random(in: 0..<4, using: &generator) {
          case 0, 1: 0
          case 2: UInt16.random(in: 1..<16, using: &generator)
          default: UInt16.random(in: 0...UInt16.max, using: &generator)
          }
        value = value << 16 | UInt128(group)
      }
      let expected = Self.reference(value)
      #expect(IPAddress.v6(value).description == expected)
      var buffer = ByteBuffer()
      buffer.append(IPAddress.v6(value))
      #expect(String(decoding: buffer.array, as: UTF8.self) == expected)
      checked += 1
    }
    for value: UInt128 in [
      0, 1, UInt128.max, UInt128(1) << 127, 0xFFFF_0000_0000, 0xFFFF_C000_0201,
    ] {
      #expect(IPAddress.v6(value).description == Self.reference(value))
      var buffer = ByteBuffer()
      buffer.append(IPAddress.v6(value))
      #expect(String(decoding: buffer.array, as: UTF8.self) == Self.reference(value))
    }
    #expect(IPAddress.v6(0xFFFF_C000_0201).description == "::ffff:192.0.2.1")
    #expect(checked == 20_000)
  }

  @Test("IPv4 text and decimal numbers match String's")
  func ipv4AndDecimal() {
    for value: UInt32 in [0, 1, 9, 10, 99, 100, 255, 0x0A00_0001, 0xC0A8_0164, .max] {
      var buffer = ByteBuffer()
      buffer.append(IPAddress.v4(value))
      #expect(String(decoding: buffer.array, as: UTF8.self) == IPAddress.v4(value).description)
    }
    for value in [0, 7, 10, 99, 100, 65535, -1, -42, Int.max, Int.min + 1] {
      var buffer = ByteBuffer(capacity: 1)
      buffer.appendDecimal(value)
      #expect(String(decoding: buffer.array, as: UTF8.self) == String(value))
    }
  }

  @Test("The eight-bytes-at-a-time escape check agrees with a byte-by-byte one")
  func escapeCheck() {
    var generator = SystemRandomNumberGenerator()
    let alphabet: [UInt8] =
      Array("abz09-:. ~".utf8) + [0x22, 0x5C, 0x00, 0x1F, 0x20, 0x7F, 0x80, 0xC3, 0xFF]
    var positives = 0
    for _ in 0..<20_000 {
      let length = Int.random(in: 0..<40, using: &generator)
      // Mostly clean text, so that runs without a must-escape byte are common.
      let bytes = (0..<length).map { _ in
        Bool.random(using: &generator) && Int.random(in: 0..<8, using: &generator) == 0
          ? alphabet.randomElement(using: &generator) ?? 0x61 : UInt8(0x61)
      }
      let start = Int.random(in: 0...length, using: &generator)
      var buffer = ByteBuffer(capacity: 1)
      bytes.withUnsafeBytes { buffer.append($0) }
      let expected = bytes[start...].contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
      #expect(buffer.needsJSONEscape(from: start) == expected)
      if expected { positives += 1 }
    }
    #expect(positives > 1000)
  }

  /// Short pieces are copied with overlapping moves of 8, 4 or 2 bytes: every length, at every
  /// offset into the buffer, must give exactly the piece's bytes.
  @Test("Pieces of every length from 0 to 40 are appended byte for byte")
  func appendsEveryLength() {
    let source = (0..<96).map { UInt8(0x41 + $0 % 26) }
    var expected: [UInt8] = []
    var buffer = ByteBuffer(capacity: 64)
    for lead in 0..<9 {
      for length in 0...40 {
        let lead = [UInt8](repeating: 0x2E, count: lead)
        let piece = Array(source[length..<(2 * length)])
        lead.withUnsafeBytes { buffer.append($0) }
        piece.withUnsafeBytes { buffer.append($0) }
        expected += lead + piece
      }
    }
    #expect(buffer.array == expected)
  }
}
