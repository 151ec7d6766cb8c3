import FlowLogs
import NetworkPrimitives
import RandomNetworks
import Testing
import Topology

@testable import Analysis

/// `Diagnoser.requestFromOutside`, the direct decision for the commonest REJECT (a request from
/// outside the topology, denied at the ENI), against the path tracer it stands in for.
@Suite("The diagnoser's shortcut gives the traced decision")
struct DiagnoserShortcutTests {
  @Test("Simulated networks: the same diagnosis with and without the shortcut", arguments: 0..<60)
  func simulated(seed: Int) throws {
    let (topology, traffic) = RandomNetwork.make(seed: UInt64(seed) &* 104_729 &+ 3)
    let records = try Simulator(topology: topology).simulate(traffic)
    let observations = RandomNetwork.observations(records, logsOnly: false)
    let fast = Diagnoser(topology: topology)
    var simple = Diagnoser(topology: topology)
    simple.shortcuts = false
    let fastDiagnoses = fast.diagnose(observations)
    let simpleDiagnoses = simple.diagnose(observations)
    #expect(fastDiagnoses.count == simpleDiagnoses.count)
    for (quick, traced) in zip(fastDiagnoses, simpleDiagnoses) {
      #expect(quick == traced, "seed \(seed) line \(quick.observation.line)")
      #expect(quick.explanation == traced.explanation)
      #expect(quick.checkpoints.map(\.explanation) == traced.checkpoints.map(\.explanation))
    }
  }

  @Test(
    "The request shortcut's shape is common in simulated networks, so the comparison means something"
  )
  func exercised() throws {
    var requests = 0
    var total = 0
    for seed in 0..<60 {
      let (topology, traffic) = RandomNetwork.make(seed: UInt64(seed) &* 104_729 &+ 3)
      let records = try Simulator(topology: topology).simulate(traffic)
      let diagnoser = Diagnoser(topology: topology)
      let index = TopologyIndex(topology)
      for diagnosis in diagnoser.diagnose(RandomNetwork.observations(records, logsOnly: false)) {
        total += 1
        let record = diagnosis.observation
        guard let interface = topology.networkInterfaces[record.interfaceId],
          let tracer = diagnoser.tracer, record.protocolNumber == 6 || record.protocolNumber == 17
        else { continue }
        let sent = Packet(
          source: record.source, destination: record.destination,
          protocolNumber: record.protocolNumber, sourcePort: record.sourcePort,
          destinationPort: record.destinationPort)
        if diagnosis.role == .request, diagnosis.direction == .ingress,
          index.owner(of: record.source) == nil,
          let context = index.context(ofInterface: interface.id),
          diagnoser.requestFromOutside(sent, context: context, tracer: tracer) != nil
        {
          requests += 1
        }
      }
    }
    #expect(requests >= 60, "\(requests) of \(total) REJECTs took the request shortcut")
  }

