import Analysis

/// The records of a round trip, and the REJECTs among them with their diagnoses.
public struct RoundTrip: Sendable {
  public var records: [SimulatedRecord]
  public var cases: [RoundTripCase]
}
