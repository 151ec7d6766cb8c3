import Analysis
import FlowLogs
import Messages
import Rendering
import Topology

/// `diagnose` without its command line: reads flow-log inputs, streams their records through a
/// diagnoser, and writes the diagnoses to `stdout` — JSON Lines (whole, or the keys of
/// `--fields`) as batches are decided on worker threads, or a JSON document, a summary of counts
/// or text once the last input is read — and bad lines to `stderr` as they are met.
///
/// The CLI opens the inputs (files, standard input, fetches with the AWS CLI), reports the ones
/// it cannot open, and turns the counts into an exit code:
///
/// ```swift
/// var engine = DiagnoseEngine(options, stdout: io.stdout, stderr: io.stderr)
/// for (index, input) in inputs.enumerated() { counts = engine.read(source, file: index) }
/// engine.finish()
/// for warning in engine.warnings() { io.stderr.write(warning) }
/// ```
package struct DiagnoseEngine {
  package enum Output: String, Sendable {
    case text, json, jsonl, summary, md, html

    /// Whether the output counts REJECTs (``RejectSummary``) rather than listing them.
    var counts: Bool { self == .summary || self == .text || self == .md || self == .html }
  }

  /// What a run is asked for.
  package struct Options {
    package var output: Output
    /// The inputs' names, in order, as the output names them.
    package var files: [String]
    package var topology: Topology?
    /// The format of records before a header line (`nil`: the default format).
    package var format: FlowLogFormat?
    /// Threads that parse and decide (1: all on the calling thread).
    package var threads: Int
    /// `--lang`: the language of the sentences (the explanations in JSON included).
    package var language: Language = .en
    /// With ``Output/jsonl``: the keys each line holds (`nil`: every key).
    package var fields: DiagnosisLineWriter.FieldSelection?
    /// The most bad lines of one input reported on stderr (`--max-errors`; 0: every one).
    package var maxErrors = BadLineLimit.defaultLimit
    /// Which REJECTs are reported (empty: all), and the criteria as the command line gave
    /// them (`--port 22 --cause network-acl`), for the text output.
    package var filter = RejectFilter()
    package var filterText = ""
    /// Each input's format before a header line, by its place in ``files``, where it is not
    /// ``format`` (the LogFormat `describe-flow-logs.json` gives a file; `nil` entries and
    /// inputs past the end: ``format``).
    package var formats: [FlowLogFormat?] = []
    /// Counts what is read, for a progress line (`nil`: not counted).
    package var progress: ReadProgress? = nil
    /// `diagnose --follow`: the input keeps coming until interrupted. With one thread, text
    /// output also writes each REJECT on a line as it is decided, and ``LiveOutput`` writes what
    /// has been decided whenever the input waits.
    package var live = false
    /// With ``Output/html``: the lines of an input as written, read again for the records a
    /// report quotes (`nil`, or an input it cannot read again: not quoted), the time the page
    /// is written, the local offset from UTC there, and flowcause's version.
    package var recordLines: ((_ file: Int, _ lines: Set<Int>) -> [Int: String]?)? = nil
    package var written: Int64 = 0
    package var localOffset = 0
    package var version = ""

    package init(
      output: Output, files: [String], topology: Topology?, format: FlowLogFormat?, threads: Int,
      fields: DiagnosisLineWriter.FieldSelection? = nil
    ) {
      self.output = output
      self.fields = fields
      self.files = files
      self.topology = topology
      self.format = format
      self.threads = threads
    }
  }

  package let options: Options
  private let stdout: any ByteWriter
  private let sink: DiagnosisSink
  private var collector: ObservationCollector
  private let reader: FlowLogReader
  /// The counts of every input read so far.
  package private(set) var counts = ReadCounts()

  package init(_ options: Options, stdout: any ByteWriter, stderr: any ByteWriter) {
    self.options = options
    self.stdout = stdout
    reader = Self.reader(
      format: options.format, threads: options.threads, progress: options.progress)
    let diagnoser = Diagnoser(topology: options.topology)
    sink = DiagnosisSink(
      output: options.output, fields: options.fields, files: options.files, stdout: stdout,
      threads: options.threads, filter: options.filter, progress: options.progress,
      cells: options.output.counts || options.fields?.needsDiagnosis == false
        ? DecisionCells(diagnoser) : nil, language: options.language)
    collector = ObservationCollector(stderr: stderr)
    sink.writesLiveLines = options.live && options.output == .text && options.threads == 1
    collector.badLines = BadLineLimit(maxErrors: options.maxErrors)
    collector.pathCheck = diagnoser.trafficPathCheck
    collector.stream(into: sink, diagnoser: diagnoser)
  }

  /// Reads `source`, the input at `file` in ``Options/files``, and returns its counts.
  package mutating func read(_ source: any ByteSource, file: Int) -> ReadCounts {
    collector.file = file
    collector.fileName = options.files[safe: file] ?? "-"
    var reader = self.reader
    if let format = options.formats[safe: file] ?? nil {
      reader = Self.reader(format: format, threads: options.threads, progress: options.progress)
    }
    let read = reader.read(source, into: &collector, threads: options.threads)
    collector.endInput()
    counts += read
    return read
  }

  private static func reader(format: FlowLogFormat?, threads: Int, progress: ReadProgress?)
    -> FlowLogReader
  {
    var reader = FlowLogReader(format: format)
    reader.progress = progress
    reader.decompressAhead = threads > 1
    reader.mapsRegularFiles = true
    return reader
  }

  /// What a live input (``Options/live``, one thread) can reach while it waits for more,
  /// from within its source's `read` on the reading thread.
  package var liveOutput: LiveOutput { LiveOutput(sink: sink, stdout: stdout) }

  package struct LiveOutput {
    fileprivate let sink: DiagnosisSink
    fileprivate let stdout: any ByteWriter

    /// Writes the REJECTs decided so far (JSON Lines, or the live text lines) and flushes.
    package func flush() {
      sink.flushHeld()
      stdout.flush()
    }

    /// The counts of the REJECTs decided so far.
    package var summary: RejectSummary { sink.rejectSummary }
  }

  /// Header lines whose format lacks a field diagnosis needs (each reported as an error).
  package var unusableHeaders: Int { collector.unusableHeaders }

  /// Decides the REJECTs still waiting and writes the rest of the output: the JSON Lines held
  /// back, or the JSON document, the summary or the text. `stdout` is not flushed.
  package mutating func finish() {
    collector.finish()
    sink.finish()
    let files = options.files
    switch options.output {
    case .jsonl:
      break
    case .json:
      stdout.write(
        DiagnosisRenderer.document(
          sink.kept, files: files, counts: counts, topology: topologyCoverage,
          undiagnosed: collector.undiagnosed, withoutAction: collector.withoutAction,
          duplicates: collector.duplicateRejects, filteredOut: sink.filteredOut,
          filters: options.filter.isEmpty ? nil : options.filterText,
          trafficPathMismatches: options.topology == nil ? nil : collector.pathMismatches,
          language: options.language
        )
        .rendered(pretty: true) + "\n")
    case .summary:
      stdout.write(
        SummaryRenderer.document(sink.rejectSummary, files: files, totals: totals)
          .rendered(pretty: true) + "\n")
    case .html:
      stdout.write(HTMLReport.page(reportContent()))
    case .text, .md:
      // The same counts, for a person: in the terminal, or to paste; the patterns listed in
      // words.
      sink.resolveWords(
        listed: options.output == .text
          ? DiagnosisRenderer.listedPatterns : MarkdownReport.tablePatterns)
      let filter =
        options.filter.isEmpty || options.filterText.isEmpty
        ? nil : (options.filterText, sink.filteredOut, sink.leftOutSpan)
      stdout.write(
        options.output == .text
          ? DiagnosisRenderer.text(
            sink.rejectSummary, files: files, topology: topologyCoverage,
            withoutAction: collector.withoutAction, filter: filter, badLines: counts.bad,
            language: options.language)
          : MarkdownReport.diagnose(
            sink.rejectSummary, files: files, topology: topologyCoverage,
            withoutAction: collector.withoutAction, filter: filter, badLines: counts.bad,
            language: options.language))
    }
  }

  /// The run's totals besides the summary's own counts. Read after ``finish()``.
  private var totals: SummaryRenderer.Totals {
    var totals = SummaryRenderer.Totals(counts: counts, topology: options.topology != nil)
    totals.undiagnosed = collector.undiagnosed
    totals.withoutAction = collector.withoutAction
    totals.duplicates = collector.duplicateRejects
    totals.filteredOut = sink.filteredOut
    totals.filters = options.filter.isEmpty ? nil : options.filterText
    totals.lateRecords = collector.lateRecords
    totals.trafficPathMismatches = collector.pathMismatches
    totals.decidedEarly = collector.decidedEarly
    totals.rejectsInTopology = topologyCoverage?.inTopology
    return totals
  }

  /// What the report shows: the summary, and for each drawn pattern its first REJECT decided
  /// again, traced through the topology (or placed by the logs alone), and its paired records'
  /// lines read again.
  private func reportContent() -> HTMLReport.Content {
    let summary = sink.rejectSummary
    let files = options.files
    let diagnoser = Diagnoser(topology: options.topology)
    var drawn: [HTMLReport.DrawnPattern] = []
    var quoted: [[(file: Int, line: Int, related: RelatedRecord?)]] = []
    var wanted: [Int: Set<Int>] = [:]
    for (rank, alike, row) in HTMLReport.drawnRows(summary) {
      let diagnosis = summary.firstDiagnosis(of: row.key)
      let records = diagnosis.map(Self.quoted) ?? []
      for record in records { wanted[record.file, default: []].insert(record.line) }
      quoted.append(records)
      drawn.append(
        HTMLReport.DrawnPattern(
          rank: rank, alike: alike, row: row, diagnosis: diagnosis,
          diagram: diagnosis.map {
            PathDiagram(
              $0, trace: diagnoser.trace(of: $0), place: place, language: options.language)
          }, lines: []))
    }
    // Each input read again at most once, for the lines quoted.
    var texts: [Int: [Int: String]] = [:]
    if let recordLines = options.recordLines {
      for (file, lines) in wanted { texts[file] = recordLines(file, lines) }
    }
    for index in drawn.indices {
      drawn[index].lines = quoted[index].map { record in
        (place(record.file, record.line), record.related, texts[record.file]?[record.line])
      }
    }
    var content = HTMLReport.Content(
      summary: summary, files: files, totals: totals, coverage: topologyCoverage,
      topology: options.topology, drawn: drawn, written: options.written,
      localOffset: options.localOffset, version: options.version)
    content.language = options.language
    return content
  }

  /// `FILE:LINE` of a record, as the output names inputs.
  private func place(_ file: Int, _ line: Int) -> String {
    "\(options.files[safe: file] ?? "-"):\(line)"
  }

  /// The records a report quotes for a REJECT: itself and the four records paired with it
  /// nearest to it, in input order.
  static func quoted(_ diagnosis: Diagnosis) -> [(file: Int, line: Int, related: RelatedRecord?)] {
    let record = diagnosis.observation
    let paired = diagnosis.related
      .sorted { abs($0.line - record.line) < abs($1.line - record.line) }
      .prefix(4)
      .map { (file: $0.file, line: $0.line, related: Optional($0)) }
    return ([(file: record.file, line: record.line, related: nil)] + paired)
      .sorted { ($0.file, $0.line) < ($1.file, $1.line) }
  }

  /// With a topology, how many of the REJECTs reported were evaluated against it: those whose
  /// interface is in it. Read after ``finish()``.
  package var topologyCoverage: TopologyCoverage? { coverage(sink.coverage) }

  /// The language of the sentences (`--lang`).
  package var language: Language { options.language }

  private func coverage(_ coverage: DiagnosisSink.Coverage) -> TopologyCoverage? {
    guard options.topology != nil else { return nil }
    return TopologyCoverage(
      rejects: coverage.rejects, inTopology: coverage.inTopology,
      firstOutside: coverage.firstOutside.map {
        ($0.interfaceId, "\(options.files[safe: $0.file] ?? "-"):\($0.line)")
      })
  }

  /// The warnings after the closing summary, in order: REJECTs whose interface is not in the
  /// topology, records out of time order, REJECTs decided early, repeated, not diagnosed, or
  /// read without an action field.
  package func warnings() -> [String] {
    let files = options.files
    let language = options.language
    var warnings: [String] = []
    // Of every REJECT diagnosed, the filters aside.
    if let coverage = coverage(sink.coverageRead), coverage.rejects > 0, !coverage.isComplete {
      warnings.append(DiagnosticRenderer.topologyCoverage(coverage, language: language))
    }
    if let first = collector.firstPathMismatch {
      warnings.append(
        DiagnosticRenderer.trafficPathMismatches(
          collector.pathMismatches, first: place(first.file, first.line),
          interfaceId: first.interfaceId, first.mismatch, language: language))
    }
    if collector.lateRecords > 0 {
      warnings.append(DiagnosticRenderer.lateRecords(collector.lateRecords, language: language))
    }
    if collector.decidedEarly > 0 {
      warnings.append(DiagnosticRenderer.decidedEarly(collector.decidedEarly, language: language))
    }
    if let first = collector.firstDuplicate {
      // The same file given twice is named by its place among the inputs too.
      let twice =
        first.copy.file != first.of.file
        && files[safe: first.copy.file] == files[safe: first.of.file]
      func named(_ record: FlowObservation) -> String {
        place(record.file, record.line) + (twice ? " (input \(record.file + 1))" : "")
      }
      warnings.append(
        DiagnosticRenderer.duplicateRejects(
          collector.duplicateRejects, first: named(first.copy), of: named(first.of),
          language: language))
    }
    if let first = collector.firstUndiagnosed {
      warnings.append(
        DiagnosticRenderer.undiagnosedRejects(
          collector.undiagnosed, first: place(first.file, first.line),
          language: language))
    }
    if let first = collector.firstWithoutAction {
      warnings.append(
        DiagnosticRenderer.recordsWithoutAction(
          collector.withoutAction, first: place(first.file, first.line),
          language: language))
    }
    return warnings
  }
}
