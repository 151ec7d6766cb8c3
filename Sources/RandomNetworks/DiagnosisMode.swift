/// A way `diagnose` is run on a seed's log: with the topology or from the logs alone, on the
/// records written in one format family.
public struct DiagnosisMode: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var withTopology: Bool
  public var version: LogLayout.Version
  /// The log holds the REJECT records only, as a flow log whose traffic type is `REJECT`
  /// writes it: no accepted record shows a request or a connection.
  public var rejectsOnly: Bool

  public init(withTopology: Bool, version: LogLayout.Version, rejectsOnly: Bool = false) {
    self.withTopology = withTopology
    self.version = version
    self.rejectsOnly = rejectsOnly
  }

  /// With the topology in v2, v3, v5, then from the logs alone in v2, v3, v5.
  public static let all: [DiagnosisMode] = [true, false].flatMap { topology in
    LogLayout.Version.allCases.map { DiagnosisMode(withTopology: topology, version: $0) }
  }

  /// The same six on logs of REJECT records only.
  public static let rejectsOnlyLogs: [DiagnosisMode] = all.map {
    DiagnosisMode(withTopology: $0.withTopology, version: $0.version, rejectsOnly: true)
  }

  /// `with topology, v5` (`…, REJECT-only log`).
  public var description: String {
    "\(withTopology ? "with topology" : "logs only"), \(version.rawValue)"
      + (rejectsOnly ? ", REJECT-only log" : "")
  }

  /// Whether the goals on undetermined diagnoses apply: with the topology, and `tcp-flags` in
  /// the records of a log of all traffic.
  public var isHeldToCompleteness: Bool { withTopology && version.hasTCPFlags && !rejectsOnly }

  public static func < (left: DiagnosisMode, right: DiagnosisMode) -> Bool {
    (left.rejectsOnly ? 1 : 0, left.withTopology ? 0 : 1, left.version)
      < (right.rejectsOnly ? 1 : 0, right.withTopology ? 0 : 1, right.version)
  }
}
