import Dispatch
import FlowLogs
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Serves the bytes of `offset..<end` of a file with `pread`, so that threads can read parts of
/// one file side by side.
struct RangeSource: ByteSource {
  let descriptor: Int32
  private var offset: Int
  private let end: Int

  init(descriptor: Int32, range: Range<Int>) {
    self.descriptor = descriptor
    offset = range.lowerBound
    end = range.upperBound
  }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    let wanted = min(buffer.count, end - offset)
    guard wanted > 0, let base = buffer.baseAddress else { return 0 }
    while true {
      let count = pread(descriptor, base, wanted, off_t(offset))
      if count >= 0 {
        offset += count
        return count
      }
      if errno == EINTR { continue }
      throw ByteSourceError(.readFailed(String(cString: strerror(errno))))
    }
  }
}

/// Counts records by action, and nothing else: the least a consumer can ask of the reader.
struct ActionCounter: ChunkedFlowLogConsumer {
  var accept = 0
  var reject = 0
  /// Records whose action is `-` (NODATA and SKIPDATA rows).
  var noAction = 0
  var diagnostics = 0
  /// The first few diagnostics, to show when a check fails.
  var firstProblems: [ReadDiagnostic] = []
  var firstDiagnostics: [String] {
    firstProblems.map { diagnostic in
      let location = diagnostic.line.map { "line \($0)" } ?? "input"
      return "\(location): \(diagnostic.message)"
    }
  }

  mutating func record(_ record: RecordLine) {
    switch record.action {
    case .accept: accept += 1
    case .reject: reject += 1
    case nil: noAction += 1
    }
  }

  mutating func diagnostic(_ diagnostic: ReadDiagnostic) {
    diagnostics += 1
    if firstProblems.count < 5 { firstProblems.append(diagnostic) }
  }

  func makePart() -> ActionCounter { ActionCounter() }

  mutating func append(_ part: ActionCounter) { self += part }

  /// Parts number their chunk's lines from 1 (as diagnose's do).
  static var numbersLinesInAppend: Bool { true }

  mutating func append(_ part: ActionCounter, lineOffset: Int) {
    var part = part
    for index in part.firstProblems.indices {
      if let line = part.firstProblems[index].line {
        part.firstProblems[index].line = line + lineOffset
      }
    }
    self += part
  }

  static func += (left: inout ActionCounter, right: ActionCounter) {
    left.accept += right.accept
    left.reject += right.reject
    left.noAction += right.noAction
    left.diagnostics += right.diagnostics
    left.firstProblems += right.firstProblems.prefix(5 - left.firstProblems.count)
  }
}

/// One result slot per thread; each thread writes only its own.
private final class Slots<Value>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Value>
  let count: Int

  init(count: Int, initial: Value) {
    self.count = count
    pointer = .allocate(capacity: count)
    pointer.initialize(repeating: initial, count: count)
  }

  deinit {
    pointer.deinitialize(count: count)
    pointer.deallocate()
  }

  var values: [Value] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}

/// The jobs `flowcause-bench parse` times.
enum Jobs {
  /// Splits a file into `parts` ranges that start at line starts.
  static func lineAlignedRanges(path: String, size: Int, parts: Int) throws -> [Range<Int>] {
    guard parts > 1 else { return [0..<size] }
    let descriptor = try openForReading(path)
    defer { close(descriptor) }
    var bounds = [0]
    var probe = [UInt8](repeating: 0, count: 1 << 16)
    for part in 1..<parts {
      let nominal = max(size * part / parts, bounds[bounds.count - 1])
      var position = nominal
      var found = false
      while !found && position < size {
        let count = probe.withUnsafeMutableBytes { buffer in
          pread(descriptor, buffer.baseAddress, buffer.count, off_t(position))
        }
        guard count > 0 else { break }
        if let newline = probe[0..<count].firstIndex(of: 0x0A) {
          position += newline + 1
          found = true
        } else {
          position += count
        }
      }
      bounds.append(min(position, size))
    }
    bounds.append(size)
    return (0..<parts).map { bounds[$0]..<bounds[$0 + 1] }
  }

