/// The numbers the decision table reads, for those who restate it elsewhere (`flowcause sql`
/// writes it as SQL): each is the value the diagnoser itself uses, not a copy.
package enum DecisionParameters {
  /// Seconds between the starts of two related records (``Correlator/horizon``).
  package static var horizon: Int64 { Correlator.horizon }
  /// An ICMP reply's first packet follows its request's last within this many seconds.
  package static var icmpReplyLag: Int64 { LogEvidence.icmpReplyLag }
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
}
