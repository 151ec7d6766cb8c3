import NetworkPrimitives

/// Parses the bytes of one JSON document (RFC 8259) into a ``JSONValue``.
///
/// Strict: no comments, no trailing commas, no leading zeros, strings must be valid UTF-8 with
/// control characters escaped. A UTF-8 byte order mark at the start is skipped. Nesting deeper
/// than ``depthLimit`` is refused, so hostile input cannot exhaust the stack. A failure carries
/// the line and byte column where the document stops being JSON.
struct JSONParser {
  /// The deepest nesting of arrays and objects accepted (AWS output is about 8 deep).
  static let depthLimit = 128

  private let bytes: [UInt8]
  private var position = 0
  private var depth = 0

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Parses `bytes` as exactly one JSON value, surrounded by optional whitespace.
  static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
    var parser = JSONParser(bytes: bytes)
    if bytes.starts(with: ASCII.byteOrderMark) { parser.position = ASCII.byteOrderMark.count }
    parser.skipWhitespace()
    guard parser.position < bytes.count else {
      throw parser.error("the document is empty; expected a JSON object")
    }
    let value = try parser.parseValue()
    parser.skipWhitespace()
    guard parser.position == bytes.count else {
      throw parser.error("\(parser.describeCurrent()) after the end of the JSON value")
    }
    return value
  }

  // MARK: - Values

  private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
    guard position < bytes.count else { throw error("unexpected end of input; expected a value") }
    switch bytes[position] {
    case ASCII.leftBrace: return try parseObject()
    case ASCII.leftBracket: return try parseArray()
    case ASCII.quote: return .string(try parseString())
    case ASCII.hyphen, ASCII.zero...ASCII.nine: return .number(try parseNumber())
    case ASCII.lowerT: return try parseLiteral("true", .bool(true))
    case ASCII.lowerF: return try parseLiteral("false", .bool(false))
    case ASCII.lowerN: return try parseLiteral("null", .null)
    default: throw error("expected a value, found \(describeCurrent())")
    }
  }

  private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
    try enterContainer()
    position += 1  // {
    var members: [JSONValue.Member] = []
    skipWhitespace()
    if position < bytes.count, bytes[position] == ASCII.rightBrace {
      position += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard position < bytes.count, bytes[position] == ASCII.quote else {
        throw error("expected a key in double quotes, found \(describeCurrent())")
      }
      let key = try parseString()
      skipWhitespace()
      guard position < bytes.count, bytes[position] == ASCII.colon else {
        throw error("expected ':' after the key \"\(key)\", found \(describeCurrent())")
      }
      position += 1
      skipWhitespace()
      let value = try parseValue()
      members.append(JSONValue.Member(key: key, value: value))
      skipWhitespace()
      guard position < bytes.count else {
        throw error("unexpected end of input; expected ',' or '}' in an object")
      }
      switch bytes[position] {
      case ASCII.comma:
        position += 1
      case ASCII.rightBrace:
        position += 1
        depth -= 1
        return .object(members)
      default:
        throw error("expected ',' or '}' after a member, found \(describeCurrent())")
      }
    }
  }

  private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
    try enterContainer()
    position += 1  // [
    var elements: [JSONValue] = []
    skipWhitespace()
    if position < bytes.count, bytes[position] == ASCII.rightBracket {
      position += 1
      depth -= 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue())
      skipWhitespace()
      guard position < bytes.count else {
        throw error("unexpected end of input; expected ',' or ']' in an array")
      }
      switch bytes[position] {
      case ASCII.comma:
        position += 1
      case ASCII.rightBracket:
        position += 1
        depth -= 1
        return .array(elements)
      default:
        throw error("expected ',' or ']' after an element, found \(describeCurrent())")
      }
    }
  }

  private mutating func enterContainer() throws(JSONSyntaxError) {
    depth += 1
    guard depth <= Self.depthLimit else {
      throw error("arrays and objects nested more than \(Self.depthLimit) deep")
    }
  }

  private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue)
    throws(JSONSyntaxError) -> JSONValue
  {
    let count = word.utf8CodeUnitCount
    let matches = word.withUTF8Buffer { expected in
      position + count <= bytes.count && bytes[position..<position + count].elementsEqual(expected)
    }
    guard matches else { throw error("expected a value, found \(describeCurrent())") }
    position += count
    return value
  }

  // MARK: - Numbers

  private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue.Number {
    let start = position
    if bytes[position] == ASCII.hyphen { position += 1 }
    guard position < bytes.count, ASCII.isDigit(bytes[position]) else {
      throw error("expected a digit in a number, found \(describeCurrent())")
    }
    if bytes[position] == ASCII.zero {
      position += 1
      if position < bytes.count, ASCII.isDigit(bytes[position]) {
        throw error("a number must not start with 0 followed by digits")
      }
    } else {
      skipDigits()
    }
    if position < bytes.count, bytes[position] == ASCII.period {
      position += 1
      guard position < bytes.count, ASCII.isDigit(bytes[position]) else {
        throw error("expected a digit after the decimal point, found \(describeCurrent())")
      }
      skipDigits()
    }
    if position < bytes.count, bytes[position] == ASCII.lowerE || bytes[position] == ASCII.upperE {
      position += 1
      if position < bytes.count, bytes[position] == ASCII.plus || bytes[position] == ASCII.hyphen {
        position += 1
      }
      guard position < bytes.count, ASCII.isDigit(bytes[position]) else {
        throw error("expected a digit in the exponent, found \(describeCurrent())")
      }
      skipDigits()
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    return JSONValue.Number(text: text, double: Double(text) ?? .nan)
  }

  private mutating func skipDigits() {
    while position < bytes.count, ASCII.isDigit(bytes[position]) { position += 1 }
  }

  // MARK: - Strings

  /// Reads a string starting at its opening quote; leaves `position` after the closing quote.
  /// A string without escapes is decoded straight from the input, without a copy.
  private mutating func parseString() throws(JSONSyntaxError) -> String {
    let open = position
    position += 1
    var unescaped: [UInt8]?  // made at the first escape
    var runStart = position
    while true {
      guard position < bytes.count else {
        position = open
        throw error("unterminated string")
      }
      let byte = bytes[position]
      switch byte {
      case ASCII.quote:
        let text: String?
        if var copy = unescaped {
          copy.append(contentsOf: bytes[runStart..<position])
          text = String(validating: copy, as: UTF8.self)
        } else {
          text = String(validating: bytes[runStart..<position], as: UTF8.self)
        }
        guard let text else {
          position = open
          throw error("the string is not valid UTF-8")
        }
        position += 1
        return text
      case ASCII.backslash:
        var copy = unescaped ?? []
        copy.append(contentsOf: bytes[runStart..<position])
        try parseEscape(into: &copy)
        unescaped = copy
        runStart = position
      case 0..<ASCII.space:
        throw error("a control character (byte 0x\(Self.hex(byte))) must be escaped in a string")
      default:
        position += 1
      }
    }
  }

  /// Reads one escape sequence starting at its backslash and appends its UTF-8 bytes.
  private mutating func parseEscape(into scalars: inout [UInt8]) throws(JSONSyntaxError) {
    position += 1
    guard position < bytes.count else { throw error("unterminated string") }
    let escaped = bytes[position]
    position += 1
    switch escaped {
    case ASCII.quote, ASCII.backslash, ASCII.slash: scalars.append(escaped)
    case ASCII.lowerB: scalars.append(0x08)
    case ASCII.lowerF: scalars.append(0x0C)
    case ASCII.lowerN: scalars.append(ASCII.newline)
    case ASCII.lowerR: scalars.append(ASCII.carriageReturn)
    case ASCII.lowerT: scalars.append(ASCII.tab)
    case ASCII.lowerU:
      var value = try parseHex4()
      if (0xD800...0xDBFF).contains(value) {
        // A high surrogate must be followed by an escaped low surrogate.
        guard position + 1 < bytes.count, bytes[position] == ASCII.backslash,
          bytes[position + 1] == ASCII.lowerU
        else { throw error("a \\u escape of a high surrogate must be followed by a low one") }
        position += 2
        let low = try parseHex4()
        guard (0xDC00...0xDFFF).contains(low) else {
          throw error("a \\u escape of a high surrogate must be followed by a low one")
        }
        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00...0xDFFF).contains(value) {
        throw error("a \\u escape of a low surrogate without a high one")
      }
      guard let scalar = Unicode.Scalar(value) else { throw error("an invalid \\u escape") }
      scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
    default:
      position -= 2  // at the backslash
      throw error("an invalid escape '\\\(describeByte(escaped))' in a string")
    }
  }

  private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard position < bytes.count, let digit = ASCII.hexValue(bytes[position]) else {
        throw error("expected four hexadecimal digits after \\u")
      }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }

  // MARK: - Positions and messages

  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case ASCII.space, ASCII.tab, ASCII.newline, ASCII.carriageReturn: position += 1
      default: return
      }
    }
  }

  /// The byte at the current position as a message names it, or `the end of the input`.
  private func describeCurrent() -> String {
    guard position < bytes.count else { return "the end of the input" }
    return "'\(describeByte(bytes[position]))'"
  }

  private func describeByte(_ byte: UInt8) -> String {
    if byte >= ASCII.space && byte < ASCII.delete { return String(UnicodeScalar(byte)) }
    return "\\x" + Self.hex(byte)
  }

  /// An error at the current position, with its 1-based line and byte column.
  private func error(_ message: String) -> JSONSyntaxError {
    var line = 1
    var lineStart = 0
    for index in 0..<min(position, bytes.count) where bytes[index] == ASCII.newline {
      line += 1
      lineStart = index + 1
    }
    return JSONSyntaxError(line: line, column: position - lineStart + 1, message: message)
  }

  /// `byte` as two uppercase hex digits, for messages.
  private static func hex(_ byte: UInt8) -> String {
    let text = String(byte, radix: 16, uppercase: true)
    return byte < 0x10 ? "0" + text : text
  }
}
