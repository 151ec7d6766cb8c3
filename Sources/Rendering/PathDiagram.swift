import Analysis
import NetworkPrimitives
import Topology

/// A conversation's two legs as a picture: the request from its sender to its receiver and the
/// reply back, each checkpoint in AWS's order with what it decided and the rule that decided,
/// the checkpoint that rejected the REJECT marked. Built from a trace through the topology
/// (``init(trace:diagnosis:)``) or, without one, from what the logs show
/// (``init(logsOnly:)``); drawn as SVG by ``svg(id:)`` (`trace --output svg`,
/// `explain --output svg`, `report`).
package struct PathDiagram: Hashable, Sendable {
  /// What a box shows it decided. Colour is never the only sign: each has its mark and word.
  package enum State: String, Hashable, Sendable {
    /// An end of the leg: the sender, or the receiver reached.
    case end
    case allowed, denied, skipped, undetermined
    /// Not known without a topology.
    case unknown
    /// The leg stopped before it.
    case notReached = "not-reached"

    /// The mark drawn beside the box's title.
    var mark: String {
      switch self {
      case .end: return "●"
      case .allowed: return "✓"
      case .denied: return "✗"
      case .skipped: return "–"
      case .undetermined, .unknown: return "?"
      case .notReached: return "…"
      }
    }

    /// The word said with the mark.
    var word: String {
      switch self {
      case .end: return ""
      case .allowed: return "allowed"
      case .denied: return "DENIED"
      case .skipped: return "not crossed"
      case .undetermined: return "undetermined"
      case .unknown: return "unknown"
      case .notReached: return "not reached"
      }
    }
  }

  /// One box: an end, or a checkpoint.
  package struct Node: Hashable, Sendable {
    /// `Network ACL, outbound`, `Internet client`.
    package var title: String
    /// The component's id: `acl-…`, `sg-…` (comma-separated when several), `eni-…`.
    package var component: String?
    /// At most two short lines: the rule or route that decided, the address.
    package var details: [String]
    package var state: State
    /// The checkpoint that rejected the REJECT this diagram is drawn for (or, for a trace
    /// alone, the first that drops the flow).
    package var blocks: Bool = false
    /// The network ACL entry's rule number that decided (32767 for `*`), when one did.
    package var ruleNumber: Int? = nil
    /// The whole sentence behind the box, for its tooltip and the text alternative.
    package var sentence: String
  }

  /// A leg: its title, the packet, what the logs show of it, and its boxes in the order the
  /// packet meets them.
  package struct Lane: Hashable, Sendable {
    /// `Request` or `Reply`.
    package var title: String
    /// `203.0.113.5:50000 → 10.0.1.5:443 tcp`.
    package var packet: String
    /// What the flow log shows of this leg: `this REJECT: flows.log:4 at eni-…`.
    package var logged: String?
    package var nodes: [Node]
    /// Said when the leg has no boxes to draw (a reply never sent).
    package var note: String?
    /// A leg the logs do not show and the diagram supposes: the request a reply would answer
    /// when no request precedes it (backscatter, a probe). Drawn faded.
    package var assumed = false
    /// The checkpoints drawn as the boxes between its ends, in order (from a trace).
    package var checkpoints: [Checkpoint] = []
    /// Its sender and receiver (from a trace).
    package var ends: (sender: TraceEndpoint, receiver: TraceEndpoint)? {
      get { endPoints.first.map { ($0, endPoints[1]) } }
      set { endPoints = newValue.map { [$0.sender, $0.receiver] } ?? [] }
    }
    package var endPoints: [TraceEndpoint] = []
  }

  /// One line saying what the picture shows: the verdict.
  package var title: String
  package var lanes: [Lane]

  package init(title: String, lanes: [Lane]) {
    self.title = title
    self.lanes = lanes
  }

  /// The box that blocks, if one does: its lane and place.
  package var blocking: (lane: Int, node: Int)? {
    for (laneIndex, lane) in lanes.enumerated() {
      if let node = lane.nodes.firstIndex(where: \.blocks) { return (laneIndex, node) }
    }
    return nil
  }
}

// MARK: - From a trace

