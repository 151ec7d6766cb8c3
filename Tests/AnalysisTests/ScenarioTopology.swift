import Foundation
import Topology

/// A bundled scenario's topology (`Scenarios/NAME/topology`), loaded as `--topology` loads it.
enum ScenarioTopology {
  static func folder(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Scenarios/\(name)/topology")
  }

  static func load(_ name: String) throws -> Topology {
    let folder = folder(name)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") }.sorted()
    return try TopologyLoader().load(
      documents: try files.map { file in
        TopologyDocument(
          name: file, bytes: Array(try Data(contentsOf: folder.appendingPathComponent(file))))
      })
  }
}
