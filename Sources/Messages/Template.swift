/// A catalog sentence read into its pieces: literal text and named placeholders (`{acl}`).
public struct Template: Sendable, Equatable {
  public enum Piece: Sendable, Equatable {
    case literal(String)
    case placeholder(String)
  }

  public let pieces: [Piece]

  /// Reads `text`: `{name}` (letters and digits) is a placeholder; any other brace is text.
  public init(_ text: String) {
    var pieces: [Piece] = []
    var literal = ""
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if character == "{",
        let close = text[index...].firstIndex(of: "}"),
        close > text.index(after: index),
        text[text.index(after: index)..<close].allSatisfy({
          $0.isASCII && ($0.isLetter || $0.isNumber)
        })
      {
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        literal = ""
        pieces.append(.placeholder(String(text[text.index(after: index)..<close])))
        index = text.index(after: close)
      } else {
        literal.append(character)
        index = text.index(after: index)
      }
    }
    if !literal.isEmpty { pieces.append(.literal(literal)) }
    self.pieces = pieces
  }

  /// The placeholders' names, each once, in the order they first appear.
  public var placeholders: [String] {
    var names: [String] = []
    for case .placeholder(let name) in pieces where !names.contains(name) { names.append(name) }
    return names
  }

  /// The sentence with each placeholder replaced by `arguments`' value of that name; a
  /// placeholder without one stays as `{name}`, so that the slip shows (the catalog test
  /// catches it first).
  public func filled(_ arguments: [String: String]) -> String {
    var text = ""
    for piece in pieces {
      switch piece {
      case .literal(let literal): text += literal
      case .placeholder(let name): text += arguments[name] ?? "{\(name)}"
      }
    }
    return text
  }
}
