import NetworkPrimitives
import Topology

/// What the logs show about a REJECT's conversation on its ENI: the facts that leave some
/// readings of the record open and rule others out (docs/diagnosis.md, "Readings").
struct LogEvidence: Sendable {
  /// A related record as the evidence names it: where it is, and its window (a whole
  /// ``FlowObservation`` is copied for nothing on the hot path).
  struct Seen: Sendable {
    var file: Int
    var line: Int
    var start: Int64?
    var end: Int64?

    init(_ record: FlowObservation) {
      file = record.file
      line = record.line
      start = record.start
      end = record.end
    }
  }

  /// The accepted record of the other direction on this ENI that the REJECT may answer: the
  /// latest to start at or before it whose packets no peer shows unanswered; for ICMP, one
  /// whose last packet is at most ``Self/icmpReplyLag`` seconds before the REJECT's first (a
  /// reply follows its request).
  var request: Seen?
  /// An accepted record of the other direction that the REJECT cannot answer, when no other
  /// can: it started after the REJECT, or a peer rejected its packets (never answered).
  var unansweredRequest: Seen?
  /// The last record this ENI accepted of the conversation (either direction) that started at
  /// or before the REJECT: its tracking entry was refreshed then.
  var lastAccepted: Seen?
  /// The last REJECT of this direction on this ENI that started at or before this one. Leaving
  /// the ENI, a reply passes its security groups (by the tracking entry, which it refreshes)
  /// before the network ACL drops it: a run of such REJECTs keeps the entry alive.
  var lastRejectedBefore: Seen?
  /// This direction was accepted on this ENI at or before the REJECT, the same window
  /// included (AWS writes an ACCEPT and a REJECT record for one flow in one window when some
  /// of its packets pass and some do not).
  var acceptedBefore: Bool
  /// This direction's packets were both accepted and rejected: on this ENI, or at a peer
  /// (two kinds of traffic share the tuple: ICMP types, or two flows); or, with equal ports or
  /// ICMP, it carried more packets than the request it would answer.
  var mixed: Bool
  /// Whether the other side could have started this very flow: equal ports (NTP 123↔123,
  /// DNS 53↔53) or ICMP (ports 0/0), so that an earlier request the other way does not prove
  /// this record answers it.
  var symmetric: Bool
  /// Whether the connection may have closed before the REJECT: an accepted record of it on this
  /// ENI (either direction, started at or before it) carries a FIN or an RST, or carries no
  /// flags to tell.
  var mayHaveClosed: Bool
  /// Whether the ENI's accepted records are in the logs at all: a flow log of REJECTs only
  /// (or one not covering the request's time) cannot show the request a reply answers.
  var logsAccepts: Bool
  /// Whether the REJECT's earlier records may be missing: records within the horizon before it
  /// were dropped unread by the diagnosis (``Correlator/Related/historyCut``).
  var historyCut: Bool
  /// Whether the records held can show the REJECT's connection: the ENI's accepted records
  /// are in the logs, and none of those before it were dropped.
  var showsConnections: Bool { logsAccepts && !historyCut }

  /// A reply's first packet follows its request's last within this many seconds (ICMP: AWS
  /// documents no timeout for it, so time is the only tie between an echo and its reply).
  static let icmpReplyLag: Int64 = 10

