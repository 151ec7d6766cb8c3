import Analysis
import Messages
import NetworkPrimitives
import Topology

/// The bytes of an explanation, written without making a `String`: the fast twin of
/// `Explanation.text(in:)` (`ExplanationBytesTests` compares the two), for the millions of
/// sentences of `diagnose --output jsonl`. The words are the catalog's, in either language; with
/// holes, the NACL and security-group sentences are templates: the packet's address and port
/// are left out and their places noted (``NoteHole``).
extension Explanation {
  /// Appends the sentence's UTF-8 bytes (unescaped) in `language` to `out`.
  package func appendUTF8(to out: inout ByteBuffer, in language: Language = .en) {
    switch storage {
    case .segments(let segments):
      for segment in segments {
        switch segment {
        case .literal(let literal): out.append(literal)
        case .text(let value): out.append(value)
        case .integer(let value): out.appendDecimal(value)
        case .address(let address): out.append(address)
        case .cidr(let cidr): Self.append(cidr, to: &out)
        case .networkACL(let note): note.appendUTF8(to: &out, in: language)
        case .securityGroupDenied(let note): note.appendUTF8(to: &out, in: language)
        case .message(let message, let arguments):
          out.append(message, in: language) { name, out in
            for argument in arguments where argument.name == name {
              argument.value.appendUTF8(to: &out, in: language)
              return
            }
            out.append("{\(name)}")
          }
        }
      }
    case .networkACL(let note): note.appendUTF8(to: &out, in: language)
    case .securityGroupDenied(let note): note.appendUTF8(to: &out, in: language)
    }
  }

  static func append(_ cidr: CIDR, to out: inout ByteBuffer) {
    out.append(cidr.network)
    out.append(0x2F)
    out.appendDecimal(cidr.prefixLength)
  }

  /// `tcp port 22`, `icmp type 8 code 0`, `protocol 47` (`Explanation.traffic`); with
  /// `holes`, the port is left out and its place noted there.
  static func appendTraffic(
    _ packet: Packet, in language: Language, to out: inout ByteBuffer,
    holes: inout [NoteHole]?
  ) {
    if packet.hasPorts {
      out.append(.trafficWithPort, in: language) { name, out in
        if name == "protocol" {
          protocolName(packet.protocolNumber).appendUTF8(to: &out, in: language)
        } else if holes == nil {
          out.appendDecimal(Int(packet.destinationPort))
        } else {
          holes?.append(NoteHole(offset: out.count, value: .destinationPort))
        }
      }
    } else {
      traffic(packet).appendUTF8(to: &out, in: language)
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
}

extension ByteBuffer {
  /// Appends `message` in `language`: its words, and for each placeholder what `fill` writes.
  package mutating func append(
    _ message: Message, in language: Language, _ fill: (String, inout ByteBuffer) -> Void
  ) {
    for piece in message.template(in: language).pieces {
      switch piece {
      case .literal(let text): append(text)
      case .placeholder(let name): fill(name, &self)
      }
    }
  }
}

extension Explanation.NetworkACLNote {
  /// The bytes of ``text``: `acl-1 rule 100 allows inbound tcp port 22 from 203.0.113.9 (…)`.
  func appendUTF8(to out: inout ByteBuffer, in language: Language) {
    var holes: [NoteHole]? = nil
    Self.append(
      aclId: aclId, entry: entry, packet: packet, egress: egress, allowed: allowed,
      in: language, to: &out, holes: &holes)
  }

  /// The sentence from its values; with `holes`, the packet's address and port are left out
  /// and their places noted there (a template, `QuickDiagnosis`).
  static func append(
    aclId: String, entry: NetworkACLEntry, packet: Packet, egress: Bool, allowed: Bool,
    in language: Language, to out: inout ByteBuffer, holes: inout [NoteHole]?
  ) {
    let message: Message =
      allowed ? .aclAllows : entry.isImplicit ? .aclDeniesByDefault : .aclDeniesByRule
    out.append(message, in: language) { name, out in
      switch name {
      case "acl": out.append(aclId)
      case "rule":
        if entry.isImplicit { out.append(0x2A) } else { out.appendDecimal(entry.ruleNumber) }
      case "entry": Explanation.entry(entry).appendUTF8(to: &out, in: language)
      default:
        out.append(egress ? .aclMatchOutbound : .aclMatchInbound, in: language) { name, out in
          if name == "traffic" {
            Explanation.appendTraffic(packet, in: language, to: &out, holes: &holes)
          } else {
            Explanation.appendAddress(packet, destination: egress, to: &out, holes: &holes)
          }
        }
      }
    }
  }
}

extension Explanation.SecurityGroupNote {
  /// The bytes of ``text``: `no inbound rule of sg-1 on eni-1 allows tcp port 22 from …`.
  func appendUTF8(to out: inout ByteBuffer, in language: Language) {
    var holes: [NoteHole]? = nil
    Self.append(
      groupText: groupText, interfaceId: interfaceId, packet: packet, direction: direction,
      hasRules: hasRules, in: language, to: &out, holes: &holes)
  }

  /// The sentence from its values; with `holes`, the packet's address and port are left out
  /// and their places noted there.
  static func append(
    groupText: String, interfaceId: String, packet: Packet, direction: Direction, hasRules: Bool,
    in language: Language, to out: inout ByteBuffer, holes: inout [NoteHole]?
  ) {
    let inbound = direction == .inbound
    let message: Message =
      if groupText == noGroup {
        inbound ? .sgNoGroupInbound : .sgNoGroupOutbound
      } else if !hasRules {
        inbound ? .sgNoRulesInbound : .sgNoRulesOutbound
      } else {
        inbound ? .sgNoRuleAllowsInbound : .sgNoRuleAllowsOutbound
      }
    out.append(message, in: language) { name, out in
      switch name {
      case "eni": out.append(interfaceId)
      case "groups": out.append(groupText)
      case "traffic": Explanation.appendTraffic(packet, in: language, to: &out, holes: &holes)
      default: Explanation.appendAddress(packet, destination: !inbound, to: &out, holes: &holes)
      }
    }
  }
}
