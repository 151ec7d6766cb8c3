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
  /// The related records listed on each side of a record (the nearest before it in input
  /// order, and the nearest after it); the rest are counted (``Related/omitted``), so that a
  /// conversation repeated thousands of times costs linear time, memory and output.
  public static let listedPerSide = 32
  /// How many records of the conversation are looked at on each side of a record (and
  /// counted when not listed).
  public static let scannedPerSide = 256

  /// A conversation: its protocol and its two ends, the lower first. Its hash is seeded per
  /// process (``HashSeed``): the addresses and ports are chosen by whoever sends the packets,
  /// and a hash they could predict would let a log of colliding conversations make the
  /// correlator's tables quadratic.
  struct Key: Hashable {
    var protocolNumber: UInt8
    var low: Endpoint
    var high: Endpoint

    /// One word mixed from every field, fed to the hasher once (the synthesized hash feeds
    /// each field, enum tags included, through SipHash: the hottest call of correlation).
    func hash(into hasher: inout Hasher) { hasher.combine(mixed) }

    /// Every field mixed into one word (a hash on its own), from this process's seed.
    var mixed: UInt64 { mixed(seed: HashSeed.process) }

    /// Every field mixed into one word, from `seed`.
    func mixed(seed: UInt64) -> UInt64 {
      var mixed = (UInt64(protocolNumber) ^ seed) &* 0x9E37_79B9_7F4A_7C15
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
    /// Whether records the REJECT may relate to (within the horizon before it) were dropped
    /// before their time: more records fell within one correlation window than the streaming
    /// diagnoser holds (``StreamingDiagnoser/heldLimit``), so its conversation's earlier
    /// records may be missing, as in logs that begin after its request.
    var historyCut = false
    /// The records a diagnosis lists (`evidence.related`), in input order: the nearest
    /// ``listedPerSide`` on each side, no two copies of one record.
    var listed: [FlowObservation] = []
    /// Records of the conversation within the horizon not listed: past ``listedPerSide`` on a
    /// side, or copies of a listed record (copies of the record itself are counted as copies,
    /// by whoever reads them, not here).
    var omitted = 0
    /// An earlier record this one copies (the same ENI, addresses, ports, protocol, packets,
    /// window, action, flags, direction and reject-reason: a file given twice, overlapping
    /// exports): the record is counted, not diagnosed again.
    var duplicateOf: FlowObservation?

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
    let members = conversations[Self.key(observations[index])] ?? []
    let position = members.firstIndex(of: index) ?? members.count
    var result = Self.related(
      to: observations[index],
      before: members[..<position].reversed().lazy.map { observations[$0] },
      after: members[min(position + 1, members.count)...].lazy.map { observations[$0] })
    result.interfaceLogsAccepts = accepting.contains(observations[index].interfaceId)
    return result
  }

  /// The records of `observation`'s conversation within the horizon of it, split by relation:
  /// from `before` (the others before it in input order, the nearest first) and `after` (the
  /// others after it, the nearest first), at most ``scannedPerSide`` each. All of them are
  /// evidence; the nearest ``listedPerSide`` on each side that copy no other are ``Related/listed``
  /// and the rest counted in ``Related/omitted``. A copy of `observation` before it is
  /// ``Related/duplicateOf``, and then nothing else is gathered.
  static func related(
    to observation: FlowObservation, before: some Sequence<FlowObservation>,
    after: some Sequence<FlowObservation>
  ) -> Related {
    var result = Related()
    func inHorizon(_ candidate: FlowObservation) -> Bool {
      guard let start = observation.start, let otherStart = candidate.start else { return true }
      return abs(start - otherStart) <= Self.horizon
    }
    func add(_ candidate: FlowObservation) {
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
    // Each side, the nearest first: what is listed, and the evidence in input order.
    func gather(_ side: some Sequence<FlowObservation>, isBefore: Bool)
      -> (listed: [FlowObservation], all: [FlowObservation])
    {
      var listed: [FlowObservation] = []
      var all: [FlowObservation] = []
      for candidate in side.prefix(Self.scannedPerSide) where inHorizon(candidate) {
        if candidate.isCopy(of: observation) {
          // A copy of an earlier record is not diagnosed: nothing more to gather.
          if isBefore {
            result.duplicateOf = candidate
            return (listed, all)
          }
          // A copy after it is the record itself again, counted as a copy, not as evidence.
          continue
        }
        all.append(candidate)
        if listed.count < Self.listedPerSide && !listed.contains(where: candidate.isCopy) {
          listed.append(candidate)
        } else {
          result.omitted += 1
        }
      }
      return (listed, all)
    }
    let earlier = gather(before, isBefore: true)
    if result.duplicateOf != nil { return result }
    let later = gather(after, isBefore: false)
    for candidate in earlier.all.reversed() + later.all { add(candidate) }
    result.listed = earlier.listed.reversed() + later.listed
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

/// A random word drawn once a process and mixed into every conversation's hash (the
/// correlator's dictionary and the streaming diagnoser's index): a log cannot be crafted so
/// that its conversations collide in them (docs/diagnosis.md, "Limits").
package enum HashSeed {
  package static let process = UInt64.random(in: .min ... .max)
}
