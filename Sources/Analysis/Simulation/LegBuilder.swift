import NetworkPrimitives
import Topology

/// Turns the legs of one conversation at the ENIs they reach into records, one per
/// aggregation window a leg has packets in.
///
/// A leg's times, counts and `tcp-flags` follow from which part of the conversation it is
/// (docs/simulate.md, "Windows" and "tcp-flags"):
///
/// | Part | When | Packets, bytes | `tcp-flags` (TCP) |
/// | --- | --- | --- | --- |
/// | request | `start` to `start + duration` | the request's | accepted: 2 first window, \| 1 (FIN) or 4 (RST) last, by the ending; rejected, or a connection that never opens: 2 each record; one-way: `tcpFlags` each record |
/// | response | the same | the response's | accepted: 18 first window, \| 1 last when closed; rejected, or a connection that never opens: 18 each record |
/// | late response (not TCP) | `replyDelay` after the request's last packet | the response's | 0 |
/// | late data (TCP) | `replyDelay` after the exchange's last packet | 1 packet, the response's mean size | 0 |
/// | late packet | `lateDelay` after the last packet | 1 packet, 40 bytes (IPv6 60) | 1 (FIN) or 4 (RST) |
struct LegBuilder {
  let simulator: Simulator
  let conversation: Conversation
  let index: Int
  let traffic: Traffic
  var records: [SimulatedRecord] = []
  /// Whether the TCP connection opens: the request arrives and the SYN-ACK comes back. One that
  /// never opens is a SYN and its retransmissions one way, SYN-ACKs the other: no FIN, no RST.
  var opens = true

  init(simulator: Simulator, conversation: Conversation, index: Int, traffic: Traffic) {
    self.simulator = simulator
    self.conversation = conversation
    self.index = index
    self.traffic = traffic
  }

  /// Which part of the conversation a leg carries.
  enum Part {
    case request
    case response
    /// The whole reply of a non-TCP conversation, `delay` seconds after the request.
    case lateResponse(delay: Int64)
    /// More data from a TCP responder, `delay` seconds after the exchange.
    case lateData(delay: Int64)
    /// The packet after close of `late-packet` or `late-reset`.
    case latePacket

    var role: FlowRole {
      switch self {
      case .request: return .request
      case .response, .lateResponse, .lateData: return .response
      case .latePacket: return .request
      }
    }
  }

  var isTCP: Bool { conversation.protocolNumber == 6 }

  /// Seconds of the conversation's last packet before any late one.
  var exchangeEnd: Int64 { conversation.start + max(conversation.duration, 0) }

  /// The late packet's time: `lateDelay` after the last packet, else 5 s into the next window.
  var latePacketTime: Int64 {
    if let delay = conversation.lateDelay { return exchangeEnd + delay }
    return (exchangeEnd / simulator.window + 1) * simulator.window + 5
  }

