/// A problem found while reading flow logs: a line that is not a record, or an input that
/// cannot be read to its end.
///
/// The reader never throws on a bad line; it hands one of these to its consumer, counts it and
/// goes on. ``message`` (in `ReadDiagnostic+Message.swift`) holds the words.
public struct ReadDiagnostic: Hashable, Sendable {
  /// The 1-based physical line, or `nil` for a problem with the input as a whole.
  public var line: Int?
  /// The 1-based byte column in the line, when one position is to blame.
  public var column: Int?
  /// What is wrong.
  public var problem: Problem

  public init(line: Int?, column: Int? = nil, problem: Problem) {
    self.line = line
    self.column = column
    self.problem = problem
  }

  /// What is wrong, as data. ``Problem/code`` is the stable identifier (see docs/formats.md).
  public enum Problem: Hashable, Sendable {
    /// The line has a different number of fields than its format.
    case fieldCount(expected: Int, found: Int)
    /// An integer field holds something other than decimal digits.
    case notANumber(field: String, found: String)
    /// An integer field holds a number above the field's limit.
    case numberOutOfRange(field: String, found: String, max: Int64)
    /// An address field holds something other than an IPv4 or IPv6 address.
    case notAnAddress(field: String, found: String)
    /// `action` is not `ACCEPT`, `REJECT` or `-`.
    case unknownAction(found: String)
    /// `log-status` is not `OK`, `NODATA`, `SKIPDATA` or `-`.
    case unknownLogStatus(found: String)
    /// `flow-direction` is not `ingress`, `egress` or `-`.
    case unknownFlowDirection(found: String)
    /// The line holds a control byte (NUL, a lone carriage return, …).
    case controlByte(UInt8)
    /// The line is not valid UTF-8.
    case invalidUTF8
    /// The line is longer than the reader accepts.
    case lineTooLong(length: Int, limit: Int)
    /// A header line names a field twice.
    case duplicateHeaderField(String)
    /// A header line misspells a recognised name (``FlowField/nearMiss(of:)``): the name, then
    /// the recognised one. The format still changes to the header's.
    case misspelledHeaderField(String, suggestion: String)
    /// A gzip stream ends before its end marker.
    case truncatedGzip
    /// A gzip stream is damaged.
    case corruptGzip(String)
    /// A JSON document cannot be read.
    case invalidJSON(String)
    /// A JSON document holds none of the shapes flow log messages come in.
    case noFlowLogMessages
    /// A Parquet file (flow logs delivered to S3 as Parquet), which flowcause does not read.
    case parquetNotSupported
    /// The input cannot be read.
    case readFailed(String)

    /// The stable, kebab-case identifier of the problem.
    public var code: String {
      switch self {
      case .fieldCount: return "field-count"
      case .notANumber: return "not-a-number"
      case .numberOutOfRange: return "number-out-of-range"
      case .notAnAddress: return "not-an-address"
      case .unknownAction: return "unknown-action"
      case .unknownLogStatus: return "unknown-log-status"
      case .unknownFlowDirection: return "unknown-flow-direction"
      case .controlByte: return "control-byte"
      case .invalidUTF8: return "invalid-utf8"
      case .lineTooLong: return "line-too-long"
      case .duplicateHeaderField: return "duplicate-header-field"
      case .misspelledHeaderField: return "misspelled-header-field"
      case .truncatedGzip: return "truncated-gzip"
      case .corruptGzip: return "corrupt-gzip"
      case .invalidJSON: return "invalid-json"
      case .noFlowLogMessages: return "no-flow-log-messages"
      case .parquetNotSupported: return "parquet-not-supported"
      case .readFailed: return "read-failed"
      }
    }

    /// Every code, in declaration order (docs/formats.md has one table row per code).
    public static let allCodes: [String] = [
      "field-count", "not-a-number", "number-out-of-range", "not-an-address", "unknown-action",
      "unknown-log-status", "unknown-flow-direction", "control-byte", "invalid-utf8",
      "line-too-long", "duplicate-header-field", "misspelled-header-field", "truncated-gzip",
      "corrupt-gzip", "invalid-json", "no-flow-log-messages", "parquet-not-supported",
      "read-failed",
    ]

    /// Whether the problem is with one line (counted as a bad line) rather than the input.
    public var isLineProblem: Bool {
      switch self {
      case .truncatedGzip, .corruptGzip, .invalidJSON, .noFlowLogMessages, .parquetNotSupported,
        .readFailed:
        return false
      default:
        return true
      }
    }
  }
}
