import FlowLogs
import NetworkPrimitives
import Testing

@testable import Analysis
@testable import RandomNetworks

/// How a diagnosis is held to the simulator's truth (``Judgement``): a record that aggregates
/// several conversations' REJECTs has several truths, any of which a diagnosis may name, and the
/// role of a one-way packet is not judged.
@Suite("Judgements of aggregated and one-way REJECTs")
struct JudgementTests {
  static let withTopology = DiagnosisMode(withTopology: true, version: .v5)

  static let group = SimulatedRecord.Truth(
    cause: .securityGroup, role: .request, component: "sg-1", rule: nil)
  static let entry = SimulatedRecord.Truth(
    cause: .networkACL, role: .response, component: "acl-1", rule: 100)

  /// A diagnosis of an inbound ICMP REJECT, then given `cause` and the rest.
  static func diagnosis(
    _ cause: Cause, component: String? = nil, rule: Int? = nil, candidates: [Cause] = [],
    role: FlowRole? = nil
  ) throws -> Diagnosis {
    let observation = FlowObservation(
      file: 0, line: 1, interfaceId: "eni-1", source: try #require(IPAddress("192.0.2.7")),
      destination: try #require(IPAddress("10.0.1.10")), sourcePort: 0, destinationPort: 0,
      protocolNumber: 1, packets: 3, start: 60, end: 62, action: .reject)
    var diagnosis = try #require(Diagnoser(topology: nil).diagnose([observation]).first)
    diagnosis.cause = cause
    diagnosis.component = component
    diagnosis.rule = rule
    diagnosis.candidates = candidates
    diagnosis.role = role
    diagnosis.confidence = cause == .undetermined ? .low : .high
    return diagnosis
  }

  static func judge(
    _ diagnosis: Diagnosis, _ truth: SimulatedRecord.Truth, also: [SimulatedRecord.Truth]
  )
    -> Judgement
  {
    Judgement(
      mode: withTopology, line: 1, index: 0, kind: .pingsOneWindow, truth: truth,
      otherTruths: also, diagnosis: diagnosis)
  }

  @Test("A diagnosis that names a truth merged under also agrees, with that truth's ACL entry")
  func alsoAgrees() throws {
    let named = Self.judge(
      try Self.diagnosis(.networkACL, component: "acl-1", rule: 100), Self.group,
      also: [Self.entry])
    #expect(named.verdict == .agrees)
    #expect(named.judgedTruth == Self.entry)
    let otherEntry = Self.judge(
      try Self.diagnosis(.networkACL, component: "acl-1", rule: 200), Self.group,
      also: [Self.entry])
    #expect(otherEntry.verdict == .wrongDetail)
    #expect(otherEntry.judgedTruth == Self.group)
    let neither = Self.judge(try Self.diagnosis(.afterClose), Self.group, also: [Self.entry])
    #expect(neither.verdict == .wrongCause)
    #expect(neither.truthText.contains(", also network-acl response acl-1 rule 100"))
  }

  @Test("An undetermined diagnosis is honest when its candidates hold any of the truths")
  func alsoAmongCandidates() throws {
    let honest = Self.judge(
      try Self.diagnosis(.undetermined, candidates: [.networkACL, .afterClose]), Self.group,
      also: [Self.entry])
    #expect(honest.verdict == .undetermined)
    #expect(!honest.candidatesMissTruth)
    #expect(honest.failureClass == nil)
    let missing = Self.judge(
      try Self.diagnosis(.undetermined, candidates: [.routing, .afterClose]), Self.group,
      also: [Self.entry])
    #expect(missing.candidatesMissTruth)
    #expect(
      missing.failureClass?.contains(
        "true security-group request (also network-acl response), candidates [routing, after-close]"
      )
        == true)
  }

  @Test("The role of a one-way packet is not judged, and is shown as one-way")
  func oneWayRole() throws {
    var backscatter = Self.group
    backscatter.oneWay = true
    let judged = Self.judge(
      try Self.diagnosis(.securityGroup, component: "sg-1", role: .response), backscatter,
      also: [])
    #expect(judged.verdict == .agrees)
    #expect(judged.truthText == "true security-group one-way sg-1")
    #expect(judged.undeterminedClass.hasPrefix("true security-group one-way (role response"))
  }
}