  /// (a) The floor: newlines counted with `memchr` over 1 MiB `read(2)` chunks.
  static func memchrScan(path: String, ranges: [Range<Int>]) throws -> Int {
    let descriptor = try openForReading(path)
    defer { close(descriptor) }
    let slots = Slots(count: ranges.count, initial: -1)
    DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
      slots.pointer[index] = countNewlines(
        descriptor: descriptor, range: ranges[index], sequential: ranges.count == 1)
    }
    let counts = slots.values
    if counts.contains(where: { $0 < 0 }) {
      throw BenchFailure("cannot read \(path): \(String(cString: strerror(errno)))")
    }
    return counts.reduce(0, +)
  }

  private static func countNewlines(descriptor: Int32, range: Range<Int>, sequential: Bool)
    -> Int
  {
    let chunk = 1 << 20
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 64)
    defer { buffer.deallocate() }
    var lines = 0
    var offset = range.lowerBound
    while offset < range.upperBound {
      let wanted = min(chunk, range.upperBound - offset)
      let count =
        sequential
        ? read(descriptor, buffer, wanted) : pread(descriptor, buffer, wanted, off_t(offset))
      if count < 0 && errno == EINTR { continue }
      if count < 0 { return -1 }
      if count == 0 { break }
      offset += count
      var position = buffer
      let end = buffer + count
      while position < end, let found = memchr(position, 0x0A, end - position) {
        lines += 1
        position = found + 1
      }
    }
    return lines
  }

  /// What the reader found in a file (summed over threads).
  struct ReaderResult {
    var counts = ReadCounts()
    var actions = ActionCounter()
  }

  /// (b) `FlowLogReader` counting records by action. One thread reads the file through
  /// `FileDescriptorSource`; more threads read line-aligned ranges, the later ones told the
  /// format the header line gives.
  static func readerCount(path: String, ranges: [Range<Int>], format: BenchFormat) throws
    -> ReaderResult
  {
    let descriptor = try openForReading(path)
    defer { close(descriptor) }
    if ranges.count == 1 {
      var counter = ActionCounter()
      let counts = FlowLogReader().read(
        FileDescriptorSource(descriptor: descriptor), into: &counter)
      return ReaderResult(counts: counts, actions: counter)
    }
    let slots = Slots(count: ranges.count, initial: ReaderResult())
    DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
      // The first part starts at the header line (if any); later parts are told the format.
      let reader = FlowLogReader(format: index == 0 ? nil : format.readerFormat)
      var counter = ActionCounter()
      let counts = reader.read(
        RangeSource(descriptor: descriptor, range: ranges[index]), into: &counter)
      slots.pointer[index] = ReaderResult(counts: counts, actions: counter)
    }
    var total = ReaderResult()
    for part in slots.values {
      total.counts += part.counts
      total.actions += part.actions
    }
    return total
  }

  /// (g) `FlowLogReader`'s chunked read, the one `flowcause diagnose` and `parse` use: a plain
  /// text file mapped into memory, cut into chunks at line ends on this thread, parsed in place
  /// on `threads` workers, counted by action.
  static func chunkedCount(path: String, threads: Int) throws -> ReaderResult {
    let descriptor = try openForReading(path)
    defer { close(descriptor) }
    var reader = FlowLogReader()
    reader.mapsRegularFiles = true
    var counter = ActionCounter()
    let counts = reader.read(
      FileDescriptorSource(descriptor: descriptor), into: &counter, threads: threads)
    return ReaderResult(counts: counts, actions: counter)
  }

  /// What one `flowcause parse` process did.
  struct ProcessResult {
    var exitStatus: Int32
    var signal: Int32
    var seconds: Double
    /// User and system CPU time of the process and what it waited for.
    var cpuSeconds: Double
    var stderr: String
  }

  /// (c) A whole process (`flowcause parse`), stdout to /dev/null, stderr to `stderrPath`; wall
  /// time from spawn to reaped.
  static func runProcess(executable: String, arguments: [String], stderrPath: String) throws
    -> ProcessResult
  {
    #if canImport(Darwin)
      var actions: posix_spawn_file_actions_t? = nil
    #else
      var actions = posix_spawn_file_actions_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    let environment: [UnsafeMutablePointer<CChar>?] =
      ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv + environment { free(pointer) }
    }
    var pid = pid_t()
    let watch = Stopwatch()
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environment)
    guard spawned == 0 else {
      throw BenchFailure("cannot run \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      if errno != EINTR {
        throw BenchFailure("cannot wait for \(executable): \(String(cString: strerror(errno)))")
      }
    }
    let seconds = watch.seconds
    let signal = status & 0x7F
    return ProcessResult(
      exitStatus: signal == 0 ? (status >> 8) & 0xFF : -1, signal: signal, seconds: seconds,
      cpuSeconds: Machine.seconds(usage), stderr: Machine.readProcFile(stderrPath) ?? "")
  }

  static func openForReading(_ path: String) throws -> Int32 {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw BenchFailure("cannot open \(path): \(String(cString: strerror(errno)))")
    }
    return descriptor
  }
}
