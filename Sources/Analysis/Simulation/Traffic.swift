/// Conversations to simulate: who talks to whom, how much, when, and how it ends.
///
/// Read by the CLI from a traffic file (docs/simulate.md); built directly by tests.
public struct Traffic: Hashable, Sendable {
  public var conversations: [Conversation]
  /// Write a NODATA record, each window, for every ENI of the topology that saw no traffic.
  public var nodata: Bool
  /// The `account-id` of the records.
  public var accountId: String
  /// The `region` of the records, when the format asks for it.
  public var region: String?

  public init(
    conversations: [Conversation], nodata: Bool = false, accountId: String = "111122223333",
    region: String? = nil
  ) {
    self.conversations = conversations
    self.nodata = nodata
    self.accountId = accountId
    self.region = region
  }
}

/// One flow: the initiator `from` talks to `to`.
public struct Conversation: Hashable, Sendable {
  /// How a conversation ends.
  ///
  /// | Ending | What the flow log shows |
  /// | --- | --- |
  /// | `close` | FIN both ways in the last window (TCP) |
  /// | `reset` | the client resets the connection (RST) |
  /// | `open` | still open when the log ends: no FIN |
  /// | `late-packet` | closed, then one more FIN from the client a window later, which AWS logs as REJECT (a packet after the connection closed) |
  /// | `reply-after-timeout` | the reply arrives after the connection-tracking timeout, so the client's security groups judge it as new inbound traffic |
  public enum Ending: String, Hashable, Sendable, CaseIterable {
    case close, reset, open
    case latePacket = "late-packet"
    case replyAfterTimeout = "reply-after-timeout"
  }

  public var from: String
  public var to: String
  public var protocolNumber: UInt8
  public var port: UInt16?
  public var sourcePort: UInt16?
  public var icmpType: Int?
  /// Packets and bytes of the request direction and the response direction.
  public var requestPackets: Int64
  public var requestBytes: Int64
  public var responsePackets: Int64
  public var responseBytes: Int64
  /// Unix seconds of the first packet, and how long the conversation lasts.
  public var start: Int64
  public var duration: Int64
  public var ending: Ending

  public init(
    from: String, to: String, protocolNumber: UInt8, port: UInt16? = nil, sourcePort: UInt16? = nil,
    icmpType: Int? = nil, requestPackets: Int64 = 5, requestBytes: Int64 = 420,
    responsePackets: Int64 = 4, responseBytes: Int64 = 1200, start: Int64, duration: Int64 = 1,
    ending: Ending = .close
  ) {
    self.from = from
    self.to = to
    self.protocolNumber = protocolNumber
    self.port = port
    self.sourcePort = sourcePort
    self.icmpType = icmpType
    self.requestPackets = requestPackets
    self.requestBytes = requestBytes
    self.responsePackets = responsePackets
    self.responseBytes = responseBytes
    self.start = start
    self.duration = duration
    self.ending = ending
  }
}