extension PathDiagram {
  /// A REJECT's picture: its conversation traced through the topology when there is a trace
  /// (``Diagnoser/trace(of:)``: a topology that holds its ENI), else from the logs alone.
  package init(_ diagnosis: Diagnosis, trace: PathTrace?, place: (Int, Int) -> String) {
    if let trace {
      self.init(trace: trace, diagnosis: diagnosis, place: place)
    } else {
      self.init(logsOnly: diagnosis, place: place)
    }
  }

  /// The trace's two legs. With `diagnosis` (a REJECT whose conversation the trace follows),
  /// the box marked is the checkpoint that names the diagnosis's component on the leg of the
  /// record's role, and the record and its paired records are said on their legs; `place`
  /// names a record's place from its file and line (`flows.log:4`). Without it, the first checkpoint that drops the
  /// flow is marked.
  package init(
    trace: PathTrace, diagnosis: Diagnosis? = nil, place: (Int, Int) -> String = { "line \($1)" }
  ) {
    var lanes = [
      Self.lane(
        "Request", trace.forward, from: trace.source, to: trace.destination,
        packet: trace.request),
      Self.lane(
        "Reply", trace.returnLeg, from: trace.destination, to: trace.source,
        packet: trace.request.reply()),
    ]
    if trace.returnLeg.isEmpty {
      lanes[1].nodes = []
      if trace.forward.contains(where: { $0.result == .denied }) {
        lanes[1].note = "No reply: the request does not arrive."
      } else if trace.forward.contains(where: { $0.result == .undetermined }) {
        lanes[1].note = "No reply traced: the request's way could not be decided."
      } else {
        lanes[1].note = "No reply is expected for this packet."
      }
    }
    let verdict = trace.verdict
    if let diagnosis {
      let leg = diagnosis.role == .response ? 1 : 0
      // The record's own leg first, then the other: a request is rejected when its reply has
      // no route back.
      let legs = [trace.forward, trace.returnLeg]
      let marked = [leg, 1 - leg].first { candidate in
        guard
          let index = Self.blockingIndex(
            lanes[candidate], checkpoints: legs[candidate], diagnosis: diagnosis)
        else { return false }
        lanes[candidate].nodes[index].blocks = true
        return true
      }
      // Neither leg of the conversation as traced holds it (an unsolicited reply, whose request
      // was never allowed out): the record's leg as evaluated at its ENI instead.
      if marked == nil, !diagnosis.checkpoints.isEmpty {
        var lane = Self.recordLane(diagnosis, trace: trace, title: lanes[leg].title)
        if let index = Self.blockingIndex(
          lane, checkpoints: diagnosis.checkpoints, diagnosis: diagnosis)
        {
          lane.nodes[index].blocks = true
          lanes[leg] = lane
        }
      }
      Self.sayLogged(diagnosis, in: &lanes, recordLeg: leg, place: place)
      // A reply with no request before it in the logs: its request is only supposed.
      if leg == 1, !diagnosis.related.contains(where: { $0.relation == "reverse" }) {
        lanes[0].assumed = true
        lanes[0].title = "Request (supposed)"
        lanes[0].logged =
          "none: no request precedes this reply in the logs; drawn as the topology would carry one"
      }
      title = Self.title(diagnosis)
    } else {
      for index in lanes.indices {
        if let node = lanes[index].nodes.firstIndex(where: { $0.state == .denied }) {
          lanes[index].nodes[node].blocks = true
          break
        }
      }
      switch verdict.reachable {
      case true?: title = "Reachable: the request and its reply pass every check."
      case false?: title = Self.blockedTitle(lanes) ?? verdict.explanation
      case nil: title = verdict.explanation
      }
    }
    self.lanes = lanes
  }

  /// A leg's boxes: the sender, every checkpoint, and the receiver (not reached when a check
  /// stops the leg).
  static func lane(
    _ title: String, _ checkpoints: [Checkpoint], from source: TraceEndpoint,
    to destination: TraceEndpoint, packet: Packet
  ) -> Lane {
    let behind = gatewayOutside(checkpoints)
    var nodes = [
      endNode(source, port: packet.hasPorts ? packet.sourcePort : nil, sends: true, behind: behind)
    ]
    var stopped = false
    var drawn: [Checkpoint] = []
    // A check that cannot be decided stops the leg unless the trace went on past it (a
    // component the model does not follow, after which the receiver's own checks are made).
    for (index, checkpoint) in checkpoints.enumerated() {
      nodes.append(node(checkpoint))
      drawn.append(checkpoint)
      if checkpoint.result == .denied
        || (checkpoint.result == .undetermined && index == checkpoints.count - 1)
      {
        stopped = true
        break
      }
    }
    var last = endNode(
      destination, port: packet.hasPorts ? packet.destinationPort : nil, sends: false,
      behind: behind)
    if stopped {
      last.state = .notReached
      last.sentence = "Not reached: " + last.sentence
    }
    nodes.append(last)
    var lane = Lane(title: title, packet: packetText(packet), logged: nil, nodes: nodes)
    lane.checkpoints = drawn
    lane.ends = (source, destination)
    return lane
  }

