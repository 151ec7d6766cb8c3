import FlowLogs
import NetworkPrimitives

/// What `diagnose --output summary` reports, counted as REJECTs are decided: totals by cause
/// and confidence, tables of the rules, interfaces, services, clients and patterns that reject
/// (with the first REJECTs of each as examples, and the time from the first to the last) and a
/// timeline, in memory that does not grow with the number of REJECTs. The text and Markdown
/// outputs of `diagnose` are rendered from it too.
///
/// Each table keeps at most ``keyLimit`` keys, exact until that many are met, then with the
/// keys that reject least dropped to make room (``Table``). `diagnose` decides REJECTs on
/// worker threads and counts them one by one in input order (``add(_:verdict:)``), so the
/// result does not depend on the number of threads (`DiagnoseSummaryTests`). Summaries of
/// consecutive runs of REJECTs also merge (``merge(_:)``) into what adding their REJECTs one by
/// one gives until room has to be made (`RejectSummaryTests`).
package struct RejectSummary: Hashable, Sendable {
  /// Keys each table holds.
  package static let keyLimit = 10_000
  /// Examples kept for each key: its first REJECTs in input order.
  package static let examplesPerKey = 3

  /// REJECTs counted.
  package private(set) var rejects = 0
  package private(set) var causes = CauseCounts()
  /// By ``Confidence``, in the order of its cases.
  package private(set) var confidences = [0, 0, 0]
  /// By the `cause`, `component` and `rule` of the JSON Line.
  package private(set) var rules: Table<RuleKey>
  /// By `interface-id`.
  package private(set) var interfaces: Table<String>
  /// By protocol and the server's port (``ServiceKey``).
  package private(set) var services: Table<ServiceKey>
  /// By the client's address: `dstaddr` of a response, else `srcaddr`.
  package private(set) var clients: Table<IPAddress>
  /// By pattern: REJECTs alike but for the client and the time (``PatternKey``).
  package private(set) var patterns: Table<PatternKey>
  package private(set) var timeline: Timeline
  /// Whether the first REJECT of each pattern is kept in words (``firstRejects``).
  package let keepsWords: Bool
  /// With ``keepsWords``, the first REJECT of each pattern ``patterns`` holds (since it last
  /// entered the table).
  package internal(set) var firstRejects: [PatternKey: FirstReject] = [:]

  /// `keyLimit` and `bucketLimit` are smaller in tests.
  package init(
    keyLimit: Int = RejectSummary.keyLimit, bucketLimit: Int = Timeline.bucketLimit,
    keepsWords: Bool = false
  ) {
    self.keepsWords = keepsWords
    rules = Table(limit: keyLimit)
    interfaces = Table(limit: keyLimit)
    services = Table(limit: keyLimit)
    clients = Table(limit: keyLimit)
    patterns = Table(limit: keyLimit)
    patterns.keepsDropped = keepsWords
    timeline = Timeline(limit: bucketLimit)
  }

  /// A row of ``rules``: the words the JSON Line decides with.
  package struct RuleKey: Hashable, Sendable {
    package var cause: Cause
    package var component: String?
    package var rule: Int?

    package init(cause: Cause, component: String?, rule: Int?) {
      self.cause = cause
      self.component = component
      self.rule = rule
    }
  }

  /// A row of ``services``: the protocol and the server's port, `srcport` of a response and
  /// `dstport` otherwise (`nil` for a record without ports).
  package struct ServiceKey: Hashable, Sendable {
    package var protocolNumber: UInt8
    package var port: UInt16?
  }

  /// A row of ``patterns``: the interface, the words of ``RuleKey``, the direction and role,
  /// and the service of ``ServiceKey``; what is left to tell one REJECT of a pattern from
  /// another is the client, its port and the time.
  package struct PatternKey: Hashable, Sendable {
    package var interfaceId: String
    package var rule: RuleKey
    package var direction: FlowDirection?
    package var role: FlowRole?
    package var service: ServiceKey
  }

  /// A REJECT given as an example: the record's fields of its JSON Line, and its cause.
  package struct Example: Hashable, Sendable {
    package var file: Int
    package var line: Int
    package var interfaceId: String
    package var source: IPAddress
    package var destination: IPAddress
    package var sourcePort: UInt16?
    package var destinationPort: UInt16?
    package var protocolNumber: UInt8
    package var cause: Cause

    package init(_ record: FlowObservation, cause: Cause) {
      file = record.file
      line = record.line
      interfaceId = record.interfaceId
      source = record.source
      destination = record.destination
      sourcePort = record.hasPorts ? record.sourcePort : nil
      destinationPort = record.hasPorts ? record.destinationPort : nil
      protocolNumber = record.protocolNumber
      self.cause = cause
    }
  }

  /// Counts a diagnosis. Returns its pattern when it is the first of it the table holds.
  @discardableResult
  package mutating func add(_ diagnosis: Diagnosis) -> PatternKey? {
    let new = add(
      diagnosis.observation, cause: diagnosis.cause, confidence: diagnosis.confidence,
      component: diagnosis.component, rule: diagnosis.rule, direction: diagnosis.direction,
      role: diagnosis.role)
    keepWords(of: new) { diagnosis }
    return new
  }

  /// Decides a REJECT (``Diagnosis/Words``) and counts it (``add(_:verdict:)``). Returns its
  /// pattern when it is the first of it the table holds.
  @discardableResult
  package mutating func add(_ pending: StreamingDiagnoser.Pending) -> PatternKey? {
    add(pending, verdict: Diagnosis.Words(pending))
  }

  /// Counts a REJECT decided elsewhere; with ``keepsWords``, keeps `pending` as the first of
  /// its pattern when it is (its words are put only if the pattern is listed:
  /// ``resolveWords(for:)``). Returns its pattern when it is the first of it the table holds.
  @discardableResult
  package mutating func add(_ pending: StreamingDiagnoser.Pending, verdict: Diagnosis.Words)
    -> PatternKey?
  {
    let new = add(
      pending.record, cause: verdict.cause, confidence: verdict.confidence,
      component: verdict.component, rule: verdict.rule, direction: verdict.direction,
      role: verdict.role)
    if keepsWords, new != nil { patterns.keepFirstOfNewest(pending) }
    return new
  }

  /// Counts a REJECT; returns its pattern when it is the first of it the table holds.
  private mutating func add(
    _ record: FlowObservation, cause: Cause, confidence: Confidence, component: String?,
    rule: Int?, direction: FlowDirection?, role: FlowRole?
  ) -> PatternKey? {
    rejects += 1
    causes[cause] += 1
    switch confidence {
    case .high: confidences[0] += 1
    case .medium: confidences[1] += 1
    case .low: confidences[2] += 1
    }
    let response = role == .response
    let ruleKey = RuleKey(cause: cause, component: component, rule: rule)
    rules.add(ruleKey, cause, record)
    interfaces.add(record.interfaceId, cause, record)
    let port = response ? record.sourcePort : record.destinationPort
    let service = ServiceKey(
      protocolNumber: record.protocolNumber, port: record.hasPorts ? port : nil)
    services.add(service, cause, record)
    clients.add(response ? record.destination : record.source, cause, record)
    let compactions = patterns.compactions
    let pattern = PatternKey(
      interfaceId: record.interfaceId, rule: ruleKey, direction: direction, role: role,
      service: service)
    let new = patterns.add(pattern, cause, record)
    if patterns.compactions > compactions { forgetDroppedWords() }
    timeline.add(start: record.start, cause: cause)
    return new ? pattern : nil
  }

  /// Drops the words of the patterns no longer held.
  private mutating func forgetDroppedWords() {
    guard keepsWords else { return }
    let dropped = patterns.takeDropped()
    guard !firstRejects.isEmpty else { return }
    for key in dropped { firstRejects.removeValue(forKey: key) }
  }

  /// Adds the counts of `later`, a summary of the REJECTs that follow this one's in input
  /// order: the same as adding them one by one, when `later` has not reached its key limit
  /// (a batch of REJECTs, far fewer than the limit). With ``keepsWords``, the patterns met
  /// first in `later` take its words.
  package mutating func merge(_ later: RejectSummary) {
    let compactions = patterns.compactions
    rejects += later.rejects
    causes += later.causes
    for index in confidences.indices { confidences[index] += later.confidences[index] }
    rules.merge(later.rules)
    interfaces.merge(later.interfaces)
    services.merge(later.services)
    clients.merge(later.clients)
    let added = patterns.merge(later.patterns)
    if patterns.compactions > compactions { forgetDroppedWords() }
    if keepsWords {
      for key in added where patterns.holds(key) { firstRejects[key] = later.firstRejects[key] }
    }
    timeline.merge(later.timeline)
  }

  /// The count of REJECTs at `confidence`.
  package func count(_ confidence: Confidence) -> Int {
    switch confidence {
    case .high: confidences[0]
    case .medium: confidences[1]
    case .low: confidences[2]
    }
  }
}
