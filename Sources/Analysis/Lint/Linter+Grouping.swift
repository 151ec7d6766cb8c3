import Messages
import Topology

/// One finding per rule to change: checks report each case they find (a service on an ENI, a
/// rule of a group); findings of the same id about the same rule of the same component are one
/// finding that lists everything it affects.
extension Linter {
  struct GroupKey: Hashable {
    var id: Finding.ID
    var componentId: String
    var rule: Finding.Rule?
  }

  /// `findings` with those about the same rule merged, each with ``Finding/affected`` filled.
  static func grouped(_ findings: [Finding]) -> [Finding] {
    var order: [GroupKey] = []
    var groups: [GroupKey: [Finding]] = [:]
    for finding in findings {
      let key = GroupKey(
        id: finding.id, componentId: finding.componentId, rule: finding.ruleToChange)
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(finding)
    }
    return order.map { key in
      withAffected(mergedFinding(groups[key] ?? []))
    }
  }

  /// Several findings about one rule as one: the most severe, every rule, id and client kind
  /// of each, and their distinct sentences (joined as the language joins sentences).
  static func mergedFinding(_ members: [Finding]) -> Finding {
    var first = members[0]
    guard members.count > 1 else { return first }
    first.severity = members.map(\.severity).max() ?? first.severity
    first.rules = members.flatMap(\.rules).uniqued()
    first.relatedIds = Set(members.flatMap(\.relatedIds)).sorted()
    first.shadowedBy = Set(members.flatMap(\.shadowedBy)).sorted()
    let kinds = Set(members.flatMap(\.clientsCutOff))
    first.clientsCutOff = ClientKind.allCases.filter { kinds.contains($0) }
    first.affected = Finding.Affected(
      interfaceIds: Set(members.flatMap(\.affected.interfaceIds)).sorted(),
      groupIds: Set(members.flatMap(\.affected.groupIds)).sorted(),
      subnetIds: Set(members.flatMap(\.affected.subnetIds)).sorted(),
      services: members.flatMap(\.affected.services).uniqued(),
      clients: members.flatMap(\.affected.clients).uniqued())
    first.note = Explanation.joined(
      members.map(\.note).uniqued(), separator: .lintSentenceSpace)
    first.fixNote = Explanation.joined(
      members.map(\.fixNote).uniqued(), separator: .lintSentenceSpace)
    return first
  }

  /// The finding with ``Finding/affected`` filled from its ids and rules where the check left
  /// it empty: ENIs, groups (the component's and its rules') and subnets.
  static func withAffected(_ finding: Finding) -> Finding {
    var finding = finding
    var affected = finding.affected
    let ids = finding.relatedIds + [finding.componentId]
    if affected.interfaceIds.isEmpty {
      affected.interfaceIds = Set(ids.filter { $0.hasPrefix("eni-") }).sorted()
    }
    if affected.groupIds.isEmpty {
      var groups = Set(ids.filter { $0.hasPrefix("sg-") })
      for rule in finding.rules {
        if case .securityGroupRule(let groupId, _, _) = rule { groups.insert(groupId) }
      }
      affected.groupIds = groups.sorted()
    }
    if affected.subnetIds.isEmpty {
      affected.subnetIds = Set(ids.filter { $0.hasPrefix("subnet-") }).sorted()
    }
    finding.affected = affected
    return finding
  }

  /// `a, b and c`; past `limit`, `a, b, c and 4 more`. `phrases`: as ``FixWording/and(_:phrases:)``.
  static func listed(_ items: [Explanation], limit: Int = 3, phrases: Bool = false)
    -> Explanation
  {
    if items.count <= limit { return FixWording.and(items, phrases: phrases) }
    return Explanation(
      .lintAndMore,
      [
        "items": Explanation.joined(Array(items.prefix(limit)), separator: .listComma),
        "count": "\(items.count - limit)",
      ])
  }

  /// The first three of `items` joined by `separator`, then `and N more ENIs` (the JSON lists
  /// them all): what a sentence names of a long list.
  static func firstFew(_ items: [Explanation], separator: Message) -> Explanation {
    guard items.count > 3 else { return Explanation.joined(items, separator: separator) }
    return Explanation(
      .lintAndMoreENIs,
      [
        "items": Explanation.joined(Array(items.prefix(3)), separator: separator),
        "count": "\(items.count - 3)",
      ])
  }

  /// `eni-1`; `3 ENIs (eni-1, eni-2 and eni-3)`; `87 ENIs (eni-1, eni-2, eni-3 and 84 more)`:
  /// `many` is the message of more than one (`lintCountedENIs`, `lintCountedSGRules`).
  static func counted(_ items: [Explanation], many: Message) -> Explanation {
    if items.count == 1 { return items[0] }
    return Explanation(many, ["count": "\(items.count)", "list": listed(items)])
  }

  /// `ids` as explanations.
  static func words(_ ids: [String]) -> [Explanation] { ids.map(Explanation.init) }
}

extension Array where Element: Hashable {
  /// The elements in order, each once.
  func uniqued() -> [Element] {
    var seen = Set<Element>()
    return filter { seen.insert($0).inserted }
  }
}
