import Analysis
import Foundation
import NetworkPrimitives
import RandomNetworks
import Topology

/// Test-side helpers for ``RandomNetwork`` (the generator itself is in
/// `Sources/RandomNetworks/RandomNetwork.swift`, a target of its own that never ships):
/// the native topology format, failure folders that `flowcause scenario` can run, and shrinking.
extension RandomNetwork {
  /// `topology` as a native-format document (docs/topology.md §2), as the differential's
  /// failure folders write it (``NativeDocument``).
  static func nativeDocument(_ topology: Topology, description: String) -> [String: Any] {
    NativeDocument.topology(topology, description: description)
  }

  /// `traffic` as a traffic file for `flowcause simulate` (docs/simulate.md).
  static func trafficDocument(_ traffic: Traffic, description: String) -> [String: Any] {
    let conversations = traffic.conversations.map { conversation -> [String: Any] in
      var object: [String: Any] = [
        "from": conversation.from, "to": conversation.to,
        "protocol": ProtocolNames.name(conversation.protocolNumber),
        "packets": [conversation.requestPackets, conversation.responsePackets],
        "bytes": [conversation.requestBytes, conversation.responseBytes],
        "start": conversation.start, "duration": conversation.duration,
        "ending": conversation.ending.rawValue,
      ]
      if let port = conversation.port { object["port"] = Int(port) }
      if let port = conversation.sourcePort { object["source-port"] = Int(port) }
      if let type = conversation.icmpType { object["icmp-type"] = type }
      if let delay = conversation.replyDelay { object["reply-delay"] = delay }
      if let delay = conversation.lateDelay { object["late-delay"] = delay }
      if conversation.lateFrom != .client { object["late-from"] = conversation.lateFrom.rawValue }
      if conversation.oneWay {
        object["one-way"] = true
        object["ending"] = nil
        if let flags = conversation.tcpFlags { object["tcp-flags"] = flags }
      }
      return object
    }
    return ["description": description, "conversations": conversations]
  }

  static func json(_ object: Any) -> Data {
    let data = try? JSONSerialization.data(
      withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return (data ?? Data()) + Data("\n".utf8)
  }

  /// The fields of the scenario's `flows.log`: what the simulator knows and the diagnoser
  /// reads with a topology (`tcp-flags`, `flow-direction`).
  static let scenarioFields = [
    "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
    "protocol", "packets", "bytes", "start", "end", "action", "log-status", "vpc-id", "subnet-id",
    "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr", "flow-direction",
    "traffic-path",
  ]

  /// The default version 2 fields.
  static let defaultFields = Array(scenarioFields.prefix(14))

  static func line(_ record: SimulatedRecord, fields: [String], version: Int) -> String {
    fields.map { record.value(of: $0, version: version) }.joined(separator: " ")
  }

  /// Writes a scenario folder `flowcause scenario run|check` reads (`--scenarios` its parent):
  /// `topology/topology.json`, `flows.log` (with a header, `tcp-flags` and `flow-direction`),
  /// `expected.jsonl` (the simulator's truth), plus `traffic.json`, `flows-v2.log` (the default
  /// format, for the logs-only diagnosis) and `README.md`.
  static func writeScenario(
    at folder: URL, topology: Topology, traffic: Traffic, trip: RoundTrip, readme: String
  ) throws {
    let files = FileManager.default
    try? files.removeItem(at: folder)
    try files.createDirectory(
      at: folder.appendingPathComponent("topology"), withIntermediateDirectories: true)
    try json(nativeDocument(topology, description: "flowcause round-trip failure"))
      .write(to: folder.appendingPathComponent("topology/topology.json"))
    try json(trafficDocument(traffic, description: "flowcause round-trip failure"))
      .write(to: folder.appendingPathComponent("traffic.json"))
    let full =
      ([scenarioFields.joined(separator: " ")]
        + trip.records.map { line($0, fields: scenarioFields, version: 5) })
    try Data((full.joined(separator: "\n") + "\n").utf8)
      .write(to: folder.appendingPathComponent("flows.log"))
    let v2 = trip.records.map { line($0, fields: defaultFields, version: 2) }
    try Data((v2.joined(separator: "\n") + "\n").utf8)
      .write(to: folder.appendingPathComponent("flows-v2.log"))
    var expected: [String] = []
    for item in trip.cases {
      var object: [String: Any] = [
        "line": item.line + 1, "interface-id": item.record.interfaceId,
        "cause": item.truth.cause.rawValue, "role": item.truth.role.rawValue,
      ]
      if item.truth.cause == .networkACL || item.truth.cause == .securityGroup {
        object["component"] = item.truth.component ?? NSNull()
        object["rule"] = item.truth.rule ?? NSNull()
      }
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      expected.append(String(decoding: data, as: UTF8.self))
    }
    try Data((expected.joined(separator: "\n") + "\n").utf8)
      .write(to: folder.appendingPathComponent("expected.jsonl"))
    try Data(readme.utf8).write(to: folder.appendingPathComponent("README.md"))
  }

  /// Removes conversations, then ENIs that no remaining conversation names, one at a time, as
  /// long as `fails` still holds.
  static func shrink(
    topology: Topology, traffic: Traffic, while fails: (Topology, Traffic) -> Bool
  ) -> (Topology, Traffic) {
    var topology = topology
    var traffic = traffic
    var changed = true
    while changed {
      changed = false
      var index = 0
      while index < traffic.conversations.count && traffic.conversations.count > 1 {
        var smaller = traffic
        smaller.conversations.remove(at: index)
        if fails(topology, smaller) {
          traffic = smaller
          changed = true
        } else {
          index += 1
        }
      }
      let named = traffic.conversations.flatMap { [$0.from, $0.to] }.compactMap(IPAddress.init)
      for eni in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id })
      where !named.contains(where: eni.owns) {
        var smaller = topology
        smaller.networkInterfaces[eni.id] = nil
        if let instance = eni.instanceId { smaller.instances[instance] = nil }
        if fails(smaller, traffic) {
          topology = smaller
          changed = true
        }
      }
    }
    return (topology, traffic)
  }
}
