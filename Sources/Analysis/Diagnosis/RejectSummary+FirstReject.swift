extension RejectSummary {
  /// The first REJECT of a pattern in words, for the outputs a person reads (`diagnose`'s text
  /// and Markdown): kept only when the summary is made with `keepsWords`, and only for the
  /// patterns its table counts exactly, so memory stays bounded.
  package struct FirstReject: Hashable, Sendable {
    package var code: ExplanationCode?
    package var confidence: Confidence
    package var explanation: String
    package var candidates: [Cause]
    /// ``Diagnosis/fix``.
    package var fix: String?

    package init(_ diagnosis: Diagnosis) {
      code = diagnosis.code
      confidence = diagnosis.confidence
      explanation = diagnosis.explanation
      candidates = diagnosis.candidates
      fix = diagnosis.fix
    }
  }

  /// Keeps `diagnosis` in words when it was the first of a pattern the table now holds.
  mutating func keepWords(_ diagnosis: () -> Diagnosis, newPattern: Bool) {
    guard keepsWords, newPattern, let key = patterns.newestKey else { return }
    firstRejects[key] = FirstReject(diagnosis())
  }

  /// Takes the words of the patterns `later` met first that this summary now holds.
  mutating func mergeWords(_ later: RejectSummary) {
    guard keepsWords else { return }
    for (key, words) in later.firstRejects where firstRejects[key] == nil {
      if patterns.contains(key) { firstRejects[key] = words }
    }
  }
}
