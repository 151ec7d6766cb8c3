import NetworkPrimitives

/// Pulls flow log messages out of CloudWatch Logs and Firehose JSON as it streams.
///
/// It reads any sequence of JSON values and hands on the string `message` of:
/// - each element of an `events` array (`aws logs get-log-events` / `filter-log-events`);
/// - each element of a `logEvents` array (a subscription payload), unless its `messageType` is
///   `CONTROL_MESSAGE`;
/// - each top-level object, or element of a top-level array (Firehose `{"message": …}` lines);
/// - the gzip+base64 `awslogs.data` of a Lambda subscription event, decoded in place;
/// - the `value` of each `{"field": "@message", "value": …}` cell of Logs Insights results
///   (`aws logs get-query-results`).
/// Nothing else is kept, so memory does not grow with the document.
struct JSONMessageExtractor {
  /// A message and the 1-based line where its string starts in the JSON text.
  typealias Emit = (RawLine, Int) -> Void

  private var input: JSONInput
  private var scratch: [UInt8] = []
  private let messageLimit: Int
  /// The largest Lambda `awslogs.data` string read (base64 text).
  static let payloadLimit = 64 << 20
  /// Whether the JSON had a shape the extractor knows (`events`, `logEvents`, `message`,
  /// Logs Insights cells, `awslogs`), even if it held no message (an empty page).
  private(set) var recognized = false
  /// Nested Lambda payloads decoded so far (bounded, against hostile input).
  private let nesting: Int
  /// The line reported for messages of a nested payload (the line of its `data` string).
  private let fixedLine: Int?

  init(source: any ByteSource, messageLimit: Int, nesting: Int = 0, fixedLine: Int? = nil) {
    input = JSONInput(source: source)
    self.messageLimit = messageLimit
    self.nesting = nesting
    self.fixedLine = fixedLine
  }

  private enum Key {
    case message, events, logEvents, messageType, awslogs, data, field, value, other
  }

  private struct ObjectInfo {
    var isEvent: Bool
    var isAwslogs: Bool
    var isControl = false
    /// A Logs Insights cell whose `field` is `@message`.
    var isMessageCell = false
  }

  private enum Context {
    case topLevel
    case element(ofEvents: Bool, ofTopLevel: Bool)
    case member(Key)
  }

  /// Reads every value; returns how many messages were handed on, or throws where the JSON
  /// breaks (messages before the break have been handed on).
  mutating func run(_ emit: Emit) throws(ByteSourceError) -> Int {
    var emitted = 0
    while true {
      try input.skipWhitespace()
      guard try input.peek() != nil else { return emitted }
      var unused = ObjectInfo(isEvent: false, isAwslogs: false)
      try parseValue(.topLevel, parent: &unused, depth: 0, emitted: &emitted, emit)
    }
  }

