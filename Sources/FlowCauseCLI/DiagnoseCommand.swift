import Analysis
import Dispatch
import FlowLogs
import NetworkPrimitives
import Rendering
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
    threads = try scanner.threadsOption(default: ArgumentScanner.processors)
    fetch = try LogFetch.parse(scanner)
    format = try Self.format(scanner, fetch: fetch, command: "diagnose")
    guard let output = Output(rawValue: scanner.value("--output") ?? "text") else {
      throw UsageError("--output must be text, json or jsonl")
    }
    self.output = output
    topologyPath = scanner.value("--topology")
    let names = scanner.positional.isEmpty ? ["-"] : scanner.positional
    inputs = names.map(InputFile.init(name:))
  }

  /// The format to read records with before a header line: `--format`, else the `LogFormat` of
  /// the flow log `fetch` reads (`describe-flow-logs.json`), else none (the default format). A
  /// format that lacks a field a diagnosis needs is a usage error naming the fields: none of its
  /// records could be diagnosed.
  static func format(_ scanner: ArgumentScanner, fetch: LogFetch?, command: String)
    throws(UsageError) -> FlowLogFormat?
  {
    let format: FlowLogFormat
    let origin: String
    if let given = try scanner.formatOption() {
      (format, origin) = (given, "--format")
    } else if let fetch, let logFormat = try fetch.logFormat(topology: scanner.value("--topology"))
    {
      (format, origin) = (
        logFormat, "the LogFormat of the flow log delivering to \(fetch.destination)"
      )
    } else {
      return nil
    }
    let missing = FlowObservation.missingFields(in: format)
    guard missing.isEmpty else {
      throw UsageError("\(origin) \(DiagnosticRenderer.formatLacks(missing, command: command))")
    }
    return format
  }

  func run(io: CommandIO) -> ExitCode {
    AllocatorTuning.apply()
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
    var reader = FlowLogReader(format: format)
    reader.decompressAhead = threads > 1
    reader.mapsRegularFiles = true
    let files = inputs.map(\.name)
    // JSON Lines run to about a kilobyte per REJECT: into a file, they skip the page cache.
    if output == .jsonl, let file = io.stdout as? FileDescriptorWriter { file.writeDirectly() }
    let sink = DiagnosisSink(output: output, files: files, stdout: io.stdout, threads: threads)
    var collector = ObservationCollector(stderr: io.stderr)
    collector.stream(into: sink, diagnoser: Diagnoser(topology: topology))
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
        MappedInputGuard.reading(input.name)
        let counts = reader.read(opened.source, into: &collector, threads: threads)
        opened.close()
        total += counts
        if counts.bad > 0 || counts.inputErrors > 0 { exit = exit.worst(.dataError) }
      }
    }
    collector.finish()
    sink.finish()
    if collector.unusableHeaders > 0 { exit = exit.worst(.dataError) }
    switch output {
    case .jsonl:
      break
    case .json:
      io.stdout.write(
        DiagnosisRenderer.document(
          sink.kept, files: files, counts: total, topology: topology != nil,
          undiagnosed: collector.undiagnosed, withoutAction: collector.withoutAction,
          duplicates: collector.duplicateRejects
        )
        .rendered(pretty: true) + "\n")
    case .text:
      io.stdout.write(
        DiagnosisRenderer.text(
          sink.summary, files: files, topology: topology != nil,
          withoutAction: collector.withoutAction))
    }
    io.stdout.flush()
    io.stderr.write(DiagnosticRenderer.summary(total, files: inputs.count, unopened: unopened))
    if collector.lateRecords > 0 {
      io.stderr.write(DiagnosticRenderer.lateRecords(collector.lateRecords))
    }
    if collector.decidedEarly > 0 {
      io.stderr.write(DiagnosticRenderer.decidedEarly(collector.decidedEarly))
    }
    if let first = collector.firstDuplicate {
      // The same file given twice is named by its place among the inputs too.
      let twice =
        first.copy.file != first.of.file
        && files[safe: first.copy.file] == files[safe: first.of.file]
      func place(_ record: FlowObservation) -> String {
        "\(files[safe: record.file] ?? "-"):\(record.line)"
          + (twice ? " (input \(record.file + 1))" : "")
      }
      io.stderr.write(
        DiagnosticRenderer.duplicateRejects(
          collector.duplicateRejects, first: place(first.copy), of: place(first.of)))
    }
    if let first = collector.firstUndiagnosed {
      io.stderr.write(
        DiagnosticRenderer.undiagnosedRejects(
          collector.undiagnosed, first: "\(files[safe: first.file] ?? "-"):\(first.line)"))
    }
    if let first = collector.firstWithoutAction {
      io.stderr.write(
        DiagnosticRenderer.recordsWithoutAction(
          collector.withoutAction, first: "\(files[safe: first.file] ?? "-"):\(first.line)"))
    }
    return exit
  }
}

