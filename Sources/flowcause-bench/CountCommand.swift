import Foundation

/// `flowcause-bench count FILE [--threads T] [--format v2|v5]`: flowcause's reader counting the
/// records of a plain flow log file by action, on T threads (line-aligned ranges), printed as
/// JSON (`{"ACCEPT": …, "REJECT": …, "None": …}`, `None` for records without an action), the
/// shape the peer jobs print. The process `run-peers.sh` times against polars and DuckDB.
/// Exits 1 when a line is bad.
enum CountCommand {
  static func run(_ arguments: ArraySlice<String>) throws -> Int32 {
    let options = try BenchArguments(
      arguments, valueOptions: ["--threads", "--format"], flagOptions: ["--ranges"],
      allowsPositional: true)
    guard let path = options.positional.first, options.positional.count == 1 else {
      throw BenchUsageError("count takes one FILE")
    }
    let threads = try options.integer("--threads", default: 2)
    guard (1...64).contains(threads) else { throw BenchUsageError("--threads: 1 to 64") }
    let format = try options.formats(default: [.v2], allowBoth: false).first ?? .v2
    let result: Jobs.ReaderResult
    if options.flag("--ranges") || threads == 1 {
      let descriptor = try Jobs.openForReading(path)
      var status = stat()
      let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
      close(descriptor)
      let ranges = try Jobs.lineAlignedRanges(path: path, size: size, parts: threads)
      result = try Jobs.readerCount(path: path, ranges: ranges, format: format)
    } else {
      result = try Jobs.chunkedCount(path: path, threads: threads)
    }
    let actions = result.actions
    print(
      "{\"ACCEPT\": \(actions.accept), \"REJECT\": \(actions.reject), \"None\": \(actions.noAction)}"
    )
    if actions.diagnostics > 0 {
      printError(
        "flowcause-bench count: \(actions.diagnostics) bad lines: "
          + actions.firstDiagnostics.joined(separator: "; ") + "\n")
      return 1
    }
    return 0
  }
}
