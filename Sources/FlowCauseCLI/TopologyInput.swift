import Foundation
import Rendering
import Topology

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads `--topology PATH`: one JSON file, or every `.json` file of a directory (sorted by name).
enum TopologyInput {
  enum Failure: Error {
    case cannotOpen(path: String, reason: String)
    case invalid(TopologyLoadError)
  }

  static func load(path: String) -> Result<Topology, Failure> {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return .failure(.cannotOpen(path: path, reason: "No such file or directory"))
    }
    var files: [String] = []
    if isDirectory.boolValue {
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
        return .failure(.cannotOpen(path: path, reason: "cannot list the directory"))
      }
      files = names.filter { $0.hasSuffix(".json") }.sorted().map {
        (path as NSString).appendingPathComponent($0)
      }
      if files.isEmpty {
        return .failure(.cannotOpen(path: path, reason: "the directory holds no .json file"))
      }
    } else {
      files = [path]
    }
    var documents: [TopologyDocument] = []
    for file in files {
      // Refused before it is read: a file over the limit is not held in memory.
      if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int,
        size > TopologyLimits.documentBytes
      {
        return .failure(.invalid(TopologyLimits.oversized(file, count: size)))
      }
      guard let data = FileManager.default.contents(atPath: file) else {
        return .failure(.cannotOpen(path: file, reason: "cannot read the file"))
      }
      documents.append(TopologyDocument(name: file, bytes: Array(data)))
    }
    do {
      return .success(try TopologyLoader().load(documents: documents))
    } catch {
      return .failure(.invalid(error))
    }
  }

  /// Loads `path` and reports on stderr: warnings, or the error with the exit code it means.
  static func loadReporting(path: String, io: CommandIO) -> Result<Topology, ExitCode> {
    switch load(path: path) {
    case .failure(.cannotOpen(let path, let reason)):
      io.stderr.write(DiagnosticRenderer.cannotOpen(path, reason: reason))
      return .failure(.noInput)
    case .failure(.invalid(let error)):
      io.stderr.write(DiagnosticRenderer.topologyError(error))
      return .failure(.dataError)
    case .success(let topology):
      for warning in topology.warnings {
        io.stderr.write(DiagnosticRenderer.topologyWarning(warning, path: path))
      }
      return .success(topology)
    }
  }
}
