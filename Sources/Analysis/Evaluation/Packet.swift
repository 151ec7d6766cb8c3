import NetworkPrimitives

/// One direction of a flow as the evaluators see it: addresses, protocol, ports or ICMP type.
public struct Packet: Hashable, Sendable, CustomStringConvertible {
  public var source: IPAddress
  public var destination: IPAddress
  /// IANA protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, …).
  public var protocolNumber: UInt8
  /// TCP/UDP ports; 0 for other protocols.
  public var sourcePort: UInt16
  public var destinationPort: UInt16
  /// ICMP/ICMPv6 type and code; `nil` for other protocols.
  public var icmpType: Int?
  public var icmpCode: Int?

  public init(
    source: IPAddress, destination: IPAddress, protocolNumber: UInt8, sourcePort: UInt16 = 0,
    destinationPort: UInt16 = 0, icmpType: Int? = nil, icmpCode: Int? = nil
  ) {
    self.source = source
    self.destination = destination
    self.protocolNumber = protocolNumber
    self.sourcePort = sourcePort
    self.destinationPort = destinationPort
    self.icmpType = icmpType
    self.icmpCode = icmpCode
  }

  /// Whether the protocol has ports (TCP, UDP).
  public var hasPorts: Bool { protocolNumber == 6 || protocolNumber == 17 }

  /// Whether the protocol is ICMP or ICMPv6.
  public var isICMP: Bool { protocolNumber == 1 || protocolNumber == 58 }

  public var isIPv6: Bool { destination.isIPv6 }

  /// The ICMP type that answers this packet's, for the query messages that have an answer:
  /// IPv4 echo 8 → 0, timestamp 13 → 14, information 15 → 16 and address mask 17 → 18 (RFC 792,
  /// RFC 950), ICMPv6 echo 128 → 129 (RFC 4443). `nil` for every other type: an error
  /// (destination unreachable, time exceeded, packet too big, …) or a reply is answered by
  /// nothing; and for a packet that is not ICMP.
  public var icmpReplyType: Int? {
    Self.icmpReplyType(protocolNumber: protocolNumber, type: icmpType)
  }

  /// The ICMP type that answers `type` of `protocolNumber` (1 ICMP, 58 ICMPv6), as
  /// ``icmpReplyType``.
  public static func icmpReplyType(protocolNumber: UInt8, type: Int?) -> Int? {
    switch (protocolNumber, type) {
    case (1, 8): return 0
    case (1, 13): return 14
    case (1, 15): return 16
    case (1, 17): return 18
    case (58, 128): return 129
    default: return nil
    }
  }

  /// Whether the other end answers this packet: every TCP and UDP packet and every other
  /// protocol's, and an ICMP query (``icmpReplyType``); not an ICMP error or reply.
  public var expectsReply: Bool { !isICMP || icmpReplyType != nil }

  /// The reply: addresses and ports swapped; an ICMP query answered by its reply type
  /// (``icmpReplyType``: echo request 8 by echo reply 0, ICMPv6 128 by 129, …).
  public func reply() -> Packet {
    Packet(
      source: destination, destination: source, protocolNumber: protocolNumber,
      sourcePort: destinationPort, destinationPort: sourcePort,
      icmpType: icmpReplyType ?? icmpType, icmpCode: icmpCode)
  }

  /// The same packet from another address (after NAT).
  public func withSource(_ address: IPAddress, port: UInt16? = nil) -> Packet {
    var copy = self
    copy.source = address
    if let port { copy.sourcePort = port }
    return copy
  }

  /// The same packet to another address (after NAT).
  public func withDestination(_ address: IPAddress, port: UInt16? = nil) -> Packet {
    var copy = self
    copy.destination = address
    if let port { copy.destinationPort = port }
    return copy
  }

  /// `tcp 10.0.1.5:40000 -> 10.0.2.7:443`, `icmp 10.0.1.5 -> 8.8.8.8 type 8 code 0`.
  public var description: String {
    let name = ProtocolNames.name(protocolNumber)
    if hasPorts {
      return
        "\(name) \(Self.endpoint(source, sourcePort)) -> \(Self.endpoint(destination, destinationPort))"
    }
    var text = "\(name) \(source) -> \(destination)"
    if let icmpType { text += " type \(icmpType) code \(icmpCode ?? 0)" }
    return text
  }

  private static func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
    address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
  }
}

/// Protocol names as AWS writes them.
public enum ProtocolNames {
  public static func name(_ number: UInt8) -> String {
    switch number {
    case 1: return "icmp"
    case 6: return "tcp"
    case 17: return "udp"
    case 58: return "icmpv6"
    default: return "protocol \(number)"
    }
  }

  /// Reads `tcp`, `udp`, `icmp`, `icmpv6` or a number 0–255.
  public static func number(_ text: String) -> UInt8? {
    switch text.lowercased() {
    case "tcp": return 6
    case "udp": return 17
    case "icmp": return 1
    case "icmpv6", "icmp6": return 58
    default: return UInt8(text)
    }
  }
}
