import FlowLogs
import NetworkPrimitives

/// Which way a record's traffic crossed the ENI that logged it.
public enum FlowDirection: String, Hashable, Sendable, CaseIterable {
  case ingress, egress
}

/// A flow log record kept for correlation: the fields diagnosis reads, decoded once.
public struct FlowObservation: Hashable, Sendable {
  /// Index of the input file (in the order given) and the 1-based line.
  public var file: Int
  public var line: Int
  public var interfaceId: String
  public var source: IPAddress
  public var destination: IPAddress
  public var sourcePort: UInt16
  public var destinationPort: UInt16
  public var protocolNumber: UInt8
  public var packets: Int64?
  public var start: Int64?
  public var end: Int64?
  public var action: FlowAction
  public var tcpFlags: Int?
  public var flowDirection: FlowDirection?
  public var rejectReason: String?
  /// Whether the record gave both ports: `false` when its format has no `srcport` or `dstport`,
  /// or either is `-` (the ports then read 0, and no rule can be matched against them).
  public var hasPorts = true
  /// The number an interner gave `interfaceId` (0, 1, 2…), or -1: the streaming diagnoser's
  /// for a record it unpacked, which its per-ENI tallies index by. Not part of equality.
  var interfaceSlot: Int32 = -1

  public init(
    file: Int, line: Int, interfaceId: String, source: IPAddress, destination: IPAddress,
    sourcePort: UInt16, destinationPort: UInt16, protocolNumber: UInt8, packets: Int64? = nil,
    start: Int64? = nil, end: Int64? = nil, action: FlowAction, tcpFlags: Int? = nil,
    flowDirection: FlowDirection? = nil, rejectReason: String? = nil
  ) {
    self.file = file
    self.line = line
    self.interfaceId = interfaceId
    self.source = source
    self.destination = destination
    self.sourcePort = sourcePort
    self.destinationPort = destinationPort
    self.protocolNumber = protocolNumber
    self.packets = packets
    self.start = start
    self.end = end
    self.action = action
    self.tcpFlags = tcpFlags
    self.flowDirection = flowDirection
    self.rejectReason = rejectReason
  }

  /// The fields a record must have to be diagnosed, in the order messages name them: the ENI
  /// that logged it, its addresses, its protocol, and its action (without which no REJECT can
  /// be told).
  public static let requiredFields = ["interface-id", "srcaddr", "dstaddr", "protocol", "action"]

  /// The fields of ``requiredFields`` that `format` does not have: none of its records can be
  /// diagnosed when there is one.
  public static func missingFields(in format: FlowLogFormat) -> [String] {
    requiredFields.filter { format.index(of: $0) == nil }
  }

  /// Whether the record is a regional NAT gateway's (version 9: `interface-id` `-`, keyed by
  /// its `resource-id`, `nat-…`; ``FieldIndices/identity(in:)``).
  public var isRegionalNATGateway: Bool { interfaceId.hasPrefix("nat-") }

  /// The positions of the fields diagnosis reads, looked up once per format.
  public struct FieldIndices: Sendable {
    let interfaceId, source, destination, sourcePort, destinationPort, protocolNumber: Int?
    let packets, start, end, tcpFlags, flowDirection, rejectReason: Int?
    /// `resource-id` (version 9): a regional NAT gateway's records name it there, with
    /// `interface-id` `-`.
    let resourceId: Int?

    /// The field that names the record's interface: `interface-id`, else, where it is `-`,
    /// `resource-id` (a regional NAT gateway's records: VPC User Guide, "Flow log records",
    /// version 9); `nil` when neither is given.
    func identity(in record: RecordLine) -> Int? {
      if let index = interfaceId, !record.isNull(index) { return index }
      if let index = resourceId, !record.isNull(index) { return index }
      return nil
    }

    public init(_ format: FlowLogFormat) {
      interfaceId = format.index(of: "interface-id")
      source = format.index(of: "srcaddr")
      destination = format.index(of: "dstaddr")
      sourcePort = format.index(of: "srcport")
      destinationPort = format.index(of: "dstport")
      protocolNumber = format.index(of: "protocol")
      packets = format.index(of: "packets")
      start = format.index(of: "start")
      end = format.index(of: "end")
      tcpFlags = format.index(of: "tcp-flags")
      flowDirection = format.index(of: "flow-direction")
      rejectReason = format.index(of: "reject-reason")
      resourceId = format.index(of: "resource-id")
    }
  }

  /// Decodes the fields diagnosis needs; `nil` for NODATA/SKIPDATA rows and records without
  /// an ENI, addresses, protocol or action.
  public init?(record: RecordLine, file: Int) {
    self.init(record: record, file: file, indices: FieldIndices(record.format))
  }

  /// The same, with the field positions already looked up.
  public init?(record: RecordLine, file: Int, indices: FieldIndices) {
    var interner: TokenInterner? = nil
    self.init(record: record, file: file, indices: indices, interner: &interner)
  }

