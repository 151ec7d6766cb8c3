import NetworkPrimitives

/// Classifies one physical line: a record, a header, a blank line, or a bad line with the reason.
///
/// This is the hot path of the reader. It scans bytes once to split fields on runs of spaces
/// (AWS's own examples contain a double space), then checks each field by its kind; no `String`
/// is made for a valid record.
public struct LineParser {
  /// What a line turned out to be.
  public enum Outcome {
    case record(RecordLine)
    case header(FlowLogFormat)
    case blank
    case bad(ReadDiagnostic)
  }

  /// The format records are read with until a header line changes it.
  public private(set) var format: FlowLogFormat
  /// Per-field token positions and integer values, reused for every line.
  private var slots: FieldSlots
  private var starts: UnsafeMutablePointer<Int>
  private var ends: UnsafeMutablePointer<Int>
  private var integers: UnsafeMutablePointer<Int64>
  /// Precomputed per-field kinds of `format`, for the validation loop.
  private var kinds: [FlowField.Kind] = []

  public init(format: FlowLogFormat) {
    self.format = format
    slots = FieldSlots(format: format)
    starts = slots.starts
    ends = slots.ends
    integers = slots.integers
    kinds = format.fields.map(\.kind)
  }

  /// Switches to `format` (a header line does this itself).
  public mutating func setFormat(_ format: FlowLogFormat) {
    self.format = format
    kinds = format.fields.map(\.kind)
    slots = FieldSlots(format: format)
    starts = slots.starts
    ends = slots.ends
    integers = slots.integers
  }

