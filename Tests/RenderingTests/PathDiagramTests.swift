import Analysis
import Foundation
import NetworkPrimitives
import RandomNetworks
import Rendering
import Testing
import Topology

/// The path diagram marks what `diagnose` names: on the differential's random networks and
/// traffic (not drawn for these tests), every REJECT's diagram, with the snapshot topology and
/// from the logs alone, marks exactly one checkpoint when the cause is a control (security
/// group, network ACL, routing), and it is the component and NACL rule the diagnosis names; it
/// marks none for a late packet, block public access or an undetermined cause.
@Suite("Path diagrams mark the rule diagnose names")
struct PathDiagramTests {
  static let controls: Set<Cause> = [.securityGroup, .networkACL, .routing]

  /// What is wrong with `diagram` drawn for `diagnosis`, if anything.
  static func problems(_ diagram: PathDiagram, _ diagnosis: Diagnosis) -> [String] {
    let marked = diagram.lanes.flatMap(\.nodes).filter(\.blocks)
    var problems: [String] = []
    if controls.contains(diagnosis.cause) {
      guard marked.count == 1, let mark = marked.first else {
        return ["\(marked.count) checkpoints marked, not 1"]
      }
      if let component = diagnosis.component, mark.component != component {
        problems.append("marks \(mark.component ?? "nil"), diagnose names \(component)")
      }
      if let rule = diagnosis.rule, mark.ruleNumber != rule {
        problems.append("marks rule \(mark.ruleNumber.map(String.init) ?? "nil"), not \(rule)")
      }
      if mark.state != .denied && mark.state != .undetermined {
        problems.append("the mark is \(mark.state.rawValue)")
      }
    } else if !marked.isEmpty {
      problems.append("\(diagnosis.cause.rawValue) names no control, yet a checkpoint is marked")
    }
    // Every diagram says what it shows in words, and draws both legs.
    if diagram.title.isEmpty || diagram.description.isEmpty {
      problems.append("no text alternative")
    }
    if diagram.lanes.count != 2 { problems.append("\(diagram.lanes.count) lanes") }
    let svg = diagram.svg(id: "d")
    if !svg.contains("<title id=\"d-title\">") || !svg.hasSuffix("</svg>\n") {
      problems.append("the SVG lacks its title or its end")
    }
    return problems
  }

  @Test("random networks, with the topology and from the logs alone")
  func randomNetworks() throws {
    var failures: [String] = []
    var marked = 0
    var drawn = 0
    let modes = [
      DiagnosisMode(withTopology: true, version: .v5),
      DiagnosisMode(withTopology: false, version: .v5),
      DiagnosisMode(withTopology: true, version: .v2),
    ]
    for seed in UInt64(1)...150 {
      let sample = NetworkSample(seed: seed)
      guard let run = try? DifferentialRun(sample, modes: modes) else { continue }
      let diagnoser = Diagnoser(topology: sample.snapshot)
      for judgement in run.judgements {
        let diagnosis = judgement.diagnosis
        // As the report and explain draw it: traced where the topology holds the ENI.
        let diagram = PathDiagram(
          diagnosis, trace: judgement.mode.withTopology ? diagnoser.trace(of: diagnosis) : nil
        ) { "line \($1)" }
        drawn += 1
        if diagram.blocking != nil { marked += 1 }
        for problem in Self.problems(diagram, diagnosis) where failures.count < 20 {
          failures.append(
            "seed \(seed) \(judgement.mode) line \(judgement.line) "
              + "(\(diagnosis.cause.rawValue) \(diagnosis.component ?? "")): \(problem)")
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    // The instrument draws enough to mean something.
    #expect(drawn > 1_000)
    #expect(marked > drawn / 4)
  }

  @Test("a trace alone marks its first denial; a reachable one marks nothing")
  func traceAlone() throws {
    // A web server on 80 whose subnet's network ACL lets no reply out to ephemeral ports.
    let folder = DiagnosisLineWriterTests.packageRoot
      .appendingPathComponent("Scenarios/nacl-missing-ephemeral-outbound")
    let topology = try #require(try DiagnosisLineWriterTests.topology(folder))
    let tracer = PathTracer(topology: topology)
    let web = "eni-0a1b7f3c9d5e70505"
    let cut = PathDiagram(
      trace: try tracer.trace(
        TraceRequest(from: "192.0.2.140", to: web, protocolNumber: 6, port: 80, sourcePort: 52814)))
    let marks = cut.lanes.enumerated().flatMap { lane in
      lane.element.nodes.filter(\.blocks).map { (lane.offset, $0) }
    }
    #expect(marks.count == 1)
    // The reply, at the subnet's network ACL on the way out, by the * entry.
    #expect(marks.first?.0 == 1)
    #expect(marks.first?.1.component == "acl-0a1b7f3c9d5e50506")
    #expect(marks.first?.1.ruleNumber == 32767)
    #expect(cut.title.hasPrefix("The reply is dropped at acl-0a1b7f3c9d5e50506"))
    // The request passed: its receiver is reached; the reply's is not.
    #expect(cut.lanes[0].nodes.last?.state == .end)
    #expect(cut.lanes[1].nodes.last?.state == .notReached)
    let svg = cut.svg(id: "t")
    #expect(svg.contains("data-blocks=\"true\" data-component=\"acl-0a1b7f3c9d5e50506\""))
    #expect(svg.contains("rejected here"))
    // The server's own call out on 443, which the logs show answered: reachable, nothing
    // marked.
    let open = PathDiagram(
      trace: try tracer.trace(
        TraceRequest(
          from: web, to: "198.51.100.10", protocolNumber: 6, port: 443, sourcePort: 46720)))
    #expect(open.blocking == nil)
    #expect(open.title.hasPrefix("Reachable"))
    #expect(open.lanes[1].nodes.last?.state == .end)
  }

  @Test("text in the SVG is escaped")
  func escaping() {
    #expect(
      PathDiagram.escaped("a<b & \"c\" > 'd'") == "a&lt;b &amp; &quot;c&quot; &gt; &#39;d&#39;")
  }
}
