import NetworkPrimitives
import Testing

@Suite("IP addresses")
struct IPAddressTests {
  @Test(
    "Valid addresses parse and print in canonical form",
    arguments: [
      ("10.0.1.15", "10.0.1.15"),
      ("0.0.0.0", "0.0.0.0"),
      ("255.255.255.255", "255.255.255.255"),
      ("2001:db8:1234:a100:8d6e:3477:df66:f105", "2001:db8:1234:a100:8d6e:3477:df66:f105"),
      ("2a02:cf40::", "2a02:cf40::"),
      ("::", "::"),
      ("::1", "::1"),
      ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
      // IPv4-mapped: the dotted quad kept (RFC 5952 section 5).
      ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
      ("::FFFF:c000:201", "::ffff:192.0.2.1"),
      ("::fffe:c000:201", "::fffe:c000:201"),
      ("fe80:0:0:1:0:0:0:1", "fe80:0:0:1::1"),
    ])
  func parsesValid(text: String, canonical: String) throws {
    let address = try #require(IPAddress(text))
    #expect(address.description == canonical)
  }

  @Test("Every IPv4 octet prints as the dotted quad it was parsed from")
  func ipv4RoundTrip() throws {
    for octet in 0...255 {
      for text in ["\(octet).0.0.1", "10.\(octet).200.\(255 - octet)", "1.2.3.\(octet)"] {
        #expect(try #require(IPAddress(text)).description == text)
      }
    }
  }

  @Test(
    "Malformed addresses are rejected",
    arguments: [
      "", "-", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1..2.3", "1.2.3.4 ", "a.b.c.d",
      ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "2001:db8:", ":2001:db8::1", "g::1",
      "::ffff:300.1.1.1", "1:2:3:4:5:6:7::8:9",
    ])
  func rejectsMalformed(text: String) {
    #expect(IPAddress(text) == nil)
  }

  @Test("IPv4 and IPv6 values are distinct")
  func families() throws {
    #expect(try #require(IPAddress("10.0.0.1")) == .v4(0x0A00_0001))
    #expect(try #require(IPAddress("::a00:1")) == .v6(0x0A00_0001))
    #expect(try #require(IPAddress("::a00:1")).isIPv6)
  }
}

@Suite("IPv4 parsing against a byte-by-byte model")
struct IPv4ParseModelTests {
  /// The reading of a dotted quad that `IPAddress.parseIPv4` replaced, one byte at a time: the
  /// fast parser must agree with it on every input.
  static func model(_ bytes: [UInt8]) -> UInt32? {
    guard bytes.count >= 7, bytes.count <= 15 else { return nil }
    var result: UInt32 = 0
    var octet: UInt32 = 0
    var digits = 0
    var dots = 0
    for byte in bytes {
      if byte >= 0x30 && byte <= 0x39 {
        if digits > 0 && octet == 0 { return nil }
        octet = octet * 10 + UInt32(byte - 0x30)
        digits += 1
        if digits > 3 || octet > 255 { return nil }
      } else if byte == 0x2E {
        guard digits > 0, dots < 3 else { return nil }
        result = result << 8 | octet
        octet = 0
        digits = 0
        dots += 1
      } else {
        return nil
      }
    }
    guard digits > 0, dots == 3 else { return nil }
    return result << 8 | octet
  }

  static func parse(_ bytes: [UInt8]) -> UInt32? {
    bytes.withUnsafeBytes { IPAddress.parseIPv4($0) }
  }

