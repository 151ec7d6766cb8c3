/// A way `diagnose` is run on a seed's log: with the topology or from the logs alone, on the
/// records written in one format family.
public struct DiagnosisMode: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var withTopology: Bool
  public var version: LogLayout.Version

  public init(withTopology: Bool, version: LogLayout.Version) {
    self.withTopology = withTopology
    self.version = version
  }

  /// With the topology in v2, v3, v5, then from the logs alone in v2, v3, v5.
  public static let all: [DiagnosisMode] = [true, false].flatMap { topology in
    LogLayout.Version.allCases.map { DiagnosisMode(withTopology: topology, version: $0) }
  }

  /// `with topology, v5`.
  public var description: String {
    "\(withTopology ? "with topology" : "logs only"), \(version.rawValue)"
  }

  /// Whether the goals on undetermined diagnoses apply: with the topology, and `tcp-flags` in
  /// the records.
  public var isHeldToCompleteness: Bool { withTopology && version.hasTCPFlags }

  public static func < (left: DiagnosisMode, right: DiagnosisMode) -> Bool {
    (left.withTopology ? 0 : 1, left.version) < (right.withTopology ? 0 : 1, right.version)
  }
}
