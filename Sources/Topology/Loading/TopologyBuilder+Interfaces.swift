import NetworkPrimitives

extension TopologyBuilder {
  /// Network interfaces from `NetworkInterfaces`, then those of `describe-instances` that are
  /// not already known; then Elastic IPs from `Addresses` that the ENIs do not list.
  mutating func buildNetworkInterfaces() {
    for dto in inventory.networkInterfaces.elements {
      topology.networkInterfaces[dto.networkInterfaceId] = networkInterface(dto, instanceId: nil)
    }
    for instance in inventory.instances.elements {
      for dto in instance.networkInterfaces {
        if var known = topology.networkInterfaces[dto.networkInterfaceId] {
          if known.instanceId == nil {
            known.instanceId = instance.instanceId
            topology.networkInterfaces[dto.networkInterfaceId] = known
          }
        } else {
          topology.networkInterfaces[dto.networkInterfaceId] = networkInterface(
            dto, instanceId: instance.instanceId)
        }
      }
    }
    for address in inventory.addresses.elements {
      guard let interfaceId = address.networkInterfaceId,
        var interface = topology.networkInterfaces[interfaceId]
      else { continue }
      if let index = interface.publicIPv4s.firstIndex(where: { $0.publicIP == address.publicIp }) {
        if interface.publicIPv4s[index].allocationId == nil {
          interface.publicIPv4s[index].allocationId = address.allocationId
        }
      } else if let privateIP = address.privateIpAddress ?? interface.primaryIPv4 {
        interface.publicIPv4s.append(
          PublicAddress(
            publicIP: address.publicIp, privateIP: privateIP, allocationId: address.allocationId))
      }
      topology.networkInterfaces[interfaceId] = interface
    }
  }

  /// The model of one ENI: private addresses with the primary first, public addresses from
  /// each private address's `Association` and from the top-level `Association` (the primary's).
  private func networkInterface(_ dto: NetworkInterfaceDTO, instanceId: String?)
    -> NetworkInterface
  {
    var privateIPv4s: [IPAddress] = []
    var publicIPv4s: [PublicAddress] = []
    let ordered =
      dto.privateIpAddresses.filter(\.primary) + dto.privateIpAddresses.filter { !$0.primary }
    if let primary = dto.privateIpAddress,
      !ordered.contains(where: { $0.privateIpAddress == primary })
    {
      privateIPv4s.append(primary)
    }
    for address in ordered where !privateIPv4s.contains(address.privateIpAddress) {
      privateIPv4s.append(address.privateIpAddress)
      if let association = address.association {
        publicIPv4s.append(
          PublicAddress(
            publicIP: association.publicIp, privateIP: address.privateIpAddress,
            allocationId: association.allocationId))
      }
    }
    if let association = dto.association,
      !publicIPv4s.contains(where: { $0.publicIP == association.publicIp }),
      let primary = dto.privateIpAddress ?? privateIPv4s.first
    {
      publicIPv4s.append(
        PublicAddress(
          publicIP: association.publicIp, privateIP: primary,
          allocationId: association.allocationId))
    }
    var interface = NetworkInterface(
      id: dto.networkInterfaceId, subnetId: dto.subnetId,
      vpcId: dto.vpcId ?? topology.subnets[dto.subnetId]?.vpcId ?? "",
      privateIPv4s: privateIPv4s, ipv6s: dto.ipv6Addresses, publicIPv4s: publicIPv4s,
      securityGroupIds: dto.groupIds, instanceId: dto.attachment?.instanceId ?? instanceId,
      interfaceType: dto.interfaceType ?? "interface", sourceDestCheck: dto.sourceDestCheck ?? true,
      requesterManaged: dto.requesterManaged ?? false, connectionTracking: dto.connectionTracking)
    if let description = dto.description, description.hasPrefix("ELB ") {
      interface.loadBalancerNode = String(description.dropFirst(4))
    }
    return interface
  }

  /// Instances from `Reservations`, with their ENIs in device-index order; an ENI attached to
  /// an instance that `describe-instances` did not list makes an instance record too.
  mutating func buildInstances() {
    var order: [String] = []
    var attached: [String: [(deviceIndex: Int, sequence: Int, interfaceId: String)]] = [:]
    var sequence = 0
    func attach(_ instanceId: String, _ interfaceId: String, _ deviceIndex: Int?) {
      if attached[instanceId] == nil {
        order.append(instanceId)
        attached[instanceId] = []
      }
      guard attached[instanceId]?.contains(where: { $0.interfaceId == interfaceId }) == false
      else { return }
      attached[instanceId]?.append((deviceIndex ?? Int.max, sequence, interfaceId))
      sequence += 1
    }
    for instance in inventory.instances.elements {
      if attached[instance.instanceId] == nil {
        order.append(instance.instanceId)
        attached[instance.instanceId] = []
      }
      for interface in instance.networkInterfaces {
        attach(
          instance.instanceId, interface.networkInterfaceId, interface.attachment?.deviceIndex)
      }
    }
    for dto in inventory.networkInterfaces.elements {
      if let instanceId = dto.attachment?.instanceId {
        attach(instanceId, dto.networkInterfaceId, dto.attachment?.deviceIndex)
      }
    }
    for instanceId in order {
      let interfaces = (attached[instanceId] ?? []).sorted {
        ($0.deviceIndex, $0.sequence) < ($1.deviceIndex, $1.sequence)
      }
      topology.instances[instanceId] = Instance(
        id: instanceId, networkInterfaceIds: interfaces.map(\.interfaceId))
    }
  }
}
