import Analysis
import NetworkPrimitives
import Topology

/// Traffic on the network: conversations between its ENIs and internet hosts.
extension NetworkGenerator {
  mutating func traffic(in topology: Topology) -> Traffic {
    let interfaces = topology.networkInterfaces.values.sorted { $0.id < $1.id }
    let count = int(5...20)
    var conversations: [Conversation] = []
    // Two conversations with the same ends would be one flow to AWS (one record per window).
    var ends: Set<String> = []
    var attempts = 0
    while conversations.count < count && attempts < 200 {
      attempts += 1
      guard let conversation = conversation(interfaces, topology: topology) else { continue }
      let key = conversation.loggedEnds(in: topology)
      guard !ends.contains(key) else { continue }
      ends.insert(key)
      conversations.append(conversation)
    }
    return Traffic(conversations: conversations)
  }

  /// Whether a security group rule's peer names `address` (a group: its members' private
  /// addresses).
  static func peer(_ peer: SecurityGroupRule.Peer, matches address: IPAddress, topology: Topology)
    -> Bool
  {
    switch peer {
    case .cidr(let cidr): return cidr.contains(address)
    case .prefixList(let id):
      return topology.prefixLists[id]?.cidrs.contains { $0.contains(address) } ?? false
    case .securityGroup(let id):
      return topology.addresses(ofGroupMembers: id).contains(address)
    }
  }

  mutating func conversation(_ interfaces: [NetworkInterface], topology: Topology)
    -> Conversation?
  {
    let wantIPv6 = dualStack && chance(0.35)
    let from: String
    let to: String
    var server: NetworkInterface? = nil
    switch int(0...9) {
    case 0...3:
      let client = pick(interfaces)
      let receiver = pick(interfaces)
      server = receiver
      guard client.id != receiver.id else { return nil }
      if wantIPv6 {
        guard let source = client.ipv6s.first, let destination = receiver.ipv6s.first else {
          return nil
        }
        (from, to) = (source.description, destination.description)
      } else {
        guard let source = client.primaryIPv4, let destination = receiver.primaryIPv4 else {
          return nil
        }
        (from, to) = (source.description, destination.description)
      }
    case 4...6:
      let client = pick(interfaces)
      if wantIPv6 {
        guard let source = client.ipv6s.first else { return nil }
        (from, to) = (source.description, pick(Self.internetIPv6))
      } else {
        guard let source = client.primaryIPv4 else { return nil }
        (from, to) = (source.description, pick(Self.internetIPv4))
      }
    default:
      let receiver = pick(interfaces)
      server = receiver
      if wantIPv6 {
        guard let destination = receiver.ipv6s.first else { return nil }
        (from, to) = (pick(Self.internetIPv6), destination.description)
      } else {
        guard let destination = receiver.publicIPv4s.first?.publicIP else { return nil }
        (from, to) = (pick(Self.internetIPv4), destination.description)
      }
    }
    let draw = int(0...99)
    let protocolNumber: UInt8 = draw < 60 ? 6 : draw < 85 ? 17 : (wantIPv6 ? 58 : 1)
    var port: UInt16? = nil
    var sourcePort: UInt16? = nil
    if protocolNumber == 6 {
      port = pick([22, 80, 443, 5432, 8080])
    } else if protocolNumber == 17 {
      port = chance(0.7) ? 53 : pick(Self.servicePorts)
    }
    // Clients mostly call ports the server's groups open to them.
    if port != nil, let server, let client = IPAddress(from), chance(0.7) {
      let rules = server.securityGroupIds.compactMap { topology.securityGroups[$0] }
        .flatMap(\.inbound).filter { rule in
          rule.protocolMatch.matches(protocolNumber)
            && Self.peer(rule.peer, matches: client, topology: topology)
        }
      let open = Self.servicePorts.filter { candidate in
        rules.contains { $0.ports.map { $0.contains(candidate) } ?? true }
      }
      if !open.isEmpty { port = pick(open) }
    }
    if port != nil { sourcePort = UInt16(int(32768...60999)) }
    let ending: Conversation.Ending
    let endingDraw = int(0...99)
    if protocolNumber == 6 {
      // A late FIN or a reset exists only in TCP.
      ending =
        endingDraw < 75 ? .close : endingDraw < 90 ? .latePacket : endingDraw < 95 ? .reset : .open
    } else if protocolNumber == 17 {
      // A UDP reply after the tracking timeout is judged by the client's groups as new traffic.
      ending = endingDraw < 75 ? .close : endingDraw < 90 ? .replyAfterTimeout : .open
    } else {
      ending = endingDraw < 90 ? .close : .open
    }
    let requestPackets = Int64(int(1...20))
    let responsePackets = Int64(int(1...20))
    return Conversation(
      from: from, to: to, protocolNumber: protocolNumber, port: port, sourcePort: sourcePort,
      requestPackets: requestPackets, requestBytes: requestPackets * Int64(int(40...1500)),
      responsePackets: responsePackets, responseBytes: responsePackets * Int64(int(40...1500)),
      start: RandomNetwork.epoch + Int64(int(0...300)), duration: pick([1, 5, 20, 45, 90, 150]),
      ending: ending)
  }
}
