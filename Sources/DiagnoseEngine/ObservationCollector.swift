import Analysis
import FlowLogs
import Rendering

/// Keeps the records diagnosis needs (or streams them into a diagnoser), and reports bad lines
/// as `parse` does, and header lines whose format lacks a field diagnosis needs.
package struct ObservationCollector: ChunkedFlowLogConsumer {
  package let stderr: any ByteWriter
  package var file = 0
  package var fileName = "-"
  /// The command, as messages name it (`diagnose needs …`).
  package var command = "diagnose"
  /// The input's bad lines reported so far, and those withheld (`--max-errors`).
  package var badLines = BadLineLimit()
  /// The records read, when not streaming.
  package var observations: [FlowObservation] = []
  /// When not streaming and asked to (`explain --output md`, which quotes them), each record's
  /// fields as written, one space between them, by line number.
  package var keepsRecordText = false
  package private(set) var recordTexts: [Int: String] = [:]
  /// A part of a chunked read keeps its records packed, their ENI ids numbered by an interner
  /// of its own, and its diagnostics, until it is appended.
  private var isPart = false
  private var packed: [PackedObservation] = []
  private var partNames = TokenInterner()
  private var partMessages: [PartMessage] = []

  /// What a part reports, in line order, written when it is appended.
  private enum PartMessage {
    /// A diagnostic, and whether the part had read a record before it.
    case diagnostic(ReadDiagnostic, afterRecord: Bool)
    case headerLacks(line: Int, missing: [String])
  }
  /// Records a part makes room for at once: a megabyte chunk of 100-byte lines (default-format
  /// lines are about 120).
  package static let recordsPerPart = 10_500
  private var streaming: StreamingDiagnoser? = nil
  private var sink: DiagnosisSink? = nil
  /// With a topology: each record's `traffic-path` checked against its routes.
  package var pathCheck: TrafficPathCheck? = nil
  /// Records whose `traffic-path` the topology's routes contradict, and the first of them.
  package private(set) var pathMismatches = 0
  package private(set) var firstPathMismatch: PathMismatch? = nil

  /// A record whose `traffic-path` the topology contradicts: where it is, its ENI, and how.
  package struct PathMismatch {
    package var file: Int
    package var line: Int
    package var interfaceId: String
    package var mismatch: TrafficPathCheck.Mismatch
  }
  private var interner: TokenInterner? = TokenInterner()

  package init(stderr: any ByteWriter) { self.stderr = stderr }

  /// Diagnoses records as they arrive and hands the diagnoses to `sink`, instead of keeping
  /// every record.
  mutating func stream(into sink: DiagnosisSink, diagnoser: Diagnoser) {
    self.sink = sink
    streaming = StreamingDiagnoser(diagnoser: diagnoser)
  }

  /// Records that arrived more than the streaming diagnoser's slack behind newer ones.
  package var lateRecords: Int { streaming?.lateRecords ?? 0 }
  /// REJECTs decided before their window closed: the streaming diagnoser held its limit.
  package var decidedEarly: Int { streaming?.decidedEarly ?? 0 }
  /// REJECT records that copy an earlier record, counted and not diagnosed again; the first,
  /// and the record it copies.
  package var duplicateRejects: Int { streaming?.duplicateRejects ?? 0 }
  package var firstDuplicate: (copy: FlowObservation, of: FlowObservation)? {
    streaming?.firstDuplicate
  }

  /// REJECT records that cannot be diagnosed (no `interface-id`, addresses or `protocol`: the
  /// format lacks one, or it is `-`), and where the first of them is (file index and line).
  package private(set) var undiagnosed = 0
  package private(set) var firstUndiagnosed: (file: Int, line: Int)? = nil
  /// Records read with a format without `action` (a header line's: `--format` must have one),
  /// whose REJECTs cannot be told, and where the first is.
  package private(set) var withoutAction = 0
  package private(set) var firstWithoutAction: (file: Int, line: Int)? = nil
  /// Header lines whose format lacks a field diagnosis needs (each reported as an error).
  package private(set) var unusableHeaders = 0

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
  package mutating func finish() {
    if let note = badLines.endRun() { stderr.write(note) }
    guard let sink else { return }
    streaming?.finishPending { sink.emit($0) }
  }

  package func makePart() -> ObservationCollector {
    var part = ObservationCollector(stderr: stderr)
    part.file = file
    part.fileName = fileName
    part.command = command
    part.pathCheck = pathCheck
    part.isPart = true
    return part
  }

  package mutating func append(_ part: ObservationCollector) { append(part, lineOffset: 0) }

  /// Parts number their chunk's lines from 1; the reading thread need not count them.
  package static var numbersLinesInAppend: Bool { true }

  package mutating func append(_ part: ObservationCollector, lineOffset: Int) {
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
    pathMismatches += part.pathMismatches
    if firstPathMismatch == nil, var first = part.firstPathMismatch {
      first.line += lineOffset
      firstPathMismatch = first
    }
    for message in part.partMessages {
      switch message {
      case .diagnostic(var diagnostic, let afterRecord):
        // (The note on a line of another field count comes only before an input's first
        // record.)
        if afterRecord { badLines.recordRead() }
        if let line = diagnostic.line { diagnostic.line = line + lineOffset }
        report(diagnostic)
      case .headerLacks(let line, let missing):
        stderr.write(
          DiagnosticRenderer.headerLacks(
            missing, file: fileName, line: line + lineOffset, command: command))
      }
    }
    if !part.packed.isEmpty { badLines.recordRead() }
  }

  /// Field positions for the last format seen, recomputed when the format changes.
  /// (`indices` is not optional, and is read in place: a copy of its dozen optionals for each
  /// record cost two `memcpy` calls.)
  private var indexedFormat: AnyObject? = nil
  private var indices = FlowObservation.FieldIndices(.defaultV2)
  private var formatHasAction = true
  /// The fields ``pathCheck`` reads (`nil`: the format has no `traffic-path`, or there is no
  /// topology to check it against).
  private var pathFields: TrafficPathCheck.Fields? = nil

  package mutating func record(_ record: RecordLine) {
    badLines.recordRead()
    if !record.hasFormatIdentity(indexedFormat) {
      indexedFormat = record.formatIdentity
      indices = FlowObservation.FieldIndices(record.format)
      formatHasAction = record.format.actionIndex != nil
      pathFields = pathCheck == nil ? nil : TrafficPathCheck.Fields(record.format)
    }
    if let pathFields, let pathCheck, let found = pathCheck.mismatch(record, pathFields) {
      pathMismatches += 1
      if firstPathMismatch == nil {
        firstPathMismatch = PathMismatch(
          file: file, line: record.lineNumber, interfaceId: found.interfaceId,
          mismatch: found.mismatch)
      }
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
      if keepsRecordText {
        recordTexts[record.lineNumber] = (0..<record.format.count).map {
          String(decoding: record.token($0), as: UTF8.self)
        }.joined(separator: " ")
      }
    } else {
      countUndiagnosed(record)
    }
  }

  package mutating func diagnostic(_ diagnostic: ReadDiagnostic) {
    if isPart {
      // Rendered when appended, with its line number counted from the input's start.
      partMessages.append(.diagnostic(diagnostic, afterRecord: badLines.recordSeen))
    } else {
      report(diagnostic)
    }
  }

  /// Writes `diagnostic` to stderr, unless it is a bad line past the limit.
  private mutating func report(_ diagnostic: ReadDiagnostic) {
    if badLines.admits(diagnostic) {
      stderr.write(DiagnosticRenderer.render(diagnostic, file: fileName))
    }
    if let hint = badLines.hint(for: diagnostic, file: fileName) { stderr.write(hint) }
  }

  /// Ends the input being read: says how many of its bad lines were not reported, if any.
  package mutating func endInput() {
    if let note = badLines.endInput(file: fileName) { stderr.write(note) }
  }

  /// A header line whose format lacks a field diagnosis needs is an error naming the file and
  /// line: none of the records after it can be diagnosed (their REJECTs are counted as
  /// undiagnosed, or, when the format has no action, every record as without action).
  package mutating func header(_ format: FlowLogFormat, line: Int) {
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
