import NetworkPrimitives
import RandomNetworks
import Testing

@testable import Analysis

/// `diagnose --output summary` counts each batch of REJECTs on a worker and merges the batches
/// in input order: that must give what counting the REJECTs one by one gives, whatever the
/// batches, with the tables full or not and the timeline at any width; and the timeline's
/// width must follow the span of the starts alone.
@Suite("RejectSummary: bounded counts that merge in input order")
struct RejectSummaryTests {
  /// Diagnoses of simulated networks, made into `count` REJECTs over `span` seconds: the ENIs
  /// drawn from `interfaces` ids, the starts at random (one in fifty without a start).
  static func diagnoses(count: Int, span: Int64, interfaces: Int, seed: UInt64) throws
    -> [Diagnosis]
  {
    var decided: [Diagnosis] = []
    for network in 0..<4 {
      let (topology, traffic) = RandomNetwork.make(seed: seed &+ UInt64(network))
      let records = try Simulator(topology: topology).simulate(traffic)
      var streaming = StreamingDiagnoser(
        diagnoser: Diagnoser(topology: network % 2 == 0 ? topology : nil))
      for observation in RandomNetwork.observations(records, logsOnly: false) {
        streaming.add(observation, decided: { decided.append($0) })
      }
      streaming.finish(decided: { decided.append($0) })
    }
    #expect(decided.count > 20)
    var random = SplitMixRandom(seed: seed)
    return (0..<count).map { index in
      var diagnosis = decided[index % decided.count]
      diagnosis.observation.line = index + 1
      diagnosis.observation.interfaceId = "eni-\(random.next(interfaces))"
      diagnosis.observation.start =
        random.next(50) == 0 ? nil : 1_795_350_000 + Int64(random.next(Int(span)))
      return diagnosis
    }
  }

  static func counted(
    _ diagnoses: some Sequence<Diagnosis>, keyLimit: Int, bucketLimit: Int
  ) -> RejectSummary {
    var summary = RejectSummary(keyLimit: keyLimit, bucketLimit: bucketLimit)
    for diagnosis in diagnoses { summary.add(diagnosis) }
    return summary
  }

