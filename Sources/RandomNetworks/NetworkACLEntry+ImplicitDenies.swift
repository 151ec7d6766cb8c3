import NetworkPrimitives
import Topology

extension NetworkACLEntry {
  /// `entries` plus the implicit `*` denies, inbound first, each direction by rule number.
  static func withImplicitDenies(_ entries: [NetworkACLEntry]) -> [NetworkACLEntry] {
    var all = entries
    for egress in [false, true] {
      all.append(
        NetworkACLEntry(
          ruleNumber: 32767, egress: egress, action: .deny, protocolMatch: .all,
          cidr: CIDR.anyIPv4, isImplicit: true))
      all.append(
        NetworkACLEntry(
          ruleNumber: 32768, egress: egress, action: .deny, protocolMatch: .all,
          cidr: CIDR.anyIPv6, isImplicit: true))
    }
    return [false, true].flatMap { egress in
      all.filter { $0.egress == egress }.sorted { $0.ruleNumber < $1.ruleNumber }
    }
  }
}
