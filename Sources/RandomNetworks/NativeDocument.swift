import Analysis
import Foundation
import NetworkPrimitives
import Topology

/// A generated network in flowcause's native topology format (docs/topology.md, section 2) and
/// its traffic as a traffic file (docs/simulate.md), so that a failure can be replayed with
/// `flowcause scenario`, `simulate` and `diagnose`. The implicit NACL entries are left out
/// (the loader adds them), and so are the entries of a prefix list the snapshot lacks.
public enum NativeDocument {
  public static func topology(_ topology: Topology, description: String) -> [String: Any] {
    func sorted<Value>(_ values: [String: Value]) -> [Value] {
      values.sorted { $0.key < $1.key }.map(\.value)
    }
    var document: [String: Any] = ["flowcause-topology": 1, "description": description]
    document["vpcs"] = sorted(topology.vpcs).map {
      ["id": $0.id, "cidrs": $0.cidrs.map(\.description)] as [String: Any]
    }
    document["subnets"] = sorted(topology.subnets).map { subnet -> [String: Any] in
      var object: [String: Any] = [
        "id": subnet.id, "vpc": subnet.vpcId, "cidrs": subnet.cidrs.map(\.description),
      ]
      if let zone = subnet.availabilityZone { object["availability-zone"] = zone }
      if subnet.mapPublicIpOnLaunch { object["map-public-ip"] = true }
      return object
    }
    document["route-tables"] = sorted(topology.routeTables).map(routeTable)
    func gateways(_ ids: [(String, [String])]) -> [[String: Any]] {
      ids.map { id, attached in
        var object: [String: Any] = ["id": id, "attached": !attached.isEmpty]
        // A detached gateway names the VPC whose routes still point at it.
        if let vpc = attached.first ?? vpcOfGateway(id, topology) { object["vpc"] = vpc }
        return object
      }
    }
    document["internet-gateways"] = gateways(
      sorted(topology.internetGateways).map { ($0.id, $0.attachedVpcIds) })
    document["egress-only-internet-gateways"] = gateways(
      sorted(topology.egressOnlyInternetGateways).map { ($0.id, $0.attachedVpcIds) })
    document["nat-gateways"] = sorted(topology.natGateways).map { nat -> [String: Any] in
      var object: [String: Any] = ["id": nat.id, "subnet": nat.subnetId, "state": nat.state]
      if let address = nat.privateIPs.first { object["private-ip"] = address.description }
      if let address = nat.publicIPs.first { object["public-ip"] = address.description }
      if let interface = nat.networkInterfaceId { object["network-interface"] = interface }
      if nat.connectivity == .private { object["connectivity"] = "private" }
      return object
    }
    document["network-acls"] = sorted(topology.networkACLs).map { acl -> [String: Any] in
      [
        "id": acl.id, "vpc": acl.vpcId, "default": acl.isDefault, "subnets": acl.subnetIds,
        "inbound": entries(acl, egress: false), "outbound": entries(acl, egress: true),
      ]
    }
    document["security-groups"] = sorted(topology.securityGroups).map { group -> [String: Any] in
      var object: [String: Any] = [
        "id": group.id, "vpc": group.vpcId, "inbound": rules(group.inbound, peerKey: "from"),
        "outbound": rules(group.outbound, peerKey: "to"),
      ]
      if let name = group.name { object["name"] = name }
      return object
    }
    document["network-interfaces"] = sorted(topology.networkInterfaces).map(interface)
    document["prefix-lists"] = sorted(topology.prefixLists).map { list -> [String: Any] in
      var object: [String: Any] = ["id": list.id]
      if list.entriesKnown { object["cidrs"] = list.cidrs.map(\.description) }
      if let name = list.name { object["name"] = name }
      return object
    }
    document["peering-connections"] = sorted(topology.peeringConnections).map {
      pcx -> [String: Any] in
      [
        "id": pcx.id, "requester-vpc": pcx.requesterVpcId, "accepter-vpc": pcx.accepterVpcId,
        "status": pcx.status, "requester-cidrs": pcx.requesterCidrs.map(\.description),
        "accepter-cidrs": pcx.accepterCidrs.map(\.description),
      ]
    }
    document["transit-gateways"] = sorted(topology.transitGateways).map {
      gateway -> [String: Any] in
      let attachments = topology.transitGatewayAttachments.values.filter {
        $0.transitGatewayId == gateway.id
      }.sorted { $0.id < $1.id }
      let tables = topology.transitGatewayRouteTables.values.filter {
        $0.transitGatewayId == gateway.id
      }.sorted { $0.id < $1.id }
      return [
        "id": gateway.id, "state": gateway.state,
        "security-group-referencing": gateway.securityGroupReferencing,
        "attachments": attachments.map(Self.attachment),
        "route-tables": tables.map(Self.transitGatewayRouteTable),
      ]
    }
    if !topology.vpcEndpoints.isEmpty {
      document["vpc-endpoints"] = sorted(topology.vpcEndpoints).map(Self.endpoint)
    }
    return document
  }

