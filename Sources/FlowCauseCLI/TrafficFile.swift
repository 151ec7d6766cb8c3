import Analysis
import Foundation
import Rendering
import Topology

/// Reads a traffic file (docs/simulate.md) into ``Traffic``; errors name the JSON path.
enum TrafficFile {
  struct Failure: Error {
    let message: String
    /// The file could not be opened or read (exit 66), rather than read and found wrong (65).
    var cannotOpen = false
  }

  /// The keys of the file's object, in the order docs/simulate.md lists them.
  static let topLevelKeys = ["conversations", "nodata", "account-id", "region", "description"]
  /// The largest time, packet or byte count read (2^40: some 35,000 years of seconds): the
  /// simulator adds a few of them, and every sum stays far inside 64 bits.
  static let largest = 1 << 40
  /// The longest duration or delay read: 30 days, past every connection-tracking timeout
  /// (TCP's longest is 5 days). A leg writes a record a window, so a duration bounds the
  /// records one conversation asks for (43,200 windows of 60 s a leg).
  static let longest = 30 * 86_400

  /// The keys of a conversation, in the order docs/simulate.md lists them.
  static let conversationKeys = [
    "from", "to", "protocol", "port", "source-port", "icmp-type", "packets", "bytes", "start",
    "duration", "ending", "reply-delay", "late-delay", "late-from", "one-way", "tcp-flags",
    "description",
  ]

