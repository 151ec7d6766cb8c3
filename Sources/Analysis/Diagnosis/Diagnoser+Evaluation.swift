import Topology

/// One reading of a record evaluated against the topology: traced, or checked at its ENI.
extension Diagnoser {
  func evaluate(
    _ record: FlowObservation, role: FlowRole, direction: FlowDirection?,
    context knownContext: InterfaceContext? = nil, icmp: (type: Int, code: Int)? = nil
  ) -> ModelDecision? {
    guard let tracer,
      let context = knownContext ?? tracer.index.context(ofInterface: record.interfaceId)
    else { return nil }
    var packet = Self.requestPacket(of: record, role: role)
    if let icmp, packet.isICMP {
      packet.icmpType = icmp.type
      packet.icmpCode = icmp.code
    }
    if shortcuts {
      if role == .request, direction != .egress,
        let decision = requestFromOutside(packet, context: context, tracer: tracer)
      {
        return decision
      }
      if role == .response, direction != .ingress,
        let decision = replyToOutside(request: packet, context: context, tracer: tracer)
      {
        return decision
      }
    }
    // Copied only here: the shortcuts above read the ENI through its context.
    let interface = context.interface
    let trace = traceConversation(packet, tracer: tracer)
    let leg = role == .request ? trace.forward : trace.returnLeg
    let atInterface = leg.filter { checkpoint in
      checkpoint.interfaceId == interface.id
        || (checkpoint.isNetworkACLCrossing(of: interface)
          && isAdjacent(checkpoint, to: interface, direction: direction, leg: leg))
    }
    // The first check at this ENI that denies decides, unless one before it cannot be made.
    let firstUnknown = atInterface.firstIndex { $0.result == .undetermined }
    let firstDenied = atInterface.firstIndex { $0.result == .denied }
    if let firstDenied, firstUnknown.map({ firstDenied < $0 }) ?? true {
      let denied = atInterface[firstDenied]
      return ModelDecision(
        cause: Self.control(of: denied), deniedAt: denied, checkpoints: atInterface,
        note: denied.note)
    }
    // The record proves that its packet crossed this ENI's boundary. A trace that never made
    // this ENI's checks for it stopped on the way (a source the model cannot route from: a VPN,
    // a peered or on-premises network, an address no ENI owns, a client reaching a private
    // address through a load balancer; or the sender's own controls): the checks at the ENI
    // are then made directly, and decide.
    if let arriving = crossing(record, context: context, direction: direction),
      !leg.contains(where: {
        $0.interfaceId == interface.id
          && $0.check == (arriving ? .securityGroupIngress : .securityGroupEgress)
      })
    {
      var decision = checksAtInterface(
        record, role: role, context: context, arriving: arriving, trace: trace, tracer: tracer,
        icmp: icmp)
      decision.checkedDirectly = true
      return decision
    }
    // A forwarding ENI (no security groups: a transit gateway attachment's in an inspection
    // VPC, with both addresses outside its VPC) whose crossing is unknown: its subnet's network
    // ACL is all that filters it, so when it denies the packet with the same entry whichever
    // way it crossed, that entry decides.
    if crossing(record, context: context, direction: direction) == nil,
      context.interface.componentWithoutSecurityGroups != nil,
      let decision = eitherWay(record, role: role, context: context, tracer: tracer, icmp: icmp)
    {
      return decision
    }
    // Such an ENI off the path traced between its record's addresses: nothing on that path
    // (another VPC's route, a gateway) can be what its own record shows rejected.
    if crossing(record, context: context, direction: direction) == nil,
      interface.componentWithoutSecurityGroups != nil,
      !(trace.forward + trace.returnLeg).contains(where: {
        $0.interfaceId == interface.id || $0.subnetId == interface.subnetId
          || tracer.topology.vpcEndpoints[$0.componentId ?? ""]?.networkInterfaceIds.contains(
            interface.id) == true
      })
    {
      return ModelDecision(
        cause: .undetermined, deniedAt: nil, checkpoints: [],
        note: Explanation(.directionUnknownNotOnPath, ["eni": "\(interface.id)"]))
    }
    // SGs and NACLs at this ENI allow the leg: is a route missing on the way? Only a route this
    // record's packets still needed can explain it: a reply that arrived here was routed.
    // (A packet that expects no reply, an ICMP error or echo reply, needs no way back.)
    let replyLeg = packet.expectsReply ? trace.returnLeg : []
    let routable: [Checkpoint]
    switch (role, direction) {
    case (.request, .ingress?): routable = replyLeg  // the reply cannot get back
    case (.request, _): routable = trace.forward + replyLeg
    case (.response, .egress?): routable = trace.returnLeg
    case (.response, _): routable = []
    }
    let routing = routable.first { $0.result == .denied && $0.check.isRouting }
    // A check at this ENI that cannot be made (a rule naming a prefix list whose entries the
    // topology lacks) leaves the cause open: that control, or what would decide after it (a
    // check that denies, a missing route).
    if let firstUnknown {
      let unknown = atInterface[firstUnknown]
      var possible = [Self.control(of: unknown)]
      if let firstDenied {
        possible.append(Self.control(of: atInterface[firstDenied]))
      } else if routing != nil {
        possible.append(.routing)
      }
      return ModelDecision(
        cause: .undetermined, deniedAt: nil, checkpoints: atInterface,
        note: Explanation(
          .checkCannotBeMade,
          ["eni": "\(interface.id)", "check": "\(unknown.check.rawValue)", "note": unknown.note]),
        unknown: true, possible: possible)
    }
    if let routing {
      let which = Explanation(trace.forward.contains(routing) ? .wordRequest : .wordReply)
      return ModelDecision(
        cause: .routing, deniedAt: routing, checkpoints: atInterface + [routing],
        note: Explanation(
          .allowedButUnroutable,
          [
            "controls": Self.controls(of: interface), "reading": Self.readAs(role),
            "which": which, "note": routing.note,
          ]))
    }
    if let inspection = Self.inspection(in: trace, topology: tracer.topology) {
      return Self.inspected(
        at: inspection, checkpoints: atInterface, role: role, interface: interface)
    }
    // Allowed at the ENI, the path crossing something the model does not follow (a VPN, a
    // transit gateway's far side): that is where the model and the log disagree.
    if (trace.forward + trace.returnLeg).contains(where: { $0.result == .undetermined }) {
      return Self.untraceable(trace, checkpoints: atInterface, role: role, interface: interface)
    }
    return ModelDecision(
      cause: .undetermined, deniedAt: nil, checkpoints: atInterface,
      note: Self.allowsNote)
  }

