import NetworkPrimitives
import Topology

/// A sentence a person reads, kept as its pieces until someone reads it.
///
/// Diagnosing millions of REJECT records builds two or three of these per record, and most are
/// written once, as JSON Lines bytes. Built with string interpolation like a `String` (the
/// literal parts are `StaticString`s, addresses and numbers stay values), an explanation costs
/// one small array; `text` renders it as a `String`, and Rendering's `appendUTF8(to:)` writes
/// its bytes without making one (its fast twin: `ExplanationBytesTests` compares the two). Two
/// explanations are equal when their texts are.
public struct Explanation: Sendable, Hashable, CustomStringConvertible,
  ExpressibleByStringInterpolation
{
  package enum Segment: Sendable {
    case literal(StaticString)
    case text(String)
    case integer(Int)
    case address(IPAddress)
    case cidr(CIDR)
    /// A NACL's or security groups' decision joined to a sentence (`+`), worded when read.
    case networkACL(NetworkACLNote)
    case securityGroupDenied(SecurityGroupNote)
  }

  /// The pieces, or (for the sentences diagnosis writes for nearly every REJECT) the values a
  /// sentence is made from, kept without building anything.
  package enum Storage: Sendable {
    case segments([Segment])
    case networkACL(NetworkACLNote)
    case securityGroupDenied(SecurityGroupNote)
  }

  /// A network ACL's decision on a packet (`PathTracer.aclDecision`). A class, so that the
  /// checkpoints that carry it stay small to copy.
  package final class NetworkACLNote: Sendable {
    package let aclId: String
    package let entry: NetworkACLEntry
    package let packet: Packet
    package let egress: Bool
    package let allowed: Bool

    package init(
      aclId: String, entry: NetworkACLEntry, packet: Packet, egress: Bool, allowed: Bool
    ) {
      self.aclId = aclId
      self.entry = entry
      self.packet = packet
      self.egress = egress
      self.allowed = allowed
    }
  }

  /// No rule of an ENI's security groups allows a packet (`PathTracer.securityGroupDecision`).
  package final class SecurityGroupNote: Sendable {
    package let groupText: String
    package let interfaceId: String
    package let packet: Packet
    package let direction: Direction
    package let hasRules: Bool

    package init(
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

  package var storage: Storage

  public init(_ text: String) { storage = .segments(text.isEmpty ? [] : [.text(text)]) }

  public init(stringLiteral value: StaticString) {
    storage = .segments(value.utf8CodeUnitCount == 0 ? [] : [.literal(value)])
  }

  public init(stringInterpolation: Interpolation) {
    storage = .segments(stringInterpolation.segments)
  }

  package init(_ note: NetworkACLNote) { storage = .networkACL(note) }

  package init(_ note: SecurityGroupNote) { storage = .securityGroupDenied(note) }

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
    switch storage {
    case .segments(let segments):
      if segments.count == 1, case .text(let text) = segments[0] { return text }
      var text = ""
      for segment in segments {
        switch segment {
        case .literal(let literal): text += literal.description
        case .text(let value): text += value
        case .integer(let value): text += String(value)
        case .address(let address): text += address.description
        case .cidr(let cidr): text += cidr.description
        case .networkACL(let note): text += note.text
        case .securityGroupDenied(let note): text += note.text
        }
      }
      return text
    case .networkACL(let note): return note.text
    case .securityGroupDenied(let note): return note.text
    }
  }

  public var description: String { text }

  /// The pieces (a note kept as one, worded when read).
  var segments: [Segment] {
    switch storage {
    case .segments(let segments): segments
    case .networkACL(let note): [.networkACL(note)]
    case .securityGroupDenied(let note): [.securityGroupDenied(note)]
    }
  }

  /// `tcp port 22`, `icmp type 8 code 0`, `protocol 47`: what a packet carries (the one
  /// wording of it, for the NACL and security-group sentences).
  static func traffic(_ packet: Packet) -> String {
    var text = ProtocolNames.name(packet.protocolNumber)
    if packet.hasPorts {
      text += " port \(packet.destinationPort)"
    } else if let type = packet.icmpType {
      text += " type \(type) code \(packet.icmpCode ?? 0)"
    }
    return text
  }

  /// `allow tcp 22 from 0.0.0.0/0`: a NACL entry as the console lists it.
  static func entry(_ entry: NetworkACLEntry) -> String {
    var text = "\(entry.action.rawValue) \(entry.protocolMatch.description)"
    if let ports = entry.ports {
      text += ports.to != ports.from ? " \(ports.from)-\(ports.to)" : " \(ports.from)"
    }
    if let type = entry.icmpType { text += " type \(type)" }
    if let code = entry.icmpCode { text += " code \(code)" }
    return text + (entry.egress ? " to " : " from ") + entry.cidr.description
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
  var text: String {
    let number = entry.isImplicit ? "*" : String(entry.ruleNumber)
    let peer = egress ? packet.destination : packet.source
    let match =
      "\(egress ? "outbound" : "inbound") \(Explanation.traffic(packet))"
      + "\(egress ? " to " : " from ")\(peer)"
    if allowed { return "\(aclId) rule \(number) allows \(match) (\(Explanation.entry(entry)))" }
    if entry.isImplicit {
      return "\(aclId) denies it: no rule before the final * entry matches \(match)"
    }
    return
      "\(aclId) denies it: rule \(number) (\(Explanation.entry(entry))) is the first to match \(match)"
  }
}

extension Explanation.SecurityGroupNote {
  /// `no inbound rule of sg-1 on eni-1 allows tcp port 22 from 203.0.113.9`, or `sg-1 on eni-1
  /// has no inbound rules at all`, as `PathTracer.securityGroupDecision` words it.
  var text: String {
    let way = direction == .inbound ? "inbound" : "outbound"
    if groupText == "no security group" {
      return "\(interfaceId) has no security group, so no \(way) rule allows anything"
    }
    guard hasRules else { return "\(groupText) on \(interfaceId) has no \(way) rules at all" }
    let peer = direction == .inbound ? " from \(packet.source)" : " to \(packet.destination)"
    return
      "no \(way) rule of \(groupText) on \(interfaceId) allows \(Explanation.traffic(packet))\(peer)"
  }
}
