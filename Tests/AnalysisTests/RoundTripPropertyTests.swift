import Analysis
import Foundation
import NetworkPrimitives
import RandomNetworks
import Testing
import Topology

/// Property tests over seeded random networks (``RandomNetwork``): the simulator writes the
/// records AWS would write and knows why each REJECT happened; the diagnoser, given the same
/// records, must name the same cause.
///
/// A failure prints the seed and the record, and writes a shrunk scenario folder to
/// `.build/roundtrip-failures/seed-<N>/` (`flowcause scenario run seed-<N> --scenarios
/// .build/roundtrip-failures` replays it).
@Suite("Round trip: the diagnoser names the cause the simulator gave each REJECT")
struct RoundTripPropertyTests {
  /// Seeds 1…4000 in 8 batches, which run in parallel (about 29,000 REJECTs; 10 s in debug
  /// on two cores).
  static let batches: [ClosedRange<UInt64>] = (0..<UInt64(8)).map { (batch: UInt64) in
    let first: UInt64 = batch * 500 + 1
    return first...(first + 499)
  }

  /// What is wrong with one diagnosis.
  struct Failure: CustomStringConvertible {
    enum Variant: String {
      case withTopology = "with the topology"
      case logsOnly = "logs only (v2)"
    }

    var variant: Variant
    /// The failure class: the same for every instance of one mistake.
    var signature: String
    var item: RoundTripCase
    var detail: String

    var description: String { "\(variant.rawValue): \(signature)" }
  }

  /// Failure classes that are known and not fixed yet: the variant, the signature, a name.
  static let knownIssues: [(variant: Failure.Variant, signature: String, name: String)] = []

  // MARK: - Checks

  static func failures(_ trip: RoundTrip, topology: Topology, variant: Failure.Variant)
    -> [Failure]
  {
    var result: [Failure] = []
    for item in trip.cases {
      let truth = item.truth
      switch variant {
      case .withTopology:
        let diagnosis = item.withTopology
        // Undetermined is honest when the truth is among the candidates: an ICMP REJECT whose
        // cause depends on its type, which flow logs do not record.
        if diagnosis.cause == .undetermined && diagnosis.candidates.contains(truth.cause) {
          continue
        }
        if diagnosis.cause != truth.cause {
          result.append(
            Failure(
              variant: variant,
              signature:
                "true cause \(truth.cause.rawValue) (\(truth.role.rawValue)) diagnosed as \(diagnosis.cause.rawValue)",
              item: item, detail: describe(diagnosis)))
        } else if truth.cause == .networkACL
          && (diagnosis.component != truth.component || diagnosis.rule != truth.rule)
          // An ICMP record carries no type: where the entry depends on it, the diagnosis names
          // one at medium (the ACL is still checked).
          && !(diagnosis.confidence != .high && diagnosis.component == truth.component
            && (item.record.flow?.protocolNumber == 1 || item.record.flow?.protocolNumber == 58))
        {
          result.append(
            Failure(
              variant: variant, signature: "network-acl with the wrong ACL or entry", item: item,
              detail: describe(diagnosis)))
        } else if truth.cause == .securityGroup {
          let groups = topology.networkInterfaces[item.record.interfaceId]?.securityGroupIds
            .joined(separator: ", ")
          if diagnosis.component != truth.component || diagnosis.component != groups {
            result.append(
              Failure(
                variant: variant, signature: "security-group with the wrong groups", item: item,
                detail: describe(diagnosis) + "; the ENI's groups: \(groups ?? "none")"))
          }
        }
      case .logsOnly:
        let diagnosis = item.logsOnly
        if diagnosis.confidence == .high && diagnosis.cause != truth.cause {
          result.append(
            Failure(
              variant: variant,
              signature:
                "true cause \(truth.cause.rawValue) (\(truth.role.rawValue)) diagnosed as \(diagnosis.cause.rawValue) at high confidence",
              item: item, detail: describe(diagnosis)))
        }
      }
    }
    return result
  }

