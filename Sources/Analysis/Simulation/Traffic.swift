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
  /// How a conversation ends (docs/simulate.md, "The traffic file").
  ///
  /// | Ending | What the flow log shows |
  /// | --- | --- |
  /// | `close` | FIN both ways in the last window (TCP) |
  /// | `reset` | the client resets the connection (RST) |
  /// | `open` | still open when the log ends: no FIN |
  /// | `late-packet` | closed, then one more FIN after `lateDelay`, judged by the ENI that receives it: REJECT after close where the flow was tracked, by the rules where it was not |
  /// | `late-reset` | the same with an RST |
  /// | `reply-after-timeout` | the reply (TCP: more data after the exchange) comes `replyDelay` seconds late; each ENI whose tracking entry has expired judges it as new traffic |
  public enum Ending: String, Hashable, Sendable, CaseIterable {
    case close, reset, open
    case latePacket = "late-packet"
    case lateReset = "late-reset"
    case replyAfterTimeout = "reply-after-timeout"

    /// `late-packet` or `late-reset`: one more packet after the connection closed.
    public var hasLatePacket: Bool { self == .latePacket || self == .lateReset }
  }

  /// Which end sends the late packet of `late-packet` and `late-reset`.
  public enum LateSender: String, Hashable, Sendable, CaseIterable {
    /// The initiator: the packet goes the request's way and the server's ENI logs it.
    case client
    /// The responder: the packet goes the reply's way and the client's ENI logs it.
    case server
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
  /// `reply-after-timeout`: seconds of silence between the request's last packet and the late
  /// reply's first; `nil` is the client ENI's tracking timeout for the protocol plus 10 s.
  public var replyDelay: Int64?
  /// `late-packet`, `late-reset`: seconds from the connection's last packet to the late one;
  /// `nil` is 5 s into the next aggregation window.
  public var lateDelay: Int64?
  public var lateFrom: LateSender
  /// Only the request direction: unsolicited packets (a scan, backscatter) that nothing
  /// answers. The response counts and `ending` are not used.
  public var oneWay: Bool
  /// The `tcp-flags` every packet of a one-way TCP conversation carries (`nil`: 2, SYN).
  public var tcpFlags: Int?

  public init(
    from: String, to: String, protocolNumber: UInt8, port: UInt16? = nil, sourcePort: UInt16? = nil,
    icmpType: Int? = nil, requestPackets: Int64 = 5, requestBytes: Int64 = 420,
    responsePackets: Int64 = 4, responseBytes: Int64 = 1200, start: Int64, duration: Int64 = 1,
    ending: Ending = .close, replyDelay: Int64? = nil, lateDelay: Int64? = nil,
    lateFrom: LateSender = .client, oneWay: Bool = false, tcpFlags: Int? = nil
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
    self.replyDelay = replyDelay
    self.lateDelay = lateDelay
    self.lateFrom = lateFrom
    self.oneWay = oneWay
    self.tcpFlags = tcpFlags
  }
}
