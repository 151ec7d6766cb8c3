import NetworkPrimitives

/// Receives what the reader finds, line by line, in input order.
public protocol FlowLogConsumer {
  /// A record that passed validation. The view is valid only during the call.
  mutating func record(_ record: RecordLine)
  /// A header line of field names; later records are read with `format`. Also called, after
  /// its diagnostic, for a header line reported as `misspelled-header-field`, whose format is
  /// still taken.
  mutating func header(_ format: FlowLogFormat, line: Int)
  /// A bad line, or a problem with the input as a whole.
  mutating func diagnostic(_ diagnostic: ReadDiagnostic)
}

extension FlowLogConsumer {
  public mutating func header(_ format: FlowLogFormat, line: Int) {}
}

/// How an input was delivered, as the reader detected it from the content.
public enum DeliveryForm: String, Hashable, Sendable, CaseIterable {
  /// Text, one record a line (S3 objects, CloudWatch exports, files).
  case text
  /// gzip-compressed text (S3 `.log.gz`, one or more members).
  case gzipText = "gzip-text"
  /// JSON: `aws logs get-log-events` / `filter-log-events` output, a subscription payload, or
  /// Firehose `{"message": …}` lines.
  case json
  /// gzip-compressed JSON (a subscription payload as Kinesis or Firehose deliver it).
  case gzipJSON = "gzip-json"
  /// Apache Parquet (S3 `FileFormat` parquet): detected and reported, not read.
  case parquet
  /// Nothing to read.
  case empty
}

/// What reading one input found. `lines == records + headers + blank + bad`.
public struct ReadCounts: Hashable, Sendable {
  /// Lines read: physical lines of text, or messages of JSON.
  public var lines = 0
  public var records = 0
  public var headers = 0
  public var blank = 0
  public var bad = 0
  /// Problems with an input as a whole (truncated gzip, broken JSON, a read error).
  public var inputErrors = 0
  public var form: DeliveryForm = .empty

  public init() {}

  /// Adds another input's counts (the form of the sum is meaningless).
  public static func += (left: inout ReadCounts, right: ReadCounts) {
    left.lines += right.lines
    left.records += right.records
    left.headers += right.headers
    left.blank += right.blank
    left.bad += right.bad
    left.inputErrors += right.inputErrors
  }
}

/// Reads flow log records from any delivery form AWS produces, detected from the content.
///
/// The format of records is, in this order: a header line of field names (S3 objects start with
/// one; a later header line changes the format for the lines after it), else the format given
/// here (`--format`), else the default version 2 format.
public struct FlowLogReader {
  /// The format for records before any header line.
  public var format: FlowLogFormat
  /// The longest line read whole; longer lines are reported as too long.
  public var lineLimit: Int
  /// Whether to decompress gzip input on a thread of its own, ahead of the parsing.
  public var decompressAhead = false
  /// Whether the chunked reader (`read(_:into:threads:)`) maps a plain text regular file into
  /// memory and parses it in place instead of copying it out with `read(2)` (``MappedFile``:
  /// the caller must be ready for `SIGBUS` should the file be truncated meanwhile).
  public var mapsRegularFiles = false
  /// Counts the text read and its lines as it goes (`nil`: not counted).
  public var progress: ReadProgress? = nil

  public init(format: FlowLogFormat? = nil, lineLimit: Int = 256 * 1024) {
    self.format = format ?? .defaultV2
    self.lineLimit = lineLimit
  }

  /// Reads all of `source`, handing each line's outcome to `consumer`.
  public func read<Consumer: FlowLogConsumer>(
    _ source: any ByteSource, into consumer: inout Consumer
  ) -> ReadCounts {
    var source = source
    let sniffed: Sniffed
    do {
      sniffed = try sniff(&source)
    } catch {
      var counts = ReadCounts()
      counts.inputErrors += 1
      consumer.diagnostic(ReadDiagnostic(line: nil, problem: error.problem))
      return counts
    }
    var handler = LineHandler(
      consumer: consumer, parser: LineParser(format: format), lineLimit: lineLimit)
    handler.counts.form = sniffed.form
    defer { consumer = handler.consumer }
    switch sniffed.form {
    case .empty:
      break
    case .text, .gzipText:
      var reader = TextLineReader(lineLimit: lineLimit)
      reader.progress = progress
      defer { reader.deallocate() }
      if let problem = reader.forEachLine(from: &source, into: &handler) {
        handler.inputProblem(problem)
      }
    case .json, .gzipJSON:
      var extractor = JSONMessageExtractor(source: source, messageLimit: lineLimit)
      do {
        _ = try extractor.run { handler.line($0, $1) }
        if !extractor.recognized { handler.inputProblem(.noFlowLogMessages) }
      } catch {
        handler.inputProblem(error.problem)
      }
    case .parquet:
      handler.inputProblem(.parquetNotSupported)
    }
    return handler.counts
  }

