import NetworkPrimitives
import Topology

/// A sentence a person reads, kept as its pieces until someone reads it.
///
/// Diagnosing millions of REJECT records builds two or three of these per record, and most are
/// written once, as JSON Lines bytes. Built with string interpolation like a `String` (the
/// literal parts are `StaticString`s, addresses and numbers stay values), an explanation costs
/// one small array; `text` renders it as a `String` and `appendUTF8(to:)` writes its bytes
/// without making one. Two explanations are equal when their texts are.
public struct Explanation: Sendable, Hashable, CustomStringConvertible,
  ExpressibleByStringInterpolation
{
  enum Segment: Sendable {
    case literal(StaticString)
    case text(String)
    case integer(Int)
    case address(IPAddress)
    case cidr(CIDR)
  }

  /// The pieces, or (for the sentences diagnosis writes for nearly every REJECT) the values a
  /// sentence is made from, kept without building anything.
  enum Storage: Sendable {
    case segments([Segment])
    case networkACL(NetworkACLNote)
    case securityGroupDenied(SecurityGroupNote)
  }

  /// A network ACL's decision on a packet (`PathTracer.aclDecision`). A class, so that the
  /// checkpoints that carry it stay small to copy.
  final class NetworkACLNote: Sendable {
    let aclId: String
    let entry: NetworkACLEntry
    let packet: Packet
    let egress: Bool
    let allowed: Bool

    init(aclId: String, entry: NetworkACLEntry, packet: Packet, egress: Bool, allowed: Bool) {
      self.aclId = aclId
      self.entry = entry
      self.packet = packet
      self.egress = egress
      self.allowed = allowed
    }
  }

  /// No rule of an ENI's security groups allows a packet (`PathTracer.securityGroupDecision`).
  final class SecurityGroupNote: Sendable {
    let groupText: String
    let interfaceId: String
    let packet: Packet
    let direction: Direction
    let hasRules: Bool

    init(
      groupText: String, interfaceId: String, packet: Packet, direction: Direction,
      hasRules: Bool
    ) {
      self.groupText = groupText
      self.interfaceId = interfaceId
      self.packet = packet
      self.direction = direction
      self.hasRules = hasRules
    }
  }

  var storage: Storage

  public init(_ text: String) { storage = .segments(text.isEmpty ? [] : [.text(text)]) }

  public init(stringLiteral value: StaticString) {
    storage = .segments(value.utf8CodeUnitCount == 0 ? [] : [.literal(value)])
  }

  public init(stringInterpolation: Interpolation) {
    storage = .segments(stringInterpolation.segments)
  }

  init(_ note: NetworkACLNote) { storage = .networkACL(note) }

  init(_ note: SecurityGroupNote) { storage = .securityGroupDenied(note) }

  /// Whether `other` is this very note (one boxed NACL or security-group note, shared), so
  /// that its text is the same without wording it again; `false` when unsure.
  public func isSameNote(as other: Explanation) -> Bool {
    switch (storage, other.storage) {
    case (.networkACL(let left), .networkACL(let right)): left === right
    case (.securityGroupDenied(let left), .securityGroupDenied(let right)): left === right
    default: false
    }
  }

  /// The sentence as a `String`.
  public var text: String {
    if case .segments(let segments) = storage, segments.count == 1,
      case .text(let text) = segments[0]
    {
      return text
    }
    var buffer = ByteBuffer(capacity: 256)
    appendUTF8(to: &buffer)
    return String(decoding: buffer.bytes, as: UTF8.self)
  }

  public var description: String { text }

  /// The pieces, a note becoming its text.
  var segments: [Segment] {
    if case .segments(let segments) = storage { return segments }
    return [.text(text)]
  }

  /// Appends the sentence's UTF-8 bytes (unescaped) to `out`.
  public func appendUTF8(to out: inout ByteBuffer) {
    switch storage {
    case .segments(let segments):
      for segment in segments {
        switch segment {
        case .literal(let literal): out.append(literal)
        case .text(let value): out.append(value)
        case .integer(let value): out.appendDecimal(value)
        case .address(let address): out.append(address)
        case .cidr(let cidr): Self.append(cidr, to: &out)
        }
      }
    case .networkACL(let note): note.appendUTF8(to: &out)
    case .securityGroupDenied(let note): note.appendUTF8(to: &out)
    }
  }

  static func append(_ cidr: CIDR, to out: inout ByteBuffer) {
    out.append(cidr.network)
    out.append(0x2F)
    out.appendDecimal(cidr.prefixLength)
  }

  /// `tcp port 22`, `icmp type 8 code 0`, `protocol 47`: what a packet carries (the one
  /// wording of it, for the NACL and security-group sentences).
  static func appendTraffic(_ packet: Packet, to out: inout ByteBuffer) {
    var holes: [NoteHole]? = nil
    appendTraffic(packet, to: &out, holes: &holes)
  }

  /// The same; with `holes`, the port is left out and its place noted there.
  static func appendTraffic(_ packet: Packet, to out: inout ByteBuffer, holes: inout [NoteHole]?) {
    out.append(ProtocolNames.name(packet.protocolNumber))
    if packet.hasPorts {
      out.append(" port ")
      if holes == nil {
        out.appendDecimal(Int(packet.destinationPort))
      } else {
        holes?.append(NoteHole(offset: out.count, value: .destinationPort))
      }
    } else if let type = packet.icmpType {
      out.append(" type ")
      out.appendDecimal(type)
      out.append(" code ")
      out.appendDecimal(packet.icmpCode ?? 0)
    }
  }

  /// Writes `packet`'s source or destination, or (with `holes`) notes its place.
  static func appendAddress(
    _ packet: Packet, destination: Bool, to out: inout ByteBuffer, holes: inout [NoteHole]?
  ) {
    if holes == nil {
      out.append(destination ? packet.destination : packet.source)
    } else {
      holes?.append(
        NoteHole(
          offset: out.count, value: destination ? .destinationAddress : .sourceAddress))
    }
  }

  /// `allow tcp 22 from 0.0.0.0/0`: a NACL entry as the console lists it.
  static func appendEntry(_ entry: NetworkACLEntry, to out: inout ByteBuffer) {
    out.append(entry.action.rawValue)
    out.append(0x20)
    out.append(entry.protocolMatch.description)
    if let ports = entry.ports {
      out.append(0x20)
      out.appendDecimal(Int(ports.from))
      if ports.to != ports.from {
        out.append(0x2D)
        out.appendDecimal(Int(ports.to))
      }
    }
    if let type = entry.icmpType {
      out.append(" type ")
      out.appendDecimal(type)
    }
    if let code = entry.icmpCode {
      out.append(" code ")
      out.appendDecimal(code)
    }
    out.append(entry.egress ? " to " : " from ")
    append(entry.cidr, to: &out)
  }

  public static func + (left: Explanation, right: Explanation) -> Explanation {
    Explanation(storage: .segments(left.segments + right.segments))
  }

  public static func += (left: inout Explanation, right: Explanation) {
    left = left + right
  }

  private init(storage: Storage) { self.storage = storage }

  public static func == (left: Explanation, right: Explanation) -> Bool {
    left.text == right.text
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(text) }

  public struct Interpolation: StringInterpolationProtocol {
    public typealias StringLiteralType = StaticString
    var segments: [Segment]

    public init(literalCapacity: Int, interpolationCount: Int) {
      segments = []
      // Room for nested explanations (a rule's text, a peer), so that one allocation does.
      segments.reserveCapacity(2 * interpolationCount + 12)
    }

    public mutating func appendLiteral(_ literal: StaticString) {
      if literal.utf8CodeUnitCount > 0 { segments.append(.literal(literal)) }
    }

    public mutating func appendInterpolation(_ value: String) {
      if !value.isEmpty { segments.append(.text(value)) }
    }

    public mutating func appendInterpolation(_ value: Explanation) {
      segments += value.segments
    }

    public mutating func appendInterpolation(_ value: Int) { segments.append(.integer(value)) }

    public mutating func appendInterpolation(_ value: Int64) {
      segments.append(.integer(Int(value)))
    }

    public mutating func appendInterpolation(_ value: UInt16) {
      segments.append(.integer(Int(value)))
    }

    public mutating func appendInterpolation(_ value: UInt8) {
      segments.append(.integer(Int(value)))
    }

    public mutating func appendInterpolation(_ value: IPAddress) {
      segments.append(.address(value))
    }

    public mutating func appendInterpolation(_ value: CIDR) { segments.append(.cidr(value)) }

    public mutating func appendInterpolation(_ value: ProtocolMatch) {
      segments.append(.text(value.description))
    }

    public mutating func appendInterpolation(_ value: PortRange) {
      segments.append(.integer(Int(value.from)))
      if value.to != value.from {
        segments.append(.literal("-"))
        segments.append(.integer(Int(value.to)))
      }
    }

    /// Anything else, as string interpolation would print it.
    public mutating func appendInterpolation<T>(_ value: T) {
      appendInterpolation(String(describing: value))
    }
  }
}