  @Test("Every string of up to 8 bytes from '0', '1', '9', '.' and 'a' parses as the model does")
  func exhaustiveShort() {
    let alphabet: [UInt8] = Array("019.a".utf8)
    var disagreements: [String] = []
    var accepted = 0
    for length in 0...8 {
      var digits = [Int](repeating: 0, count: length)
      while true {
        let bytes = digits.map { alphabet[$0] }
        let expected = Self.model(bytes)
        if expected != nil { accepted += 1 }
        if Self.parse(bytes) != expected {
          disagreements.append(String(decoding: bytes, as: UTF8.self))
        }
        var position = 0
        while position < length {
          digits[position] += 1
          if digits[position] < alphabet.count { break }
          digits[position] = 0
          position += 1
        }
        if position == length { break }
      }
    }
    #expect(disagreements.count == 0, "first: \(disagreements.prefix(5))")
    // Seven bytes: four one-digit octets, 3^4 = 81. Eight bytes: one octet of two digits
    // (a first digit of 1 or 9, then 0, 1 or 9: 6 choices) in one of 4 places, the other three
    // of one digit: 4 * 6 * 27 = 648. Shorter strings are never addresses.
    #expect(accepted == 81 + 648)
  }

  @Test("Random dotted strings of 7 to 16 bytes parse as the model does")
  func randomLonger() {
    var numbers = SplitMixRandom(seed: 0x9E37_79B9_7F4A_7C15)
    func next(_ bound: Int) -> Int { numbers.next(bound) }
    let alphabet: [UInt8] = Array("0123456789.".utf8) + [0x2F, 0x3A, 0x20]
    var accepted = 0
    var disagreements: [String] = []
    for _ in 0..<200_000 {
      var bytes: [UInt8] = []
      if next(2) == 0 {
        // Near-valid: four octets of 1 to 4 digits (sometimes with a leading zero or above 255).
        for part in 0..<4 {
          if part > 0 { bytes.append(next(20) == 0 ? alphabet[next(alphabet.count)] : 0x2E) }
          let digits = 1 + next(next(8) == 0 ? 4 : 3)
          for _ in 0..<digits { bytes.append(0x30 + UInt8(next(10))) }
        }
        if next(30) == 0 { bytes.append(alphabet[next(alphabet.count)]) }
      } else {
        for _ in 0..<(7 + next(10)) { bytes.append(alphabet[next(alphabet.count)]) }
      }
      let expected = Self.model(bytes)
      if expected != nil { accepted += 1 }
      if Self.parse(bytes) != expected {
        disagreements.append(String(decoding: bytes, as: UTF8.self))
      }
    }
    #expect(disagreements.count == 0, "first: \(disagreements.prefix(5))")
    // The near-valid half must exercise the accepting path, not only rejections.
    #expect(accepted > 10_000)
  }

