import FlowLogs
import Rendering

/// `flowcause parse [--format FORMAT] [FILE ...]`: records as JSON Lines.
struct ParseCommand {
  let inputs: [InputFile]
  let format: FlowLogFormat?
  let threads: Int
  /// `--max-errors`: the most bad lines of one input reported.
  let maxErrors: Int
  /// No FILE: standard input is read.
  let readsStandardInputUnasked: Bool

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments, valueOptions: ["--format", "--threads", "--max-errors"], flagOptions: [])
    threads = try scanner.threadsOption()
    maxErrors = try scanner.maxErrorsOption()
    format = try scanner.formatOption()
    readsStandardInputUnasked = scanner.positional.isEmpty
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
    let inputs = InputFile.expandingDirectories(self.inputs)
    let queue = InputQueue(inputs, io: io, readAhead: threads > 1)
    // One limit on the bad lines reported over the run.
    var badLines = BadLineLimit(maxErrors: maxErrors)
    while let (_, input, opening) = queue.nextInput() {
      switch opening {
      case .failure(let error):
        unopened += 1
        io.stderr.write(DiagnosticRenderer.cannotOpen(input.name, reason: error.reason))
        exit = exit.worst(.noInput)
      case .success(let opened):
        var writer = RecordJSONWriter(
          file: input.name, stdout: io.stdout, stderr: io.stderr, badLines: badLines)
        MappedInputGuard.reading(input.name)
        let counts = reader.read(opened.source, into: &writer, threads: threads)
        writer.finish()
        badLines = writer.badLines
        opened.close()
        total += counts
        if counts.bad > 0 || counts.inputErrors > 0 { exit = exit.worst(.dataError) }
      }
    }
    io.stdout.flush()
    if let note = badLines.endRun() { io.stderr.write(note) }
    io.stderr.write(DiagnosticRenderer.summary(total, files: inputs.count, unopened: unopened))
    return exit
  }
}
