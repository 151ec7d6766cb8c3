/// A JSON value built for output, with keys kept in the order they are written.
indirect enum JSONOut: Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case string(String)
  case array([JSONOut])
  case object([(String, JSONOut)])

  static func == (left: JSONOut, right: JSONOut) -> Bool {
    left.rendered(pretty: false) == right.rendered(pretty: false)
  }

  static func optional(_ value: String?) -> JSONOut { value.map(JSONOut.string) ?? .null }
  static func optional(_ value: Int?) -> JSONOut { value.map(JSONOut.int) ?? .null }
  static func optional(_ value: Bool?) -> JSONOut { value.map(JSONOut.bool) ?? .null }

  /// The JSON text; `pretty` indents by two spaces.
  func rendered(pretty: Bool) -> String {
    var out = ""
    write(into: &out, pretty: pretty, indent: 0)
    return out
  }

  private func write(into out: inout String, pretty: Bool, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .int(let value): out += String(value)
    case .string(let value): JSONOut.escape(value, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        if pretty { out += "\n" + String(repeating: " ", count: indent + 2) }
        item.write(into: &out, pretty: pretty, indent: indent + 2)
      }
      if pretty { out += "\n" + String(repeating: " ", count: indent) }
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { out += "," }
        if pretty { out += "\n" + String(repeating: " ", count: indent + 2) }
        JSONOut.escape(key, into: &out)
        out += pretty ? ": " : ":"
        value.write(into: &out, pretty: pretty, indent: indent + 2)
      }
      if pretty { out += "\n" + String(repeating: " ", count: indent) }
      out += "}"
    }
  }

  static func escape(_ text: String, into out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}
