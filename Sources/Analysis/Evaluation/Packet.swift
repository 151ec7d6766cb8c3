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

  /// The reply: addresses and ports swapped; an echo request (8, ICMPv6 128) answered by an
  /// echo reply (0, ICMPv6 129).
  public func reply() -> Packet {
    var type = icmpType
    switch (protocolNumber, icmpType) {
    case (1, 8): type = 0
    case (58, 128): type = 129
    default: break
    }
    return Packet(
      source: destination, destination: source, protocolNumber: protocolNumber,
      sourcePort: destinationPort, destinationPort: sourcePort, icmpType: type, icmpCode: icmpCode)
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
