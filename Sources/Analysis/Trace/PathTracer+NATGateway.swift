import NetworkPrimitives
import Topology

/// NAT gateways, on both legs: the translation, and for a public one the internet gateway of
/// its own subnet's route table.
extension PathTracer {
  // MARK: - Forward leg

  /// `sender`'s packet, through the route (`lookup`) to `natId`, is translated and, by a public
  /// NAT gateway, sent to the internet.
  func leaveThroughNatGateway(
    _ natId: String, sender: NetworkInterface, lookup: RouteLookup, packet: Packet,
    toward destination: TraceEndpoint, walk: inout Walk
  ) -> Shape? {
    guard let nat = topology.natGateways[natId] else {
      walk.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
      walk.deny(
        .natGateway, at: natId, packet, .badStateRoute,
        Explanation(.notInTopology, ["id": "\(natId)"]))
      return nil
    }
    crossSubnets(from: sender.subnetId, to: nat.subnetId, packet: packet, walk: &walk) {
      $0.add(routeCheck(lookup, subnetId: sender.subnetId, packet: packet))
    }
    if walk.stopped { return nil }
    let port = Self.natPort(for: packet)
    guard let translated = natGatewayEgress(nat, packet: packet, port: port, walk: &walk) else {
      return nil
    }
    if nat.connectivity == .private {
      return leaveThroughPrivateNatGateway(
        nat, translated: translated, port: port, toward: destination, walk: &walk)
    }
    let natLookup = routes.lookup(subnetId: nat.subnetId, destination: translated.destination)
    guard case .internetGateway(let igwId) = natLookup.route?.target,
      natLookup.route?.state == .active
    else {
      notRouted(
        natLookup, subnetId: nat.subnetId, packet: translated,
        why: Explanation(.packetNotRoutedToIGW), required: Explanation(.needIGWForPublicNAT),
        walk: &walk)
      return nil
    }
    walk.add(aclCheck(subnetId: nat.subnetId, packet: translated, egress: true))
    walk.add(routeCheck(natLookup, subnetId: nat.subnetId, packet: translated))
    if walk.stopped { return nil }
    guard let outside = natInternetEgress(nat, igwId: igwId, packet: translated, walk: &walk)
    else { return nil }
    arriveFromInternet(packet: outside, destination: destination, walk: &walk)
    return .natGateway(nat, translatedPort: port)
  }

  /// A private NAT gateway's translated packet, by its own subnet's route table (VPC User
  /// Guide, "NAT gateways", private NAT gateway: it connects to other VPCs through a transit
  /// gateway or a virtual private gateway, or within the VPC; it cannot reach the internet):
  /// locally to an ENI of the VPC (where a table sends such an address to it), through a
  /// transit gateway, or to a virtual private gateway (beyond which the network is outside the
  /// model).
  private func leaveThroughPrivateNatGateway(
    _ nat: NatGateway, translated: Packet, port: UInt16, toward destination: TraceEndpoint,
    walk: inout Walk
  ) -> Shape? {
    let lookup = routes.lookup(subnetId: nat.subnetId, destination: translated.destination)
    guard let route = lookup.route, route.state == .active else {
      notRouted(
        lookup, subnetId: nat.subnetId, packet: translated,
        why: Explanation(.privateNATNotRouted), walk: &walk)
      return nil
    }
    let natInterface = Self.interface(of: nat)
    switch route.target {
    case .local:
      guard let receiver = destination.interface, receiver.vpcId == nat.vpcId else {
        walk.add(routeCheck(lookup, subnetId: nat.subnetId, packet: translated))
        walk.add(unknownDestination(destination, packet: translated))
        return nil
      }
      guard
        crossToReceiver(
          receiver, from: nat.subnetId, lookup: lookup, packet: translated, walk: &walk) != nil
      else { return nil }
      return .privateNatGateway(nat, translatedPort: port, onward: .local)
    case .transitGateway(let tgwId):
      walk.add(aclCheck(subnetId: nat.subnetId, packet: translated, egress: true))
      walk.add(routeCheck(lookup, subnetId: nat.subnetId, packet: translated))
      if walk.stopped { return nil }
      switch leaveThroughTransitGateway(
        tgwId, sender: natInterface, packet: translated, toward: destination, walk: &walk)
      {
      case .beyondModel(let target)?:
        return .privateNatGateway(nat, translatedPort: port, onward: .beyondModel(target))
      case nil: return nil
      default:
        return .privateNatGateway(nat, translatedPort: port, onward: .transitGateway(tgwId))
      }
    case .virtualPrivateGateway(let gatewayId):
      walk.add(aclCheck(subnetId: nat.subnetId, packet: translated, egress: true))
      walk.add(routeCheck(lookup, subnetId: nat.subnetId, packet: translated))
      if walk.stopped { return nil }
      guard
        case .beyondModel(let target)? = leaveThroughVPN(
          gatewayId, sender: natInterface, packet: translated, walk: &walk)
      else { return nil }
      return .privateNatGateway(nat, translatedPort: port, onward: .beyondModel(target))
    default:
      walk.add(routeCheck(lookup, subnetId: nat.subnetId, packet: translated))
      walk.cannotDecide(
        .natGateway, at: nat.id, translated, .unsupportedComponent,
        Explanation(
          .privateNATNotFollowed,
          ["table": "\(lookup.table?.id ?? nat.subnetId)", "route": "\(route)"]))
      return nil
    }
  }

