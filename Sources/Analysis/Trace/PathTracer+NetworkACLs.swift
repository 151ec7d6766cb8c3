import Topology

/// Network ACL checks, where a packet leaves or enters a subnet.
extension PathTracer {
  /// NACL checks when a packet goes from one subnet to another: egress of the first, the route,
  /// ingress of the second; between two ENIs of one subnet no NACL applies.
  func crossSubnets(
    from origin: String, to target: String, packet: Packet, walk: inout Walk,
    route: (inout Walk) -> Void
  ) {
    if origin == target {
      walk.add(
        skippedACL(
          .networkACLEgress, subnetId: origin, packet: packet,
          why: Explanation(.bothEndsInSubnet, ["subnet": "\(origin)"])))
      route(&walk)
      walk.add(
        skippedACL(
          .networkACLIngress, subnetId: target, packet: packet,
          why: Explanation(.bothEndsIn, ["subnet": "\(origin)"])))
      return
    }
    walk.add(aclCheck(subnetId: origin, packet: packet, egress: true))
    route(&walk)
    if walk.stopped { return }
    walk.add(aclCheck(subnetId: target, packet: packet, egress: false))
  }

  func aclCheck(subnetId: String, packet: Packet, egress: Bool) -> Checkpoint {
    var checkpoint = aclDecision(subnetId: subnetId, packet: packet, egress: egress)
    checkpoint.subnetId = subnetId
    return checkpoint
  }

  /// The same, for an ENI's subnet, with its network ACL already looked up.
  func aclCheck(_ context: InterfaceContext, packet: Packet, egress: Bool) -> Checkpoint {
    let subnetId = context.interface.subnetId
    var checkpoint = aclDecision(
      acl: context.networkACL, subnetId: subnetId, packet: packet, egress: egress)
    checkpoint.subnetId = subnetId
    return checkpoint
  }

  private func aclDecision(subnetId: String, packet: Packet, egress: Bool) -> Checkpoint {
    aclDecision(
      acl: index.networkACL(forSubnet: subnetId), subnetId: subnetId, packet: packet,
      egress: egress)
  }

  private func aclDecision(acl: NetworkACL?, subnetId: String, packet: Packet, egress: Bool)
    -> Checkpoint
  {
    let check: Checkpoint.Check = egress ? .networkACLEgress : .networkACLIngress
    guard let acl else {
      return .undetermined(
        check, at: nil, packet, .unsupportedComponent,
        Explanation(.subnetHasNoACL, ["subnet": "\(subnetId)"]))
    }
    let decision = NetworkACLEvaluator.evaluate(packet, acl: acl, egress: egress)
    let entry = decision.entry
    let reference = RuleReference.networkACLEntry(aclId: acl.id, entry: entry)
    // The sentence (`Explanation.NetworkACLNote` words it): `acl-1 rule 100 allows inbound tcp
    // port 22 from 203.0.113.9 (allow tcp 22 from 0.0.0.0/0)`, or `acl-1 denies it: …`.
    let note = Explanation(
      Explanation.NetworkACLNote(
        aclId: acl.id, entry: entry, packet: packet, egress: egress, allowed: decision.allowed))
    if decision.allowed {
      return .allowed(check, at: acl.id, packet, rule: reference, note)
    }
    return .denied(check, at: acl.id, packet, rule: reference, .subnetACLRestriction, note)
  }

  /// A NACL check that does not apply, and `why`.
  func skippedACL(_ check: Checkpoint.Check, subnetId: String, packet: Packet, why: Explanation)
    -> Checkpoint
  {
    var checkpoint = Checkpoint(
      check: check, result: .skipped, componentId: index.networkACL(forSubnet: subnetId)?.id,
      packet: packet, explanation: Explanation(.notEvaluated, ["why": why]))
    checkpoint.subnetId = subnetId
    return checkpoint
  }
}
