/// One element of `Reservations[].Instances` (`aws ec2 describe-instances`): the instance id and
/// its network interfaces.
struct InstanceDTO: Hashable, Sendable {
  var instanceId: String
  var networkInterfaces: [NetworkInterfaceDTO]

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    instanceId = try object.string("InstanceId")
    networkInterfaces = []
    for interface in try object.optionalObjects("NetworkInterfaces") {
      networkInterfaces.append(try NetworkInterfaceDTO(interface))
    }
  }

  /// The interfaces' ids in device-index order (`Attachment.DeviceIndex`; 0 is the primary).
  var networkInterfaceIdsByDeviceIndex: [String] {
    networkInterfaces.enumerated().sorted { left, right in
      let leftIndex = left.element.attachment?.deviceIndex ?? Int.max
      let rightIndex = right.element.attachment?.deviceIndex ?? Int.max
      return leftIndex != rightIndex ? leftIndex < rightIndex : left.offset < right.offset
    }.map(\.element.networkInterfaceId)
  }
}
