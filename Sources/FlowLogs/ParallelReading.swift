import Dispatch
import NetworkPrimitives

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A consumer whose work can be split by chunks of lines: each chunk gets a part of its own,
/// filled on a worker thread, and the parts are appended back in input order.
public protocol ChunkedFlowLogConsumer: FlowLogConsumer, SendableMetatype {
  /// An empty part with the same settings, for one chunk.
  func makePart() -> Self
  /// Takes over a part's results; parts arrive in input order, on the reading thread.
  mutating func append(_ part: Self)
  /// Whether a part may number its chunk's lines from 1: its results then come to
  /// ``append(_:lineOffset:)`` with the number of lines before the chunk, and the reading
  /// thread need not count each chunk's lines before handing it on. `false` unless a consumer
  /// says otherwise.
  static var numbersLinesInAppend: Bool { get }
  /// Takes over a part whose lines were numbered from 1, `lineOffset` lines into the input.
  mutating func append(_ part: Self, lineOffset: Int)
}

extension ChunkedFlowLogConsumer {
  public static var numbersLinesInAppend: Bool { false }
  public mutating func append(_ part: Self, lineOffset: Int) { append(part) }
}

extension FlowLogReader {
  /// Reads `source` like ``read(_:into:)``, but parses text (plain or gzip) on `threads`
  /// threads while this thread reads (and decompresses) the next chunks. Output order, line
  /// numbers and counts are those of the sequential reader; a header line that changes the
  /// format mid-input is honoured by re-reading the chunks after it with the new format.
  public func read<Consumer: ChunkedFlowLogConsumer>(
    _ source: any ByteSource, into consumer: inout Consumer, threads: Int
  ) -> ReadCounts {
    var source = source
    guard threads > 1 else { return read(source, into: &consumer) }
    if let counts = readMapped(source, into: &consumer, threads: threads) { return counts }
    let form: DeliveryForm
    do {
      form = try sniff(&source).form
    } catch {
      var counts = ReadCounts()
      counts.inputErrors += 1
      consumer.diagnostic(ReadDiagnostic(line: nil, problem: error.problem))
      return counts
    }
    guard form == .text || form == .gzipText else {
      return read(PrefixedSource(prefix: [], rest: source), into: &consumer)
    }
    var pipeline = ChunkPipeline(
      reader: self, form: form, threads: threads, template: consumer.makePart())
    let counts = pipeline.run(source: &source, into: &consumer)
    return counts
  }

  /// The chunked read of a regular file mapped into memory (``mapsRegularFiles``), or `nil`
  /// when `source` is not one or does not hold text (gzip, JSON, Parquet), which the other
  /// paths read from the untouched descriptor.
  func readMapped<Consumer: ChunkedFlowLogConsumer>(
    _ source: any ByteSource, into consumer: inout Consumer, threads: Int
  ) -> ReadCounts? {
    guard mapsRegularFiles, let file = source as? FileDescriptorSource,
      let mapped = MappedFile(descriptor: file.descriptor)
    else { return nil }
    let bytes = mapped.bytes
    // gzip and Parquet are read as streams; only text is parsed in place.
    if bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B { return nil }
    var probe: any ByteSource = MemoryViewSource(bytes)
    guard (try? sniff(&probe).form) == .text else { return nil }
    var pipeline = ChunkPipeline(
      reader: self, form: .text, threads: threads, template: consumer.makePart())
    return pipeline.run(mapped: mapped, into: &consumer)
  }
}

/// Serves the bytes of a buffer someone else keeps alive (a mapped file's, for sniffing).
struct MemoryViewSource: ByteSource {
  let bytes: UnsafeRawBufferPointer
  var offset = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    let count = min(buffer.count, bytes.count - offset)
    guard count > 0, let target = buffer.baseAddress, let base = bytes.baseAddress else {
      return 0
    }
    target.copyMemory(from: base + offset, byteCount: count)
    offset += count
    return count
  }
}

/// The chunked reader: this thread reads chunks ending at a line end and counts their lines;
/// workers parse them; results are appended in order.
struct ChunkPipeline<Consumer: ChunkedFlowLogConsumer> {
  let reader: FlowLogReader
  let form: DeliveryForm
  let threads: Int
  let template: Consumer
  static var chunkSize: Int { 1 << 20 }

  /// One chunk's work, shared between the reading thread and a worker.
  final class Slot: @unchecked Sendable {
    /// The chunk's bytes: its own, or a view into a mapped file the pipeline keeps alive.
    let bytes: [UInt8]
    let view: UnsafeRawBufferPointer?
    let firstLine: Int
    let isInputStart: Bool
    let startFormat: FlowLogFormat
    var part: Consumer
    var counts = ReadCounts()
    var endFormat: FlowLogFormat
    let done = DispatchSemaphore(value: 0)

