import Analysis
import Messages
import NetworkPrimitives
import RandomNetworks
import Testing
import Topology

@testable import Rendering

/// `Explanation.text` (Analysis, a `String`) is the simple path; `appendUTF8(to:)` (Rendering,
/// bytes without a `String`) its fast twin, and the NACL and security-group sentences written
/// with holes are the templates of `diagnose --output jsonl`. Over many values, all three give
/// the same words.
@Suite("Explanations written as bytes match their text")
struct ExplanationBytesTests {
  static func bytes(_ explanation: Explanation, in language: Language = .en) -> String {
    var out = ByteBuffer()
    explanation.appendUTF8(to: &out, in: language)
    return String(decoding: out.array, as: UTF8.self)
  }

  /// A sentence written with holes, each hole then filled from `packet`.
  static func filled(
    _ packet: Packet, _ write: (inout ByteBuffer, inout [NoteHole]?) -> Void
  ) -> String {
    var out = ByteBuffer()
    var holes: [NoteHole]? = []
    write(&out, &holes)
    let template = out.array
    var text: [UInt8] = []
    var from = 0
    for hole in holes ?? [] {
      text += template[from..<hole.offset]
      from = hole.offset
      switch hole.value {
      case .sourceAddress: text += Array(packet.source.description.utf8)
      case .destinationAddress: text += Array(packet.destination.description.utf8)
      case .destinationPort: text += Array(String(packet.destinationPort).utf8)
      case .requestLine: Issue.record("a note has no request line")
      }
    }
    text += template[from...]
    return String(decoding: text, as: UTF8.self)
  }

  static func address(_ random: inout SplitMixRandom, v6: Bool) -> IPAddress {
    v6
      ? .v6(UInt128(random.next()) << 64 | UInt128(random.next() % 3 == 0 ? 1 : random.next()))
      : .v4(UInt32(truncatingIfNeeded: random.next()))
  }

  static func packet(_ random: inout SplitMixRandom) -> Packet {
    let v6 = random.next() % 3 == 0
    let proto: UInt8 = [6, 17, 1, 58, 47, 0, 255][Int(random.next() % 7)]
    let icmp = proto == 1 || proto == 58
    return Packet(
      source: address(&random, v6: v6), destination: address(&random, v6: v6),
      protocolNumber: proto, sourcePort: UInt16(truncatingIfNeeded: random.next()),
      destinationPort: UInt16(truncatingIfNeeded: random.next()),
      icmpType: icmp && random.next() % 4 != 0 ? Int(random.next() % 256) : nil,
      icmpCode: icmp && random.next() % 2 == 0 ? Int(random.next() % 16) : nil)
  }

  static func entry(_ random: inout SplitMixRandom, egress: Bool) -> NetworkACLEntry {
    let implicit = random.next() % 4 == 0
    let v6 = random.next() % 3 == 0
    let from = UInt16(truncatingIfNeeded: random.next())
    let to = random.next() % 2 == 0 ? from : from | 0x8000
    let ports = random.next() % 2 == 0 ? PortRange(from: min(from, to), to: to) : nil
    return NetworkACLEntry(
      ruleNumber: implicit ? 32767 : Int(1 + random.next() % 32766), egress: egress,
      action: random.next() % 2 == 0 ? .allow : .deny,
      protocolMatch: random.next() % 3 == 0 ? .all : .number(UInt8(random.next() % 256)),
      cidr: CIDR(network: address(&random, v6: v6), prefixLength: Int(random.next() % 33))
        ?? .anyIPv4,
      ports: ports, icmpType: random.next() % 3 == 0 ? Int(random.next() % 256) : nil,
      icmpCode: random.next() % 3 == 0 ? Int(random.next() % 16) : nil, isImplicit: implicit)
  }

  @Test("A network ACL's sentence: its text, its bytes and its template filled agree")
  func networkACLNotes() {
    var random = SplitMixRandom(seed: 20)
    for _ in 0..<3_000 {
      let packet = Self.packet(&random)
      let egress = random.next() % 2 == 0
      let note = Explanation.NetworkACLNote(
        aclId: "acl-\(random.next() % 1000)", entry: Self.entry(&random, egress: egress),
        packet: packet, egress: egress, allowed: random.next() % 2 == 0)
      for language in Language.allCases {
        let text = Explanation(note).text(in: language)
        #expect(Self.bytes(Explanation(note), in: language) == text)
        let filled = Self.filled(packet) { out, holes in
          Explanation.NetworkACLNote.append(
            aclId: note.aclId, entry: note.entry, packet: packet, egress: egress,
            allowed: note.allowed, in: language, to: &out, holes: &holes)
        }
        #expect(filled == text)
      }
    }
  }

  @Test("A security group's sentence: its text, its bytes and its template filled agree")
  func securityGroupNotes() {
    var random = SplitMixRandom(seed: 21)
    for _ in 0..<3_000 {
      let packet = Self.packet(&random)
      let groups = ["sg-1", "sg-1, sg-2", "no security group"][Int(random.next() % 3)]
      let note = Explanation.SecurityGroupNote(
        groupText: groups, interfaceId: "eni-\(random.next() % 100)", packet: packet,
        direction: random.next() % 2 == 0 ? .inbound : .outbound,
        hasRules: random.next() % 4 != 0)
      for language in Language.allCases {
        let text = Explanation(note).text(in: language)
        #expect(Self.bytes(Explanation(note), in: language) == text)
        let filled = Self.filled(packet) { out, holes in
          Explanation.SecurityGroupNote.append(
            groupText: note.groupText, interfaceId: note.interfaceId, packet: packet,
            direction: note.direction, hasRules: note.hasRules, in: language, to: &out,
            holes: &holes)
        }
        #expect(filled == text)
      }
    }
  }

  @Test("Interpolated sentences: literals, strings, numbers, addresses, prefixes, ports")
  func interpolated() {
    var random = SplitMixRandom(seed: 22)
    for _ in 0..<2_000 {
      let packet = Self.packet(&random)
      let entry = Self.entry(&random, egress: false)
      let number = Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64)
      let id = ["", "rtb-1", "a \"quoted\" id", "ünïcode"][Int(random.next() % 4)]
      var explanation: Explanation =
        "\(id) sends \(packet.destination) from \(packet.source) by \(entry.cidr): \(number)"
      explanation += " \(entry.protocolMatch) \(entry.ports ?? PortRange(from: 1, to: 1))"
      explanation += Explanation(id) + "" + " \(UInt8(truncatingIfNeeded: number))"
      if random.next() % 2 == 0 {
        let note = Explanation.NetworkACLNote(
          aclId: id, entry: entry, packet: packet, egress: false, allowed: false)
        explanation = "\(explanation): \(Explanation(note))"
      }
      #expect(Self.bytes(explanation) == explanation.text)
    }
    #expect(Self.bytes("") == "")
    #expect(Self.bytes(Explanation("one text")) == "one text")
  }
}
