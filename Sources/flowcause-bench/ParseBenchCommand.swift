import FlowLogs
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `flowcause-bench parse`: times the reader against a memchr scan and the whole CLI, and checks
/// every run's counts against what the generator wrote.
struct ParseBenchCommand {
  let records: Int
  let seed: UInt64
  let threads: Int
  let runs: Int
  let directory: String
  let formats: [BenchFormat]

  init(arguments: ArraySlice<String>) throws(BenchUsageError) {
    let options = try BenchArguments(
      arguments,
      valueOptions: ["--records", "--seed", "--threads", "--runs", "--keep", "--format"],
      flagOptions: [])
    records = try options.integer("--records", default: 3_000_000)
    seed = try options.seed(default: 1)
    threads = try options.integer("--threads", default: 1)
    runs = try options.integer("--runs", default: 3)
    directory = options.value("--keep") ?? ".build/bench-data"
    formats = try options.formats(default: BenchFormat.allCases, allowBoth: true)
  }

  /// One job's runs.
  private struct Measurement {
    var name: String
    var seconds: [Double] = []
    var cpuSeconds: [Double] = []
    var peakRSS: Int? = nil

    var median: Double { Self.median(seconds) }
    var medianCPU: Double { Self.median(cpuSeconds) }

    static func median(_ values: [Double]) -> Double {
      let sorted = values.sorted()
      guard !sorted.isEmpty else { return 0 }
      let middle = sorted.count / 2
      return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    mutating func add(_ seconds: Double, cpu: Double, peakRSS: Int?) {
      self.seconds.append(seconds)
      cpuSeconds.append(cpu)
      if let peakRSS { self.peakRSS = max(self.peakRSS ?? 0, peakRSS) }
    }
  }

  func run() throws -> Int32 {
    let cli = try Self.flowcauseExecutable()
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    print("flowcause-bench parse: \(records) records, seed \(seed), \(runs) runs (median)")
    print(
      "machine: \(Machine.cores) cores, \(Machine.cpuModel); \(Machine.operatingSystem)")
    print("built with \(Machine.swiftVersion), \(Machine.buildConfiguration)")
    print(
      "threads: \(threads) for the in-process jobs; flowcause parse is one process, one thread")
    let peakTimer = Self.gnuTime(in: directory)
    if peakTimer == nil {
      print("note: no GNU /usr/bin/time, so flowcause's peak RSS is not measured")
    }
    var processPeak = Machine.maxRSS
    let canReset = Machine.resetPeakRSS()
    if canReset, let resident = Machine.residentSize() {
      print("bench process RSS before the jobs: \(megabytes(resident)) (in every peak below)")
    }
    var failed = false
    for format in formats {
      let peak = try bench(
        format: format, cli: cli, peakTimer: peakTimer, canResetRSS: canReset, failed: &failed)
      processPeak = max(processPeak, peak)
    }
    processPeak = max(processPeak, Machine.maxRSS)
    print("")
    print(
      "bench process peak RSS: \(megabytes(processPeak)) (getrusage ru_maxrss"
        + (canReset ? ", and per job VmHWM after clear_refs)" : ")"))
    if failed {
      print("FAILED: the counts above do not match what the generator wrote")
      return 1
    }
    print("all checks passed: every run's counts match the generator's expected.json")
    return 0
  }

  /// The `flowcause` binary next to this one (build it with `swift build -c release`).
  static func flowcauseExecutable() throws -> String {
    let own =
      Bundle.main.executableURL
      ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "flowcause-bench")
    let candidate = own.resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent("flowcause").path
    guard FileManager.default.isExecutableFile(atPath: candidate) else {
      throw BenchFailure(
        "\(candidate) not found; build it first: swift build -c release --product flowcause")
    }
    return candidate
  }

  /// GNU time, to read a child's own peak RSS. (`wait4`'s `ru_maxrss` cannot: a child that
  /// posix_spawn starts with vfork inherits this process's peak.) Its fork and exec add about a
  /// millisecond to flowcause's wall time.
  static func gnuTime(in directory: String) -> String? {
    let timer = "/usr/bin/time"
    guard FileManager.default.isExecutableFile(atPath: timer) else { return nil }
    let output = (directory as NSString).appendingPathComponent(".time-probe.txt")
    defer { try? FileManager.default.removeItem(atPath: output) }
    guard
      let probe = try? Jobs.runProcess(
        executable: timer, arguments: ["-f", "%M", "-o", output, "true"], stderrPath: "/dev/null"),
      probe.exitStatus == 0, Self.kilobytes(inFile: output) != nil
    else { return nil }
    return timer
  }

