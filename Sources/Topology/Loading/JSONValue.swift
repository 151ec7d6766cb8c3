/// A parsed JSON value. Objects keep their members in document order, duplicates included.
///
/// Produced by ``JSONParser``; read through ``JSONReader``, which knows where in the document
/// each value sits.
enum JSONValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case number(Number)
  case string(String)
  case array([JSONValue])
  case object([Member])

  /// A JSON number: its text as written (`32767`, `1e3`) and its value as a `Double`.
  struct Number: Hashable, Sendable {
    var text: String
    var double: Double
  }

  /// One `"key": value` member of an object.
  struct Member: Hashable, Sendable {
    var key: String
    var value: JSONValue
  }

  /// How an error message names this value: strings quoted, numbers and literals as written,
  /// containers by kind (`"ten"`, `10`, `true`, `null`, `an array`, `an object`).
  var excerpt: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .number(let number): return number.text
    case .string(let text):
      let limit = 40
      let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
      return "\"" + shown + "\""
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}
