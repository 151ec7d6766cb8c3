import Analysis
import FlowLogs
import Foundation
import NetworkPrimitives
import Rendering
import Testing
import Topology

@testable import FlowCauseCLI

/// `diagnose --output jsonl` writes bytes directly (the fast path); the JSON value tree of
/// `--output json` is the simple path. Both must give the same text for every diagnosis.
@Suite("JSON Lines written directly match the JSON value tree")
struct DiagnosisLineWriterTests {
  @Test("Every scenario's diagnoses, with and without its topology")
  func scenarios() throws {
    let root = CLIHarness.packageRoot.appendingPathComponent("Scenarios")
    let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
    var compared = 0
    for name in names {
      let folder = root.appendingPathComponent(name)
      let flows = folder.appendingPathComponent("flows.log").path
      guard FileManager.default.fileExists(atPath: flows) else { continue }
      let topologyPath = folder.appendingPathComponent("topology").path
      let topology = try? TopologyInput.load(path: topologyPath).get()
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: flows)))
      var collector = ObservationCollector(stderr: MemoryWriter())
      _ = FlowLogReader().read(MemorySource(bytes), into: &collector)
      let files = [flows, "a \"quoted\" name\\with\tescapes"]
      let writer = DiagnosisLineWriter(files: files)
      for topology in [topology, nil] {
        for diagnosis in Diagnoser(topology: topology).diagnose(collector.observations) {
          var direct = ByteBuffer()
          writer.append(diagnosis, to: &direct)
          let tree = DiagnosisRenderer.json(diagnosis, files: files).rendered(pretty: false) + "\n"
          #expect(
            String(decoding: direct.array, as: UTF8.self) == tree,
            "\(name) line \(diagnosis.observation.line)")
          compared += 1
        }
      }
    }
    #expect(compared > 40)
  }
}