  /// The NAT gateway's ENI as the tracer walks from it: in its subnet, with its private
  /// addresses, and no security groups (NAT gateways have none; its subnet's network ACL
  /// judges its traffic).
  static func interface(of nat: NatGateway) -> NetworkInterface {
    NetworkInterface(
      id: nat.networkInterfaceId ?? nat.id, subnetId: nat.subnetId, vpcId: nat.vpcId,
      privateIPv4s: nat.privateIPs, securityGroupIds: [], interfaceType: "nat_gateway",
      sourceDestCheck: false, requesterManaged: true)
  }

  /// The NAT gateway translates the source. IPv4 only.
  private func natGatewayEgress(_ nat: NatGateway, packet: Packet, port: UInt16, walk: inout Walk)
    -> Packet?
  {
    guard nat.state == "available" else {
      walk.deny(
        .natGateway, at: nat.id, packet, .badState,
        Explanation(.gatewayNotAvailable, ["gateway": "\(nat.id)", "state": "\(nat.state)"]))
      return nil
    }
    guard !packet.isIPv6, let natPrivate = nat.privateIPs.first else {
      walk.deny(
        .natGateway, at: nat.id, packet, .cannotRoute,
        Explanation(packet.isIPv6 ? .natIPv4Only : .natNoPrivateAddress, ["nat": "\(nat.id)"]))
      return nil
    }
    let translated = packet.withSource(natPrivate, port: packet.hasPorts ? port : nil)
    walk.allow(
      .natGateway, at: nat.id, translated,
      Explanation(
        packet.hasPorts ? .natTranslatesSourcePort : .natTranslatesSource,
        ["nat": "\(nat.id)", "private": "\(natPrivate)", "port": "\(port)"]))
    return translated
  }

  /// The internet gateway of the NAT gateway's VPC maps its private address to its Elastic IP.
  private func natInternetEgress(_ nat: NatGateway, igwId: String, packet: Packet, walk: inout Walk)
    -> Packet?
  {
    guard topology.internetGateways[igwId]?.attachedVpcIds.contains(nat.vpcId) == true else {
      walk.deny(
        .internetGateway, at: igwId, packet, .badStateAttachment,
        Explanation(.gatewayNotAttached, ["gateway": "\(igwId)", "vpc": "\(nat.vpcId)"]))
      return nil
    }
    guard let natPublic = nat.publicIPs.first else {
      walk.deny(
        .internetGateway, at: igwId, packet, .igwPublicIPAssociationForEgress,
        Explanation(.natNoElasticIP, ["nat": "\(nat.id)"]))
      return nil
    }
    let translated = packet.withSource(natPublic)
    walk.allow(
      .internetGateway, at: igwId, translated,
      Explanation(
        .igwMapsNATSource,
        ["gateway": "\(igwId)", "source": "\(packet.source)", "public": "\(natPublic)"]))
    return translated
  }

