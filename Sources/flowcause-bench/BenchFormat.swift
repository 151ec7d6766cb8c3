import FlowLogs

/// The two record layouts the bench writes and reads.
enum BenchFormat: String, CaseIterable, Codable {
  /// The default format: 14 version 2 fields, no header line (CloudWatch Logs, `--format` off).
  case v2
  /// A custom format with every version 2 to 5 field, after an S3-style header line.
  case v5

  /// The field names of the version 5 layout, as its header line spells them.
  static let v5FieldNames =
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
    + "start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr "
    + "pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service "
    + "pkt-dst-aws-service flow-direction traffic-path"

  /// The header line written first, if any.
  var headerLine: String? {
    switch self {
    case .v2: return nil
    case .v5: return Self.v5FieldNames
    }
  }

  /// The format records are read with (what the header line says, for v5).
  var readerFormat: FlowLogFormat {
    switch self {
    case .v2:
      return .defaultV2
    case .v5:
      return (try? FlowLogFormat(parsing: Self.v5FieldNames)) ?? .defaultV2
    }
  }
}
