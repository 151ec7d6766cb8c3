import NetworkPrimitives

/// Groups records into conversations: the same protocol between the same two address:port
/// ends, in either direction, on any ENI.
///
/// Records of a conversation are related when their windows are within ``horizon`` seconds of
/// each other: aggregation windows last up to 10 minutes and `start`/`end` can lag the packets by
/// up to a minute (VPC User Guide, "Flow log records", aggregation interval).
public struct Correlator: Sendable {
  /// Seconds between the starts of two related records.
  public static let horizon: Int64 = 1260

  struct Key: Hashable {
    var protocolNumber: UInt8
    var low: Endpoint
    var high: Endpoint

    /// One word mixed from every field, fed to the hasher once (the synthesized hash feeds
    /// each field, enum tags included, through SipHash: the hottest call of correlation).
    func hash(into hasher: inout Hasher) { hasher.combine(mixed) }

    /// Every field mixed into one word (a hash on its own).
    var mixed: UInt64 {
      var mixed = UInt64(protocolNumber) &* 0x9E37_79B9_7F4A_7C15
      low.mix(into: &mixed)
      high.mix(into: &mixed)
      return mixed ^ (mixed >> 31)
    }
  }

  struct Endpoint: Hashable, Comparable {
    var address: IPAddress
    var port: UInt16

    func mix(into mixed: inout UInt64) {
      switch address {
      case .v4(let value): mixed = (mixed ^ UInt64(value)) &* 0xBF58_476D_1CE4_E5B9
      case .v6(let value):
        mixed = (mixed ^ UInt64(truncatingIfNeeded: value)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ UInt64(truncatingIfNeeded: value >> 64)) &* 0x94D0_49BB_1331_11EB
      }
      mixed = (mixed ^ UInt64(port) ^ (mixed >> 29)) &* 0x94D0_49BB_1331_11EB
    }

    static func < (left: Endpoint, right: Endpoint) -> Bool {
      (left.address, left.port) < (right.address, right.port)
    }
  }

  let observations: [FlowObservation]
  private var conversations: [Key: [Int]] = [:]
  /// The ENIs with an accepted record in the input.
  private var accepting: Set<String> = []

  public init(observations: [FlowObservation]) {
    self.observations = observations
    for (index, observation) in observations.enumerated() {
      conversations[Self.key(observation), default: []].append(index)
      if observation.action == .accept { accepting.insert(observation.interfaceId) }
    }
  }

  static func key(_ observation: FlowObservation) -> Key {
    let source = Endpoint(address: observation.source, port: observation.sourcePort)
    let destination = Endpoint(address: observation.destination, port: observation.destinationPort)
    return Key(
      protocolNumber: observation.protocolNumber, low: min(source, destination),
      high: max(source, destination))
  }

  /// The records related to `observations[index]`, split by relation.
  struct Related: Sendable {
    /// Same ENI, the other direction.
    var reverse: [FlowObservation] = []
    /// Same ENI, same direction, other records.
    var same: [FlowObservation] = []
    /// Other ENIs, either direction.
    var peers: [FlowObservation] = []
    /// Whether the input holds accepted records of the ENI at all (a flow log of REJECTs only
    /// shows no request a reply answers).
    var interfaceLogsAccepts = true

    /// Whether `record`'s direction was accepted on its ENI at or before it (an earlier window,
    /// or the same one: AWS writes an ACCEPT and a REJECT record for one flow in one window
    /// when some of its packets pass and some do not).
    func acceptedBefore(_ record: FlowObservation) -> Bool {
      same.contains { earlier in
        earlier.action == .accept && (earlier.start ?? 0) <= (record.start ?? 0)
      }
    }
  }

  func related(to index: Int) -> Related {
    var result = Self.related(
      to: observations[index],
      candidates: (conversations[Self.key(observations[index])] ?? []).lazy.filter { $0 != index }
        .map { observations[$0] })
    result.interfaceLogsAccepts = accepting.contains(observations[index].interfaceId)
    return result
  }

  /// The records among `candidates` (the other records of `observation`'s conversation, in
  /// input order) within the horizon of it, split by relation.
  static func related(
    to observation: FlowObservation, candidates: some Sequence<FlowObservation>
  ) -> Related {
    var result = Related()
    for candidate in candidates {
      if let start = observation.start, let otherStart = candidate.start,
        abs(start - otherStart) > Self.horizon
      {
        continue
      }
      if candidate.interfaceId != observation.interfaceId {
        result.peers.append(candidate)
      } else if candidate.source == observation.source
        && candidate.sourcePort == observation.sourcePort
      {
        result.same.append(candidate)
      } else {
        result.reverse.append(candidate)
      }
    }
    return result
  }

  /// The address each ENI shows for itself: the one that appears in the most of its records
  /// (flow logs show the ENI's primary private IPv4 on its own side of every record).
  func inferredInterfaceAddresses() -> [String: IPAddress] {
    var counts: [String: [IPAddress: Int]] = [:]
    for observation in observations {
      counts[observation.interfaceId, default: [:]][observation.source, default: 0] += 1
      counts[observation.interfaceId, default: [:]][observation.destination, default: 0] += 1
    }
    var result: [String: IPAddress] = [:]
    for (interface, tally) in counts {
      let ranked = tally.sorted { $0.value > $1.value }
      // A tie (one conversation only) does not show which address is the ENI's.
      guard let best = ranked.first, ranked.count < 2 || ranked[1].value < best.value else {
        continue
      }
      result[interface] = best.key
    }
    return result
  }
}
