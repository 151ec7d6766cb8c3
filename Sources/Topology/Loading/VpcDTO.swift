import NetworkPrimitives

/// One element of `Vpcs` (`aws ec2 describe-vpcs`).
struct VpcDTO: Hashable, Sendable {
  var vpcId: String
  /// `CidrBlock`, the primary IPv4 block.
  var cidrBlock: CIDR?
  var cidrBlockAssociationSet: [CidrAssociationDTO]
  var ipv6CidrBlockAssociationSet: [CidrAssociationDTO]
  var isDefault: Bool

  init(
    vpcId: String, cidrBlock: CIDR?, cidrBlockAssociationSet: [CidrAssociationDTO] = [],
    ipv6CidrBlockAssociationSet: [CidrAssociationDTO] = [], isDefault: Bool = false
  ) {
    self.vpcId = vpcId
    self.cidrBlock = cidrBlock
    self.cidrBlockAssociationSet = cidrBlockAssociationSet
    self.ipv6CidrBlockAssociationSet = ipv6CidrBlockAssociationSet
    self.isDefault = isDefault
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    vpcId = try object.string("VpcId")
    cidrBlock = try object.optionalCIDR("CidrBlock", .ipv4)
    cidrBlockAssociationSet = []
    for association in try object.optionalObjects("CidrBlockAssociationSet") {
      cidrBlockAssociationSet.append(try .ipv4(association))
    }
    ipv6CidrBlockAssociationSet = []
    for association in try object.optionalObjects("Ipv6CidrBlockAssociationSet") {
      ipv6CidrBlockAssociationSet.append(try .ipv6(association))
    }
    isDefault = try object.optionalBool("IsDefault") ?? false
  }

  /// The VPC's CIDRs: the primary block, then the other associated IPv4 blocks, then the
  /// associated IPv6 blocks, without repeats.
  var cidrs: [CIDR] {
    var cidrs: [CIDR] = []
    for cidr in [cidrBlock].compactMap({ $0 })
      + (cidrBlockAssociationSet + ipv6CidrBlockAssociationSet).filter(\.isAssociated).map(\.cidr)
    where !cidrs.contains(cidr) {
      cidrs.append(cidr)
    }
    return cidrs
  }
}