  /// Classifies `line` (without its line end), numbered `lineNumber`.
  public mutating func parse(_ line: UnsafeRawBufferPointer, lineNumber: Int) -> Outcome {
    var count = line.count
    if count > 0 && line[count - 1] == ASCII.carriageReturn { count -= 1 }
    let expected = format.count
    var found = 0
    var sawHighByte = false
    // Split on runs of spaces and tabs, rejecting control bytes: eight bytes at a time (the
    // bytes that need a look, found with word arithmetic, exact per byte), then byte by byte.
    var tokenStart = -1
    var index = 0
    while index + 8 <= count {
      let word = UInt64(littleEndian: line.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      let marks = SWAR.marks(word)
      if marks.high != 0 { sawHighByte = true }
      var special = marks.special
      if special == 0 {
        if tokenStart < 0 { tokenStart = index }
        index += 8
        continue
      }
      var position = index
      while special != 0 {
        let offset = special.trailingZeroBitCount >> 3
        let at = index + offset
        guard marks.separators & (0x80 << UInt64(offset * 8)) != 0 else {
          return .bad(
            ReadDiagnostic(line: lineNumber, column: at + 1, problem: .controlByte(line[at])))
        }
        if at > position && tokenStart < 0 { tokenStart = position }
        if tokenStart >= 0 {
          endToken(tokenStart, at, line, &found, expected)
          tokenStart = -1
        }
        position = at + 1
        special &= special &- 1
      }
      if position < index + 8 && tokenStart < 0 { tokenStart = position }
      index += 8
    }
    while index < count {
      let byte = line[index]
      if byte <= ASCII.space || byte == ASCII.delete {
        guard byte == ASCII.space || byte == ASCII.tab else {
          return .bad(
            ReadDiagnostic(line: lineNumber, column: index + 1, problem: .controlByte(byte)))
        }
        if tokenStart >= 0 {
          endToken(tokenStart, index, line, &found, expected)
          tokenStart = -1
        }
      } else {
        if byte >= 0x80 { sawHighByte = true }
        if tokenStart < 0 { tokenStart = index }
      }
      index += 1
    }
    if tokenStart >= 0 { endToken(tokenStart, count, line, &found, expected) }
    if found == 0 { return .blank }
    if sawHighByte && !Self.isValidUTF8(UnsafeRawBufferPointer(rebasing: line[0..<count])) {
      return .bad(ReadDiagnostic(line: lineNumber, problem: .invalidUTF8))
    }
    if let header = headerFormat(line, count: count, found: found, lineNumber: lineNumber) {
      return header
    }
    guard found == expected else {
      return .bad(
        ReadDiagnostic(line: lineNumber, problem: .fieldCount(expected: expected, found: found)))
    }
    let failed = quickValidate(line, expected)
    if failed >= 0 {
      // The slow path names the problem (the first field that fails, as the quick path found).
      for field in failed..<expected {
        if let problem = validate(field, line) {
          return .bad(
            ReadDiagnostic(line: lineNumber, column: starts[field] + 1, problem: problem))
        }
      }
    }
    return .record(
      RecordLine(
        format: format, lineNumber: lineNumber, bytes: line, starts: starts, ends: ends,
        integers: integers, owner: slots))
  }

  /// Records the token `start..<end` as the next field (a CloudWatch export's leading event
  /// time is skipped).
  @inline(__always)
  private func endToken(
    _ start: Int, _ end: Int, _ line: UnsafeRawBufferPointer, _ found: inout Int, _ expected: Int
  ) {
    if found == 0 && Self.isTimestampPrefix(line, start, end) { return }
    if found < expected {
      starts[found] = start
      ends[found] = end
    }
    found += 1
  }

  /// Checks every field and stores the integer values; returns the first field that fails
  /// (or -1), without building the problem: the hot path, over the slots' per-field codes.
  @inline(__always)
  private func quickValidate(_ line: UnsafeRawBufferPointer, _ expected: Int) -> Int {
    guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return -1 }
    let codes = slots.codes
    let maxima = slots.maxima
    for field in 0..<expected {
      let start = starts[field]
      let end = ends[field]
      let length = end - start
      let isNull = length == 1 && base[start] == ASCII.hyphen
      switch codes[field] {
      case FieldSlots.integerCode:
        if isNull {
          integers[field] = -1
          continue
        }
        if length > 18 { return field }
        var value: Int64 = 0
        var digits = true
        for position in start..<end {
          let digit = base[position] &- ASCII.zero
          digits = digits && digit < 10
          value = value &* 10 &+ Int64(digit)
        }
        if !digits || value > maxima[field] { return field }
        integers[field] = value
      case FieldSlots.addressCode:
        slots.ipv4s[field] = -1
        if isNull { continue }
        let token = UnsafeRawBufferPointer(start: base + start, count: length)
        if let ipv4 = IPAddress.parseIPv4(token) {
          slots.ipv4s[field] = Int64(ipv4)
        } else if IPAddress.parseIPv6(token) == nil {
          return field
        }
      case FieldSlots.actionCode:
        if isNull || Self.equals(line, start, end, "ACCEPT")
          || Self.equals(line, start, end, "REJECT")
        {
          continue
        }
        return field
      case FieldSlots.logStatusCode:
        if isNull || Self.equals(line, start, end, "OK") || Self.equals(line, start, end, "NODATA")
          || Self.equals(line, start, end, "SKIPDATA")
        {
          continue
        }
        return field
      case FieldSlots.flowDirectionCode:
        if isNull || Self.equals(line, start, end, "ingress")
          || Self.equals(line, start, end, "egress")
        {
          continue
        }
        return field
      default:
        continue
      }
    }
    return -1
  }

