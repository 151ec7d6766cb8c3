import Analysis
import Messages
import NetworkPrimitives
import Topology

/// Renders a ``PathTrace`` as JSON (the stable contract, AWS's field names) or as text for a
/// person in an incident. Both come from the same value.
package enum TraceRenderer {
  // MARK: JSON

  package static func json(_ trace: PathTrace, language: Language = .en) -> JSONOut {
    let packet = trace.request
    var members: [(String, JSONOut)] = [
      ("Source", endpoint(trace.source)),
      ("Destination", endpoint(trace.destination)),
      ("Protocol", .string(ProtocolNames.name(packet.protocolNumber))),
      ("ProtocolNumber", .int(Int(packet.protocolNumber))),
    ]
    members += portsOrICMP(packet)
    members += [
      ("SourcePortNote", .optional(trace.sourcePortNote?.text(in: language))),
      ("NetworkPathFound", .optional(trace.verdict.reachable)),
      ("ExplanationCode", .optional(trace.verdict.code?.rawValue)),
      ("BlockedLeg", .optional(trace.verdict.leg?.rawValue)),
      ("Explanation", .string(trace.verdict.note.text(in: language))),
      ("ConnectionTracking", .optional(trace.tracking?.rawValue)),
      (
        "ForwardPathComponents",
        .array(trace.forward.enumerated().map { checkpoint($1, $0 + 1, language: language) })
      ),
      (
        "ReturnPathComponents",
        .array(trace.returnLeg.enumerated().map { checkpoint($1, $0 + 1, language: language) })
      ),
    ]
    return .object(members)
  }

  package static func endpoint(_ endpoint: TraceEndpoint) -> JSONOut {
    switch endpoint {
    case .interface(let eni, let address, let publicAddress):
      return .object([
        ("Address", .string(address.description)),
        ("PublicIp", .optional(publicAddress?.description)),
        ("NetworkInterfaceId", .string(eni.id)),
        ("InstanceId", .optional(eni.instanceId)),
        ("SubnetId", .string(eni.subnetId)),
        ("VpcId", .string(eni.vpcId)),
      ])
    case .unowned(let address, let vpcId, let subnetId):
      return .object([
        ("Address", .string(address.description)),
        ("NetworkInterfaceId", .null),
        ("SubnetId", .optional(subnetId)),
        ("VpcId", .string(vpcId)),
        ("InTopology", .bool(false)),
      ])
    case .external(let address):
      return .object([("Address", .string(address.description)), ("InTopology", .bool(false))])
    }
  }

  package static func checkpoint(
    _ checkpoint: Checkpoint, _ number: Int, language: Language = .en
  ) -> JSONOut {
    var members: [(String, JSONOut)] = [
      ("SequenceNumber", .int(number)),
      ("Check", .string(checkpoint.check.rawValue)),
      ("Result", .string(checkpoint.result.rawValue)),
      ("ComponentId", .optional(checkpoint.componentId)),
      ("SubnetId", .optional(checkpoint.subnetId)),
      ("ExplanationCode", .optional(checkpoint.code?.rawValue)),
      ("Explanation", .string(checkpoint.note.text(in: language))),
      ("Packet", packet(checkpoint.packet)),
    ]
    switch checkpoint.rule {
    case .networkACLEntry(let aclId, let entry)?:
      members.append(("AclRule", aclRule(aclId, entry)))
    case .securityGroupRule(let groupId, let rule, let direction)?:
      members.append(("SecurityGroupRule", securityGroupRule(groupId, rule, direction)))
    case .route(let tableId, let route)?:
      members.append(("RouteTableRoute", routeJSON(tableId, route)))
    case .transitGatewayRoute(let tableId, let route)?:
      members.append(("TransitGatewayRouteTableRoute", transitGatewayRouteJSON(tableId, route)))
    case .connectionTracking(let groupIds)?:
      members.append(
        ("ConnectionTracking", .object([("GroupIds", .array(groupIds.map(JSONOut.string)))])))
    case nil:
      break
    }
    return .object(members)
  }

  /// `SourcePort` and `DestinationPort` for a protocol with ports, `IcmpTypeCode` for ICMP.
  static func portsOrICMP(_ packet: Packet) -> [(String, JSONOut)] {
    var members: [(String, JSONOut)] = []
    if packet.hasPorts {
      members.append(("SourcePort", .int(Int(packet.sourcePort))))
      members.append(("DestinationPort", .int(Int(packet.destinationPort))))
    }
    if let type = packet.icmpType {
      members.append(
        ("IcmpTypeCode", .object([("Type", .int(type)), ("Code", .int(packet.icmpCode ?? 0))])))
    }
    return members
  }

  package static func packet(_ packet: Packet) -> JSONOut {
    var members: [(String, JSONOut)] = [
      ("SourceAddress", .string(packet.source.description)),
      ("DestinationAddress", .string(packet.destination.description)),
      ("Protocol", .string(ProtocolNames.name(packet.protocolNumber))),
    ]
    members += portsOrICMP(packet)
    return .object(members)
  }

  /// A NACL entry with the names of `describe-network-acls`.
  package static func aclRule(_ aclId: String, _ entry: NetworkACLEntry) -> JSONOut {
    var members: [(String, JSONOut)] = [
      ("NetworkAclId", .string(aclId)),
      ("RuleNumber", .int(entry.ruleNumber)),
      ("Egress", .bool(entry.egress)),
      ("RuleAction", .string(entry.action.rawValue)),
      ("Protocol", .string(awsProtocol(entry.protocolMatch))),
      (entry.cidr.isIPv6 ? "Ipv6CidrBlock" : "CidrBlock", .string(entry.cidr.description)),
    ]
    if let ports = entry.ports {
      members.append(
        ("PortRange", .object([("From", .int(Int(ports.from))), ("To", .int(Int(ports.to)))])))
    }
    if entry.icmpType != nil || entry.icmpCode != nil {
      members.append(
        (
          "IcmpTypeCode",
          .object([("Type", .int(entry.icmpType ?? -1)), ("Code", .int(entry.icmpCode ?? -1))])
        ))
    }
    if entry.isImplicit { members.append(("Implicit", .bool(true))) }
    return .object(members)
  }

  /// An SG rule with the names of `describe-security-group-rules`.
  package static func securityGroupRule(
    _ groupId: String, _ rule: SecurityGroupRule, _ direction: Direction
  )
    -> JSONOut
  {
    var members: [(String, JSONOut)] = [
      ("GroupId", .string(groupId)),
      ("SecurityGroupRuleId", .optional(rule.ruleId)),
      ("IsEgress", .bool(direction == .outbound)),
      ("IpProtocol", .string(awsProtocol(rule.protocolMatch))),
    ]
    if rule.protocolMatch == .icmp || rule.protocolMatch == .icmpv6 {
      members.append(("FromPort", .int(rule.icmpType ?? -1)))
      members.append(("ToPort", .int(rule.icmpCode ?? -1)))
    } else {
      members.append(("FromPort", .int(rule.ports.map { Int($0.from) } ?? -1)))
      members.append(("ToPort", .int(rule.ports.map { Int($0.to) } ?? -1)))
    }
    switch rule.peer {
    case .cidr(let cidr):
      members.append((cidr.isIPv6 ? "CidrIpv6" : "CidrIpv4", .string(cidr.description)))
    case .prefixList(let id):
      members.append(("PrefixListId", .string(id)))
    case .securityGroup(let id):
      members.append(("ReferencedGroupInfo", .object([("GroupId", .string(id))])))
    }
    if let description = rule.ruleDescription {
      members.append(("Description", .string(description)))
    }
    return .object(members)
  }

  /// A route with the names of `describe-route-tables`.
  package static func routeJSON(_ tableId: String, _ route: Route) -> JSONOut {
    var members: [(String, JSONOut)] = [("RouteTableId", .string(tableId))]
    switch route.destination {
    case .cidr(let cidr):
      members.append(
        (
          cidr.isIPv6 ? "DestinationIpv6CidrBlock" : "DestinationCidrBlock",
          .string(cidr.description)
        ))
    case .prefixList(let id):
      members.append(("DestinationPrefixListId", .string(id)))
    }
    let target: (String, String)
    switch route.target {
    case .local: target = ("GatewayId", "local")
    case .internetGateway(let id), .virtualPrivateGateway(let id), .vpcEndpoint(let id):
      target = ("GatewayId", id)
    case .egressOnlyInternetGateway(let id): target = ("EgressOnlyInternetGatewayId", id)
    case .natGateway(let id): target = ("NatGatewayId", id)
    case .networkInterface(let id): target = ("NetworkInterfaceId", id)
    case .instance(let id): target = ("InstanceId", id)
    case .vpcPeeringConnection(let id): target = ("VpcPeeringConnectionId", id)
    case .transitGateway(let id): target = ("TransitGatewayId", id)
    case .other(let id): target = ("Target", id)
    }
    members.append((target.0, .string(target.1)))
    members.append(("State", .string(route.state.rawValue)))
    if let origin = route.origin { members.append(("Origin", .string(origin))) }
    return .object(members)
  }

  /// Reachability Analyzer's `TransitGatewayRouteTableRoute`, with the table's id.
  package static func transitGatewayRouteJSON(_ tableId: String, _ route: TransitGatewayRoute)
    -> JSONOut
  {
    var members: [(String, JSONOut)] = [("TransitGatewayRouteTableId", .string(tableId))]
    switch route.destination {
    case .cidr(let cidr): members.append(("DestinationCidr", .string(cidr.description)))
    case .prefixList(let id): members.append(("PrefixListId", .string(id)))
    }
    members.append(("State", .string(route.state.rawValue)))
    members.append(("RouteOrigin", .string(route.kind.rawValue)))
    if let attachment = route.attachmentIds.first {
      members.append(("AttachmentId", .string(attachment)))
    }
    return .object(members)
  }

  package static func awsProtocol(_ match: ProtocolMatch) -> String {
    switch match {
    case .all: return "-1"
    case .number(let number): return String(number)
    }
  }

  // MARK: Text

  package static func text(_ trace: PathTrace, language: Language = .en) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let request = trace.request
    let name = Explanation.protocolName(request.protocolNumber).text(in: language)
    let packet =
      if let type = request.icmpType, !request.hasPorts {
        say(
          .tracePacketICMP,
          [
            "protocol": name, "source": "\(request.source)",
            "destination": "\(request.destination)", "type": "\(type)",
            "code": "\(request.icmpCode ?? 0)",
          ])
      } else {
        name + " " + request.description.drop { $0 != " " }.dropFirst()
      }
    var out = say(.tracePacket, ["packet": packet]) + "\n"
    out += say(.traceFrom, ["end": endText(trace.source, language)]) + "\n"
    out += say(.traceTo, ["end": endText(trace.destination, language)]) + "\n"
    if let note = trace.sourcePortNote { out += "  \(note.text(in: language))\n" }
    out += "\n" + say(.traceForwardLeg) + "\n"
    out += steps(trace.forward, language: language)
    if !trace.returnLeg.isEmpty {
      var heading = "\n" + say(.traceReturnLeg)
      switch trace.tracking {
      case .tracked?: heading += say(.traceReturnTracked)
      case .untracked?: heading += say(.traceReturnUntracked)
      case nil: break
      }
      out += heading + "\n" + steps(trace.returnLeg, language: language)
    }
    out += "\n"
    let explanation = trace.verdict.note.text(in: language)
    let code = trace.verdict.code?.rawValue ?? "?"
    switch trace.verdict.reachable {
    case true?: out += say(.traceVerdictReachable, ["explanation": explanation]) + "\n"
    case false?:
      let leg: String =
        switch trace.verdict.leg {
        case .forward?: say(.legForward)
        case .return?: say(.legReturn)
        case nil: "?"
        }
      out +=
        say(.traceVerdictNotReachable, ["code": code, "leg": leg, "explanation": explanation])
        + "\n"
    case nil:
      out += say(.traceVerdictUndetermined, ["code": code, "explanation": explanation]) + "\n"
    }
    return out
  }

  /// `eni-… (10.0.1.5, public 203.0.113.9, i-…)`, an address no ENI owns, or one outside.
  package static func endText(_ end: TraceEndpoint, _ language: Language) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    switch end {
    case .interface(let eni, let address, let publicAddress):
      return say(
        .traceEndInterface,
        [
          "eni": eni.id, "address": "\(address)",
          "public": publicAddress.map { say(.traceEndPublic, ["address": "\($0)"]) } ?? "",
          "instance": eni.instanceId.map { say(.traceEndInstance, ["instance": $0]) } ?? "",
        ])
    case .unowned(let address, let vpcId, let subnetId):
      return say(.traceEndUnowned, ["address": "\(address)", "place": subnetId ?? vpcId])
    case .external(let address):
      return say(.traceEndOutside, ["address": "\(address)"])
    }
  }

  private static func steps(_ checkpoints: [Checkpoint], language: Language) -> String {
    let width = Checkpoint.Check.allCases.map(\.rawValue.count).max() ?? 0
    var out = ""
    for (index, checkpoint) in checkpoints.enumerated() {
      let name = pad(checkpoint.check.rawValue, width)
      let result = pad(
        language == .en
          ? checkpoint.result.rawValue.uppercased()
          : DiagnosisRenderer.resultWord(checkpoint.result).text(in: language), 12)
      // A network ACL is named with the subnet whose boundary it is checked at: one ACL may
      // serve several subnets a path crosses (an attachment subnet and its neighbours).
      let isACL = checkpoint.check == .networkACLIngress || checkpoint.check == .networkACLEgress
      let at = isACL ? checkpoint.subnetId.map { "[\($0)] " } ?? "" : ""
      out += "  \(index + 1). \(name)  \(result) \(at)\(checkpoint.note.text(in: language))\n"
    }
    return out
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    let used = text.displayWidth
    return used >= width ? text : text + String(repeating: " ", count: width - used)
  }
}
