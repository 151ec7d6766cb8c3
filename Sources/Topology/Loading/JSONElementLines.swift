/// The line of each element of a document's top-level arrays (`NetworkAcls[2]` → 41), found in
/// one pass over its bytes, for findings that point at a line of the file to change (SARIF's
/// `region`). The paths are those a ``Topology/Source`` names; a document that is not an object of
/// arrays gives what it can (nothing, for a document that is not JSON).
public enum JSONElementLines {
  public static func lines(_ bytes: [UInt8]) -> [String: Int] {
    var scanner = Scanner(bytes: bytes)
    var out: [String: Int] = [:]
    scanner.skipSpace()
    guard scanner.peek == UInt8(ascii: "{") else { return out }
    scanner.position += 1
    while true {
      scanner.skipSpace()
      guard scanner.peek == UInt8(ascii: "\"") else { return out }
      guard let key = scanner.string() else { return out }
      scanner.skipSpace()
      guard scanner.peek == UInt8(ascii: ":") else { return out }
      scanner.position += 1
      scanner.skipSpace()
      if scanner.peek == UInt8(ascii: "[") {
        scanner.position += 1
        var index = 0
        while true {
          scanner.skipSpace()
          if scanner.peek == UInt8(ascii: "]") {
            scanner.position += 1
            break
          }
          out["\(key)[\(index)]"] = scanner.line
          guard scanner.skipValue() else { return out }
          index += 1
          scanner.skipSpace()
          if scanner.peek == UInt8(ascii: ",") { scanner.position += 1 }
        }
      } else {
        guard scanner.skipValue() else { return out }
      }
      scanner.skipSpace()
      guard scanner.peek == UInt8(ascii: ",") else { return out }
      scanner.position += 1
    }
  }

  private struct Scanner {
    let bytes: [UInt8]
    var position = 0
    /// The 1-based line of ``position`` (kept as it moves forward).
    var line = 1

    init(bytes: [UInt8]) { self.bytes = bytes }

    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func advance() {
      if bytes[position] == UInt8(ascii: "\n") { line += 1 }
      position += 1
    }

    mutating func skipSpace() {
      while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
        advance()
      }
    }

    /// A string's text (escapes kept as written: keys are plain).
    mutating func string() -> String? {
      guard peek == UInt8(ascii: "\"") else { return nil }
      position += 1
      let start = position
      while let byte = peek, byte != UInt8(ascii: "\"") {
        if byte == UInt8(ascii: "\\") { position += 1 }
        advance()
      }
      guard position < bytes.count else { return nil }
      let text = String(decoding: bytes[start..<position], as: UTF8.self)
      position += 1
      return text
    }

    /// Moves past one value; false at the end of the bytes.
    mutating func skipValue() -> Bool {
      guard let first = peek else { return false }
      if first == UInt8(ascii: "\"") { return string() != nil }
      if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
        var depth = 0
        while let byte = peek {
          if byte == UInt8(ascii: "\"") {
            guard string() != nil else { return false }
            continue
          }
          if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
          if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { depth -= 1 }
          advance()
          if depth == 0 { return true }
        }
        return false
      }
      while let byte = peek,
        byte != UInt8(ascii: ","), byte != UInt8(ascii: "}"), byte != UInt8(ascii: "]")
      {
        advance()
      }
      return true
    }
  }
}