  static func describe(_ diagnosis: Diagnosis) -> String {
    var text = "diagnosis: \(diagnosis.cause.rawValue) \(diagnosis.confidence.rawValue)"
    if let component = diagnosis.component { text += " \(component)" }
    if let rule = diagnosis.rule { text += " rule \(rule)" }
    text +=
      ", role \(diagnosis.role?.rawValue ?? "?") by \(diagnosis.roleEvidence?.rawValue ?? "-")"
    text += ", direction \(diagnosis.direction?.rawValue ?? "?")"
    return text + ": \(diagnosis.explanation)"
  }

  static func describe(_ item: RoundTripCase) -> String {
    let truth = item.truth
    var text =
      "record \(item.line): "
      + RandomNetwork.line(item.record, fields: RandomNetwork.scenarioFields, version: 5)
    text += "\n  truth: \(truth.cause.rawValue) \(truth.role.rawValue)"
    if let component = truth.component { text += " \(component)" }
    if let rule = truth.rule { text += " rule \(rule)" }
    return text
  }

  // MARK: - Running seeds

  /// Runs `seeds` and records one issue per failure class (a known issue for the classes in
  /// `knownIssues`), naming every failing seed and showing the first one's record, with a
  /// shrunk scenario folder for it. Returns the number of REJECTs checked.
  static func check(seeds: ClosedRange<UInt64>, variant: Failure.Variant) throws -> Int {
    var cases = 0
    var classes: [String] = []
    var examples: [String: (seed: UInt64, failure: Failure, network: (Topology, Traffic))] = [:]
    var counts: [String: [UInt64]] = [:]
    for seed in seeds {
      let (topology, traffic) = RandomNetwork.make(seed: seed)
      let trip = try RandomNetwork.roundTrip(topology: topology, traffic: traffic)
      cases += trip.cases.count
      for failure in failures(trip, topology: topology, variant: variant) {
        if examples[failure.signature] == nil {
          classes.append(failure.signature)
          examples[failure.signature] = (seed, failure, (topology, traffic))
        }
        if counts[failure.signature]?.last != seed {
          counts[failure.signature, default: []].append(seed)
        }
      }
    }
    for signature in classes {
      guard let example = examples[signature], let failing = counts[signature] else { continue }
      let folder = writeFailure(
        seed: example.seed, failure: example.failure, topology: example.network.0,
        traffic: example.network.1)
      let seedList =
        failing.prefix(12).map(String.init).joined(separator: ", ")
        + (failing.count > 12 ? ", …" : "")
      let message = """
        \(example.failure) — \(failing.count) seed(s): \(seedList)
          seed \(example.seed) \(describe(example.failure.item))
          \(example.failure.detail)
          scenario (shrunk): \(folder)
        """
      if let known = knownIssues.first(where: {
        $0.variant == variant && $0.signature == signature
      }) {
        withKnownIssue(Comment(rawValue: known.name)) {
          Issue.record(Comment(rawValue: message))
        }
      } else {
        Issue.record(Comment(rawValue: message))
      }
    }
    return cases
  }

  /// The package's `.build/roundtrip-failures/`.
  static let failureRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(".build/roundtrip-failures")

  /// Shrinks the failure and writes its scenario folder; returns the folder's path.
  static func writeFailure(
    seed: UInt64, failure: Failure, topology: Topology, traffic: Traffic
  ) -> String {
    func fails(_ topology: Topology, _ traffic: Traffic) -> Bool {
      guard let trip = try? RandomNetwork.roundTrip(topology: topology, traffic: traffic) else {
        return false
      }
      return failures(trip, topology: topology, variant: failure.variant).contains {
        $0.signature == failure.signature
      }
    }
    let (smallTopology, smallTraffic) = RandomNetwork.shrink(
      topology: topology, traffic: traffic, while: fails)
    let folder = failureRoot.appendingPathComponent("seed-\(seed)")
    guard let trip = try? RandomNetwork.roundTrip(topology: smallTopology, traffic: smallTraffic),
      let shrunk = failures(trip, topology: smallTopology, variant: failure.variant).first(where: {
        $0.signature == failure.signature
      })
    else { return "(not written)" }
    let readme = """
      # Round-trip failure, seed \(seed)

      \(failure.variant.rawValue): \(failure.signature)

      Shrunk from RandomNetwork.make(seed: \(seed)) to \(smallTraffic.conversations.count) \
      conversation(s) and \(smallTopology.networkInterfaces.count) ENI(s).

      ```
      \(describe(shrunk.item))
        \(shrunk.detail)
      ```

      Record \(shrunk.item.line) is line \(shrunk.item.line) of `flows-v2.log` and line \
      \(shrunk.item.line + 1) of `flows.log` (after its header).

      Replay: `flowcause scenario check seed-\(seed) --scenarios .build/roundtrip-failures`
      (with the topology), or `flowcause diagnose flows-v2.log` (logs only, default format).
      `flowcause simulate --topology topology --traffic traffic.json` writes the records again.

      """
    do {
      try RandomNetwork.writeScenario(
        at: folder, topology: smallTopology, traffic: smallTraffic, trip: trip, readme: readme)
    } catch {
      return "(not written: \(error))"
    }
    return folder.path
  }

