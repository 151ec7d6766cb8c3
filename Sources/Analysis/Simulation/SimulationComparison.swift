import NetworkPrimitives
import Topology

/// The flow log of the same traffic under two topologies, record against record
/// (`simulate --compare`): what a change to security groups, network ACLs or routes would do to
/// the log before it is made.
///
/// Records are matched by what identifies them in a log: the ENI, the window's start, and for a
/// record with traffic its addresses, ports, protocol and direction (a NODATA record by its ENI
/// and window alone). Records with the same identity pair in order.
///
/// | Change | When |
/// | --- | --- |
/// | `same` | both logs have the record, with the same action |
/// | `accept-to-reject` | A accepts it, B rejects it |
/// | `reject-to-accept` | A rejects it, B accepts it |
/// | `appears` | only B's log has it (a reply now sent, a leg now reaching an ENI) |
/// | `vanishes` | only A's log has it (a reply no longer sent, a leg no longer reaching an ENI) |
public struct SimulationComparison: Sendable {
  /// What happened to one record between A and B.
  public enum Change: String, CaseIterable, Sendable {
    case same
    case acceptToReject = "accept-to-reject"
    case rejectToAccept = "reject-to-accept"
    case appears
    case vanishes
  }

  /// Which topology a rule is of.
  public enum Side: String, Sendable {
    case a, b
  }

  /// The rule that made a change: the one that rejects the record under `side` (for a record
  /// that appears or vanishes, the one that rejects its conversation's changed record), and,
  /// for a record B accepts, the rule of B that now allows it, where one control decides.
  public struct Reason: Sendable {
    public var side: Side
    public var cause: Cause
    public var role: FlowRole
    public var component: String?
    public var rule: Int?
    /// The record the reason is about, when it is another record of the conversation (a
    /// vanished reply's request): its place in B's log, else A's.
    public var otherLine: (side: Side, line: Int)?
    /// For `reject-to-accept`: what in B allows what A's rule rejected.
    public var allowedBy: Explanation?
  }

  /// One record of either log, or both.
  public struct Row: Sendable {
    public var change: Change
    /// The record and its line (from 1) in A's log, and in B's.
    public var a: (record: SimulatedRecord, line: Int)?
    public var b: (record: SimulatedRecord, line: Int)?
    public var reason: Reason?
    /// The record as either log shows it (B's when both do).
    public let record: SimulatedRecord

    init(
      change: Change, a: (record: SimulatedRecord, line: Int)?,
      b: (record: SimulatedRecord, line: Int)?, record: SimulatedRecord
    ) {
      self.change = change
      self.a = a
      self.b = b
      self.record = record
    }
  }

  public let rows: [Row]

  /// Pairs `a` (the log under topology A) with `b` (under B). `firstLine` is the line of each
  /// log's first record (2 after a header); `window` the aggregation window both were written
  /// with. `topologyB` names the rule of B that allows a record A rejected.
  public init(
    a: [SimulatedRecord], b: [SimulatedRecord], topologyB: Topology, firstLine: Int = 1,
    window: Int64 = 60
  ) {
    var rows: [Row] = []
    var pending: [Key: [Int]] = [:]
    for (index, record) in b.enumerated() {
      pending[Key(record, window: window), default: []].append(index)
    }
    var pairedB = Set<Int>()
    var placeInB: [Int: Int] = [:]
    for (index, record) in a.enumerated() {
      let key = Key(record, window: window)
      if var candidates = pending[key], !candidates.isEmpty {
        let other = candidates.removeFirst()
        pending[key] = candidates
        pairedB.insert(other)
        placeInB[other] = rows.count
        rows.append(
          Row(
            change: Self.change(record, b[other]), a: (record, index + firstLine),
            b: (b[other], other + firstLine), record: b[other]))
      } else {
        rows.append(
          Row(change: .vanishes, a: (record, index + firstLine), b: nil, record: record))
      }
    }
    // B's records A does not have, each after the row of the B record before it.
    var inserted: [(after: Int, row: Row)] = []
    var lastRow = -1
    for (index, record) in b.enumerated() {
      if let row = placeInB[index] {
        lastRow = row
        continue
      }
      guard !pairedB.contains(index) else { continue }
      inserted.append(
        (lastRow, Row(change: .appears, a: nil, b: (record, index + firstLine), record: record)))
    }
    for item in inserted.reversed() { rows.insert(item.row, at: item.after + 1) }
    rows = Self.reasons(rows, topologyB: topologyB)
    self.rows = rows
  }

  /// The rows whose record changed.
  public var changes: [Row] { rows.filter { $0.change != .same } }

