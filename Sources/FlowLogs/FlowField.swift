/// A field of a flow log record, named as AWS names it (`srcaddr`, `log-status`, `tcp-flags`).
///
/// Fields the reader knows carry a value kind that decides how a token is checked and rendered;
/// any other name is kept, and its values are strings.
public struct FlowField: Hashable, Sendable, CustomStringConvertible {
  /// AWS's hyphenated field name.
  public let name: String
  /// How values of this field are checked and rendered.
  public let kind: Kind
  /// The flow log version that introduced the field, or `nil` for a field the reader does not know.
  public let version: Int?

  /// How a field's tokens are validated and rendered.
  public enum Kind: Hashable, Sendable {
    /// A decimal integer from 0 to `max`, rendered as a JSON number.
    case integer(max: Int64)
    /// An IPv4 or IPv6 address.
    case address
    /// `ACCEPT` or `REJECT`.
    case action
    /// `OK`, `NODATA` or `SKIPDATA`.
    case logStatus
    /// `ingress` or `egress`.
    case flowDirection
    /// Any text (identifiers, names, and fields the reader does not know).
    case string
  }

  public var description: String { name }

  /// Whether the reader knows this field.
  public var isKnown: Bool { version != nil }

  init(_ name: String, _ kind: Kind, version: Int?) {
    self.name = name
    self.kind = kind
    self.version = version
  }

  /// The field for `name`: a known field (also written with underscores, `log_status`), or an
  /// unknown one whose values are kept as strings.
  public init(named name: String) {
    let hyphenated = String(name.map { $0 == "_" ? "-" : $0 })
    if let known = FlowField.known[hyphenated] {
      self = known
    } else {
      self.init(name, .string, version: nil)
    }
  }

  /// The known field called `name` (hyphens or underscores), if any.
  public static func known(named name: String) -> FlowField? {
    known[String(name.map { $0 == "_" ? "-" : $0 })]
  }
}

extension FlowField {
  static let int32Max: Int64 = 2_147_483_647

  /// Every field AWS documents, in the order of AWS's field tables.
  ///
  /// Sources: the VPC user guide's "Flow log records" tables (v2–v5, v7 ECS, v8
  /// `reject-reason`) and the Transit Gateway guide (v6). Integer limits follow the Parquet types
  /// AWS gives (INT_32 / INT_64), narrowed for ports (0–65535) and protocol (0–255).
  public static let allKnown: [FlowField] = [
    // Version 2: the default format, in this order.
    FlowField("version", .integer(max: int32Max), version: 2),
    FlowField("account-id", .string, version: 2),
    FlowField("interface-id", .string, version: 2),
    FlowField("srcaddr", .address, version: 2),
    FlowField("dstaddr", .address, version: 2),
    FlowField("srcport", .integer(max: 65_535), version: 2),
    FlowField("dstport", .integer(max: 65_535), version: 2),
    FlowField("protocol", .integer(max: 255), version: 2),
    FlowField("packets", .integer(max: Int64.max), version: 2),
    FlowField("bytes", .integer(max: Int64.max), version: 2),
    FlowField("start", .integer(max: Int64.max), version: 2),
    FlowField("end", .integer(max: Int64.max), version: 2),
    FlowField("action", .action, version: 2),
    FlowField("log-status", .logStatus, version: 2),
    // Version 3.
    FlowField("vpc-id", .string, version: 3),
    FlowField("subnet-id", .string, version: 3),
    FlowField("instance-id", .string, version: 3),
    FlowField("tcp-flags", .integer(max: int32Max), version: 3),
    FlowField("type", .string, version: 3),
    FlowField("pkt-srcaddr", .address, version: 3),
    FlowField("pkt-dstaddr", .address, version: 3),
    // Version 4.
    FlowField("region", .string, version: 4),
    FlowField("az-id", .string, version: 4),
    FlowField("sublocation-type", .string, version: 4),
    FlowField("sublocation-id", .string, version: 4),
    // Version 5.
    FlowField("pkt-src-aws-service", .string, version: 5),
    FlowField("pkt-dst-aws-service", .string, version: 5),
    FlowField("flow-direction", .flowDirection, version: 5),
    FlowField("traffic-path", .integer(max: int32Max), version: 5),
    // Version 6: transit gateway flow logs.
    FlowField("resource-type", .string, version: 6),
    FlowField("tgw-id", .string, version: 6),
    FlowField("tgw-attachment-id", .string, version: 6),
    FlowField("tgw-src-vpc-account-id", .string, version: 6),
    FlowField("tgw-dst-vpc-account-id", .string, version: 6),
    FlowField("tgw-src-vpc-id", .string, version: 6),
    FlowField("tgw-dst-vpc-id", .string, version: 6),
    FlowField("tgw-src-subnet-id", .string, version: 6),
    FlowField("tgw-dst-subnet-id", .string, version: 6),
    FlowField("tgw-src-eni", .string, version: 6),
    FlowField("tgw-dst-eni", .string, version: 6),
    FlowField("tgw-src-az-id", .string, version: 6),
    FlowField("tgw-dst-az-id", .string, version: 6),
    FlowField("tgw-pair-attachment-id", .string, version: 6),
    FlowField("packets-lost-no-route", .integer(max: Int64.max), version: 6),
    FlowField("packets-lost-blackhole", .integer(max: Int64.max), version: 6),
    FlowField("packets-lost-mtu-exceeded", .integer(max: Int64.max), version: 6),
    FlowField("packets-lost-ttl-expired", .integer(max: Int64.max), version: 6),
    // Version 7: Amazon ECS.
    FlowField("ecs-cluster-arn", .string, version: 7),
    FlowField("ecs-cluster-name", .string, version: 7),
    FlowField("ecs-container-instance-arn", .string, version: 7),
    FlowField("ecs-container-instance-id", .string, version: 7),
    FlowField("ecs-container-id", .string, version: 7),
    FlowField("ecs-second-container-id", .string, version: 7),
    FlowField("ecs-service-name", .string, version: 7),
    FlowField("ecs-task-definition-arn", .string, version: 7),
    FlowField("ecs-task-arn", .string, version: 7),
    FlowField("ecs-task-id", .string, version: 7),
    // Version 8: VPC Block Public Access.
    FlowField("reject-reason", .string, version: 8),
  ]

  static let known: [String: FlowField] = Dictionary(
    uniqueKeysWithValues: allKnown.map { ($0.name, $0) })

  /// Names AWS writes that the reader recognises but does not type: their values stay strings.
  ///
  /// `encryption-status` is in the VPC user guide's "VPC Encryption Controls" page; the others
  /// are seen in 2025–2026 flow log configurations only. Their versions and meanings are not
  /// confirmed, so they get no kind of their own; they are listed so that they are not taken for
  /// misspellings of known names, and their own misspellings are caught (``nearMiss(of:)``).
  public static let namesKeptAsStrings: [String] = [
    "resource-id", "encryption-status", "instance-tag", "instance-tag-2", "interface-tag",
    "interface-tag-2", "asg-tag", "asg-tag-2", "interface-type", "next-hop-interface-id",
    "next-hop-subnet-id", "next-hop-az-id", "next-hop-vpc-id", "next-hop-interface-type",
  ]
}
