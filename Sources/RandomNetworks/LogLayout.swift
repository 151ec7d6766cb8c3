import FlowLogs

/// How a seed's records are written as text, in each of the three format families: the fields
/// in AWS's order or in a custom order (with some optional fields left out), and whether the
/// reader learns the format from an S3 header line or is given it, as `diagnose --format` is.
public struct LogLayout: Hashable, Sendable {
  /// The format families AWS users meet: the default format, and the two custom formats that
  /// add what diagnosis reads.
  public enum Version: String, CaseIterable, Hashable, Sendable, Comparable {
    /// AWS's default format: no `tcp-flags`, no `flow-direction`.
    case v2
    /// Version 2 and 3 fields: `tcp-flags`, no `flow-direction`.
    case v3
    /// Version 2 to 5 fields: `tcp-flags` and `flow-direction`.
    case v5

    public var hasTCPFlags: Bool { self != .v2 }

    /// The family's fields in AWS's order (`describe-flow-logs` prints them so for a flow log
    /// created with "all fields" of the versions).
    public var standardFields: [String] {
      let v2 = [
        "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
        "protocol", "packets", "bytes", "start", "end", "action", "log-status",
      ]
      let v3 = [
        "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr",
      ]
      let v5 = [
        "region", "az-id", "sublocation-type", "sublocation-id", "pkt-src-aws-service",
        "pkt-dst-aws-service", "flow-direction", "traffic-path",
      ]
      switch self {
      case .v2: return v2
      case .v3: return v2 + v3
      case .v5: return v2 + v3 + v5
      }
    }

    public static func < (left: Version, right: Version) -> Bool { left.rawValue < right.rawValue }
  }

  /// The fields diagnosis reads, never left out of a custom order.
  static let kept: Set<String> = [
    "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "start",
    "end", "action", "log-status", "tcp-flags", "flow-direction",
  ]

  /// Each family's fields as written.
  public var fields: [Version: [String]]
  /// Whether the log starts with a header line of field names (an S3 object); without one the
  /// reader is given the format, except AWS's default format, which it assumes.
  public var header: Bool

  /// Whether the fields are in AWS's order.
  public var isStandard: Bool {
    fields.allSatisfy { version, names in names == version.standardFields }
  }

  init(draw: inout Draw) {
    let custom = draw.chance(0.25)
    var fields: [Version: [String]] = [:]
    for version in Version.allCases {
      var names = version.standardFields
      if custom {
        names = draw.shuffled(names.filter { Self.kept.contains($0) || draw.chance(0.6) })
      }
      fields[version] = names
    }
    self.fields = fields
    header = draw.chance(0.5)
  }

  /// The format of `version`'s lines.
  public func format(_ version: Version) -> FlowLogFormat {
    let names = fields[version] ?? version.standardFields
    // The names are known and unique, so this cannot fail.
    return (try? FlowLogFormat(fields: names.map(FlowField.init(named:)))) ?? .defaultV2
  }

  /// The format the reader is given (`--format`): none with a header line, or for AWS's
  /// default format in its own order.
  public func givenFormat(_ version: Version) -> FlowLogFormat? {
    if header || fields[version] == Version.v2.standardFields { return nil }
    return format(version)
  }

  /// The log's text: the header line when there is one, then one line a record.
  public func text(_ lines: [String], version: Version) -> String {
    var text = header ? format(version).description + "\n" : ""
    for line in lines { text += line + "\n" }
    return text
  }
}
