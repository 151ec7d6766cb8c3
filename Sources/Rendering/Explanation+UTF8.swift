import Analysis
import NetworkPrimitives
import Topology

/// The bytes of an explanation, written without making a `String`: the fast twin of
/// `Explanation.text` (`ExplanationBytesTests` compares the two), for the millions of sentences
/// of `diagnose --output jsonl`. With holes, the NACL and security-group sentences are
/// templates: the packet's address and port are left out and their places noted
/// (``NoteHole``).
extension Explanation {
  /// Appends the sentence's UTF-8 bytes (unescaped) to `out`.
  package func appendUTF8(to out: inout ByteBuffer) {
    switch storage {
    case .segments(let segments):
      for segment in segments {
        switch segment {
        case .literal(let literal): out.append(literal)
        case .text(let value): out.append(value)
        case .integer(let value): out.appendDecimal(value)
        case .address(let address): out.append(address)
        case .cidr(let cidr): Self.append(cidr, to: &out)
        case .networkACL(let note): note.appendUTF8(to: &out)
        case .securityGroupDenied(let note): note.appendUTF8(to: &out)
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

  /// `tcp port 22`, `icmp type 8 code 0`, `protocol 47` (`Explanation.traffic`); with
  /// `holes`, the port is left out and its place noted there.
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

  /// `allow tcp 22 from 0.0.0.0/0` (`Explanation.entry`).
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
}

extension Explanation.NetworkACLNote {
  /// The bytes of ``text``: `acl-1 rule 100 allows inbound tcp port 22 from 203.0.113.9 (…)`.
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
  /// The bytes of ``text``: `no inbound rule of sg-1 on eni-1 allows tcp port 22 from …`.
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
    if groupText == "no security group" {
      out.append(interfaceId)
      out.append(
        inbound
          ? " has no security group, so no inbound rule allows anything"
          : " has no security group, so no outbound rule allows anything")
      return
    }
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
