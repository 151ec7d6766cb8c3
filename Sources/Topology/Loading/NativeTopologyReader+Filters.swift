import NetworkPrimitives

extension NativeTopologyReader {
  /// Network ACLs: `inbound` and `outbound` entries with `rule` (1–32766), `action`,
  /// `protocol`, `ports`, `icmp-type`, `icmp-code` and `cidr`. The implicit deny entries are
  /// added by the builder, as for AWS input.
  func readNetworkACLs(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    let keys = ["id", "vpc", "default", "subnets", "inbound", "outbound"]
    let entryKeys = ["rule", "action", "protocol", "ports", "icmp-type", "icmp-code", "cidr"]
    for object in try section("network-acls", allowed: keys) {
      let id = try object.string("id")
      var entries: [NetworkAclDTO.Entry] = []
      var seen = NetworkAclDTO.RuleNumbers()
      for (key, egress) in [("inbound", false), ("outbound", true)] {
        for entry in try object.optionalObjects(key) {
          try entry.rejectUnknownKeys(allowed: entryKeys)
          let ruleNumber = try entry.required("rule").int(
            in: 1...32766, "a rule number (32767 and 32768 are the implicit deny)")
          try seen.add(
            ruleNumber, egress: egress, at: entry.required("rule"), entryPath: entry.path)
          entries.append(
            NetworkAclDTO.Entry(
              ruleNumber: ruleNumber,
              egress: egress,
              ruleAction: try NetworkAclDTO.Entry.action(entry.required("action")),
              match: try Self.ruleMatch(entry),
              cidr: try entry.required("cidr").cidr(.any)))
        }
      }
      var subnets: [String] = []
      if let reader = object.optional("subnets") { subnets = try Self.strings(reader) }
      let acl = NetworkAclDTO(
        networkAclId: id, vpcId: try vpc(of: object),
        isDefault: try object.optionalBool("default") ?? false, entries: entries,
        associatedSubnetIds: subnets)
      inventory.add(acl, id: id, document: document, path: object.path, to: \.networkAcls)
    }
  }

  /// Security groups: `inbound` rules with `from`, `outbound` rules with `to` (a CIDR, `pl-…`,
  /// `sg-…`, or an array of them), `protocol`, `ports`, `icmp-type`, `icmp-code` and
  /// `description`. A list left out means no rules.
  func readSecurityGroups(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    let keys = ["id", "vpc", "name", "inbound", "outbound"]
    for object in try section("security-groups", allowed: keys) {
      let id = try object.string("id")
      var permissions: [[IpPermissionDTO]] = [[], []]
      for (index, (key, peerKey)) in [("inbound", "from"), ("outbound", "to")].enumerated() {
        for rule in try object.optionalObjects(key) {
          try rule.rejectUnknownKeys(
            allowed: ["protocol", "ports", "icmp-type", "icmp-code", peerKey, "description"])
          let description = try rule.optionalString("description")
          let peers = try Self.peers(rule.required(peerKey)).map {
            IpPermissionDTO.Peer($0, description: description)
          }
          permissions[index].append(IpPermissionDTO(match: try Self.ruleMatch(rule), peers: peers))
        }
      }
      let group = SecurityGroupDTO(
        groupId: id, groupName: try object.optionalString("name"), vpcId: try vpc(of: object),
        ipPermissions: permissions[0], ipPermissionsEgress: permissions[1])
      inventory.add(group, id: id, document: document, path: object.path, to: \.securityGroups)
    }
  }

  /// A rule's `protocol`, `ports` (TCP and UDP only: `"443"`, `"1024-65535"` or a number; left
  /// out = all) and `icmp-type` / `icmp-code` (ICMP and ICMPv6 only; left out = any).
  static func ruleMatch(_ object: JSONObjectReader) throws(TopologyLoadError) -> RuleMatch {
    var match = RuleMatch(protocolMatch: try RuleMatch.readProtocol(object.required("protocol")))
    if let ports = object.optional("ports") {
      guard match.carriesPorts else {
        throw ports.error("ports apply only to tcp and udp, not to \(match.protocolMatch)")
      }
      match.ports = try portRange(ports)
    }
    for key in ["icmp-type", "icmp-code"] {
      guard let reader = object.optional(key) else { continue }
      guard match.carriesICMP else {
        throw reader.error("\(key) applies only to icmp and icmpv6, not to \(match.protocolMatch)")
      }
      let value = try reader.int(in: 0...255, "an ICMP \(key == "icmp-type" ? "type" : "code")")
      if key == "icmp-type" { match.icmpType = value } else { match.icmpCode = value }
    }
    return match
  }

  /// `"443"`, `"1024-65535"` or the number `443`.
  static func portRange(_ reader: JSONReader) throws(TopologyLoadError) -> PortRange {
    if case .number = reader.value {
      let port = try reader.int(in: 0...65535, "a port")
      return PortRange(from: UInt16(port), to: UInt16(port))
    }
    let text = try reader.string()
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    let numbers = parts.compactMap { part in
      part.allSatisfy(\.isASCII) ? Int(part.trimmingPrefix(" ")) : nil
    }
    guard parts.count <= 2, numbers.count == parts.count,
      numbers.allSatisfy({ (0...65535).contains($0) }), let first = numbers.first,
      let last = numbers.last
    else {
      throw reader.mismatch("a port or port range such as \"443\" or \"1024-65535\"")
    }
    return try RuleMatch.portRange(first, last, at: reader)
  }

  /// A rule's peers: a string, or an array of strings, each a CIDR block, `pl-…` or `sg-…`.
  static func peers(_ reader: JSONReader) throws(TopologyLoadError) -> [SecurityGroupRule.Peer] {
    let elements: [JSONReader]
    if case .array = reader.value {
      elements = try reader.array()
    } else {
      elements = [reader]
    }
    var peers: [SecurityGroupRule.Peer] = []
    for element in elements {
      let text = try element.string()
      if text.hasPrefix("pl-") {
        peers.append(.prefixList(text))
      } else if text.hasPrefix("sg-") {
        peers.append(.securityGroup(text))
      } else if let cidr = CIDR(text) {
        peers.append(.cidr(cidr))
      } else {
        throw element.mismatch(
          "a CIDR block, a prefix list id (pl-…) or a security group id (sg-…)")
      }
    }
    return peers
  }
}
