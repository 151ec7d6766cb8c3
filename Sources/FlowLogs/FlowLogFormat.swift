import NetworkPrimitives

/// The ordered list of fields a flow log writes in each record.
///
/// A format comes from an S3 header line, from AWS's `LogFormat` string (`${version} ${srcaddr} …`,
/// as `aws ec2 describe-flow-logs` prints it), from field names separated by spaces, or is the
/// default version 2 format.
public struct FlowLogFormat: Hashable, Sendable, CustomStringConvertible {
  /// The fields in record order.
  public let fields: [FlowField]
  /// Field positions by name, for lookups.
  let positions: [String: Int]
  /// The position of `action`, looked up once (the reader's hot path asks for it per record).
  public let actionIndex: Int?

  /// Creates a format from fields. Names must be unique.
  public init(fields: [FlowField]) throws(FormatError) {
    guard !fields.isEmpty else { throw .empty }
    var positions: [String: Int] = [:]
    for (index, field) in fields.enumerated() {
      if positions[field.name] != nil { throw .duplicateField(field.name) }
      positions[field.name] = index
    }
    self.fields = fields
    self.positions = positions
    actionIndex = positions["action"]
  }

  /// The default format: the 14 version 2 fields in AWS's order.
  public static let defaultV2: FlowLogFormat = {
    let names = [
      "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
      "protocol", "packets", "bytes", "start", "end", "action", "log-status",
    ]
    // The names are known and unique, so this cannot fail.
    return (try? FlowLogFormat(fields: names.map(FlowField.init(named:)))) ?? .placeholder
  }()

  private static let placeholder = FlowLogFormat(unchecked: [FlowField(named: "version")])

  private init(unchecked fields: [FlowField]) {
    self.fields = fields
    self.positions = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
    actionIndex = positions["action"]
  }

  /// Parses AWS's `LogFormat` string (`${version} ${vpc-id} …`) or the same names separated by
  /// spaces (`version vpc-id …`). Underscores are read as hyphens for known fields.
  ///
  /// A misspelling of a recognised name (one or two edits from it, ``FlowField/nearMiss(of:)``)
  /// is an error: read as an unknown field it would leave the format without the field meant
  /// (`acton` for `action`: every record without an action). A name farther from every
  /// recognised one is kept as an unknown field, whose values are strings.
  public init(parsing text: String) throws(FormatError) {
    var fields: [FlowField] = []
    for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
      var name = Substring(token)
      if name.hasPrefix("${") {
        guard name.hasSuffix("}"), name.count > 3 else { throw .malformedToken(String(token)) }
        name = name.dropFirst(2).dropLast()
      }
      guard FlowLogFormat.isFieldName(name.utf8) else { throw .malformedToken(String(token)) }
      if let suggestion = FlowField.nearMiss(of: String(name)) {
        throw .misspelledField(String(name), suggestion: suggestion)
      }
      fields.append(FlowField(named: String(name)))
    }
    try self.init(fields: fields)
  }

  /// The number of fields in a record.
  public var count: Int { fields.count }

  /// The position of the field called `name` (AWS's hyphenated name), if the format has it.
  public func index(of name: String) -> Int? { positions[name] }

  /// The highest version among the known fields (what AWS writes in the `version` field).
  public var version: Int { fields.compactMap(\.version).max() ?? 2 }

  /// The format as AWS prints it in `LogFormat`.
  public var logFormatString: String { fields.map { "${\($0.name)}" }.joined(separator: " ") }

  /// The format as field names separated by spaces, as in an S3 header line.
  public var description: String { fields.map(\.name).joined(separator: " ") }

  /// Whether `bytes` is shaped like a field name: a lowercase letter, then lowercase letters,
  /// digits, hyphens or underscores.
  static func isFieldName<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
    guard let first = bytes.first, ASCII.isLower(first) else { return false }
    for byte in bytes
    where
      !(ASCII.isLower(byte) || ASCII.isDigit(byte) || byte == ASCII.hyphen
      || byte == ASCII.underscore)
    {
      return false
    }
    return true
  }
}

/// Why a format string could not be read.
public enum FormatError: Error, Equatable, Sendable, CustomStringConvertible {
  case empty
  case malformedToken(String)
  case duplicateField(String)
  /// A name one or two edits from a recognised one, and the recognised name.
  case misspelledField(String, suggestion: String)

  public var description: String {
    switch self {
    case .empty:
      return "the format names no field"
    case .malformedToken(let token):
      return "\"\(token)\" is not a field name or ${field-name}"
    case .duplicateField(let name):
      return "the format names \"\(name)\" twice"
    case .misspelledField(let name, let suggestion):
      return "unknown field \"\(name)\"; did you mean \"\(suggestion)\"?"
    }
  }
}
