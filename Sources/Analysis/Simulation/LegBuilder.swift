import NetworkPrimitives
import Topology

/// Turns one leg of a conversation at one ENI into records, one per aggregation window.
struct LegBuilder {
  let simulator: Simulator
  let conversation: Conversation
  let index: Int
  let traffic: Traffic
  var records: [SimulatedRecord] = []

  init(simulator: Simulator, conversation: Conversation, index: Int, traffic: Traffic) {
    self.simulator = simulator
    self.conversation = conversation
    self.index = index
    self.traffic = traffic
  }

  /// The leg `role` of the conversation as `interface` logs it. `packet` is the packet at the
  /// ENI (after any address translation).
  mutating func leg(
    at interface: NetworkInterface, packet: Packet, role: FlowRole, accepted: Bool,
    truth: SimulatedRecord.Truth? = nil, path: Int? = nil, late: Bool = false
  ) {
    let window = simulator.window
    let isTCP = conversation.protocolNumber == 6
    var truth = truth
    truth?.role = role
    // A rejected request is retried (SYN retransmissions) but never answered.
    let totalPackets =
      role == .request ? conversation.requestPackets : conversation.responsePackets
    let totalBytes = role == .request ? conversation.requestBytes : conversation.responseBytes
    var start = conversation.start + (role == .response ? 0 : 0)
    var end = conversation.start + max(conversation.duration, 0)
    if late {
      // The reply arrives after the tracking timeout (UDP: 30 s by default; EC2 User Guide,
      // "Connection tracking timeouts").
      start = conversation.start + 40
      end = start
    }
    // A direction that sent no packet has no record: AWS aggregates packets that flowed.
    guard totalPackets > 0 else { return }
    let egress = packet.source == interface.primaryIPv4 || interface.owns(packet.source)
    // Records of one leg: one per window the leg spans.
    var windows: [(Int64, Int64)] = []
    var windowStart = start
    while true {
      let windowEnd = min(end, (windowStart / window + 1) * window - 1)
      windows.append((windowStart, max(windowEnd, windowStart)))
      if windowEnd >= end || !accepted { break }
      windowStart = windowEnd + 1
    }
    // Fewer packets than windows: only windows a packet fell in have a record, the first ones
    // and the last (the first and last packets are at the leg's start and end).
    if windows.count > totalPackets {
      windows = Array(windows.prefix(Int(totalPackets) - 1)) + [windows[windows.count - 1]]
    }
    for (number, (from, to)) in windows.enumerated() {
      let share = totalPackets / Int64(windows.count)
      let packets =
        accepted
        ? share + (number == 0 ? totalPackets % Int64(windows.count) : 0)
        : max(1, min(totalPackets, 3))
      let bytes =
        accepted
        ? totalBytes * packets / max(totalPackets, 1)
        : packets * (conversation.protocolNumber == 6 ? 60 : 40)
      var flags = 0
      if isTCP {
        if number == 0 { flags |= role == .request ? 2 : 18 }
        let last = number == windows.count - 1
        if accepted && last {
          switch conversation.ending {
          case .close, .latePacket: flags |= 1
          case .reset where role == .request: flags |= 4
          default: break
          }
        }
        if !accepted { flags = role == .request ? 2 : 18 }
      }
      records.append(
        record(
          at: interface, packet: packet, egress: egress, start: from, end: to, packets: packets,
          bytes: bytes, accepted: accepted, flags: flags, path: accepted && egress ? path : nil,
          truth: accepted ? nil : truth))
    }
  }

  /// A FIN from the client a window after the connection closed: AWS logs it as REJECT.
  mutating func latePacket(at interface: NetworkInterface, packet: Packet) {
    let start =
      (conversation.start + conversation.duration) / simulator.window * simulator.window
      + simulator.window + 5
    records.append(
      record(
        at: interface, packet: packet, egress: false, start: start, end: start, packets: 1,
        bytes: 40, accepted: false, flags: 1, path: nil,
        truth: SimulatedRecord.Truth(cause: .afterClose, role: .request, component: nil, rule: nil))
    )
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
