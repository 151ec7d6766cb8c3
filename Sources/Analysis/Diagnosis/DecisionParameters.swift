import Topology

/// The numbers the decision table reads, for those who restate it elsewhere (`flowcause sql`
/// writes it as SQL): each is the value the diagnoser itself uses, not a copy.
package enum DecisionParameters {
  /// Seconds between the starts of two related records (``Correlator/horizon``).
  package static var horizon: Int64 { Correlator.horizon }
  /// An ICMP reply's first packet follows its request's last within this many seconds.
  package static var icmpReplyLag: Int64 { LogEvidence.icmpReplyLag }
  /// Seconds after a REJECT's start by which the streaming diagnoser has read the records it
  /// is decided with (in time order): the horizon and the reordering slack it allows
  /// (``StreamingDiagnoser``, decided once a record starts more than this after it).
  package static var decidedAfter: Int64 { Correlator.horizon + StreamingDiagnoser.defaultSlack }
  /// How far a record's `start` and `end` may lag its packets.
  package static var recordLag: Int64 { TrackingWindow.recordLag }
  /// The ports the role inference ranks as a server's first (``RoleInference/servicePorts``),
  /// in ascending order.
  package static var servicePorts: [UInt16] { RoleInference.servicePorts.sorted() }

  /// The tracking timeouts the logs alone leave (no topology): the shortest and the longest,
  /// `nil` where none applies (ICMP). `stream`: a UDP flow this direction of which was
  /// accepted before.
  package static func logsOnlyTracking(protocolNumber: UInt8, stream: Bool) -> (
    shortest: Int64?, longest: Int64?
  ) {
    let window = TrackingWindow(protocolNumber: protocolNumber, interface: nil, stream: stream)
    return (window.shortest, window.longest)
  }

  /// The tracking timeouts at an ENI of a topology that sets none (AWS's defaults).
  package static func defaultTracking(protocolNumber: UInt8, stream: Bool) -> (
    shortest: Int64?, longest: Int64?
  ) {
    let interface = NetworkInterface(
      id: "", subnetId: "", vpcId: "", privateIPv4s: [], ipv6s: [], publicIPv4s: [],
      securityGroupIds: [], instanceId: nil, interfaceType: "interface", sourceDestCheck: true,
      requesterManaged: false, connectionTracking: nil)
    let window = TrackingWindow(
      protocolNumber: protocolNumber, interface: interface, stream: stream)
    return (window.shortest, window.longest)
  }

  /// The ICMP types (1 ICMP, 58 ICMPv6) whose packets expect a reply (``Packet/expectsReply``).
  package static func icmpQueries(protocolNumber: UInt8) -> [Int] {
    (0...255).filter { Packet.icmpReplyType(protocolNumber: protocolNumber, type: $0) != nil }
  }
}
