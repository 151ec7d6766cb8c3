/// What a security group rule or NACL entry matches besides its peer: the protocol, TCP/UDP
/// ports and ICMP type and code, read from AWS's several spellings of them.
///
/// - Security groups (`IpPermissions`, `SecurityGroupRules`): `IpProtocol`, `FromPort`, `ToPort`.
///   For TCP and UDP the ports (`-1` or absent = all); for ICMP and ICMPv6 `FromPort` is the
///   type and `ToPort` the code (`-1` = any) — EC2 API reference, `IpPermission`.
/// - Network ACLs: `Protocol`, `PortRange{From,To}` (TCP and UDP only), `IcmpTypeCode{Type,Code}`
///   (ICMP and ICMPv6 only, `-1` = any) — EC2 API reference, `NetworkAclEntry`.
/// Ports and ICMP fields given for other protocols are ignored, as AWS ignores them.
struct RuleMatch: Hashable, Sendable {
  var protocolMatch: ProtocolMatch
  /// TCP/UDP ports; `nil` = all.
  var ports: PortRange?
  /// ICMP type and code; `nil` = any.
  var icmpType: Int?
  var icmpCode: Int?

  var carriesPorts: Bool { protocolMatch == .tcp || protocolMatch == .udp }
  var carriesICMP: Bool { protocolMatch == .icmp || protocolMatch == .icmpv6 }

  /// Reads a protocol string: `-1`, `tcp`, `udp`, `icmp`, `icmpv6` or an IANA number.
  static func readProtocol(_ reader: JSONReader) throws(TopologyLoadError) -> ProtocolMatch {
    let text = try reader.string()
    guard let match = ProtocolMatch(aws: text) else {
      throw reader.mismatch("a protocol (-1, tcp, udp, icmp, icmpv6 or a number from 0 to 255)")
    }
    return match
  }

  /// Reads `IpProtocol`, `FromPort` and `ToPort` of a security group rule.
  static func securityGroup(_ object: JSONObjectReader) throws(TopologyLoadError) -> RuleMatch {
    var match = RuleMatch(protocolMatch: try readProtocol(object.required("IpProtocol")))
    let from = object.optional("FromPort")
    let to = object.optional("ToPort")
    if match.carriesPorts, from != nil || to != nil {
      let first = try object.required("FromPort").int(in: -1...65535, "a port")
      let last = try object.required("ToPort").int(in: -1...65535, "a port")
      if first != -1 && last != -1 {
        match.ports = try portRange(first, last, at: object.required("ToPort"))
      }
    } else if match.carriesICMP {
      match.icmpType = try from?.int(in: -1...255, "an ICMP type (FromPort)")
      match.icmpCode = try to?.int(in: -1...255, "an ICMP code (ToPort)")
      if match.icmpType == -1 { match.icmpType = nil }
      if match.icmpCode == -1 { match.icmpCode = nil }
    }
    return match
  }

  /// Reads `Protocol`, `PortRange` and `IcmpTypeCode` of a network ACL entry.
  static func networkACL(_ object: JSONObjectReader) throws(TopologyLoadError) -> RuleMatch {
    var match = RuleMatch(protocolMatch: try readProtocol(object.required("Protocol")))
    if match.carriesPorts, let range = try object.optionalObject("PortRange") {
      let first = try range.required("From").int(in: 0...65535, "a port")
      let last = try range.required("To").int(in: 0...65535, "a port")
      match.ports = try portRange(first, last, at: range.required("To"))
    } else if match.carriesICMP, let icmp = try object.optionalObject("IcmpTypeCode") {
      let type = try icmp.optional("Type")?.int(in: -1...255, "an ICMP type")
      let code = try icmp.optional("Code")?.int(in: -1...255, "an ICMP code")
      match.icmpType = type == -1 ? nil : type
      match.icmpCode = code == -1 ? nil : code
    }
    return match
  }

  /// A port range whose ends are already known to be 0–65535; `at` is where the end is.
  static func portRange(_ first: Int, _ last: Int, at reader: JSONReader) throws(TopologyLoadError)
    -> PortRange
  {
    guard first <= last else {
      throw reader.error("the port range \(first)-\(last) ends before it starts")
    }
    return PortRange(from: UInt16(first), to: UInt16(last))
  }
}
