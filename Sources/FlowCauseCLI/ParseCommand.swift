import FlowLogs

/// `flowcause parse [--format FORMAT] [FILE ...]`: records as JSON Lines.
struct ParseCommand {
  let inputs: [InputFile]
  let format: FlowLogFormat?
  let threads: Int

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments, valueOptions: ["--format", "--threads"], flagOptions: [])
    threads = try scanner.threadsOption()
    format = try scanner.formatOption()
    let names = scanner.positional.isEmpty ? ["-"] : scanner.positional
    inputs = names.map(InputFile.init(name:))
  }

  func run(io: CommandIO) -> ExitCode {
    AllocatorTuning.apply()
    var reader = FlowLogReader(format: format)
    reader.mapsRegularFiles = true
    var total = ReadCounts()
    var unopened = 0
    var exit = ExitCode.success
    for input in inputs {
      switch input.open(io: io) {
      case .failure(let error):
        unopened += 1
        io.stderr.write(DiagnosticRenderer.cannotOpen(input.name, reason: error.reason))
        exit = exit.worst(.noInput)
      case .success(let opened):
        var writer = RecordJSONWriter(file: input.name, stdout: io.stdout, stderr: io.stderr)
        MappedInputGuard.reading(input.name)
        let counts = reader.read(opened.source, into: &writer, threads: threads)
        writer.finish()
        opened.close()
        total += counts
        if counts.bad > 0 || counts.inputErrors > 0 { exit = exit.worst(.dataError) }
      }
    }
    io.stdout.flush()
    io.stderr.write(DiagnosticRenderer.summary(total, files: inputs.count, unopened: unopened))
    return exit
  }
}

/// Writes each record as one JSON object, and each diagnostic to stderr.
struct RecordJSONWriter: ChunkedFlowLogConsumer {
  let file: String
  let stdout: any ByteWriter
  let stderr: any ByteWriter
  /// A part of a chunked read keeps its output, in order, until it is appended.
  private let isPart: Bool
  private var buffer = JSONBuffer(capacity: 1 << 16)
  private var fileMember: [UInt8]
  private var keys: [[UInt8]] = []
  private var keysFormat: AnyObject? = nil
  /// A part's output: records (stdout) and diagnostics (stderr), in input order.
  private var segments: [(toStandardError: Bool, bytes: [UInt8])] = []

  init(file: String, stdout: any ByteWriter, stderr: any ByteWriter) {
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

  func makePart() -> RecordJSONWriter {
    RecordJSONWriter(file: file, stdout: stdout, stderr: stderr, isPart: true)
  }

  mutating func append(_ part: RecordJSONWriter) {
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

  mutating func record(_ record: RecordLine) {
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

  mutating func diagnostic(_ diagnostic: ReadDiagnostic) {
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
  mutating func finish() { flushBuffer() }
}
