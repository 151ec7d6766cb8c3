import NetworkPrimitives

/// A network ACL: stateless, ordered entries per direction, applied at the subnet boundary.
public struct NetworkACL: Hashable, Sendable {
  public var id: String
  public var vpcId: String
  public var isDefault: Bool
  /// All entries, both directions, sorted by rule number within each direction, including
  /// AWS's implicit deny entries (`*`: 32767 for IPv4, 32768 for IPv6) even when the input
  /// omitted them.
  public var entries: [NetworkACLEntry]
  /// Subnets associated with this ACL.
  public var subnetIds: [String]

  public init(
    id: String, vpcId: String, isDefault: Bool, entries: [NetworkACLEntry], subnetIds: [String]
  ) {
    self.id = id
    self.vpcId = vpcId
    self.isDefault = isDefault
    self.entries = entries
    self.subnetIds = subnetIds
  }

  /// The entries of one direction, in evaluation order.
  public func entries(egress: Bool) -> [NetworkACLEntry] {
    entries.filter { $0.egress == egress }
  }
}

/// One NACL entry (rule).
public struct NetworkACLEntry: Hashable, Sendable {
  public enum Action: String, Hashable, Sendable {
    case allow, deny
  }

  /// 1–32766 for user rules; 32767 (IPv4) and 32768 (IPv6) for the implicit `*` deny.
  public var ruleNumber: Int
  public var egress: Bool
  public var action: Action
  public var protocolMatch: ProtocolMatch
  /// `CidrBlock` or `Ipv6CidrBlock`; an entry matches one family only.
  public var cidr: CIDR
  /// TCP/UDP destination ports; `nil` = all.
  public var ports: PortRange?
  /// ICMP/ICMPv6 type and code; `nil` members = any.
  public var icmpType: Int?
  public var icmpCode: Int?
  /// Whether AWS adds this entry itself (`*`), rather than the user.
  public var isImplicit: Bool

  public init(
    ruleNumber: Int, egress: Bool, action: Action, protocolMatch: ProtocolMatch, cidr: CIDR,
    ports: PortRange? = nil, icmpType: Int? = nil, icmpCode: Int? = nil, isImplicit: Bool = false
  ) {
    self.ruleNumber = ruleNumber
    self.egress = egress
    self.action = action
    self.protocolMatch = protocolMatch
    self.cidr = cidr
    self.ports = ports
    self.icmpType = icmpType
    self.icmpCode = icmpCode
    self.isImplicit = isImplicit
  }

  /// `100` or `*` as the console shows the rule number.
  public var displayNumber: String { isImplicit ? "*" : String(ruleNumber) }
}

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

/// An inclusive port range.
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
  public var from: UInt16
  public var to: UInt16

  public init(from: UInt16, to: UInt16) {
    self.from = from
    self.to = to
  }

  public static let all = PortRange(from: 0, to: 65535)

  public func contains(_ port: UInt16) -> Bool { port >= from && port <= to }

  public var description: String { from == to ? String(from) : "\(from)-\(to)" }
}
