import Messages
import NetworkPrimitives

extension Diagnosis {
  /// What to change so that packets like this REJECT's pass, in AWS's words: the network ACL
  /// entry to add below the one that denied, the security group rule to add, the route to
  /// give; `nil` when the diagnosis names no control (`undetermined`). A reply a security group
  /// rejected needs no rule (security groups are stateful): the fix says so. Whether the
  /// traffic should pass is the reader's call: a denial may be meant.
  package var fix: String? { fixNote?.text }

  /// The fix, worded in a language when read.
  package var fixNote: Explanation? {
    let record = observation
    let eni: Explanation = "\(record.interfaceId)"
    switch cause {
    case .undetermined:
      return nil
    case .afterClose:
      return Explanation(.fixNothingAfterClose)
    case .blockPublicAccess:
      return Explanation(.fixBlockPublicAccess)
    case .routing:
      // A component that is no route table: a VPN whose connections are down, a gateway not
      // attached, a transit gateway's table.
      switch code {
      case .badStateVPN?:
        return Explanation(
          .fixVPNDown,
          ["gateway": component.map(Explanation.init) ?? Explanation(.theVirtualPrivateGateway)])
      case .badStateAttachment?:
        return Explanation(
          .fixAttach, ["gateway": component.map(Explanation.init) ?? Explanation(.theGateway)])
      case .tgwRtbCannotRoute?:
        return Explanation(
          .fixTransitGatewayRoute,
          [
            "table": component.map(Explanation.init)
              ?? Explanation(.theTransitGatewayRouteTable)
          ])
      default: break
      }
      let table =
        component.map(Explanation.init) ?? Explanation(.subnetRouteTableOf, ["eni": eni])
      return Explanation(.fixRoute, ["table": table])
    case .networkACL, .securityGroup:
      let control =
        component.map(Explanation.init)
        ?? Explanation(
          cause == .securityGroup ? .securityGroupsOf : .subnetNetworkACLOf, ["eni": eni])
      let several = component?.contains(",") ?? false
      guard let inbound = self.inbound else {
        // A log without flow-direction, and no topology to tell the ENI's own address.
        return Explanation(.fixDirectionUnknown, ["control": control, "eni": eni])
      }
      let peer = inbound ? record.source : record.destination
      let cidr: Explanation = "\(peer)/\(peer.isIPv6 ? 128 : 32)"
      let reply = role == .response
      let plural = component == nil || several
      if cause == .securityGroup && reply {
        // Security groups are stateful: the reply of a request they let through always passes
        // while its tracking entry lives (EC2 User Guide, "Security group connection tracking",
        // docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html):
        // a rule helps only a reply they hold no state for.
        let message: Message =
          switch (inbound, plural) {
          case (true, true): .fixSGReplyInboundPlural
          case (true, false): .fixSGReplyInboundSingular
          case (false, true): .fixSGReplyOutboundPlural
          case (false, false): .fixSGReplyOutboundSingular
          }
        return Explanation(message, ["control": control, "eni": eni, "cidr": cidr])
      }
      var service = Explanation.protocolName(record.protocolNumber)
      if record.hasPorts && [6, 17].contains(record.protocolNumber) {
        // The ports the entry must open are the destination's: the server's for a request,
        // the client's ephemeral one for a reply, which AWS advises opening as a range.
        service += reply && cause == .networkACL ? " 1024-65535" : " \(record.destinationPort)"
      }
      if cause == .securityGroup {
        let target = several ? Explanation(.oneOf, ["items": control]) : control
        return Explanation(
          inbound ? .fixSGRuleInbound : .fixSGRuleOutbound,
          ["target": target, "service": service, "cidr": cidr])
      }
      // The ephemeral range is advice for ports: ICMP replies have none. A request let in (or
      // out) still needs its replies let the other way: network ACLs are stateless (Amazon VPC
      // User Guide, "Control subnet traffic with network access control lists").
      let ports = [6, 17].contains(record.protocolNumber)
      let entry = FixWording.networkACLAllowEntry(
        inbound: inbound, acl: control, service: service, peer: cidr, below: rule,
        implicit: rule.map { $0 >= 32767 } ?? false)
      if reply {
        return entry + Explanation(ports ? .repliesAdvice : .sentenceEnd)
      }
      let stateless: Message =
        switch (inbound, ports) {
        case (true, true): .statelessRepliesOutboundPorts
        case (true, false): .statelessRepliesOutbound
        case (false, true): .statelessRepliesInboundPorts
        case (false, false): .statelessRepliesInbound
        }
      return entry + Explanation(stateless)
    }
  }

  /// Whether the packets were arriving at the ENI: the diagnosis's direction, else the check
  /// that denied them.
  private var inbound: Bool? {
    if let direction { return direction == .ingress }
    switch checkpoints.first(where: { $0.result == .denied })?.check {
    case .networkACLIngress?, .securityGroupIngress?: return true
    case .networkACLEgress?, .securityGroupEgress?: return false
    default: return nil
    }
  }
}