  /// The checkpoint where a trace hands its packet to a Gateway Load Balancer or AWS Network
  /// Firewall endpoint, whose rules are not in the topology.
  static func inspection(in trace: PathTrace, topology: Topology) -> Checkpoint? {
    (trace.forward + trace.returnLeg).first {
      $0.check == .vpcEndpoint && $0.result == .undetermined
        && topology.vpcEndpoints[$0.componentId ?? ""]?.kind == .gatewayLoadBalancer
    }
  }

  /// The controls at the ENI allow the record's packet and its path crosses an inspecting
  /// endpoint. A REJECT on this ENI is its own security groups' or network ACL's (or a packet
  /// after close: VPC User Guide, "Flow log records", `action`); a firewall's drops are logged
  /// by the firewall, not as REJECT here. So the firewall is named, not offered as a cause: the
  /// snapshot may be stale, and the inspection is what the topology cannot evaluate.
  static func inspected(
    at inspection: Checkpoint, checkpoints: [Checkpoint], role: FlowRole,
    interface: NetworkInterface
  ) -> ModelDecision {
    ModelDecision(
      cause: .undetermined, deniedAt: nil, checkpoints: checkpoints,
      note: Explanation(
        .allowedButInspected,
        [
          "controls": Self.controls(of: interface), "reading": Self.readAs(role),
          "endpoint": inspection.componentId.map(Explanation.init)
            ?? Explanation(.anInspectionEndpoint),
          "note": inspection.note, "eni": "\(interface.id)",
        ]))
  }

  /// Whether the record's packet arrives at its ENI (`true`) or leaves it (`false`): its
  /// flow-direction, else which of its addresses the ENI owns; `nil` when neither tells.
  func crossing(
    _ record: FlowObservation, context: InterfaceContext, direction: FlowDirection?
  ) -> Bool? {
    switch direction {
    case .ingress?: return true
    case .egress?: return false
    case nil:
      if context.owns(record.destination) { return true }
      if context.owns(record.source) { return false }
      return nil
    }
  }

  /// A NACL checkpoint of the ENI's subnet that sits on the ENI's side of this record's crossing.
  private func isAdjacent(
    _ checkpoint: Checkpoint, to interface: NetworkInterface, direction: FlowDirection?,
    leg: [Checkpoint]
  ) -> Bool {
    switch direction {
    case .ingress?: return checkpoint.check == .networkACLIngress
    case .egress?: return checkpoint.check == .networkACLEgress
    case nil: return true
    }
  }

