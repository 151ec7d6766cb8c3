import NetworkPrimitives

/// One element of `NetworkAcls` (`aws ec2 describe-network-acls`).
struct NetworkAclDTO: Hashable, Sendable {
  var networkAclId: String
  var vpcId: String
  var isDefault: Bool
  /// In document order (not meaningful: moto lists them in creation order, AWS egress first).
  var entries: [Entry]
  /// `Associations[].SubnetId`.
  var associatedSubnetIds: [String]

  /// One element of `Entries`.
  struct Entry: Hashable, Sendable {
    var ruleNumber: Int
    var egress: Bool
    var ruleAction: NetworkACLEntry.Action
    var match: RuleMatch
    /// `CidrBlock` or `Ipv6CidrBlock`.
    var cidr: CIDR

    init(
      ruleNumber: Int, egress: Bool, ruleAction: NetworkACLEntry.Action, match: RuleMatch,
      cidr: CIDR
    ) {
      self.ruleNumber = ruleNumber
      self.egress = egress
      self.ruleAction = ruleAction
      self.match = match
      self.cidr = cidr
    }

    init(_ object: JSONObjectReader) throws(TopologyLoadError) {
      ruleNumber = try object.required("RuleNumber").int(in: 1...32768, "a rule number")
      egress = try object.bool("Egress")
      ruleAction = try Self.action(object.required("RuleAction"))
      match = try RuleMatch.networkACL(object)
      if let ipv4 = try object.optionalCIDR("CidrBlock", .ipv4) {
        cidr = ipv4
      } else if let ipv6 = try object.optionalCIDR("Ipv6CidrBlock", .ipv6) {
        cidr = ipv6
      } else {
        throw object.error("an entry needs CidrBlock or Ipv6CidrBlock")
      }
    }

    /// Reads `allow` or `deny`.
    static func action(_ reader: JSONReader) throws(TopologyLoadError) -> NetworkACLEntry.Action {
      guard let action = NetworkACLEntry.Action(rawValue: try reader.string()) else {
        throw reader.mismatch("allow or deny")
      }
      return action
    }
  }

  init(
    networkAclId: String, vpcId: String, isDefault: Bool, entries: [Entry],
    associatedSubnetIds: [String]
  ) {
    self.networkAclId = networkAclId
    self.vpcId = vpcId
    self.isDefault = isDefault
    self.entries = entries
    self.associatedSubnetIds = associatedSubnetIds
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    networkAclId = try object.string("NetworkAclId")
    vpcId = try object.string("VpcId")
    isDefault = try object.optionalBool("IsDefault") ?? false
    entries = []
    var seen = RuleNumbers()
    for entry in try object.optionalObjects("Entries") {
      let read = try Entry(entry)
      try seen.add(
        read.ruleNumber, egress: read.egress, at: try entry.required("RuleNumber"),
        entryPath: entry.path)
      entries.append(read)
    }
    associatedSubnetIds = []
    for association in try object.optionalObjects("Associations") {
      if let subnetId = try association.optionalString("SubnetId") {
        associatedSubnetIds.append(subnetId)
      }
    }
  }
}

extension NetworkAclDTO {
  /// The rule numbers of one ACL's entries, per direction: AWS refuses a second entry with the
  /// same rule number and direction (`CreateNetworkAclEntry` fails with
  /// `NetworkAclEntryAlreadyExists`, EC2 API Reference, "Error codes for the Amazon EC2 API"),
  /// so an input that has one was not written by AWS, and which entry decides is unknowable.
  struct RuleNumbers {
    /// The JSON path of the entry that first used each (direction, rule number).
    private var first: [Key: String] = [:]

    private struct Key: Hashable {
      var egress: Bool
      var ruleNumber: Int
    }

    /// Records the entry at `entryPath`; throws at `reader` (its rule number) when an earlier
    /// entry of the same direction has the same number.
    mutating func add(_ ruleNumber: Int, egress: Bool, at reader: JSONReader, entryPath: String)
      throws(TopologyLoadError)
    {
      let key = Key(egress: egress, ruleNumber: ruleNumber)
      if let earlier = first[key] {
        throw reader.error(
          "rule number \(ruleNumber) is used twice by \(egress ? "outbound" : "inbound") entries (first at \(earlier)); AWS allows one entry per rule number and direction (NetworkAclEntryAlreadyExists)"
        )
      }
      first[key] = entryPath
    }
  }
}