  /// A record's identity in a log: its window, not its `start` (the first packet's time, which
  /// another conversation's packets in the same window can move).
  struct Key: Hashable {
    var interfaceId: String
    var window: Int64
    var source: IPAddress?
    var destination: IPAddress?
    var sourcePort: UInt16
    var destinationPort: UInt16
    var protocolNumber: UInt8
    var direction: FlowDirection?

    init(_ record: SimulatedRecord, window: Int64) {
      interfaceId = record.interfaceId
      self.window = record.start / max(window, 1)
      source = record.flow?.source
      destination = record.flow?.destination
      sourcePort = record.flow?.sourcePort ?? 0
      destinationPort = record.flow?.destinationPort ?? 0
      protocolNumber = record.flow?.protocolNumber ?? 0
      direction = record.flow?.direction
    }
  }

  static func change(_ a: SimulatedRecord, _ b: SimulatedRecord) -> Change {
    switch (a.flow?.accepted, b.flow?.accepted) {
    case (true?, false?): .acceptToReject
    case (false?, true?): .rejectToAccept
    default: .same
    }
  }

  /// Each change's reason: the rule that rejects under the side that rejects; for a record
  /// that appears or vanishes, its conversation's changed record's.
  static func reasons(_ rows: [Row], topologyB: Topology) -> [Row] {
    var rows = rows
    let evaluator = SecurityGroupEvaluator(topology: topologyB)
    for index in rows.indices {
      switch rows[index].change {
      case .same, .appears, .vanishes: continue
      case .acceptToReject:
        rows[index].reason = rows[index].b.flatMap { reason(of: $0.record, side: .b) }
      case .rejectToAccept:
        guard let a = rows[index].a, var reason = reason(of: a.record, side: .a) else { continue }
        reason.allowedBy = allowing(a.record, cause: reason.cause, in: topologyB, evaluator)
        rows[index].reason = reason
      }
    }
    // A record that appears or vanishes rejected: its own rule.
    for index in rows.indices {
      if rows[index].change == .appears, let b = rows[index].b, b.record.flow?.accepted == false {
        rows[index].reason = reason(of: b.record, side: .b)
      } else if rows[index].change == .vanishes, let a = rows[index].a,
        a.record.flow?.accepted == false
      {
        rows[index].reason = reason(of: a.record, side: .a)
      }
    }
    // Else it follows its conversation's first change.
    for index in rows.indices
    where (rows[index].change == .appears || rows[index].change == .vanishes)
      && rows[index].reason == nil
    {
      let conversation = rows[index].record.conversation
      guard
        let cause = rows.first(where: {
          ($0.change == .acceptToReject || $0.change == .rejectToAccept)
            && $0.record.conversation == conversation && $0.reason != nil
        }), var reason = cause.reason
      else { continue }
      // The changed record as the log of the topology whose rule rejects it shows it.
      reason.otherLine =
        reason.side == .a
        ? cause.a.map { (Side.a, $0.line) } : cause.b.map { (Side.b, $0.line) }
      rows[index].reason = reason
    }
    return rows
  }

  static func reason(of record: SimulatedRecord, side: Side) -> Reason? {
    guard let truth = record.truth else { return nil }
    return Reason(
      side: side, cause: truth.cause, role: truth.role, component: truth.component,
      rule: truth.rule)
  }

  /// What in B allows the record A's `cause` rejected: the network ACL entry, or the security
  /// group rule (or the connection's state, for a reply), at the record's ENI.
  static func allowing(
    _ record: SimulatedRecord, cause: Cause, in topology: Topology,
    _ evaluator: SecurityGroupEvaluator
  ) -> Explanation? {
    guard let flow = record.flow, let interface = topology.networkInterfaces[record.interfaceId]
    else { return nil }
    let packet = Packet(
      source: flow.source, destination: flow.destination, protocolNumber: flow.protocolNumber,
      sourcePort: flow.sourcePort, destinationPort: flow.destinationPort)
    let egress = flow.direction == .egress
    switch cause {
    case .networkACL:
      guard let acl = evaluator.index.networkACL(forSubnet: interface.subnetId) else { return nil }
      let decision = NetworkACLEvaluator.evaluate(packet, acl: acl, egress: egress)
      guard decision.allowed else { return nil }
      return Explanation(
        Explanation.NetworkACLNote(
          aclId: acl.id, entry: decision.entry, packet: packet, egress: egress, allowed: true))
    case .securityGroup:
      let direction: Direction = egress ? .outbound : .inbound
      guard
        case .allowed(let groupId, let rule) = evaluator.evaluate(
          packet, interface: interface, direction: direction)
      else { return nil }
      return PathTracer.allowedNote(
        groupId: groupId, rule: rule, direction: direction, untrackedReply: false)
    default:
      return nil
    }
  }
}
