import NetworkPrimitives

/// Which REJECTs `diagnose` reports (`--interface`, `--address`, `--port`, `--protocol`,
/// `--since`, `--until`, `--cause`, `--min-confidence`): each given criterion must hold, and a
/// criterion with several values holds when any of them does.
///
/// It chooses what is reported, never what is read: every record still goes through the
/// correlation, so a REJECT the filter keeps has the diagnosis it has without the filter
/// (`RejectFilterTests` compares the two on generated logs). The criteria on the record are
/// checked before the REJECT is decided; those on the diagnosis (cause, confidence) after.
public struct RejectFilter: Sendable, Equatable {
  /// ENI ids (`interface-id`).
  public var interfaces: Set<String> = []
  /// Either end's address is in one of these.
  public var addresses: [CIDR] = []
  /// Either end's port.
  public var ports: Set<UInt16> = []
  public var protocols: Set<UInt8> = []
  /// Seconds since 1970: the record's window ends at or after `since` and starts at or before
  /// `until` (a record without `start`/`end` is kept).
  public var since: Int64? = nil
  public var until: Int64? = nil
  public var causes: Set<Cause> = []
  /// The least confidence kept (`high` keeps only `high`).
  public var minimumConfidence: Confidence? = nil

  public init() {}

  /// Whether no criterion is given (every REJECT is reported).
  public var isEmpty: Bool { self == RejectFilter() }

  /// Whether its only criteria are `--since` and `--until`.
  public var isTimeOnly: Bool {
    var other = self
    (other.since, other.until) = (nil, nil)
    return !isEmpty && other.isEmpty
  }

  /// Whether a criterion is on the diagnosis, so that the REJECT must be decided first.
  public var needsDiagnosis: Bool { !causes.isEmpty || minimumConfidence != nil }

  /// The criteria on the record itself.
  public func keeps(_ record: FlowObservation) -> Bool {
    if !interfaces.isEmpty && !interfaces.contains(record.interfaceId) { return false }
    if !addresses.isEmpty
      && !addresses.contains(where: {
        $0.contains(record.source) || $0.contains(record.destination)
      })
    {
      return false
    }
    if !ports.isEmpty {
      guard record.hasPorts,
        ports.contains(record.sourcePort) || ports.contains(record.destinationPort)
      else { return false }
    }
    if !protocols.isEmpty && !protocols.contains(record.protocolNumber) { return false }
    if let since, let end = record.end ?? record.start, end < since { return false }
    if let until, let start = record.start ?? record.end, start > until { return false }
    return true
  }

  /// The criteria on the diagnosis.
  public func keeps(cause: Cause, confidence: Confidence) -> Bool {
    if !causes.isEmpty && !causes.contains(cause) { return false }
    if let minimumConfidence, Self.rank(confidence) < Self.rank(minimumConfidence) {
      return false
    }
    return true
  }

  /// Both.
  public func keeps(_ diagnosis: Diagnosis) -> Bool {
    keeps(diagnosis.observation)
      && keeps(cause: diagnosis.cause, confidence: diagnosis.confidence)
  }

  private static func rank(_ confidence: Confidence) -> Int {
    switch confidence {
    case .low: 0
    case .medium: 1
    case .high: 2
    }
  }
}