  private mutating func parseValue(
    _ context: Context, parent: inout ObjectInfo, depth: Int, emitted: inout Int, _ emit: Emit
  ) throws(ByteSourceError) {
    guard depth < 256 else { throw input.error("nesting deeper than 256 levels") }
    try input.skipWhitespace()
    guard let byte = try input.peek() else { throw input.error("unexpected end of input") }
    switch byte {
    case ASCII.leftBrace:
      var isEvent = false
      var isAwslogs = false
      switch context {
      case .topLevel: isEvent = true
      case .element(let ofEvents, let ofTopLevel): isEvent = ofEvents || ofTopLevel
      case .member(let key): isAwslogs = key == .awslogs
      }
      try parseObject(
        ObjectInfo(isEvent: isEvent, isAwslogs: isAwslogs), depth: depth, emitted: &emitted, emit)
    case ASCII.leftBracket:
      var ofEvents = false
      if case .member(let key) = context, key == .events || key == .logEvents {
        recognized = true
        ofEvents = key == .events || !parent.isControl
      }
      var isTop = false
      if case .topLevel = context { isTop = true }
      try parseArray(ofEvents: ofEvents, ofTopLevel: isTop, depth: depth, emitted: &emitted, emit)
    case ASCII.quote:
      let line = input.line
      guard case .member(let key) = context else {
        try input.skipString()
        return
      }
      if key == .message && parent.isEvent {
        recognized = true
        try emitMessage(line: line, emitted: &emitted, emit)
      } else if key == .value && parent.isMessageCell {
        try emitMessage(line: line, emitted: &emitted, emit)
      } else if key == .field {
        _ = try readString()
        parent.isMessageCell = scratch.elementsEqual("@message".utf8)
        if parent.isMessageCell { recognized = true }
      } else if key == .messageType {
        _ = try readString()
        parent.isControl = scratch.elementsEqual("CONTROL_MESSAGE".utf8)
      } else if key == .data && parent.isAwslogs && nesting < 2 {
        recognized = true
        // A Lambda event carries a whole batch (CloudWatch Logs sends up to about 1 MB).
        guard try readString(limit: Self.payloadLimit) <= Self.payloadLimit else {
          throw input.error("awslogs.data is larger than \(Self.payloadLimit) bytes")
        }
        try decodeLambdaPayload(line: fixedLine ?? line, emitted: &emitted, emit)
      } else {
        try input.skipString()
      }
    default:
      try input.skipScalar()
    }
  }

  /// Reads the string at the input and hands it on as one line.
  private mutating func emitMessage(line: Int, emitted: inout Int, _ emit: Emit)
    throws(ByteSourceError)
  {
    let length = try readString()
    emitted += 1
    if length > messageLimit {
      emit(.tooLong(length: length), fixedLine ?? line)
      return
    }
    var end = scratch.count
    while end > 0, scratch[end - 1] == ASCII.newline || scratch[end - 1] == ASCII.carriageReturn {
      end -= 1
    }
    scratch.withUnsafeBytes {
      emit(.text(UnsafeRawBufferPointer(rebasing: $0[0..<end])), fixedLine ?? line)
    }
  }

  private mutating func parseObject(
    _ info: ObjectInfo, depth: Int, emitted: inout Int, _ emit: Emit
  ) throws(ByteSourceError) {
    var info = info
    input.advance()  // {
    try input.skipWhitespace()
    if try input.peek() == ASCII.rightBrace {
      input.advance()
      return
    }
    while true {
      try input.skipWhitespace()
      guard try input.peek() == ASCII.quote else { throw input.error("expected an object key") }
      _ = try readString()
      let key = Self.key(scratch)
      try input.skipWhitespace()
      guard try input.peek() == ASCII.colon else { throw input.error("expected ':' after a key") }
      input.advance()
      try parseValue(.member(key), parent: &info, depth: depth + 1, emitted: &emitted, emit)
      try input.skipWhitespace()
      switch try input.peek() {
      case ASCII.comma: input.advance()
      case ASCII.rightBrace:
        input.advance()
        return
      default: throw input.error("expected ',' or '}' in an object")
      }
    }
  }

  private mutating func parseArray(
    ofEvents: Bool, ofTopLevel: Bool, depth: Int, emitted: inout Int, _ emit: Emit
  ) throws(ByteSourceError) {
    input.advance()  // [
    try input.skipWhitespace()
    if try input.peek() == ASCII.rightBracket {
      input.advance()
      return
    }
    var unused = ObjectInfo(isEvent: false, isAwslogs: false)
    while true {
      try parseValue(
        .element(ofEvents: ofEvents, ofTopLevel: ofTopLevel), parent: &unused, depth: depth + 1,
        emitted: &emitted, emit)
      try input.skipWhitespace()
      switch try input.peek() {
      case ASCII.comma: input.advance()
      case ASCII.rightBracket:
        input.advance()
        return
      default: throw input.error("expected ',' or ']' in an array")
      }
    }
  }

