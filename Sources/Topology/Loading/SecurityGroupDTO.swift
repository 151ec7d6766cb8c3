/// One element of `SecurityGroups` (`aws ec2 describe-security-groups`).
struct SecurityGroupDTO: Hashable, Sendable {
  var groupId: String
  var groupName: String?
  var vpcId: String?
  /// Inbound rules.
  var ipPermissions: [IpPermissionDTO]
  /// Outbound rules.
  var ipPermissionsEgress: [IpPermissionDTO]

  init(
    groupId: String, groupName: String?, vpcId: String?, ipPermissions: [IpPermissionDTO],
    ipPermissionsEgress: [IpPermissionDTO]
  ) {
    self.groupId = groupId
    self.groupName = groupName
    self.vpcId = vpcId
    self.ipPermissions = ipPermissions
    self.ipPermissionsEgress = ipPermissionsEgress
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    groupId = try object.string("GroupId")
    groupName = try object.optionalString("GroupName")
    vpcId = try object.optionalString("VpcId")
    ipPermissions = []
    for permission in try object.optionalObjects("IpPermissions") {
      ipPermissions.append(try IpPermissionDTO(permission))
    }
    ipPermissionsEgress = []
    for permission in try object.optionalObjects("IpPermissionsEgress") {
      ipPermissionsEgress.append(try IpPermissionDTO(permission))
    }
  }
}