  /// The last line of a GNU time `-f %M` output file, a count of KiB.
  static func kilobytes(inFile path: String) -> Int? {
    guard let text = Machine.readProcFile(path) else { return nil }
    return text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
  }

  /// The data file for `format`, generated unless a matching one is kept in `directory`.
  private func dataFile(_ format: BenchFormat) throws -> (path: String, counts: ExpectedCounts) {
    let path =
      (directory as NSString).appendingPathComponent(
        "flows-\(format.rawValue)-n\(records)-s\(seed)-g\(FlowLogGenerator.version).log")
    if let counts = try? ExpectedCounts.load(from: ExpectedCounts.path(for: path)),
      counts.records == records, counts.seed == seed, counts.format == format,
      counts.generator == FlowLogGenerator.version, counts.compressedBytes == nil,
      fileSize(path) == counts.bytes
    {
      print("\(format.rawValue): reusing \(path) (\(megabytes(counts.bytes)))")
      return (path, counts)
    }
    let generated = try GenerateCommand.generateFile(
      path: path, format: format, records: records, seed: seed, gzip: false)
    print(
      "\(format.rawValue): generated \(path) (\(megabytes(generated.counts.bytes))) in "
        + "\(format2(generated.seconds)) s, "
        + "\(format2(Double(records) / generated.seconds / 1e6)) M records/s")
    return (path, generated.counts)
  }

