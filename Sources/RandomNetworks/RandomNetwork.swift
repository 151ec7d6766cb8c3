import Analysis
import Topology

/// Seeded random VPCs and traffic, for round trips: the simulator writes the records a network
/// would log and knows why each REJECT was rejected; the diagnoser must name the same cause.
///
/// `RoundTripPropertyTests` and other tests use it (`flowcause-bench accuracy` and
/// `DifferentialTests` use the more realistic ``NetworkSample``). The same seed always gives
/// the same network and traffic (SplitMix64; no system randomness), so a seed is a complete
/// bug report.
///
/// What a network holds:
/// - vpc-1 10.0.0.0/16, and half the time 2600:1f18:47:ab00::/56; igw-1 attached; sometimes
///   eigw-1 (IPv6 VPCs only).
/// - 2–4 subnets, subnet-*i* 10.0.*i*.0/24, some with 2600:1f18:47:ab0*i*::/64.
/// - Route tables by kind: public (0.0.0.0/0 and usually ::/0 to igw-1), private (local only),
///   natted (0.0.0.0/0 to nat-1, which sits in a public subnet; ::/0 to eigw-1 when there is
///   one). rtb-main serves the subnets without an explicit association.
/// - acl-default allows everything (AWS's default ACL); some subnets have their own ACL with
///   random allow/deny entries (TCP/UDP port ranges, ephemeral ranges, ICMP, all protocols,
///   IPv4 and IPv6 CIDRs, unique rule numbers) and the implicit `*` entries.
/// - 2–4 security groups whose rules name CIDRs, the prefix lists pl-1 (IPv4) and pl-2 (IPv6),
///   or groups.
/// - 2–6 ENIs eni-*k* (10.0.*s*.(10+*k*)), some with a public IPv4 (203.0.113.(10+*k*)) and an
///   IPv6 address, each with one or two groups.
/// - 5–20 conversations between ENIs, and between ENIs and internet hosts (198.51.100.0/24,
///   192.0.2.0/24, 2001:db8:1::/48, 2001:db8:2::/48) in both directions: TCP, UDP or ICMP,
///   service ports 22, 80, 443, 5432, 8080 and 53, source ports from 32768–60999, starts spread
///   over five minutes; most end with a close, some TCP ones with a late FIN after the close.
public enum RandomNetwork {
  /// The first window of the traffic (Unix seconds, on a minute boundary).
  public static let epoch: Int64 = 1_795_350_000

  /// The network and traffic of `seed`.
  public static func make(seed: UInt64) -> (Topology, Traffic) {
    var generator = NetworkGenerator(seed: seed)
    let topology = generator.topology()
    let traffic = generator.traffic(in: topology)
    return (topology, traffic)
  }

  /// The observations the diagnoser reads for `records`, line *n* for `records[n - 1]`.
  /// `logsOnly` drops what the default version 2 format lacks (`tcp-flags`, `flow-direction`).
  public static func observations(_ records: [SimulatedRecord], logsOnly: Bool)
    -> [FlowObservation]
  {
    records.enumerated().compactMap { index, record in
      guard let flow = record.flow else { return nil }
      return FlowObservation(
        file: 0, line: index + 1, interfaceId: record.interfaceId, source: flow.source,
        destination: flow.destination, sourcePort: flow.sourcePort,
        destinationPort: flow.destinationPort, protocolNumber: flow.protocolNumber,
        packets: flow.packets, start: record.start, end: record.end,
        action: flow.accepted ? .accept : .reject, tcpFlags: logsOnly ? nil : flow.tcpFlags,
        flowDirection: logsOnly ? nil : flow.direction)
    }
  }

  /// Simulates `traffic` on `topology` and diagnoses every REJECT three times: with the
  /// topology and every field the simulator writes; from the logs alone in the default format;
  /// and with the topology but the default format.
  public static func roundTrip(topology: Topology, traffic: Traffic) throws(Simulator.Failure)
    -> RoundTrip
  {
    let records = try Simulator(topology: topology).simulate(traffic)
    let full = observations(records, logsOnly: false)
    let v2 = observations(records, logsOnly: true)
    let diagnoser = Diagnoser(topology: topology)
    func byLine(_ diagnoses: [Diagnosis]) -> [Int: Diagnosis] {
      Dictionary(
        diagnoses.map { ($0.observation.line, $0) }, uniquingKeysWith: { first, _ in first })
    }
    let logsOnly = byLine(Diagnoser(topology: nil).diagnose(v2))
    let withTopologyV2 = byLine(diagnoser.diagnose(v2))
    var cases: [RoundTripCase] = []
    for diagnosis in diagnoser.diagnose(full) {
      let line = diagnosis.observation.line
      let record = records[line - 1]
      guard let truth = record.truth, let other = logsOnly[line], let v2 = withTopologyV2[line]
      else { continue }
      cases.append(
        RoundTripCase(
          line: line, record: record, truth: truth, withTopology: diagnosis, logsOnly: other,
          withTopologyV2: v2))
    }
    return RoundTrip(records: records, cases: cases)
  }
}
