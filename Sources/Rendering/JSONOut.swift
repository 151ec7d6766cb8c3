import Analysis
import Messages
import NetworkPrimitives

/// A JSON value built for output, with keys kept in the order they are written.
package indirect enum JSONOut: Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case string(String)
  case array([JSONOut])
  case object([(String, JSONOut)])

  package static func == (left: JSONOut, right: JSONOut) -> Bool {
    left.rendered(pretty: false) == right.rendered(pretty: false)
  }

  package static func optional(_ value: String?) -> JSONOut { value.map(JSONOut.string) ?? .null }
  package static func optional(_ value: Int?) -> JSONOut { value.map(JSONOut.int) ?? .null }
  package static func optional(_ value: Bool?) -> JSONOut { value.map(JSONOut.bool) ?? .null }

  /// The JSON text; `pretty` indents by two spaces.
  package func rendered(pretty: Bool) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(512)
    write(into: &out, pretty: pretty, indent: 0)
    return String(decoding: out, as: UTF8.self)
  }

  private func write(into out: inout [UInt8], pretty: Bool, indent: Int) {
    switch self {
    case .null: out += Array("null".utf8)
    case .bool(let value): out += Array((value ? "true" : "false").utf8)
    case .int(let value): out += Array(String(value).utf8)
    case .string(let value): JSONOut.escape(value, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += [0x5B, 0x5D]
        return
      }
      out.append(0x5B)
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(0x2C) }
        if pretty { newline(&out, indent + 2) }
        item.write(into: &out, pretty: pretty, indent: indent + 2)
      }
      if pretty { newline(&out, indent) }
      out.append(0x5D)
    case .object(let members):
      if members.isEmpty {
        out += [0x7B, 0x7D]
        return
      }
      out.append(0x7B)
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { out.append(0x2C) }
        if pretty { newline(&out, indent + 2) }
        JSONOut.escape(key, into: &out)
        out.append(0x3A)
        if pretty { out.append(0x20) }
        value.write(into: &out, pretty: pretty, indent: indent + 2)
      }
      if pretty { newline(&out, indent) }
      out.append(0x7D)
    }
  }

  private func newline(_ out: inout [UInt8], _ indent: Int) {
    out.append(0x0A)
    out.append(contentsOf: repeatElement(0x20, count: indent))
  }

  /// A JSON string: runs that need no escaping are copied whole.
  package static func escape(_ text: String, into out: inout [UInt8]) {
    out.append(0x22)
    var text = text
    text.withUTF8 { escapeContents($0, into: &out) }
    out.append(0x22)
  }

  /// An explanation as a JSON string, its pieces written straight into `out`; escaped only
  /// when a byte needs it.
  package static func escape(
    _ explanation: Explanation, in language: Language = .en, into out: inout ByteBuffer
  ) {
    out.append(0x22)
    let start = out.count
    explanation.appendUTF8(to: &out, in: language)
    if out.needsJSONEscape(from: start) {
      let raw = out.copy(start..<out.count)
      out.truncate(to: start)
      var escaped: [UInt8] = []
      raw.withUnsafeBufferPointer { escapeContents($0, into: &escaped) }
      out.append(escaped)
    }
    out.append(0x22)
  }

  /// A string as a JSON string.
  package static func escape(_ text: String, into out: inout ByteBuffer) {
    out.append(0x22)
    let start = out.count
    out.append(text)
    if out.needsJSONEscape(from: start) {
      out.truncate(to: start)
      var escaped: [UInt8] = []
      var text = text
      text.withUTF8 { escapeContents($0, into: &escaped) }
      out.append(escaped)
    }
    out.append(0x22)
  }

  private static func escapeContents(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    var runStart = 0
    for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
      out.append(contentsOf: bytes[runStart..<index])
      switch byte {
      case 0x22: out += [0x5C, 0x22]
      case 0x5C: out += [0x5C, 0x5C]
      case 0x0A: out += [0x5C, 0x6E]
      case 0x0D: out += [0x5C, 0x72]
      case 0x09: out += [0x5C, 0x74]
      default:
        let hex = Array("0123456789abcdef".utf8)
        out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      }
      runStart = index + 1
    }
    out.append(contentsOf: bytes[runStart...])
  }

}
