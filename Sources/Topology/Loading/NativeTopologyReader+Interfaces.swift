import NetworkPrimitives

extension NativeTopologyReader {
  /// Network interfaces: `subnet`, `private-ips` (the primary first), `ipv6`, `public-ip`
  /// (mapped to the primary private address) with its `allocation-id` for an Elastic IP,
  /// `security-groups`, `instance`, `type`, `source-dest-check`, `requester-managed` and
  /// `connection-tracking`. An instance's interfaces take device indexes in document order.
  func readNetworkInterfaces(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    let keys = [
      "id", "subnet", "private-ips", "ipv6", "public-ip", "allocation-id", "security-groups",
      "instance", "type", "source-dest-check", "requester-managed", "connection-tracking",
    ]
    var deviceIndexes: [String: Int] = [:]
    for object in try section("network-interfaces", allowed: keys) {
      let id = try object.string("id")
      let subnet = try object.string("subnet")
      var privateIPs: [IPAddress] = []
      for address in try object.array("private-ips") {
        privateIPs.append(try address.address(.ipv4))
      }
      var ipv6s: [IPAddress] = []
      for address in try object.optionalArray("ipv6") { ipv6s.append(try address.address(.ipv6)) }
      var association: NetworkInterfaceDTO.PublicAssociation?
      if let publicReader = object.optional("public-ip") {
        guard !privateIPs.isEmpty else {
          throw publicReader.error("a public IP maps to a private one; private-ips is empty")
        }
        association = .init(
          publicIp: try publicReader.address(.ipv4),
          allocationId: try object.optionalString("allocation-id"))
      } else if let allocation = object.optional("allocation-id") {
        throw allocation.error("allocation-id needs a public-ip")
      }
      let privateAddresses = privateIPs.enumerated().map { index, address in
        NetworkInterfaceDTO.PrivateAddress(
          privateIpAddress: address, primary: index == 0,
          association: index == 0 ? association : nil)
      }
      var attachment: NetworkInterfaceDTO.Attachment?
      if let instance = try object.optionalString("instance") {
        let index = deviceIndexes[instance, default: 0]
        deviceIndexes[instance] = index + 1
        attachment = .init(instanceId: instance, deviceIndex: index)
      }
      let interface = NetworkInterfaceDTO(
        networkInterfaceId: id, subnetId: subnet, vpcId: subnetVPCs[subnet],
        privateIpAddresses: privateAddresses, ipv6Addresses: ipv6s,
        groupIds: try Self.strings(object.required("security-groups")), attachment: attachment,
        interfaceType: try object.optionalString("type"),
        sourceDestCheck: try object.optionalBool("source-dest-check"),
        requesterManaged: try object.optionalBool("requester-managed"),
        connectionTracking: try Self.connectionTracking(
          object.optionalObject("connection-tracking")))
      inventory.add(
        interface, id: id, document: document, path: object.path, to: \.networkInterfaces)
    }
  }

  /// `{"tcp-established-timeout": 350, "udp-stream-timeout": 180, "udp-timeout": 30}`, seconds.
  static func connectionTracking(_ object: JSONObjectReader?) throws(TopologyLoadError)
    -> ConnectionTracking?
  {
    guard let object else { return nil }
    try object.rejectUnknownKeys(
      allowed: ["tcp-established-timeout", "udp-stream-timeout", "udp-timeout"])
    return ConnectionTracking(
      tcpEstablishedTimeout: try object.optionalInt("tcp-established-timeout"),
      udpStreamTimeout: try object.optionalInt("udp-stream-timeout"),
      udpTimeout: try object.optionalInt("udp-timeout"))
  }
}
