import NetworkPrimitives

/// One element of a `CidrBlockAssociationSet` or `Ipv6CidrBlockAssociationSet` (VPCs and
/// subnets): a CIDR block and the state of its association.
struct CidrAssociationDTO: Hashable, Sendable {
  var cidr: CIDR
  /// `CidrBlockState.State` / `Ipv6CidrBlockState.State`: `associated`, `associating`,
  /// `disassociated`, …
  var state: String?

  /// Whether the block belongs to the VPC or subnet now: state `associated`, or no state given.
  /// moto writes the subnet's IPv6 state as the Python text `{'State': 'associated'}`, which
  /// counts as associated too.
  var isAssociated: Bool {
    guard let state else { return true }
    return state == "associated" || state == "{'State': 'associated'}"
  }

  init(cidr: CIDR, state: String? = nil) {
    self.cidr = cidr
    self.state = state
  }

  /// Reads an IPv4 association (`CidrBlock`, `CidrBlockState`).
  static func ipv4(_ object: JSONObjectReader) throws(TopologyLoadError) -> CidrAssociationDTO {
    CidrAssociationDTO(
      cidr: try object.required("CidrBlock").cidr(.ipv4),
      state: try object.optionalObject("CidrBlockState")?.optionalString("State"))
  }

  /// Reads an IPv6 association (`Ipv6CidrBlock`, `Ipv6CidrBlockState`).
  static func ipv6(_ object: JSONObjectReader) throws(TopologyLoadError) -> CidrAssociationDTO {
    CidrAssociationDTO(
      cidr: try object.required("Ipv6CidrBlock").cidr(.ipv6),
      state: try object.optionalObject("Ipv6CidrBlockState")?.optionalString("State"))
  }
}
