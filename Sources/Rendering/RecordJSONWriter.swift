import FlowLogs

/// Writes each record as one JSON object, and each diagnostic to stderr.
package struct RecordJSONWriter: ChunkedFlowLogConsumer {
  package let file: String
  package let stdout: any ByteWriter
  package let stderr: any ByteWriter
  /// A part of a chunked read keeps its output, in order, until it is appended.
  private let isPart: Bool
  private var buffer = JSONBuffer(capacity: 1 << 16)
  private var fileMember: [UInt8]
  private var keys: [[UInt8]] = []
  private var keysFormat: AnyObject? = nil
  /// A part's output, in input order: records (stdout) and diagnostics (stderr, reported or not
  /// when it is appended).
  private var segments: [Segment] = []
  private enum Segment {
    case records([UInt8])
    case diagnostic(ReadDiagnostic)
  }
  /// The bad lines of the input reported so far, and those withheld.
  package private(set) var badLines = BadLineLimit()

  package init(
    file: String, stdout: any ByteWriter, stderr: any ByteWriter,
    badLines: BadLineLimit = BadLineLimit()
  ) {
    self.init(file: file, stdout: stdout, stderr: stderr, isPart: false)
    self.badLines = badLines
  }

  private init(file: String, stdout: any ByteWriter, stderr: any ByteWriter, isPart: Bool) {
    self.file = file
    self.stdout = stdout
    self.stderr = stderr
    self.isPart = isPart
    var member = JSONBuffer()
    member.append("{\"file\":")
    member.append(string: file)
    member.append(",\"line\":")
    fileMember = member.bytes
  }

  package func makePart() -> RecordJSONWriter {
    RecordJSONWriter(file: file, stdout: stdout, stderr: stderr, isPart: true)
  }

  package mutating func append(_ part: RecordJSONWriter) {
    var part = part
    part.closeSegment()
    for segment in part.segments {
      switch segment {
      case .records(let bytes):
        stdout.write(bytes)
        if !bytes.isEmpty { badLines.recordRead() }
      case .diagnostic(let diagnostic): report(diagnostic)
      }
    }
  }

  package mutating func record(_ record: RecordLine) {
    badLines.recordRead()
    if keysFormat !== record.formatIdentity {
      keys = record.format.fields.map { field in [0x2C] + JSONBuffer.key(field.name) }
      keysFormat = record.formatIdentity
    }
    buffer.append(raw: fileMember)
    buffer.append(integer: Int64(record.lineNumber))
    for index in keys.indices {
      buffer.append(raw: keys[index])
      if record.isNull(index) {
        buffer.append("null")
      } else if let value = record.integer(index) {
        buffer.append(integer: value)
      } else {
        buffer.append(string: record.token(index))
      }
    }
    buffer.append("}\n")
    if !isPart && buffer.bytes.count >= 1 << 15 { flushBuffer() }
  }

  package mutating func diagnostic(_ diagnostic: ReadDiagnostic) {
    if isPart {
      closeSegment()
      segments.append(.diagnostic(diagnostic))
      return
    }
    flushBuffer()
    report(diagnostic)
  }

  /// Writes `diagnostic` to stderr, unless it is a bad line past the limit.
  private mutating func report(_ diagnostic: ReadDiagnostic) {
    guard badLines.admits(diagnostic) else { return }
    // Keep records and diagnostics in input order when both streams go to one place (2>&1).
    stdout.flush()
    stderr.write(DiagnosticRenderer.render(diagnostic, file: file))
    if let hint = badLines.hint(for: diagnostic, file: file) { stderr.write(hint) }
  }

  /// Moves the records written so far into the part's ordered output.
  private mutating func closeSegment() {
    guard !buffer.bytes.isEmpty else { return }
    segments.append(.records(buffer.bytes))
    buffer.reset()
  }

  private mutating func flushBuffer() {
    buffer.bytes.withUnsafeBytes { stdout.write($0) }
    buffer.reset()
  }

  /// Called by the reader's owner after the last line: writes the records held and, when bad
  /// lines were withheld, the line that says how many.
  package mutating func finish() {
    flushBuffer()
    if let note = badLines.endInput(file: file) {
      stdout.flush()
      stderr.write(note)
    }
  }
}
