import Foundation
import Topology

/// The fixture documents under `Fixtures/`, and small helpers to make documents in a test.
enum Fixtures {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// Every `.json` file of a fixture folder, sorted by name, named by file name.
  static func documents(in folder: String) throws -> [TopologyDocument] {
    let directory = root.appendingPathComponent(folder)
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".json") }.sorted()
    return try names.map { name in
      let data = try Data(contentsOf: directory.appendingPathComponent(name))
      return TopologyDocument(name: name, bytes: Array(data))
    }
  }

  /// The describe-* set under `Fixtures/aws/`.
  static func awsDocuments() throws -> [TopologyDocument] { try documents(in: "aws") }

  /// The same network in the native format.
  static func nativeDocuments() throws -> [TopologyDocument] { try documents(in: "native") }

  /// A document made from JSON text.
  static func document(_ name: String, _ json: String) -> TopologyDocument {
    TopologyDocument(name: name, bytes: Array(json.utf8))
  }

  /// Loads JSON texts as documents.
  static func load(_ documents: (String, String)...) throws(TopologyLoadError) -> Topology {
    try TopologyLoader().load(documents: documents.map { document($0.0, $0.1) })
  }

  /// The error loading `documents` throws, or `nil`.
  static func loadError(_ documents: (String, String)...) -> TopologyLoadError? {
    do {
      _ = try TopologyLoader().load(documents: documents.map { document($0.0, $0.1) })
      return nil
    } catch {
      return error
    }
  }
}
