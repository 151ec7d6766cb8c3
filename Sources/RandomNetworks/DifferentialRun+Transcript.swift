extension DifferentialRun {
  /// The seed laid bare: the snapshot topology (native format), the traffic, and every REJECT
  /// in the v5 family with its truth and each mode's diagnosis. What `flowcause-bench accuracy
  /// --show` prints.
  public func transcript() -> String {
    var text = "seed \(sample.seed): window \(sample.window) s, "
    text += sample.layout.isStandard ? "AWS's field order" : "a custom field order"
    text += sample.layout.header ? ", a header line\n" : ", no header line\n"
    text += "\ntopology (what diagnose is given):\n"
    text += NativeDocument.json(
      NativeDocument.topology(sample.snapshot, description: "seed \(sample.seed)"))
    text += "\ntraffic:\n"
    text += NativeDocument.json(
      NativeDocument.traffic(
        sample.traffic, kinds: sample.kinds, description: "seed \(sample.seed)"))
    text += "\nrecords (v5):\n"
    let format = sample.layout.format(.v5)
    let byIndex = Dictionary(grouping: judgements, by: \.index)
    let offset = sample.layout.header ? 1 : 0
    for (index, record) in records.enumerated() {
      text += "line \(index + 1 + offset): \(record.line(in: format))\n"
      guard let judged = byIndex[index]?.sorted(by: { $0.mode < $1.mode }), let first = judged.first
      else { continue }
      text += "    \(first.truthText) [\(first.kind.rawValue)]\n"
      for judgement in judged {
        text +=
          "    \(judgement.mode): \(judgement.verdict.rawValue), \(judgement.diagnosisText)\n"
        if judgement.verdict != .agrees && judgement.mode.withTopology {
          text += "      \(judgement.diagnosis.explanation)\n"
        }
      }
    }
    for problem in problems { text += "problem: \(problem)\n" }
    return text
  }
}
