import NetworkPrimitives

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A physical line as a line reader hands it on: its bytes, or only its length when it is over
/// the reader's limit.
enum RawLine {
  case text(UnsafeRawBufferPointer)
  /// A line followed by its line end and at least seven more bytes that may be read (but
  /// belong to no line): the default format's reader then loads words without bounds checks.
  case padded(UnsafeRawBufferPointer)
  case tooLong(length: Int)
}

/// Receives physical lines from a line reader.
protocol LineSink {
  mutating func line(_ line: RawLine, _ number: Int)
}

/// Splits a byte stream into physical lines without copying them, in chunks.
///
/// Memory is one buffer whatever the input's size. A line longer than ``lineLimit`` is not kept:
/// it is measured to its end and handed on as too long.
struct TextLineReader {
  /// The longest line handed on whole.
  let lineLimit: Int
  private let buffer: UnsafeMutableRawBufferPointer
  private let base: UnsafeMutableRawPointer
  /// Counts each read's bytes and the lines before it.
  var progress: ReadProgress? = nil

  init(chunkSize: Int = 1 << 20, lineLimit: Int = 256 * 1024) {
    self.lineLimit = lineLimit
    let capacity = max(chunkSize, lineLimit * 2)
    base = .allocate(byteCount: capacity, alignment: 64)
    buffer = UnsafeMutableRawBufferPointer(start: base, count: capacity)
  }

  func deallocate() { buffer.deallocate() }

  /// Hands each line to `sink` in order, numbered from 1. Returns the problem that stopped the
  /// source early, if any, after handing on every line read before it.
  func forEachLine<Sink: LineSink>(
    from source: inout any ByteSource, into sink: inout Sink, firstLine: Int = 1
  ) -> ReadDiagnostic.Problem? {
    let capacity = buffer.count
    var filled = 0
    var lineNumber = firstLine - 1
    var skippedLength = -1  // >= 0 while skipping the rest of an over-long line
    var stopProblem: ReadDiagnostic.Problem? = nil
    var progressLines = 0  // lines added to `progress` so far
    while true {
      let count: Int
      do {
        count = try source.read(
          into: UnsafeMutableRawBufferPointer(
            start: base + filled, count: capacity - filled))
      } catch {
        stopProblem = error.problem
        count = 0
      }
      if count == 0 {
        // The end: a last line without a line end still counts.
        if skippedLength >= 0 {
          lineNumber += 1
          sink.line(.tooLong(length: skippedLength + filled), lineNumber)
        } else if filled > 0 {
          lineNumber += 1
          sink.line(emit(base, filled), lineNumber)
        }
        return stopProblem
      }
      progress?.add(bytes: count, lines: lineNumber - (firstLine - 1) - progressLines)
      progressLines = lineNumber - (firstLine - 1)
      let end = filled + count
      var lineStart = 0
      var searchFrom = filled
      while searchFrom < end {
        guard let found = memchr(base + searchFrom, Int32(ASCII.newline), end - searchFrom) else {
          break
        }
        let newline = UnsafeRawPointer(found) - UnsafeRawPointer(base)
        lineNumber += 1
        if skippedLength >= 0 {
          sink.line(.tooLong(length: skippedLength + newline), lineNumber)
          skippedLength = -1
        } else {
          sink.line(
            emit(base + lineStart, newline - lineStart, padded: newline &+ 8 <= end), lineNumber)
        }
        lineStart = newline + 1
        searchFrom = lineStart
      }
      let leftover = end - lineStart
      if skippedLength >= 0 {
        skippedLength += leftover
        filled = 0
      } else if leftover > lineLimit {
        skippedLength = leftover
        filled = 0
      } else {
        if leftover > 0 && lineStart > 0 {
          memmove(base, base + lineStart, leftover)
        }
        filled = leftover
      }
    }
  }

  @inline(__always)
  private func emit(_ start: UnsafeMutableRawPointer, _ length: Int, padded: Bool = false)
    -> RawLine
  {
    if length > lineLimit { return .tooLong(length: length) }
    let bytes = UnsafeRawBufferPointer(start: start, count: length)
    return padded ? .padded(bytes) : .text(bytes)
  }
}
