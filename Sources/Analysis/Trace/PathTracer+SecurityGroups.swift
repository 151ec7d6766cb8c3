import Topology

/// Security group checks, at the ENIs a packet leaves and enters.
extension PathTracer {
  /// `reply` is the request whose reply `packet` is, for state tracking; `nil` for a request.
  /// `automaticallyTracked`: the connection goes through a component AWS always tracks
  /// connections through (EC2 User Guide, "Automatically tracked connections").
  func securityGroupCheck(
    _ interface: NetworkInterface, packet: Packet, direction: Direction, reply request: Packet?,
    automaticallyTracked: Bool = false, throughGateway: String? = nil
  ) -> Checkpoint {
    var checkpoint = securityGroupDecision(
      interface, packet: packet, direction: direction, reply: request,
      automaticallyTracked: automaticallyTracked, throughGateway: throughGateway)
    checkpoint.interfaceId = interface.id
    return checkpoint
  }

  /// The same, with the ENI's groups already looked up.
  func securityGroupCheck(
    _ context: InterfaceContext, packet: Packet, direction: Direction, reply request: Packet?
  ) -> Checkpoint {
    var checkpoint = securityGroupDecision(
      context.interface, packet: packet, direction: direction, reply: request, context: context)
    checkpoint.interfaceId = context.interface.id
    return checkpoint
  }

  private func securityGroupDecision(
    _ interface: NetworkInterface, packet: Packet, direction: Direction, reply request: Packet?,
    context: InterfaceContext? = nil, automaticallyTracked: Bool = false,
    throughGateway: String? = nil
  ) -> Checkpoint {
    let check: Checkpoint.Check =
      direction == .inbound ? .securityGroupIngress : .securityGroupEgress
    if let component = interface.componentWithoutSecurityGroups {
      return Checkpoint(
        check: check, result: .skipped, componentId: nil, packet: packet,
        explanation: Explanation(
          .sgSkippedNoGroups, ["eni": "\(interface.id)", "component": "\(component)"]))
    }
    let groups = context?.groupsText ?? interface.securityGroupIds.joined(separator: ", ")
    let groupText =
      interface.securityGroupIds.isEmpty ? Explanation.SecurityGroupNote.noGroup : groups
    if let request {
      // The request crossed this ENI in the other direction and was allowed there.
      let requestDirection = direction.opposite
      if automaticallyTracked
        || !securityGroups.isUntracked(request, interface: interface, direction: requestDirection)
      {
        return .allowed(
          check, at: groups, packet,
          rule: .connectionTracking(groupIds: interface.securityGroupIds),
          Self.trackedNote(interfaceId: interface.id, direction: direction))
      }
    }
    let decision =
      if let context {
        securityGroups.evaluate(
          packet, context: context, direction: direction, throughGateway: throughGateway)
      } else {
        securityGroups.evaluate(
          packet, interface: interface, direction: direction, throughGateway: throughGateway)
      }
    switch decision {
    case .allowed(let groupId, let rule):
      return .allowed(
        check, at: groupId, packet,
        rule: .securityGroupRule(groupId: groupId, rule: rule, direction: direction),
        Self.allowedNote(
          groupId: groupId, rule: rule, direction: direction, untrackedReply: request != nil))
    case .denied(let groupIds):
      let hasRules =
        if let context {
          direction == .inbound ? context.hasInboundRules : context.hasOutboundRules
        } else {
          groupIds.contains { id in
            guard let group = topology.securityGroups[id] else { return false }
            return !(direction == .inbound ? group.inbound : group.outbound).isEmpty
          }
        }
      // `no inbound rule of sg-1 on eni-1 allows tcp port 22 from 203.0.113.9`, or `sg-1 on
      // eni-1 has no inbound rules at all` (`Explanation.SecurityGroupNote` words it).
      var note = Explanation(
        Explanation.SecurityGroupNote(
          groupText: groupText, interfaceId: interface.id, packet: packet,
          direction: direction, hasRules: hasRules))
      for (groupId, rule, namedVPC) in securityGroups.unreachedReferences(
        packet, interface: interface, direction: direction, throughGateway: throughGateway)
      {
        guard case .securityGroup(let named) = rule.peer else { continue }
        note += Explanation(
          .sgReferenceUnreached,
          [
            "group": "\(groupId)", "rule": Explanation.rule(rule), "named": "\(named)",
            "vpc": "\(namedVPC)",
            "gap": referenceGap(
              from: interface.vpcId, to: namedVPC, inbound: direction == .inbound),
          ])
      }
      return .denied(
        check, at: groups, packet, hasRules ? .eniSGRulesMismatch : .sgHasNoRules, note)
    case .undetermined(_, let lists):
      return .undetermined(
        check, at: groups, packet, .unknownPrefixList,
        Explanation(
          direction == .inbound ? .sgUnsureInbound : .sgUnsureOutbound,
          [
            "groups": "\(groupText)",
            "lists": Explanation.joined(lists.map(Explanation.init), separator: .listComma),
          ]))
    }
  }

