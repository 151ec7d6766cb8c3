import Analysis
import FlowLogs
import Foundation
import Messages
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
  /// `--compare PATH`: the topology B to compare the log under `--topology` (A) with.
  let comparePath: String?
  /// `--output`, with `--compare`: text (default) or jsonl.
  let compareOutput: CompareOutput
  /// `--lang`: the language of the comparison's sentences and the warnings.
  let languageOption: String?

  enum CompareOutput: String { case text, jsonl }

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments,
      valueOptions: [
        "--topology", "--traffic", "--format", "--window", "--seed", "--truth", "--compare",
        "--output", "--lang",
      ],
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
    comparePath = scanner.value("--compare")
    languageOption = try scanner.languageOption()
    if let output = scanner.value("--output") {
      guard comparePath != nil else { throw UsageError("--output needs --compare") }
      guard let parsed = CompareOutput(rawValue: output) else {
        throw UsageError("--output must be text or jsonl")
      }
      compareOutput = parsed
    } else {
      compareOutput = .text
    }
    if comparePath != nil, truthPath != nil {
      throw UsageError("--truth and --compare cannot be given together")
    }
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
    let language = io.language(languageOption, command: "simulate")
    guard
      let records = simulate(
        traffic, in: topology, io: io, label: comparePath == nil ? nil : "A", language: language)
    else { return .dataError }
    if let comparePath {
      return compare(
        records, traffic: traffic, comparePath: comparePath, language: language, io: io)
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
  /// The records of `traffic` under `topology`; `nil` (said on stderr) when it cannot be
  /// simulated. `label` names the topology in warnings when two are compared.
  func simulate(
    _ traffic: Traffic, in topology: Topology, io: CommandIO, label: String?,
    language: Language
  ) -> [SimulatedRecord]? {
    let under = label.map { Message.underTopology.text(in: language, ["side": $0]) } ?? ""
    do {
      return try Simulator(topology: topology, window: window, seed: seed).simulate(
        traffic,
        skipped: { skip in
          io.stderr.write(
            "\(trafficPath): conversations[\(skip.conversation)]: warning: "
              + "\(skip.note.text(in: language))\(under)\n")
        })
    } catch {
      let failure = Message.conversationFailure.text(
        in: language,
        ["number": "\(error.conversation + 1)", "reason": error.note.text(in: language)])
      io.stderr.write("\(trafficPath): error: \(failure)\(under)\n")
      return nil
    }
  }

  /// `--compare`: the log under B beside the log under A (`records`).
  func compare(
    _ records: [SimulatedRecord], traffic: Traffic, comparePath: String, language: Language,
    io: CommandIO
  ) -> ExitCode {
    let other: Topology
    switch TopologyInput.loadReporting(path: comparePath, io: io) {
    case .failure(let exit): return exit
    case .success(let loaded): other = loaded
    }
    guard
      let otherRecords = simulate(traffic, in: other, io: io, label: "B", language: language)
    else {
      return .dataError
    }
    let comparison = SimulationComparison(
      a: records, b: otherRecords, topologyB: other, firstLine: header ? 2 : 1, window: window)
    switch compareOutput {
    case .text:
      io.stdout.write(
        ComparisonRenderer.text(
          comparison, a: topologyPath, b: comparePath, traffic: trafficPath, language: language))
    case .jsonl:
      io.stdout.write(ComparisonRenderer.jsonLines(comparison, format: format, language: language))
    }
    return .success
  }

  /// The keys of a `--truth` line that describe what rejected the record (docs/simulate.md).
  static func truthFields(_ truth: SimulatedRecord.Truth) -> [(String, JSONOut)] {
    [
      ("cause", .string(truth.cause.rawValue)), ("role", .string(truth.role.rawValue)),
      ("component", .optional(truth.component)), ("rule", .optional(truth.rule)),
    ]
  }
}
