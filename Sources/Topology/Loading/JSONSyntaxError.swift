/// Where and why a JSON document is not JSON: a 1-based line and byte column, and a message.
package struct JSONSyntaxError: Error, Hashable, Sendable {
  package var line: Int
  package var column: Int
  package var message: String

  /// Where `bytes` stop being one JSON document, read as strictly as a topology file; `nil`
  /// when they are one. For the other JSON files the commands read (`simulate`'s traffic
  /// file), so that their syntax errors name the line and column as a topology file's do.
  package static func find(in bytes: [UInt8]) -> JSONSyntaxError? {
    do throws(JSONSyntaxError) {
      _ = try JSONParser.parse(bytes)
      return nil
    } catch {
      return error
    }
  }
}
