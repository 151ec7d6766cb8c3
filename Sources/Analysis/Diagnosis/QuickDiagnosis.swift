import FlowLogs
import NetworkPrimitives
import Topology

/// The two commonest REJECTs with a topology, decided as values (nine in ten of the generated
/// day in docs/performance.md are the first, the rest the second; scanners on the internet make
/// the first the commonest in real logs too):
/// - ``Shape/request``: a request from outside the topology to an ENI's own private address
///   through the internet gateway, denied at the ENI by its subnet's network ACL or by its
///   security groups (`Diagnoser.requestFromOutside`);
/// - ``Shape/reply``: the ENI's TCP or UDP reply to such a request, which the ENI's security
///   groups let out (by connection tracking or, untracked, by a rule) and the subnet's network
///   ACL denies on its way out (`Diagnoser.replyToOutside`).
///
/// ``Diagnoser/diagnose(_:related:inferredAddress:)`` reaches the same decisions and builds a
/// ``Diagnosis`` with its checkpoints and explanations, which a writer then walks. This is the
/// decision without any of them, for a writer that fills a template of the diagnosis's bytes
/// (`diagnose --output jsonl`): every diagnosis with the same ``key`` has the same bytes except
/// the record's own fields, its related records, and the packet's address and port and the
/// request's line in the explanations (a template's holes, in Rendering). `QuickDiagnosisTests` compares
/// the bytes of both paths on simulated networks and traffic.
package struct QuickDiagnosis: Sendable {
  package enum Shape: Sendable { case request, reply }

  /// How the ENI's security groups decided (a checkpoint's words).
  package enum Security: Sendable {
    /// The request: no rule allows it; whether the groups have any inbound rule.
    case denied(hasRules: Bool)
    /// The reply of a tracked connection.
    case tracked
    /// The reply of an untracked flow, which a rule lets out: the group's place among the
    /// ENI's groups, and the rule's among the group's outbound rules.
    case untracked(group: Int, index: Int)
  }

  package let shape: Shape
  /// `security-group` or `network-acl`.
  package let cause: Cause
  package let context: InterfaceContext
  /// The packet the network ACL judged: the request as its initiator sent it, or the reply.
  package let packet: Packet
  /// The entry of the subnet's network ACL that decided, and its index in the ACL's entries.
  package let entryIndex: Int
  package let entry: NetworkACLEntry
  package let security: Security
  /// A reply's request, when it is among the related records: its line.
  package let requestLine: Int?
  package let direction: FlowDirection?
  package let roleEvidence: RoleEvidence
  package let confidence: Confidence
  package let related: [RelatedRecord]

  package var role: FlowRole { shape == .request ? .request : .response }

  /// Whether the ACL judged the packet leaving the subnet (a reply) or entering it.
  package var aclEgress: Bool { shape == .reply }

  package var code: ExplanationCode {
    if cause == .networkACL { return .subnetACLRestriction }
    if case .denied(false) = security { return .sgHasNoRules }
    return .eniSGRulesMismatch
  }

  /// The diagnosis's `component`: the ACL that denied, or the ENI's groups.
  package var component: String { cause == .networkACL ? aclComponent : context.groupsText }

  /// The NACL rule number, when the ACL denied.
  package var rule: Int? { cause == .networkACL ? entry.ruleNumber : nil }

  /// The ACL checkpoint's component.
  package var aclComponent: String { context.networkACL?.id ?? "" }

  /// The security-group checkpoint's component: the group whose rule let an untracked reply
  /// out, or the ENI's groups.
  package var securityComponent: String {
    if case .untracked(let group, _) = security { return context.groups[group].id }
    return context.groupsText
  }

  /// Whether this is the reply of an untracked flow (which a rule let out).
  package var isUntrackedReply: Bool {
    if case .untracked = security { return true }
    return false
  }

  /// What the bytes of a diagnosis depend on besides the record's fields, its related records
  /// and the holes: the ENI (its ids, ACL and groups), the ACL entry, the security groups'
  /// decision, and the words of the diagnosis. The key holds its ENI's context, so that the
  /// context outlives every template made for it (an identifier alone could be reused by a
  /// context made later).
  package struct Key: Hashable, Sendable {
    let context: InterfaceContext
    let entryIndex: Int
    let bits: UInt64

    package init(context: InterfaceContext, entryIndex: Int, bits: UInt64) {
      self.context = context
      self.entryIndex = entryIndex
      self.bits = bits
    }

    package static func == (left: Key, right: Key) -> Bool {
      left.context === right.context && left.entryIndex == right.entryIndex
        && left.bits == right.bits
    }

    /// One word mixed from the three: the template cache's own table uses it as the hash, and
    /// `hash(into:)` feeds it to the hasher once.
    package var mixed: UInt64 {
      var mixed = UInt64(UInt(bitPattern: ObjectIdentifier(context)))
      mixed = (mixed ^ UInt64(bitPattern: Int64(entryIndex))) &* 0x9E37_79B9_7F4A_7C15
      mixed = (mixed ^ bits) &* 0xBF58_476D_1CE4_E5B9
      return mixed ^ (mixed >> 31)
    }

    package func hash(into hasher: inout Hasher) { hasher.combine(mixed) }
  }

  package var key: Key {
    var bits = UInt64(packet.protocolNumber)
    bits |= UInt64(UInt8(truncatingIfNeeded: packet.icmpType ?? 255)) << 8
    bits |= UInt64(UInt8(truncatingIfNeeded: packet.icmpCode ?? 255)) << 16
    bits |= (packet.isIPv6 ? 1 : 0) << 24
    bits |= (shape == .reply ? 1 : 0) << 25
    bits |= (cause == .networkACL ? 1 : 0) << 26
    bits |= UInt64(direction == nil ? 0 : direction == .ingress ? 1 : 2) << 27
    bits |= Self.ordinal(of: roleEvidence) << 29
    bits |= Self.ordinal(of: confidence) << 32
    bits |= (requestLine == nil ? 0 : 1) << 34
    switch security {
    case .denied(let hasRules): bits |= (hasRules ? 1 : 2) << 35
    case .tracked: bits |= 3 << 35
    case .untracked(let group, let index):
      bits |= UInt64(UInt16(truncatingIfNeeded: group)) << 40
      bits |= UInt64(UInt16(truncatingIfNeeded: index)) << 48
    }
    return Key(context: context, entryIndex: entryIndex, bits: bits)
  }

  /// A case's place in its enumeration, by a switch: `allCases` makes an array each call.
  private static func ordinal(of evidence: RoleEvidence) -> UInt64 {
    switch evidence {
    case .tcpFlags: 0
    case .acceptedReverseLeg: 1
    case .firstLeg: 2
    case .ports: 3
    case .unanswered: 4
    }
  }

  private static func ordinal(of confidence: Confidence) -> UInt64 {
    switch confidence {
    case .high: 0
    case .medium: 1
    case .low: 2
    }
  }
}