  /// Checks field `field` and stores its integer value; returns the problem, if any.
  @inline(__always)
  private mutating func validate(_ field: Int, _ line: UnsafeRawBufferPointer) -> ReadDiagnostic
    .Problem?
  {
    let start = starts[field]
    let end = ends[field]
    let isNull = end - start == 1 && line[start] == ASCII.hyphen
    switch kinds[field] {
    case .integer(let max):
      if isNull {
        integers[field] = -1
        return nil
      }
      var value: Int64 = 0
      var position = start
      while position < end {
        let digit = line[position] &- ASCII.zero
        guard digit < 10 else {
          return .notANumber(field: format.fields[field].name, found: text(line, start, end))
        }
        let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = times10.addingReportingOverflow(Int64(digit))
        if overflow1 || overflow2 {
          value = Int64.max
          // Keep scanning so that a non-digit later still reads as "not a number".
          position += 1
          while position < end {
            if line[position] &- ASCII.zero >= 10 {
              return .notANumber(field: format.fields[field].name, found: text(line, start, end))
            }
            position += 1
          }
          return .numberOutOfRange(
            field: format.fields[field].name, found: text(line, start, end), max: max)
        }
        value = sum
        position += 1
      }
      guard value <= max else {
        return .numberOutOfRange(
          field: format.fields[field].name, found: text(line, start, end), max: max)
      }
      integers[field] = value
      return nil
    case .address:
      slots.ipv4s[field] = -1
      if isNull { return nil }
      let token = UnsafeRawBufferPointer(rebasing: line[start..<end])
      if let ipv4 = IPAddress.parseIPv4(token) {
        slots.ipv4s[field] = Int64(ipv4)
        return nil
      }
      if IPAddress.parseIPv6(token) != nil { return nil }
      return .notAnAddress(field: format.fields[field].name, found: text(line, start, end))
    case .action:
      if isNull || Self.equals(line, start, end, "ACCEPT")
        || Self.equals(line, start, end, "REJECT")
      {
        return nil
      }
      return .unknownAction(found: text(line, start, end))
    case .logStatus:
      if isNull || Self.equals(line, start, end, "OK") || Self.equals(line, start, end, "NODATA")
        || Self.equals(line, start, end, "SKIPDATA")
      {
        return nil
      }
      return .unknownLogStatus(found: text(line, start, end))
    case .flowDirection:
      if isNull || Self.equals(line, start, end, "ingress")
        || Self.equals(line, start, end, "egress")
      {
        return nil
      }
      return .unknownFlowDirection(found: text(line, start, end))
    case .string:
      return nil
    }
  }

  /// A header line: every token shaped like a field name, at least one of them known.
  private mutating func headerFormat(
    _ line: UnsafeRawBufferPointer, count: Int, found: Int, lineNumber: Int
  ) -> Outcome? {
    guard let first = line.first(where: { !ASCII.isFieldSeparator($0) }), ASCII.isLower(first)
    else { return nil }
    // A first pass without allocating: records that start with an id (`eni-…`) fail here.
    for byte in UnsafeRawBufferPointer(rebasing: line[0..<count])
    where
      !(ASCII.isLower(byte) || ASCII.isDigit(byte) || byte == ASCII.hyphen
      || byte == ASCII.underscore || ASCII.isFieldSeparator(byte))
    {
      return nil
    }
    var fields: [FlowField] = []
    var anyKnown = false
    var index = 0
    while index < count {
      if ASCII.isFieldSeparator(line[index]) {
        index += 1
        continue
      }
      let start = index
      while index < count, !ASCII.isFieldSeparator(line[index]) { index += 1 }
      let token = UnsafeRawBufferPointer(rebasing: line[start..<index])
      guard FlowLogFormat.isFieldName(token) else { return nil }
      let field = FlowField(named: String(decoding: token, as: UTF8.self))
      if field.isKnown { anyKnown = true }
      fields.append(field)
    }
    guard anyKnown else { return nil }
    do {
      let format = try FlowLogFormat(fields: fields)
      setFormat(format)
      return .header(format)
    } catch {
      if case .duplicateField(let name) = error {
        return .bad(ReadDiagnostic(line: lineNumber, problem: .duplicateHeaderField(name)))
      }
      return nil
    }
  }

  private func text(_ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> String {
    String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
  }

  @inline(__always)
  static func equals(
    _ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ literal: StaticString
  ) -> Bool {
    guard end - start == literal.utf8CodeUnitCount else { return false }
    let pointer = literal.utf8Start
    for offset in 0..<(end - start) where line[start + offset] != pointer[offset] {
      return false
    }
    return true
  }

  /// `YYYY-MM-DDT…`: the ISO-8601 event time a CloudWatch Logs export puts first.
  static func isTimestampPrefix(_ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
    guard end - start >= 11 else { return false }
    for offset in [0, 1, 2, 3, 5, 6, 8, 9] where !ASCII.isDigit(line[start + offset]) {
      return false
    }
    return line[start + 4] == ASCII.hyphen && line[start + 7] == ASCII.hyphen
      && line[start + 10] == ASCII.upperT
  }

  /// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF).
  static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var index = 0
    let count = bytes.count
    while index < count {
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      let length: Int
      var lower: UInt8 = 0x80
      var upper: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        lower = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        upper = 0x9F
      case 0xF0:
        length = 4
        lower = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        upper = 0x8F
      default: return false
      }
      guard index + length <= count else { return false }
      let second = bytes[index + 1]
      guard second >= lower && second <= upper else { return false }
      for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
        return false
      }
      index += length
    }
    return true
  }
}

