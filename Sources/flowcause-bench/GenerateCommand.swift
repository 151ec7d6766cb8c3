import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Something went wrong that is not the command line's fault (a file, a subprocess, a check).
struct BenchFailure: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

/// `flowcause-bench generate --records N --seed S --out FILE [--format v2|v5] [--gzip]`.
enum GenerateCommand {
  static func run(_ arguments: ArraySlice<String>) throws -> Int32 {
    let options = try BenchArguments(
      arguments,
      valueOptions: [
        "--records", "--seed", "--out", "--format", "--per-window", "--topology", "--profile",
        "--rate",
      ],
      flagOptions: ["--gzip"])
    guard options.value("--records") != nil else { throw BenchUsageError("--records is required") }
    guard let path = options.value("--out") else { throw BenchUsageError("--out is required") }
    let count = try options.integer("--records", default: 0)
    let seed = try options.seed(default: 1)
    let formats = try options.formats(default: [.v2], allowBoth: false)
    let format = formats.first ?? .v2
    let perWindow =
      options.value("--per-window") == nil ? nil : try options.integer("--per-window", default: 1)
    let profile = try Profile(options)
    let generated = try generateFile(
      path: path, format: format, records: count, seed: seed, gzip: options.flag("--gzip"),
      recordsPerWindow: perWindow, topology: options.value("--topology"), profile: profile)
    let counts = generated.counts
    let megabytes = Double(counts.bytes) / 1e6
    var line =
      "wrote \(path): \(counts.records) records (\(counts.accept) ACCEPT, \(counts.reject) REJECT, "
      + "\(counts.nodata) NODATA, \(counts.skipdata) SKIPDATA), \(counts.lines) lines, "
      + "\(format2(megabytes)) MB"
    if let compressed = counts.compressedBytes {
      line += " (\(format2(Double(compressed) / 1e6)) MB gzip)"
    }
    line +=
      " in \(format2(generated.seconds)) s"
      + " (\(format2(Double(counts.records) / generated.seconds / 1e6)) M records/s)\n"
    line += "counts: \(ExpectedCounts.path(for: path))\n"
    print(line, terminator: "")
    return 0
  }

  /// Writes a flow log of `records` records to `path`, and its counts to `path.expected.json`.
  static func generateFile(
    path: String, format: BenchFormat, records: Int, seed: UInt64, gzip: Bool,
    recordsPerWindow: Int? = nil, topology: String? = nil, profile: Profile = .quiet
  ) throws -> (counts: ExpectedCounts, seconds: Double) {
    let started = Stopwatch()
    let output = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard output >= 0 else {
      throw BenchFailure("cannot create \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(output) }
    var generator = AnyGenerator(profile: profile, format: format, seed: seed)
    generator.recordsPerWindow = recordsPerWindow
    if let topology {
      do {
        try generator.topologyJSON().write(toFile: topology, atomically: true, encoding: .utf8)
      } catch {
        throw BenchFailure("cannot write \(topology): \(error.localizedDescription)")
      }
    }
    var counts: ExpectedCounts
    if gzip {
      // The system gzip compresses what the generator writes into its standard input.
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["gzip", "-c", "-n"]
      let pipe = Pipe()
      process.standardInput = pipe
      process.standardOutput = FileHandle(fileDescriptor: output, closeOnDealloc: false)
      try process.run()
      var sink = ByteSink(descriptor: pipe.fileHandleForWriting.fileDescriptor)
      defer { sink.deallocate() }
      do {
        counts = try generator.generate(records: records, seed: seed, into: &sink)
        try sink.flush()
      } catch {
        try? pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        throw BenchFailure("cannot write to gzip: \(error.message)")
      }
      try pipe.fileHandleForWriting.close()
      process.waitUntilExit()
      guard process.terminationStatus == 0 else {
        throw BenchFailure("gzip failed with status \(process.terminationStatus)")
      }
      var status = stat()
      if fstat(output, &status) == 0 { counts.compressedBytes = Int(status.st_size) }
    } else {
      var sink = ByteSink(descriptor: output)
      defer { sink.deallocate() }
      do {
        counts = try generator.generate(records: records, seed: seed, into: &sink)
        try sink.flush()
      } catch {
        throw BenchFailure("cannot write \(path): \(error.message)")
      }
    }
    if case .quiet = profile { counts.recordsPerWindow = recordsPerWindow }
    try counts.save(to: ExpectedCounts.path(for: path))
    return (counts, started.seconds)
  }
}

/// Which day `generate` writes: the quiet day (``FlowLogGenerator``) or a busy one at a rate
/// (``BusyDayGenerator``).
enum Profile: Equatable {
  case quiet
  case busy(recordsPerSecond: Int)

  init(_ options: BenchArguments) throws {
    switch options.value("--profile") ?? "quiet" {
    case "quiet":
      guard options.value("--rate") == nil else {
        throw BenchUsageError("--rate goes with --profile busy")
      }
      self = .quiet
    case "busy":
      guard options.value("--per-window") == nil else {
        throw BenchUsageError("--per-window goes with --profile quiet; the busy day takes --rate")
      }
      let rate = try options.integer("--rate", default: 800)
      guard rate > 0 else { throw BenchUsageError("--rate must be at least 1") }
      self = .busy(recordsPerSecond: rate)
    case let other:
      throw BenchUsageError("--profile must be quiet or busy, not \(other)")
    }
  }
}

/// One of the two generators.
struct AnyGenerator {
  private var quiet: FlowLogGenerator?
  private var busy: BusyDayGenerator?
  var recordsPerWindow: Int? {
    get { quiet?.recordsPerWindow }
    set { quiet?.recordsPerWindow = newValue }
  }

  init(profile: Profile, format: BenchFormat, seed: UInt64) {
    switch profile {
    case .quiet: quiet = FlowLogGenerator(format: format, seed: seed)
    case .busy(let rate): busy = BusyDayGenerator(format: format, seed: seed, rate: rate)
    }
  }

  func topologyJSON() -> String { quiet?.topologyJSON() ?? busy?.topologyJSON() ?? "" }

  mutating func generate(records: Int, seed: UInt64, into sink: inout ByteSink) throws(WriteError)
    -> ExpectedCounts
  {
    if var generator = quiet {
      defer { quiet = generator }
      return try generator.generate(records: records, seed: seed, into: &sink)
    }
    guard var generator = busy else { return ExpectedCounts(format: .v2, seed: seed) }
    defer { busy = generator }
    return try generator.generate(records: records, seed: seed, into: &sink)
  }
}