  init(_ record: FlowObservation, related: Correlator.Related) {
    let start = record.start ?? 0
    let isICMP = record.protocolNumber == 1 || record.protocolNumber == 58
    func precedes(_ other: FlowObservation) -> Bool { (other.start ?? 0) <= start }
    func sameTuple(_ other: FlowObservation, as direction: FlowObservation) -> Bool {
      other.source == direction.source && other.destination == direction.destination
        && other.sourcePort == direction.sourcePort
        && other.destinationPort == direction.destinationPort
    }
    // A request whose packets a peer rejected (and never accepted) was never answered.
    func unanswered(_ request: FlowObservation) -> Bool {
      let atPeers = related.peers.filter { sameTuple($0, as: request) }
      return atPeers.contains { $0.action == .reject }
        && !atPeers.contains { $0.action == .accept }
    }
    var request: FlowObservation? = nil
    var unansweredRequest: FlowObservation? = nil
    for candidate in related.reverse where candidate.action == .accept {
      let answerable =
        precedes(candidate) && !unanswered(candidate)
        && (!isICMP || start - Self.icmpReplyLag <= (candidate.end ?? candidate.start ?? 0))
      if answerable {
        if (request?.start ?? .min) <= (candidate.start ?? 0) { request = candidate }
      } else if unansweredRequest == nil {
        unansweredRequest = candidate
      }
    }
    self.request = request.map(Seen.init)
    self.unansweredRequest = request == nil ? unansweredRequest.map(Seen.init) : nil
    var last: FlowObservation? = nil
    for candidate in related.reverse where candidate.action == .accept && precedes(candidate) {
      if (last?.end ?? last?.start ?? .min) < (candidate.end ?? candidate.start ?? 0) {
        last = candidate
      }
    }
    for candidate in related.same where candidate.action == .accept && precedes(candidate) {
      if (last?.end ?? last?.start ?? .min) < (candidate.end ?? candidate.start ?? 0) {
        last = candidate
      }
    }
    lastAccepted = last.map(Seen.init)
    var lastRejected: FlowObservation? = nil
    for candidate in related.same where candidate.action == .reject && precedes(candidate) {
      if (lastRejected?.end ?? lastRejected?.start ?? .min)
        < (candidate.end ?? candidate.start ?? 0)
      {
        lastRejected = candidate
      }
    }
    lastRejectedBefore = lastRejected.map(Seen.init)
    acceptedBefore = related.same.contains { $0.action == .accept && precedes($0) }
    func closes(_ other: FlowObservation) -> Bool {
      other.action == .accept && precedes(other) && (other.tcpFlags.map { $0 & 0x05 != 0 } ?? true)
    }
    mayHaveClosed = related.reverse.contains(where: closes) || related.same.contains(where: closes)
    symmetric = isICMP || record.sourcePort == record.destinationPort
    // More packets than the request had cannot all be its replies (one reply a request): the
    // other side sent packets of its own on the tuple.
    let outnumbers =
      symmetric
      && (record.packets ?? 0) > (request?.packets ?? .max)
    mixed =
      outnumbers
      || related.same.contains {
        $0.action == .accept && ($0.start ?? 0) <= (record.end ?? start)
          && ($0.end ?? $0.start ?? 0) >= start
      }
      || related.peers.contains { sameTuple($0, as: record) && $0.action == .reject }
    logsAccepts = related.interfaceLogsAccepts
    historyCut = related.historyCut
  }

  /// Seconds of silence on this ENI before the REJECT: from the last packet it accepted of the
  /// conversation to the REJECT's first; `nil` when it accepted none.
  func silence(before record: FlowObservation) -> Int64? {
    guard let last = lastAccepted, let start = record.start else { return nil }
    return max(0, start - (last.end ?? last.start ?? start))
  }

  /// The silence a tracking entry may have seen before the REJECT, if the packets may have
  /// left the ENI: from the later of its last accepted packet and the last REJECT of this
  /// direction (which, as a tracked reply, passed the security groups and refreshed it).
  func trackedSilence(before record: FlowObservation, mayLeave: Bool) -> Int64? {
    guard let silence = silence(before: record) else { return nil }
    guard mayLeave, let rejected = lastRejectedBefore, let start = record.start else {
      return silence
    }
    return min(silence, max(0, start - (rejected.end ?? rejected.start ?? start)))
  }
}

/// How long an ENI's security groups keep a connection's tracking entry after its last packet
/// (EC2 User Guide, "Connection tracking timeouts"; `ConnectionTrackingConfiguration` on the
/// ENI): the bounds the logs and the topology leave.
struct TrackingWindow: Sendable {
  /// Seconds after which the entry may be gone (the shortest timeout possible here); `nil`
  /// when it never expires (AWS documents no ICMP timeout).
  var shortest: Int64?
  /// Seconds after which it is certainly gone; `nil` when never.
  var longest: Int64?
  /// Where the bounds come from, for the note (worded only when a note needs it).
  private let source: Source
  private let protocolNumber: UInt8
  private let stream: Bool

  private enum Source: Sendable {
    /// Set on the ENI (`ConnectionTrackingConfiguration`).
    case set(interfaceId: String, seconds: Int)
    /// AWS's default, the topology not setting it.
    case defaults
    /// No topology: any value AWS allows.
    case anyAllowed
  }

