import NetworkPrimitives

/// One security group rule with one peer (a CIDR, a prefix list or a group).
///
/// AWS's `IpPermissions` entries with several ranges are split into one rule per peer.
public struct SecurityGroupRule: Hashable, Sendable, CustomStringConvertible {
  public enum Peer: Hashable, Sendable, CustomStringConvertible {
    case cidr(CIDR)
    case prefixList(String)
    case securityGroup(String)

    public var description: String {
      switch self {
      case .cidr(let cidr): return cidr.description
      case .prefixList(let id), .securityGroup(let id): return id
      }
    }
  }

  /// `sgr-…` when the input had rule ids (`describe-security-group-rules`).
  public var ruleId: String?
  public var protocolMatch: ProtocolMatch
  /// TCP/UDP ports; `nil` = all (also for protocol `-1`).
  public var ports: PortRange?
  /// ICMP type and code (`FromPort`/`ToPort` for ICMP); `nil` = any.
  public var icmpType: Int?
  public var icmpCode: Int?
  public var peer: Peer
  public var ruleDescription: String?

  public init(
    ruleId: String? = nil, protocolMatch: ProtocolMatch, ports: PortRange? = nil,
    icmpType: Int? = nil, icmpCode: Int? = nil, peer: Peer, ruleDescription: String? = nil
  ) {
    self.ruleId = ruleId
    self.protocolMatch = protocolMatch
    self.ports = ports
    self.icmpType = icmpType
    self.icmpCode = icmpCode
    self.peer = peer
    self.ruleDescription = ruleDescription
  }

  /// `tcp 443 0.0.0.0/0`, as a person reads a rule.
  public var description: String {
    var text = protocolMatch.description
    if let ports { text += " \(ports)" }
    if protocolMatch == .icmp || protocolMatch == .icmpv6 {
      text +=
        " type \(icmpType.map(String.init) ?? "all") code \(icmpCode.map(String.init) ?? "all")"
    }
    return text + " \(peer)"
  }
}
