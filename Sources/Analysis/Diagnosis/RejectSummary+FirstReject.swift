extension RejectSummary {
  /// The first REJECT of a pattern in words, for the outputs a person reads (`diagnose`'s text
  /// and Markdown): kept only when the summary is made with `keepsWords`, and only for the
  /// patterns its table counts exactly, so memory stays bounded.
  package struct FirstReject: Hashable, Sendable {
    package var code: ExplanationCode?
    package var confidence: Confidence
    /// The explanation, worded in a language when read.
    package var note: Explanation
    package var candidates: [Cause]
    /// ``Diagnosis/fixNote``.
    package var fixNote: Explanation?

    /// The explanation in English.
    package var explanation: String { note.text }
    /// The fix in English.
    package var fix: String? { fixNote?.text }

    package init(_ diagnosis: Diagnosis) {
      code = diagnosis.code
      confidence = diagnosis.confidence
      note = diagnosis.note
      candidates = diagnosis.candidates
      fixNote = diagnosis.fixNote
    }
  }

  /// Puts in words the first REJECT of each of `keys` that the pattern table kept for it
  /// (kept by ``add(_:verdict:)``): only the patterns listed are, since most never are (a scan's
  /// one REJECT a port, dropped again when the table makes room).
  package mutating func resolveWords(for keys: [PatternKey]) {
    for key in keys where firstRejects[key] == nil {
      guard let pending = patterns.firstKept(key) else { continue }
      firstRejects[key] = FirstReject(pending.decide())
    }
  }

  /// Keeps the first REJECT of `pattern`, new to the table, in words.
  mutating func keepWords(of pattern: PatternKey?, _ diagnosis: () -> Diagnosis) {
    guard keepsWords, let pattern else { return }
    firstRejects[pattern] = FirstReject(diagnosis())
  }
}

extension RejectSummary {
  /// The whole diagnosis of the first REJECT the pattern table kept for `key` (a summary that
  /// keeps words, counted by ``add(_:verdict:)``): decided again when asked, for the patterns a report
  /// draws.
  package func firstDiagnosis(of key: PatternKey) -> Diagnosis? {
    patterns.firstKept(key)?.decide()
  }
}