/// Receives the REJECTs whose window has closed, in input order, and decides them: on `threads`
/// worker threads in batches while reading goes on (one thread: right here). JSON Lines are
/// written as batches complete, in input order; the other outputs keep the diagnoses (they
/// summarise before they list).
final class DiagnosisSink {
  let output: DiagnoseCommand.Output
  let stdout: any ByteWriter
  let threads: Int
  /// `--output json`: every diagnosis (the document lists them all).
  private(set) var kept: [Diagnosis] = []
  /// `--output text`: counts and the first diagnoses, bounded.
  private(set) var summary = DiagnosisRenderer.TextSummary()
  private let lineWriter: DiagnosisLineWriter
  /// Templates of the commonest diagnoses (``DiagnosisLineWriter/Template``).
  private let templates = DiagnosisLineWriter.TemplatePool()
  /// The one thread's cache, without workers.
  private let soloCache = DiagnosisLineWriter.TemplateCache()
  private var buffer = ByteBuffer(capacity: 1 << 17)
  private var batch: [StreamingDiagnoser.Pending] = []
  /// Batches handed to workers, oldest first.
  private var inFlight: [Batch] = []
  /// Decided batches are written out on a queue of their own, in order, so that the reading
  /// thread (the busiest) does not copy their bytes to the output; at most `outputSlots`
  /// batches wait there.
  private let outputQueue = DispatchQueue(label: "flowcause.diagnose-output")
  private let outputSlots = DispatchSemaphore(value: 4)
  static let batchSize = 512

  /// One batch's work, shared between the reading thread and a worker.
  final class Batch: @unchecked Sendable {
    let items: [StreamingDiagnoser.Pending]
    let lineWriter: DiagnosisLineWriter?
    let templates: DiagnosisLineWriter.TemplatePool
    var bytes = ByteBuffer(capacity: 1)
    var diagnoses: [Diagnosis] = []
    let done = DispatchSemaphore(value: 0)

    init(
      items: [StreamingDiagnoser.Pending], lineWriter: DiagnosisLineWriter?,
      templates: DiagnosisLineWriter.TemplatePool
    ) {
      self.items = items
      self.lineWriter = lineWriter
      self.templates = templates
    }

    func run() {
      if let lineWriter {
        bytes = ByteBuffer(capacity: items.count * 1024)
        let cache = templates.take()
        for item in items { DiagnosisSink.write(item, lineWriter, cache, &bytes) }
        templates.give(cache)
      } else {
        diagnoses = items.map { $0.decide() }
      }
    }
  }

  init(output: DiagnoseCommand.Output, files: [String], stdout: any ByteWriter, threads: Int) {
    self.output = output
    self.stdout = stdout
    self.threads = threads
    lineWriter = DiagnosisLineWriter(files: files)
  }

  /// Writes one REJECT's JSON Line: from a template when it is the commonest shape.
  static func write(
    _ pending: StreamingDiagnoser.Pending, _ lineWriter: DiagnosisLineWriter,
    _ cache: DiagnosisLineWriter.TemplateCache, _ out: inout ByteBuffer
  ) {
    if let quick = pending.decideQuickly() {
      lineWriter.append(
        quick, record: pending.record, cache: cache, general: pending.decide, to: &out)
    } else {
      lineWriter.append(pending.decide(), to: &out)
    }
  }

  func emit(_ pending: StreamingDiagnoser.Pending) {
    guard threads > 1 else {
      if output == .jsonl {
        Self.write(pending, lineWriter, soloCache, &buffer)
        if buffer.count >= 1 << 16 { flushBuffer() }
      } else {
        take(pending.decide())
      }
      return
    }
    batch.append(pending)
    if batch.count >= Self.batchSize { dispatch() }
  }

  private func take(_ diagnosis: Diagnosis) {
    switch output {
    case .jsonl:
      lineWriter.append(diagnosis, to: &buffer)
      if buffer.count >= 1 << 16 { flushBuffer() }
    case .json: kept.append(diagnosis)
    case .text: summary.add(diagnosis)
    }
  }

