import Analysis
import FlowLogs
import NetworkPrimitives

/// `diagnose --output jsonl --fields K,K,…`: JSON Lines of the chosen top-level keys only, each
/// with the bytes the full line gives it, written straight (never the full line cut down).
extension DiagnosisLineWriter {
  /// A top-level key of a JSON Line, in the order the full line writes them.
  package enum Field: String, CaseIterable, Sendable {
    case file, line
    case interfaceId = "interface-id"
    case srcaddr, dstaddr, srcport, dstport
    case `protocol`
    case cause, code, component, rule, direction, role, confidence, candidates, explanation
    case evidence

    /// Keys decided by the diagnosis (the rest are the record's own).
    var isVerdict: Bool {
      switch self {
      case .file, .line, .interfaceId, .srcaddr, .dstaddr, .srcport, .dstport, .protocol: false
      default: true
      }
    }
  }

  /// The keys a line holds: each once, in the order of ``Field/allCases`` whatever the order
  /// they were asked for in.
  package struct FieldSelection: Sendable, Equatable {
    package let fields: [Field]
    /// Whether the explanation or the evidence is asked for: only the general diagnosis has
    /// them (a ``QuickDiagnosis`` is worded only in templates of whole lines).
    package let needsDiagnosis: Bool
    /// Whether any key the diagnosis decides is asked for (else nothing is decided).
    fileprivate let needsVerdict: Bool

    package init(_ fields: some Sequence<Field>) {
      let chosen = Set(fields)
      self.fields = Field.allCases.filter(chosen.contains)
      needsDiagnosis = chosen.contains(.explanation) || chosen.contains(.evidence)
      needsVerdict = chosen.contains { $0.isVerdict }
    }

    package static func == (left: FieldSelection, right: FieldSelection) -> Bool {
      left.fields == right.fields
    }

    /// The selection `text` names (`cause,component,rule`; spaces around a name and empty
    /// names are ignored), or the first name that is not a key, or `nil` when it names none.
    package static func parse(_ text: String) -> Result<FieldSelection, UnknownField>? {
      var fields: [Field] = []
      for name in text.split(separator: ",") {
        let trimmed = name.trimmingSpaces
        if trimmed.isEmpty { continue }
        guard let field = Field(rawValue: trimmed) else {
          return .failure(UnknownField(name: trimmed))
        }
        fields.append(field)
      }
      return fields.isEmpty ? nil : .success(FieldSelection(fields))
    }
  }

  /// A name `--fields` gave that is not a key of a JSON Line.
  package struct UnknownField: Error, Equatable {
    package let name: String
  }

  /// Writes the selected keys of one REJECT's JSON Line: from its words when no sentence is
  /// asked for (from `memo`, when given: ``VerdictMemo``; else as a ``QuickDiagnosis`` when it
  /// has that shape), from the record alone when only the record's keys are, else from the
  /// general diagnosis.
  package func append(
    _ pending: StreamingDiagnoser.Pending, selecting selection: FieldSelection,
    memo: VerdictMemo? = nil, to out: inout ByteBuffer
  ) {
    if selection.needsDiagnosis {
      append(pending.decide(), selecting: selection, to: &out)
    } else if !selection.needsVerdict {
      append(pending.record, verdict: nil, diagnosis: nil, selection, &out)
    } else if let memo {
      append(pending.record, verdict: memo.verdict(pending), diagnosis: nil, selection, &out)
    } else if let quick = pending.decideQuickly() {
      append(pending.record, quick: quick, selecting: selection, to: &out)
    } else {
      append(pending.decide(), selecting: selection, to: &out)
    }
  }

  /// The selected keys of a quick diagnosis's line (its explanation and evidence excepted).
  package func append(
    _ record: FlowObservation, quick: QuickDiagnosis, selecting selection: FieldSelection,
    to out: inout ByteBuffer
  ) {
    append(record, verdict: Diagnosis.Words(quick), diagnosis: nil, selection, &out)
  }

  /// The selected keys of a diagnosis's line.
  package func append(
    _ diagnosis: Diagnosis, selecting selection: FieldSelection, to out: inout ByteBuffer
  ) {
    append(
      diagnosis.observation, verdict: Diagnosis.Words(diagnosis), diagnosis: diagnosis,
      selection, &out)
  }

  private func append(
    _ record: FlowObservation, verdict: Diagnosis.Words?, diagnosis: Diagnosis?,
    _ selection: FieldSelection, _ out: inout ByteBuffer
  ) {
    var explanation: (note: Explanation, bytes: Range<Int>)? = nil
    var first = true
    for field in selection.fields {
      out.append(first ? 0x7B : 0x2C)
      first = false
      // Each key's words are a literal, copied as it is.
      switch field {
      case .file:
        raw("\"file\":", &out)
        file(record.file, &out)
      case .line:
        raw("\"line\":", &out)
        int(record.line, &out)
      case .interfaceId:
        raw("\"interface-id\":", &out)
        string(record.interfaceId, &out)
      case .srcaddr:
        raw("\"srcaddr\":", &out)
        address(record.source, &out)
      case .dstaddr:
        raw("\"dstaddr\":", &out)
        address(record.destination, &out)
      case .srcport:
        raw("\"srcport\":", &out)
        if record.hasPorts { int(Int(record.sourcePort), &out) } else { raw("null", &out) }
      case .dstport:
        raw("\"dstport\":", &out)
        if record.hasPorts { int(Int(record.destinationPort), &out) } else { raw("null", &out) }
      case .protocol:
        raw("\"protocol\":", &out)
        int(Int(record.protocolNumber), &out)
      case .cause:
        raw("\"cause\":", &out)
        if let verdict { word(verdict.cause.rawValue, &out) } else { raw("null", &out) }
      case .code:
        raw("\"code\":", &out)
        optionalWord(verdict?.code?.rawValue, &out)
      case .component:
        raw("\"component\":", &out)
        optional(verdict?.component, &out)
      case .rule:
        raw("\"rule\":", &out)
        if let rule = verdict?.rule { int(rule, &out) } else { raw("null", &out) }
      case .direction:
        raw("\"direction\":", &out)
        optionalWord(verdict?.direction?.rawValue, &out)
      case .role:
        raw("\"role\":", &out)
        optionalWord(verdict?.role?.rawValue, &out)
      case .confidence:
        raw("\"confidence\":", &out)
        if let verdict { word(verdict.confidence.rawValue, &out) } else { raw("null", &out) }
      case .candidates:
        raw("\"candidates\":", &out)
        appendCandidates(verdict?.candidates ?? [], to: &out)
      case .explanation:
        raw("\"explanation\":", &out)
        if let diagnosis {
          explanation = appendExplanation(diagnosis, to: &out)
        } else {
          raw("null", &out)
        }
      case .evidence:
        raw("\"evidence\":", &out)
        if let diagnosis {
          appendEvidence(diagnosis, explanation: explanation, to: &out)
        } else {
          raw("null", &out)
        }
      }
    }
    if first { out.append(0x7B) }
    raw("}\n", &out)
  }
}

extension Substring {
  /// Without the spaces at either end (`--fields "cause, rule"`).
  fileprivate var trimmingSpaces: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
