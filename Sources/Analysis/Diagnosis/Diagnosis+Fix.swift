import NetworkPrimitives

extension Diagnosis {
  /// What to change so that packets like this REJECT's pass, in AWS's words: the network ACL
  /// entry to add below the one that denied, the security group rule to add, the route to
  /// give; `nil` when the diagnosis names no control (`undetermined`). A reply a security group
  /// rejected needs no rule (security groups are stateful): the fix says so. Whether the
  /// traffic should pass is the reader's call: a denial may be meant.
  package var fix: String? {
    let record = observation
    switch cause {
    case .undetermined:
      return nil
    case .afterClose:
      return
        "Nothing to change: AWS logs REJECT for packets that arrive after the connection was closed."
    case .blockPublicAccess:
      return
        "VPC Block Public Access rejected it (reject-reason BPA): an exclusion for its VPC or subnet lets it through (aws ec2 create-vpc-block-public-access-exclusion)."
    case .routing:
      // A component that is no route table: a VPN whose connections are down, a gateway not
      // attached, a transit gateway's table.
      switch code {
      case .badStateVPN?:
        return
          "Bring up the VPN connection of \(component ?? "the virtual private gateway") (its tunnels are down: check the customer gateway's configuration and the tunnels' status, aws ec2 describe-vpn-connections), or route this traffic another way."
      case .badStateAttachment?:
        return
          "Attach \(component ?? "the gateway") to the VPC, or make the attachment available, as the explanation says."
      case .tgwRtbCannotRoute?:
        return
          "Give \(component ?? "the transit gateway's route table") a route for this traffic to the destination's attachment (aws ec2 create-transit-gateway-route, or enable its propagation)."
      default: break
      }
      let table = component ?? "the route table of \(record.interfaceId)'s subnet"
      return
        "Give \(table) a route for this traffic to a live target, as the explanation says (aws ec2 create-route or replace-route --route-table-id \(table) …)."
    case .networkACL, .securityGroup:
      let control =
        cause == .securityGroup
        ? component ?? "the security groups of \(record.interfaceId)"
        : component ?? "the network ACL of \(record.interfaceId)'s subnet"
      guard let inbound = self.inbound else {
        // A log without flow-direction, and no topology to tell the ENI's own address.
        return
          "Allow this traffic in \(control) on the side it crossed: the log does not say whether it was arriving at \(record.interfaceId) or leaving it (give --topology, or use a log format with flow-direction, to name the rule to add)."
      }
      let peer = inbound ? record.source : record.destination
      let cidr = "\(peer)/\(peer.isIPv6 ? 128 : 32)"
      let reply = role == .response
      let plural = component == nil || control.contains(",")
      if cause == .securityGroup && reply {
        // Security groups are stateful: the reply of a request they let through always passes
        // while its tracking entry lives (EC2 User Guide, "Security group connection tracking",
        // docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html):
        // a rule helps only a reply they hold no state for.
        return
          "Usually nothing: \(control) \(plural ? "let" : "lets") the reply of every request \(plural ? "they" : "it") let through pass, so a rejected reply is one nothing on \(record.interfaceId) asked for (backscatter of spoofed traffic, or a probe) or one \(plural ? "they hold" : "it holds") no state for (its tracking entry expired, its flow was untracked, or the request went through another ENI); only in those cases would \(inbound ? "an inbound" : "an outbound") rule allowing it \(inbound ? "from" : "to") \(cidr) help."
      }
      var service = ProtocolNames.name(record.protocolNumber)
      if record.hasPorts && [6, 17].contains(record.protocolNumber) {
        // The ports the entry must open are the destination's: the server's for a request,
        // the client's ephemeral one for a reply, which AWS advises opening as a range.
        service += reply && cause == .networkACL ? " 1024-65535" : " \(record.destinationPort)"
      }
      if cause == .securityGroup {
        let target = control.contains(",") ? "one of \(control)" : control
        return
          "Add \(inbound ? "an inbound" : "an outbound") rule to \(target) allowing \(service) \(inbound ? "from" : "to") \(cidr)."
      }
      // The ephemeral range is advice for ports: ICMP replies have none. A request let in (or
      // out) still needs its replies let the other way: network ACLs are stateless (Amazon VPC
      // User Guide, "Control subnet traffic with network access control lists").
      let ports = [6, 17].contains(record.protocolNumber)
      let entry = FixWording.networkACLAllowEntry(
        inbound: inbound, acl: control, service: service, peer: cidr, below: rule,
        implicit: rule.map { $0 >= 32767 } ?? false)
      if reply { return entry + (ports ? FixWording.repliesAdvice : ".") }
      return entry
        + "; network ACLs are stateless, so its replies must be allowed \(inbound ? "outbound" : "inbound") too"
        + (ports ? " (to the client's ports; AWS advises 1024-65535)." : ".")
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