  /// The window for `protocolNumber` at `interface` (`nil`: no topology, so any value AWS
  /// allows). `stream`: a UDP flow that has already seen a reply (`UdpStreamTimeout`).
  init(protocolNumber: UInt8, interface: NetworkInterface?, stream: Bool) {
    self.protocolNumber = protocolNumber
    self.stream = stream
    let tracking = interface?.connectionTracking
    let set: Int? =
      switch protocolNumber {
      case 6: tracking?.tcpEstablishedTimeout
      case 17: stream ? tracking?.udpStreamTimeout : tracking?.udpTimeout
      default: nil
      }
    switch protocolNumber {
    case 6, 17:
      if let interface, let set {
        (shortest, longest) = (Int64(set), Int64(set))
        source = .set(interfaceId: interface.id, seconds: set)
      } else if interface != nil {
        // TCP: the topology does not say whether the instance is a Nitro v6 type.
        (shortest, longest) =
          protocolNumber == 6 ? (350, 432_000) : stream ? (180, 180) : (30, 30)
        source = .defaults
      } else {
        (shortest, longest) =
          protocolNumber == 6 ? (60, 432_000) : stream ? (60, 180) : (30, 60)
        source = .anyAllowed
      }
    case 1, 58:
      (shortest, longest) = (nil, nil)
      source = .defaults
    default:
      (shortest, longest) = (600, 600)
      source = .defaults
    }
  }

  /// How far a record's `start` and `end` may lag its packets: "up to 60 seconds" (VPC User
  /// Guide, "Flow log records").
  static let recordLag: Int64 = 60

  /// How a note names the timeout.
  var text: Explanation {
    let key =
      protocolNumber == 6 ? "TcpEstablishedTimeout" : stream ? "UdpStreamTimeout" : "UdpTimeout"
    switch (protocolNumber, source) {
    case (1, _), (58, _): return Explanation(.timeoutNoneForICMP)
    case (6, .set(let id, let seconds)), (17, .set(let id, let seconds)):
      return Explanation(
        .timeoutSetOnENI, ["seconds": "\(seconds)", "key": "\(key)", "eni": "\(id)"])
    case (6, .defaults): return Explanation(.timeoutTCPDefaults)
    case (6, _): return Explanation(.timeoutTCPAny)
    case (17, .defaults):
      return Explanation(.timeoutUDPDefault, ["key": "\(key)", "seconds": "\(stream ? 180 : 30)"])
    case (17, _): return Explanation(stream ? .timeoutUDPStreamAny : .timeoutUDPAny)
    default: return Explanation(.timeoutOtherProtocols)
    }
  }
}

/// The readings of a REJECT that the logs leave open: what its packets were to its ENI's
/// security groups. With a topology each is evaluated and those under which the topology
/// would have accepted the packet are ruled out; without one, only the logs decide.
struct Readings: Sendable, Equatable {
  /// New traffic, judged by the rules: a request, an unsolicited packet (a scan, backscatter),
  /// or a reply whose tracking entry expired.
  var newTraffic = false
  /// The reply of a request the ENI accepted (``LogEvidence/request``, or one the logs do not
  /// show), which its security groups track.
  var reply = false
  /// A late packet of a TCP connection the ENI accepted (and closed).
  var afterClose = false
  /// Why new traffic is open: the reply of ``LogEvidence/request`` may have outlived its
  /// tracking entry.
  var expired = false
  /// The reply reading has no request in the logs (they show no accepted record of the ENI).
  var unseenRequest = false
  /// A packet after a close the logs cannot show (they hold no accepted record of the ENI, and
  /// no flags say what the packet is): not a reading of its own, a doubt on the others.
  var doubtedClose = false
  /// The after-close reading is open only because the logs cannot show the connection (they
  /// hold no accepted record of the ENI): a reading to keep among the candidates, never an
  /// answer the logs give.
  var closeUnseen = false

