import Analysis
import FlowLogs
import Foundation
import NetworkPrimitives
import RandomNetworks
import Testing
import Topology

/// The generator behind the differential (``NetworkSample``): a seed is a complete bug report,
/// its networks load back from the scenario folders it writes, and the draws cover what the
/// differential claims to test.
@Suite("The differential's networks and traffic")
struct NetworkSampleTests {
  @Test("The same seed gives the same network, snapshot, traffic and layout")
  func deterministic() {
    for seed in [UInt64(1), 7, 1234] {
      let first = NetworkSample(seed: seed)
      let second = NetworkSample(seed: seed)
      #expect(first.traffic == second.traffic)
      #expect(first.kinds == second.kinds)
      #expect(first.layout == second.layout)
      #expect(first.window == second.window)
      #expect(first.network.networkACLs == second.network.networkACLs)
      #expect(first.network.securityGroups == second.network.securityGroups)
      #expect(first.network.networkInterfaces == second.network.networkInterfaces)
      #expect(first.network.routeTables == second.network.routeTables)
      #expect(first.snapshot.prefixLists == second.snapshot.prefixLists)
    }
    #expect(NetworkSample(seed: 1).traffic != NetworkSample(seed: 2).traffic)
  }

  @Test("A generated network written in the native format loads back into the same model")
  func nativeRoundTrip() throws {
    for seed in UInt64(1)...60 {
      let sample = NetworkSample(seed: seed)
      for topology in [sample.network, sample.snapshot] {
        let text = NativeDocument.json(NativeDocument.topology(topology, description: "test"))
        let loaded = try TopologyLoader().load(documents: [
          TopologyDocument(name: "topology.json", bytes: Array(text.utf8))
        ])
        // The one warning a generated network may have: a prefix list without its entries.
        let unexpected = loaded.warnings.filter { !$0.message.contains("entries are not loaded") }
        #expect(unexpected.isEmpty, "seed \(seed): \(unexpected)")
        #expect(loaded.vpcs == topology.vpcs, "seed \(seed)")
        #expect(loaded.subnets == topology.subnets, "seed \(seed)")
        #expect(loaded.networkACLs == topology.networkACLs, "seed \(seed)")
        #expect(loaded.securityGroups == topology.securityGroups, "seed \(seed)")
        #expect(loaded.networkInterfaces == topology.networkInterfaces, "seed \(seed)")
        #expect(loaded.instances == topology.instances, "seed \(seed)")
        #expect(loaded.prefixLists == topology.prefixLists, "seed \(seed)")
        #expect(loaded.natGateways == topology.natGateways, "seed \(seed)")
        #expect(loaded.internetGateways == topology.internetGateways, "seed \(seed)")
        #expect(
          loaded.egressOnlyInternetGateways == topology.egressOnlyInternetGateways, "seed \(seed)")
        #expect(loaded.peeringConnections == topology.peeringConnections, "seed \(seed)")
        #expect(loaded.vpcEndpoints == topology.vpcEndpoints, "seed \(seed)")
        #expect(
          loaded.routeTables.mapValues(Self.withoutOrigins)
            == topology.routeTables.mapValues(Self.withoutOrigins), "seed \(seed)")
      }
    }
  }

  static func withoutOrigins(_ table: RouteTable) -> RouteTable {
    var table = table
    table.routes = table.routes.map { route in
      var route = route
      route.origin = nil
      return route
    }
    return table
  }

  @Test("Over 200 seeds the draws cover every kind, cause, format and network feature")
  func coverage() throws {
    var kinds: Set<TrafficKind> = []
    var causes: [Cause: Int] = [:]
    var features: Set<String> = []
    for seed in UInt64(1)...200 {
      let sample = NetworkSample(seed: seed)
      let run = try DifferentialRun(
        sample, modes: [DiagnosisMode(withTopology: true, version: .v5)])
      #expect(run.problems.isEmpty, "seed \(seed): \(run.problems)")
      kinds.formUnion(sample.kinds)
      for judgement in run.judgements { causes[judgement.truth.cause, default: 0] += 1 }
      let network = sample.network
      if network.vpcs.count > 1 { features.insert("several VPCs") }
      if network.vpcs.values.contains(where: { $0.cidrs.contains(where: \.isIPv6) }) {
        features.insert("dual-stack")
      }
      if !network.peeringConnections.isEmpty { features.insert("peering") }
      if network.internetGateways.values.contains(where: \.attachedVpcIds.isEmpty) {
        features.insert("detached internet gateway")
      }
      if network.routeTables.values.flatMap(\.routes).contains(where: { $0.state == .blackhole }) {
        features.insert("blackhole route")
      }
      if !network.natGateways.isEmpty { features.insert("NAT gateway") }
      if !network.egressOnlyInternetGateways.isEmpty { features.insert("egress-only gateway") }
      if network.networkInterfaces.values.contains(where: { $0.connectionTracking != nil }) {
        features.insert("connection tracking")
      }
      if network.networkInterfaces.values.contains(where: { $0.securityGroupIds.count == 3 }) {
        features.insert("three groups")
      }
      if sample.snapshot.prefixLists.values.contains(where: { !$0.entriesKnown }) {
        features.insert("prefix list without entries")
      }
      if !network.transitGateways.isEmpty {
        features.insert("transit gateway")
        // A REJECT between two VPCs attached to it: the differential judges diagnoses there.
        let attached = Set(network.transitGatewayAttachments.values.map(\.resourceId))
        let vpcOf = { (address: IPAddress) in
          network.vpcs.values.first { $0.cidrs.contains { $0.contains(address) } }?.id
        }
        if run.judgements.contains(where: { judgement in
          let record = judgement.diagnosis.observation
          guard let from = vpcOf(record.source), let to = vpcOf(record.destination) else {
            return false
          }
          return from != to && attached.contains(from) && attached.contains(to)
        }) {
          features.insert("REJECT across a transit gateway")
        }
      }
      if !sample.layout.isStandard { features.insert("custom order") }
      if sample.layout.header { features.insert("header line") }
      if sample.window == 600 { features.insert("600 s windows") }
    }
    #expect(
      kinds == Set(TrafficKind.allCases), "missing: \(Set(TrafficKind.allCases).subtracting(kinds))"
    )
    for cause in [Cause.securityGroup, .networkACL, .routing, .afterClose] {
      #expect(causes[cause, default: 0] >= 10, "\(cause.rawValue): \(causes[cause, default: 0])")
    }
    let expected: Set<String> = [
      "several VPCs", "dual-stack", "peering", "detached internet gateway", "blackhole route",
      "NAT gateway", "egress-only gateway", "connection tracking", "three groups",
      "prefix list without entries", "custom order", "header line", "600 s windows",
      "transit gateway", "REJECT across a transit gateway",
    ]
    #expect(features == expected, "missing: \(expected.subtracting(features).sorted())")
  }

  @Test("docs/diagnosis.md names every traffic kind")
  func documentedKinds() throws {
    let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "docs/diagnosis.md")
    let text = try String(contentsOf: page, encoding: .utf8)
    let missing = TrafficKind.allCases.map(\.rawValue).filter { !text.contains("`\($0)`") }
    #expect(missing.isEmpty, "not in docs/diagnosis.md: \(missing)")
  }

  @Test("Each format family is read back with the fields it was written with")
  func formats() throws {
    for seed in UInt64(1)...40 {
      let layout = NetworkSample(seed: seed).layout
      for version in LogLayout.Version.allCases {
        let format = layout.format(version)
        #expect((format.index(of: "tcp-flags") != nil) == version.hasTCPFlags, "seed \(seed)")
        #expect((format.index(of: "flow-direction") != nil) == (version == .v5), "seed \(seed)")
        if layout.givenFormat(version) == nil && !layout.header {
          #expect(format == .defaultV2, "seed \(seed) \(version.rawValue)")
        }
      }
    }
  }
}