  /// `203.0.113.5:50000 → 10.0.1.5:443 tcp`, `10.0.1.5 → 10.0.2.9 icmp type 8`.
  static func packetText(_ packet: Packet) -> String {
    func end(_ address: IPAddress, _ port: UInt16) -> String {
      packet.hasPorts ? DiagnosisRenderer.endpoint(address, port) : "\(address)"
    }
    var text =
      "\(end(packet.source, packet.sourcePort)) → \(end(packet.destination, packet.destinationPort)) "
      + ProtocolNames.name(packet.protocolNumber)
    if packet.isICMP, let type = packet.icmpType { text += " type \(type)" }
    return text
  }

  /// The gateway past which an address outside the topology lies, when the leg says so: a
  /// virtual private gateway (a VPN or Direct Connect network) or a transit gateway's far side;
  /// `nil` for the internet.
  static func gatewayOutside(_ checkpoints: [Checkpoint]) -> String? {
    for checkpoint in checkpoints {
      if checkpoint.check == .virtualPrivateGateway { return checkpoint.componentId }
      if case .route(_, let route)? = checkpoint.rule {
        switch route.target {
        case .virtualPrivateGateway(let id): return id
        case .transitGateway(let id) where checkpoint.result == .undetermined: return id
        default: continue
        }
      }
    }
    return nil
  }

  static func endNode(_ end: TraceEndpoint, port: UInt16?, sends: Bool, behind: String? = nil)
    -> Node
  {
    let address = port.map { DiagnosisRenderer.endpoint(end.address, $0) } ?? "\(end.address)"
    switch end {
    case .interface(let eni, _, let publicAddress):
      var details = [address]
      if let publicAddress { details.append("public \(publicAddress)") }
      if let instance = eni.instanceId { details.append(instance) }
      return Node(
        title: "Network interface", component: eni.id,
        details: details, state: .end,
        sentence: "\(eni.id) (\(address))\(sends ? " sends" : " receives")")
    case .external:
      if let behind {
        return Node(
          title: sends ? "Sender outside the VPC" : "Receiver outside the VPC", component: nil,
          details: [address], state: .end,
          sentence: "\(address), reached through \(behind)\(sends ? ", sends" : ", receives")")
      }
      return Node(
        title: sends ? "Internet sender" : "Internet receiver", component: nil,
        details: [address], state: .end,
        sentence: "\(address) on the internet\(sends ? " sends" : " receives")")
    case .unowned(_, let vpcId, let subnetId):
      return Node(
        title: "Address with no ENI known", component: subnetId ?? vpcId, details: [address],
        state: .end,
        sentence: "\(address), an address of \(subnetId ?? vpcId) that no ENI of the topology owns")
    }
  }

  /// A checkpoint's box: what is checked, the component, the rule or route that decided.
  static func node(_ checkpoint: Checkpoint) -> Node {
    let state: State
    switch checkpoint.result {
    case .allowed: state = .allowed
    case .denied: state = .denied
    case .skipped: state = .skipped
    case .undetermined: state = .undetermined
    }
    var node = Node(
      title: checkTitle(checkpoint.check), component: checkpoint.componentId,
      details: ruleDetails(checkpoint), state: state, sentence: checkpoint.explanation)
    if case .networkACLEntry(_, let entry)? = checkpoint.rule { node.ruleNumber = entry.ruleNumber }
    return node
  }

