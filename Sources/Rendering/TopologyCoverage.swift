import Messages

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
  func firstText(in language: Language) -> String {
    firstOutside.map {
      Message.firstOutside.text(in: language, ["eni": $0.interfaceId, "place": $0.place])
    } ?? ""
  }

  /// The line that heads the text output after the count of REJECTs: `, evaluated against the
  /// topology`, or what was and was not.
  package func headline(in language: Language) -> String {
    if isComplete { return Message.headlineEvaluated.text(in: language) + "\n" }
    let first = firstText(in: language)
    if inTopology == 0 {
      return Message.headlineNoneInTopology.text(in: language) + "\n"
        + Message.warningNoneInTopology.text(in: language, ["first": first]) + "\n"
    }
    let others = rejects - inTopology
    return Message.headlineSomeEvaluated.text(in: language, ["count": "\(inTopology)"]) + "\n"
      + Message.warningOthersOutside.text(in: language, ["others": "\(others)", "first": first])
      + "\n"
  }
}
