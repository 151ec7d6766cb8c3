import FlowLogs

extension SimulatedRecord {
  /// The record as one line of `format`, without its line break: each field's value
  /// (``value(of:version:)``, `-` where it does not apply) in the format's order, separated by
  /// spaces, with the format's version in `version`. What `flowcause simulate` writes.
  public func line(in format: FlowLogFormat) -> String {
    let version = format.version
    return format.fields.map { value(of: $0.name, version: version) }.joined(separator: " ")
  }
}

extension SimulatedRecord {
  /// The position in the traffic of the conversation the record belongs to (`Int.max` for a
  /// NODATA record), for tests that count results by conversation.
  package var conversationIndex: Int { conversation }
}