  private static func key(_ bytes: [UInt8]) -> Key {
    switch bytes.count {
    case 4 where bytes.elementsEqual("data".utf8): return .data
    case 5 where bytes.elementsEqual("field".utf8): return .field
    case 5 where bytes.elementsEqual("value".utf8): return .value
    case 6 where bytes.elementsEqual("events".utf8): return .events
    case 7 where bytes.elementsEqual("message".utf8): return .message
    case 7 where bytes.elementsEqual("awslogs".utf8): return .awslogs
    case 9 where bytes.elementsEqual("logEvents".utf8): return .logEvents
    case 11 where bytes.elementsEqual("messageType".utf8): return .messageType
    default: return .other
    }
  }

  /// Reads a JSON string into `scratch`, decoding escapes to UTF-8, keeping at most
  /// `messageLimit` bytes. Returns the decoded length (more than the limit when cut).
  private mutating func readString(limit: Int? = nil) throws(ByteSourceError) -> Int {
    let messageLimit = limit ?? self.messageLimit
    scratch.removeAll(keepingCapacity: true)
    var length = 0
    input.advance()  // opening quote
    while true {
      guard let byte = try input.next() else { throw input.error("unterminated string") }
      var decoded: UInt32
      switch byte {
      case ASCII.quote:
        return length
      case ASCII.backslash:
        guard let escape = try input.next() else { throw input.error("unterminated string") }
        switch escape {
        case ASCII.quote, ASCII.backslash, ASCII.slash: decoded = UInt32(escape)
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
          decoded = try readHex4()
          if decoded >= 0xD800 && decoded < 0xDC00 {
            // A surrogate pair.
            guard try input.next() == ASCII.backslash, try input.next() == UInt8(ascii: "u") else {
              throw input.error("unpaired surrogate in \\u escape")
            }
            let low = try readHex4()
            guard low >= 0xDC00 && low < 0xE000 else {
              throw input.error("unpaired surrogate in \\u escape")
            }
            decoded = 0x10000 + ((decoded - 0xD800) << 10) + (low - 0xDC00)
          } else if decoded >= 0xDC00 && decoded < 0xE000 {
            throw input.error("unpaired surrogate in \\u escape")
          }
        default:
          throw input.error("invalid escape \\\(Character(Unicode.Scalar(escape)))")
        }
      default:
        if byte < 0x20 { throw input.error("control character in a string") }
        length += 1
        if length <= messageLimit { scratch.append(byte) }
        continue
      }
      let before = scratch.count
      appendUTF8(decoded)
      length += scratch.count - before
      if length > messageLimit { scratch.removeLast(scratch.count - before) }
    }
  }

  private mutating func readHex4() throws(ByteSourceError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = try input.next(), let hex = ASCII.hexValue(byte) else {
        throw input.error("invalid \\u escape")
      }
      value = value << 4 | UInt32(hex)
    }
    return value
  }

  private mutating func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case 0..<0x80:
      scratch.append(UInt8(scalar))
    case 0x80..<0x800:
      scratch.append(UInt8(0xC0 | scalar >> 6))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
      scratch.append(UInt8(0xE0 | scalar >> 12))
      scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    default:
      scratch.append(UInt8(0xF0 | scalar >> 18))
      scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    }
  }

  /// A Lambda subscription event carries the payload as base64 of gzip of JSON.
  private mutating func decodeLambdaPayload(line: Int, emitted: inout Int, _ emit: Emit)
    throws(ByteSourceError)
  {
    guard let compressed = Base64.decode(scratch) else {
      throw ByteSourceError(.invalidJSON("line \(line): awslogs.data is not base64"))
    }
    let source = GzipSource(upstream: MemorySource(compressed))
    var nested = JSONMessageExtractor(
      source: source, messageLimit: messageLimit, nesting: nesting + 1, fixedLine: line)
    emitted += try nested.run(emit)
    if nested.recognized { recognized = true }
  }
}

/// Base64 (RFC 4648, with or without padding), for Lambda subscription payloads.
enum Base64 {
  static func decode(_ text: [UInt8]) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(text.count * 3 / 4)
    var accumulator: UInt32 = 0
    var bits = 0
    for byte in text {
      let value: UInt32
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
      case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a") + 26)
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0") + 52)
      case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
      case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
      case UInt8(ascii: "="), ASCII.newline, ASCII.carriageReturn, ASCII.space: continue
      default: return nil
      }
      accumulator = accumulator << 6 | value
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
      }
    }
    return out
  }
}

