/// Which IP protocols a rule matches: all (`-1`) or one IANA number.
public enum ProtocolMatch: Hashable, Sendable, CustomStringConvertible {
  case all
  case number(UInt8)

  public static let tcp = ProtocolMatch.number(6)
  public static let udp = ProtocolMatch.number(17)
  public static let icmp = ProtocolMatch.number(1)
  public static let icmpv6 = ProtocolMatch.number(58)

  /// Reads AWS's protocol strings: `-1`, `all`, `tcp`, `udp`, `icmp`, `icmpv6`, or a number.
  public init?(aws text: String) {
    switch text.lowercased() {
    case "-1", "all": self = .all
    case "tcp": self = .tcp
    case "udp": self = .udp
    case "icmp": self = .icmp
    case "icmpv6", "icmp6": self = .icmpv6
    default:
      guard let number = UInt8(text) else { return nil }
      self = .number(number)
    }
  }

  public func matches(_ protocolNumber: UInt8) -> Bool {
    switch self {
    case .all: return true
    case .number(let number): return number == protocolNumber
    }
  }

  public var description: String {
    switch self {
    case .all: return "all"
    case .number(6): return "tcp"
    case .number(17): return "udp"
    case .number(1): return "icmp"
    case .number(58): return "icmpv6"
    case .number(let number): return String(number)
    }
  }
}
