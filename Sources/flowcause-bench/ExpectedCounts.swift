import Foundation

/// What the generator wrote, exactly; saved next to a flow log as `FILE.expected.json` and
/// checked against what the reader finds.
struct ExpectedCounts: Codable, Equatable {
  /// The generator's output version (see ``FlowLogGenerator/version``).
  var generator = FlowLogGenerator.version
  var format: BenchFormat
  var seed: UInt64
  /// Record lines (NODATA and SKIPDATA rows included, the header line not).
  var records = 0
  var accept = 0
  var reject = 0
  var nodata = 0
  var skipdata = 0
  /// Records whose addresses are IPv6.
  var ipv6 = 0
  /// Header lines (1 for v5, 0 for v2).
  var headers = 0
  /// Physical lines: records plus headers. Every line ends with a newline.
  var lines = 0
  /// Bytes of text, before any compression.
  var bytes = 0
  /// Bytes of the file as written, when it is gzip-compressed.
  var compressedBytes: Int? = nil
  /// REJECTs the security group caused (internet scans of a port the interface does not serve).
  var truthSecurityGroup: Int? = nil
  /// REJECTs the network ACL caused (replies to ephemeral ports behind the strict ACL).
  var truthNetworkACL: Int? = nil
  /// REJECTs of packets after their connection closed (late RSTs; the busy day).
  var truthAfterClose: Int? = nil
  /// Records a 60-second window holds, when the rate is fixed.
  var recordsPerWindow: Int? = nil
  /// The traffic's profile (`busy`; `nil` the quiet day of ``FlowLogGenerator``).
  var profile: String? = nil
  /// Records a second, for the busy day.
  var recordsPerSecond: Int? = nil

  init(format: BenchFormat, seed: UInt64) {
    self.format = format
    self.seed = seed
  }

  /// The path of the counts for the flow log at `path`.
  static func path(for path: String) -> String { path + ".expected.json" }

  func save(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    var data = try encoder.encode(self)
    data.append(0x0A)
    try data.write(to: URL(fileURLWithPath: path), options: .atomic)
  }

  static func load(from path: String) throws -> ExpectedCounts {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try JSONDecoder().decode(ExpectedCounts.self, from: data)
  }
}