extension Explanation.NetworkACLNote {
  /// `acl-1 rule 100 allows inbound tcp port 22 from 203.0.113.9 (allow tcp 22 from 0.0.0.0/0)`,
  /// or `acl-1 denies it: …`, as `PathTracer.aclDecision` words it.
  func appendUTF8(to out: inout ByteBuffer) {
    var holes: [NoteHole]? = nil
    Self.append(
      aclId: aclId, entry: entry, packet: packet, egress: egress, allowed: allowed, to: &out,
      holes: &holes)
  }

  /// The sentence from its values; with `holes`, the packet's address and port are left out
  /// and their places noted there (a template, `QuickDiagnosis`).
  static func append(
    aclId: String, entry: NetworkACLEntry, packet: Packet, egress: Bool, allowed: Bool,
    to out: inout ByteBuffer, holes: inout [NoteHole]?
  ) {
    out.append(aclId)
    if allowed {
      out.append(" rule ")
      appendNumber(entry, to: &out)
      out.append(" allows ")
      appendMatch(packet, egress: egress, to: &out, holes: &holes)
      out.append(" (")
      Explanation.appendEntry(entry, to: &out)
      out.append(0x29)
      return
    }
    out.append(" denies it: ")
    if entry.isImplicit {
      out.append("no rule before the final * entry matches ")
      appendMatch(packet, egress: egress, to: &out, holes: &holes)
      return
    }
    out.append("rule ")
    appendNumber(entry, to: &out)
    out.append(" (")
    Explanation.appendEntry(entry, to: &out)
    out.append(") is the first to match ")
    appendMatch(packet, egress: egress, to: &out, holes: &holes)
  }

