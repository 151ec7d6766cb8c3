/// How many of the REJECTs reported were evaluated against the topology given: those whose
/// interface is in it. The others were diagnosed from the logs alone, and every output says so,
/// first: a topology that holds none of the logs' interfaces (another VPC's, another account's)
/// would otherwise head the answer "evaluated against the topology".
package struct TopologyCoverage: Sendable {
  /// REJECTs reported.
  package var rejects: Int
  /// Those whose interface is in the topology.
  package var inTopology: Int
  /// The first REJECT, in input order, whose interface is not in it: the interface and the
  /// REJECT's `file:line`.
  package var firstOutside: (interfaceId: String, place: String)?

  package init(
    rejects: Int, inTopology: Int, firstOutside: (interfaceId: String, place: String)? = nil
  ) {
    self.rejects = rejects
    self.inTopology = inTopology
    self.firstOutside = firstOutside
  }

  /// Every REJECT's interface is in the topology.
  package var isComplete: Bool { inTopology == rejects }

  /// `(the first: eni-… at flows.log:3)`.
  var firstText: String {
    firstOutside.map { " (the first: \($0.interfaceId) at \($0.place))" } ?? ""
  }

  /// The line that heads the text output after the count of REJECTs: `, evaluated against the
  /// topology`, or what was and was not.
  package var headline: String {
    if isComplete { return ", evaluated against the topology\n" }
    if inTopology == 0 {
      return ", from the logs alone\nWarning: none of their interfaces is in the topology given"
        + "\(firstText): is it the topology of their VPC?\n"
    }
    let others = rejects - inTopology
    return ", \(inTopology) evaluated against the topology\nWarning: the interfaces of the "
      + "other \(others) are not in the topology\(firstText); they were diagnosed from the "
      + "logs alone.\n"
  }
}