  /// The same, with ENI ids shared through `interner` (the hot path).
  public init?(
    record: RecordLine, file: Int, indices: FieldIndices, interner: inout TokenInterner?
  ) {
    func address(_ index: Int?) -> IPAddress? { index.flatMap { record.address($0) } }
    func integer(_ index: Int?) -> Int64? { index.flatMap { record.integer($0) } }
    guard let action = record.action, let eniIndex = indices.identity(in: record),
      let source = address(indices.source), let destination = address(indices.destination),
      let protocolNumber = integer(indices.protocolNumber)
    else { return nil }
    let interfaceId: String
    var slot: Int32 = -1
    if interner != nil, let index = interner?.internIndex(record.token(eniIndex)) {
      slot = index
      interfaceId = interner?.string(at: index) ?? ""
    } else {
      interfaceId = String(decoding: record.token(eniIndex), as: UTF8.self)
    }
    self.init(
      file: file, line: record.lineNumber, interfaceId: interfaceId, source: source,
      destination: destination, sourcePort: UInt16(clamping: integer(indices.sourcePort) ?? 0),
      destinationPort: UInt16(clamping: integer(indices.destinationPort) ?? 0),
      protocolNumber: UInt8(clamping: protocolNumber), packets: integer(indices.packets),
      start: integer(indices.start), end: integer(indices.end), action: action,
      tcpFlags: integer(indices.tcpFlags).map { Int($0) },
      flowDirection: indices.flowDirection.flatMap { record.string($0) }.flatMap(
        FlowDirection.init(rawValue:)),
      rejectReason: indices.rejectReason.flatMap { record.string($0) })
    hasPorts = integer(indices.sourcePort) != nil && integer(indices.destinationPort) != nil
    interfaceSlot = slot
  }

  /// Gives this record's ENI the number `interner` has for it: records parsed on other threads
  /// were numbered by interners of their own. `translation` maps their numbers to `interner`'s
  /// for one such part of the input (start it empty for each part).
  public mutating func renumberInterface(
    into interner: inout TokenInterner?, translation: inout [Int32]
  ) {
    let slot = Int(interfaceSlot)
    guard slot >= 0, interner != nil else { return }
    while translation.count <= slot { translation.append(-1) }
    if translation[slot] < 0 {
      var id = interfaceId
      translation[slot] =
        id.withUTF8 { interner?.internIndex(UnsafeRawBufferPointer($0)) } ?? -1
    }
    interfaceSlot = translation[slot]
    guard interfaceSlot >= 0 else { return }
    if let shared = interner?.string(at: interfaceSlot) { interfaceId = shared }
  }

  public static func == (left: FlowObservation, right: FlowObservation) -> Bool {
    left.file == right.file && left.line == right.line && left.interfaceId == right.interfaceId
      && left.source == right.source && left.destination == right.destination
      && left.sourcePort == right.sourcePort && left.destinationPort == right.destinationPort
      && left.protocolNumber == right.protocolNumber && left.packets == right.packets
      && left.start == right.start && left.end == right.end && left.action == right.action
      && left.tcpFlags == right.tcpFlags && left.flowDirection == right.flowDirection
      && left.rejectReason == right.rejectReason && left.hasPorts == right.hasPorts
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(file)
    hasher.combine(line)
    hasher.combine(interfaceId)
    hasher.combine(source)
    hasher.combine(destination)
    hasher.combine(sourcePort)
    hasher.combine(destinationPort)
    hasher.combine(protocolNumber)
  }

  /// Whether `other` is a copy of this record: every field diagnosis reads the same but where
  /// it was read (a file given twice, a CloudWatch export overlapping an S3 day).
  public func isCopy(of other: FlowObservation) -> Bool {
    interfaceId == other.interfaceId && source == other.source
      && destination == other.destination && sourcePort == other.sourcePort
      && destinationPort == other.destinationPort && protocolNumber == other.protocolNumber
      && packets == other.packets && start == other.start && end == other.end
      && action == other.action && tcpFlags == other.tcpFlags
      && flowDirection == other.flowDirection && rejectReason == other.rejectReason
      && hasPorts == other.hasPorts
  }

  /// Whether the TCP flags show a SYN without ACK (the initiator's first packet).
  var hasSYNOnly: Bool {
    guard let flags = tcpFlags else { return false }
    return flags & 0x02 != 0 && flags & 0x10 == 0
  }

  /// Whether the TCP flags show a SYN-ACK (the responder's first packet).
  var hasSYNACK: Bool {
    guard let flags = tcpFlags else { return false }
    return flags & 0x12 == 0x12
  }

  /// Whether the TCP flags hold only FIN and/or RST (a connection's last packets).
  var isTeardownOnly: Bool {
    guard let flags = tcpFlags, protocolNumber == 6 else { return false }
    return flags != 0 && flags & ~0x05 == 0
  }
}