  // MARK: - Tests

  @Test(
    "With the topology, every REJECT is diagnosed with its true cause, NACL entry and security groups",
    arguments: batches)
  func withTopology(seeds: ClosedRange<UInt64>) throws {
    let cases = try Self.check(seeds: seeds, variant: .withTopology)
    #expect(cases > seeds.count * 4, "too few REJECTs: \(cases) in \(seeds.count) seeds")
  }

  @Test(
    "From the logs alone, no diagnosis at high confidence names a cause other than the true one",
    arguments: batches)
  func logsOnly(seeds: ClosedRange<UInt64>) throws {
    _ = try Self.check(seeds: seeds, variant: .logsOnly)
  }

  @Test("The generated networks reject traffic for every cause the simulator knows")
  func everyCause() throws {
    var counts: [Cause: Int] = [:]
    for seed in UInt64(1)...200 {
      let (topology, traffic) = RandomNetwork.make(seed: seed)
      for item in try RandomNetwork.roundTrip(topology: topology, traffic: traffic).cases {
        counts[item.truth.cause, default: 0] += 1
      }
    }
    for cause in [Cause.securityGroup, .networkACL, .routing, .afterClose] {
      #expect(counts[cause, default: 0] >= 10, "\(cause.rawValue): \(counts[cause, default: 0])")
    }
  }

  @Test("The same seed gives the same network and traffic")
  func deterministic() {
    for seed in [UInt64(1), 7, 1234] {
      let (first, firstTraffic) = RandomNetwork.make(seed: seed)
      let (second, secondTraffic) = RandomNetwork.make(seed: seed)
      #expect(firstTraffic == secondTraffic)
      #expect(first.networkACLs == second.networkACLs)
      #expect(first.securityGroups == second.securityGroups)
      #expect(first.networkInterfaces == second.networkInterfaces)
      #expect(first.routeTables == second.routeTables)
    }
    #expect(RandomNetwork.make(seed: 1).1 != RandomNetwork.make(seed: 2).1)
  }

  @Test("A generated network written in the native format loads back into the same model")
  func nativeRoundTrip() throws {
    for seed in UInt64(1)...40 {
      let (topology, _) = RandomNetwork.make(seed: seed)
      let bytes = RandomNetwork.json(RandomNetwork.nativeDocument(topology, description: "test"))
      let loaded = try TopologyLoader().load(documents: [
        TopologyDocument(name: "topology.json", bytes: Array(bytes))
      ])
      #expect(loaded.warnings.isEmpty, "seed \(seed): \(loaded.warnings)")
      #expect(loaded.vpcs == topology.vpcs, "seed \(seed)")
      #expect(loaded.subnets == topology.subnets, "seed \(seed)")
      #expect(loaded.networkACLs == topology.networkACLs, "seed \(seed)")
      #expect(loaded.securityGroups == topology.securityGroups, "seed \(seed)")
      #expect(loaded.networkInterfaces == topology.networkInterfaces, "seed \(seed)")
      #expect(loaded.prefixLists == topology.prefixLists, "seed \(seed)")
      #expect(loaded.natGateways == topology.natGateways, "seed \(seed)")
      #expect(loaded.internetGateways == topology.internetGateways, "seed \(seed)")
      #expect(
        loaded.routeTables.mapValues(Self.withoutOrigins)
          == topology.routeTables.mapValues(Self.withoutOrigins), "seed \(seed)")
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
}
