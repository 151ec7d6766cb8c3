import NetworkPrimitives

/// A flow log record the simulator writes, with what it knows about why.
public struct SimulatedRecord: Hashable, Sendable {
  public var interfaceId: String
  public var accountId: String
  public var vpcId: String?
  public var subnetId: String?
  public var instanceId: String?
  /// `nil` for a NODATA record.
  public var flow: Flow?
  public var start: Int64
  public var end: Int64
  public var region: String?
  /// What rejected it, for a REJECT record: the simulator's ground truth. For a record that
  /// aggregates the REJECTs of several conversations (one flow, one window), the first's.
  public var truth: Truth?
  /// The other truths of an aggregated REJECT, when they differ from `truth`, in order.
  public var otherTruths: [Truth] = []
  /// Index of the conversation it belongs to, for ordering.
  public internal(set) var conversation: Int

  /// The flow fields of a record that saw traffic.
  public struct Flow: Hashable, Sendable {
    public var source: IPAddress
    public var destination: IPAddress
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var protocolNumber: UInt8
    public var packets: Int64
    public var bytes: Int64
    public var accepted: Bool
    public var tcpFlags: Int
    public var direction: FlowDirection
    public var packetSource: IPAddress
    public var packetDestination: IPAddress
    /// `traffic-path` of an accepted egress record; `nil` is `-`.
    public var trafficPath: Int?
  }

  /// The simulator's knowledge of a REJECT: the leg, and the control that dropped it.
  public struct Truth: Hashable, Sendable {
    public var cause: Cause
    public var role: FlowRole
    public var component: String?
    public var rule: Int?
    /// The packets were one-way (`one-way`, an ICMP error or reply): they answer nothing the
    /// ENI asked, so their `role` is only which leg of the traffic file they were.
    public var oneWay = false
  }

  /// The value of field `name` as it appears in a record (`-` when it does not apply).
  public func value(of name: String, version: Int) -> String {
    switch name {
    case "version": return String(version)
    case "account-id": return accountId
    case "interface-id": return interfaceId
    case "vpc-id": return vpcId ?? "-"
    case "subnet-id": return subnetId ?? "-"
    case "instance-id": return instanceId ?? "-"
    case "start": return String(start)
    case "end": return String(end)
    case "region": return region ?? "-"
    case "log-status": return flow == nil ? "NODATA" : "OK"
    default: break
    }
    guard let flow else { return "-" }
    switch name {
    case "srcaddr": return flow.source.description
    case "dstaddr": return flow.destination.description
    case "srcport": return String(flow.sourcePort)
    case "dstport": return String(flow.destinationPort)
    case "protocol": return String(flow.protocolNumber)
    case "packets": return String(flow.packets)
    case "bytes": return String(flow.bytes)
    case "action": return flow.accepted ? "ACCEPT" : "REJECT"
    case "tcp-flags": return String(flow.tcpFlags)
    case "type": return flow.source.isIPv6 ? "IPv6" : "IPv4"
    case "pkt-srcaddr": return flow.packetSource.description
    case "pkt-dstaddr": return flow.packetDestination.description
    case "flow-direction": return flow.direction.rawValue
    case "traffic-path": return flow.trafficPath.map(String.init) ?? "-"
    case "reject-reason": return "-"
    default: return "-"
    }
  }
}