/// Buffered byte input for the JSON extractor, counting lines as it goes.
struct JSONInput {
  private var source: any ByteSource
  private var buffer: [UInt8] = Array(repeating: 0, count: 64 * 1024)
  private var position = 0
  private var filled = 0
  private var done = false
  /// The 1-based line of the next byte.
  private(set) var line = 1

  init(source: any ByteSource) { self.source = source }

  mutating func peek() throws(ByteSourceError) -> UInt8? {
    if position < filled { return buffer[position] }
    if done { return nil }
    let result = buffer.withUnsafeMutableBytes { bytes in
      Result { () throws(ByteSourceError) in try source.read(into: bytes) }
    }
    let count = try result.get()
    position = 0
    filled = count
    if count == 0 {
      done = true
      return nil
    }
    return buffer[0]
  }

  @inline(__always)
  mutating func advance() {
    if buffer[position] == ASCII.newline { line += 1 }
    position += 1
  }

  mutating func next() throws(ByteSourceError) -> UInt8? {
    guard let byte = try peek() else { return nil }
    advance()
    return byte
  }

  mutating func skipWhitespace() throws(ByteSourceError) {
    while let byte = try peek(),
      byte == ASCII.space || byte == ASCII.newline || byte == ASCII.tab
        || byte == ASCII.carriageReturn || (byte == 0xEF && line == 1)
    {
      if byte == 0xEF {
        // A UTF-8 byte order mark at the start.
        advance()
        guard try next() == 0xBB, try next() == 0xBF else { throw error("unexpected byte") }
        continue
      }
      advance()
    }
  }

  mutating func skipString() throws(ByteSourceError) {
    advance()  // opening quote
    while let byte = try next() {
      if byte == ASCII.quote { return }
      if byte == ASCII.backslash { _ = try next() }
    }
    throw error("unterminated string")
  }

  /// Skips a number, `true`, `false` or `null`, checking its spelling.
  mutating func skipScalar() throws(ByteSourceError) {
    var text: [UInt8] = []
    while let byte = try peek(),
      ASCII.isDigit(byte) || ASCII.isLower(byte) || byte == ASCII.hyphen || byte == ASCII.plus
        || byte == ASCII.period || byte == UInt8(ascii: "E")
    {
      advance()
      text.append(byte)
      if text.count > 400 { throw error("a number or literal longer than 400 characters") }
    }
    if text.isEmpty {
      let found = try peek().map { "'\(Character(Unicode.Scalar($0)))'" } ?? "the end"
      throw error("unexpected \(found)")
    }
    if text.elementsEqual("true".utf8) || text.elementsEqual("false".utf8)
      || text.elementsEqual("null".utf8) || Self.isNumber(text)
    {
      return
    }
    throw error("unexpected '\(String(decoding: text, as: UTF8.self))'")
  }

  /// JSON's number grammar: `-? int frac? exp?`.
  static func isNumber(_ text: [UInt8]) -> Bool {
    var index = 0
    func digits() -> Int {
      let start = index
      while index < text.count, ASCII.isDigit(text[index]) { index += 1 }
      return index - start
    }
    if index < text.count, text[index] == ASCII.hyphen { index += 1 }
    guard index < text.count else { return false }
    if text[index] == ASCII.zero {
      index += 1
    } else if digits() == 0 {
      return false
    }
    if index < text.count, text[index] == ASCII.period {
      index += 1
      guard digits() > 0 else { return false }
    }
    if index < text.count, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
      index += 1
      if index < text.count, text[index] == ASCII.plus || text[index] == ASCII.hyphen { index += 1 }
      guard digits() > 0 else { return false }
    }
    return index == text.count
  }

  func error(_ reason: String) -> ByteSourceError {
    ByteSourceError(.invalidJSON("line \(line): \(reason)"))
  }
}