  /// `Network ACL, outbound`: a check as a box names it.
  package static func checkTitle(_ check: Checkpoint.Check) -> String {
    switch check {
    case .securityGroupEgress: return "Security group (out)"
    case .networkACLEgress: return "Network ACL (out)"
    case .routeTable: return "Route table"
    case .internetGateway: return "Internet gateway"
    case .natGateway: return "NAT gateway"
    case .egressOnlyInternetGateway: return "Egress-only IGW"
    case .peeringConnection: return "VPC peering"
    case .transitGateway: return "Transit gateway"
    case .vpcEndpoint: return "VPC endpoint"
    case .virtualPrivateGateway: return "VPN gateway"
    case .networkACLIngress: return "Network ACL (in)"
    case .securityGroupIngress: return "Security group (in)"
    case .destination: return "Destination"
    }
  }

  /// The rule or route that decided, in two short lines at most.
  static func ruleDetails(_ checkpoint: Checkpoint) -> [String] {
    switch checkpoint.rule {
    case .networkACLEntry(_, let entry)?:
      var match = entry.protocolMatch.description
      if let ports = entry.ports { match += " \(ports)" }
      return [
        "rule \(entry.displayNumber) \(entry.action == .allow ? "allow" : "deny")",
        "\(match) \(entry.cidr)",
      ]
    case .securityGroupRule(_, let rule, _)?:
      return [rule.ruleId.map { "rule \($0)" } ?? "by the rule", rule.description]
    case .route(_, let route)?:
      return ["\(route.destination)", "→ \(route.target)"]
    case .transitGatewayRoute(let tableId, let route)?:
      let target =
        route.state == .blackhole ? "blackhole" : route.attachmentIds.joined(separator: ", ")
      return ["\(tableId): \(route.destination)", "→ \(target)"]
    case .connectionTracking?:
      return ["tracked: replies pass"]
    case nil:
      switch (checkpoint.check, checkpoint.result) {
      case (.securityGroupIngress, .denied), (.securityGroupEgress, .denied):
        return ["no rule allows it"]
      case (.routeTable, .denied):
        return ["no usable route"]
      case (_, .skipped):
        return ["same subnet"]
      case (_, .denied), (_, .undetermined):
        return [checkpoint.code?.rawValue ?? checkpoint.result.rawValue]
      default:
        return []
      }
    }
  }

  /// The box of `lane` (drawn from `checkpoints`) that names the diagnosis's component with the
  /// control its cause names: the rule that rejected the record. `nil` when the diagnosis names
  /// none there (after close, undetermined, or a leg that is not the record's).
  static func blockingIndex(_ lane: Lane, checkpoints: [Checkpoint], diagnosis: Diagnosis)
    -> Int?
  {
    let checks: Set<Checkpoint.Check>
    // A security group or network ACL rejects the record's packet on its way in or out of the
    // record's ENI, as the record's direction says.
    let direction = diagnosis.direction ?? diagnosis.observation.flowDirection
    switch (diagnosis.cause, direction) {
    case (.securityGroup, .ingress?): checks = [.securityGroupIngress]
    case (.securityGroup, .egress?): checks = [.securityGroupEgress]
    case (.securityGroup, nil): checks = [.securityGroupIngress, .securityGroupEgress]
    case (.networkACL, .ingress?): checks = [.networkACLIngress]
    case (.networkACL, .egress?): checks = [.networkACLEgress]
    case (.networkACL, nil): checks = [.networkACLIngress, .networkACLEgress]
    case (.routing, _):
      checks = Set(Checkpoint.Check.allCases.filter(\.isRouting) + [.destination])
    case (.blockPublicAccess, _), (.afterClose, _), (.undetermined, _): return nil
    }
    let eni = diagnosis.observation.interfaceId
    guard
      let found = checkpoints.firstIndex(where: { checkpoint in
        checks.contains(checkpoint.check) && checkpoint.result != .allowed
          && checkpoint.result != .skipped
          && (diagnosis.component == nil || checkpoint.componentId == diagnosis.component)
          && (checkpoint.interfaceId == nil || diagnosis.cause != .securityGroup
            || checkpoint.interfaceId == eni)
      })
    else { return nil }
    // The lane's boxes are the sender, then the checkpoints.
    return found + 1 < lane.nodes.count ? found + 1 : nil
  }

