/// A count for each ``Cause``: six integers in place, no array to allocate (the summary keeps
/// one for every key it counts, and every batch of REJECTs makes its own).
package struct CauseCounts: Hashable, Sendable {
  private var securityGroup = 0
  private var networkACL = 0
  private var routing = 0
  private var blockPublicAccess = 0
  private var afterClose = 0
  private var undetermined = 0

  package init() {}

  package subscript(cause: Cause) -> Int {
    get {
      switch cause {
      case .securityGroup: securityGroup
      case .networkACL: networkACL
      case .routing: routing
      case .blockPublicAccess: blockPublicAccess
      case .afterClose: afterClose
      case .undetermined: undetermined
      }
    }
    set {
      switch cause {
      case .securityGroup: securityGroup = newValue
      case .networkACL: networkACL = newValue
      case .routing: routing = newValue
      case .blockPublicAccess: blockPublicAccess = newValue
      case .afterClose: afterClose = newValue
      case .undetermined: undetermined = newValue
      }
    }
  }

  package static func += (left: inout CauseCounts, right: CauseCounts) {
    left.securityGroup += right.securityGroup
    left.networkACL += right.networkACL
    left.routing += right.routing
    left.blockPublicAccess += right.blockPublicAccess
    left.afterClose += right.afterClose
    left.undetermined += right.undetermined
  }

  /// Every cause's count added up.
  package var total: Int {
    securityGroup + networkACL + routing + blockPublicAccess + afterClose + undetermined
  }

  /// The causes counted at least once, the most frequent first (ties by name), as
  /// `--output json`'s `by-cause` lists them.
  package var ranked: [(cause: Cause, count: Int)] {
    Cause.allCases.map { ($0, self[$0]) }.filter { $0.1 > 0 }
      .sorted { ($1.1, $0.0.rawValue) < ($0.1, $1.0.rawValue) }
  }
}
