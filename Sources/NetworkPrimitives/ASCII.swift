/// Named byte constants, for every parser that reads bytes rather than `String`s: the flow log
/// reader, the address parsers and the topology's JSON parser.
///
/// The members are inlinable computed constants, so another module's hot loop compares with an
/// immediate, as it would with a constant of its own. Public, not `package`: with `package`
/// access the Swift 6.3 release build called each getter instead of inlining it (455 calls in
/// the `flowcause` binary, 42 in the default format's reader alone).
public enum ASCII {
  @inlinable public static var tab: UInt8 { 0x09 }
  @inlinable public static var newline: UInt8 { 0x0A }
  @inlinable public static var carriageReturn: UInt8 { 0x0D }
  @inlinable public static var space: UInt8 { 0x20 }
  @inlinable public static var quote: UInt8 { 0x22 }
  @inlinable public static var dollar: UInt8 { 0x24 }
  @inlinable public static var plus: UInt8 { 0x2B }
  @inlinable public static var comma: UInt8 { 0x2C }
  @inlinable public static var hyphen: UInt8 { 0x2D }
  @inlinable public static var period: UInt8 { 0x2E }
  @inlinable public static var slash: UInt8 { 0x2F }
  @inlinable public static var zero: UInt8 { 0x30 }
  @inlinable public static var nine: UInt8 { 0x39 }
  @inlinable public static var colon: UInt8 { 0x3A }
  @inlinable public static var upperA: UInt8 { 0x41 }
  @inlinable public static var upperE: UInt8 { 0x45 }
  @inlinable public static var upperF: UInt8 { 0x46 }
  @inlinable public static var upperT: UInt8 { 0x54 }
  @inlinable public static var upperZ: UInt8 { 0x5A }
  @inlinable public static var leftBracket: UInt8 { 0x5B }
  @inlinable public static var backslash: UInt8 { 0x5C }
  @inlinable public static var rightBracket: UInt8 { 0x5D }
  @inlinable public static var underscore: UInt8 { 0x5F }
  @inlinable public static var lowerA: UInt8 { 0x61 }
  @inlinable public static var lowerB: UInt8 { 0x62 }
  @inlinable public static var lowerE: UInt8 { 0x65 }
  @inlinable public static var lowerF: UInt8 { 0x66 }
  @inlinable public static var lowerN: UInt8 { 0x6E }
  @inlinable public static var lowerR: UInt8 { 0x72 }
  @inlinable public static var lowerT: UInt8 { 0x74 }
  @inlinable public static var lowerU: UInt8 { 0x75 }
  @inlinable public static var lowerZ: UInt8 { 0x7A }
  @inlinable public static var leftBrace: UInt8 { 0x7B }
  @inlinable public static var rightBrace: UInt8 { 0x7D }
  @inlinable public static var delete: UInt8 { 0x7F }
  /// The UTF-8 byte order mark.
  @inlinable public static var byteOrderMark: [UInt8] { [0xEF, 0xBB, 0xBF] }

  @inlinable @inline(__always) public static func isDigit(_ byte: UInt8) -> Bool {
    byte &- zero < 10
  }
  @inlinable @inline(__always) public static func isLower(_ byte: UInt8) -> Bool {
    byte &- lowerA < 26
  }
  @inlinable @inline(__always) public static func isFieldSeparator(_ byte: UInt8) -> Bool {
    byte == space || byte == tab
  }
  /// The value of a hex digit of either case, or `nil`.
  @inlinable @inline(__always) public static func hexValue(_ byte: UInt8) -> UInt8? {
    if byte &- zero < 10 { return byte &- zero }
    if byte &- lowerA < 6 { return byte &- lowerA &+ 10 }
    if byte &- upperA < 6 { return byte &- upperA &+ 10 }
    return nil
  }
}
