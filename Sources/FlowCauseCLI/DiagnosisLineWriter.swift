import Analysis
import FlowLogs
import NetworkPrimitives

/// Writes a diagnosis as one JSON Lines object straight into bytes: the same text as
/// `DiagnosisRenderer.json(_:files:).rendered(pretty: false)` (a test compares them), without
/// building the value tree, for the millions of lines of `diagnose --output jsonl`.
struct DiagnosisLineWriter {
  /// The JSON string of each input's name, escaped once.
  private let fileNames: [[UInt8]]
  private let unknownFile: [UInt8]

  init(files: [String]) {
    fileNames = files.map { name in
      var bytes: [UInt8] = []
      JSONOut.escape(name, into: &bytes)
      return bytes
    }
    unknownFile = Array("\"-\"".utf8)
  }

  func append(_ diagnosis: Diagnosis, to out: inout [UInt8]) {
    let record = diagnosis.observation
    raw("{\"file\":", &out)
    file(record.file, &out)
    raw(",\"line\":", &out)
    int(record.line, &out)
    raw(",\"interface-id\":", &out)
    string(record.interfaceId, &out)
    raw(",\"srcaddr\":", &out)
    address(record.source, &out)
    raw(",\"dstaddr\":", &out)
    address(record.destination, &out)
    raw(",\"srcport\":", &out)
    int(Int(record.sourcePort), &out)
    raw(",\"dstport\":", &out)
    int(Int(record.destinationPort), &out)
    raw(",\"protocol\":", &out)
    int(Int(record.protocolNumber), &out)
    raw(",\"cause\":", &out)
    string(diagnosis.cause.rawValue, &out)
    raw(",\"code\":", &out)
    optional(diagnosis.code?.rawValue, &out)
    raw(",\"component\":", &out)
    optional(diagnosis.component, &out)
    raw(",\"rule\":", &out)
    if let rule = diagnosis.rule { int(rule, &out) } else { raw("null", &out) }
    raw(",\"direction\":", &out)
    optional(diagnosis.direction?.rawValue, &out)
    raw(",\"role\":", &out)
    optional(diagnosis.role?.rawValue, &out)
    raw(",\"confidence\":", &out)
    string(diagnosis.confidence.rawValue, &out)
    raw(",\"candidates\":[", &out)
    for (index, candidate) in diagnosis.candidates.enumerated() {
      if index > 0 { out.append(0x2C) }
      string(candidate.rawValue, &out)
    }
    raw("],\"explanation\":", &out)
    string(diagnosis.explanation, &out)
    raw(",\"evidence\":{\"role-evidence\":", &out)
    optional(diagnosis.roleEvidence?.rawValue, &out)
    raw(",\"related\":[", &out)
    for (index, item) in diagnosis.related.enumerated() {
      if index > 0 { out.append(0x2C) }
      raw("{\"file\":", &out)
      file(item.file, &out)
      raw(",\"line\":", &out)
      int(item.line, &out)
      raw(",\"interface-id\":", &out)
      string(item.interfaceId, &out)
      raw(",\"action\":", &out)
      string(item.action.rawValue, &out)
      raw(",\"relation\":", &out)
      string(item.relation, &out)
      out.append(0x7D)
    }
    raw("],\"checkpoints\":[", &out)
    for (index, checkpoint) in diagnosis.checkpoints.enumerated() {
      if index > 0 { out.append(0x2C) }
      raw("{\"check\":", &out)
      string(checkpoint.check.rawValue, &out)
      raw(",\"result\":", &out)
      string(checkpoint.result.rawValue, &out)
      raw(",\"component\":", &out)
      optional(checkpoint.componentId, &out)
      raw(",\"explanation\":", &out)
      string(checkpoint.explanation, &out)
      out.append(0x7D)
    }
    raw("]}}\n", &out)
  }

  @inline(__always)
  private func raw(_ text: StaticString, _ out: inout [UInt8]) {
    text.withUTF8Buffer { out.append(contentsOf: $0) }
  }

  private func file(_ index: Int, _ out: inout [UInt8]) {
    out.append(contentsOf: fileNames.indices.contains(index) ? fileNames[index] : unknownFile)
  }

  private func string(_ text: String, _ out: inout [UInt8]) { JSONOut.escape(text, into: &out) }

  private func optional(_ text: String?, _ out: inout [UInt8]) {
    if let text { JSONOut.escape(text, into: &out) } else { raw("null", &out) }
  }

  /// An address as a JSON string; IPv4 without building a `String`.
  private func address(_ address: IPAddress, _ out: inout [UInt8]) {
    guard case .v4(let value) = address else {
      string(address.description, &out)
      return
    }
    out.append(0x22)
    for shift in [24, 16, 8, 0] as [UInt32] {
      int(Int((value >> shift) & 0xFF), &out)
      if shift > 0 { out.append(0x2E) }
    }
    out.append(0x22)
  }

  /// A decimal integer, without building a `String`.
  private func int(_ value: Int, _ out: inout [UInt8]) {
    if value < 0 { out.append(0x2D) }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[23 - count] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
        magnitude /= 10
        count += 1
      } while magnitude > 0
      out.append(contentsOf: buffer[(24 - count)...])
    }
  }
}