extension Diagnoser {
  /// The diagnosis of `record` as a ``QuickDiagnosis``, when it is one of its shapes; `nil` for
  /// any other, which ``diagnose(_:related:inferredAddress:)`` decides. Each step mirrors the
  /// one of the general path it stands for.
  func quickDiagnosis(
    _ record: FlowObservation, related: Correlator.Related, inferredAddress: IPAddress?,
    context known: InterfaceContext?
  ) -> QuickDiagnosis? {
    // `diagnose`: not a BPA record, an ENI of the topology (with an ACL; `known` is its
    // context, looked up by the caller), a TCP or UDP record with ports (ICMP is judged under
    // every type a rule names).
    // Not where load balancers are: the general path adds their words to the explanation.
    guard shortcuts, let tracer, topology != nil, !tracer.index.hasLoadBalancers,
      record.rejectReason != "BPA",
      let context = known, context.hasACL, record.hasPorts, related.omitted == 0,
      record.protocolNumber == 6 || record.protocolNumber == 17
    else { return nil }
    // `diagnose`'s readings: one only, the request or the reply (`diagnoseWithTopology`
    // evaluates each; with one, the denial it finds is certain).
    let logEvidence = LogEvidence(record, related: related)
    guard
      let (role, evidence) = RoleInference.infer(
        record, related: related, evidence: logEvidence)
    else { return nil }
    let tracking = TrackingWindow(
      protocolNumber: record.protocolNumber, interface: context.interface,
      stream: logEvidence.acceptedBefore)
    let readings = Readings(
      record, evidence: logEvidence, tracking: tracking,
      direction: direction(of: record, context: context, inferredAddress: inferredAddress))
    guard !readings.afterClose, readings.reply != readings.newTraffic else { return nil }
    let direction = direction(of: record, context: context, inferredAddress: inferredAddress)
    let packet = Self.requestPacket(of: record, role: readings.reply ? .response : .request)
    // Both shortcuts start from a request from outside to the ENI's private address, which
    // the internet gateway maps a public one to (IPv6 as it is).
    guard Self.isFromOutside(packet, to: context, index: tracer.index) else { return nil }
    let mapped = context.interface.publicIPv4s.first { $0.privateIP == packet.destination }?
      .publicIP
    if !packet.isIPv6, case .none = mapped { return nil }
    if readings.newTraffic {
      // New traffic traced as a request (`evaluate`'s request shortcut): not an expired reply
      // or one the evidence calls a reply (judged where it crosses), not a record leaving the
      // ENI.
      guard !readings.expired, role != .response, direction != .egress else { return nil }
      return quickRequest(
        packet, context: context, evidence: evidence, direction: direction, related: related,
        record: record, tracer: tracer)
    }
    // `evaluate`'s reply shortcut: not for a record entering the ENI, nor for a request in
    // another input (the sentence names that input).
    guard direction != .ingress, logEvidence.request.map({ $0.file == record.file }) ?? true
    else { return nil }
    var received = packet
    if let mapped { received.destination = mapped }
    return quickReply(
      received, context: context, evidence: evidence, direction: direction, related: related,
      record: record, requestLine: logEvidence.request?.line, tracer: tracer)
  }