  private func dispatch() {
    let work = Batch(
      items: batch, lineWriter: output == .jsonl ? lineWriter : nil, templates: templates)
    batch = []
    inFlight.append(work)
    DispatchQueue.global(qos: .utility).async {
      work.run()
      work.done.signal()
    }
    // Bound the memory held by batches in flight: wait for the oldest beyond two per thread.
    while inFlight.count > 8 * threads { complete(inFlight.removeFirst()) }
  }

  private func complete(_ work: Batch) {
    work.done.wait()
    switch output {
    case .jsonl:
      outputSlots.wait()
      let writer = SendableWriter(writer: stdout)
      let slots = outputSlots
      outputQueue.async {
        writer.writer.write(work.bytes.bytes)
        slots.signal()
      }
    case .json: kept.append(contentsOf: work.diagnoses)
    case .text: for diagnosis in work.diagnoses { summary.add(diagnosis) }
    }
  }

  /// Decides what is still queued and writes every JSON Line held back, in order.
  func finish() {
    if !batch.isEmpty { dispatch() }
    while !inFlight.isEmpty { complete(inFlight.removeFirst()) }
    outputQueue.sync {}
    flushBuffer()
  }

  /// The output, handed to the output queue: only that queue writes to it while batches are
  /// being written, and `finish` waits for the queue before anything else writes.
  private struct SendableWriter: @unchecked Sendable {
    let writer: any ByteWriter
  }

  private func flushBuffer() {
    guard buffer.count > 0 else { return }
    stdout.write(buffer.bytes)
    buffer.removeAll()
  }
}

/// Keeps the records diagnosis needs (or streams them into a diagnoser), and reports bad lines
/// as `parse` does, and header lines whose format lacks a field diagnosis needs.
struct ObservationCollector: ChunkedFlowLogConsumer {
  let stderr: any ByteWriter
  var file = 0
  var fileName = "-"
  /// The command, as messages name it (`diagnose needs …`).
  var command = "diagnose"
  /// The records read, when not streaming.
  var observations: [FlowObservation] = []
  /// A part of a chunked read keeps its records packed, their ENI ids numbered by an interner
  /// of its own, and its diagnostics, until it is appended.
  private var isPart = false
  private var packed: [PackedObservation] = []
  private var partNames = TokenInterner()
  private var partMessages: [PartMessage] = []

  /// What a part reports, in line order, written when it is appended.
  private enum PartMessage {
    case diagnostic(ReadDiagnostic)
    case headerLacks(line: Int, missing: [String])
  }
  /// Records a part makes room for at once: a megabyte chunk of 100-byte lines (default-format
  /// lines are about 120).
  static let recordsPerPart = 10_500
  private var streaming: StreamingDiagnoser? = nil
  private var sink: DiagnosisSink? = nil
  private var interner: TokenInterner? = TokenInterner()

  init(stderr: any ByteWriter) { self.stderr = stderr }

  /// Diagnoses records as they arrive and hands the diagnoses to `sink`, instead of keeping
  /// every record.
  mutating func stream(into sink: DiagnosisSink, diagnoser: Diagnoser) {
    self.sink = sink
    streaming = StreamingDiagnoser(diagnoser: diagnoser)
  }

  /// Records that arrived more than the streaming diagnoser's slack behind newer ones.
  var lateRecords: Int { streaming?.lateRecords ?? 0 }
  /// REJECTs decided before their window closed: the streaming diagnoser held its limit.
  var decidedEarly: Int { streaming?.decidedEarly ?? 0 }
  /// REJECT records that copy an earlier record, counted and not diagnosed again; the first,
  /// and the record it copies.
  var duplicateRejects: Int { streaming?.duplicateRejects ?? 0 }
  var firstDuplicate: (copy: FlowObservation, of: FlowObservation)? { streaming?.firstDuplicate }

  /// REJECT records that cannot be diagnosed (no `interface-id`, addresses or `protocol`: the
  /// format lacks one, or it is `-`), and where the first of them is (file index and line).
  private(set) var undiagnosed = 0
  private(set) var firstUndiagnosed: (file: Int, line: Int)? = nil
  /// Records read with a format without `action` (a header line's: `--format` must have one),
  /// whose REJECTs cannot be told, and where the first is.
  private(set) var withoutAction = 0
  private(set) var firstWithoutAction: (file: Int, line: Int)? = nil
  /// Header lines whose format lacks a field diagnosis needs (each reported as an error).
  private(set) var unusableHeaders = 0

  private mutating func countUndiagnosed(_ record: RecordLine) {
    guard formatHasAction else {
      withoutAction += 1
      if firstWithoutAction == nil { firstWithoutAction = (file, record.lineNumber) }
      return
    }
    guard record.action == .reject else { return }
    undiagnosed += 1
    if firstUndiagnosed == nil { firstUndiagnosed = (file, record.lineNumber) }
  }

