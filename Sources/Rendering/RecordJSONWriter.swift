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
  /// A part's output: records (stdout) and diagnostics (stderr), in input order.
  private var segments: [(toStandardError: Bool, bytes: [UInt8])] = []

  package init(file: String, stdout: any ByteWriter, stderr: any ByteWriter) {
    self.init(file: file, stdout: stdout, stderr: stderr, isPart: false)
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
      if segment.toStandardError {
        stdout.flush()
        stderr.write(segment.bytes)
      } else {
        stdout.write(segment.bytes)
      }
    }
  }

  package mutating func record(_ record: RecordLine) {
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
    let text = DiagnosticRenderer.render(diagnostic, file: file)
    if isPart {
      closeSegment()
      segments.append((true, Array(text.utf8)))
      return
    }
    flushBuffer()
    // Keep records and diagnostics in input order when both streams go to one place (2>&1).
    stdout.flush()
    stderr.write(text)
  }

  /// Moves the records written so far into the part's ordered output.
  private mutating func closeSegment() {
    guard !buffer.bytes.isEmpty else { return }
    segments.append((false, buffer.bytes))
    buffer.reset()
  }

  private mutating func flushBuffer() {
    buffer.bytes.withUnsafeBytes { stdout.write($0) }
    buffer.reset()
  }

  /// Called by the reader's owner after the last line.
  package mutating func finish() { flushBuffer() }
}
