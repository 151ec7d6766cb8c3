/// One element of `IpPermissions` / `IpPermissionsEgress`: a protocol and ports, and any number
/// of peers in `IpRanges[].CidrIp`, `Ipv6Ranges[].CidrIpv6`, `PrefixListIds[].PrefixListId` and
/// `UserIdGroupPairs[].GroupId`, each with an optional `Description`.
struct IpPermissionDTO: Hashable, Sendable {
  var match: RuleMatch
  /// The peers in the order above.
  var peers: [Peer]

  struct Peer: Hashable, Sendable {
    var peer: SecurityGroupRule.Peer
    var description: String?

    init(_ peer: SecurityGroupRule.Peer, description: String? = nil) {
      self.peer = peer
      self.description = description
    }
  }

  init(match: RuleMatch, peers: [Peer]) {
    self.match = match
    self.peers = peers
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    match = try RuleMatch.securityGroup(object)
    peers = []
    for range in try object.optionalObjects("IpRanges") {
      peers.append(
        Peer(
          .cidr(try range.required("CidrIp").cidr(.ipv4)),
          description: try range.optionalString("Description")))
    }
    for range in try object.optionalObjects("Ipv6Ranges") {
      peers.append(
        Peer(
          .cidr(try range.required("CidrIpv6").cidr(.ipv6)),
          description: try range.optionalString("Description")))
    }
    for list in try object.optionalObjects("PrefixListIds") {
      peers.append(
        Peer(
          .prefixList(try list.string("PrefixListId")),
          description: try list.optionalString("Description")))
    }
    for pair in try object.optionalObjects("UserIdGroupPairs") {
      peers.append(
        Peer(
          .securityGroup(try pair.string("GroupId")),
          description: try pair.optionalString("Description")))
    }
  }
}