  /// Every ENI of random networks, against random peers outside the topology: requests in and
  /// replies out, TCP and UDP, IPv4 and IPv6, read as either role and every direction. Both
  /// paths give the same decision, and each shortcut decides a good share of them.
  @Test("Random flows at every ENI: the same decision with and without the shortcuts")
  func everyInterface() {
    var generator = SplitMixRandom(seed: 0x5EED)
    var taken = (requests: 0, replies: 0, compared: 0, vpcPeers: 0)
    for seed in 0..<40 {
      var (topology, _) = RandomNetwork.make(seed: UInt64(seed) &* 7_561 &+ 5)
      if seed % 2 == 1 { Self.restrictEgress(&topology) }
      let fast = Diagnoser(topology: topology)
      var simple = Diagnoser(topology: topology)
      simple.shortcuts = false
      guard let tracer = fast.tracer else { continue }
      for interface in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id }) {
        let own = interface.privateIPv4s + interface.ipv6s
        for _ in 0..<16 {
          guard let address = own.randomElement(using: &generator) else { continue }
          var peer: IPAddress =
            address.isIPv6
            ? .v6(
              UInt128(0x2001_0db8) << 96
                | UInt128(UInt32.random(in: 1...UInt32.max, using: &generator)))
            : .v4(UInt32.random(in: 0x0B00_0000...0xDF00_0000, using: &generator))
          // One peer in four: an IPv4 address of the ENI's own VPC that no ENI owns, which the
          // trace follows as a VPC address, not as the internet (the shortcuts must not apply).
          if case .v4(let base)? = topology.vpcs[interface.vpcId]?.cidrs.first(where: {
            !$0.isIPv6
          })?.network, UInt8.random(in: 0..<4, using: &generator) == 0 {
            let inside = IPAddress.v4(base | UInt32.random(in: 1...250, using: &generator))
            if tracer.index.owner(of: inside) == nil {
              peer = inside
              taken.vpcPeers += 1
            }
          }
          let service: UInt16 =
            [22, 80, 443, 3389, 53, 8080].randomElement(using: &generator) ?? 22
          let client = UInt16.random(in: 1024...65535, using: &generator)
          let proto: UInt8 = Bool.random(using: &generator) ? 6 : 17
          let inbound = FlowObservation(
            file: 0, line: 1, interfaceId: interface.id, source: peer, destination: address,
            sourcePort: client, destinationPort: service, protocolNumber: proto,
            action: .reject)
          var outbound = inbound
          (outbound.source, outbound.destination) = (address, peer)
          (outbound.sourcePort, outbound.destinationPort) = (service, client)
          for record in [inbound, outbound] {
            for role in [FlowRole.request, .response] {
              for direction in [FlowDirection.ingress, .egress, nil] {
                let quick = fast.evaluate(
                  record, role: role, direction: direction)
                let traced = simple.evaluate(
                  record, role: role, direction: direction)
                #expect(
                  quick?.cause == traced?.cause,
                  "\(record) \(role) \(String(describing: direction))")
                #expect(quick?.deniedAt == traced?.deniedAt)
                #expect(quick?.checkpoints == traced?.checkpoints)
                #expect(quick?.note.text == traced?.note.text)
                taken.compared += 1
              }
            }
          }
          let request = Packet(
            source: peer, destination: address, protocolNumber: proto, sourcePort: client,
            destinationPort: service)
          guard let context = tracer.index.context(ofInterface: interface.id) else { continue }
          if fast.requestFromOutside(request, context: context, tracer: tracer) != nil {
            taken.requests += 1
          }
          if fast.replyToOutside(request: request, context: context, tracer: tracer) != nil {
            taken.replies += 1
          }
        }
      }
    }
    #expect(taken.compared > 5000)
    #expect(taken.vpcPeers > 100, "\(taken.vpcPeers) peers inside the VPC")
    #expect(taken.requests > 100, "\(taken.requests) request shortcuts")
    #expect(taken.replies > 20, "\(taken.replies) reply shortcuts")
  }
}

extension DiagnoserShortcutTests {
  /// Every NACL lets out only TCP to ports 0–1023 and UDP to port 53 (then the implicit deny),
  /// so that replies to clients' ephemeral ports are denied on their way out.
  static func restrictEgress(_ topology: inout Topology) {
    for (id, var acl) in topology.networkACLs {
      let anywhere = [CIDR.anyIPv4, CIDR.anyIPv6]
      acl.entries = acl.entries.filter { !$0.egress || $0.isImplicit }
      for (offset, cidr) in anywhere.enumerated() {
        acl.entries.append(
          NetworkACLEntry(
            ruleNumber: 100 + offset, egress: true, action: .allow, protocolMatch: .tcp,
            cidr: cidr, ports: PortRange(from: 0, to: 1023)))
        acl.entries.append(
          NetworkACLEntry(
            ruleNumber: 200 + offset, egress: true, action: .allow, protocolMatch: .udp,
            cidr: cidr, ports: PortRange(from: 53, to: 53)))
      }
      acl.entries.sort { ($0.egress ? 1 : 0, $0.ruleNumber) < ($1.egress ? 1 : 0, $1.ruleNumber) }
      topology.networkACLs[id] = acl
    }
    // And every security group lets in the services the test's peers call, from anywhere, so
    // that requests get in and their replies are judged on the way out.
    for (id, var group) in topology.securityGroups {
      for cidr in [CIDR.anyIPv4, CIDR.anyIPv6] {
        group.inbound.append(
          SecurityGroupRule(
            protocolMatch: .tcp, ports: PortRange(from: 0, to: 9000), peer: .cidr(cidr)))
        group.inbound.append(
          SecurityGroupRule(
            protocolMatch: .udp, ports: PortRange(from: 53, to: 53), peer: .cidr(cidr)))
      }
      topology.securityGroups[id] = group
    }
  }
}
