/// An IPv4 or IPv6 address, parsed from the bytes of a record without building a `String`.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
  case v4(UInt32)
  case v6(UInt128)

  /// Parses dotted-quad IPv4 or RFC 4291 text IPv6 (with `::` and an embedded IPv4 tail).
  public init?(_ text: String) {
    var text = text
    let parsed = text.withUTF8 { IPAddress(bytes: UnsafeRawBufferPointer($0)) }
    guard let parsed else { return nil }
    self = parsed
  }

  /// Parses an address from raw bytes.
  public init?(bytes: UnsafeRawBufferPointer) {
    if let v4 = IPAddress.parseIPv4(bytes) {
      self = .v4(v4)
    } else if let v6 = IPAddress.parseIPv6(bytes) {
      self = .v6(v6)
    } else {
      return nil
    }
  }

  /// Whether the address is IPv6.
  public var isIPv6: Bool {
    if case .v6 = self { return true }
    return false
  }

  public var description: String {
    switch self {
    case .v4(let value):
      // At most 15 bytes: a small string, no allocation.
      return String(unsafeUninitializedCapacity: 15) { buffer in
        guard let base = buffer.baseAddress else { return 0 }
        return IPAddress.writeIPv4(value, into: base)
      }
    case .v6(let value):
      return IPAddress.formatIPv6(value)
    }
  }

  /// Parses dotted-quad IPv4 bytes (no leading zeros), without allocating.
  ///
  /// Each octet's one to three digits are read straight, with no loop over the bytes and no
  /// counters: this runs for two addresses of every record (`IPAddressTests` compares it with
  /// a byte-by-byte model on every short string of digits and dots).
  public static func parseIPv4(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
    let count = bytes.count
    guard count >= 7, count <= 15,
      let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
    else { return nil }
    var index = 0
    guard let a = octet(base, &index, count), dot(base, &index, count),
      let b = octet(base, &index, count), dot(base, &index, count),
      let c = octet(base, &index, count), dot(base, &index, count),
      let d = octet(base, &index, count), index == count
    else { return nil }
    return a << 24 | b << 16 | c << 8 | d
  }

  /// The dotted quad that starts at `base` and ends at the first byte that cannot continue it
  /// (within `count` bytes), and its length: what `parseIPv4` reads, for a reader that has not
  /// yet found where the address ends. The caller checks the byte after it; when that byte
  /// ends the token, `parseIPv4` of the token gives the same value (`IPAddressTests` checks).
  public static func parseIPv4Prefix(_ base: UnsafePointer<UInt8>, _ count: Int) -> (
    value: UInt32, length: Int
  )? {
    // A quad's fourth octet starts at most 12 bytes in, and an octet reads at most three
    // bytes: with 15 bytes there, no read can pass the end, and none is checked.
    count >= 15 ? quad(base, count, checked: false) : quad(base, count, checked: true)
  }

  @inline(__always)
  private static func quad(_ base: UnsafePointer<UInt8>, _ count: Int, checked: Bool) -> (
    value: UInt32, length: Int
  )? {
    var index = 0
    guard let a = octet(base, &index, count, checked: checked),
      dot(base, &index, count, checked: checked),
      let b = octet(base, &index, count, checked: checked),
      dot(base, &index, count, checked: checked),
      let c = octet(base, &index, count, checked: checked),
      dot(base, &index, count, checked: checked),
      let d = octet(base, &index, count, checked: checked)
    else { return nil }
    return (a << 24 | b << 16 | c << 8 | d, index)
  }

  /// One to three digits at `index`, no leading zero, at most 255; moves `index` past them.
  /// `checked: false` when the caller knows the three bytes from `index` are there.
  @inline(__always)
  private static func octet(
    _ base: UnsafePointer<UInt8>, _ index: inout Int, _ count: Int, checked: Bool = true
  ) -> UInt32? {
    guard !checked || index < count, case let first = UInt32(base[index] &- ASCII.zero),
      first < 10
    else { return nil }
    guard !checked || index &+ 1 < count,
      case let second = UInt32(base[index &+ 1] &- ASCII.zero), second < 10
    else {
      index &+= 1
      return first
    }
    guard first != 0 else { return nil }  // no leading zeros ("010")
    guard !checked || index &+ 2 < count,
      case let third = UInt32(base[index &+ 2] &- ASCII.zero), third < 10
    else {
      index &+= 2
      return first &* 10 &+ second
    }
    index &+= 3
    let value = first &* 100 &+ second &* 10 &+ third
    return value <= 255 ? value : nil
  }

  @inline(__always)
  private static func dot(
    _ base: UnsafePointer<UInt8>, _ index: inout Int, _ count: Int, checked: Bool = true
  ) -> Bool {
    guard !checked || index < count, base[index] == ASCII.period else { return false }
    index &+= 1
    return true
  }

  /// Parses RFC 4291 text IPv6 bytes in one pass: each group's hex digits are summed as they
  /// are read, and the groups before a `::` and after it into two words (no array: this runs
  /// for every IPv6 address of every record). `IPv6ParseModelTests` compares it with the C
  /// library's `inet_pton`.
  public static func parseIPv6(_ bytes: UnsafeRawBufferPointer) -> UInt128? {
    let count = bytes.count
    guard count >= 2, count <= 45,
      let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
    else { return nil }
    var head: UInt128 = 0
    var tail: UInt128 = 0
    var groups = 0
    var headGroups = 0
    var hasGap = false
    @inline(__always) func append(_ group: UInt32) {
      if hasGap {
        tail = tail &<< 16 | UInt128(group)
      } else {
        head = head &<< 16 | UInt128(group)
      }
      groups &+= 1
    }
    var index = 0
    if base[0] == ASCII.colon {
      guard base[1] == ASCII.colon else { return nil }
      hasGap = true
      index = 2
      if index == count { return 0 }
    }
    while true {
      // A group starts at `index`, inside the text.
      let groupStart = index
      var group: UInt32 = 0
      while index < count, let hex = ASCII.hexValue(base[index]) {
        group = group &<< 4 | UInt32(hex)
        index &+= 1
      }
      if index < count && base[index] == ASCII.period {
        // An embedded IPv4 tail ("::ffff:192.0.2.1"): the rest of the text, from this group.
        guard groups <= 6,
          let v4 = parseIPv4(
            UnsafeRawBufferPointer(start: base + groupStart, count: count &- groupStart))
        else { return nil }
        append(v4 &>> 16)
        append(v4 & 0xFFFF)
        break
      }
      let length = index &- groupStart
      guard length >= 1, length <= 4 else { return nil }
      append(group)
      guard groups <= 8 else { return nil }
      if index == count { break }
      guard base[index] == ASCII.colon else { return nil }
      index &+= 1
      if index == count { return nil }  // a trailing single colon
      if base[index] == ASCII.colon {
        guard !hasGap else { return nil }
        hasGap = true
        headGroups = groups
        index &+= 1
        if index == count { break }
      }
    }
    guard hasGap ? groups < 8 : groups == 8 else { return nil }
    // Before the gap, the first groups; after it, the last; zeros between.
    return hasGap ? head &<< (16 &* (8 &- headGroups)) | tail : head
  }

  static func formatIPv6(_ value: UInt128) -> String {
    String(unsafeUninitializedCapacity: 39) { buffer in
      guard let base = buffer.baseAddress else { return 0 }
      return writeIPv6(value, into: base)
    }
  }

  /// Writes `value` as a dotted quad into `out`, which has room for 15 bytes; returns the count
  /// written. Without string interpolation, which the diagnosis of millions of records felt.
  public static func writeIPv4(_ value: UInt32, into out: UnsafeMutablePointer<UInt8>) -> Int {
    var count = 0
    for shift in [24, 16, 8, 0] as [UInt32] {
      let octet = UInt8(truncatingIfNeeded: value >> shift)
      if octet >= 100 {
        out[count] = 0x30 &+ octet / 100
        count += 1
      }
      if octet >= 10 {
        out[count] = 0x30 &+ octet / 10 % 10
        count += 1
      }
      out[count] = 0x30 &+ octet % 10
      count += 1
      if shift > 0 {
        out[count] = 0x2E
        count += 1
      }
    }
    return count
  }

  /// Writes `value` in RFC 5952 text (lowercase, no leading zeros, the longest run of two or
  /// more zero groups compressed, the first if tied; an IPv4-mapped address as `::ffff:` and a
  /// dotted quad, RFC 5952 section 5) into `out`, which has room for 39 bytes; returns the count
  /// written.
  public static func writeIPv6(_ value: UInt128, into out: UnsafeMutablePointer<UInt8>) -> Int {
    if value >> 32 == 0xFFFF {
      for (offset, byte) in "::ffff:".utf8.enumerated() { out[offset] = byte }
      return 7 + writeIPv4(UInt32(truncatingIfNeeded: value), into: out + 7)
    }
    @inline(__always) func group(_ index: Int) -> UInt16 {
      UInt16(truncatingIfNeeded: value >> (112 - 16 * index))
    }
    var bestStart = -1
    var bestLength = 1
    var runStart = -1
    for index in 0..<8 {
      if group(index) == 0 {
        if runStart < 0 { runStart = index }
        let length = index - runStart + 1
        if length > bestLength {
          bestLength = length
          bestStart = runStart
        }
      } else {
        runStart = -1
      }
    }
    var count = 0
    func hex(_ group: UInt16) {
      var started = false
      for shift in stride(from: 12, through: 0, by: -4) {
        let nibble = UInt8(truncatingIfNeeded: group >> UInt16(shift)) & 0xF
        if nibble == 0 && !started && shift > 0 { continue }
        started = true
        out[count] = nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble
        count += 1
      }
    }
    var index = 0
    while index < 8 {
      if index == bestStart {
        out[count] = 0x3A
        out[count + 1] = 0x3A
        count += 2
        index += bestLength
        if index < 8 { hex(group(index)) }
        index += 1
        continue
      }
      if index > 0 && index != bestStart + bestLength {
        out[count] = 0x3A
        count += 1
      }
      hex(group(index))
      index += 1
    }
    return count
  }
}
