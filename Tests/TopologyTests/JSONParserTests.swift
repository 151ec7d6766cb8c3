import Testing

@testable import Topology

@Suite("The JSON parser")
struct JSONParserTests {
  static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
    try JSONParser.parse(Array(text.utf8))
  }

  static func syntaxError(_ text: String) -> JSONSyntaxError? {
    do {
      _ = try parse(text)
      return nil
    } catch {
      return error
    }
  }

  @Test("Objects keep their members in order, numbers keep their text")
  func values() throws {
    let value = try Self.parse(#"{"b": [1, -2.5e3, true, null], "a": "x"}"#)
    guard case .object(let members) = value else {
      Issue.record("not an object")
      return
    }
    #expect(members.map(\.key) == ["b", "a"])
    guard case .array(let elements) = members[0].value else {
      Issue.record("not an array")
      return
    }
    #expect(elements[1] == .number(.init(text: "-2.5e3", double: -2500)))
    #expect(elements[2] == .bool(true))
    #expect(elements[3] == .null)
  }

  @Test("String escapes, including surrogate pairs, decode to the characters they name")
  func escapes() throws {
    let value = try Self.parse(#""a\"\\\/\n\t\u00e9\ud83d\ude00""#)
    #expect(value == .string("a\"\\/\n\té😀"))
  }

  @Test("A byte order mark before the document is skipped")
  func byteOrderMark() throws {
    let value = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8))
    #expect(value == .object([]))
  }

  @Test(
    "Malformed JSON is refused with the line and byte column",
    arguments: [
      ("{\"a\": 1,}", 1, 9, "expected a key in double quotes, found '}'"),
      ("[1, 2", 1, 6, "unexpected end of input; expected ',' or ']' in an array"),
      ("{\n  \"a\": tru\n}", 2, 8, "expected a value, found 't'"),
      ("[01]", 1, 3, "a number must not start with 0 followed by digits"),
      ("\"abc", 1, 1, "unterminated string"),
      ("{} {}", 1, 4, "'{' after the end of the JSON value"),
      ("", 1, 1, "the document is empty; expected a JSON object"),
      ("[\"a\tb\"]", 1, 4, "a control character (byte 0x09) must be escaped in a string"),
      ("[\"\\x\"]", 1, 3, "an invalid escape '\\x' in a string"),
    ])
  func syntaxErrors(text: String, line: Int, column: Int, message: String) {
    let error = Self.syntaxError(text)
    #expect(error == JSONSyntaxError(line: line, column: column, message: message))
  }

  @Test("Nesting deeper than the limit is refused instead of exhausting the stack")
  func depthLimit() {
    let deep = String(repeating: "[", count: JSONParser.depthLimit + 1)
    #expect(Self.syntaxError(deep)?.message.contains("nested more than") == true)
    let fine = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
    #expect(Self.syntaxError(fine) == nil)
  }

  @Test("A string that is not valid UTF-8 is refused")
  func invalidUTF8() {
    #expect(throws: JSONSyntaxError.self) {
      try JSONParser.parse([0x22, 0xC3, 0x28, 0x22])
    }
  }
}
