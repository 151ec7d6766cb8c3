import Foundation
import Rendering

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A one-line progress report on a terminal's standard error during a long fetch: S3 objects
/// read (of how many) and their bytes, or CloudWatch Logs pages and events read and the REJECT
/// records among them. Off when standard error is not a terminal, so logs and pipes get only
/// the closing summary. (S3 records are counted by the reader after decompression, which this
/// report does not see; the summary line gives them.)
final class FetchProgress: @unchecked Sendable {
  private let stderr: (any ByteWriter)?
  private var lastReport = 0.0
  var objects = 0
  var objectsTotal = 0
  var pages = 0
  var events = 0
  var rejects = 0
  /// Bytes of S3 objects read so far; added to by the threads that read objects ahead.
  private var bytesRead = 0
  private let lock = NSLock()

  /// Reports on `stderr` only when it is the process's standard error and a terminal.
  init(stderr: any ByteWriter, enabled: Bool) {
    self.stderr = enabled ? stderr : nil
  }

  /// Whether the process's standard error is a terminal.
  static var stderrIsTerminal: Bool { isatty(2) == 1 }

  var isEnabled: Bool { stderr != nil }

  var bytes: Int { lock.withLock { bytesRead } }

  /// Counts bytes read from an S3 object (on any thread).
  func add(bytes count: Int) {
    lock.withLock { bytesRead += count }
  }

  /// Rewrites the progress line, at most five times a second unless `force`.
  func report(force: Bool = false) {
    guard let stderr else { return }
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    let seconds = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    guard force || seconds - lastReport >= 0.2 else { return }
    lastReport = seconds
    var parts: [String] = []
    if objectsTotal > 0 {
      parts.append("\(objects)/\(objectsTotal) objects, \(bytes / 1024) KiB")
    }
    if pages > 0 {
      parts.append(
        "\(pages) page\(pages == 1 ? "" : "s"), \(events) records, \(rejects) REJECT so far")
    }
    stderr.write("\r\u{1B}[Kflowcause: fetching: " + parts.joined(separator: ", "))
    stderr.flush()
  }

  /// Clears the progress line (before the summary is written).
  func finish() {
    guard let stderr else { return }
    stderr.write("\r\u{1B}[K")
    stderr.flush()
  }
}
