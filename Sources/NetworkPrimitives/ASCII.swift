/// Named byte constants, for every parser that reads bytes rather than `String`s: the flow log
/// reader, the address parsers and the topology's JSON parser.
///
/// The members are inlinable computed constants, so another module's hot loop compares with an
/// immediate, as it would with a constant of its own.
package enum ASCII {
  @inlinable package static var tab: UInt8 { 0x09 }
  @inlinable package static var newline: UInt8 { 0x0A }
  @inlinable package static var carriageReturn: UInt8 { 0x0D }
  @inlinable package static var space: UInt8 { 0x20 }
  @inlinable package static var quote: UInt8 { 0x22 }
  @inlinable package static var dollar: UInt8 { 0x24 }
  @inlinable package static var plus: UInt8 { 0x2B }
  @inlinable package static var comma: UInt8 { 0x2C }
  @inlinable package static var hyphen: UInt8 { 0x2D }
  @inlinable package static var period: UInt8 { 0x2E }
  @inlinable package static var slash: UInt8 { 0x2F }
  @inlinable package static var zero: UInt8 { 0x30 }
  @inlinable package static var nine: UInt8 { 0x39 }
  @inlinable package static var colon: UInt8 { 0x3A }
  @inlinable package static var upperA: UInt8 { 0x41 }
  @inlinable package static var upperE: UInt8 { 0x45 }
  @inlinable package static var upperF: UInt8 { 0x46 }
  @inlinable package static var upperT: UInt8 { 0x54 }
  @inlinable package static var upperZ: UInt8 { 0x5A }
  @inlinable package static var leftBracket: UInt8 { 0x5B }
  @inlinable package static var backslash: UInt8 { 0x5C }
  @inlinable package static var rightBracket: UInt8 { 0x5D }
  @inlinable package static var underscore: UInt8 { 0x5F }
  @inlinable package static var lowerA: UInt8 { 0x61 }
  @inlinable package static var lowerB: UInt8 { 0x62 }
  @inlinable package static var lowerE: UInt8 { 0x65 }
  @inlinable package static var lowerF: UInt8 { 0x66 }
  @inlinable package static var lowerN: UInt8 { 0x6E }
  @inlinable package static var lowerR: UInt8 { 0x72 }
  @inlinable package static var lowerT: UInt8 { 0x74 }
  @inlinable package static var lowerU: UInt8 { 0x75 }
  @inlinable package static var lowerZ: UInt8 { 0x7A }
  @inlinable package static var leftBrace: UInt8 { 0x7B }
  @inlinable package static var rightBrace: UInt8 { 0x7D }
  @inlinable package static var delete: UInt8 { 0x7F }
  /// The UTF-8 byte order mark.
  @inlinable package static var byteOrderMark: [UInt8] { [0xEF, 0xBB, 0xBF] }

  @inlinable @inline(__always) package static func isDigit(_ byte: UInt8) -> Bool {
    byte &- zero < 10
  }
  @inlinable @inline(__always) package static func isLower(_ byte: UInt8) -> Bool {
    byte &- lowerA < 26
  }
  @inlinable @inline(__always) package static func isFieldSeparator(_ byte: UInt8) -> Bool {
    byte == space || byte == tab
  }
  /// The value of a hex digit of either case, or `nil`.
  @inlinable @inline(__always) package static func hexValue(_ byte: UInt8) -> UInt8? {
    if byte &- zero < 10 { return byte &- zero }
    if byte &- lowerA < 6 { return byte &- lowerA &+ 10 }
    if byte &- upperA < 6 { return byte &- upperA &+ 10 }
    return nil
  }
}
