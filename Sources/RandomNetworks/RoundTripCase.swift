import Analysis

/// One simulated REJECT: what the simulator knows, and what the diagnoser said.
public struct RoundTripCase: Sendable {
  /// 1-based position of the record among all records.
  public var line: Int
  public var record: SimulatedRecord
  public var truth: SimulatedRecord.Truth
  /// With the topology and the fields `tcp-flags` and `flow-direction`.
  public var withTopology: Diagnosis
  /// Without a topology, in the default version 2 format.
  public var logsOnly: Diagnosis
  /// With the topology, in the default version 2 format (no `tcp-flags`, no `flow-direction`).
  public var withTopologyV2: Diagnosis
}