  /// `part` of the conversation as `interface` logs it. `packet` is the packet at the ENI
  /// (after any address translation); `truth` is `nil` for an accepted leg.
  mutating func leg(
    _ part: Part, at interface: NetworkInterface, packet: Packet, truth: SimulatedRecord.Truth?,
    role: FlowRole? = nil, path: Int? = nil
  ) {
    let accepted = truth == nil
    var truth = truth
    let role = role ?? part.role
    truth?.role = role
    if case .request = part, conversation.oneWay { truth?.oneWay = true }
    let start: Int64
    let end: Int64
    let totalPackets: Int64
    let totalBytes: Int64
    var first = 0
    var last = 0
    var every = 0
    switch part {
    case .request:
      (start, end) = (conversation.start, exchangeEnd)
      (totalPackets, totalBytes) = (conversation.requestPackets, conversation.requestBytes)
      if conversation.oneWay {
        every = conversation.tcpFlags ?? 2
      } else if !accepted || !opens {
        every = 2
      } else {
        first = 2
        switch conversation.ending {
        case .close, .latePacket, .lateReset: last = 1
        case .reset: last = 4
        case .open, .replyAfterTimeout: break
        }
      }
    case .response:
      (start, end) = (conversation.start, exchangeEnd)
      (totalPackets, totalBytes) = (conversation.responsePackets, conversation.responseBytes)
      if !accepted || !opens {
        every = 18
      } else {
        first = 18
        if conversation.ending == .close || conversation.ending.hasLatePacket { last = 1 }
      }
    case .lateResponse(let delay):
      (start, end) = (exchangeEnd + delay, exchangeEnd + delay)
      (totalPackets, totalBytes) = (conversation.responsePackets, conversation.responseBytes)
    case .lateData(let delay):
      (start, end) = (exchangeEnd + delay, exchangeEnd + delay)
      let headers: Int64 = packet.isIPv6 ? 60 : 40
      totalPackets = 1
      totalBytes = max(
        headers, conversation.responseBytes / max(conversation.responsePackets, 1))
    case .latePacket:
      (start, end) = (latePacketTime, latePacketTime)
      (totalPackets, totalBytes) = (1, packet.isIPv6 ? 60 : 40)
      every = conversation.ending == .lateReset ? 4 : 1
    }
    if !isTCP { (first, last, every) = (0, 0, 0) }
    // A direction that sent no packet has no record: AWS aggregates packets that flowed.
    guard totalPackets > 0 else { return }
    let egress = packet.source == interface.primaryIPv4 || interface.owns(packet.source)
    let windows = Self.windows(
      from: start, to: end, window: simulator.window, packets: totalPackets)
    // Packets shared evenly, the remainder in the first window; bytes in proportion, the
    // rounding remainder in the first window too, so that the records add up to the totals.
    let count = Int64(windows.count)
    var packets = windows.map { _ in totalPackets / count }
    packets[0] += totalPackets % count
    // In 128 bits: a traffic file may give 2^40 bytes and 2^40 packets.
    var bytes = packets.map {
      Int64(Int128(totalBytes) * Int128($0) / Int128(totalPackets))
    }
    bytes[0] += totalBytes - bytes.reduce(0, +)
    for (number, (from, to)) in windows.enumerated() {
      var flags = every
      if number == 0 { flags |= first }
      if number == windows.count - 1 { flags |= last }
      records.append(
        record(
          at: interface, packet: packet, egress: egress, start: from, end: to,
          packets: packets[number], bytes: bytes[number], accepted: accepted, flags: flags,
          path: accepted && egress ? path : nil, truth: truth))
    }
  }

  /// The (first, last) seconds of a leg from `start` to `end` in each window it has packets
  /// in: every window it spans, or, with fewer packets than windows, the first ones and the
  /// last (its first and last packets are at its start and end). A leg of one packet is that
  /// packet, at its start.
  static func windows(from start: Int64, to end: Int64, window: Int64, packets: Int64)
    -> [(Int64, Int64)]
  {
    if packets <= 1 { return [(start, start)] }
    var windows: [(Int64, Int64)] = []
    var windowStart = start
    while true {
      let windowEnd = min(end, (windowStart / window + 1) * window - 1)
      windows.append((windowStart, max(windowEnd, windowStart)))
      if windowEnd >= end { break }
      windowStart = windowEnd + 1
    }
    if windows.count > packets {
      windows = Array(windows.prefix(Int(packets) - 1)) + [windows[windows.count - 1]]
    }
    return windows
  }

  private func record(
    at interface: NetworkInterface, packet: Packet, egress: Bool, start: Int64, end: Int64,
    packets: Int64, bytes: Int64, accepted: Bool, flags: Int, path: Int?,
    truth: SimulatedRecord.Truth?
  ) -> SimulatedRecord {
    // srcaddr/dstaddr show the ENI's primary private IPv4 on its own side (IPv6 as is).
    let own =
      packet.isIPv6
      ? (egress ? packet.source : packet.destination) : (interface.primaryIPv4 ?? packet.source)
    let flow = SimulatedRecord.Flow(
      source: egress ? own : packet.source, destination: egress ? packet.destination : own,
      sourcePort: packet.hasPorts ? packet.sourcePort : 0,
      destinationPort: packet.hasPorts ? packet.destinationPort : 0,
      protocolNumber: packet.protocolNumber, packets: packets, bytes: bytes, accepted: accepted,
      tcpFlags: flags, direction: egress ? .egress : .ingress, packetSource: packet.source,
      packetDestination: packet.destination, trafficPath: path)
    return SimulatedRecord(
      interfaceId: interface.id, accountId: traffic.accountId, vpcId: interface.vpcId,
      subnetId: interface.subnetId, instanceId: interface.instanceId, flow: flow, start: start,
      end: end, region: traffic.region, truth: truth, conversation: index)
  }
}
