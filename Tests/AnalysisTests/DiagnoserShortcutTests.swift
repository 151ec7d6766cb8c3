import FlowLogs
import NetworkPrimitives
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

  @Test("The shortcut's shape is common in simulated networks, so the comparison means something")
  func exercised() throws {
    var shaped = 0
    var total = 0
    for seed in 0..<60 {
      let (topology, traffic) = RandomNetwork.make(seed: UInt64(seed) &* 104_729 &+ 3)
      let records = try Simulator(topology: topology).simulate(traffic)
      let diagnoser = Diagnoser(topology: topology)
      let index = TopologyIndex(topology)
      for diagnosis in diagnoser.diagnose(RandomNetwork.observations(records, logsOnly: false)) {
        total += 1
        let record = diagnosis.observation
        guard diagnosis.role == .request, diagnosis.direction == .ingress,
          index.owner(of: record.source) == nil,
          let interface = topology.networkInterfaces[record.interfaceId],
          let tracer = diagnoser.tracer
        else { continue }
        let packet = Packet(
          source: record.source, destination: record.destination,
          protocolNumber: record.protocolNumber, sourcePort: record.sourcePort,
          destinationPort: record.destinationPort)
        if !packet.isICMP,
          diagnoser.requestFromOutside(packet, interface: interface, tracer: tracer) != nil
        {
          shaped += 1
        }
      }
    }
    #expect(shaped >= 60, "\(shaped) of \(total) REJECTs took the shortcut")
  }
}
