import NetworkPrimitives

/// One element of `NetworkInterfaces` (`aws ec2 describe-network-interfaces`), or of an
/// instance's `NetworkInterfaces` (`describe-instances`, same shape, fewer keys).
struct NetworkInterfaceDTO: Hashable, Sendable {
  var networkInterfaceId: String
  var subnetId: String
  var vpcId: String?
  /// `PrivateIpAddress`, the primary private IPv4 address.
  var privateIpAddress: IPAddress?
  var privateIpAddresses: [PrivateAddress]
  /// The top-level `Association`: the public address of the primary private address.
  var association: PublicAssociation?
  /// `Ipv6Addresses[].Ipv6Address`.
  var ipv6Addresses: [IPAddress]
  /// `Groups[].GroupId`.
  var groupIds: [String]
  var attachment: Attachment?
  var interfaceType: String?
  var sourceDestCheck: Bool?
  var requesterManaged: Bool?
  var connectionTracking: ConnectionTracking?
  /// `Description`: AWS names a load balancer's node ENIs `ELB app/NAME/ID` or `ELB net/…`.
  var description: String? = nil

  /// One element of `PrivateIpAddresses`.
  struct PrivateAddress: Hashable, Sendable {
    var privateIpAddress: IPAddress
    var primary: Bool
    var association: PublicAssociation?

    init(privateIpAddress: IPAddress, primary: Bool, association: PublicAssociation? = nil) {
      self.privateIpAddress = privateIpAddress
      self.primary = primary
      self.association = association
    }
  }

  /// An `Association`: a public IPv4 address (auto-assigned, or an Elastic IP with its
  /// `AllocationId`).
  struct PublicAssociation: Hashable, Sendable {
    var publicIp: IPAddress
    var allocationId: String?

    init(publicIp: IPAddress, allocationId: String? = nil) {
      self.publicIp = publicIp
      self.allocationId = allocationId
    }

    /// Reads an `Association` object; `nil` when it holds no `PublicIp`.
    static func read(_ object: JSONObjectReader?) throws(TopologyLoadError) -> PublicAssociation? {
      guard let object, let publicIp = try object.optionalAddress("PublicIp", .ipv4) else {
        return nil
      }
      return PublicAssociation(
        publicIp: publicIp, allocationId: try object.optionalString("AllocationId"))
    }
  }

  /// `Attachment`: the instance (absent in `describe-instances`, where the enclosing instance
  /// says it) and the device index.
  struct Attachment: Hashable, Sendable {
    var instanceId: String?
    var deviceIndex: Int?
  }

  init(
    networkInterfaceId: String, subnetId: String, vpcId: String?,
    privateIpAddresses: [PrivateAddress], ipv6Addresses: [IPAddress], groupIds: [String],
    attachment: Attachment?, interfaceType: String?, sourceDestCheck: Bool?,
    requesterManaged: Bool?, connectionTracking: ConnectionTracking?
  ) {
    self.networkInterfaceId = networkInterfaceId
    self.subnetId = subnetId
    self.vpcId = vpcId
    self.privateIpAddress = privateIpAddresses.first(where: \.primary)?.privateIpAddress
    self.privateIpAddresses = privateIpAddresses
    self.ipv6Addresses = ipv6Addresses
    self.groupIds = groupIds
    self.attachment = attachment
    self.interfaceType = interfaceType
    self.sourceDestCheck = sourceDestCheck
    self.requesterManaged = requesterManaged
    self.connectionTracking = connectionTracking
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    networkInterfaceId = try object.string("NetworkInterfaceId")
    subnetId = try object.string("SubnetId")
    vpcId = try object.optionalString("VpcId")
    privateIpAddress = try object.optionalAddress("PrivateIpAddress", .ipv4)
    privateIpAddresses = []
    for address in try object.optionalObjects("PrivateIpAddresses") {
      privateIpAddresses.append(
        PrivateAddress(
          privateIpAddress: try address.required("PrivateIpAddress").address(.ipv4),
          primary: try address.optionalBool("Primary") ?? false,
          association: try .read(address.optionalObject("Association"))))
    }
    association = try .read(object.optionalObject("Association"))
    ipv6Addresses = []
    for address in try object.optionalObjects("Ipv6Addresses") {
      ipv6Addresses.append(try address.required("Ipv6Address").address(.ipv6))
    }
    groupIds = []
    for group in try object.optionalObjects("Groups") {
      groupIds.append(try group.string("GroupId"))
    }
    if let attachment = try object.optionalObject("Attachment") {
      self.attachment = Attachment(
        instanceId: try attachment.optionalString("InstanceId"),
        deviceIndex: try attachment.optionalInt("DeviceIndex"))
    }
    interfaceType = try object.optionalString("InterfaceType")
    description = try object.optionalString("Description")
    sourceDestCheck = try object.optionalBool("SourceDestCheck")
    requesterManaged = try object.optionalBool("RequesterManaged")
    if let tracking = try object.optionalObject("ConnectionTrackingConfiguration") {
      connectionTracking = ConnectionTracking(
        tcpEstablishedTimeout: try tracking.optionalInt("TcpEstablishedTimeout"),
        udpStreamTimeout: try tracking.optionalInt("UdpStreamTimeout"),
        udpTimeout: try tracking.optionalInt("UdpTimeout"))
    }
  }
}
