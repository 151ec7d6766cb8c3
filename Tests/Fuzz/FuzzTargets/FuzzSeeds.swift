import FlowCauseCLI
import Foundation
import RandomNetworks

/// The seed inputs each target's corpus grew from: the tests' fixtures and scenarios, and a
/// random network's simulated log, each behind the mode bytes that read it in the forms the
/// target tries (`fuzz-TARGET --write-seeds FOLDER`, Tests/Fuzz/run.sh seed).
public enum FuzzSeeds {
  public static func inputs(for target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
    switch target {
    case .reader: return readerSeeds()
    case .topology: return topologySeeds()
    case .traffic: return trafficSeeds()
    case .diagnose: return diagnoseSeeds()
    }
  }

  /// Writes `target`'s seeds into `folder`.
  public static func write(_ target: FuzzTarget, to folder: String) {
    let url = URL(fileURLWithPath: folder)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, bytes) in inputs(for: target) {
      _ = Scratch.write(bytes, as: name, in: url)
    }
  }

  static func files(in relative: String) -> [(String, [UInt8])] {
    let folder = Fixtures.root.appendingPathComponent(relative)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.sorted().compactMap { name in
      guard !name.hasSuffix(".md"), !name.hasSuffix(".py"),
        let data = FileManager.default.contents(
          atPath: folder.appendingPathComponent(name).path)
      else { return nil }
      return (name, Array(data))
    }
  }

  static func readerSeeds() -> [(name: String, bytes: [UInt8])] {
    var seeds: [(String, [UInt8])] = []
    for (name, bytes) in files(in: "Tests/FlowCauseCLITests/Fixtures/same-records") {
      if name.hasSuffix(".gz") {
        seeds.append(("\(name)-raw", [4] + bytes))
      } else if name != "expected.jsonl" {
        seeds.append(("\(name)-stdin", [0] + bytes))
        seeds.append(("\(name)-file", [2] + bytes))
        seeds.append(("\(name)-gzip", [6] + bytes))
      }
    }
    // The reader's vectors: each input, with its format when it has one.
    for (name, bytes) in files(in: "Tests/FlowLogsTests/Vectors") {
      guard
        let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
        let input = object["input"] as? String
      else { continue }
      seeds.append(("vector-\(name)", [0] + Array(input.utf8)))
    }
    return seeds
  }

  static func topologySeeds() -> [(name: String, bytes: [UInt8])] {
    var seeds: [(String, [UInt8])] = []
    for (name, bytes) in files(in: "Tests/TopologyTests/Fixtures/native") {
      seeds.append(("native-\(name)", [0] + bytes))
    }
    for (name, bytes) in files(in: "Tests/TopologyTests/Fixtures/security-group-rules") {
      seeds.append(("rules-\(name)", [0] + bytes))
    }
    for (name, bytes) in files(in: "Tests/TopologyTests/Fixtures/aws") {
      if let index = FuzzRun.describeFiles.firstIndex(of: name) {
        seeds.append(("aws-\(name)", [0x80 | UInt8(index)] + bytes))
      }
    }
    for scenario in scenarios() {
      seeds.append(("scenario-\(scenario)", [0] + merged("Scenarios/\(scenario)/topology")))
    }
    seeds.append(("sample-7", [0] + sampleTopologyBytes()))
    return seeds
  }

  static func trafficSeeds() -> [(name: String, bytes: [UInt8])] {
    var seeds: [(String, [UInt8])] = []
    let sample = Fixtures.sample
    let traffic = NativeDocument.json(
      NativeDocument.traffic(sample.traffic, kinds: sample.kinds, description: "fuzz"))
    seeds.append(("sample-7", [0] + Array(traffic.utf8)))
    seeds.append(("sample-7-header", [1] + Array(traffic.utf8)))
    for scenario in scenarios() {
      if let bytes = FileManager.default.contents(
        atPath: Fixtures.root.appendingPathComponent("Scenarios/\(scenario)/traffic.json").path)
      {
        seeds.append(("scenario-\(scenario)", [0] + Array(bytes)))
      }
    }
    return seeds
  }

  static func diagnoseSeeds() -> [(name: String, bytes: [UInt8])] {
    // The sample's own log, simulated as `flowcause simulate` writes it.
    let sample = Fixtures.sample
    let traffic = NativeDocument.json(
      NativeDocument.traffic(sample.traffic, kinds: sample.kinds, description: "fuzz"))
    let trafficPath = Scratch.write(Array(traffic.utf8), as: "seed-traffic.json")
    let plain = FuzzRun.flowcause([
      "simulate", "--topology", Fixtures.sampleTopology, "--traffic", trafficPath,
    ]).stdout
    let custom = FuzzRun.flowcause([
      "simulate", "--topology", Fixtures.sampleTopology, "--traffic", trafficPath, "--format",
      FuzzRun.customFormat,
    ]).stdout
    var seeds: [(String, [UInt8])] = [
      ("sample-7-logs-only", [0x00] + plain),
      ("sample-7-topology-text", [0x01] + plain),
      ("sample-7-topology-jsonl", [0x05] + plain),
      ("sample-7-topology-json-file", [0x49] + plain),
      ("sample-7-custom", [0x21] + custom),
    ]
    // A small log against a topology of its own.
    for scenario in scenarios().prefix(4) {
      let folder = "Scenarios/\(scenario)"
      guard
        let log = FileManager.default.contents(
          atPath: Fixtures.root.appendingPathComponent("\(folder)/flows.log").path)
      else { continue }
      seeds.append(
        (
          "scenario-\(scenario)",
          [0x07] + merged("\(folder)/topology") + Array("\n---\n".utf8) + Array(log)
        ))
    }
    return seeds
  }

  /// A folder's `describe-*` files merged into one object, as `jq -s add` merges them.
  static func merged(_ relative: String) -> [UInt8] {
    var object: [String: Any] = [:]
    for (_, bytes) in files(in: relative) {
      if let part = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] {
        object.merge(part) { first, _ in first }
      }
    }
    return Array(NativeDocument.json(object).utf8)
  }

  static func scenarios() -> [String] {
    let folder = Fixtures.root.appendingPathComponent("Scenarios").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
  }

  static func sampleTopologyBytes() -> [UInt8] {
    FileManager.default.contents(atPath: Fixtures.sampleTopology).map(Array.init) ?? []
  }
}