  /// The readings the logs leave for `record`, by its TCP flags (when the format has them),
  /// the conversation's records on its ENI and at peers, and how long tracking lasts.
  init(
    _ record: FlowObservation, evidence: LogEvidence, tracking: TrackingWindow,
    direction: FlowDirection?
  ) {
    let silence = evidence.silence(before: record)
    let trackedSilence = evidence.trackedSilence(
      before: record, mayLeave: direction != .ingress)
    let hasRequest = evidence.request != nil
    // Within the longest timeout the request may still be tracked; past the shortest it may
    // not (with no timeout, ICMP, never).
    // A record's start and end may lag its packets by up to a minute (VPC User Guide, "Flow
    // log records": start, end), so a silence read from them is known to within
    // ``TrackingWindow/recordLag`` either way: within that of a timeout, both stay open, and the
    // silence as written only suggests which (``expiredByTiming``).
    let lag = TrackingWindow.recordLag
    let mayBeTracked =
      hasRequest && (tracking.longest.map { (trackedSilence ?? 0) <= $0 + lag } ?? true)
    let mayHaveExpired =
      (hasRequest || evidence.acceptedBefore)
      && (tracking.shortest.map { (silence ?? 0) > $0 - lag } ?? false)
    expiredByTiming =
      (hasRequest || evidence.acceptedBefore)
      && (tracking.shortest.map { (trackedSilence ?? 0) > $0 } ?? false)
    // Without the ENI's accepted records (or with those before it dropped), a reply's request
    // cannot be seen: a record that looks like a reply may still be one.
    let unseen = !hasRequest && !evidence.showsConnections
    let isTCP = record.protocolNumber == 6
    // Logs that hold no accepted record of the ENI (a flow log of REJECTs only) cannot show
    // the connection a TCP packet may have followed the close of: after close stays open for
    // any but a SYN; without flags only as a doubt (most such REJECTs are requests), which
    // lowers a certain answer and joins the candidates of an open one.
    let unseenConnection =
      isTCP && !evidence.showsConnections && (record.tcpFlags.map { $0 & 0x02 == 0 } ?? true)
    defer {
      if unseenConnection {
        if record.tcpFlags != nil {
          closeUnseen = !afterClose
          afterClose = true
        } else if !afterClose {
          doubtedClose = true
        }
      }
    }
    if isTCP, let flags = record.tcpFlags {
      if flags & 0x02 != 0 && flags & 0x10 == 0 {
        // A SYN: the initiator's first packet, new to the ENI.
        newTraffic = true
        return
      }
      if flags & 0x12 == 0x12 {
        // A SYN-ACK: the responder's. Tracked if the ENI accepted its SYN; otherwise (no
        // request in the logs) unsolicited, and new to the groups.
        reply = mayBeTracked || unseen
        unseenRequest = unseen
        newTraffic = !hasRequest || mayHaveExpired
        expired = hasRequest && mayHaveExpired
        replyByTiming = hasRequest && mayBeTracked && mayHaveExpired && !expiredByTiming
        return
      }
      // FIN/RST only, or no flag at all (ACK and data): a packet of an established
      // connection. After this direction was accepted, a late packet after close, or a packet
      // past an expired entry; else the reply of an accepted request (an RST answering a SYN),
      // or, with no request, a packet the groups hold no state for.
      if evidence.acceptedBefore {
        // After close only if the connection may have closed (a FIN or RST accepted before).
        // A live connection's reply is still tracked (only a network ACL changed since, or
        // one the snapshot shows, can refuse it); new traffic only past an expired entry, or
        // with no request the other way.
        afterClose = evidence.mayHaveClosed
        reply = mayBeTracked
        newTraffic = mayHaveExpired || !hasRequest
        expired = hasRequest && mayHaveExpired
        return
      }
      reply = mayBeTracked || unseen
      unseenRequest = unseen
      newTraffic = !hasRequest || mayHaveExpired
      expired = hasRequest && mayHaveExpired
      // The other direction closed (a FIN or RST it sent was accepted): this may be the other
      // end's packet after the close (its own earlier packets past the horizon).
      afterClose = hasRequest && evidence.mayHaveClosed
      replyByTiming =
        hasRequest && mayBeTracked && mayHaveExpired && !expiredByTiming && !afterClose
      return
    }
    // No flags: every reading the timing allows. The reply of an earlier accepted request is
    // proven only when the other side could not have started this flow itself (distinct
    // ports), or nothing else crossed this direction (no accepted or rejected twin); and never
    // after this direction was accepted (then the ACL let this tuple through).
    reply = mayBeTracked || unseen
    unseenRequest = unseen
    // The logs prove the reply when the other side could not have started the same flow
    // (distinct ports), or nothing else crossed this direction (equal ports, ICMP). The
    // topology is asked anyway for equal ports and ICMP: an ICMP record's type is unknown, so
    // where the rules treat an echo reply and other types differently, the answer depends on
    // it.
    provenByLogs =
      mayBeTracked && !mayHaveExpired && !evidence.acceptedBefore
      && (!evidence.symmetric || !evidence.mixed)
    newTraffic = !provenByLogs || evidence.symmetric
    expired = hasRequest && mayHaveExpired
    // A packet after close: after this direction was accepted; or, after a silence long
    // enough for the tracking entry to expire, after the other direction was (the connection
    // may have closed in that silence, which the flags would tell).
    afterClose =
      isTCP && (evidence.acceptedBefore || (mayHaveExpired && evidence.lastAccepted != nil))
    replyByTiming =
      !provenByLogs && mayBeTracked && !expiredByTiming && !evidence.acceptedBefore
      && (!evidence.symmetric || !evidence.mixed) && !afterClose
  }

