/// Why a topology could not be loaded: the document, where in it, and what is wrong.
///
/// ``description`` renders it as one line, the way a user reads it:
/// `describe-network-acls.json: NetworkAcls[2].Entries[5].RuleNumber: expected a number,
/// found "ten"`; a document that is not JSON at all says the line and column instead of a path:
/// `describe-vpcs.json:7:5: expected ',' or '}' after a member, found '"'`.
public struct TopologyLoadError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The document's name, as given in ``TopologyDocument/name``.
  public var file: String
  /// The JSON path of the offending value (`Subnets[0].CidrBlock`); empty for the whole document.
  public var path: String
  /// What is wrong.
  public var message: String
  /// The 1-based line of a JSON syntax error; `nil` when the JSON itself is valid.
  public var line: Int?
  /// The 1-based byte column of a JSON syntax error.
  public var column: Int?

  public init(file: String, path: String, message: String, line: Int? = nil, column: Int? = nil) {
    self.file = file
    self.path = path
    self.message = message
    self.line = line
    self.column = column
  }

  public var description: String {
    if let line, let column { return "\(file):\(line):\(column): \(message)" }
    if path.isEmpty { return "\(file): \(message)" }
    return "\(file): \(path): \(message)"
  }
}
