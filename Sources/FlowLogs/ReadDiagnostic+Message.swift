extension ReadDiagnostic {
  /// The one sentence a user reads after `FILE:LINE: error:`.
  public var message: String {
    switch problem {
    case .fieldCount(let expected, let found):
      return "expected \(expected) fields, found \(found)"
    case .notANumber(let field, let found):
      return "\(field): expected a number, found \(quoted(found))"
    case .numberOutOfRange(let field, let found, let max):
      return "\(field): \(found) is out of range (0...\(max))"
    case .notAnAddress(let field, let found):
      return "\(field): expected an IPv4 or IPv6 address, found \(quoted(found))"
    case .unknownAction(let found):
      return "action: expected ACCEPT, REJECT or -, found \(quoted(found))"
    case .unknownLogStatus(let found):
      return "log-status: expected OK, NODATA, SKIPDATA or -, found \(quoted(found))"
    case .unknownFlowDirection(let found):
      return "flow-direction: expected ingress, egress or -, found \(quoted(found))"
    case .controlByte(let byte):
      let hex = String(byte, radix: 16, uppercase: true)
      return "control byte 0x\(hex.count == 1 ? "0" + hex : hex) in the line (binary data?)"
    case .invalidUTF8:
      return "the line is not valid UTF-8 (binary data?)"
    case .lineTooLong(let length, let limit):
      return "line of \(length) bytes is longer than the \(limit)-byte limit"
    case .duplicateHeaderField(let name):
      return "header line names \(name) twice"
    case .misspelledHeaderField(let name, let suggestion):
      return "header line names unknown field \(quoted(name)); did you mean \(quoted(suggestion))?"
    case .truncatedGzip:
      return "gzip data ends early (truncated file?); the records before the break were read"
    case .corruptGzip(let reason):
      return "gzip data is damaged: \(reason)"
    case .invalidJSON(let reason):
      return "invalid JSON: \(reason)"
    case .noFlowLogMessages:
      return
        "no flow log records in this JSON (expected events[].message, logEvents[].message, {\"message\": ...} lines or Logs Insights @message cells)"
    case .parquetNotSupported:
      return
        "this is a Parquet file, which flowcause does not read; deliver the flow log as plain text, or convert it (e.g. duckdb: COPY (SELECT * FROM 'f.parquet') TO 'f.log' (DELIMITER ' ', HEADER))"
    case .readFailed(let reason):
      return "cannot read: \(reason)"
    }
  }

  private func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars.prefix(60) {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        out += "\\u{\(String(scalar.value, radix: 16))}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    if text.unicodeScalars.count > 60 { out += "..." }
    return out + "\""
  }
}