/// The parser's per-field scratch memory: allocated once per format, freed with the last user.
final class FieldSlots {
  let starts: UnsafeMutablePointer<Int>
  let ends: UnsafeMutablePointer<Int>
  let integers: UnsafeMutablePointer<Int64>
  /// Each field's kind as a small code, and its largest value for an integer field.
  let codes: UnsafeMutablePointer<UInt8>
  let maxima: UnsafeMutablePointer<Int64>
  /// An address field's IPv4 value as the check parsed it, or -1 (IPv6, `-`, not an address).
  let ipv4s: UnsafeMutablePointer<Int64>

  static let integerCode: UInt8 = 0
  static let addressCode: UInt8 = 1
  static let actionCode: UInt8 = 2
  static let logStatusCode: UInt8 = 3
  static let flowDirectionCode: UInt8 = 4
  static let stringCode: UInt8 = 5

  init(format: FlowLogFormat) {
    let count = format.count
    let capacity = max(count, 1)
    codes = .allocate(capacity: capacity)
    codes.initialize(repeating: Self.stringCode, count: capacity)
    maxima = .allocate(capacity: capacity)
    maxima.initialize(repeating: 0, count: capacity)
    ipv4s = .allocate(capacity: capacity)
    ipv4s.initialize(repeating: -1, count: capacity)
    for (index, field) in format.fields.enumerated() {
      switch field.kind {
      case .integer(let max):
        codes[index] = Self.integerCode
        maxima[index] = max
      case .address: codes[index] = Self.addressCode
      case .action: codes[index] = Self.actionCode
      case .logStatus: codes[index] = Self.logStatusCode
      case .flowDirection: codes[index] = Self.flowDirectionCode
      case .string: codes[index] = Self.stringCode
      }
    }
    starts = .allocate(capacity: capacity)
    starts.initialize(repeating: 0, count: capacity)
    ends = .allocate(capacity: capacity)
    ends.initialize(repeating: 0, count: capacity)
    integers = .allocate(capacity: capacity)
    integers.initialize(repeating: -1, count: capacity)
  }

  deinit {
    codes.deallocate()
    maxima.deallocate()
    ipv4s.deallocate()
    starts.deallocate()
    ends.deallocate()
    integers.deallocate()
  }
}

/// Word-at-a-time byte classes for the line splitter: bit 7 of each byte of a mask is set when
/// that byte of the word is in the class. Each test is exact per byte (no carry crosses a byte,
/// since every sum below stays under 0x100 within its byte).
enum SWAR {
  static let highBits: UInt64 = 0x8080_8080_8080_8080
  static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

  /// Bytes equal to `value` (below 0x80).
  @inline(__always)
  static func equal(_ word: UInt64, _ value: UInt8) -> UInt64 {
    let x = word ^ (UInt64(value) &* 0x0101_0101_0101_0101)
    return ~(((x & lowBits) &+ lowBits) | x) & highBits
  }

  /// `separators`: spaces and tabs; `special`: every byte below 0x21 or equal to 0x7F (the
  /// separators and the control bytes); `high`: bytes of 0x80 and above.
  @inline(__always)
  static func marks(_ word: UInt64) -> (separators: UInt64, special: UInt64, high: UInt64) {
    let seven = word & lowBits
    let notHigh = ~word & highBits
    let below21 = ~(seven &+ 0x5F5F_5F5F_5F5F_5F5F) & notHigh
    let delete = (seven &+ 0x0101_0101_0101_0101) & notHigh & highBits
    let separators = equal(word, ASCII.space) | equal(word, ASCII.tab)
    return (separators, below21 | delete, word & highBits)
  }
}
