import Analysis
import FlowLogs
import Foundation
import Rendering
import Topology

/// `flowcause simulate --topology PATH --traffic FILE [--format FORMAT] [--header]
/// [--window 60|600] [--seed N] [--truth FILE]`.
struct SimulateCommand {
  let topologyPath: String
  let trafficPath: String
  let format: FlowLogFormat
  let header: Bool
  let window: Int64
  let seed: UInt64
  let truthPath: String?

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments,
      valueOptions: ["--topology", "--traffic", "--format", "--window", "--seed", "--truth"],
      flagOptions: ["--header"])
    guard scanner.positional.isEmpty else {
      throw UsageError("unexpected argument '\(scanner.positional[0])'")
    }
    guard let topology = scanner.value("--topology") else {
      throw UsageError("--topology is required")
    }
    guard let traffic = scanner.value("--traffic") else {
      throw UsageError("--traffic is required")
    }
    topologyPath = topology
    trafficPath = traffic
    format = try scanner.formatOption() ?? .defaultV2
    header = scanner.flag("--header")
    let windowText = scanner.value("--window") ?? "60"
    guard let window = Int64(windowText), window == 60 || window == 600 else {
      throw UsageError("--window must be 60 or 600 (seconds)")
    }
    self.window = window
    let seedText = scanner.value("--seed") ?? "1"
    guard let seed = UInt64(seedText) else {
      throw UsageError("--seed: '\(seedText)' is not a number")
    }
    self.seed = seed
    truthPath = scanner.value("--truth")
  }

  func run(io: CommandIO) -> ExitCode {
    let topology: Topology
    switch TopologyInput.loadReporting(path: topologyPath, io: io) {
    case .failure(let exit): return exit
    case .success(let loaded): topology = loaded
    }
    let traffic: Traffic
    do {
      traffic = try TrafficFile.load(path: trafficPath)
    } catch {
      io.stderr.write(error.message)
      return error.cannotOpen ? .noInput : .dataError
    }
    let records: [SimulatedRecord]
    do {
      records = try Simulator(topology: topology, window: window, seed: seed).simulate(
        traffic,
        skipped: { skip in
          io.stderr.write(
            "\(trafficPath): conversations[\(skip.conversation)]: warning: \(skip.reason)\n")
        })
    } catch {
      io.stderr.write("\(trafficPath): error: \(error)\n")
      return .dataError
    }
    // The truth file is created before the first record is written: a path that cannot be
    // created stops the command with nothing written.
    var truth: TruthFile? = nil
    if let truthPath {
      switch TruthFile.create(path: truthPath) {
      case .failure(let error):
        io.stderr.write(DiagnosticRenderer.cannotCreate(truthPath, reason: error.reason))
        return .cannotCreate
      case .success(let file): truth = file
      }
    }
    var line = 0
    if header {
      io.stdout.write(format.description + "\n")
      line += 1
    }
    for record in records {
      line += 1
      io.stdout.write(record.line(in: format) + "\n")
      if let known = record.truth, let truth {
        var fields: [(String, JSONOut)] = [
          ("line", .int(line)), ("interface-id", .string(record.interfaceId)),
        ]
        fields += Self.truthFields(known)
        fields.append(("direction", .optional(record.flow?.direction.rawValue)))
        if known.oneWay { fields.append(("one-way", .bool(true))) }
        if !record.otherTruths.isEmpty {
          // A record that aggregates REJECTs of several conversations with different causes.
          fields.append(("also", .array(record.otherTruths.map { .object(Self.truthFields($0)) })))
        }
        truth.writer.write(JSONOut.object(fields).rendered(pretty: false) + "\n")
      }
    }
    if let truth, let truthPath, let reason = truth.close() {
      io.stderr.write("\(truthPath): error: cannot write: \(reason)\n")
      return .ioError
    }
    return .success
  }
}

extension SimulateCommand {
  /// The keys of a `--truth` line that describe what rejected the record (docs/simulate.md).
  static func truthFields(_ truth: SimulatedRecord.Truth) -> [(String, JSONOut)] {
    [
      ("cause", .string(truth.cause.rawValue)), ("role", .string(truth.role.rawValue)),
      ("component", .optional(truth.component)), ("rule", .optional(truth.rule)),
    ]
  }
}