  /// The checks at the record's ENI for its packet, made directly, in AWS's order for the
  /// crossing: arriving, the subnet's network ACL inbound, then the security groups inbound;
  /// leaving, the security groups outbound, then the network ACL outbound. The network ACL only
  /// when the peer is outside the ENI's subnet (ACLs apply at the subnet boundary, VPC User
  /// Guide, "Control subnet traffic with network access control lists"). A response is judged
  /// with its request's connection state: a tracked request's reply passes the security
  /// groups (VPC User Guide, "Security group connection tracking").
  private func checksAtInterface(
    _ record: FlowObservation, role: FlowRole, context: InterfaceContext, arriving: Bool,
    trace: PathTrace, tracer: PathTracer, icmp: (type: Int, code: Int)?
  ) -> ModelDecision {
    let interface = context.interface
    let request = role == .response ? Self.requestPacket(of: record, role: .response) : nil
    // (An ICMP reading keeps its type: flow logs record none, and each is judged apart.)
    let checks = Self.checksAt(
      context, record: record, arriving: arriving, reply: request, tracer: tracer, icmp: icmp)
    if let decision = Self.decision(of: checks, at: interface.id) { return decision }
    if let inspection = Self.inspection(in: trace, topology: tracer.topology) {
      return Self.inspected(at: inspection, checkpoints: checks, role: role, interface: interface)
    }
    // Allowed at the ENI: what stopped the trace is a place the model and the log disagree.
    return Self.untraceable(trace, checkpoints: checks, role: role, interface: interface)
  }

  /// `eni-1's security groups and network ACL allow`, or for an ENI without security groups
  /// `eni-1's network ACL (it has no security groups) allows`.
  static func controls(of interface: NetworkInterface) -> Explanation {
    guard let owner = interface.componentWithoutSecurityGroups else {
      return Explanation(.controlsGroupsAndACL, ["eni": "\(interface.id)"])
    }
    return Explanation(.controlsACLOnly, ["eni": "\(interface.id)", "owner": "\(owner)"])
  }

  /// How a reading takes the record's packet, in a note: `as a request`, `as a reply`.
  static func readAs(_ role: FlowRole) -> Explanation {
    Explanation(role == .response ? .asReply : .asRequest)
  }

  /// The checks at a forwarding ENI both ways (arriving and leaving): the decision when both
  /// deny by the same network ACL entry; `nil` otherwise.
  private func eitherWay(
    _ record: FlowObservation, role: FlowRole, context: InterfaceContext, tracer: PathTracer,
    icmp: (type: Int, code: Int)?
  ) -> ModelDecision? {
    let request = role == .response ? Self.requestPacket(of: record, role: .response) : nil
    let arriving = Self.checksAt(
      context, record: record, arriving: true, reply: request, tracer: tracer, icmp: icmp)
    let leaving = Self.checksAt(
      context, record: record, arriving: false, reply: request, tracer: tracer, icmp: icmp)
    guard let inbound = arriving.last, inbound.result == .denied,
      let outbound = leaving.last, outbound.result == .denied,
      inbound.componentId == outbound.componentId,
      case .networkACLEntry(_, let first)? = inbound.rule,
      case .networkACLEntry(_, let second)? = outbound.rule,
      first.ruleNumber == second.ruleNumber
    else { return nil }
    return ModelDecision(
      cause: Self.control(of: inbound), deniedAt: inbound, checkpoints: arriving + leaving,
      note: Explanation(
        .eitherWayDenies, ["eni": "\(context.interface.id)", "note": inbound.note]))
  }

  /// The controls at the ENI allow the record's packet, and the trace did not decide on its
  /// way: named where it stopped (the first check that did not allow).
  static func untraceable(
    _ trace: PathTrace, checkpoints: [Checkpoint], role: FlowRole, interface: NetworkInterface
  ) -> ModelDecision {
    // Where it stopped: the first check that denied or could not decide (a network ACL skipped
    // because no route carries the packet only points at the route after it).
    let legs = trace.forward + trace.returnLeg
    let stop =
      legs.first { $0.result == .denied || $0.result == .undetermined }
      ?? legs.first { $0.result != .allowed }
    let why =
      stop.map {
        Explanation(
          .untraceableStop,
          ["check": "\($0.check.rawValue)", "result": "\($0.result.rawValue)", "note": $0.note])
      } ?? ""
    return ModelDecision(
      cause: .undetermined, deniedAt: nil, checkpoints: checkpoints,
      note: Explanation(
        .untraceable,
        [
          "controls": Self.controls(of: interface), "reading": Self.readAs(role), "why": why,
          "eni": "\(interface.id)",
        ]))
  }

