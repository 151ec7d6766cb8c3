import NetworkPrimitives

/// One element of `Addresses` (`aws ec2 describe-addresses`): an Elastic IP and where it is
/// associated.
struct AddressDTO: Hashable, Sendable {
  var publicIp: IPAddress
  var allocationId: String?
  var networkInterfaceId: String?
  var privateIpAddress: IPAddress?

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    publicIp = try object.required("PublicIp").address(.ipv4)
    allocationId = try object.optionalString("AllocationId")
    // moto writes "" for keys it has no value for.
    networkInterfaceId = try object.optionalString("NetworkInterfaceId").flatMap {
      $0.isEmpty ? nil : $0
    }
    privateIpAddress = try object.optionalAddress("PrivateIpAddress", .ipv4)
  }

  /// What identifies the address: its allocation id, else the address.
  var id: String { allocationId ?? publicIp.description }
}