  struct Sniffed {
    var form: DeliveryForm
  }

  /// Looks at the first bytes: gzip magic, then (decompressed) JSON or text.
  func sniff(_ source: inout any ByteSource) throws(ByteSourceError) -> Sniffed {
    let ahead = source as? ReadAheadSource
    var head = try readHead(&source, wanted: 4)
    // A source read ahead (readingAhead(_:)) may have been found to be gzip already: its bytes
    // are decompressed.
    var compressed = ahead?.decompresses == true
    if !compressed && head.starts(with: Array("PAR1".utf8)) {
      source = PrefixedSource(prefix: head, rest: source)
      return Sniffed(form: .parquet)
    }
    if !compressed && head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B {
      compressed = true
      let rewind = RewindableFile.of(source, consumed: head.count)
      source = GzipSource(upstream: PrefixedSource(prefix: head, rest: source), rewind: rewind)
      if decompressAhead { source = ReadAheadSource(upstream: source) }
      head = try readHead(&source, wanted: 1)
    }
    // The first byte that is not whitespace or a byte order mark decides JSON or text.
    var index = 0
    if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { index = 3 }
    while true {
      while index < head.count,
        head[index] == ASCII.space || head[index] == ASCII.tab || head[index] == ASCII.newline
          || head[index] == ASCII.carriageReturn
      {
        index += 1
      }
      if index < head.count || head.count > 64 * 1024 { break }
      let more = try readHead(&source, wanted: 4096)
      if more.isEmpty { break }
      head += more
    }
    let first: UInt8? = index < head.count ? head[index] : nil
    source = PrefixedSource(prefix: head, rest: source)
    if head.isEmpty { return Sniffed(form: .empty) }
    if first == ASCII.leftBrace || first == ASCII.leftBracket {
      return Sniffed(form: compressed ? .gzipJSON : .json)
    }
    return Sniffed(form: compressed ? .gzipText : .text)
  }

  /// Reads at least `wanted` bytes unless the source ends first.
  private func readHead(_ source: inout any ByteSource, wanted: Int) throws(ByteSourceError)
    -> [UInt8]
  {
    var head: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: max(wanted, 4096))
    while head.count < wanted {
      let result = chunk.withUnsafeMutableBytes { bytes in
        Result { () throws(ByteSourceError) in try source.read(into: bytes) }
      }
      let count = try result.get()
      if count == 0 { break }
      head += chunk[0..<count]
    }
    return head
  }
}

/// Classifies each line and hands the outcome to the consumer, counting as it goes. A struct
/// with a mutating method, not a closure, so that the hot loop has no boxed captures.
struct LineHandler<Consumer: FlowLogConsumer>: LineSink {
  var consumer: Consumer
  var parser: LineParser
  let lineLimit: Int
  var counts = ReadCounts()
  /// The line that may open with a UTF-8 byte order mark: the input's first (0 for none, in a
  /// chunk after the first whose lines are numbered from 1).
  var byteOrderMarkLine = 1

  @inline(__always)
  mutating func line(_ line: RawLine, _ number: Int) {
    counts.lines += 1
    switch line {
    case .tooLong(let length):
      counts.bad += 1
      consumer.diagnostic(
        ReadDiagnostic(line: number, problem: .lineTooLong(length: length, limit: lineLimit)))
    case .text(let bytes):
      text(bytes, number, padded: false)
    case .padded(let bytes):
      text(bytes, number, padded: true)
    }
  }

  @inline(__always)
  private mutating func text(_ bytes: UnsafeRawBufferPointer, _ number: Int, padded: Bool) {
    var bytes = bytes
    if number == byteOrderMarkLine && bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      // A UTF-8 byte order mark (a file saved by some Windows editors).
      bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
    }
    switch parser.parse(bytes, lineNumber: number, padded: padded) {
    case .record(let record):
      counts.records += 1
      consumer.record(record)
    case .header(let format):
      counts.headers += 1
      consumer.header(format, line: number)
    case .blank:
      counts.blank += 1
    case .bad(let diagnostic):
      counts.bad += 1
      consumer.diagnostic(diagnostic)
      // A header line with a misspelled name is reported, and its format is still taken.
      if case .misspelledHeaderField = diagnostic.problem {
        consumer.header(parser.format, line: number)
      }
    }
  }

  mutating func inputProblem(_ problem: ReadDiagnostic.Problem) {
    counts.inputErrors += 1
    consumer.diagnostic(ReadDiagnostic(line: nil, problem: problem))
  }
}
