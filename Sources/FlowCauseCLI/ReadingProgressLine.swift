import Dispatch
import FlowLogs
import Foundation
import Rendering

/// The progress line `diagnose` keeps on standard error while it reads, when standard error is
/// a terminal (and `--quiet` is not given): nothing for a run that ends within
/// ``delay`` seconds, then, rewritten a few times a second, the text read, the lines and the
/// REJECT records so far, the rate, and, when every input is a plain file of known size, the
/// share done and the time left. Cleared when reading ends.
final class ReadingProgressLine: @unchecked Sendable {
  static let delay = 1.5
  private let stderr: any ByteWriter
  private let progress: ReadProgress
  /// The bytes of the inputs when all are plain files (`nil`: unknown).
  private let totalBytes: Int?
  private let started = DispatchTime.now()
  private let timer: DispatchSourceTimer
  /// Touched only on `queue`.
  private var shown = false
  private let queue = DispatchQueue(label: "flowcause.progress")

  init(stderr: any ByteWriter, progress: ReadProgress, totalBytes: Int?) {
    self.stderr = stderr
    self.progress = progress
    self.totalBytes = totalBytes
    timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(deadline: .now() + Self.delay, repeating: 0.25)
    timer.setEventHandler { [unowned self] in self.tick() }
    timer.resume()
  }

  /// Standard error for everything else written while the line is kept: each write clears
  /// the line first (the next tick draws it again below).
  var messages: any ByteWriter { Messages(line: self) }

  private final class Messages: ByteWriter {
    let line: ReadingProgressLine
    init(line: ReadingProgressLine) { self.line = line }
    func write(_ bytes: UnsafeRawBufferPointer) {
      line.queue.sync {
        if line.shown { line.stderr.write("\r\u{1B}[K") }
        line.shown = false
        line.stderr.write(bytes)
      }
    }
    func flush() { line.stderr.flush() }
    var writeError: Int32? { line.stderr.writeError }
  }

  /// Stops it, and clears the line if one is shown.
  func stop() {
    queue.sync {
      timer.cancel()
      if shown { stderr.write("\r\u{1B}[K") }
      shown = false
    }
  }

  private func tick() {
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    stderr.write(
      "\r"
        + Self.line(
          bytes: progress.bytes, lines: progress.lines, rejects: progress.rejects,
          seconds: seconds, totalBytes: totalBytes) + "\u{1B}[K")
    shown = true
  }

  /// `flowcause: 1.2 GB of 5.7 GB (21%), 10.5M lines, 3.4M REJECTs decided, 650k lines/s, 1m 12s
  /// left`.
  static func line(bytes: Int, lines: Int, rejects: Int, seconds: Double, totalBytes: Int?)
    -> String
  {
    var text = "flowcause: \(size(bytes))"
    if let totalBytes, totalBytes > 0 {
      let share = min(Double(bytes) / Double(totalBytes), 1)
      text += " of \(size(totalBytes)) (\(Int(share * 100))%)"
    }
    text += ", \(count(lines)) lines, \(count(rejects)) REJECTs decided"
    if seconds > 0 { text += ", \(count(Int(Double(lines) / seconds))) lines/s" }
    if let totalBytes, bytes > 0, bytes < totalBytes, seconds > 0 {
      let left = Double(totalBytes - bytes) / (Double(bytes) / seconds)
      text += ", \(duration(left)) left"
    }
    return text
  }

  static func size(_ bytes: Int) -> String {
    let units: [(Double, String)] = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
    for (scale, unit) in units where Double(bytes) >= scale {
      return String(format: "%.1f %@", Double(bytes) / scale, unit)
    }
    return "\(bytes) B"
  }

  static func count(_ value: Int) -> String {
    if value >= 1_000_000 { return String(format: "%.1fM", Double(value) / 1e6) }
    if value >= 10_000 { return "\(value / 1000)k" }
    return "\(value)"
  }

  static func duration(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded(.up))
    if whole >= 3600 { return "\(whole / 3600)h \(whole % 3600 / 60)m" }
    if whole >= 60 { return "\(whole / 60)m \(whole % 60)s" }
    return "\(whole)s"
  }

  /// The bytes of `inputs` when every one is a plain (not gzip) regular file.
  static func totalBytes(of inputs: [InputFile]) -> Int? {
    var total = 0
    for input in inputs {
      guard input.name != "-", !input.name.hasSuffix(".gz"),
        let attributes = try? FileManager.default.attributesOfItem(atPath: input.name),
        attributes[.type] as? FileAttributeType == .typeRegular,
        let size = attributes[.size] as? Int
      else { return nil }
      total += size
    }
    return total
  }
}
