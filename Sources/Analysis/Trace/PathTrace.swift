import Messages
import NetworkPrimitives
import Topology

/// The answer to "can A reach B, and can B's replies come back?": both legs, checkpoint by
/// checkpoint, and a verdict.
public struct PathTrace: Hashable, Sendable {
  public var source: TraceEndpoint
  public var destination: TraceEndpoint
  /// The first packet of the flow as the source sends it.
  public var request: Packet
  /// How the source port was chosen, when the user did not give it.
  public var sourcePortNote: Explanation?
  public var forward: [Checkpoint]
  /// Empty when the forward leg does not arrive.
  public var returnLeg: [Checkpoint]
  /// Whether the destination's security groups track the flow (and so let replies out).
  public var tracking: Tracking?

  /// The outcome: the first denial (forward leg first), else the first undetermined check,
  /// else reachable. Computed when asked: `diagnose` reads the legs and never needs its text.
  public var verdict: Verdict {
    for (leg, checkpoints) in [(Leg.forward, forward), (.return, returnLeg)] {
      if let denied = checkpoints.first(where: { $0.result == .denied }) {
        return Verdict(
          reachable: false, code: denied.code, leg: leg,
          note: Explanation(
            leg == .forward ? .requestDroppedAt : .replyDroppedAt,
            ["check": "\(denied.check.rawValue)", "explanation": denied.note]))
      }
    }
    for (leg, checkpoints) in [(Leg.forward, forward), (.return, returnLeg)] {
      if let unknown = checkpoints.first(where: { $0.result == .undetermined }) {
        return Verdict(
          reachable: nil, code: unknown.code, leg: leg,
          note: Explanation(
            .undeterminedAt, ["check": "\(unknown.check.rawValue)", "explanation": unknown.note]))
      }
    }
    return Verdict(
      reachable: true, code: nil, leg: nil,
      note: Explanation(.reachable))
  }

  /// Connection tracking of the flow at the destination ENI.
  public enum Tracking: String, Hashable, Sendable {
    /// Replies are allowed by the connection's state, whatever the rules say.
    case tracked
    /// Allowed by `0.0.0.0/0`/`::/0` rules both ways: replies pass only because a rule allows them.
    case untracked
  }

  /// The outcome of a trace.
  public struct Verdict: Hashable, Sendable {
    /// `true` both legs pass, `false` a check denies, `nil` the model cannot decide.
    public var reachable: Bool?
    public var code: ExplanationCode?
    /// `forward` or `return`: where the path stops.
    public var leg: Leg?
    /// One sentence a person reads, worded in a language when read.
    public var note: Explanation
    /// The sentence in English.
    public var explanation: String { note.text }
  }

  public enum Leg: String, Hashable, Sendable {
    case forward, `return`
  }
}

/// An end of a traced flow: an ENI in the topology (with the address used), an address of a
/// VPC of the topology that no ENI owns, or an address outside every VPC (the internet).
public enum TraceEndpoint: Hashable, Sendable, CustomStringConvertible {
  /// `address` is the ENI's private address the packet carries; `publicAddress` is the public
  /// IPv4 the user named, when they named one.
  case interface(NetworkInterface, address: IPAddress, publicAddress: IPAddress?)
  /// An address inside a CIDR of `vpcId` (and of `subnetId`, when a subnet of the topology
  /// holds it) that no ENI of the topology owns: not the internet, and not an end whose
  /// security groups are known (a stale snapshot, an ENI not collected, a free address).
  case unowned(IPAddress, vpcId: String, subnetId: String?)
  case external(IPAddress)

  public var address: IPAddress {
    switch self {
    case .interface(_, let address, _): return address
    case .unowned(let address, _, _): return address
    case .external(let address): return address
    }
  }

  /// The address the other end sees and sends to.
  public var visibleAddress: IPAddress {
    switch self {
    case .interface(_, let address, let publicAddress): return publicAddress ?? address
    case .unowned(let address, _, _): return address
    case .external(let address): return address
    }
  }

  public var interface: NetworkInterface? {
    if case .interface(let eni, _, _) = self { return eni }
    return nil
  }

  /// The end in English (`TraceRenderer` words it in any language).
  public var description: String {
    switch self {
    case .interface(let eni, let address, let publicAddress):
      return Message.traceEndInterface.text(
        in: .en,
        [
          "eni": eni.id, "address": "\(address)",
          "public": publicAddress.map {
            Message.traceEndPublic.text(in: .en, ["address": "\($0)"])
          } ?? "",
          "instance": eni.instanceId.map {
            Message.traceEndInstance.text(in: .en, ["instance": $0])
          } ?? "",
        ])
    case .unowned(let address, let vpcId, let subnetId):
      return Message.traceEndUnowned.text(
        in: .en, ["address": "\(address)", "place": subnetId ?? vpcId])
    case .external(let address):
      return Message.traceEndOutside.text(in: .en, ["address": "\(address)"])
    }
  }
}
