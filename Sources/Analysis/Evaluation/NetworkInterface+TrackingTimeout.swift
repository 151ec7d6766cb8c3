import Topology

extension NetworkInterface {
  /// `TcpEstablishedTimeout` when the ENI sets none: 432000 s (5 days).
  public static let defaultTCPEstablishedTimeout: Int64 = 432_000
  /// `UdpTimeout` when the ENI sets none: 30 s.
  public static let defaultUDPTimeout: Int64 = 30
  /// The timeout of protocols other than TCP, UDP and ICMP, which no setting changes: 600 s.
  public static let otherProtocolTimeout: Int64 = 600

  /// How long, in seconds, this ENI's security groups keep the tracking entry of an idle flow
  /// of `protocolNumber` that has seen a request and at most one answer: the ENI's own
  /// `ConnectionTrackingConfiguration` when it sets one, else AWS's default. `nil` for ICMP
  /// and ICMPv6, for which AWS documents no timeout (the simulator's entries never expire).
  ///
  /// | Protocol | Default | Set by |
  /// | --- | --- | --- |
  /// | TCP, established | 432000 s | `TcpEstablishedTimeout`, 60–432000 s |
  /// | UDP, one way or one request and response | 30 s | `UdpTimeout`, 30–60 s |
  /// | ICMP, ICMPv6 | none | — |
  /// | other IP protocols | 600 s | — |
  ///
  /// `UdpStreamTimeout` (180 s) applies only once a flow has seen more than one request and
  /// response, which a late first answer has not. Nitro v6 instance types default to 350 s for
  /// TCP; the topology does not say which type an instance is.
  ///
  /// Sources: EC2 API Reference, `ConnectionTrackingConfiguration` (the TCP and UDP timers,
  /// their defaults and ranges); EC2 User Guide, "Amazon EC2 security group connection
  /// tracking" (600 s for protocols other than TCP, UDP and ICMP).
  public func trackingTimeout(protocolNumber: UInt8) -> Int64? {
    switch protocolNumber {
    case 6:
      return connectionTracking?.tcpEstablishedTimeout.map(Int64.init)
        ?? Self.defaultTCPEstablishedTimeout
    case 17:
      return connectionTracking?.udpTimeout.map(Int64.init) ?? Self.defaultUDPTimeout
    case 1, 58:
      return nil
    default:
      return Self.otherProtocolTimeout
    }
  }
}
