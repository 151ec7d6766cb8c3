import NetworkPrimitives

/// One element of `Subnets` (`aws ec2 describe-subnets`).
struct SubnetDTO: Hashable, Sendable {
  var subnetId: String
  var vpcId: String
  /// `CidrBlock`; absent for an IPv6-only subnet.
  var cidrBlock: CIDR?
  var ipv6CidrBlockAssociationSet: [CidrAssociationDTO]
  var availabilityZone: String?
  var mapPublicIpOnLaunch: Bool

  init(
    subnetId: String, vpcId: String, cidrBlock: CIDR?,
    ipv6CidrBlockAssociationSet: [CidrAssociationDTO] = [], availabilityZone: String? = nil,
    mapPublicIpOnLaunch: Bool = false
  ) {
    self.subnetId = subnetId
    self.vpcId = vpcId
    self.cidrBlock = cidrBlock
    self.ipv6CidrBlockAssociationSet = ipv6CidrBlockAssociationSet
    self.availabilityZone = availabilityZone
    self.mapPublicIpOnLaunch = mapPublicIpOnLaunch
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    subnetId = try object.string("SubnetId")
    vpcId = try object.string("VpcId")
    cidrBlock = try object.optionalCIDR("CidrBlock", .ipv4)
    ipv6CidrBlockAssociationSet = []
    for association in try object.optionalObjects("Ipv6CidrBlockAssociationSet") {
      ipv6CidrBlockAssociationSet.append(try .ipv6(association))
    }
    availabilityZone = try object.optionalString("AvailabilityZone")
    mapPublicIpOnLaunch = try object.optionalBool("MapPublicIpOnLaunch") ?? false
  }

  /// The subnet's CIDRs: IPv4 first, then the associated IPv6 blocks.
  var cidrs: [CIDR] {
    var cidrs = [cidrBlock].compactMap { $0 }
    for cidr in ipv6CidrBlockAssociationSet.filter(\.isAssociated).map(\.cidr)
    where !cidrs.contains(cidr) {
      cidrs.append(cidr)
    }
    return cidrs
  }
}
