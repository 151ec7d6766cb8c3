import NetworkPrimitives

extension Diagnosis {
  /// What to change so that packets like this REJECT's pass, in AWS's words: the network ACL
  /// entry to add below the one that denied, the security group rule to add, the route to
  /// give; `nil` when the diagnosis names no control (`undetermined`) or the direction is
  /// unknown. Whether the traffic should pass is the reader's call: a denial may be meant.
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
      let table = component ?? "the route table of \(record.interfaceId)'s subnet"
      return
        "Give \(table) a route for this traffic to a live target, as the explanation says (aws ec2 create-route or replace-route --route-table-id \(table) …)."
    case .networkACL, .securityGroup:
      guard let inbound = self.inbound else { return nil }
      let peer = inbound ? record.source : record.destination
      let cidr = "\(peer)/\(peer.isIPv6 ? 128 : 32)"
      let reply = role == .response
      var service = ProtocolNames.name(record.protocolNumber)
      if record.hasPorts && [6, 17].contains(record.protocolNumber) {
        // The ports the entry must open are the destination's: the server's for a request,
        // the client's ephemeral one for a reply, which AWS advises opening as a range.
        service += reply && cause == .networkACL ? " 1024-65535" : " \(record.destinationPort)"
      }
      if cause == .securityGroup {
        let groups = component ?? "the security groups of \(record.interfaceId)"
        let target = groups.contains(",") ? "one of \(groups)" : groups
        return
          "Add \(inbound ? "an inbound" : "an outbound") rule to \(target) allowing \(service) \(inbound ? "from" : "to") \(cidr)."
      }
      let acl = component ?? "the network ACL of \(record.interfaceId)'s subnet"
      return FixWording.networkACLAllowEntry(
        inbound: inbound, acl: acl, service: service, peer: cidr, below: rule,
        implicit: rule.map { $0 >= 32767 } ?? false)
        + (reply ? FixWording.repliesAdvice : ".")
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