  static func load(path: String) throws(Failure) -> Traffic {
    let bytes: [UInt8]
    switch InputFile.contents(path: path) {
    case .failure(let error):
      throw Failure(
        message: DiagnosticRenderer.cannotOpen(path, reason: error.reason), cannotOpen: true)
    case .success(let read): bytes = read
    }
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: Data(bytes))
    } catch {
      // Where it stops being JSON, as the topology's reader says it.
      guard let syntax = JSONSyntaxError.find(in: bytes) else {
        throw Failure(message: "\(path): error: invalid JSON\n")
      }
      throw Failure(message: "\(path):\(syntax.line):\(syntax.column): error: \(syntax.message)\n")
    }
    func fail(_ where: String, _ message: String) -> Failure {
      Failure(message: "\(path): \(`where`): error: \(message)\n")
    }
    guard let object = root as? [String: Any] else { throw fail("$", "expected an object") }
    let known = Set(topLevelKeys)
    // Keys in name order: JSONSerialization keeps no order, and the same file must always get
    // the same message.
    for key in object.keys.sorted() where !known.contains(key) {
      throw fail(key, "unknown key (expected \(known.sorted().joined(separator: ", ")))")
    }
    guard let list = object["conversations"] as? [[String: Any]] else {
      throw fail("conversations", "expected an array of objects")
    }
    var conversations: [Conversation] = []
    let conversationKeys = Set(Self.conversationKeys)
    for (index, item) in list.enumerated() {
      let at = "conversations[\(index)]"
      for key in item.keys.sorted() where !conversationKeys.contains(key) {
        throw fail("\(at).\(key)", "unknown key")
      }
      guard let from = item["from"] as? String else {
        throw fail("\(at).from", "expected a string")
      }
      guard let to = item["to"] as? String else { throw fail("\(at).to", "expected a string") }
      let protocolNumber: UInt8
      if let name = item["protocol"] as? String, let number = ProtocolNames.number(name) {
        protocolNumber = number
      } else if let number = item["protocol"] as? Int, let value = UInt8(exactly: number) {
        protocolNumber = value
      } else {
        throw fail("\(at).protocol", "expected tcp, udp, icmp, icmpv6 or a number 0-255")
      }
      func port(_ key: String) throws(Failure) -> UInt16? {
        guard let value = item[key] else { return nil }
        guard let number = value as? Int, let port = UInt16(exactly: number) else {
          throw fail("\(at).\(key)", "expected a port 0-65535")
        }
        return port
      }
      func pair(_ key: String, _ fallback: (Int64, Int64)) throws(Failure) -> (Int64, Int64) {
        guard let value = item[key] else { return fallback }
        guard let numbers = value as? [Int], numbers.count == 2, numbers.allSatisfy({ $0 >= 0 })
        else { throw fail("\(at).\(key)", "expected [request, response], two counts") }
        guard numbers.allSatisfy({ $0 <= Self.largest }) else {
          throw fail("\(at).\(key)", "expected counts of at most \(Self.largest)")
        }
        return (Int64(numbers[0]), Int64(numbers[1]))
      }
      guard let start = item["start"] as? Int, start >= 0 else {
        throw fail("\(at).start", "expected unix seconds (0 or more)")
      }
      guard start <= Self.largest else {
        throw fail("\(at).start", "expected unix seconds of at most \(Self.largest)")
      }
      func seconds(_ key: String) throws(Failure) -> Int64? {
        guard let value = item[key] else { return nil }
        guard let seconds = value as? Int, seconds >= 0 else {
          throw fail("\(at).\(key)", "expected seconds (0 or more)")
        }
        guard seconds <= Self.longest else {
          throw fail("\(at).\(key)", "expected seconds of at most \(Self.longest) (30 days)")
        }
        return Int64(seconds)
      }
      let duration = try seconds("duration") ?? 1
      var icmpType: Int? = nil
      if let value = item["icmp-type"] {
        guard let type = value as? Int, (0...255).contains(type) else {
          throw fail("\(at).icmp-type", "expected an ICMP type 0-255")
        }
        icmpType = type
      }
      var oneWay = false
      if let value = item["one-way"] {
        guard let flag = value as? Bool else {
          throw fail("\(at).one-way", "expected true or false")
        }
        oneWay = flag
      }
      let isICMP = protocolNumber == 1 || protocolNumber == 58
      // An ICMP error or reply is answered by nothing (docs/simulate.md, "ICMP").
      let unanswered =
        isICMP
        && Packet.icmpReplyType(
          protocolNumber: protocolNumber, type: icmpType ?? (protocolNumber == 58 ? 128 : 8)) == nil
      let ending: Conversation.Ending
      if let text = item["ending"] {
        guard let name = text as? String, let value = Conversation.Ending(rawValue: name) else {
          throw fail(
            "\(at).ending",
            "expected one of \(Conversation.Ending.allCases.map(\.rawValue).joined(separator: ", "))"
          )
        }
        if oneWay { throw fail("\(at).ending", "one-way traffic has no ending") }
        if value.hasLatePacket && protocolNumber != 6 {
          throw fail("\(at).ending", "\(name) needs tcp (a connection to close)")
        }
        if value == .replyAfterTimeout && unanswered {
          throw fail("\(at).ending", "icmp type \(icmpType ?? 0) has no reply")
        }
        ending = value
      } else {
        ending = .close
      }
      let replyDelay = try seconds("reply-delay")
      if replyDelay != nil && ending != .replyAfterTimeout {
        throw fail("\(at).reply-delay", "only with ending reply-after-timeout")
      }
      let lateDelay = try seconds("late-delay")
      if lateDelay != nil && !ending.hasLatePacket {
        throw fail("\(at).late-delay", "only with ending late-packet or late-reset")
      }
      var lateFrom = Conversation.LateSender.client
      if let value = item["late-from"] {
        guard let name = value as? String, let sender = Conversation.LateSender(rawValue: name)
        else { throw fail("\(at).late-from", "expected client or server") }
        guard ending.hasLatePacket else {
          throw fail("\(at).late-from", "only with ending late-packet or late-reset")
        }
        lateFrom = sender
      }
      var tcpFlags: Int? = nil
      if let value = item["tcp-flags"] {
        guard oneWay else { throw fail("\(at).tcp-flags", "only with \"one-way\": true") }
        guard protocolNumber == 6 else { throw fail("\(at).tcp-flags", "only for tcp") }
        guard let flags = value as? Int, Self.isTCPFlags(flags) else {
          throw fail(
            "\(at).tcp-flags",
            "expected FIN 1, SYN 2, RST 4 or SYN-ACK 18, or their sum (the flags flow logs report)")
        }
        tcpFlags = flags
      }
      let packets = try pair("packets", (5, 4))
      // A conversation starts with a packet: the request's count is at least 1 (the response's
      // may be 0: nothing answered).
      guard packets.0 >= 1 else {
        throw fail("\(at).packets", "the request sends at least one packet")
      }
      let bytes = try pair("bytes", (420, 1200))
      if oneWay || unanswered {
        let why =
          oneWay
          ? "one-way traffic has no response"
          : "icmp type \(icmpType ?? 0) is answered by nothing"
        if item["packets"] != nil && packets.1 != 0 {
          throw fail("\(at).packets", "\(why): [request, 0]")
        }
        if item["bytes"] != nil && bytes.1 != 0 {
          throw fail("\(at).bytes", "\(why): [request, 0]")
        }
      }
      let destinationPort = try port("port")
      if (protocolNumber == 6 || protocolNumber == 17) && destinationPort == nil {
        throw fail("\(at).port", "tcp and udp need a port")
      }
      conversations.append(
        Conversation(
          from: from, to: to, protocolNumber: protocolNumber, port: destinationPort,
          sourcePort: try port("source-port"), icmpType: icmpType,
          requestPackets: packets.0, requestBytes: bytes.0,
          responsePackets: oneWay || unanswered ? 0 : packets.1,
          responseBytes: oneWay || unanswered ? 0 : bytes.1, start: Int64(start),
          duration: duration, ending: ending, replyDelay: replyDelay, lateDelay: lateDelay,
          lateFrom: lateFrom, oneWay: oneWay, tcpFlags: tcpFlags))
    }
    return Traffic(
      conversations: conversations, nodata: object["nodata"] as? Bool ?? false,
      accountId: object["account-id"] as? String ?? "111122223333",
      region: object["region"] as? String)
  }

  /// Whether `flags` is a `tcp-flags` value flow logs can report: FIN 1, SYN 2, RST 4 and
  /// SYN-ACK 18 OR-ed (ACK alone is not reported, so 16 comes only with SYN).
  static func isTCPFlags(_ flags: Int) -> Bool {
    (0...255).contains(flags) && flags & ~(1 | 2 | 4 | 16) == 0
      && (flags & 16 == 0 || flags & 2 != 0)
  }
}