  private func fileSize(_ path: String) -> Int? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return Int(status.st_size)
  }

  /// Runs the three jobs on one format; returns the highest in-process peak RSS seen.
  private func bench(
    format: BenchFormat, cli: String, peakTimer: String?, canResetRSS: Bool, failed: inout Bool
  ) throws -> Int {
    print("")
    let (path, expected) = try dataFile(format)
    // Since the last reset this covers generating the data, if it was generated.
    let dataPeak = Machine.maxRSS
    let size = expected.bytes
    let ranges = try Jobs.lineAlignedRanges(path: path, size: size, parts: threads)
    let stderrPath = path + ".stderr.txt"
    let rssPath = path + ".rss.txt"
    print(
      "\(format.rawValue): \(expected.records) records (\(expected.accept) ACCEPT, "
        + "\(expected.reject) REJECT, \(expected.nodata) NODATA, \(expected.skipdata) SKIPDATA, "
        + "\(expected.ipv6) IPv6), \(expected.lines) lines, \(size) bytes")
    // Warm the page cache so that every measured run reads from memory.
    _ = try Jobs.memchrScan(path: path, ranges: [0..<size])

    var scan = Measurement(name: "memchr newline scan (baseline)")
    var reader = Measurement(name: "FlowLogReader, count by action")
    var process = Measurement(name: "flowcause parse > /dev/null")
    var problems: [String] = []
    for _ in 0..<runs {
      // (a)
      _ = canResetRSS && Machine.resetPeakRSS()
      var watch = Stopwatch()
      var cpu = Machine.cpuSeconds
      let lines = try Jobs.memchrScan(path: path, ranges: ranges)
      scan.add(
        watch.seconds, cpu: Machine.cpuSeconds - cpu,
        peakRSS: canResetRSS ? Machine.peakRSSSinceReset() : nil)
      if lines != expected.lines {
        problems.append("memchr: \(lines) lines, expected \(expected.lines)")
      }
      // (b)
      _ = canResetRSS && Machine.resetPeakRSS()
      watch = Stopwatch()
      cpu = Machine.cpuSeconds
      let result = try Jobs.readerCount(path: path, ranges: ranges, format: format)
      reader.add(
        watch.seconds, cpu: Machine.cpuSeconds - cpu,
        peakRSS: canResetRSS ? Machine.peakRSSSinceReset() : nil)
      problems += check(result, against: expected)
      // (c)
      let child: Jobs.ProcessResult
      var childRSS: Int? = nil
      if let timer = peakTimer {
        child = try Jobs.runProcess(
          executable: timer, arguments: ["-f", "%M", "-o", rssPath, cli, "parse", path],
          stderrPath: stderrPath)
        childRSS = Self.kilobytes(inFile: rssPath).map { $0 * 1024 }
      } else {
        child = try Jobs.runProcess(
          executable: cli, arguments: ["parse", path], stderrPath: stderrPath)
      }
      process.add(child.seconds, cpu: child.cpuSeconds, peakRSS: childRSS)
      problems += check(child, against: expected)
      if !problems.isEmpty { break }
    }
    try? FileManager.default.removeItem(atPath: stderrPath)
    try? FileManager.default.removeItem(atPath: rssPath)
    printTable([scan, reader, process], records: expected.records, bytes: size)
    if problems.isEmpty {
      print(
        "check: ok (reader: \(expected.records) records, \(expected.accept) ACCEPT, "
          + "\(expected.reject) REJECT, \(expected.nodata + expected.skipdata) without action, "
          + "0 bad; memchr: \(expected.lines) lines; flowcause: exit 0, same counts)")
    } else {
      failed = true
      for problem in Set(problems).sorted() { print("MISMATCH \(format.rawValue): \(problem)") }
    }
    return max(dataPeak, scan.peakRSS ?? 0, reader.peakRSS ?? 0)
  }

  /// The reader's counts against the generator's.
  private func check(_ result: Jobs.ReaderResult, against expected: ExpectedCounts) -> [String] {
    var problems: [String] = []
    func compare(_ name: String, _ found: Int, _ wanted: Int) {
      if found != wanted { problems.append("reader: \(name) \(found), expected \(wanted)") }
    }
    compare("records", result.counts.records, expected.records)
    compare("ACCEPT", result.actions.accept, expected.accept)
    compare("REJECT", result.actions.reject, expected.reject)
    compare("no action", result.actions.noAction, expected.nodata + expected.skipdata)
    compare("headers", result.counts.headers, expected.headers)
    compare("lines", result.counts.lines, expected.lines)
    compare("bad lines", result.counts.bad, 0)
    compare("input errors", result.counts.inputErrors, 0)
    for diagnostic in result.actions.firstDiagnostics {
      problems.append("reader diagnostic: \(diagnostic)")
    }
    return problems
  }

  /// The CLI's exit status and closing summary against the generator's counts.
  private func check(_ child: Jobs.ProcessResult, against expected: ExpectedCounts) -> [String] {
    var problems: [String] = []
    if child.signal != 0 {
      problems.append("flowcause: killed by signal \(child.signal)")
    } else if child.exitStatus != 0 {
      problems.append("flowcause: exit status \(child.exitStatus)")
    }
    let summary =
      "\(expected.lines) line\(expected.lines == 1 ? "" : "s") read from 1 input: "
      + "\(expected.records) record\(expected.records == 1 ? "" : "s"), "
      + "\(expected.headers) header\(expected.headers == 1 ? "" : "s"), 0 blank, 0 bad"
    if !child.stderr.contains(summary) {
      let got = child.stderr.split(separator: "\n").suffix(3).joined(separator: " | ")
      problems.append("flowcause: expected summary '\(summary)', stderr: '\(got)'")
    }
    return problems
  }

  private func printTable(_ jobs: [Measurement], records: Int, bytes: Int) {
    let baseline = jobs.first?.median ?? 0
    var rows = [
      ["job", "median s", "runs (s)", "cpu s", "records/s", "MB/s", "x memchr", "peak RSS"]
    ]
    for job in jobs {
      let median = job.median
      rows.append([
        job.name,
        String(format: "%.3f", median),
        job.seconds.map { String(format: "%.3f", $0) }.joined(separator: " "),
        String(format: "%.3f", job.medianCPU),
        median > 0 ? format2(Double(records) / median / 1e6) + " M" : "-",
        median > 0 ? format1(Double(bytes) / median / 1e6) : "-",
        baseline > 0 ? format1(median / baseline) : "-",
        megabytes(job.peakRSS),
      ])
    }
    var widths = [Int](repeating: 0, count: rows[0].count)
    for row in rows {
      for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
    }
    for (index, row) in rows.enumerated() {
      var line = "  "
      for (column, cell) in row.enumerated() {
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        line += column == 0 ? cell + padding : padding + cell
        if column < row.count - 1 { line += "  " }
      }
      print(line)
      if index == 0 {
        print("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
      }
    }
  }
}
