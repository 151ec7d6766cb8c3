/// Where and why a JSON document is not JSON: a 1-based line and byte column, and a message.
struct JSONSyntaxError: Error, Hashable, Sendable {
  var line: Int
  var column: Int
  var message: String
}
