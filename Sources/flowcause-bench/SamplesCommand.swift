import FlowLogs
import Foundation
import RandomNetworks

/// `flowcause-bench samples --seeds N [--seed S] --out DIR`: the differential's random networks
/// as files, for checks that run outside Swift (Tests/Integration/sql-engines.sh): for each seed,
/// `DIR/seed-K/` holds the snapshot topology (`topology.json`, the native format) and the flow
/// log the simulator writes for its traffic in each format family, each with its header line
/// (`v2.log`, `v3.log`, `v5.log`), and the v5 log's REJECT records alone (`v5-rejects.log`, a
/// flow log of traffic type REJECT).
enum SamplesCommand {
  static func run(_ arguments: ArraySlice<String>) throws -> Int32 {
    let options = try BenchArguments(
      arguments, valueOptions: ["--seeds", "--seed", "--out"], flagOptions: [])
    guard let directory = options.value("--out") else {
      throw BenchUsageError("--out is required")
    }
    let count = try options.integer("--seeds", default: 10)
    let first = try options.seed(default: 1)
    var written = 0
    for seed in first..<(first + UInt64(max(count, 0))) {
      let sample = NetworkSample(seed: seed)
      let run = try DifferentialRun(sample, modes: [])
      let folder = "\(directory)/seed-\(seed)"
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true)
      var files: [(String, String)] = [
        (
          "topology.json",
          NativeDocument.json(
            NativeDocument.topology(sample.snapshot, description: "seed \(seed)"))
        )
      ]
      for version in LogLayout.Version.allCases {
        let format = sample.layout.format(version)
        let lines = run.records.map { $0.line(in: format) }
        files.append(("\(version.rawValue).log", format.description + "\n" + joined(lines)))
        if version == .v5 {
          let rejects = zip(run.records, lines).filter { $0.0.flow?.accepted == false }.map(\.1)
          files.append(("v5-rejects.log", format.description + "\n" + joined(rejects)))
        }
      }
      for (name, text) in files {
        let path = "\(folder)/\(name)"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
          throw BenchFailure("cannot write \(path)")
        }
      }
      written += 1
    }
    print("wrote \(written) samples to \(directory)")
    return 0
  }

  private static func joined(_ lines: [String]) -> String {
    lines.map { $0 + "\n" }.joined()
  }
}
