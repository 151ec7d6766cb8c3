import NetworkPrimitives

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
