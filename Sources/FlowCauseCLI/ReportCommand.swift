import Foundation
import Rendering

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `flowcause report [--topology PATH] [filters] FILE ... --out report.html`: `diagnose
/// --output html` written to a file. The page is written beside it under a temporary name and
/// renamed into place once whole, so a report that fails half-way leaves no half page.
struct ReportCommand {
  let diagnose: DiagnoseCommand
  /// `--out`: the page's path (`-`: standard output).
  let out: String

  init(arguments: ArraySlice<String>) throws(UsageError) {
    var rest: [String] = []
    var out: String? = nil
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
      if argument == "--" {
        rest.append(argument)
        while let positional = iterator.next() { rest.append(positional) }
        break
      }
      if argument == "--out" || argument.hasPrefix("--out=") {
        guard out == nil else { throw UsageError("--out is given twice") }
        if argument == "--out" {
          guard let value = iterator.next() else { throw UsageError("--out needs a value") }
          out = value
        } else {
          out = String(argument.dropFirst("--out=".count))
        }
        continue
      }
      if argument == "--output" || argument.hasPrefix("--output=") {
        throw UsageError(
          "report writes HTML: name the page with --out FILE (--output is diagnose's)")
      }
      if argument == "--fields" || argument.hasPrefix("--fields=") {
        throw UsageError("--fields is diagnose's, with --output jsonl")
      }
      rest.append(argument)
    }
    guard let out, !out.isEmpty else {
      throw UsageError("--out FILE is required: the HTML page to write (- for standard output)")
    }
    self.out = out
    diagnose = try DiagnoseCommand(arguments: (["--output", "html"] + rest)[...])
  }

  var readsStandardInputUnasked: Bool { diagnose.readsStandardInputUnasked }

  func run(io: CommandIO) -> ExitCode {
    guard out != "-" else { return diagnose.run(io: io) }
    let directory = (out as NSString).deletingLastPathComponent
    let temporary =
      (directory.isEmpty ? "" : directory + "/")
      + ".\((out as NSString).lastPathComponent).\(getpid()).partial"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      io.stderr.write(
        DiagnosticRenderer.cannotCreate(out, reason: String(cString: strerror(errno))))
      return .cannotCreate
    }
    let page = FileDescriptorWriter(descriptor: descriptor)
    var pageIO = io
    pageIO.stdout = page
    let exit = diagnose.run(io: pageIO)
    page.flush()
    close(descriptor)
    if let error = page.writeError {
      unlink(temporary)
      io.stderr.write("\(out): error: cannot write: \(String(cString: strerror(error)))\n")
      return .ioError
    }
    // Nothing could be opened: no page (as diagnose writes no answer then).
    guard exit != .noInput || hasContent(temporary) else {
      unlink(temporary)
      return exit
    }
    guard rename(temporary, out) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      io.stderr.write(DiagnosticRenderer.cannotCreate(out, reason: reason))
      return .cannotCreate
    }
    io.stderr.write("flowcause report: wrote \(out)\n")
    return exit
  }

  private func hasContent(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && status.st_size > 0
  }
}
