import Analysis
import Foundation

/// Reads a traffic file (docs/simulate.md) into ``Traffic``; errors name the JSON path.
enum TrafficFile {
  struct Failure: Error {
    let message: String
  }

  static func load(path: String) throws(Failure) -> Traffic {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Failure(message: "\(path): error: cannot open: No such file or directory")
    }
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw Failure(message: "\(path): error: invalid JSON")
    }
    func fail(_ where: String, _ message: String) -> Failure {
      Failure(message: "\(path): \(`where`): error: \(message)")
    }
    guard let object = root as? [String: Any] else { throw fail("$", "expected an object") }
    let known: Set<String> = ["conversations", "nodata", "account-id", "region", "description"]
    for key in object.keys where !known.contains(key) {
      throw fail(key, "unknown key (expected \(known.sorted().joined(separator: ", ")))")
    }
    guard let list = object["conversations"] as? [[String: Any]] else {
      throw fail("conversations", "expected an array of objects")
    }
    var conversations: [Conversation] = []
    let conversationKeys: Set<String> = [
      "from", "to", "protocol", "port", "source-port", "icmp-type", "packets", "bytes", "start",
      "duration", "ending", "description",
    ]
    for (index, item) in list.enumerated() {
      let at = "conversations[\(index)]"
      for key in item.keys where !conversationKeys.contains(key) {
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
        return (Int64(numbers[0]), Int64(numbers[1]))
      }
      guard let start = item["start"] as? Int, start >= 0 else {
        throw fail("\(at).start", "expected unix seconds (0 or more)")
      }
      var duration = 1
      if let value = item["duration"] {
        guard let seconds = value as? Int, seconds >= 0 else {
          throw fail("\(at).duration", "expected seconds (0 or more)")
        }
        duration = seconds
      }
      var icmpType: Int? = nil
      if let value = item["icmp-type"] {
        guard let type = value as? Int, (0...255).contains(type) else {
          throw fail("\(at).icmp-type", "expected an ICMP type 0-255")
        }
        icmpType = type
      }
      let ending: Conversation.Ending
      if let text = item["ending"] {
        guard let name = text as? String, let value = Conversation.Ending(rawValue: name) else {
          throw fail(
            "\(at).ending",
            "expected one of \(Conversation.Ending.allCases.map(\.rawValue).joined(separator: ", "))"
          )
        }
        ending = value
      } else {
        ending = .close
      }
      let packets = try pair("packets", (5, 4))
      // A conversation starts with a packet: the request's count is at least 1 (the response's
      // may be 0: nothing answered).
      guard packets.0 >= 1 else {
        throw fail("\(at).packets", "the request sends at least one packet")
      }
      let bytes = try pair("bytes", (420, 1200))
      let destinationPort = try port("port")
      if (protocolNumber == 6 || protocolNumber == 17) && destinationPort == nil {
        throw fail("\(at).port", "tcp and udp need a port")
      }
      conversations.append(
        Conversation(
          from: from, to: to, protocolNumber: protocolNumber, port: destinationPort,
          sourcePort: try port("source-port"), icmpType: icmpType,
          requestPackets: packets.0, requestBytes: bytes.0, responsePackets: packets.1,
          responseBytes: bytes.1, start: Int64(start),
          duration: Int64(duration), ending: ending))
    }
    return Traffic(
      conversations: conversations, nodata: object["nodata"] as? Bool ?? false,
      accountId: object["account-id"] as? String ?? "111122223333",
      region: object["region"] as? String)
  }
}
