import Analysis
import FlowLogs
import Foundation
import RandomNetworks

/// A flow log the differential's generator draws (``NetworkSample``: a seeded network, its
/// traffic, the simulator's records), written as files `diagnose` reads: an S3 header line and
/// the records in one format family, the traffic of each seed in turn `shift` seconds after the
/// one before (a seed given several times repeats its traffic: a log of hours), cut into `files`
/// files; and the first seed's snapshot topology as a native file (the other seeds' ENIs are
/// then not in it).
struct SimulatedLog {
  /// The log files, in order.
  var paths: [String]
  var topologyPath: String
  /// Each record's `start`, by file index and line.
  var starts: [FileLine: Int64]
  /// Each record's `end`, the same way.
  var ends: [FileLine: Int64] = [:]
  /// Records written (header lines aside), and those whose action is REJECT.
  var records: Int
  var rejects: Int

  struct FileLine: Hashable {
    var file: Int
    var line: Int
  }

  init(
    seeds: [UInt64], version: LogLayout.Version, shift: Int64 = 3_600, files: Int = 1
  ) throws {
    var all: [SimulatedRecord] = []
    for (round, seed) in seeds.enumerated() {
      let sample = NetworkSample(seed: seed)
      let simulated = try Simulator(
        topology: sample.network, window: sample.window, seed: sample.seed
      ).simulate(sample.traffic)
      for var record in simulated {
        record.start += Int64(round) * shift
        record.end += Int64(round) * shift
        all.append(record)
      }
    }
    let sample = NetworkSample(seed: seeds.first ?? 1)
    let format = sample.layout.format(version)
    let directory = try CLIHarness.temporaryDirectory()
    let topology = directory.appendingPathComponent("topology.json")
    try NativeDocument.json(
      NativeDocument.topology(sample.snapshot, description: "seed \(sample.seed)")
    )
    .write(to: topology, atomically: true, encoding: .utf8)
    topologyPath = topology.path
    paths = []
    starts = [:]
    records = all.count
    rejects = all.filter { $0.flow?.accepted == false }.count
    let perFile = (all.count + files - 1) / max(files, 1)
    for file in 0..<files {
      let part = all.dropFirst(file * perFile).prefix(perFile)
      var text = format.description + "\n"
      for (offset, record) in part.enumerated() {
        text += record.line(in: format) + "\n"
        starts[FileLine(file: file, line: offset + 2)] = record.start
        ends[FileLine(file: file, line: offset + 2)] = record.end
      }
      let url = directory.appendingPathComponent("flows-\(file).log")
      try text.write(to: url, atomically: true, encoding: .utf8)
      paths.append(url.path)
    }
  }

  /// `diagnose` on the log, with its topology or without.
  func diagnose(_ options: [String], topology: Bool) -> CLIHarness.Run {
    CLIHarness.run(
      ["diagnose"] + options + (topology ? ["--topology", topologyPath] : []) + paths)
  }
}
