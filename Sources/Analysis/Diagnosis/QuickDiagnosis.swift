import FlowLogs
import NetworkPrimitives
import Topology

/// The commonest REJECT with a topology, decided as values: a request from outside the topology
/// to an ENI's own private address through the internet gateway, denied at the ENI by its
/// subnet's network ACL or by its security groups (nine REJECTs in ten of the generated day in
/// docs/performance.md; scanners on the internet make it the commonest in real logs too).
///
/// ``Diagnoser/diagnose(_:related:inferredAddress:)`` reaches the same decision through
/// `Diagnoser.requestFromOutside`, and builds a ``Diagnosis`` with its checkpoints and
/// explanations, which a writer then walks. This is the decision without any of them, for a
/// writer that fills a template of the diagnosis's bytes (`diagnose --output jsonl`): every
/// diagnosis with the same ``key`` has the same bytes except the record's own fields, its
/// related records, and the packet's address and port in the explanations (``NoteHole``).
/// `QuickDiagnosisTests` compares the bytes of both paths on simulated networks and traffic.
package struct QuickDiagnosis: Sendable {
  /// `security-group` or `network-acl`.
  package let cause: Cause
  package let context: InterfaceContext
  /// The request as its initiator sent it, which both checks judged.
  package let packet: Packet
  /// The subnet's network ACL, the entry that decided, and its index in the ACL's entries.
  let aclId: String
  let entryIndex: Int
  let entry: NetworkACLEntry
  /// Whether the ENI's security groups have any inbound rule.
  let hasRules: Bool
  package let direction: FlowDirection?
  package let roleEvidence: RoleEvidence
  package let confidence: Confidence
  package let related: [RelatedRecord]

  /// The role is always `request`.
  package var role: FlowRole { .request }

  package var code: ExplanationCode {
    cause == .networkACL ? .subnetACLRestriction : hasRules ? .eniSGRulesMismatch : .sgHasNoRules
  }

  /// The diagnosis's `component`: the ACL that denied, or the ENI's groups.
  package var component: String { cause == .networkACL ? aclId : context.groupsText }

  /// The NACL rule number, when the ACL denied.
  package var rule: Int? { cause == .networkACL ? entry.ruleNumber : nil }

  /// The ACL checkpoint's component.
  package var aclComponent: String { aclId }

  /// The diagnosis's explanation, which is also the denying checkpoint's.
  package func appendExplanation(to out: inout ByteBuffer, holes: inout [NoteHole]?) {
    if cause == .networkACL {
      appendACLNote(to: &out, holes: &holes)
      return
    }
    let groupIds = context.interface.securityGroupIds
    Explanation.SecurityGroupNote.append(
      groupText: groupIds.isEmpty ? "no security group" : context.groupsText,
      interfaceId: context.interface.id, packet: packet, direction: .inbound, hasRules: hasRules,
      to: &out, holes: &holes)
  }

  /// The network ACL checkpoint's explanation.
  package func appendACLNote(to out: inout ByteBuffer, holes: inout [NoteHole]?) {
    Explanation.NetworkACLNote.append(
      aclId: aclId, entry: entry, packet: packet, egress: false, allowed: entry.action == .allow,
      to: &out, holes: &holes)
  }

  /// What the bytes of a diagnosis depend on besides the record's fields, its related records
  /// and the packet's address and port: the ENI (its ids, ACL and groups), the entry, and the
  /// words of the decision.
  /// The key holds its ENI's context, so that the context outlives every template made for it
  /// (an identifier alone could be reused by a context made later).
  package struct Key: Hashable, Sendable {
    let context: InterfaceContext
    let entryIndex: Int
    let bits: UInt64

    package static func == (left: Key, right: Key) -> Bool {
      left.context === right.context && left.entryIndex == right.entryIndex
        && left.bits == right.bits
    }

    package func hash(into hasher: inout Hasher) {
      hasher.combine(ObjectIdentifier(context))
      hasher.combine(entryIndex)
      hasher.combine(bits)
    }
  }

  package var key: Key {
    var bits = UInt64(packet.protocolNumber)
    bits |= UInt64(UInt8(truncatingIfNeeded: packet.icmpType ?? 255)) << 8
    bits |= UInt64(UInt8(truncatingIfNeeded: packet.icmpCode ?? 255)) << 16
    bits |= (packet.isIPv6 ? 1 : 0) << 24
    bits |= (hasRules ? 1 : 0) << 25
    bits |= (cause == .networkACL ? 1 : 0) << 26
    bits |= UInt64(direction == nil ? 0 : direction == .ingress ? 1 : 2) << 27
    bits |= UInt64(RoleEvidence.allCases.firstIndex(of: roleEvidence) ?? 7) << 29
    bits |= UInt64(Confidence.allCases.firstIndex(of: confidence) ?? 3) << 32
    return Key(context: context, entryIndex: entryIndex, bits: bits)
  }
}