  /// The default-format reader reads a dotted quad before it knows where the field ends, and
  /// takes it when a space follows: that must be exactly when the token up to the space is an
  /// address, with the same value.
  @Test("A dotted quad read from a field's start is the token's address when a space follows")
  func prefixAgreesWithToken() {
    var numbers = SplitMixRandom(seed: 0x2545_F491_4F6C_DD1D)
    func next(_ bound: Int) -> Int { numbers.next(bound) }
    let alphabet: [UInt8] = Array("0123456789.".utf8) + [0x2F, 0x3A, 0x20, 0x61, 0x09]
    var taken = 0
    var disagreements: [String] = []
    for _ in 0..<200_000 {
      var bytes: [UInt8] = []
      for part in 0..<4 {
        if part > 0 { bytes.append(next(20) == 0 ? alphabet[next(alphabet.count)] : 0x2E) }
        let digits = 1 + next(next(8) == 0 ? 4 : 3)
        for _ in 0..<digits { bytes.append(0x30 + UInt8(next(10))) }
      }
      // What follows the field: usually a space and more, sometimes more of the token.
      for _ in 0..<next(4) { bytes.append(next(2) == 0 ? 0x20 : alphabet[next(alphabet.count)]) }
      let tokenEnd = bytes.firstIndex(of: 0x20) ?? bytes.count
      let expected = Self.parse(Array(bytes[..<tokenEnd]))
      let prefix = bytes.withUnsafeBufferPointer { buffer in
        IPAddress.parseIPv4Prefix(buffer.baseAddress!, buffer.count)
      }
      // Taken as the reader takes it: a quad followed by the space, or by the end.
      let read = prefix.flatMap { $0.length == tokenEnd ? $0.value : nil }
      if read != nil { taken += 1 }
      if read != expected { disagreements.append(String(decoding: bytes, as: UTF8.self)) }
    }
    #expect(disagreements.count == 0, "first: \(disagreements.prefix(5))")
    #expect(taken > 10_000)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("IPv6 parsing against the C library's inet_pton")
struct IPv6ParseModelTests {
  /// `inet_pton(AF_INET6, …)` as a 128-bit value, `nil` when it refuses the text.
  static func model(_ bytes: [UInt8]) -> UInt128? {
    var text = bytes.map { CChar(bitPattern: $0) }
    text.append(0)
    var address = in6_addr()
    guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
    return withUnsafeBytes(of: &address) { raw in
      raw.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }
  }

  static func parse(_ bytes: [UInt8]) -> UInt128? {
    bytes.withUnsafeBytes { IPAddress.parseIPv6($0) }
  }

  @Test("Random near-valid IPv6 text parses as inet_pton reads it")
  func randomNearValid() {
    var numbers = SplitMixRandom(seed: 0x0123_4567_89AB_CDEF)
    func next(_ bound: Int) -> Int { numbers.next(bound) }
    let hex = Array("0123456789abcdefABCDEF".utf8)
    let noise = Array("0123456789abcdef:.gG /".utf8)
    var accepted = 0
    var disagreements: [String] = []
    for _ in 0..<100_000 {
      // Up to nine groups of zero to five hex digits, a gap somewhere, an IPv4 tail at times.
      var parts: [[UInt8]] = []
      for _ in 0..<(1 + next(9)) {
        let digits = next(12) == 0 ? next(6) : 1 + next(4)
        parts.append((0..<digits).map { _ in hex[next(hex.count)] })
      }
      if next(4) == 0 {
        let quad = (0..<4).map { _ in String(next(10) == 0 ? next(400) : next(256)) }
        parts.append(Array(quad.joined(separator: ".").utf8))
      }
      var text: [UInt8] = []
      let gap = next(3) == 0 ? -1 : next(parts.count + 1)
      for (index, part) in parts.enumerated() {
        if index == gap { text += Array("::".utf8) } else if index > 0 { text.append(0x3A) }
        text += part
      }
      if gap == parts.count { text += Array("::".utf8) }
      // Sometimes one byte is changed, dropped or added.
      if next(5) == 0, !text.isEmpty {
        let position = next(text.count)
        switch next(3) {
        case 0: text[position] = noise[next(noise.count)]
        case 1: text.remove(at: position)
        default: text.insert(noise[next(noise.count)], at: position)
        }
      }
      let expected = Self.model(text)
      if expected != nil { accepted += 1 }
      if Self.parse(text) != expected {
        disagreements.append(String(decoding: text, as: UTF8.self))
      }
    }
    #expect(disagreements.count == 0, "first: \(disagreements.prefix(5))")
    // Both outcomes are well represented.
    #expect(accepted > 20_000)
    #expect(accepted < 80_000)
  }

  @Test("The edge cases of RFC 4291 text parse as inet_pton reads them")
  func edges() {
    let texts = [
      "::", "::1", "1::", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:8", ":::",
      "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1::2::3", "1:", ":1", "1:2:3:4:5:6:7:8:9",
      "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4",
      "::1.02.3.4", "::1.2.3.4:5", "::1.2.3", "1.2.3.4", "12345::", "::12345", "ffff::FFFF",
      "fe80::1%eth0", "::g", "0:0:0:0:0:0:0:0", "0000:0000:0000:0000:0000:0000:0000:0000",
      "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "1::1.2.3.4", "::ffff:256.1.1.1",
    ]
    for text in texts {
      let bytes = Array(text.utf8)
      #expect(Self.parse(bytes) == Self.model(bytes), "\(text)")
    }
  }
}
