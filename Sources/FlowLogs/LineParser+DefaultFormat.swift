import NetworkPrimitives

extension LineParser {
  /// `parseStrict` written out for the default format (`FlowLogFormat.defaultV2`, what AWS
  /// writes unless told otherwise): the fourteen fields in their order, each read by its kind
  /// with no per-field lookups, and the same slots filled. It takes exactly the lines
  /// `parseStrict` takes, and returns `false` for anything else (the general path then
  /// classifies the line). `LineParserStrictPathTests` compares both with the general path.
  ///
  /// The integer fields hold digits or `-` only, so the first (`version`) can never be a
  /// CloudWatch time prefix (`YYYY-MM-DDT…`), which `parseStrict` checks for.
  ///
  /// Static, with the slots passed in: as a method, each call copied the whole parser.
  /// `padded`: the line's end and seven more bytes may be read (``RawLine/padded(_:)``); the
  /// words are then loaded without bounds checks. Past the line's end they hold the line end
  /// (a carriage return or a newline), which stops every scan as the end of the line does.
  static func parseDefaultFormat(
    _ base: UnsafePointer<UInt8>, _ count: Int, slots: FieldSlots, padded: Bool
  ) -> Bool {
    guard count >= 8 else { return false }
    // Two copies, each with `padded` a constant.
    return padded
      ? readDefaultFormat(base, count, slots: slots, padded: true)
      : readDefaultFormat(base, count, slots: slots, padded: false)
  }

  @inline(__always)
  private static func readDefaultFormat(
    _ base: UnsafePointer<UInt8>, _ count: Int, slots: FieldSlots, padded: Bool
  ) -> Bool {
    // The reader reaches each kind of slot 14 words after the last (`FieldSlots.table`).
    assert(UnsafeRawPointer(slots.ends) == UnsafeRawPointer(slots.starts) + 14 * 8)
    let reader = DefaultFormatReader(
      base: base, count: count, table: slots.table, slots: slots, powers: slots.powersOf10,
      padded: padded)
    var index = 0
    guard reader.integer(0, &index, max: Int64(Int32.max)),
      reader.token(1, &index),
      reader.token(2, &index),
      reader.address(3, &index),
      reader.address(4, &index),
      reader.integer(5, &index, max: 65_535),
      reader.integer(6, &index, max: 65_535),
      reader.integer(7, &index, max: 255),
      reader.integer(8, &index, max: Int64.max),
      reader.integer(9, &index, max: Int64.max),
      reader.integer(10, &index, max: Int64.max),
      reader.integer(11, &index, max: Int64.max),
      reader.action(12, &index)
    else { return false }
    return reader.logStatus(13, index)
  }
}

/// The field readers of `LineParser.parseDefaultFormat`. Each reads one field from `index`,
/// stores its token bounds (and value) in the slots, checks the one space after it and moves
/// `index` past that space; `false` when the field is not what `parseStrict` would take.
struct DefaultFormatReader {
  let base: UnsafePointer<UInt8>
  let count: Int
  /// `FieldSlots.table` for the default format's fourteen fields: each kind of slot 14 words
  /// after the last, reached from this one pointer.
  let table: UnsafeMutableRawPointer
  let slots: FieldSlots
  let powers: UnsafeMutablePointer<Int64>
  /// Whether the eight bytes from the line's end may be read (`parseDefaultFormat`).
  let padded: Bool

  /// The eight bytes at `index` (at most the line's end): past the end, the line end's bytes
  /// when `padded`, zeros otherwise; either stops every scan.
  @inline(__always)
  func word(_ index: Int) -> UInt64 {
    if padded {
      return UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
    }
    return LineParser.word(base, at: index, count: count)
  }

  @inline(__always) func setStart(_ field: Int, _ value: Int) {
    table.storeBytes(of: value, toByteOffset: field &* 8, as: Int.self)
  }
  @inline(__always) func setEnd(_ field: Int, _ value: Int) {
    table.storeBytes(of: value, toByteOffset: (14 &+ field) &* 8, as: Int.self)
  }
  @inline(__always) func setInteger(_ field: Int, _ value: Int64) {
    table.storeBytes(of: value, toByteOffset: (28 &+ field) &* 8, as: Int64.self)
  }
  @inline(__always) func setIPv4(_ field: Int, _ value: Int64) {
    table.storeBytes(of: value, toByteOffset: (42 &+ field) &* 8, as: Int64.self)
  }

  /// The token ends at `index`: store it, and step over the space that must follow.
  @inline(__always)
  func close(_ field: Int, _ start: Int, _ index: inout Int) -> Bool {
    setStart(field, start)
    setEnd(field, index)
    // Padded, the byte at the line's end may be read (and is no space).
    guard padded || index < count, base[index] == ASCII.space else { return false }
    index &+= 1
    return true
  }

