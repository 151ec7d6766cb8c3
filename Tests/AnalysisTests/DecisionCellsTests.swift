import FlowLogs
import Foundation
import NetworkPrimitives
import RandomNetworks
import Testing
import Topology

@testable import Analysis

/// `diagnose --output summary` (and the text output) decides a REJECT without related records
/// once for every REJECT alike (``VerdictMemo``): alike means the same ENI, protocol, flags,
/// direction and other evidence, and addresses and ports in the same cells (``DecisionCells``).
/// That is only right if nothing in the decision tells two addresses or ports of one cell
/// apart. These tests move each REJECT's addresses and ports to other values of their cells and
/// decide it again from scratch: the verdict must not change. Then the memo itself, warmed by
/// the REJECTs before, must give every REJECT the verdict deciding it gives.
@Suite("Decisions shared by REJECTs alike are the decisions each would get")
struct DecisionCellsTests {
  struct Tally {
    var rejects = 0
    var keyed = 0
    var variants = 0
    var hits = 0
  }

  /// The words a summary counts and `--fields` writes, as one string.
  static func words(_ verdict: Diagnosis.Words) -> String {
    [
      verdict.cause.rawValue, verdict.confidence.rawValue, verdict.component ?? "-",
      verdict.rule.map(String.init) ?? "-", verdict.direction?.rawValue ?? "-",
      verdict.role?.rawValue ?? "-", verdict.code?.rawValue ?? "-",
      verdict.candidates.map(\.rawValue).joined(separator: ","),
    ].joined(separator: " ")
  }

  /// A value of `address`'s cell: its ends, or a random one between them.
  static func moved(
    _ address: IPAddress, cells: DecisionCells, random: inout SplitMixRandom
  ) -> IPAddress {
    let (low, high) = cells.bounds(of: address)
    switch (low, high) {
    case (.v4(let low), .v4(let high)):
      switch random.next() % 3 {
      case 0: return .v4(low)
      case 1: return .v4(high)
      default:
        return .v4(low &+ UInt32(truncatingIfNeeded: random.next() % (UInt64(high - low) + 1)))
      }
    case (.v6(let low), .v6(let high)):
      switch random.next() % 3 {
      case 0: return .v6(low)
      case 1: return .v6(high)
      default:
        let span = high - low
        let draw = UInt128(random.next()) << 64 | UInt128(random.next())
        return .v6(span == .max ? draw : low + draw % (span + 1))
      }
    default: return address
    }
  }

  static func moved(_ port: UInt16, cells: DecisionCells, random: inout SplitMixRandom) -> UInt16 {
    let range = cells.bounds(port: port)
    return range.lowerBound
      &+ UInt16(truncatingIfNeeded: random.next() % UInt64(range.count))
  }

