import Analysis
import Topology

/// One seed's network, traffic and log layout: a seed is a complete bug report.
///
/// What is drawn, and how, is in `TopologyDraw` (the network), `TrafficDraw` and its kinds
/// (``TrafficKind``) and ``LogLayout``; docs/diagnosis.md summarises it.
public struct NetworkSample: Sendable {
  /// The first second of the traffic (a multiple of 600).
  public static let epoch: Int64 = 1_795_350_000

  public let seed: UInt64
  /// The network as it is: what the simulator runs on.
  public var network: Topology
  /// The network as `collect` saved it: what `diagnose --topology` is given. The same as
  /// `network`, except that now and then a prefix list's entries are missing.
  public var snapshot: Topology
  public var traffic: Traffic
  /// The kind of each conversation of `traffic`, by position.
  public var kinds: [TrafficKind]
  /// The aggregation window, 60 or 600 seconds.
  public var window: Int64
  public var layout: LogLayout

  public init(seed: UInt64) {
    self.seed = seed
    var topologyDraw = TopologyDraw(seed: seed)
    (network, snapshot) = topologyDraw.make()
    var draw = Draw(seed: seed, stream: 0x6C61_796F_7574)
    window = draw.chance(0.85) ? 60 : 600
    layout = LogLayout(draw: &draw)
    let span = Int64(draw.int(600...1800))
    var trafficDraw = TrafficDraw(
      seed: seed, topology: network, window: window, first: Self.epoch, span: span)
    (traffic, kinds) = trafficDraw.make()
  }

  /// The same network and layout with other traffic (a shrunk failure).
  public func with(traffic: Traffic, kinds: [TrafficKind]) -> NetworkSample {
    var sample = self
    sample.traffic = traffic
    sample.kinds = kinds
    return sample
  }
}