  static func endpoint(_ endpoint: VpcEndpoint) -> [String: Any] {
    let types: [VpcEndpoint.Kind: String] = [
      .gateway: "gateway", .interface: "interface", .gatewayLoadBalancer: "gateway-load-balancer",
    ]
    var object: [String: Any] = [
      "id": endpoint.id, "type": types[endpoint.kind] ?? "interface", "vpc": endpoint.vpcId,
      "service": endpoint.serviceName, "state": endpoint.state,
    ]
    if !endpoint.routeTableIds.isEmpty { object["route-tables"] = endpoint.routeTableIds }
    if !endpoint.subnetIds.isEmpty { object["subnets"] = endpoint.subnetIds }
    if !endpoint.networkInterfaceIds.isEmpty {
      object["network-interfaces"] = endpoint.networkInterfaceIds
    }
    if !endpoint.securityGroupIds.isEmpty { object["security-groups"] = endpoint.securityGroupIds }
    if let firewall = endpoint.firewallArn { object["firewall"] = firewall }
    return object
  }

  static func attachment(_ attachment: TransitGatewayAttachment) -> [String: Any] {
    var object: [String: Any] = [
      "id": attachment.id, "state": attachment.state, "subnets": attachment.subnetIds,
      "ipv6": attachment.ipv6Support, "appliance-mode": attachment.applianceMode,
      "security-group-referencing": attachment.securityGroupReferencing,
    ]
    if attachment.isVPC {
      object["vpc"] = attachment.resourceId
    } else {
      object["type"] = attachment.resourceType
      object["resource"] = attachment.resourceId
    }
    if let table = attachment.routeTableId { object["route-table"] = table }
    return object
  }

  static func transitGatewayRouteTable(_ table: TransitGatewayRouteTable) -> [String: Any] {
    var object: [String: Any] = ["id": table.id]
    if let routes = table.routes {
      object["routes"] = routes.map { route -> [String: Any] in
        var entry: [String: Any] = [
          "destination": route.destination.description, "type": route.kind.rawValue,
          "state": route.state.rawValue,
        ]
        if let attachment = route.attachmentIds.first { entry["attachment"] = attachment }
        return entry
      }
    }
    return object
  }

  /// The VPC of the first route table whose routes name gateway `id`.
  static func vpcOfGateway(_ id: String, _ topology: Topology) -> String? {
    topology.routeTables.values.sorted { $0.id < $1.id }.first { table in
      table.routes.contains { $0.target.description == id }
    }?.vpcId
  }

  static func routeTable(_ table: RouteTable) -> [String: Any] {
    [
      "id": table.id, "vpc": table.vpcId, "main": table.isMain, "subnets": table.subnetIds,
      "routes": table.routes.map { route -> [String: Any] in
        var object: [String: Any] = [
          "destination": route.destination.description,
          "target": route.target == .local ? "local" : route.target.description,
        ]
        if route.state == .blackhole { object["state"] = "blackhole" }
        return object
      },
    ]
  }

  static func match(
    _ object: inout [String: Any], _ protocolMatch: ProtocolMatch, _ ports: PortRange?,
    _ icmpType: Int?, _ icmpCode: Int?
  ) {
    object["protocol"] = protocolMatch.description
    if protocolMatch == .tcp || protocolMatch == .udp, let ports {
      object["ports"] = ports.description
    }
    if let icmpType { object["icmp-type"] = icmpType }
    if let icmpCode { object["icmp-code"] = icmpCode }
  }