  @Test(
    "Batches merged in input order give the one-by-one counts",
    arguments: [(3_000, 3, 4), (90_000, 50, 8), (40_000_000, 10_000, 200)] as [(Int64, Int, Int)])
  func batches(span: Int64, keyLimit: Int, bucketLimit: Int) throws {
    let diagnoses = try Self.diagnoses(count: 3_000, span: span, interfaces: 80, seed: 7)
    let whole = Self.counted(diagnoses, keyLimit: keyLimit, bucketLimit: bucketLimit)
    for size in [1, 7, 512] {
      var merged = RejectSummary(keyLimit: keyLimit, bucketLimit: bucketLimit)
      for start in stride(from: 0, to: diagnoses.count, by: size) {
        merged.merge(
          Self.counted(
            diagnoses[start..<min(start + size, diagnoses.count)], keyLimit: 10_000,
            bucketLimit: bucketLimit))
      }
      #expect(merged == whole, "batches of \(size)")
    }
    #expect(whole.rejects == diagnoses.count)
    #expect(whole.interfaces.rows.count == min(keyLimit, 80))
    #expect(
      whole.interfaces.rows.map(\.rejects).reduce(0, +) + whole.interfaces.other
        == diagnoses.count)
  }

  @Test("A full table counts later keys in other; examples are each key's first three")
  func fullTable() throws {
    let diagnoses = try Self.diagnoses(count: 500, span: 600, interfaces: 10, seed: 3)
    let summary = Self.counted(diagnoses, keyLimit: 4, bucketLimit: 100)
    var firstMet: [String] = []
    for diagnosis in diagnoses where !firstMet.contains(diagnosis.observation.interfaceId) {
      firstMet.append(diagnosis.observation.interfaceId)
    }
    let table = summary.interfaces
    #expect(table.rows.map(\.key) == Array(firstMet.prefix(4)))
    let kept = diagnoses.filter { firstMet.prefix(4).contains($0.observation.interfaceId) }
    #expect(table.other == diagnoses.count - kept.count)
    for entry in table.rows {
      let mine = kept.filter { $0.observation.interfaceId == entry.key }
      #expect(entry.rejects == mine.count)
      #expect(entry.examples.map(\.line) == mine.prefix(3).map(\.observation.line))
      for cause in Cause.allCases {
        #expect(entry.causes[cause] == mine.filter { $0.cause == cause }.count)
      }
    }
    let top = table.top(2)
    #expect(top.count == 2)
    #expect(top[0].rejects >= top[1].rejects)
    #expect(top[0].rejects == table.rows.map(\.rejects).max())
  }

  @Test(
    "The timeline's width follows the span of the starts, in any order",
    arguments: [
      (7_199, 60), (7_200, 3_600), (86_400 * 20, 3_600), (86_400 * 200, 86_400),
      (86_400 * 800, 172_800),
    ] as [(Int64, Int64)])
  func timeline(span: Int64, width: Int64) throws {
    var diagnoses = try Self.diagnoses(count: 4_000, span: span, interfaces: 5, seed: 11)
    // The span exactly: the first and last possible starts are there.
    diagnoses[0].observation.start = 1_795_350_000
    diagnoses[1].observation.start = 1_795_350_000 + span
    let limit = 500
    let ordered = Self.counted(diagnoses, keyLimit: 100, bucketLimit: limit).timeline
    var random = SplitMixRandom(seed: 5)
    for _ in 0..<3 {
      diagnoses.shuffle(using: &random)
      #expect(Self.counted(diagnoses, keyLimit: 100, bucketLimit: limit).timeline == ordered)
    }
    #expect(ordered.seconds == width)
    #expect(ordered.buckets.count <= limit)
    #expect(ordered.withoutStart == diagnoses.filter { $0.observation.start == nil }.count)
    #expect(
      ordered.rows.map { $0.causes.total }.reduce(0, +) + ordered.withoutStart
        == diagnoses.count)
    for row in ordered.rows {
      #expect(row.start % width == 0)
      let inside = diagnoses.filter {
        guard let start = $0.observation.start else { return false }
        return start >= row.start && start < row.start + width
      }
      #expect(row.causes.total == inside.count)
    }
  }

  @Test(
    "Each pattern held keeps its first REJECT in words, batches merged or not",
    arguments: [4, 10_000])
  func firstRejects(keyLimit: Int) throws {
    let diagnoses = try Self.diagnoses(count: 2_000, span: 3_000, interfaces: 6, seed: 13)
    var whole = RejectSummary(keyLimit: keyLimit, keepsWords: true)
    for diagnosis in diagnoses { whole.add(diagnosis) }
    var merged = RejectSummary(keyLimit: keyLimit, keepsWords: true)
    for start in stride(from: 0, to: diagnoses.count, by: 97) {
      var batch = RejectSummary(keepsWords: true)
      for diagnosis in diagnoses[start..<min(start + 97, diagnoses.count)] { batch.add(diagnosis) }
      merged.merge(batch)
    }
    #expect(merged == whole)
    // One for each pattern held, none for those counted in `other`: bounded.
    let held = whole.patterns.rows
    #expect(held.count <= keyLimit)
    #expect((whole.patterns.other > 0) == (keyLimit == 4))
    #expect(Set(whole.firstRejects.keys) == Set(held.map(\.key)))
    for row in held {
      let first = try #require(
        diagnoses.first { $0.observation.line == row.examples.first?.line })
      #expect(whole.firstRejects[row.key] == RejectSummary.FirstReject(first))
    }
    var plain = RejectSummary(keyLimit: keyLimit)
    for diagnosis in diagnoses { plain.add(diagnosis) }
    #expect(plain.firstRejects.isEmpty)
    #expect(plain.patterns == whole.patterns)
  }
}
