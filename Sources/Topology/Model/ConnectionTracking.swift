/// Per-ENI connection tracking timeouts (`ConnectionTrackingConfiguration`), in seconds.
public struct ConnectionTracking: Hashable, Sendable {
  public var tcpEstablishedTimeout: Int?
  public var udpStreamTimeout: Int?
  public var udpTimeout: Int?

  public init(
    tcpEstablishedTimeout: Int? = nil, udpStreamTimeout: Int? = nil, udpTimeout: Int? = nil
  ) {
    self.tcpEstablishedTimeout = tcpEstablishedTimeout
    self.udpStreamTimeout = udpStreamTimeout
    self.udpTimeout = udpTimeout
  }
}