  /// Why a rule of a group of `vpcId` naming a group of `other` reaches none of its members
  /// (Transit Gateway Guide, "Security group referencing"; VPC Peering Guide).
  func referenceGap(from vpcId: String, to other: String, inbound: Bool) -> Explanation {
    let gateways = topology.transitGateways.values.sorted { $0.id < $1.id }.filter { gateway in
      let attached = topology.transitGatewayAttachments.values.filter {
        $0.transitGatewayId == gateway.id && $0.isVPC
      }.map(\.resourceId)
      return attached.contains(vpcId) && attached.contains(other)
    }
    guard let gateway = gateways.first else {
      return Explanation(.refGapNotPeered, ["vpc": "\(vpcId)", "other": "\(other)"])
    }
    let joined: KeyValuePairs<String, Explanation> = [
      "vpc": "\(vpcId)", "other": "\(other)", "tgw": "\(gateway.id)",
    ]
    if !inbound { return Explanation(.refGapOutboundTGW, joined) }
    if !gateway.securityGroupReferencing { return Explanation(.refGapTGWOff, joined) }
    let off = topology.transitGatewayAttachments.values.filter {
      $0.transitGatewayId == gateway.id && [vpcId, other].contains($0.resourceId)
        && !$0.securityGroupReferencing
    }.map(\.id).sorted()
    let attachments =
      off.isEmpty
      ? Explanation(.anAttachment)
      : off.count == 1
        ? Explanation(off[0])
        : Explanation(
          .bothOf,
          [
            "first": Explanation.joined(
              off.dropLast().map(Explanation.init), separator: .listComma),
            "second": Explanation(off[off.count - 1]),
          ])
    return Explanation(
      .refGapAttachmentOff,
      [
        "vpc": "\(vpcId)", "other": "\(other)", "tgw": "\(gateway.id)",
        "attachments": attachments,
      ])
  }

  /// `eni-1's security groups are stateful: …`: the reply of a tracked connection.
  package static func trackedNote(interfaceId: String, direction: Direction) -> Explanation {
    Explanation(
      direction == .inbound ? .sgTrackedReplyInbound : .sgTrackedReplyOutbound,
      ["eni": "\(interfaceId)"])
  }

  /// `sg-1 allows it: inbound tcp 22 from 0.0.0.0/0`, and why a reply needed the rule.
  package static func allowedNote(
    groupId: String, rule: SecurityGroupRule, direction: Direction, untrackedReply: Bool
  ) -> Explanation {
    var note = Explanation(
      direction == .inbound ? .sgAllowsInbound : .sgAllowsOutbound,
      ["group": "\(groupId)", "rule": Explanation.rule(rule)])
    if let id = rule.ruleId { note += Explanation(.ruleIdSuffix, ["id": "\(id)"]) }
    if untrackedReply { note += Explanation(.untrackedReplyNeedsRule) }
    return note
  }
}
