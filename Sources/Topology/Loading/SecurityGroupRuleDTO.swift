/// One element of `SecurityGroupRules` (`aws ec2 describe-security-group-rules`): one rule with
/// one peer and its `sgr-` id.
struct SecurityGroupRuleDTO: Hashable, Sendable {
  var securityGroupRuleId: String
  var groupId: String
  var isEgress: Bool
  var match: RuleMatch
  /// `CidrIpv4`, `CidrIpv6`, `PrefixListId` or `ReferencedGroupInfo.GroupId`.
  var peer: SecurityGroupRule.Peer
  var description: String?

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    securityGroupRuleId = try object.string("SecurityGroupRuleId")
    groupId = try object.string("GroupId")
    isEgress = try object.bool("IsEgress")
    match = try RuleMatch.securityGroup(object)
    if let cidr = try object.optionalCIDR("CidrIpv4", .ipv4) {
      peer = .cidr(cidr)
    } else if let cidr = try object.optionalCIDR("CidrIpv6", .ipv6) {
      peer = .cidr(cidr)
    } else if let list = try object.optionalString("PrefixListId") {
      peer = .prefixList(list)
    } else if let group = try object.optionalObject("ReferencedGroupInfo") {
      peer = .securityGroup(try group.string("GroupId"))
    } else {
      throw object.error(
        "a rule needs CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupInfo")
    }
    description = try object.optionalString("Description")
  }
}
