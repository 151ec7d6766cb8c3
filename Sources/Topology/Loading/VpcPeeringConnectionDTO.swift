import NetworkPrimitives

/// One element of `VpcPeeringConnections` (`aws ec2 describe-vpc-peering-connections`).
struct VpcPeeringConnectionDTO: Hashable, Sendable {
  var vpcPeeringConnectionId: String
  var requesterVpcInfo: VpcInfo
  var accepterVpcInfo: VpcInfo
  /// `Status.Code`: `active`, `pending-acceptance`, `deleted`, …
  var statusCode: String

  /// `RequesterVpcInfo` / `AccepterVpcInfo`.
  struct VpcInfo: Hashable, Sendable {
    var vpcId: String
    var cidrBlock: CIDR?
    /// `CidrBlockSet[].CidrBlock`.
    var cidrBlockSet: [CIDR]
    /// `Ipv6CidrBlockSet[].Ipv6CidrBlock`.
    var ipv6CidrBlockSet: [CIDR]

    init(vpcId: String, cidrs: [CIDR] = []) {
      self.vpcId = vpcId
      cidrBlock = nil
      cidrBlockSet = cidrs.filter { !$0.isIPv6 }
      ipv6CidrBlockSet = cidrs.filter(\.isIPv6)
    }

    init(_ object: JSONObjectReader) throws(TopologyLoadError) {
      vpcId = try object.string("VpcId")
      cidrBlock = try object.optionalCIDR("CidrBlock", .ipv4)
      cidrBlockSet = []
      for block in try object.optionalObjects("CidrBlockSet") {
        cidrBlockSet.append(try block.required("CidrBlock").cidr(.ipv4))
      }
      ipv6CidrBlockSet = []
      for block in try object.optionalObjects("Ipv6CidrBlockSet") {
        ipv6CidrBlockSet.append(try block.required("Ipv6CidrBlock").cidr(.ipv6))
      }
    }

    /// The CIDRs the peering carries for this side, without repeats.
    var cidrs: [CIDR] {
      var cidrs: [CIDR] = []
      for cidr in [cidrBlock].compactMap({ $0 }) + cidrBlockSet + ipv6CidrBlockSet
      where !cidrs.contains(cidr) {
        cidrs.append(cidr)
      }
      return cidrs
    }
  }

  init(
    vpcPeeringConnectionId: String, requesterVpcInfo: VpcInfo, accepterVpcInfo: VpcInfo,
    statusCode: String
  ) {
    self.vpcPeeringConnectionId = vpcPeeringConnectionId
    self.requesterVpcInfo = requesterVpcInfo
    self.accepterVpcInfo = accepterVpcInfo
    self.statusCode = statusCode
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    vpcPeeringConnectionId = try object.string("VpcPeeringConnectionId")
    requesterVpcInfo = try VpcInfo(object.object("RequesterVpcInfo"))
    accepterVpcInfo = try VpcInfo(object.object("AccepterVpcInfo"))
    statusCode = try object.object("Status").string("Code")
  }
}
