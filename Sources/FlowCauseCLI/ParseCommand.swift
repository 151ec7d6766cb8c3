import FlowLogs

/// `flowcause parse [--format FORMAT] [FILE ...]`: records as JSON Lines.
struct ParseCommand {
  let inputs: [InputFile]
  let format: FlowLogFormat?

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(arguments, valueOptions: ["--format"], flagOptions: [])
    format = try scanner.formatOption()
    let names = scanner.positional.isEmpty ? ["-"] : scanner.positional
    inputs = names.map(InputFile.init(name:))
  }

  func run(io: CommandIO) -> ExitCode {
    let reader = FlowLogReader(format: format)
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
        let counts = reader.read(opened.source, into: &writer)
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
struct RecordJSONWriter: FlowLogConsumer {
  let file: String
  let stdout: any ByteWriter
  let stderr: any ByteWriter
  private var buffer = JSONBuffer(capacity: 1 << 16)
  private var fileMember: [UInt8]
  private var keys: [[UInt8]] = []
  private var keysFormat: FlowLogFormat? = nil

  init(file: String, stdout: any ByteWriter, stderr: any ByteWriter) {
    self.file = file
    self.stdout = stdout
    self.stderr = stderr
    var member = JSONBuffer()
    member.append("{\"file\":")
    member.append(string: file)
    member.append(",\"line\":")
    fileMember = member.bytes
  }

  mutating func record(_ record: RecordLine) {
    let format = record.format
    if keysFormat != format {
      keys = format.fields.map { field in [0x2C] + JSONBuffer.key(field.name) }
      keysFormat = format
    }
    buffer.append(raw: fileMember)
    buffer.append(integer: Int64(record.lineNumber))
    for index in 0..<format.count {
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
    if buffer.bytes.count >= 1 << 15 { flushBuffer() }
  }

  mutating func diagnostic(_ diagnostic: ReadDiagnostic) {
    flushBuffer()
    // Keep records and diagnostics in input order when both streams go to one place (2>&1).
    stdout.flush()
    stderr.write(DiagnosticRenderer.render(diagnostic, file: file))
  }

  private mutating func flushBuffer() {
    buffer.bytes.withUnsafeBytes { stdout.write($0) }
    buffer.reset()
  }

  /// Called by the reader's owner after the last line.
  mutating func finish() { flushBuffer() }
}
