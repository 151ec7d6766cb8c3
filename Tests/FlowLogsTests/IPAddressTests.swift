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
      ("::ffff:192.0.2.1", "::ffff:c000:201"),
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