  /// `requestFromOutside`: the subnet's NACL, then the ENI's security groups, inbound.
  private func quickRequest(
    _ packet: Packet, context: InterfaceContext, evidence: RoleEvidence,
    direction: FlowDirection?, related: Correlator.Related, record: FlowObservation,
    tracer: PathTracer
  ) -> QuickDiagnosis? {
    guard let (entryIndex, entry) = context.firstACLMatch(packet, egress: false) else {
      return nil
    }
    let cause: Cause
    if entry.action == .deny {
      cause = .networkACL
    } else {
      let decision = tracer.securityGroups.evaluate(packet, context: context, direction: .inbound)
      guard case .denied = decision else { return nil }
      cause = .securityGroup
    }
    // `diagnoseWithTopology`: the one reading's denial is certain.
    let confidence = Confidence.high
    return QuickDiagnosis(
      shape: .request, cause: cause, context: context, packet: packet, entryIndex: entryIndex,
      entry: entry, security: .denied(hasRules: context.hasInboundRules), requestLine: nil,
      direction: direction, roleEvidence: evidence, confidence: confidence,
      related: relatedRecords(related, of: record))
  }

  /// `replyToOutside`, for the reply the NACL denies: the request (as the internet gateway
  /// received it) got in, the security groups let the reply out, the subnet routes it to the
  /// internet gateway, and the NACL's outbound entries deny it.
  private func quickReply(
    _ request: Packet, context: InterfaceContext, evidence: RoleEvidence,
    direction: FlowDirection?, related: Correlator.Related, record: FlowObservation,
    requestLine: Int?, tracer: PathTracer
  ) -> QuickDiagnosis? {
    let interface = context.interface
    var inside = request
    inside.destination = tracer.receiverPrivateAddress(interface, for: request.destination)
    guard context.firstACLMatch(inside, egress: false)?.entry.action == .allow,
      case .allowed = tracer.securityGroups.evaluate(inside, context: context, direction: .inbound)
    else { return nil }
    var reply = request.reply()
    reply.source = tracer.receiverPrivateAddress(interface, for: request.destination)
    if !reply.isIPv6, interface.publicIPv4s.contains(where: { $0.publicIP == reply.source }) {
      reply.source = tracer.receiverPrivateAddress(interface, for: reply.source)
    }
    // The security groups, outbound, with the request's connection state.
    let security: QuickDiagnosis.Security
    if !tracer.securityGroups.isUntracked(request, interface: interface, direction: .inbound) {
      security = .tracked
    } else {
      guard
        case .allowed(let groupId, let rule) = tracer.securityGroups.evaluate(
          reply, context: context, direction: .outbound),
        let group = context.groups.firstIndex(where: { $0.id == groupId }),
        let index = context.groups[group].group?.outbound.firstIndex(of: rule)
      else { return nil }
      security = .untracked(group: group, index: index)
    }
    let lookup = tracer.routes.lookup(subnetId: interface.subnetId, destination: reply.destination)
    guard case .internetGateway? = lookup.route?.target, lookup.route?.state == .active,
      let (entryIndex, entry) = context.firstACLMatch(reply, egress: true), entry.action == .deny
    else { return nil }
    // `diagnoseWithTopology`: the one reading's denial is certain.
    return QuickDiagnosis(
      shape: .reply, cause: .networkACL, context: context, packet: reply,
      entryIndex: entryIndex, entry: entry, security: security, requestLine: requestLine,
      direction: direction, roleEvidence: evidence, confidence: .high,
      related: relatedRecords(related, of: record))
  }
}

extension StreamingDiagnoser.Pending {
  /// The diagnosis as a ``QuickDiagnosis``, when it is that shape (``decide()`` otherwise).
  package func decideQuickly() -> QuickDiagnosis? {
    shared.diagnoser.quickDiagnosis(
      record, related: related, inferredAddress: inferredAddress, context: context)
  }
}