  private static func appendNumber(_ entry: NetworkACLEntry, to out: inout ByteBuffer) {
    if entry.isImplicit { out.append(0x2A) } else { out.appendDecimal(entry.ruleNumber) }
  }

  /// `inbound tcp port 22 from 203.0.113.9`
  private static func appendMatch(
    _ packet: Packet, egress: Bool, to out: inout ByteBuffer, holes: inout [NoteHole]?
  ) {
    out.append(egress ? "outbound " : "inbound ")
    Explanation.appendTraffic(packet, to: &out, holes: &holes)
    out.append(egress ? " to " : " from ")
    Explanation.appendAddress(packet, destination: egress, to: &out, holes: &holes)
  }
}

extension Explanation.SecurityGroupNote {
  /// `no inbound rule of sg-1 on eni-1 allows tcp port 22 from 203.0.113.9`, or `sg-1 on eni-1
  /// has no inbound rules at all`, as `PathTracer.securityGroupDecision` words it.
  func appendUTF8(to out: inout ByteBuffer) {
    var holes: [NoteHole]? = nil
    Self.append(
      groupText: groupText, interfaceId: interfaceId, packet: packet, direction: direction,
      hasRules: hasRules, to: &out, holes: &holes)
  }

  /// The sentence from its values; with `holes`, the packet's address and port are left out
  /// and their places noted there.
  static func append(
    groupText: String, interfaceId: String, packet: Packet, direction: Direction, hasRules: Bool,
    to out: inout ByteBuffer, holes: inout [NoteHole]?
  ) {
    let inbound = direction == .inbound
    if !hasRules {
      out.append(groupText)
      out.append(" on ")
      out.append(interfaceId)
      out.append(inbound ? " has no inbound rules at all" : " has no outbound rules at all")
      return
    }
    out.append(inbound ? "no inbound rule of " : "no outbound rule of ")
    out.append(groupText)
    out.append(" on ")
    out.append(interfaceId)
    out.append(" allows ")
    Explanation.appendTraffic(packet, to: &out, holes: &holes)
    out.append(inbound ? " from " : " to ")
    Explanation.appendAddress(packet, destination: !inbound, to: &out, holes: &holes)
  }
}

/// A place in a sentence written as a template: the packet value that goes there, and where.
package struct NoteHole: Hashable, Sendable {
  package enum Value: Hashable, Sendable {
    case sourceAddress, destinationAddress, destinationPort
    /// The line of a reply's request (``QuickDiagnosis``).
    case requestLine
  }

  /// The offset in the buffer the template was written to.
  package var offset: Int
  package var value: Value
}
