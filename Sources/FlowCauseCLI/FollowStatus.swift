import Foundation
import Rendering

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The running summary `diagnose --follow` keeps at the foot of a terminal: a line of counts
/// and the most frequent patterns so far, redrawn after each poll. Everything else written to
/// the terminal meanwhile (the REJECTs as they are decided, bad lines) goes through
/// ``writer(_:)``, which clears the summary first; the next poll draws it again below. Used on
/// the reading thread only.
final class FollowStatus {
  /// Patterns the summary lists.
  static let listed = 5
  private let stderr: any ByteWriter
  /// Lines drawn, to clear.
  private var drawn = 0

  init(stderr: any ByteWriter) { self.stderr = stderr }

  /// Draws `lines` (each ending with a newline), each cut to the terminal's width so that the
  /// count of lines to clear is the count drawn.
  func draw(_ lines: [String]) {
    clear()
    let width = Self.columns()
    for line in lines {
      var text = line.hasSuffix("\n") ? String(line.dropLast()) : line
      if text.count >= width { text = String(text.prefix(max(width - 2, 1))) + "…" }
      stderr.write(text + "\n")
    }
    drawn = lines.count
    stderr.flush()
  }

  /// Removes the lines drawn.
  func clear() {
    guard drawn > 0 else { return }
    // To the first column of the first line drawn, then clear to the end of the screen.
    stderr.write("\u{1B}[\(drawn)F\u{1B}[J")
    stderr.flush()
    drawn = 0
  }

  /// `writer`, writing only after the summary is cleared, and flushed at once (so that what it
  /// writes lands above the next summary drawn).
  func writer(_ writer: any ByteWriter) -> any ByteWriter { Clearing(status: self, writer: writer) }

  private final class Clearing: ByteWriter {
    let status: FollowStatus
    let writer: any ByteWriter
    init(status: FollowStatus, writer: any ByteWriter) {
      self.status = status
      self.writer = writer
    }
    func write(_ bytes: UnsafeRawBufferPointer) {
      status.clear()
      writer.write(bytes)
      writer.flush()
    }
    func flush() { writer.flush() }
    var writeError: Int32? { writer.writeError }
  }

  /// The terminal's width on standard error (80 when unknown).
  static func columns() -> Int {
    var size = winsize()
    guard ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }

  /// The summary's lines: `flowcause: 80 REJECTs: 56 decided, 24 waiting for their window;
  /// 1234 events from log group G (polled every 30 s; Ctrl-C decides them and ends)`, and a line
  /// saying how long a REJECT waits while none is decided; then the patterns.
  static func lines(
    group: String, poll: Int, events: Int, rejectsRead: Int, rejects: Int, patterns: [String]
  ) -> [String] {
    let waiting = max(rejectsRead - rejects, 0)
    // The counts first: a narrow terminal cuts the end of the line.
    var head = "flowcause: \(rejectsRead) REJECT\(rejectsRead == 1 ? "" : "s"): \(rejects) "
    head += "decided, \(waiting) waiting for their window; \(events) event"
    head += "\(events == 1 ? "" : "s") from \(group) (polled every \(poll) s; Ctrl-C decides "
    head += "them and ends)\n"
    var lines = [head]
    if rejects == 0 && waiting > 0 {
      lines.append(
        "  (a REJECT is decided once records 42 minutes of log time after it are read)\n")
    }
    return lines + patterns
  }
}
