import Analysis
import DiagnoseEngine
import FlowLogs
import Foundation
import Messages
import NetworkPrimitives
import Rendering
import Topology

/// `flowcause explain [--topology PATH] [--format FORMAT] [--output text|md] (--line N FILE |
/// RECORD)`: one record's whole story, step by step, or a short report of it in Markdown.
struct ExplainCommand {
  enum Output: String { case text, md, svg }

  let topologyPath: String?
  let format: FlowLogFormat?
  let line: Int?
  let file: String?
  let recordText: String?
  /// `--max-errors`: the most bad lines of FILE reported.
  let maxErrors: Int
  let output: Output
  /// `--lang`: the language of the story (else the environment's).
  let languageOption: String?

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments,
      valueOptions: ["--topology", "--format", "--line", "--max-errors", "--output", "--lang"],
      flagOptions: [])
    guard let output = Output(rawValue: scanner.value("--output") ?? "text") else {
      throw UsageError("--output must be text, md or svg")
    }
    self.output = output
    languageOption = try scanner.languageOption()
    topologyPath = scanner.value("--topology")
    maxErrors = try scanner.maxErrorsOption()
    format = try DiagnoseCommand.format(scanner, fetch: nil, command: "explain")
    if let lineText = scanner.value("--line") {
      guard let value = Int(lineText), value > 0 else {
        throw UsageError("--line: '\(lineText)' is not a line number")
      }
      guard scanner.positional.count == 1 else {
        throw UsageError("--line N needs one FILE (- for standard input)")
      }
      line = value
      file = scanner.positional[0]
      recordText = nil
    } else {
      guard !scanner.positional.isEmpty else {
        throw UsageError(
          "give --line N FILE (- for standard input), or the record itself as an argument")
      }
      // One argument that names a file (or -) is a FILE without its line, not a record.
      if scanner.positional.count == 1, let only = scanner.positional.first,
        only == "-" || FileManager.default.fileExists(atPath: only)
      {
        throw UsageError(
          "'\(only)' is a file: give the line of the REJECT to explain with --line N "
            + "(diagnose \(only) lists them with their lines)")
      }
      line = nil
      file = nil
      recordText = scanner.positional.joined(separator: " ")
    }
  }

  func run(io: CommandIO) -> ExitCode {
    let language = io.language(languageOption, command: "explain")
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    var topology: Topology? = nil
    if let topologyPath {
      switch TopologyInput.loadReporting(path: topologyPath, io: io) {
      case .failure(let exit): return exit
      case .success(let loaded): topology = loaded
      }
    }
    let name = file ?? "(argument)"
    let input = file.map(InputFile.init(name:))
    var collector = ObservationCollector(stderr: io.stderr)
    collector.fileName = name
    collector.command = "explain"
    collector.badLines = BadLineLimit(maxErrors: maxErrors)
    collector.keepsRecordText = output == .md
    var format = self.format
    if format == nil, let file {
      // A local file without a header line: its flow log's LogFormat, when the --topology
      // folder has describe-flow-logs.json (as diagnose reads it).
      switch DiagnoseCommand.savedFormats([file], topology: topologyPath) {
      case .failure(let error):
        io.stderr.write("flowcause explain: error: \(error.message)\n")
        return .usage
      case .success(let (formats, notes)):
        format = formats.first ?? nil
        for note in notes { io.stderr.write(note) }
      }
    }
    let reader = FlowLogReader(format: format)
    var counts = ReadCounts()
    if let input {
      switch input.open(io: io) {
      case .failure(let error):
        io.stderr.write(DiagnosticRenderer.cannotOpen(name, reason: error.reason))
        return .noInput
      case .success(let opened):
        counts = reader.read(opened.source, into: &collector)
        opened.close()
      }
    } else if let recordText {
      counts = reader.read(MemorySource(recordText), into: &collector)
    }
    collector.endInput()
    // A damaged input (broken JSON, truncated gzip) lost the records after the damage, and with
    // them the evidence: the reader has named the file and where; no story is told from part of
    // it. Bad lines elsewhere are reported too, and the story is told, with exit 65 as diagnose.
    if counts.inputErrors > 0 { return .dataError }
    // A header line whose format lacks a field explain needs has been named as an error.
    let done: ExitCode = counts.bad > 0 || collector.unusableHeaders > 0 ? .dataError : .success
    let wanted = line ?? 1
    guard let observation = collector.observations.first(where: { $0.line == wanted }) else {
      io.stderr.write(
        "\(name):\(wanted): error: no flow record with an action there (a header, a NODATA/SKIPDATA row, a bad line, or past the end)\n"
      )
      return .dataError
    }
    let diagnoser = Diagnoser(topology: topology)
    let diagnoses = diagnoser.diagnose(collector.observations)
    // The story, or the report in Markdown, under a warning when the topology given does not
    // hold the record's interface (as diagnose heads its outputs).
    func tell(_ diagnosis: Diagnosis) -> String {
      let eni = diagnosis.observation.interfaceId
      guard let topology, topology.networkInterfaces[eni] == nil else { return story(diagnosis) }
      let warning = say(.explainNotInTopology, ["eni": eni])
      io.stderr.write("flowcause explain: warning: \(warning)\n")
      switch output {
      case .md: return "> **\(say(.warningLabel))** \(warning)\n\n" + story(diagnosis)
      case .text: return "\(say(.warningLabel)) \(warning)\n\n" + story(diagnosis)
      case .svg: return story(diagnosis)
      }
    }
    func story(_ diagnosis: Diagnosis) -> String {
      switch output {
      case .text:
        return DiagnosisRenderer.story(
          diagnosis, name: name, topology: topology != nil,
          withoutGroups: topology?.networkInterfaces[diagnosis.observation.interfaceId]?
            .componentWithoutSecurityGroups,
          legs: LegsDiagram.text(
            diagnosis, trace: diagnoser.trace(of: diagnosis), name: name, language: language),
          language: language)
      case .md:
        return MarkdownReport.explain(
          diagnosis, name: name, records: collector.recordTexts,
          trace: diagnoser.trace(of: diagnosis), topology: topology, language: language)
      case .svg:
        return PathDiagram(
          diagnosis, trace: diagnoser.trace(of: diagnosis), place: { "\(name):\($1)" },
          language: language
        )
        .svg(id: "explain")
      }
    }
    if observation.action == .accept {
      let sentence = say(
        .explainAccept, ["place": "\(name):\(wanted)", "eni": observation.interfaceId])
      switch output {
      case .md: io.stdout.write("**\(sentence)**\n")
      case .text: io.stdout.write(sentence + "\n")
      case .svg:
        // An ACCEPT has no rejecting rule to draw: no picture, and an error, not an empty file
        // that looks like one.
        io.stderr.write(
          "\(name):\(wanted): error: an ACCEPT record: nothing rejected it, so there is no path to draw\n"
        )
        return .dataError
      }
      return done
    }
    if let diagnosis = diagnoses.first(where: { $0.observation == observation }) {
      io.stdout.write(tell(diagnosis))
      return done
    }
    // A copy of an earlier record (a file given twice) is diagnosed once, as that record.
    if let original = collector.observations.first(where: {
      $0.line < observation.line && $0.file == observation.file && observation.isCopy(of: $0)
    }), let diagnosis = diagnoses.first(where: { $0.observation == original }) {
      let repeats = say(
        .explainRepeats, ["place": "\(name):\(wanted)", "original": "\(name):\(original.line)"])
      if output == .svg {
        io.stderr.write("flowcause explain: \(repeats)\n")
      } else {
        io.stdout.write(repeats + ":\n\n")
      }
      io.stdout.write(tell(diagnosis))
      return done
    }
    io.stderr.write("\(name):\(wanted): error: the record could not be diagnosed\n")
    return .dataError
  }
}
