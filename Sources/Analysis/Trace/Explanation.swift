import Messages
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
    /// A catalog message, its placeholders' values named (worded in a language when read).
    case message(Message, [Argument])
  }

  /// A placeholder's value of a catalog message: itself an explanation, so that a nested
  /// message is worded in the same language.
  public struct Argument: Sendable {
    public let name: String
    public let value: Explanation
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

  /// A catalog message with its placeholders' values by name:
  /// `Explanation(.aclMatchInbound, ["traffic": traffic, "peer": "\(address)"])`.
  public init(_ message: Message, _ arguments: KeyValuePairs<String, Explanation> = [:]) {
    storage = .segments([
      .message(message, arguments.map { Argument(name: $0.key, value: $0.value) })
    ])
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

  /// The sentence as a `String`, in English.
  public var text: String { text(in: .en) }

  /// The sentence as a `String`, in `language`.
  public func text(in language: Language) -> String {
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
        case .networkACL(let note): text += note.text(in: language)
        case .securityGroupDenied(let note): text += note.text(in: language)
        case .message(let message, let arguments):
          var values: [String: String] = [:]
          for argument in arguments { values[argument.name] = argument.value.text(in: language) }
          text += message.text(in: language, values)
        }
      }
      return text
    case .networkACL(let note): return note.text(in: language)
    case .securityGroupDenied(let note): return note.text(in: language)
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

  /// `tcp`, `icmp`, `protocol 47`: a protocol as AWS names it.
  public static func protocolName(_ number: UInt8) -> Explanation {
    switch number {
    case 1, 6, 17, 58: Explanation(ProtocolNames.name(number))
    default: Explanation(.protocolNumber, ["number": "\(number)"])
    }
  }

  /// `tcp port 22`, `icmp type 8 code 0`, `protocol 47`: what a packet carries (the one
  /// wording of it, for the NACL and security-group sentences).
  public static func traffic(_ packet: Packet) -> Explanation {
    let name = protocolName(packet.protocolNumber)
    if packet.hasPorts {
      return Explanation(.trafficWithPort, ["protocol": name, "port": "\(packet.destinationPort)"])
    }
    if let type = packet.icmpType {
      return Explanation(
        .trafficWithICMPType,
        ["protocol": name, "type": "\(type)", "code": "\(packet.icmpCode ?? 0)"])
    }
    return name
  }

  /// `allow tcp 22 from 0.0.0.0/0`: a NACL entry as the console lists it.
  public static func entry(_ entry: NetworkACLEntry) -> Explanation {
    var what: Explanation =
      entry.protocolMatch == .all ? Explanation(.allProtocols) : "\(entry.protocolMatch)"
    if let ports = entry.ports { what += Explanation(.aclEntryPorts, ["ports": "\(ports)"]) }
    if let type = entry.icmpType { what += Explanation(.aclEntryICMPType, ["type": "\(type)"]) }
    if let code = entry.icmpCode { what += Explanation(.aclEntryICMPCode, ["code": "\(code)"]) }
    return Explanation(
      entry.egress ? .aclEntryOutbound : .aclEntryInbound,
      [
        "action": Explanation(entry.action == .allow ? .allow : .deny), "protocol": what,
        "cidr": "\(entry.cidr)",
      ])
  }

  /// `tcp 22 0.0.0.0/0`, `icmp type 8 code all sg-1`: a security group rule as
  /// `SecurityGroupRule.description` writes it, its words in the catalog.
  public static func rule(_ rule: SecurityGroupRule) -> Explanation {
    let name: Explanation =
      rule.protocolMatch == .all ? Explanation(.anyValue) : "\(rule.protocolMatch)"
    let peer: Explanation = "\(rule.peer)"
    if rule.protocolMatch == .icmp || rule.protocolMatch == .icmpv6 {
      let all = Explanation(.anyValue)
      return Explanation(
        .sgRuleICMP,
        [
          "protocol": name, "type": rule.icmpType.map { "\($0)" } ?? all,
          "code": rule.icmpCode.map { "\($0)" } ?? all, "peer": peer,
        ])
    }
    if let ports = rule.ports {
      return Explanation(.sgRulePorts, ["protocol": name, "ports": "\(ports)", "peer": peer])
    }
    return Explanation(.sgRule, ["protocol": name, "peer": peer])
  }

  /// `gateway endpoint for com.amazonaws.us-east-1.s3`: what a VPC endpoint is.
  public static func summary(_ endpoint: VpcEndpoint) -> Explanation {
    let service: Explanation = "\(endpoint.serviceName)"
    switch endpoint.kind {
    case .gateway: return Explanation(.endpointGateway, ["service": service])
    case .interface: return Explanation(.endpointInterface, ["service": service])
    case .gatewayLoadBalancer:
      if let firewall = endpoint.firewallArn {
        return Explanation(.endpointFirewall, ["firewall": "\(firewall)"])
      }
      return Explanation(.endpointGatewayLoadBalancer, ["service": service])
    case .other: return Explanation(.endpointOther, ["service": service])
    }
  }

  /// `parts` joined by `separator` (`.listSemicolon`, `.listComma`).
  public static func joined(_ parts: [Explanation], separator: Message) -> Explanation {
    var joined = Explanation("")
    for (index, part) in parts.enumerated() {
      if index > 0 { joined += Explanation(separator) }
      joined += part
    }
    return joined
  }

  /// `a`, `a or b`, `a, b or c`.
  public static func alternatives(_ parts: [Explanation]) -> Explanation {
    guard let last = parts.last else { return Explanation("") }
    guard parts.count > 1 else { return last }
    return Explanation(
      .eitherOf,
      ["first": joined(Array(parts.dropLast()), separator: .listComma), "second": last])
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
  package var message: Message {
    allowed ? .aclAllows : entry.isImplicit ? .aclDeniesByDefault : .aclDeniesByRule
  }

  /// The sentence as a catalog message.
  var explanation: Explanation {
    let peer = egress ? packet.destination : packet.source
    let match = Explanation(
      egress ? .aclMatchOutbound : .aclMatchInbound,
      ["traffic": Explanation.traffic(packet), "peer": "\(peer)"])
    return Explanation(
      message,
      [
        "acl": Explanation(aclId),
        "rule": Explanation(entry.isImplicit ? "*" : "\(entry.ruleNumber)"),
        "entry": Explanation.entry(entry), "match": match,
      ])
  }

  func text(in language: Language) -> String { explanation.text(in: language) }
}

extension Explanation.SecurityGroupNote {
  /// `no inbound rule of sg-1 on eni-1 allows tcp port 22 from 203.0.113.9`, or `sg-1 on eni-1
  /// has no inbound rules at all`, as `PathTracer.securityGroupDenied` words it.
  package var message: Message {
    let inbound = direction == .inbound
    if groupText == Self.noGroup { return inbound ? .sgNoGroupInbound : .sgNoGroupOutbound }
    guard hasRules else { return inbound ? .sgNoRulesInbound : .sgNoRulesOutbound }
    return inbound ? .sgNoRuleAllowsInbound : .sgNoRuleAllowsOutbound
  }

  /// The `groupText` of an ENI without security groups.
  package static let noGroup = "no security group"

  /// The sentence as a catalog message.
  var explanation: Explanation {
    let peer = direction == .inbound ? packet.source : packet.destination
    return Explanation(
      message,
      [
        "eni": Explanation(interfaceId), "groups": Explanation(groupText),
        "traffic": Explanation.traffic(packet), "peer": "\(peer)",
      ])
  }

  func text(in language: Language) -> String { explanation.text(in: language) }
}
