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
  private(set) var slots: FieldSlots
  private(set) var starts: UnsafeMutablePointer<Int>
  private(set) var ends: UnsafeMutablePointer<Int>
  private(set) var integers: UnsafeMutablePointer<Int64>
  /// Whether `format` is the default one, read by ``parseDefaultFormat(_:_:slots:)``.
  private var isDefaultFormat: Bool
  /// Precomputed per-field kinds of `format`, for the validation loop.
  private var kinds: [FlowField.Kind] = []

  public init(format: FlowLogFormat) {
    self.format = format
    slots = FieldSlots(format: format)
    starts = slots.starts
    ends = slots.ends
    integers = slots.integers
    kinds = format.fields.map(\.kind)
    isDefaultFormat = Self.isDefault(format)
  }

  /// Switches to `format` (a header line does this itself).
  public mutating func setFormat(_ format: FlowLogFormat) {
    self.format = format
    kinds = format.fields.map(\.kind)
    slots = FieldSlots(format: format)
    starts = slots.starts
    ends = slots.ends
    integers = slots.integers
    isDefaultFormat = Self.isDefault(format)
  }

  static func isDefault(_ format: FlowLogFormat) -> Bool {
    format.fields.map(\.name) == FlowLogFormat.defaultV2.fields.map(\.name)
  }

  /// Whether `parse` first tries ``parseStrict(_:_:_:)`` (tests turn it off to compare).
  var usesStrictPath = true
  /// Whether `parse` tries ``parseDefaultFormat(_:_:slots:)`` instead when the format is the
  /// default one (tests turn it off to compare it with `parseStrict`).
  var usesDefaultFormatPath = true

  /// Classifies `line` (without its line end), numbered `lineNumber`.
  public mutating func parse(_ line: UnsafeRawBufferPointer, lineNumber: Int) -> Outcome {
    parse(line, lineNumber: lineNumber, padded: false)
  }

  /// The same; `padded` when the line's end and at least seven more bytes follow it and may be
  /// read (``RawLine/padded(_:)``).
  @inline(__always)
  mutating func parse(_ line: UnsafeRawBufferPointer, lineNumber: Int, padded: Bool) -> Outcome {
    var count = line.count
    if count > 0 && line[count - 1] == ASCII.carriageReturn { count -= 1 }
    let expected = format.count
    if usesStrictPath, let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self),
      isDefaultFormat && usesDefaultFormatPath
        ? Self.parseDefaultFormat(base, count, slots: slots, padded: padded)
        : parseStrict(base, count, expected)
    {
      return .record(
        RecordLine(
          lineNumber: lineNumber, bytes: line, starts: starts, ends: ends, integers: integers,
          owner: slots))
    }
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
        lineNumber: lineNumber, bytes: line, starts: starts, ends: ends, integers: integers,
        owner: slots))
  }

  /// The common line in one pass: printable ASCII fields, one space apart, each valid for its
  /// kind, as many as the format has. Splits and checks each field as it goes (integers are
  /// summed while their end is sought) and fills the slots exactly as the general path would;
  /// returns `false` at the first thing it does not take (two spaces, a tab, a control or
  /// non-ASCII byte, a bad field, a possible header or CloudWatch time prefix, a field count
  /// that differs), and the general path then classifies the line from the start and names any
  /// problem. `LineParserStrictPathTests` checks that both give the same result.
  @inline(__always)
  private func parseStrict(_ base: UnsafePointer<UInt8>, _ count: Int, _ expected: Int) -> Bool {
    // A header starts with a lowercase letter (see `headerFormat`); so does no v2 record.
    // Lines shorter than a word are left to the general path (see `word`).
    guard count >= 8, expected > 0, base[0] &- ASCII.lowerA >= 26 else { return false }
    let codes = slots.codes
    let powers = slots.powersOf10
    var index = 0
    for field in 0..<expected {
      let start = index
      if codes[field] == FieldSlots.integerCode {
        var value: Int64 = 0
        // Eight bytes at a time: the digits that open the word, summed in a few products.
        while true {
          let word = Self.word(base, at: index, count: count)
          let run = SWAR.leadingDigits(word)
          if run == 0 { break }
          value = value &* powers[run] &+ Int64(SWAR.digitsValue(word, count: run))
          index += run
          if run < 8 { break }
        }
        if index == start {
          guard index < count, base[index] == ASCII.hyphen else { return false }
          index += 1
          integers[field] = -1
        } else {
          guard index - start <= 18, value <= slots.maxima[field] else { return false }
          integers[field] = value
        }
      } else {
        // Printable ASCII other than space: 0x21...0x7E, eight bytes at a time.
        while true {
          let marks = SWAR.marks(Self.word(base, at: index, count: count))
          let stops = marks.special | marks.high
          if stops != 0 {
            index += stops.trailingZeroBitCount >> 3
            break
          }
          index += 8
        }
        guard index > start else { return false }
        let length = index - start
        let isNull = length == 1 && base[start] == ASCII.hyphen
        // The same checks as `quickValidate`'s, written out here: the compiler would not inline
        // a function shared by both, and the call cost 6% of the reader's instructions.
        switch codes[field] {
        case FieldSlots.addressCode:
          slots.ipv4s[field] = -1
          if !isNull {
            let token = UnsafeRawBufferPointer(start: base + start, count: length)
            if let ipv4 = IPAddress.parseIPv4(token) {
              slots.ipv4s[field] = Int64(ipv4)
            } else if let ipv6 = IPAddress.parseIPv6(token) {
              slots.keepIPv6(ipv6, field)
            } else {
              return false
            }
          }
        case FieldSlots.actionCode:
          guard
            isNull || Self.equals(base, start, length, "ACCEPT")
              || Self.equals(base, start, length, "REJECT")
          else { return false }
        case FieldSlots.logStatusCode:
          guard
            isNull || Self.equals(base, start, length, "OK")
              || Self.equals(base, start, length, "NODATA")
              || Self.equals(base, start, length, "SKIPDATA")
          else { return false }
        case FieldSlots.flowDirectionCode:
          guard
            isNull || Self.equals(base, start, length, "ingress")
              || Self.equals(base, start, length, "egress")
          else { return false }
        default:
          break
        }
      }
      if field == 0 && index - start >= 11
        && Self.isTimestampPrefix(UnsafeRawBufferPointer(start: base, count: count), start, index)
      {
        return false
      }
      starts[field] = start
      ends[field] = index
      if field == expected - 1 {
        guard index == count else { return false }
      } else {
        guard index < count, base[index] == ASCII.space else { return false }
        index += 1
      }
    }
    return true
  }

  /// The eight bytes of the line at `index` (first in the low byte), as zeros past its end:
  /// near the end, the line's last eight bytes shifted down, so that nothing outside the line
  /// is read. A zero byte is neither a digit nor printable, so every scan stops at the end.
  /// `count` is at least 8.
  @inline(__always)
  static func word(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> UInt64 {
    // Wrapping arithmetic: indices stay far from overflow, and the checks cost a tenth of the
    // default format's reading.
    if index &+ 8 <= count {
      return UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
    }
    if index >= count { return 0 }
    let last = UInt64(
      littleEndian: UnsafeRawPointer(base + (count &- 8)).loadUnaligned(as: UInt64.self))
    return last &>> UInt64(truncatingIfNeeded: (index &+ 8 &- count) &<< 3)
  }

  @inline(__always)
  static func equals(
    _ base: UnsafePointer<UInt8>, _ start: Int, _ length: Int, _ literal: StaticString
  ) -> Bool {
    guard length == literal.utf8CodeUnitCount else { return false }
    let pointer = literal.utf8Start
    for offset in 0..<length where base[start + offset] != pointer[offset] { return false }
    return true
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
        } else if let ipv6 = IPAddress.parseIPv6(token) {
          slots.keepIPv6(ipv6, field)
        } else {
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
      if let ipv6 = IPAddress.parseIPv6(token) {
        slots.keepIPv6(ipv6, field)
        return nil
      }
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
  ///
  /// A header that names a field twice is a bad line and leaves the format as it was. One that
  /// misspells a recognised name (``FlowField/nearMiss(of:)``) is a bad line too, reported at
  /// the first such name; its format is still taken, the name kept as written, since its
  /// columns are the records' (the reader's handler tells the consumer of the new format).
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
    var misspelled: (name: String, suggestion: String, column: Int)? = nil
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
      let name = String(decoding: token, as: UTF8.self)
      let field = FlowField(named: name)
      if field.isKnown {
        anyKnown = true
      } else if misspelled == nil, let suggestion = FlowField.nearMiss(of: name) {
        misspelled = (name, suggestion, start + 1)
      }
      fields.append(field)
    }
    guard anyKnown else { return nil }
    do {
      let format = try FlowLogFormat(fields: fields)
      setFormat(format)
      if let misspelled {
        return .bad(
          ReadDiagnostic(
            line: lineNumber, column: misspelled.column,
            problem: .misspelledHeaderField(misspelled.name, suggestion: misspelled.suggestion)))
      }
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
    guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
      return end == start && literal.utf8CodeUnitCount == 0
    }
    return equals(base, start, end - start, literal)
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