  /// Whether the logs alone prove the reply reading (``reply``).
  private(set) var provenByLogs = false
  /// Whether the silence as written is past the shortest timeout: the reading timing suggests
  /// where both stay open.
  private(set) var expiredByTiming = false
  /// Without flags, the reply of a request the logs show, but for the records' lag (within a
  /// minute of the shortest timeout): the reply by the silence as written.
  private(set) var replyByTiming = false

  /// Only the reply of a request the logs show is open, by the logs alone.
  var isProvenReply: Bool {
    reply && !unseenRequest && (provenByLogs || !newTraffic) && !afterClose
  }
}

/// How the ENI's controls judge a REJECT under one reading.
enum Verdict: Equatable, Sendable {
  /// Denied: the control that denies (`security-group`, `network-acl`, `routing`, or
  /// `after-close` for a late packet), its component and NACL rule number.
  case denied(Cause, component: String?, rule: Int?)
  /// The topology accepts it: this reading contradicts the record.
  case allowed
  /// A check cannot be made (a prefix list whose entries are not loaded).
  case unknown
}

/// One reading of a REJECT, evaluated against the topology.
struct ReadingOutcome {
  enum Kind: Equatable {
    /// New traffic; for ICMP, of one type and code (flow logs record neither).
    case newTraffic(icmpType: Int?, icmpCode: Int?)
    case reply
    case afterClose
  }

  var kind: Kind
  var decision: Diagnoser.ModelDecision
  var verdict: Verdict

  var isNewTraffic: Bool {
    if case .newTraffic = kind { return true }
    return false
  }

  var cause: Cause {
    switch verdict {
    case .denied(let cause, _, _): cause
    case .allowed, .unknown: .undetermined
    }
  }
}

/// The types and codes under which an ICMP REJECT is judged as new traffic: flow logs record
/// neither, so every type a rule at the ENI names (with its code, and another), the echo
/// request and reply, and one type no rule names.
enum ICMPVariants {
  static func of(
    _ record: FlowObservation, context: InterfaceContext, arriving: Bool?
  ) -> [(type: Int, code: Int)] {
    let isIPv6 = record.protocolNumber == 58
    var variants: [(type: Int, code: Int)] = isIPv6 ? [(128, 0), (129, 0)] : [(8, 0), (0, 0)]
    func add(_ type: Int, _ code: Int) {
      if !variants.contains(where: { $0.type == type && $0.code == code }) {
        variants.append((type, code))
      }
    }
    var namedAny = false
    func name(_ type: Int?, _ code: Int?) {
      guard let type, type >= 0 else { return }
      namedAny = true
      if let code, code >= 0 {
        add(type, code)
        add(type, (code + 1) % 256)
      } else {
        add(type, 0)
      }
    }
    let matches: (ProtocolMatch) -> Bool = { $0.matches(record.protocolNumber) && $0 != .all }
    let directions: [Bool] = arriving.map { [$0] } ?? [true, false]
    for arriving in directions {
      for entry in context.networkACL?.entries(egress: !arriving) ?? []
      where matches(entry.protocolMatch) {
        name(entry.icmpType, entry.icmpCode)
      }
      let rules = arriving ? context.inboundRules : context.outboundRules
      for (_, rule) in rules where matches(rule.protocolMatch) {
        name(rule.icmpType, rule.icmpCode)
      }
    }
    // One type no rule names (destination unreachable, else the first free one). With no
    // rule naming a type, every type but the echo request (whose reply needs a way back) is
    // judged as the echo reply is, and that one stands for them.
    if !namedAny { return variants }
    let taken = Set(variants.map(\.type))
    let spare = (isIPv6 ? [1, 2, 3, 4, 135, 136] : [3, 11, 5, 12, 4, 13]).first {
      !taken.contains($0)
    }
    if let spare { add(spare, 0) }
    return variants
  }
}