  /// Decides every REJECT of `observations` (streamed in order), and three moved copies of
  /// each that has no related record; then the memo's verdicts against deciding.
  static func check(
    _ observations: [FlowObservation], topology: Topology?, seed: UInt64, tally: inout Tally,
    _ label: String
  ) {
    let cells = DecisionCells(Diagnoser(topology: topology))
    var streaming = StreamingDiagnoser(diagnoser: Diagnoser(topology: topology))
    var pending: [StreamingDiagnoser.Pending] = []
    for observation in observations { streaming.add(observation, pending: { pending.append($0) }) }
    streaming.finishPending { pending.append($0) }
    var random = SplitMixRandom(seed: seed)
    let memo = VerdictMemo(cells: cells)
    for item in pending {
      tally.rejects += 1
      let decided = words(Diagnosis.Words(item))
      #expect(words(memo.verdict(item)) == decided, "\(label) line \(item.record.line) memo")
      guard let key = VerdictMemo.Key(item, cells: cells) else { continue }
      tally.keyed += 1
      for _ in 0..<3 {
        var record = item.record
        let own = item.inferredAddress
        // An address equal to the ENI's own or to the other end stays: that equality is in
        // the key.
        if record.source != own && record.source != record.destination {
          record.source = moved(record.source, cells: cells, random: &random)
        }
        if record.destination != own && record.destination != item.record.source {
          record.destination = moved(record.destination, cells: cells, random: &random)
        }
        if record.protocolNumber == 6 || record.protocolNumber == 17 {
          record.sourcePort = moved(record.sourcePort, cells: cells, random: &random)
          record.destinationPort = moved(record.destinationPort, cells: cells, random: &random)
        }
        // Packets and times are not in the key.
        record.packets = random.next() % 5 == 0 ? nil : Int64(1 + random.next() % 5_000)
        if random.next() % 5 == 0 {
          record.start = nil
          record.end = nil
        } else {
          let shift = Int64(random.next() % 7_200) - 3_600
          record.start = (record.start ?? RandomNetwork.epoch) + shift
          record.end = record.start.map { $0 + Int64(random.next() % 600) }
        }
        let variant = StreamingDiagnoser.Pending(
          record: record, related: item.related, inferredAddress: item.inferredAddress,
          shared: item.shared, context: item.context)
        // Moves that change how the ports or addresses compare make another key: skipped.
        guard VerdictMemo.Key(variant, cells: cells) == key else { continue }
        tally.variants += 1
        #expect(
          words(Diagnosis.Words(variant)) == decided,
          "\(label) line \(item.record.line): \(record.source):\(record.sourcePort) → \(record.destination):\(record.destinationPort) (was \(item.record.source):\(item.record.sourcePort) → \(item.record.destination):\(item.record.destinationPort))"
        )
      }
    }
    tally.hits += memo.hits
  }

  /// REJECTs at every ENI from addresses at and near the cells' boundaries and anywhere, on
  /// ports at and near theirs: TCP, UDP and ICMP, IPv4 and IPv6, with and without a SYN flag
  /// or a direction; some ENIs also show accepted traffic.
  static func probes(_ topology: Topology, seed: UInt64) -> [FlowObservation] {
    let cells = DecisionCells(Diagnoser(topology: topology))
    var random = SplitMixRandom(seed: seed)
    func near<Value: FixedWidthInteger>(_ starts: [Value]) -> Value {
      guard !starts.isEmpty, random.next() % 4 != 0 else {
        return Value(truncatingIfNeeded: random.next())
      }
      let start = starts[Int(random.next() % UInt64(starts.count))]
      let offset = Value(truncatingIfNeeded: random.next() % 3)
      return random.next() % 2 == 0 ? start &+ offset : start &- 1 &- offset
    }
    var records: [FlowObservation] = []
    var time = RandomNetwork.epoch
    for interface in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id }) {
      let own = interface.privateIPv4s + interface.ipv6s
      for address in own {
        if random.next() % 2 == 0 {
          records.append(
            FlowObservation(
              file: 0, line: records.count + 1, interfaceId: interface.id, source: address,
              destination: .v4(0x0808_0808), sourcePort: 40_000, destinationPort: 443,
              protocolNumber: 6, packets: 1, start: time, end: time + 1, action: .accept))
        }
        for _ in 0..<30 {
          let peer: IPAddress =
            address.isIPv6
            ? .v6(
              near(cells.v6) | (random.next() % 5 == 0 ? 0 : UInt128(0x2001_0db8) << 96 & 0))
            : .v4(near(cells.v4))
          let protocols: [UInt8] = address.isIPv6 ? [6, 17, 58] : [6, 17, 1]
          let proto = protocols[Int(random.next() % 3)]
          let hasPorts = proto == 6 || proto == 17
          let inbound = random.next() % 3 != 0
          let portA = hasPorts ? near(cells.ports) : UInt16(random.next() % 4)
          let portB = hasPorts ? near(cells.ports) : UInt16(random.next() % 4)
          time += 1
          records.append(
            FlowObservation(
              file: 0, line: records.count + 1, interfaceId: interface.id,
              source: inbound ? peer : address, destination: inbound ? address : peer,
              sourcePort: portA, destinationPort: portB, protocolNumber: proto,
              packets: Int64(1 + random.next() % 3), start: time, end: time + 5,
              action: .reject,
              tcpFlags: proto == 6 && random.next() % 3 == 0
                ? [2, 18, 4, 1][Int(random.next() % 4)] : nil,
              flowDirection: random.next() % 4 == 0 ? (inbound ? .ingress : .egress) : nil))
        }
      }
    }
    return records
  }

  @Test("Simulated networks, their logs and probes at every ENI: one verdict a cell")
  func simulated() throws {
    var tally = Tally()
    for seed in 0..<60 {
      let sample = NetworkSample(seed: UInt64(seed) &* 7_919 &+ 3)
      let records = try Simulator(topology: sample.network).simulate(sample.traffic)
      for logsOnly in [false, true] {
        let observations = RandomNetwork.observations(records, logsOnly: logsOnly)
        Self.check(
          observations, topology: sample.snapshot, seed: UInt64(seed), tally: &tally,
          "seed \(seed) logsOnly \(logsOnly)")
        if logsOnly {
          Self.check(
            observations, topology: nil, seed: UInt64(seed), tally: &tally,
            "seed \(seed) no topology")
        }
      }
      let probes = Self.probes(sample.snapshot, seed: UInt64(seed))
      Self.check(
        probes, topology: sample.snapshot, seed: UInt64(seed), tally: &tally, "probes \(seed)")
      Self.check(
        probes, topology: nil, seed: UInt64(seed), tally: &tally, "probes \(seed) no topology")
    }
    // The checks reach the cases they are about.
    #expect(tally.rejects > 20_000)
    #expect(tally.keyed > tally.rejects / 2)
    #expect(tally.variants > tally.keyed)
    // Probes rarely repeat a key; simulated conversations do.
    #expect(tally.hits > 0)
  }

  /// The records of a flow log that diagnosis reads.
  struct Observations: FlowLogConsumer {
    var observations: [FlowObservation] = []
    mutating func record(_ record: RecordLine) {
      if let observation = FlowObservation(record: record, file: 0) {
        observations.append(observation)
      }
    }
    mutating func diagnostic(_ diagnostic: ReadDiagnostic) {}
  }

  /// The bundled scenarios hold what the random networks do not draw (transit gateways,
  /// peering, VPNs, endpoints, load balancers, firewalls): their logs, and probes at every ENI.
  @Test("Every scenario's REJECTs and probes at its ENIs: one verdict a cell")
  func scenarios() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios")
    var tally = Tally()
    var scenarios = 0
    for (place, name) in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
      .enumerated()
    {
      let flows = root.appendingPathComponent("\(name)/flows.log")
      // A scenario without a topology is read from its logs alone.
      guard FileManager.default.fileExists(atPath: flows.path),
        FileManager.default.fileExists(atPath: ScenarioTopology.folder(name).path)
      else { continue }
      scenarios += 1
      let topology = try ScenarioTopology.load(name)
      var read = Observations()
      _ = FlowLogReader().read(MemorySource([UInt8](try Data(contentsOf: flows))), into: &read)
      let seed = UInt64(place)
      Self.check(read.observations, topology: topology, seed: seed, tally: &tally, name)
      Self.check(read.observations, topology: nil, seed: seed, tally: &tally, "\(name) logs")
      Self.check(
        Self.probes(topology, seed: seed), topology: topology, seed: seed, tally: &tally,
        "\(name) probes")
    }
    #expect(scenarios >= 14)
    #expect(tally.variants > 1_000)
  }

  /// A NAT gateway translates the source port by hashing the whole packet, and a network ACL
  /// on the way back judges the translated port: requests from one port cell are decided
  /// apart, so they are never keyed.
  @Test("Behind a NAT gateway, REJECTs are decided one by one")
  func natGateway() {
    var topology = TestNetwork.make()
    topology.networkACLs["acl-default"]!.subnetIds = ["subnet-app"]
    topology.networkACLs["acl-pub"] = NetworkACL(
      id: "acl-pub", vpcId: "vpc-1", isDefault: false,
      entries: TestNetwork.inModelOrder(
        [
          NetworkACLEntry(
            ruleNumber: 90, egress: false, action: .allow, protocolMatch: .all,
            cidr: TestNetwork.cidr("10.0.0.0/16")),
          NetworkACLEntry(
            ruleNumber: 100, egress: false, action: .allow, protocolMatch: .tcp,
            cidr: TestNetwork.cidr("0.0.0.0/0"), ports: PortRange(from: 1024, to: 40000)),
          TestNetwork.allowAll(100, egress: true, "0.0.0.0/0"),
        ] + TestNetwork.implicitDenies()), subnetIds: ["subnet-pub"])
    // As in the network where this was found: the app subnet reached from the gateway's
    // subnet through an appliance.
    topology.routeTables["rtb-pub"]!.routes.append(
      Route(
        destination: .cidr(TestNetwork.cidr("10.0.2.0/24")), target: .networkInterface("eni-fw"),
        origin: "CreateRoute"))
    let cells = DecisionCells(Diagnoser(topology: topology))
    let streaming = StreamingDiagnoser(diagnoser: Diagnoser(topology: topology))
    var causes = Set<String>()
    for port in UInt16(45_000)...45_040 {
      let record = FlowObservation(
        file: 0, line: 1, interfaceId: "eni-app", source: IPAddress("10.0.2.20")!,
        destination: IPAddress("93.184.216.34")!, sourcePort: port, destinationPort: 443,
        protocolNumber: 6, action: .reject, tcpFlags: 2, flowDirection: .egress)
      let pending = StreamingDiagnoser.Pending(
        record: record, related: Correlator.Related(), inferredAddress: nil,
        shared: SharedDiagnoser(streaming.diagnoser),
        context: streaming.diagnoser.tracer?.index.context(ofInterface: "eni-app"))
      #expect(cells.cell(port: port) == cells.cell(port: 45_000))
      #expect(VerdictMemo.Key(pending, cells: cells) == nil)
      causes.insert(Self.words(Diagnosis.Words(pending)))
    }
    // Why: one port cell, more than one decision.
    #expect(causes.count > 1)
  }

  /// Every address, prefix and port range a value holds, however deep (structs, enums, arrays,
  /// dictionaries, optionals), by reflection: the simple twin of `DecisionCells.Collector`.
  static func reflected(_ value: Any, into collector: inout DecisionCells.Collector) {
    switch value {
    case let address as IPAddress: collector.add(address)
    case let prefix as CIDR: collector.add(prefix)
    case let range as PortRange: collector.add(ports: range)
    case is String, is Int, is Bool, is UInt8, is UInt16, is Int64, is Double: return
    default:
      for child in Mirror(reflecting: value).children {
        reflected(child.value, into: &collector)
      }
    }
  }

  @Test("The cells' boundaries, field by field, are every address and range the topology holds")
  func collectorAgainstReflection() throws {
    var topologies: [(String, Topology)] = [("TestNetwork", TestNetwork.make())]
    for seed in UInt64(0)..<40 {
      let sample = NetworkSample(seed: seed &* 7_919 &+ 3)
      topologies.append(("sample \(seed)", sample.network))
      topologies.append(("snapshot \(seed)", sample.snapshot))
      topologies.append(("random \(seed)", RandomNetwork.make(seed: seed).0))
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios")
    for name in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
    where FileManager.default.fileExists(atPath: ScenarioTopology.folder(name).path) {
      topologies.append((name, try ScenarioTopology.load(name)))
    }
    for (name, topology) in topologies {
      // Every occurrence, not only the boundaries: a field left out whose values happen to
      // be elsewhere too still shows.
      var fields = DecisionCells.Collector(prefixes: [], ranges: [])
      fields.collect(topology)
      var reflection = DecisionCells.Collector(prefixes: [], ranges: [])
      Self.reflected(topology, into: &reflection)
      #expect(fields.prefixes?.sorted() == reflection.prefixes?.sorted(), "\(name)")
      func words(_ ranges: [ClosedRange<UInt16>]?) -> [UInt32] {
        (ranges ?? []).map { UInt32($0.lowerBound) << 16 | UInt32($0.upperBound) }.sorted()
      }
      #expect(words(fields.ranges) == words(reflection.ranges), "\(name)")
      #expect(fields.v4 == reflection.v4 && fields.v6 == reflection.v6, "\(name)")
    }
  }

  /// The reader takes any integer as `tcp-flags`; 65535 once shared the key of a record
  /// without flags (a 16-bit field wrapped), and decides otherwise: SYN and ACK are set.
  @Test("tcp-flags of any size are keyed as they are")
  func largeFlags() {
    let topology = TestNetwork.make()
    let cells = DecisionCells(Diagnoser(topology: topology))
    let streaming = StreamingDiagnoser(diagnoser: Diagnoser(topology: topology))
    func pending(_ flags: Int?) -> StreamingDiagnoser.Pending {
      var record = FlowObservation(
        file: 0, line: 1, interfaceId: "eni-web", source: IPAddress("198.18.5.5")!,
        destination: IPAddress("10.0.1.10")!, sourcePort: 40_000, destinationPort: 8443,
        protocolNumber: 6, action: .reject, tcpFlags: flags, flowDirection: .ingress)
      record.interfaceSlot = 0
      return StreamingDiagnoser.Pending(
        record: record, related: Correlator.Related(), inferredAddress: nil,
        shared: SharedDiagnoser(streaming.diagnoser),
        context: streaming.diagnoser.tracer?.index.context(ofInterface: "eni-web"))
    }
    let values: [Int?] = [nil, 0, 2, 18, 255, 65_535, 65_536, 131_071, Int(Int32.max)]
    for (place, flags) in values.enumerated() {
      for other in values[(place + 1)...] {
        let (a, b) = (pending(flags), pending(other))
        if Self.words(Diagnosis.Words(a)) != Self.words(Diagnosis.Words(b)) {
          #expect(
            VerdictMemo.Key(a, cells: cells) != VerdictMemo.Key(b, cells: cells),
            "\(String(describing: flags)) and \(String(describing: other))")
        }
      }
    }
    let memo = VerdictMemo(cells: cells)
    _ = memo.verdict(pending(65_535))
    #expect(Self.words(memo.verdict(pending(nil))) == Self.words(Diagnosis.Words(pending(nil))))
  }

  @Test("The private prefixes of the cells are the addresses isPrivateIPv4 holds")
  func privateSpace() {
    var random = SplitMixRandom(seed: 5)
    var values: [UInt32] = (0..<20_000).map { _ in UInt32(truncatingIfNeeded: random.next()) }
    for prefix in IPAddress.privateIPv4Prefixes {
      guard case .v4(let low) = prefix.network else { continue }
      let high = low | (UInt32.max >> prefix.prefixLength)
      values += [low &- 1, low, low &+ 1, high &- 1, high, high &+ 1]
    }
    for value in values {
      let address = IPAddress.v4(value)
      #expect(
        address.isPrivateIPv4 == IPAddress.privateIPv4Prefixes.contains { $0.contains(address) },
        "\(address)")
    }
  }

  @Test("Cells: a prefix's ends and the ports a rule names bound cells")
  func boundaries() throws {
    let cells = DecisionCells(Diagnoser(topology: nil))
    // Without a topology: the role inference's port classes, and the private space.
    #expect(cells.cell(IPAddress("198.51.100.1")!) == cells.cell(IPAddress("203.0.113.9")!))
    #expect(cells.cell(IPAddress("10.0.0.1")!) == cells.cell(IPAddress("10.200.0.1")!))
    #expect(cells.cell(IPAddress("10.0.0.1")!) != cells.cell(IPAddress("11.0.0.1")!))
    #expect(cells.cell(IPAddress("9.255.255.255")!) != cells.cell(IPAddress("10.0.0.0")!))
    #expect(cells.cell(port: 1023) != cells.cell(port: 1024))
    #expect(cells.cell(port: 40_000) == cells.cell(port: 60_000))
    #expect(cells.cell(port: 443) != cells.cell(port: 444))
    #expect(cells.bounds(port: 443) == 443...443)
    #expect(cells.cell(IPAddress("10.0.0.1")!) != cells.cell(IPAddress("2001:db8::1")!))
  }
}