    init(
      bytes: [UInt8], view: UnsafeRawBufferPointer? = nil, firstLine: Int, isInputStart: Bool,
      format: FlowLogFormat, part: Consumer
    ) {
      self.bytes = bytes
      self.view = view
      self.firstLine = firstLine
      self.isInputStart = isInputStart
      startFormat = format
      endFormat = format
      self.part = part
    }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
      if let view { return body(view) }
      return bytes.withUnsafeBytes(body)
    }
  }

  /// Hands the template part to workers (each copies it).
  final class Template: @unchecked Sendable {
    let part: Consumer
    init(_ part: Consumer) { self.part = part }
  }

  /// Parses one chunk's lines with `format` into a fresh part. `isInputStart`: the chunk is the
  /// input's first (whose first line may open with a byte order mark).
  static func process(
    _ buffer: UnsafeRawBufferPointer, firstLine: Int, isInputStart: Bool, format: FlowLogFormat,
    lineLimit: Int, template: Consumer
  ) -> (Consumer, ReadCounts, FlowLogFormat) {
    // A copy of the format with storage of its own: threads that retain and release the same
    // buffers for every record contend for their reference counts.
    let own =
      (try? FlowLogFormat(fields: format.fields.map { FlowField(named: String($0.name.utf8)) }))
      ?? format
    // A fresh part (not a copy of the template): a copy would share the template's buffers.
    var handler = LineHandler(
      consumer: template.makePart(), parser: LineParser(format: own), lineLimit: lineLimit)
    handler.byteOrderMarkLine = isInputStart ? firstLine : 0
    if let base = buffer.baseAddress {
      var lineStart = 0
      var number = firstLine
      let count = buffer.count
      while lineStart < count {
        let end: Int
        if let found = memchr(base + lineStart, Int32(ASCII.newline), count - lineStart) {
          end = UnsafeRawPointer(found) - base
        } else {
          end = count
        }
        let length = end - lineStart
        let bytes = UnsafeRawBufferPointer(start: base + lineStart, count: length)
        if length > lineLimit {
          handler.line(.tooLong(length: length), number)
        } else if end &+ 8 <= count {
          // The line end and the next line's first bytes, all in this chunk, follow it.
          handler.line(.padded(bytes), number)
        } else {
          handler.line(.text(bytes), number)
        }
        number += 1
        lineStart = end + 1
      }
    }
    return (handler.consumer, handler.counts, handler.parser.format)
  }

  mutating func run(source: inout any ByteSource, into consumer: inout Consumer) -> ReadCounts {
    run(source: &source, mapped: nil, into: &consumer)
  }

  /// Reads the mapped file's bytes in place: each chunk is a view into the mapping, cut after
  /// its last line end (a line longer than a chunk makes a chunk of its own).
  mutating func run(mapped: MappedFile, into consumer: inout Consumer) -> ReadCounts {
    var none: any ByteSource = MemorySource([])
    return withExtendedLifetime(mapped) { run(source: &none, mapped: mapped, into: &consumer) }
  }

  private mutating func run(
    source: inout any ByteSource, mapped: MappedFile?, into consumer: inout Consumer
  ) -> ReadCounts {
    let queue = DispatchQueue(
      label: "flowcause.parse", qos: .userInitiated, attributes: .concurrent)
    let inFlight = DispatchSemaphore(value: threads + 1)
    var pending: [Slot] = []
    var total = ReadCounts()
    total.form = form
    var currentFormat = reader.format
    var nextLine = 1
    var carry: [UInt8] = []
    var stopProblem: ReadDiagnostic.Problem? = nil
    var finished = false
    var isFirst = true
    let lineLimit = reader.lineLimit
    let template = self.template
    let shared = Template(template)
    // Parts number their lines from 1 and are given the offset when appended, or the reading
    // thread counts each chunk's lines to number its first.
    let relative = Consumer.numbersLinesInAppend
    var chunkIndex = 0

    func collect(_ slot: Slot) {
      slot.done.wait()
      inFlight.signal()
      var part = slot.part
      var counts = slot.counts
      var endFormat = slot.endFormat
      if slot.startFormat != currentFormat {
        // A header in an earlier chunk changed the format: read this chunk again with it.
        (part, counts, endFormat) = slot.withBytes {
          Self.process(
            $0, firstLine: slot.firstLine, isInputStart: slot.isInputStart,
            format: currentFormat, lineLimit: lineLimit, template: template)
        }
      }
      if relative {
        consumer.append(part, lineOffset: nextLine - 1)
        nextLine += counts.lines
      } else {
        consumer.append(part)
      }
      total += counts
      if let progress = reader.progress {
        progress.add(bytes: slot.withBytes { $0.count }, lines: counts.lines)
      }
      currentFormat = endFormat
      if let mapped, let view = slot.view { mapped.release(view) }
    }

    var mappedOffset = 0
    while !finished {
      var view: UnsafeRawBufferPointer? = nil
      var bytes: [UInt8] = []
      if let mapped {
        let all = mapped.bytes
        guard mappedOffset < all.count, let base = all.baseAddress else { break }
        var end = min(mappedOffset + Self.chunkSize, all.count)
        if end < all.count {
          // Cut after the chunk's last line end, or, for a line longer than a chunk, its own.
          var cut = end
          while cut > mappedOffset
            && base.load(fromByteOffset: cut - 1, as: UInt8.self)
              != ASCII.newline
          {
            cut -= 1
          }
          if cut > mappedOffset {
            end = cut
          } else if let found = memchr(base + end, Int32(ASCII.newline), all.count - end) {
            end = UnsafeRawPointer(found) - base + 1
          } else {
            end = all.count
          }
        }
        view = UnsafeRawBufferPointer(rebasing: all[mappedOffset..<end])
        mappedOffset = end
        finished = end == all.count
      }
      // Fill a chunk: what was left of the last line, then fresh bytes read straight into it.
      if mapped == nil {
        let kept = carry
        carry = []
        bytes = [UInt8](unsafeUninitializedCapacity: max(Self.chunkSize, kept.count)) {
          buffer, count in
          let raw = UnsafeMutableRawBufferPointer(buffer)
          kept.withUnsafeBytes { raw.copyMemory(from: $0) }
          count = kept.count
          while count < Self.chunkSize {
            do throws(ByteSourceError) {
              let read = try source.read(
                into: UnsafeMutableRawBufferPointer(rebasing: raw[count...]))
              if read == 0 {
                finished = true
                break
              }
              count += read
            } catch {
              stopProblem = error.problem
              finished = true
              break
            }
          }
        }
      }
      if !finished && mapped == nil {
        // Cut after the last line end; keep the rest for the next chunk.
        if let cut = bytes.lastIndex(of: ASCII.newline) {
          carry = Array(bytes[(cut + 1)...])
          bytes.removeSubrange((cut + 1)...)
        } else {
          // A line longer than a chunk: finish the chunks before it, then read the rest in
          // order on this thread, where an over-long line is measured, not kept.
          for slot in pending { collect(slot) }
          pending = []
          var rest: any ByteSource = PrefixedSource(prefix: bytes, rest: source)
          var handler = LineHandler(
            consumer: template, parser: LineParser(format: currentFormat), lineLimit: lineLimit)
          let lineReader = TextLineReader(lineLimit: lineLimit)
          if let problem = lineReader.forEachLine(from: &rest, into: &handler, firstLine: nextLine)
          {
            stopProblem = problem
          }
          lineReader.deallocate()
          consumer.append(handler.consumer)
          var counts = handler.counts
          counts.form = form
          total += counts
          finished = true
          break
        }
      }
      let held = bytes
      func withChunk<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if let view { return body(view) }
        return held.withUnsafeBytes(body)
      }
      if withChunk({ $0.isEmpty }) { continue }
      var lines = 0
      if !relative {
        withChunk { buffer in
          guard var pointer = buffer.baseAddress else { return }
          let end = pointer + buffer.count
          while pointer < end,
            let found = memchr(pointer, Int32(ASCII.newline), end - pointer)
          {
            lines += 1
            pointer = UnsafeRawPointer(found) + 1
          }
        }
        if withChunk({ $0.last }) != ASCII.newline { lines += 1 }
      }
      if isFirst {
        // An S3 object starts with a header line: take its format before dispatching, so that
        // the chunks after the first are parsed with it from the start.
        isFirst = false
        var peek = LineParser(format: currentFormat)
        withChunk { buffer in
          guard let base = buffer.baseAddress else { return }
          let length =
            memchr(base, Int32(ASCII.newline), buffer.count).map {
              UnsafeRawPointer($0) - base
            } ?? buffer.count
          var line = UnsafeRawBufferPointer(start: base, count: length)
          if line.starts(with: [0xEF, 0xBB, 0xBF]) {
            line = UnsafeRawBufferPointer(rebasing: line[3...])
          }
          // A header line sets the parser's format (one with a misspelled name too).
          _ = peek.parse(line, lineNumber: 1)
          currentFormat = peek.format
        }
      }
      // The format at this chunk's start is the one in effect when its predecessors finish; a
      // guess (the latest known) is checked and corrected when results are collected.
      let slot = Slot(
        bytes: bytes, view: view, firstLine: relative ? 1 : nextLine,
        isInputStart: chunkIndex == 0, format: currentFormat, part: template)
      chunkIndex += 1
      if !relative { nextLine += lines }
      inFlight.wait()
      queue.async {
        let (part, counts, endFormat) = slot.withBytes {
          Self.process(
            $0, firstLine: slot.firstLine, isInputStart: slot.isInputStart,
            format: slot.startFormat, lineLimit: lineLimit, template: shared.part)
        }
        slot.part = part
        slot.counts = counts
        slot.endFormat = endFormat
        slot.done.signal()
      }
      pending.append(slot)
      // Keep the pipeline short: collect finished chunks in order.
      while pending.count > threads, let first = pending.first {
        pending.removeFirst()
        collect(first)
      }
    }
    for slot in pending { collect(slot) }
    if let stopProblem {
      total.inputErrors += 1
      consumer.diagnostic(ReadDiagnostic(line: nil, problem: stopProblem))
    }
    return total
  }
}
