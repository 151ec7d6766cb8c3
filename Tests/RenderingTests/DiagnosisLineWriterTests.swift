import Analysis
import FlowLogs
import Foundation
import NetworkPrimitives
import Rendering
import Testing
import Topology

/// `diagnose --output jsonl` writes bytes directly (the fast path); the JSON value tree of
/// `--output json` is the simple path. Both must give the same text for every diagnosis.
@Suite("JSON Lines written directly match the JSON value tree")
struct DiagnosisLineWriterTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The records of a flow log that diagnosis reads.
  struct Observations: FlowLogConsumer {
    var observations: [FlowObservation] = []
    mutating func record(_ record: RecordLine) {
      if let observation = FlowObservation(record: record, file: 0) {
        observations.append(observation)
      }
    }
    mutating func diagnostic(_ diagnostic: ReadDiagnostic) {}
  }

  /// A scenario's topology: every `.json` file of its `topology` folder, or `nil`.
  static func topology(_ folder: URL) throws -> Topology? {
    let path = folder.appendingPathComponent("topology")
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path.path) else {
      return nil
    }
    let documents = try names.filter { $0.hasSuffix(".json") }.sorted().map { name in
      let file = path.appendingPathComponent(name)
      return TopologyDocument(name: file.path, bytes: try [UInt8](Data(contentsOf: file)))
    }
    return try TopologyLoader().load(documents: documents)
  }

  @Test("Every scenario's diagnoses, with and without its topology")
  func scenarios() throws {
    let root = Self.packageRoot.appendingPathComponent("Scenarios")
    let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
    var compared = 0
    for name in names {
      let folder = root.appendingPathComponent(name)
      let flows = folder.appendingPathComponent("flows.log").path
      guard FileManager.default.fileExists(atPath: flows) else { continue }
      let topology = try Self.topology(folder)
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: flows)))
      var read = Observations()
      _ = FlowLogReader().read(MemorySource(bytes), into: &read)
      let files = [flows, "a \"quoted\" name\\with\tescapes"]
      let writer = DiagnosisLineWriter(files: files)
      for topology in [topology, nil] {
        for diagnosis in Diagnoser(topology: topology).diagnose(read.observations) {
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
