import FlowCauseCLI
import Foundation
import RandomNetworks

#if canImport(Glibc)
  import Glibc
#endif

/// Files the targets write their inputs to: one folder per process, each file overwritten by
/// the next input.
public enum Scratch {
  static let folder: URL = {
    // In memory where the system has it (/dev/shm): inputs are written thousands of times a
    // second.
    let shared = URL(fileURLWithPath: "/dev/shm")
    let base =
      FileManager.default.isWritableFile(atPath: shared.path)
      ? shared : FileManager.default.temporaryDirectory
    let url = base.appendingPathComponent(
      "flowcause-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { Scratch.remove() }
    return url
  }()

  /// Removes the folder (at exit).
  public static func remove() {
    try? FileManager.default.removeItem(at: folder)
  }

  /// Writes `bytes` as `name` in the folder and returns its path.
  static func write(_ bytes: [UInt8], as name: String, in folder: URL = folder) -> String {
    // Written in place, without Foundation's atomic rename and sync: an input costs
    // microseconds, not a disk flush.
    let path = folder.appendingPathComponent(name).path
    var descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if descriptor < 0 {
      // The folder was removed (``remove()``): made again.
      try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    guard descriptor >= 0 else { fatalError("cannot write \(path)") }
    defer { close(descriptor) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
      }
      guard written > 0 else { fatalError("cannot write \(path)") }
      offset += written
    }
    return path
  }

  nonisolated(unsafe) static var replaced: String?

  /// A folder holding `files`, but for `name`, which holds `bytes`.
  static func directory(with files: [String: [UInt8]], replacing name: String, by bytes: [UInt8])
    -> String
  {
    let folder = folder.appendingPathComponent("aws")
    if !FileManager.default.fileExists(atPath: folder.path) {
      try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for (file, contents) in files { _ = write(contents, as: file, in: folder) }
    }
    if let previous = replaced {
      if let contents = files[previous] {
        _ = write(contents, as: previous, in: folder)
      } else {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(previous))
      }
    }
    replaced = name
    _ = write(bytes, as: name, in: folder)
    return folder.path
  }
}

/// The fixed inputs the targets run against.
public enum Fixtures {
  /// The package's root, from this file's place in it.
  public static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The `describe-*` files of the topology tests' AWS network.
  static let awsTopology: [String: [UInt8]] = {
    let folder = root.appendingPathComponent("Tests/TopologyTests/Fixtures/aws")
    var files: [String: [UInt8]] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    where name.hasSuffix(".json") {
      files[name] = (try? Data(contentsOf: folder.appendingPathComponent(name))).map(Array.init)
    }
    return files
  }()

  /// A random network's snapshot (seed 7: two VPCs, peering, NAT, IPv6), in the native format.
  public static let sample = NetworkSample(seed: 7)

  static let sampleTopology: String = Scratch.write(
    Array(
      NativeDocument.json(NativeDocument.topology(sample.snapshot, description: "fuzz")).utf8),
    as: "sample-topology.json")

  /// Ends to trace between in a topology's text: its first ENI ids, and an internet host.
  static func ends(inTopologyText bytes: [UInt8]) -> [(String, String, String)] {
    var ids: [String] = []
    let text = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
    var rest = text[...]
    while ids.count < 3, let range = rest.range(of: "\"eni-") {
      let id = rest[rest.index(after: range.lowerBound)...].prefix { $0 != "\"" }
      if id.count < 40, !ids.contains(String(id)) { ids.append(String(id)) }
      rest = rest[range.upperBound...]
    }
    guard let first = ids.first else { return [] }
    let second = ids.dropFirst().first ?? first
    return [
      (first, second, "tcp"), ("198.51.100.7", first, "tcp"), (first, "198.51.100.7", "icmp"),
    ]
  }
}
