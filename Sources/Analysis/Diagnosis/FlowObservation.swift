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

  /// Decodes the fields diagnosis needs; `nil` for NODATA/SKIPDATA rows and records without
  /// an ENI, addresses, protocol or action.
  public init?(record: RecordLine, file: Int) {
    let format = record.format
    func index(_ name: String) -> Int? { format.index(of: name) }
    func address(_ name: String) -> IPAddress? {
      guard let position = index(name), !record.isNull(position) else { return nil }
      return IPAddress(bytes: record.token(position))
    }
    func integer(_ name: String) -> Int64? { index(name).flatMap { record.integer($0) } }
    guard let action = record.action,
      let eniIndex = index("interface-id"), let interfaceId = record.string(eniIndex),
      let source = address("srcaddr"), let destination = address("dstaddr"),
      let protocolNumber = integer("protocol")
    else { return nil }
    self.init(
      file: file, line: record.lineNumber, interfaceId: interfaceId, source: source,
      destination: destination, sourcePort: UInt16(clamping: integer("srcport") ?? 0),
      destinationPort: UInt16(clamping: integer("dstport") ?? 0),
      protocolNumber: UInt8(clamping: protocolNumber), packets: integer("packets"),
      start: integer("start"), end: integer("end"), action: action,
      tcpFlags: integer("tcp-flags").map { Int($0) },
      flowDirection: index("flow-direction").flatMap { record.string($0) }.flatMap(
        FlowDirection.init(rawValue:)),
      rejectReason: index("reject-reason").flatMap { record.string($0) })
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