  /// The record's own packet from its sender to its receiver through the checkpoints its
  /// diagnosis evaluated at its ENI: `Reply, as logged`.
  static func recordLane(_ diagnosis: Diagnosis, trace: PathTrace, title: String) -> Lane {
    let record = diagnosis.observation
    func end(_ address: IPAddress) -> TraceEndpoint {
      for end in [trace.source, trace.destination]
      where end.address == address || end.visibleAddress == address {
        return end
      }
      return .external(address)
    }
    let packet = Packet(
      source: record.source, destination: record.destination,
      protocolNumber: record.protocolNumber, sourcePort: record.sourcePort,
      destinationPort: record.destinationPort)
    return lane(
      "\(title), as logged", diagnosis.checkpoints, from: end(record.source),
      to: end(record.destination), packet: packet)
  }

  /// The record on its leg, and the records paired with it on theirs.
  static func sayLogged(
    _ diagnosis: Diagnosis, in lanes: inout [Lane], recordLeg: Int, place: (Int, Int) -> String
  ) {
    let record = diagnosis.observation
    lanes[recordLeg].logged =
      "this REJECT: \(place(record.file, record.line)) at \(record.interfaceId)"
    let other = 1 - recordLeg
    let reverse = diagnosis.related.filter { $0.relation == "reverse" }
    if let first = reverse.first {
      let more = reverse.count > 1 ? " and \(reverse.count - 1) more" : ""
      lanes[other].logged =
        "\(first.action.rawValue): \(place(first.file, first.line)) at \(first.interfaceId)\(more)"
    }
  }

  /// The diagram's title for a REJECT: its cause, and the box that rejected it.
  static func title(_ diagnosis: Diagnosis) -> String {
    let leg = diagnosis.role == .response ? "reply" : "request"
    var title = "This REJECT (the \(leg)): \(diagnosis.cause.rawValue)"
    if diagnosis.component != nil {
      title +=
        " at "
        + DiagnosisRenderer.ruleText(
          RejectSummary.RuleKey(
            cause: diagnosis.cause, component: diagnosis.component, rule: diagnosis.rule))
    }
    if diagnosis.cause == .undetermined, !diagnosis.candidates.isEmpty {
      title += " (" + diagnosis.candidates.map(\.rawValue).joined(separator: " or ") + ")"
    }
    return title + "."
  }

  /// `The reply is dropped at acl-… (Network ACL (out), rule * deny).`
  static func blockedTitle(_ lanes: [Lane]) -> String? {
    for lane in lanes {
      guard let node = lane.nodes.first(where: \.blocks) else { continue }
      var text = "The \(lane.title.lowercased()) is dropped at \(node.component ?? node.title)"
      text +=
        " ("
        + ([node.component == nil ? nil : node.title] + [node.details.first])
        .compactMap { $0 }.joined(separator: ", ") + ")"
      return text + "."
    }
    return nil
  }
}

// MARK: - From the logs alone

