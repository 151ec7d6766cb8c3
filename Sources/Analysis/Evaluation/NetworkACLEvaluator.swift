import NetworkPrimitives
import Topology

/// What a network ACL decides for a packet: the first entry that matches, by rule number.
public struct NetworkACLDecision: Hashable, Sendable {
  public var aclId: String
  public var entry: NetworkACLEntry
  public var allowed: Bool { entry.action == .allow }
}

/// Evaluates network ACLs: stateless, entries of one direction and one address family in
/// ascending rule-number order, the first match decides; the implicit `*` entry denies the rest.
///
/// Source: VPC User Guide, "Control subnet traffic with network access control lists" ("rules are
/// evaluated starting with the lowest numbered rule… as soon as a rule matches traffic, it's
/// applied regardless of any higher-numbered rule that might contradict it").
public enum NetworkACLEvaluator {
  /// Decides `packet` leaving (`egress`) or entering the subnet through `acl`.
  public static func evaluate(_ packet: Packet, acl: NetworkACL, egress: Bool) -> NetworkACLDecision
  {
    NetworkACLDecision(aclId: acl.id, entry: firstMatch(packet, acl: acl, egress: egress).entry)
  }

  /// The entry that decides, and its index in `acl.entries` (-1 for the implicit deny made up
  /// for a model that lacks it).
  static func firstMatch(_ packet: Packet, acl: NetworkACL, egress: Bool) -> (
    index: Int, entry: NetworkACLEntry
  ) {
    let peer = egress ? packet.destination : packet.source
    for (index, entry) in acl.entries.enumerated()
    where entry.egress == egress && matches(entry, packet, peer: peer) {
      return (index, entry)
    }
    // The model always holds the implicit deny entries; this covers a hand-built model.
    let any = packet.isIPv6 ? CIDR.anyIPv6 : CIDR.anyIPv4
    return (
      -1,
      NetworkACLEntry(
        ruleNumber: packet.isIPv6 ? 32768 : 32767, egress: egress, action: .deny,
        protocolMatch: .all, cidr: any, isImplicit: true)
    )
  }

  static func matches(_ entry: NetworkACLEntry, _ packet: Packet, peer: IPAddress) -> Bool {
    guard entry.cidr.contains(peer), entry.protocolMatch.matches(packet.protocolNumber) else {
      return false
    }
    if case .all = entry.protocolMatch { return true }
    if packet.hasPorts, let ports = entry.ports, !ports.contains(packet.destinationPort) {
      return false
    }
    if packet.isICMP {
      if let type = entry.icmpType, type != packet.icmpType { return false }
      if let code = entry.icmpCode, code != packet.icmpCode { return false }
    }
    return true
  }
}