  /// Digits, at most 18 and at most `max`; or `-` (stored as -1).
  @inline(__always)
  func integer(_ field: Int, _ index: inout Int, max: Int64) -> Bool {
    let start = index
    var word = self.word(index)
    var run = SWAR.leadingDigits(word)
    if run == 0 {
      guard index < count, base[index] == ASCII.hyphen else { return false }
      index &+= 1
      setInteger(field, -1)
      return close(field, start, &index)
    }
    var value = Int64(SWAR.digitsValue(word, count: run))
    index &+= run
    if run == 8 {
      // More than a word of digits (a timestamp): at most 18 in all.
      repeat {
        word = self.word(index)
        run = SWAR.leadingDigits(word)
        if run == 0 { break }
        value = value &* powers[run] &+ Int64(SWAR.digitsValue(word, count: run))
        index &+= run
      } while run == 8
      guard index &- start <= 18 else { return false }
    }
    guard value <= max else { return false }
    setInteger(field, value)
    return close(field, start, &index)
  }

  /// One or more printable ASCII bytes other than space (0x21...0x7E).
  @inline(__always)
  func scanPrintable(_ index: inout Int) {
    while true {
      let marks = SWAR.marks(word(index))
      let stops = marks.special | marks.high
      if stops != 0 {
        index &+= stops.trailingZeroBitCount &>> 3
        return
      }
      index &+= 8
    }
  }

  @inline(__always)
  func token(_ field: Int, _ index: inout Int) -> Bool {
    let start = index
    scanPrintable(&index)
    guard index > start else { return false }
    return close(field, start, &index)
  }

  /// An IPv4 or IPv6 address, or `-`. A dotted quad followed by the space is read in one go;
  /// anything else is scanned to its end first.
  @inline(__always)
  func address(_ field: Int, _ index: inout Int) -> Bool {
    let start = index
    if let ipv4 = IPAddress.parseIPv4Prefix(base + start, count &- start),
      case let end = start &+ ipv4.length, end < count, base[end] == ASCII.space
    {
      setIPv4(field, Int64(ipv4.value))
      index = end
      return close(field, start, &index)
    }
    scanPrintable(&index)
    let length = index &- start
    guard length > 0 else { return false }
    setIPv4(field, -1)
    // The token is no dotted quad: its first bytes are read as above, and they stop where the
    // token does (or the quad is followed by more of the token).
    if length != 1 || base[start] != ASCII.hyphen {
      let token = UnsafeRawBufferPointer(start: base + start, count: length)
      guard let ipv6 = IPAddress.parseIPv6(token) else { return false }
      slots.keepIPv6(ipv6, field)
    }
    return close(field, start, &index)
  }

  /// `ACCEPT`, `REJECT` or `-`, and the space after it, read as one word.
  @inline(__always)
  func action(_ field: Int, _ index: inout Int) -> Bool {
    let word = self.word(index)
    let start = index
    if word & 0xFFFF == Self.nullThenSpace {
      index &+= 1
    } else {
      let seven = word & 0x00FF_FFFF_FFFF_FFFF
      guard seven == Self.acceptThenSpace || seven == Self.rejectThenSpace else { return false }
      index &+= 6
    }
    return close(field, start, &index)
  }

  /// The last field: `OK`, `NODATA`, `SKIPDATA` or `-`, up to the line's end.
  @inline(__always)
  func logStatus(_ field: Int, _ index: Int) -> Bool {
    let length = count &- index
    // Only the field's own bytes are compared: past the end, a padded word holds the line end.
    let word = self.word(index)
    switch length {
    case 1: guard word & 0xFF == UInt64(ASCII.hyphen) else { return false }
    case 2: guard word & 0xFFFF == Self.ok else { return false }
    case 6: guard word & 0xFFFF_FFFF_FFFF == Self.nodata else { return false }
    case 8: guard word == Self.skipdata else { return false }
    default: return false
    }
    setStart(field, index)
    setEnd(field, count)
    return true
  }

  /// `text`'s bytes as a little-endian word, first byte lowest (at most eight): what the
  /// constants below are (`LineParserStrictPathTests` checks each).
  static func word(_ text: StaticString) -> UInt64 {
    var value: UInt64 = 0
    let bytes = text.utf8Start
    for offset in (0..<text.utf8CodeUnitCount).reversed() {
      value = value << 8 | UInt64(bytes[offset])
    }
    return value
  }

  static let nullThenSpace: UInt64 = 0x202D  // "- "
  static let acceptThenSpace: UInt64 = 0x20_5450_4543_4341  // "ACCEPT "
  static let rejectThenSpace: UInt64 = 0x20_5443_454A_4552  // "REJECT "
  static let ok: UInt64 = 0x4B4F  // "OK"
  static let nodata: UInt64 = 0x4154_4144_4F4E  // "NODATA"
  static let skipdata: UInt64 = 0x4154_4144_5049_4B53  // "SKIPDATA"
}