  /// Decides the REJECTs still waiting for their window to close.
  mutating func finish() {
    guard let sink else { return }
    streaming?.finishPending { sink.emit($0) }
  }

  func makePart() -> ObservationCollector {
    var part = ObservationCollector(stderr: stderr)
    part.file = file
    part.fileName = fileName
    part.command = command
    part.isPart = true
    return part
  }

  mutating func append(_ part: ObservationCollector) { append(part, lineOffset: 0) }

  /// Parts number their chunk's lines from 1; the reading thread need not count them.
  static var numbersLinesInAppend: Bool { true }

  mutating func append(_ part: ObservationCollector, lineOffset: Int) {
    if let sink, streaming != nil {
      streaming?.add(
        part: part.packed, names: part.partNames, lineOffset: lineOffset,
        pending: { sink.emit($0) })
    } else {
      var translation: [Int32] = []
      for packed in part.packed {
        // The part numbered its ENIs with an interner of its own.
        var observation = packed.observation(names: part.partNames)
        observation.line += lineOffset
        observation.renumberInterface(into: &interner, translation: &translation)
        observations.append(observation)
      }
    }
    undiagnosed += part.undiagnosed
    if firstUndiagnosed == nil, let first = part.firstUndiagnosed {
      firstUndiagnosed = (first.file, first.line + lineOffset)
    }
    withoutAction += part.withoutAction
    if firstWithoutAction == nil, let first = part.firstWithoutAction {
      firstWithoutAction = (first.file, first.line + lineOffset)
    }
    unusableHeaders += part.unusableHeaders
    for message in part.partMessages {
      switch message {
      case .diagnostic(var diagnostic):
        if let line = diagnostic.line { diagnostic.line = line + lineOffset }
        stderr.write(DiagnosticRenderer.render(diagnostic, file: fileName))
      case .headerLacks(let line, let missing):
        stderr.write(
          DiagnosticRenderer.headerLacks(
            missing, file: fileName, line: line + lineOffset, command: command))
      }
    }
  }

  /// Field positions for the last format seen, recomputed when the format changes.
  /// (`indices` is not optional, and is read in place: a copy of its dozen optionals for each
  /// record cost two `memcpy` calls.)
  private var indexedFormat: AnyObject? = nil
  private var indices = FlowObservation.FieldIndices(.defaultV2)
  private var formatHasAction = true

  mutating func record(_ record: RecordLine) {
    if !record.hasFormatIdentity(indexedFormat) {
      indexedFormat = record.formatIdentity
      indices = FlowObservation.FieldIndices(record.format)
      formatHasAction = record.format.actionIndex != nil
    }
    if isPart {
      if let packed = PackedObservation(
        record: record, file: file, indices: indices, interner: &partNames)
      {
        // A part is a chunk of about a megabyte: room for its records at once, not by
        // doubling (each doubling copied the records packed so far).
        if self.packed.isEmpty { self.packed.reserveCapacity(Self.recordsPerPart) }
        self.packed.append(packed)
      } else {
        countUndiagnosed(record)
      }
    } else if let sink, streaming != nil {
      if streaming?.add(record: record, file: file, indices: indices, pending: { sink.emit($0) })
        == false
      {
        countUndiagnosed(record)
      }
    } else if let observation = FlowObservation(
      record: record, file: file, indices: indices, interner: &interner)
    {
      observations.append(observation)
    } else {
      countUndiagnosed(record)
    }
  }

  mutating func diagnostic(_ diagnostic: ReadDiagnostic) {
    if isPart {
      // Rendered when appended, with its line number counted from the input's start.
      partMessages.append(.diagnostic(diagnostic))
    } else {
      stderr.write(DiagnosticRenderer.render(diagnostic, file: fileName))
    }
  }

  /// A header line whose format lacks a field diagnosis needs is an error naming the file and
  /// line: none of the records after it can be diagnosed (their REJECTs are counted as
  /// undiagnosed, or, when the format has no action, every record as without action).
  mutating func header(_ format: FlowLogFormat, line: Int) {
    let missing = FlowObservation.missingFields(in: format)
    guard !missing.isEmpty else { return }
    unusableHeaders += 1
    if isPart {
      partMessages.append(.headerLacks(line: line, missing: missing))
    } else {
      stderr.write(
        DiagnosticRenderer.headerLacks(missing, file: fileName, line: line, command: command))
    }
  }
}
