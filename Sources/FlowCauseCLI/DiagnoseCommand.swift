import Analysis
import FlowLogs
import NetworkPrimitives
import Topology

/// `flowcause diagnose [--topology PATH] [--format FORMAT] [--output text|json|jsonl] FILE ...`.
struct DiagnoseCommand {
  enum Output: String { case text, json, jsonl }

  let inputs: [InputFile]
  let format: FlowLogFormat?
  let topologyPath: String?
  let output: Output
  let threads: Int
  /// `--cloudwatch`/`--s3`: records fetched with the AWS CLI (AWS/LogFetch.swift).
  let fetch: LogFetch?

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let options: Set = ["--topology", "--format", "--output", "--threads"]
    let scanner = try ArgumentScanner(
      arguments, valueOptions: options.union(LogFetch.valueOptions), flagOptions: [])
    threads = try scanner.threadsOption()
    fetch = try LogFetch.parse(scanner)
    let fetchedFormat = try fetch?.logFormat(topology: scanner.value("--topology"))
    format = try scanner.formatOption() ?? fetchedFormat
    guard let output = Output(rawValue: scanner.value("--output") ?? "text") else {
      throw UsageError("--output must be text, json or jsonl")
    }
    self.output = output
    topologyPath = scanner.value("--topology")
    let names = scanner.positional.isEmpty ? ["-"] : scanner.positional
    inputs = names.map(InputFile.init(name:))
  }

  func run(io: CommandIO) -> ExitCode {
    var topology: Topology? = nil
    if let topologyPath {
      switch TopologyInput.loadReporting(path: topologyPath, io: io) {
      case .failure(let exit): return exit
      case .success(let loaded): topology = loaded
      }
    }
    let inputs: [InputFile]
    switch LogFetch.resolve(fetch, files: self.inputs, topology: topologyPath, io: io) {
    case .failure(let exit): return exit
    case .success(let resolved): inputs = resolved
    }
    let reader = FlowLogReader(format: format)
    var collector = ObservationCollector(stderr: io.stderr)
    var total = ReadCounts()
    var unopened = 0
    var exit = ExitCode.success
    for (index, input) in inputs.enumerated() {
      switch input.open(io: io) {
      case .failure(let error):
        unopened += 1
        io.stderr.write(DiagnosticRenderer.cannotOpen(input.name, reason: error.reason))
        exit = exit.worst(.noInput)
      case .success(let opened):
        collector.file = index
        collector.fileName = input.name
        let counts = reader.read(opened.source, into: &collector, threads: threads)
        opened.close()
        total += counts
        if counts.bad > 0 || counts.inputErrors > 0 { exit = exit.worst(.dataError) }
      }
    }
    let diagnoses = Diagnoser(topology: topology).diagnose(collector.observations)
    let files = inputs.map(\.name)
    switch output {
    case .jsonl:
      for diagnosis in diagnoses {
        io.stdout.write(
          DiagnosisRenderer.json(diagnosis, files: files).rendered(pretty: false) + "\n")
      }
    case .json:
      io.stdout.write(
        DiagnosisRenderer.document(
          diagnoses, files: files, counts: total, topology: topology != nil
        )
        .rendered(pretty: true) + "\n")
    case .text:
      io.stdout.write(DiagnosisRenderer.text(diagnoses, files: files, topology: topology != nil))
    }
    io.stdout.flush()
    io.stderr.write(DiagnosticRenderer.summary(total, files: inputs.count, unopened: unopened))
    return exit
  }
}

/// Keeps the records diagnosis needs, and reports bad lines as `parse` does.
struct ObservationCollector: ChunkedFlowLogConsumer {
  let stderr: any ByteWriter
  var file = 0
  var fileName = "-"
  var observations: [FlowObservation] = []
  /// A part of a chunked read keeps its diagnostics until it is appended.
  private var isPart = false
  private var messages: [String] = []

  init(stderr: any ByteWriter) { self.stderr = stderr }

  func makePart() -> ObservationCollector {
    var part = ObservationCollector(stderr: stderr)
    part.file = file
    part.fileName = fileName
    part.isPart = true
    return part
  }

  mutating func append(_ part: ObservationCollector) {
    observations.append(contentsOf: part.observations)
    for message in part.messages { stderr.write(message) }
  }

  /// Field positions for the last format seen, recomputed when the format changes.
  private var indexedFormat: FlowLogFormat? = nil
  private var indices: FlowObservation.FieldIndices? = nil

  mutating func record(_ record: RecordLine) {
    if indexedFormat != record.format || indices == nil {
      indexedFormat = record.format
      indices = FlowObservation.FieldIndices(record.format)
    }
    guard let indices else { return }
    if let observation = FlowObservation(record: record, file: file, indices: indices) {
      observations.append(observation)
    }
  }

  mutating func diagnostic(_ diagnostic: ReadDiagnostic) {
    let message = DiagnosticRenderer.render(diagnostic, file: fileName)
    if isPart {
      messages.append(message)
    } else {
      stderr.write(message)
    }
  }
}