  /// A NAT gateway's translated source port, deterministic for a flow (1024–65535).
  static func natPort(for packet: Packet) -> UInt16 {
    var hash: UInt32 = 2_166_136_261
    for byte in "\(packet)".utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
    return UInt16(1024 + hash % (65536 - 1024))
  }

  // MARK: - Return leg

  /// The reply to the NAT gateway's Elastic IP `natPublic` comes in through the internet
  /// gateway, is translated back and routed locally to `sender`.
  func returnThroughNatGateway(
    _ nat: NatGateway, natPublic: IPAddress, natPrivate: IPAddress, to sender: NetworkInterface,
    reply outsideReply: Packet, request: Packet, walk: inout Walk
  ) {
    let igw = index.internetGateway(attachedTo: nat.vpcId)?.id
    walk.allow(
      .internetGateway, at: igw ?? "internet gateway", outsideReply,
      Explanation(
        .igwMapsBackToNAT,
        [
          "gateway": igw.map(Explanation.init) ?? Explanation(.theInternetGateway),
          "public": "\(natPublic)", "private": "\(natPrivate)",
        ]))
    let atNat = outsideReply.withDestination(natPrivate)
    walk.add(aclCheck(subnetId: nat.subnetId, packet: atNat, egress: false))
    if walk.stopped { return }
    deliverTranslatedReply(nat, atNat: atNat, to: sender, request: request, walk: &walk)
  }

  /// The reply of a private NAT gateway's translated request: back from the receiver to the
  /// NAT gateway's private address the way the request went (the local route, or the transit
  /// gateway), then translated back and delivered to `sender`.
  func returnThroughPrivateNatGateway(
    _ nat: NatGateway, port: UInt16, onward: PrivateNatOnward, to sender: NetworkInterface,
    from destination: TraceEndpoint, request: Packet, walk: inout Walk
  ) {
    guard let natPrivate = nat.privateIPs.first else { return }
    let translated = request.withSource(natPrivate, port: request.hasPorts ? port : nil)
    let reply = translated.reply()
    let natInterface = Self.interface(of: nat)
    switch onward {
    case .local:
      returnLocally(
        reply, request: translated,
        source: .interface(natInterface, address: natPrivate, publicAddress: nil),
        destination: destination, walk: &walk)
    case .transitGateway(let tgwId):
      guard let receiver = destination.interface else { return }
      returnThroughTransitGateway(
        tgwId, from: receiver, to: natInterface, reply: reply, request: translated, walk: &walk)
    case .beyondModel(let target):
      // Back from past the target to the NAT gateway's address: its subnet's network ACL.
      enterThrough(target, interface: natInterface, packet: reply, request: translated, walk: &walk)
    }
    if walk.stopped { return }
    deliverTranslatedReply(nat, atNat: reply, to: sender, request: request, walk: &walk)
  }

  /// The NAT gateway matches its translation of `request` and sends the reply (`atNat`, at its
  /// private address) to `sender` by the local route.
  private func deliverTranslatedReply(
    _ nat: NatGateway, atNat: Packet, to sender: NetworkInterface, request: Packet,
    walk: inout Walk
  ) {
    let back = atNat.withDestination(
      sender.primaryIPv4 ?? request.source, port: request.sourcePort)
    walk.allow(
      .natGateway, at: nat.id, back,
      Explanation(
        .natSendsReply,
        [
          "nat": "\(nat.id)", "destination": "\(back.destination)",
          "port": "\(back.destinationPort)",
        ]))
    let lookup = routes.lookup(subnetId: nat.subnetId, destination: back.destination)
    guard lookup.route?.target == .local, lookup.route?.state == .active else {
      walk.add(
        routeCheck(
          lookup, subnetId: nat.subnetId, packet: back, required: Explanation(.theLocalRoute)))
      return
    }
    crossSubnets(from: nat.subnetId, to: sender.subnetId, packet: back, walk: &walk) {
      $0.add(routeCheck(lookup, subnetId: nat.subnetId, packet: back))
    }
    if walk.stopped { return }
    walk.add(securityGroupCheck(sender, packet: back, direction: .inbound, reply: request))
  }
}