  /// The checks at `context`'s ENI for the record's own packet, in AWS's order for the
  /// crossing (arriving: the subnet's network ACL, then the security groups; leaving: the
  /// groups, then the ACL), up to the first that denies (a packet denied there never reaches
  /// the next, as in a trace). The network ACL only when the peer is outside the ENI's subnet
  /// (an address of its blocks, or an ENI of it): ACLs apply at the subnet boundary (VPC User
  /// Guide, "Control subnet traffic with network access control lists"). `reply` is the request
  /// the packet answers, for the groups' connection state; `nil` judges it as new traffic.
  static func checksAt(
    _ context: InterfaceContext, record: FlowObservation, arriving: Bool, reply: Packet?,
    tracer: PathTracer, icmp: (type: Int, code: Int)? = nil
  ) -> [Checkpoint] {
    let interface = context.interface
    var packet = Packet(
      source: record.source, destination: record.destination,
      protocolNumber: record.protocolNumber, sourcePort: record.sourcePort,
      destinationPort: record.destinationPort)
    if packet.isICMP {
      // Flow logs record no ICMP type: the one asked for, else an echo (the reply of one).
      let echo = reply.map { $0.reply().icmpType } ?? (packet.isIPv6 ? 128 : 8)
      packet.icmpType = icmp?.type ?? echo
      packet.icmpCode = icmp?.code ?? 0
    }
    let peer = arriving ? record.source : record.destination
    let subnetCIDRs = tracer.index.topology.subnets[interface.subnetId]?.cidrs ?? []
    // A peer seen by its public address came through the internet gateway, so across the
    // subnet's boundary even from an ENI of the same subnet (a hairpin).
    let owner = tracer.index.networkInterface(owning: peer)
    let seenPublicly = owner?.publicIPv4s.contains { $0.publicIP == peer } ?? false
    let inSubnet =
      subnetCIDRs.contains { $0.contains(peer) }
      || (owner?.subnetId == interface.subnetId && !seenPublicly)
    let security = tracer.securityGroupCheck(
      context, packet: packet, direction: arriving ? .inbound : .outbound, reply: reply)
    let acl = inSubnet ? nil : tracer.aclCheck(context, packet: packet, egress: !arriving)
    let checks = (arriving ? [acl, security] : [security, acl]).compactMap { $0 }
    guard let denied = checks.firstIndex(where: { $0.result == .denied }) else { return checks }
    return Array(checks[...denied])
  }

  /// Traces `packet` (the request of a conversation) from its source to its destination and
  /// back, with the ends as a flow log shows them resolved as AWS carries them: a NAT
  /// gateway's public address is the internet, a hairpin through an ENI's public address
  /// crosses both subnets' ACLs, and an internet packet reaches an ENI at its public address.
  func traceConversation(_ request: Packet, tracer: PathTracer) -> PathTrace {
    var packet = request
    var source = tracer.endpoint(for: packet.source)
    var destination = tracer.endpoint(for: packet.destination)
    // A NAT gateway's public address is where the internet sees its clients come from: a
    // packet from it arrived through the internet gateway like any internet traffic, its
    // client behind the translation unknown.
    if case .interface = source,
      tracer.topology.natGateways.values.contains(where: { $0.publicIPs.contains(packet.source) })
    {
      source = .external(packet.source)
    }
    // A request from the public address of an ENI of the topology came back in through the
    // internet gateway: it left that ENI from its private address for the public address of
    // this one (a hairpin), and crossed both subnets' network ACLs on the way (VPC User Guide,
    // "Network ACLs": they filter what enters and leaves a subnet).
    if case .interface(let sender, let address, _?) = source {
      source = .interface(sender, address: address, publicAddress: nil)
      packet.source = address
      if case .interface(let eni, let receiverAddress, nil) = destination,
        let mapping = eni.publicIPv4s.first(where: { $0.privateIP == receiverAddress })
      {
        destination = .interface(eni, address: receiverAddress, publicAddress: mapping.publicIP)
        packet.destination = mapping.publicIP
      }
    }
    // Flow logs show an ENI's private address even for traffic that reached it at its public
    // address through the internet gateway (VPC User Guide, "Flow log records": srcaddr/dstaddr).
    if case .external = source, case .interface(let eni, let address, nil) = destination,
      let mapping = eni.publicIPv4s.first(where: { $0.privateIP == address })
    {
      destination = .interface(eni, address: address, publicAddress: mapping.publicIP)
      packet.destination = mapping.publicIP
    }
    return tracer.trace(from: source, to: destination, packet: packet)
  }