  static func entries(_ acl: NetworkACL, egress: Bool) -> [[String: Any]] {
    acl.entries(egress: egress).filter { !$0.isImplicit }.map { entry in
      var object: [String: Any] = [
        "rule": entry.ruleNumber, "action": entry.action.rawValue, "cidr": entry.cidr.description,
      ]
      match(&object, entry.protocolMatch, entry.ports, entry.icmpType, entry.icmpCode)
      return object
    }
  }

  static func rules(_ rules: [SecurityGroupRule], peerKey: String) -> [[String: Any]] {
    rules.map { rule in
      var object: [String: Any] = [peerKey: rule.peer.description]
      match(&object, rule.protocolMatch, rule.ports, rule.icmpType, rule.icmpCode)
      return object
    }
  }

  static func interface(_ eni: NetworkInterface) -> [String: Any] {
    var object: [String: Any] = [
      "id": eni.id, "subnet": eni.subnetId, "private-ips": eni.privateIPv4s.map(\.description),
      "security-groups": eni.securityGroupIds,
    ]
    if !eni.ipv6s.isEmpty { object["ipv6"] = eni.ipv6s.map(\.description) }
    if let address = eni.publicIPv4s.first {
      object["public-ip"] = address.publicIP.description
      if let allocation = address.allocationId { object["allocation-id"] = allocation }
    }
    if let instance = eni.instanceId { object["instance"] = instance }
    if eni.interfaceType != "interface" { object["type"] = eni.interfaceType }
    if !eni.sourceDestCheck { object["source-dest-check"] = false }
    if eni.requesterManaged { object["requester-managed"] = true }
    if let tracking = eni.connectionTracking {
      var settings: [String: Any] = [:]
      if let seconds = tracking.tcpEstablishedTimeout {
        settings["tcp-established-timeout"] = seconds
      }
      if let seconds = tracking.udpStreamTimeout { settings["udp-stream-timeout"] = seconds }
      if let seconds = tracking.udpTimeout { settings["udp-timeout"] = seconds }
      object["connection-tracking"] = settings
    }
    return object
  }

  /// `traffic` as a traffic file, each conversation described by its kind.
  public static func traffic(_ traffic: Traffic, kinds: [TrafficKind], description: String)
    -> [String: Any]
  {
    let conversations = traffic.conversations.enumerated().map {
      index, conversation -> [String: Any] in
      var object: [String: Any] = [
        "from": conversation.from, "to": conversation.to,
        "protocol": ProtocolNames.name(conversation.protocolNumber),
        "packets": [conversation.requestPackets, conversation.responsePackets],
        "bytes": [conversation.requestBytes, conversation.responseBytes],
        "start": conversation.start, "duration": conversation.duration,
      ]
      if kinds.indices.contains(index) { object["description"] = kinds[index].rawValue }
      if let port = conversation.port { object["port"] = Int(port) }
      if let port = conversation.sourcePort { object["source-port"] = Int(port) }
      if let type = conversation.icmpType { object["icmp-type"] = type }
      // One-way traffic has no ending; the keys of an ending only with it.
      if conversation.oneWay {
        object["one-way"] = true
        if let flags = conversation.tcpFlags { object["tcp-flags"] = flags }
      } else {
        object["ending"] = conversation.ending.rawValue
      }
      if conversation.ending == .replyAfterTimeout, let delay = conversation.replyDelay {
        object["reply-delay"] = delay
      }
      if conversation.ending.hasLatePacket {
        if let delay = conversation.lateDelay { object["late-delay"] = delay }
        if conversation.lateFrom != .client { object["late-from"] = conversation.lateFrom.rawValue }
      }
      return object
    }
    var document: [String: Any] = ["description": description, "conversations": conversations]
    if traffic.nodata { document["nodata"] = true }
    return document
  }

  /// `object` as pretty JSON with sorted keys, and a final line break.
  public static func json(_ object: Any) -> String {
    let data = try? JSONSerialization.data(
      withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data ?? Data(), as: UTF8.self) + "\n"
  }
}
