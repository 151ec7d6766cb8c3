/// Named byte constants for the byte-level reader.
enum ASCII {
  static let tab: UInt8 = 0x09
  static let newline: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
  static let space: UInt8 = 0x20
  static let quote: UInt8 = 0x22
  static let dollar: UInt8 = 0x24
  static let plus: UInt8 = 0x2B
  static let comma: UInt8 = 0x2C
  static let hyphen: UInt8 = 0x2D
  static let period: UInt8 = 0x2E
  static let slash: UInt8 = 0x2F
  static let zero: UInt8 = 0x30
  static let nine: UInt8 = 0x39
  static let colon: UInt8 = 0x3A
  static let upperA: UInt8 = 0x41
  static let upperF: UInt8 = 0x46
  static let upperT: UInt8 = 0x54
  static let upperZ: UInt8 = 0x5A
  static let leftBracket: UInt8 = 0x5B
  static let backslash: UInt8 = 0x5C
  static let rightBracket: UInt8 = 0x5D
  static let underscore: UInt8 = 0x5F
  static let lowerA: UInt8 = 0x61
  static let lowerF: UInt8 = 0x66
  static let lowerZ: UInt8 = 0x7A
  static let leftBrace: UInt8 = 0x7B
  static let rightBrace: UInt8 = 0x7D
  static let delete: UInt8 = 0x7F

  @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }
  @inline(__always) static func isLower(_ byte: UInt8) -> Bool { byte &- lowerA < 26 }
  @inline(__always) static func isFieldSeparator(_ byte: UInt8) -> Bool {
    byte == space || byte == tab
  }
  @inline(__always) static func hexValue(_ byte: UInt8) -> UInt8? {
    if byte &- zero < 10 { return byte &- zero }
    if byte &- lowerA < 6 { return byte &- lowerA &+ 10 }
    if byte &- upperA < 6 { return byte &- upperA &+ 10 }
    return nil
  }
}
