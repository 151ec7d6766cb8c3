import Analysis
import Messages
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
    func word(in language: Language) -> String {
      let message: Message
      switch self {
      case .end: return ""
      case .allowed: message = .stateAllowed
      case .denied: message = .stateDenied
      case .skipped: message = .stateNotCrossed
      case .undetermined: message = .stateUndetermined
      case .unknown: message = .stateUnknown
      case .notReached: message = .stateNotReached
      }
      return message.text(in: language)
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
    /// The check it draws (a checkpoint's, or a control not known without a topology).
    package var check: Checkpoint.Check? = nil
  }

  /// A leg: its title, the packet, what the logs show of it, and its boxes in the order the
  /// packet meets them.
  package struct Lane: Hashable, Sendable {
    /// `Request` or `Reply`, in the diagram's language.
    package var title: String
    /// `request`, `reply`, `request (supposed)`, `reply, as logged`, whatever the language (the
    /// SVG's `data-lane`).
    package var key = "request"
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
  /// The language of its words.
  package var language: Language = .en

  package init(title: String, lanes: [Lane], language: Language = .en) {
    self.title = title
    self.lanes = lanes
    self.language = language
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
  package init(
    _ diagnosis: Diagnosis, trace: PathTrace?, place: (Int, Int) -> String,
    language: Language = .en
  ) {
    if let trace {
      self.init(trace: trace, diagnosis: diagnosis, place: place, language: language)
    } else {
      self.init(logsOnly: diagnosis, place: place, language: language)
    }
  }

  /// The trace's two legs. With `diagnosis` (a REJECT whose conversation the trace follows),
  /// the box marked is the checkpoint that names the diagnosis's component on the leg of the
  /// record's role, and the record and its paired records are said on their legs; `place`
  /// names a record's place from its file and line (`flows.log:4`). Without it, the first checkpoint that drops the
  /// flow is marked.
  package init(
    trace: PathTrace, diagnosis: Diagnosis? = nil, place: (Int, Int) -> String = { "line \($1)" },
    language: Language = .en
  ) {
    self.language = language
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    var lanes = [
      Self.lane(
        say(.laneRequest), trace.forward, from: trace.source, to: trace.destination,
        packet: trace.request, language: language),
      Self.lane(
        say(.laneReply), trace.returnLeg, from: trace.destination, to: trace.source,
        packet: trace.request.reply(), language: language),
    ]
    lanes[1].key = "reply"
    if trace.returnLeg.isEmpty {
      lanes[1].nodes = []
      if trace.forward.contains(where: { $0.result == .denied }) {
        lanes[1].note = say(.laneNoReplyDenied)
      } else if trace.forward.contains(where: { $0.result == .undetermined }) {
        lanes[1].note = say(.laneNoReplyUndetermined)
      } else {
        lanes[1].note = say(.laneNoReplyExpected)
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
        var lane = Self.recordLane(
          diagnosis, trace: trace, title: lanes[leg].title, language: language)
        lane.key = lanes[leg].key + ", as logged"
        if let index = Self.blockingIndex(
          lane, checkpoints: diagnosis.checkpoints, diagnosis: diagnosis)
        {
          lane.nodes[index].blocks = true
          lanes[leg] = lane
        }
      }
      Self.sayLogged(diagnosis, in: &lanes, recordLeg: leg, place: place, language: language)
      // A reply with no request before it in the logs: its request is only supposed.
      if leg == 1, !diagnosis.related.contains(where: { $0.relation == "reverse" }) {
        lanes[0].assumed = true
        lanes[0].title = say(.laneRequestSupposed)
        lanes[0].key = "request (supposed)"
        lanes[0].logged = say(.laneSupposedLogged)
      }
      title = Self.title(diagnosis, language: language)
    } else {
      for index in lanes.indices {
        if let node = lanes[index].nodes.firstIndex(where: { $0.state == .denied }) {
          lanes[index].nodes[node].blocks = true
          break
        }
      }
      switch verdict.reachable {
      case true?: title = say(.diagramReachable)
      case false?:
        title = Self.blockedTitle(lanes, language: language) ?? verdict.note.text(in: language)
      case nil: title = verdict.note.text(in: language)
      }
    }
    self.lanes = lanes
  }

  /// A leg's boxes: the sender, every checkpoint, and the receiver (not reached when a check
  /// stops the leg).
  static func lane(
    _ title: String, _ checkpoints: [Checkpoint], from source: TraceEndpoint,
    to destination: TraceEndpoint, packet: Packet, language: Language = .en
  ) -> Lane {
    let behind = gatewayOutside(checkpoints)
    var nodes = [
      endNode(
        source, port: packet.hasPorts ? packet.sourcePort : nil, sends: true, behind: behind,
        language: language)
    ]
    var stopped = false
    var drawn: [Checkpoint] = []
    // A check that cannot be decided stops the leg unless the trace went on past it (a
    // component the model does not follow, after which the receiver's own checks are made).
    for (index, checkpoint) in checkpoints.enumerated() {
      nodes.append(node(checkpoint, language: language))
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
      behind: behind, language: language)
    if stopped {
      last.state = .notReached
      last.sentence = Message.diagramNotReached.text(in: language, ["sentence": last.sentence])
    }
    nodes.append(last)
    var lane = Lane(
      title: title, packet: packetText(packet, language: language), logged: nil, nodes: nodes)
    lane.checkpoints = drawn
    lane.ends = (source, destination)
    return lane
  }

  /// `203.0.113.5:50000 → 10.0.1.5:443 tcp`, `10.0.1.5 → 10.0.2.9 icmp type 8`.
  static func packetText(_ packet: Packet, language: Language = .en) -> String {
    func end(_ address: IPAddress, _ port: UInt16) -> String {
      packet.hasPorts ? DiagnosisRenderer.endpoint(address, port) : "\(address)"
    }
    var text =
      "\(end(packet.source, packet.sourcePort)) → \(end(packet.destination, packet.destinationPort)) "
      + Explanation.protocolName(packet.protocolNumber).text(in: language)
    if packet.isICMP, let type = packet.icmpType {
      text += Message.aclEntryICMPType.text(in: language, ["type": "\(type)"])
    }
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

  static func endNode(
    _ end: TraceEndpoint, port: UInt16?, sends: Bool, behind: String? = nil,
    language: Language = .en
  ) -> Node {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let address = port.map { DiagnosisRenderer.endpoint(end.address, $0) } ?? "\(end.address)"
    switch end {
    case .interface(let eni, _, let publicAddress):
      var details = [address]
      if let publicAddress { details.append(say(.nodePublic, ["address": "\(publicAddress)"])) }
      if let instance = eni.instanceId { details.append(instance) }
      return Node(
        title: say(.nodeNetworkInterface), component: eni.id,
        details: details, state: .end,
        sentence: say(
          sends ? .nodeENISends : .nodeENIReceives, ["eni": eni.id, "address": address]))
    case .external:
      if let behind {
        return Node(
          title: say(sends ? .nodeSenderOutside : .nodeReceiverOutside), component: nil,
          details: [address], state: .end,
          sentence: say(
            sends ? .nodeReachedThroughSends : .nodeReachedThroughReceives,
            ["address": address, "gateway": behind]))
      }
      return Node(
        title: say(sends ? .nodeInternetSender : .nodeInternetReceiver), component: nil,
        details: [address], state: .end,
        sentence: say(sends ? .nodeInternetSends : .nodeInternetReceives, ["address": address]))
    case .unowned(_, let vpcId, let subnetId):
      return Node(
        title: say(.nodeNoENIKnown), component: subnetId ?? vpcId, details: [address],
        state: .end,
        sentence: say(.nodeNoENISentence, ["address": address, "place": subnetId ?? vpcId]))
    }
  }

  /// A checkpoint's box: what is checked, the component, the rule or route that decided.
  static func node(_ checkpoint: Checkpoint, language: Language = .en) -> Node {
    let state: State
    switch checkpoint.result {
    case .allowed: state = .allowed
    case .denied: state = .denied
    case .skipped: state = .skipped
    case .undetermined: state = .undetermined
    }
    var node = Node(
      title: checkTitle(checkpoint.check, language: language), component: checkpoint.componentId,
      details: ruleDetails(checkpoint, language: language), state: state,
      sentence: checkpoint.note.text(in: language))
    node.check = checkpoint.check
    if case .networkACLEntry(_, let entry)? = checkpoint.rule { node.ruleNumber = entry.ruleNumber }
    return node
  }

  /// `Network ACL, outbound`: a check as a box names it.
  package static func checkTitle(_ check: Checkpoint.Check, language: Language = .en) -> String {
    let message: Message =
      switch check {
      case .securityGroupEgress: .titleSecurityGroupOut
      case .networkACLEgress: .titleNetworkACLOut
      case .routeTable: .titleRouteTable
      case .internetGateway: .titleInternetGateway
      case .natGateway: .titleNATGateway
      case .egressOnlyInternetGateway: .titleEgressOnlyIGW
      case .peeringConnection: .titleVPCPeering
      case .transitGateway: .titleTransitGateway
      case .vpcEndpoint: .titleVPCEndpoint
      case .virtualPrivateGateway: .titleVPNGateway
      case .networkACLIngress: .titleNetworkACLIn
      case .securityGroupIngress: .titleSecurityGroupIn
      case .destination: .titleDestination
      }
    return message.text(in: language)
  }

  /// The rule or route that decided, in two short lines at most.
  static func ruleDetails(_ checkpoint: Checkpoint, language: Language = .en) -> [String] {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    switch checkpoint.rule {
    case .networkACLEntry(_, let entry)?:
      var match =
        entry.protocolMatch == .all ? say(.allProtocols) : entry.protocolMatch.description
      if let ports = entry.ports { match += " \(ports)" }
      return [
        say(
          entry.action == .allow ? .detailRuleAllow : .detailRuleDeny,
          ["rule": "\(entry.displayNumber)"]),
        "\(match) \(entry.cidr)",
      ]
    case .securityGroupRule(_, let rule, _)?:
      return [
        rule.ruleId.map { say(.detailRuleId, ["id": $0]) } ?? say(.detailByTheRule),
        Explanation.rule(rule).text(in: language),
      ]
    case .route(_, let route)?:
      return ["\(route.destination)", "→ \(route.target)"]
    case .transitGatewayRoute(let tableId, let route)?:
      let target =
        route.state == .blackhole ? "blackhole" : route.attachmentIds.joined(separator: ", ")
      return ["\(tableId): \(route.destination)", "→ \(target)"]
    case .connectionTracking?:
      return [say(.detailTracked)]
    case nil:
      switch (checkpoint.check, checkpoint.result) {
      case (.securityGroupIngress, .denied), (.securityGroupEgress, .denied):
        return [say(.detailNoRuleAllows)]
      case (.routeTable, .denied):
        return [say(.detailNoUsableRoute)]
      case (_, .skipped):
        return [say(.detailSameSubnet)]
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
  static func recordLane(
    _ diagnosis: Diagnosis, trace: PathTrace, title: String, language: Language = .en
  ) -> Lane {
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
      Message.laneAsLogged.text(in: language, ["title": title]), diagnosis.checkpoints,
      from: end(record.source), to: end(record.destination), packet: packet, language: language)
  }

  /// The record on its leg, and the records paired with it on theirs.
  static func sayLogged(
    _ diagnosis: Diagnosis, in lanes: inout [Lane], recordLeg: Int, place: (Int, Int) -> String,
    language: Language = .en
  ) {
    let record = diagnosis.observation
    lanes[recordLeg].logged = Message.loggedThisReject.text(
      in: language, ["place": place(record.file, record.line), "eni": record.interfaceId])
    let other = 1 - recordLeg
    let reverse = diagnosis.related.filter { $0.relation == "reverse" }
    if let first = reverse.first {
      let more =
        reverse.count > 1
        ? Message.loggedAndMore.text(in: language, ["count": "\(reverse.count - 1)"]) : ""
      lanes[other].logged = Message.loggedRelated.text(
        in: language,
        [
          "action": first.action.rawValue, "place": place(first.file, first.line),
          "eni": first.interfaceId, "more": more,
        ])
    }
  }

  /// The diagram's title for a REJECT: its cause, and the box that rejected it.
  static func title(_ diagnosis: Diagnosis, language: Language = .en) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let leg = say(diagnosis.role == .response ? .wordReply : .wordRequest)
    var title = say(.diagramTitleReject, ["leg": leg, "cause": diagnosis.cause.rawValue])
    if diagnosis.component != nil {
      title += say(
        .diagramTitleAt,
        [
          "rule": DiagnosisRenderer.ruleText(
            RejectSummary.RuleKey(
              cause: diagnosis.cause, component: diagnosis.component, rule: diagnosis.rule),
            in: language)
        ])
    }
    if diagnosis.cause == .undetermined, !diagnosis.candidates.isEmpty {
      title += say(
        .diagramTitleCandidates,
        [
          "candidates": Explanation.alternatives(
            diagnosis.candidates.map { Explanation($0.rawValue) }
          ).text(in: language)
        ])
    }
    return title + say(.diagramTitleEnd)
  }

  /// `The reply is dropped at acl-… (Network ACL (out), rule * deny).`
  static func blockedTitle(_ lanes: [Lane], language: Language = .en) -> String? {
    for lane in lanes {
      guard let node = lane.nodes.first(where: \.blocks) else { continue }
      let detail = ([node.component == nil ? nil : node.title] + [node.details.first])
        .compactMap { $0 }.joined(separator: Message.listComma.text(in: language))
      let leg = Message.wordRequest.text(in: language)
      return Message.diagramBlocked.text(
        in: language,
        [
          "lane": lane.key == "reply" ? Message.wordReply.text(in: language) : leg,
          "where": node.component ?? node.title, "detail": detail,
        ])
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
  package init(
    logsOnly diagnosis: Diagnosis, place: (Int, Int) -> String = { "line \($1)" },
    language: Language = .en
  ) {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let record = diagnosis.observation
    let role = diagnosis.role ?? .request
    let direction = diagnosis.direction ?? record.flowDirection
    let eni = record.interfaceId
    let ports = [6, 17].contains(record.protocolNumber)
    func address(_ address: IPAddress, _ port: UInt16) -> String {
      ports ? DiagnosisRenderer.endpoint(address, port) : "\(address)"
    }
    func unknown(_ title: Message, _ check: Checkpoint.Check?) -> Node {
      var node = Node(
        title: say(title), component: nil, details: [say(.detailUnknownNoTopology)],
        state: .unknown, sentence: say(.detailRulesUnknown, ["title": say(title)]))
      node.check = check
      return node
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
        title: say(.nodeNetworkInterface), component: eni, details: [eniAddress], state: .end,
        sentence: "\(eni) (\(eniAddress))")
      let remoteNode = Node(
        title: say(.titleOtherEnd), component: nil, details: [remoteAddress], state: .end,
        sentence: remoteAddress)
      let arriving = [
        remoteNode, unknown(.titleNetworkACLIn, .networkACLIngress),
        unknown(.titleSecurityGroupIn, .securityGroupIngress), eniNode,
      ]
      let leaving = [
        eniNode, unknown(.titleSecurityGroupOut, .securityGroupEgress),
        unknown(.titleNetworkACLOut, .networkACLEgress), unknown(.titleRouteTable, .routeTable),
        remoteNode,
      ]
      recordNodes = direction == .ingress ? arriving : leaving
      otherNodes = direction == .ingress ? leaving : arriving
    } else {
      let ends = (
        Node(
          title: say(.titleHost), component: nil, details: [sender], state: .end, sentence: sender),
        Node(
          title: say(.titleHost), component: nil, details: [receiver], state: .end,
          sentence: receiver)
      )
      // Either way: a network ACL check and a security group check of either direction.
      let controls = [
        unknown(.titleNetworkACLEither, .networkACLIngress),
        unknown(.titleSecurityGroupEither, .securityGroupIngress),
      ]
      recordNodes = [ends.0] + controls + [ends.1]
      otherNodes = [ends.1] + controls.reversed() + [ends.0]
    }
    let leg = role == .response ? 1 : 0
    let name = Explanation.protocolName(record.protocolNumber).text(in: language)
    let recordPacket = "\(sender) → \(receiver) \(name)"
    let otherPacket = "\(receiver) → \(sender) \(name)"
    var lanes = [
      Lane(
        title: say(.laneRequest), packet: leg == 0 ? recordPacket : otherPacket, logged: nil,
        nodes: leg == 0 ? recordNodes : otherNodes),
      Lane(
        title: say(.laneReply), packet: leg == 1 ? recordPacket : otherPacket, logged: nil,
        nodes: leg == 1 ? recordNodes : otherNodes),
    ]
    lanes[1].key = "reply"
    // The reverse leg the logs show accepted at this ENI passed its controls there.
    let accepted = diagnosis.related.contains {
      $0.relation == "reverse" && $0.action == .accept && $0.interfaceId == eni
    }
    if accepted {
      for index in lanes[1 - leg].nodes.indices
      where lanes[1 - leg].nodes[index].state == .unknown
        && lanes[1 - leg].nodes[index].check != .routeTable
      {
        lanes[1 - leg].nodes[index].state = .allowed
        lanes[1 - leg].nodes[index].details = [say(.detailAcceptedInLogs)]
      }
      // The reply of an accepted request passes the security groups, which track it.
      if leg == 1,
        let index = lanes[1].nodes.firstIndex(where: {
          $0.check == .securityGroupIngress || $0.check == .securityGroupEgress
        })
      {
        lanes[1].nodes[index].state = .allowed
        lanes[1].nodes[index].details = [
          say(.detailStatefulReplyOf), say(.detailAnAcceptedRequest),
        ]
        lanes[1].nodes[index].sentence = say(.detailStatefulSentence)
      }
    }
    let named: Set<Checkpoint.Check>
    switch diagnosis.cause {
    case .securityGroup: named = [.securityGroupIngress, .securityGroupEgress]
    case .networkACL: named = [.networkACLIngress, .networkACLEgress]
    case .routing: named = [.routeTable]
    case .blockPublicAccess, .afterClose, .undetermined: named = []
    }
    if !named.isEmpty,
      let index = lanes[leg].nodes.firstIndex(where: { $0.check.map(named.contains) == true })
    {
      lanes[leg].nodes[index].state = .denied
      lanes[leg].nodes[index].blocks = true
      lanes[leg].nodes[index].component = diagnosis.component
      lanes[leg].nodes[index].ruleNumber = diagnosis.rule
      lanes[leg].nodes[index].details = [
        diagnosis.rule.map { say(.detailRuleId, ["id": $0 >= 32767 ? "*" : String($0)]) }
          ?? say(.detailNamedByLogs),
        say(.detailIdGiveTopology),
      ]
      lanes[leg].nodes[index].sentence = diagnosis.note.text(in: language)
      // After it, not reached: the receiver, and the controls when their order is known.
      for later in lanes[leg].nodes.indices
      where later > index && (direction != nil || later == lanes[leg].nodes.count - 1) {
        lanes[leg].nodes[later].state = .notReached
      }
      // A request rejected is never answered.
      if leg == 0 {
        lanes[1].nodes = []
        lanes[1].note = say(.laneNoReplyRejected)
      }
    }
    Self.sayLogged(diagnosis, in: &lanes, recordLeg: leg, place: place, language: language)
    if direction == nil, let logged = lanes[leg].logged {
      lanes[leg].logged = say(.loggedNoFlowDirection, ["logged": logged, "eni": eni])
    }
    self.lanes = lanes
    self.title = Self.title(diagnosis, language: language)
    self.language = language
  }
}