extension Diagnoser {
  /// The diagnosis of `record` as a ``QuickDiagnosis``, when it is that shape; `nil` for any
  /// other, which ``diagnose(_:related:inferredAddress:)`` decides. Each step mirrors the one
  /// of the general path it stands for.
  func quickDiagnosis(
    _ record: FlowObservation, related: Correlator.Related, inferredAddress: IPAddress?
  ) -> QuickDiagnosis? {
    // `diagnose`: not a BPA record, not a late FIN/RST, an ENI of the topology.
    guard shortcuts, let tracer, topology != nil, record.rejectReason != "BPA",
      let context = tracer.index.context(ofInterface: record.interfaceId)
    else { return nil }
    if record.isTeardownOnly && related.acceptedBefore(record) { return nil }
    // `diagnoseWithTopology`: a request (`evaluate`'s shortcut for one not leaving the ENI).
    guard let (role, evidence) = RoleInference.infer(record, related: related), role == .request
    else { return nil }
    let direction = direction(of: record, context: context, inferredAddress: inferredAddress)
    guard direction != .egress else { return nil }
    // `evaluate`: the request packet.
    var packet = Packet(
      source: record.source, destination: record.destination,
      protocolNumber: record.protocolNumber, sourcePort: record.sourcePort,
      destinationPort: record.destinationPort)
    if packet.isICMP {
      packet.icmpType = packet.isIPv6 ? 128 : 8
      packet.icmpCode = 0
    }
    // `requestFromOutside`: from outside to the ENI's private address, which the internet
    // gateway maps a public one to (IPv6 as it is).
    let interface = context.interface
    guard Self.isFromOutside(packet, to: context, index: tracer.index),
      packet.isIPv6
        || interface.publicIPv4s.contains(where: { $0.privateIP == packet.destination }),
      let acl = context.networkACL
    else { return nil }
    let (entryIndex, entry) = NetworkACLEvaluator.firstMatch(packet, acl: acl, egress: false)
    let cause: Cause
    let hasRules = context.hasInboundRules
    if entry.action == .deny {
      cause = .networkACL
    } else {
      let decision = tracer.securityGroups.evaluate(
        packet, groups: context.groups, groupIds: interface.securityGroupIds, direction: .inbound)
      guard case .denied = decision else { return nil }
      cause = .securityGroup
    }
    // `diagnoseWithTopology`: a NACL's verdict is certain; a security group's only as certain
    // as the role.
    let confidence: Confidence =
      cause == .networkACL || evidence == .tcpFlags || evidence == .acceptedReverseLeg
      ? .high : .medium
    return QuickDiagnosis(
      cause: cause, context: context, packet: packet, aclId: acl.id, entryIndex: entryIndex,
      entry: entry, hasRules: hasRules, direction: direction, roleEvidence: evidence,
      confidence: confidence, related: relatedRecords(related))
  }
}

extension StreamingDiagnoser.Pending {
  /// The diagnosis as a ``QuickDiagnosis``, when it is that shape (``decide()`` otherwise).
  package func decideQuickly() -> QuickDiagnosis? {
    shared.diagnoser.quickDiagnosis(record, related: related, inferredAddress: inferredAddress)
  }
}