  /// The conversation of a diagnosed REJECT traced both ways through the topology: its
  /// request (the record's packets, or, for a reply, the request it answers) from its source,
  /// and the reply. `nil` without a topology, or when the record's ENI is not in it.
  public func trace(of diagnosis: Diagnosis) -> PathTrace? {
    let record = diagnosis.observation
    guard let tracer, tracer.index.context(ofInterface: record.interfaceId) != nil else {
      return nil
    }
    return traceConversation(
      Self.requestPacket(of: record, role: diagnosis.role ?? .request), tracer: tracer)
  }

  /// The request as its initiator sent it: the record, or the record reversed for a response;
  /// ICMP as an echo request (type 8, or 128 for ICMPv6), which flow logs do not record.
  static func requestPacket(of record: FlowObservation, role: FlowRole) -> Packet {
    var packet =
      role == .request
      ? Packet(
        source: record.source, destination: record.destination,
        protocolNumber: record.protocolNumber, sourcePort: record.sourcePort,
        destinationPort: record.destinationPort)
      : Packet(
        source: record.destination, destination: record.source,
        protocolNumber: record.protocolNumber, sourcePort: record.destinationPort,
        destinationPort: record.sourcePort)
    if packet.isICMP {
      packet.icmpType = packet.isIPv6 ? 128 : 8
      packet.icmpCode = 0
    }
    return packet
  }

  /// Evaluates the record's packet at its ENI as if nothing were tracked (a reply whose tracking
  /// entry expired): ``checksAt(_:record:arriving:reply:tracer:)`` with no request.
  func evaluateAsNewTraffic(
    _ record: FlowObservation, context: InterfaceContext, direction: FlowDirection?,
    icmp: (type: Int, code: Int)? = nil
  ) -> ModelDecision? {
    guard let tracer, let arriving = crossing(record, context: context, direction: direction)
    else { return nil }
    let checks = Self.checksAt(
      context, record: record, arriving: arriving, reply: nil, tracer: tracer, icmp: icmp)
    if let decision = Self.decision(of: checks, at: context.interface.id) { return decision }
    return ModelDecision(
      cause: .undetermined, deniedAt: nil, checkpoints: checks,
      note: Explanation(
        .allowsAsNewTraffic,
        ["controls": Self.controls(of: context.interface), "note": Self.allowsNote]))
  }

  /// Which control a check at an ENI is.
  static func control(of checkpoint: Checkpoint) -> Cause {
    checkpoint.check == .securityGroupIngress || checkpoint.check == .securityGroupEgress
      ? .securityGroup : .networkACL
  }

  /// The decision of checks made at an ENI (``checksAt(_:record:arriving:reply:tracer:icmp:)``,
  /// which stop at the first denial): the control that denied, or, when a check before it
  /// cannot be made, undetermined between that one and the denial; `nil` when every check
  /// allows the packet.
  private static func decision(of checks: [Checkpoint], at interfaceId: String) -> ModelDecision? {
    guard let unknown = checks.first(where: { $0.result == .undetermined }) else {
      return denial(checks)
    }
    var possible = [control(of: unknown)]
    if let denied = checks.last, denied.result == .denied { possible.append(control(of: denied)) }
    return ModelDecision(
      cause: .undetermined, deniedAt: nil, checkpoints: checks,
      note: Explanation(
        .checkCannotBeMade,
        ["eni": "\(interfaceId)", "check": "\(unknown.check.rawValue)", "note": unknown.note]),
      unknown: true, possible: possible)
  }

  /// The decision of checks that end in a denial (``checksAt(_:record:arriving:reply:tracer:icmp:)``):
  /// the control that denied; `nil` when none did.
  private static func denial(_ checks: [Checkpoint]) -> ModelDecision? {
    guard let denied = checks.last, denied.result == .denied else { return nil }
    let isSG = denied.check == .securityGroupIngress || denied.check == .securityGroupEgress
    return ModelDecision(
      cause: isSG ? .securityGroup : .networkACL, deniedAt: denied, checkpoints: checks,
      note: denied.note)
  }
}
