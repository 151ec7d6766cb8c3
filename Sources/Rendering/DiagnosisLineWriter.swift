import Analysis
import FlowLogs
import Messages
import NetworkPrimitives

/// Writes a diagnosis as one JSON Lines object straight into bytes: the same text as
/// `DiagnosisRenderer.json(_:files:).rendered(pretty: false)` (a test compares them), without
/// building the value tree, for the millions of lines of `diagnose --output jsonl`.
package struct DiagnosisLineWriter {
  /// The JSON string of each input's name, escaped once.
  private let fileNames: [[UInt8]]
  private let unknownFile: [UInt8]

  /// The language of the explanations (`--lang`); keys and values stay as they are.
  package var language: Language = .en

  package init(files: [String]) {
    fileNames = files.map { name in
      var bytes: [UInt8] = []
      JSONOut.escape(name, into: &bytes)
      return bytes
    }
    unknownFile = Array("\"-\"".utf8)
  }

  package func append(_ diagnosis: Diagnosis, to out: inout ByteBuffer) {
    appendRecord(diagnosis.observation, to: &out)
    appendVerdict(
      cause: diagnosis.cause, code: diagnosis.code, component: diagnosis.component,
      rule: diagnosis.rule, direction: diagnosis.direction, role: diagnosis.role,
      confidence: diagnosis.confidence, to: &out)
    raw(",\"candidates\":", &out)
    appendCandidates(diagnosis.candidates, to: &out)
    raw(",\"explanation\":", &out)
    let explanation = appendExplanation(diagnosis, to: &out)
    raw(",\"evidence\":", &out)
    appendEvidence(diagnosis, explanation: explanation, to: &out)
    raw("}\n", &out)
  }

  /// `[…]`: the candidate causes.
  package func appendCandidates(_ candidates: [Cause], to out: inout ByteBuffer) {
    out.append(0x5B)
    for (index, candidate) in candidates.enumerated() {
      if index > 0 { out.append(0x2C) }
      word(candidate.rawValue, &out)
    }
    out.append(0x5D)
  }

  /// The explanation as a JSON string; returns it and where its bytes are, for the checkpoint
  /// that carries the same note (``appendEvidence(_:explanation:to:)``).
  package func appendExplanation(_ diagnosis: Diagnosis, to out: inout ByteBuffer)
    -> (note: Explanation, bytes: Range<Int>)
  {
    let explanationStart = out.count
    JSONOut.escape(diagnosis.note, in: language, into: &out)
    return (note: diagnosis.note, bytes: explanationStart..<out.count)
  }

  /// `{"role-evidence":…}`. The checkpoint that decided carries the same note as the
  /// explanation: given where `explanation` was written, its text is copied, not worded again.
  package func appendEvidence(
    _ diagnosis: Diagnosis, explanation: (note: Explanation, bytes: Range<Int>)?,
    to out: inout ByteBuffer
  ) {
    raw("{\"role-evidence\":", &out)
    optionalWord(diagnosis.roleEvidence?.rawValue, &out)
    raw(",\"related\":[", &out)
    // Elements are read in place: copying a record or a checkpoint retains each of its strings.
    diagnosis.related.withUnsafeBufferPointer { related in
      guard let base = related.baseAddress else { return }
      for index in related.indices { appendRelated(base + index, first: index == 0, &out) }
    }
    if diagnosis.relatedOmitted > 0 {
      raw("],\"related-omitted\":", &out)
      out.appendDecimal(diagnosis.relatedOmitted)
      raw(",\"checkpoints\":[", &out)
    } else {
      raw("],\"checkpoints\":[", &out)
    }
    diagnosis.checkpoints.withUnsafeBufferPointer { checkpoints in
      guard let base = checkpoints.baseAddress else { return }
      for index in checkpoints.indices {
        appendCheckpoint(base + index, first: index == 0, explanation: explanation, &out)
      }
    }
    raw("]}", &out)
  }

  /// The record's own fields: `{"file":…` up to its `"protocol"`.
  package func appendRecord(_ record: FlowObservation, to out: inout ByteBuffer) {
    appendFileAndLine(record, to: &out)
    raw(",\"interface-id\":", &out)
    string(record.interfaceId, &out)
    raw(",\"srcaddr\":", &out)
    address(record.source, &out)
    raw(",\"dstaddr\":", &out)
    address(record.destination, &out)
    // A record without ports (``FlowObservation/hasPorts``) has them null, as `parse` writes.
    raw(",\"srcport\":", &out)
    if record.hasPorts { int(Int(record.sourcePort), &out) } else { raw("null", &out) }
    raw(",\"dstport\":", &out)
    if record.hasPorts { int(Int(record.destinationPort), &out) } else { raw("null", &out) }
    raw(",\"protocol\":", &out)
    int(Int(record.protocolNumber), &out)
  }

  /// `,"cause":…` up to the `"confidence"`: the verdict's fields, the same for the general
  /// writer and a template (``template(for:)``).
  package func appendVerdict(
    cause: Cause, code: ExplanationCode?, component: String?, rule: Int?,
    direction: FlowDirection?, role: FlowRole?, confidence: Confidence, to out: inout ByteBuffer
  ) {
    raw(",\"cause\":", &out)
    word(cause.rawValue, &out)
    raw(",\"code\":", &out)
    optionalWord(code?.rawValue, &out)
    raw(",\"component\":", &out)
    optional(component, &out)
    raw(",\"rule\":", &out)
    if let rule { int(rule, &out) } else { raw("null", &out) }
    raw(",\"direction\":", &out)
    optionalWord(direction?.rawValue, &out)
    raw(",\"role\":", &out)
    optionalWord(role?.rawValue, &out)
    raw(",\"confidence\":", &out)
    word(confidence.rawValue, &out)
  }

  /// `{"file":…,"line":…`
  package func appendFileAndLine(_ record: FlowObservation, to out: inout ByteBuffer) {
    raw("{\"file\":", &out)
    file(record.file, &out)
    raw(",\"line\":", &out)
    int(record.line, &out)
  }

  package func appendRelated(
    _ item: UnsafePointer<RelatedRecord>, first: Bool, _ out: inout ByteBuffer
  ) {
    if !first { out.append(0x2C) }
    raw("{\"file\":", &out)
    file(item.pointee.file, &out)
    raw(",\"line\":", &out)
    int(item.pointee.line, &out)
    raw(",\"interface-id\":", &out)
    string(item.pointee.interfaceId, &out)
    raw(",\"action\":", &out)
    word(item.pointee.action.rawValue, &out)
    raw(",\"relation\":", &out)
    string(item.pointee.relation, &out)
    out.append(0x7D)
  }

  private func appendCheckpoint(
    _ checkpoint: UnsafePointer<Checkpoint>, first: Bool,
    explanation: (note: Explanation, bytes: Range<Int>)?, _ out: inout ByteBuffer
  ) {
    if !first { out.append(0x2C) }
    raw("{\"check\":", &out)
    word(checkpoint.pointee.check.rawValue, &out)
    raw(",\"result\":", &out)
    word(checkpoint.pointee.result.rawValue, &out)
    raw(",\"component\":", &out)
    optional(checkpoint.pointee.componentId, &out)
    raw(",\"explanation\":", &out)
    if let explanation, checkpoint.pointee.note.isSameNote(as: explanation.note) {
      out.appendWritten(explanation.bytes)
    } else {
      JSONOut.escape(checkpoint.pointee.note, in: language, into: &out)
    }
    out.append(0x7D)
  }

  @inline(__always)
  package func raw(_ text: StaticString, _ out: inout ByteBuffer) { out.append(text) }

  package func file(_ index: Int, _ out: inout ByteBuffer) {
    out.append(fileNames.indices.contains(index) ? fileNames[index] : unknownFile)
  }

  package func string(_ text: String, _ out: inout ByteBuffer) { JSONOut.escape(text, into: &out) }

  /// A word of a closed vocabulary (`security-group`, `ingress`): nothing in it needs escaping.
  package func word(_ text: String, _ out: inout ByteBuffer) {
    out.append(0x22)
    out.append(text)
    out.append(0x22)
  }

  package func optionalWord(_ text: String?, _ out: inout ByteBuffer) {
    if let text { word(text, &out) } else { raw("null", &out) }
  }

  package func optional(_ text: String?, _ out: inout ByteBuffer) {
    if let text { JSONOut.escape(text, into: &out) } else { raw("null", &out) }
  }

  /// An address as a JSON string; IPv4 without building a `String`.
  package func address(_ address: IPAddress, _ out: inout ByteBuffer) {
    out.append(0x22)
    out.append(address)
    out.append(0x22)
  }

  package func int(_ value: Int, _ out: inout ByteBuffer) { out.appendDecimal(value) }
}