extension PathDiagram {
  /// Without a topology (or for an ENI not in it): the legs as the record's direction and role
  /// place them at its ENI, each control unknown but the one the cause names, and what the logs
  /// show of each leg. When the direction is not known (a log without `flow-direction`, whose
  /// ENI's own address the logs alone cannot tell), neither end is drawn as the ENI and the
  /// controls are those of either side.
  package init(logsOnly diagnosis: Diagnosis, place: (Int, Int) -> String = { "line \($1)" }) {
    let record = diagnosis.observation
    let role = diagnosis.role ?? .request
    let direction = diagnosis.direction ?? record.flowDirection
    let eni = record.interfaceId
    let ports = [6, 17].contains(record.protocolNumber)
    func address(_ address: IPAddress, _ port: UInt16) -> String {
      ports ? DiagnosisRenderer.endpoint(address, port) : "\(address)"
    }
    func unknown(_ title: String) -> Node {
      Node(
        title: title, component: nil, details: ["unknown: no --topology"],
        state: .unknown, sentence: "\(title): its rules are not known without --topology")
    }
    let sender = address(record.source, record.sourcePort)
    let receiver = address(record.destination, record.destinationPort)
    // The record's packet, and the other leg: the same ends the other way.
    var recordNodes: [Node]
    var otherNodes: [Node]
    if let direction {
      // The ENI's end and the other; the ENI is the receiver of an arriving packet.
      let eniAddress = direction == .ingress ? receiver : sender
      let remoteAddress = direction == .ingress ? sender : receiver
      let eniNode = Node(
        title: "Network interface", component: eni, details: [eniAddress], state: .end,
        sentence: "\(eni) (\(eniAddress))")
      let remoteNode = Node(
        title: "Other end", component: nil, details: [remoteAddress], state: .end,
        sentence: remoteAddress)
      let arriving = [
        remoteNode, unknown("Network ACL (in)"), unknown("Security group (in)"), eniNode,
      ]
      let leaving = [
        eniNode, unknown("Security group (out)"), unknown("Network ACL (out)"),
        unknown("Route table"), remoteNode,
      ]
      recordNodes = direction == .ingress ? arriving : leaving
      otherNodes = direction == .ingress ? leaving : arriving
    } else {
      let ends = (
        Node(title: "Host", component: nil, details: [sender], state: .end, sentence: sender),
        Node(
          title: "Host", component: nil, details: [receiver], state: .end, sentence: receiver)
      )
      let controls = [unknown("Network ACL (in/out)"), unknown("Security group (in/out)")]
      recordNodes = [ends.0] + controls + [ends.1]
      otherNodes = [ends.1] + controls.reversed() + [ends.0]
    }
    let leg = role == .response ? 1 : 0
    let name = ProtocolNames.name(record.protocolNumber)
    let recordPacket = "\(sender) → \(receiver) \(name)"
    let otherPacket = "\(receiver) → \(sender) \(name)"
    var lanes = [
      Lane(
        title: "Request", packet: leg == 0 ? recordPacket : otherPacket, logged: nil,
        nodes: leg == 0 ? recordNodes : otherNodes),
      Lane(
        title: "Reply", packet: leg == 1 ? recordPacket : otherPacket, logged: nil,
        nodes: leg == 1 ? recordNodes : otherNodes),
    ]
    // The reverse leg the logs show accepted at this ENI passed its controls there.
    let accepted = diagnosis.related.contains {
      $0.relation == "reverse" && $0.action == .accept && $0.interfaceId == eni
    }
    if accepted {
      for index in lanes[1 - leg].nodes.indices
      where lanes[1 - leg].nodes[index].state == .unknown
        && !lanes[1 - leg].nodes[index].title.hasPrefix("Route")
      {
        lanes[1 - leg].nodes[index].state = .allowed
        lanes[1 - leg].nodes[index].details = ["the logs show it accepted"]
      }
      // The reply of an accepted request passes the security groups, which track it.
      if leg == 1, let index = lanes[1].nodes.firstIndex(where: { $0.title.hasPrefix("Security") })
      {
        lanes[1].nodes[index].state = .allowed
        lanes[1].nodes[index].details = ["stateful: the reply of", "an accepted request"]
        lanes[1].nodes[index].sentence =
          "Security groups are stateful: the reply of a request they accepted passes"
      }
    }
    let named: String?
    switch diagnosis.cause {
    case .securityGroup: named = "Security group"
    case .networkACL: named = "Network ACL"
    case .routing: named = "Route table"
    case .blockPublicAccess, .afterClose, .undetermined: named = nil
    }
    if let named, let index = lanes[leg].nodes.firstIndex(where: { $0.title.hasPrefix(named) }) {
      lanes[leg].nodes[index].state = .denied
      lanes[leg].nodes[index].blocks = true
      lanes[leg].nodes[index].component = diagnosis.component
      lanes[leg].nodes[index].ruleNumber = diagnosis.rule
      lanes[leg].nodes[index].details = [
        diagnosis.rule.map { "rule \($0 >= 32767 ? "*" : String($0))" } ?? "named by the logs",
        "id: give --topology",
      ]
      lanes[leg].nodes[index].sentence = diagnosis.explanation
      // After it, not reached: the receiver, and the controls when their order is known.
      for later in lanes[leg].nodes.indices
      where later > index && (direction != nil || later == lanes[leg].nodes.count - 1) {
        lanes[leg].nodes[later].state = .notReached
      }
      // A request rejected is never answered.
      if leg == 0 {
        lanes[1].nodes = []
        lanes[1].note = "No reply: the request was rejected."
      }
    }
    Self.sayLogged(diagnosis, in: &lanes, recordLeg: leg, place: place)
    if direction == nil, let logged = lanes[leg].logged {
      lanes[leg].logged =
        logged + " (which end is \(eni) the log does not say: it has no flow-direction)"
    }
    self.lanes = lanes
    self.title = Self.title(diagnosis)
  }
}
