import NetworkPrimitives
import RandomNetworks
import Testing

@testable import Analysis

/// `diagnose --output summary` counts each batch of REJECTs on a worker and merges the batches
/// in input order: that must give what counting the REJECTs one by one gives, whatever the
/// batches, until a table has to make room, and after that the same bounds; a full table must
/// keep the keys that reject most, a late one too; and the timeline's width must follow the
/// span of the starts alone.
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

  /// Every row's true count lies between `rejects` and `rejects + missedAtMost`; rows and
  /// `other` add up to every REJECT.
  static func checkBounds<Key: Hashable>(
    _ table: RejectSummary.Table<Key>, truth: [Key: Int], total: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      table.rows.map(\.rejects).reduce(0, +) + table.other == total,
      sourceLocation: sourceLocation)
    #expect(table.rows.count <= table.limit, sourceLocation: sourceLocation)
    for row in table.rows {
      let exact = truth[row.key] ?? 0
      #expect(
        row.rejects <= exact && exact <= row.rejects + row.missedAtMost, "\(row.key)",
        sourceLocation: sourceLocation)
    }
  }

  @Test(
    "Batches merged in input order give the one-by-one counts, or the same bounds once full",
    arguments: [(3_000, 3, 4), (90_000, 50, 8), (40_000_000, 10_000, 200)] as [(Int64, Int, Int)])
  func batches(span: Int64, keyLimit: Int, bucketLimit: Int) throws {
    let diagnoses = try Self.diagnoses(count: 3_000, span: span, interfaces: 80, seed: 7)
    let whole = Self.counted(diagnoses, keyLimit: keyLimit, bucketLimit: bucketLimit)
    var truth: [String: Int] = [:]
    for diagnosis in diagnoses { truth[diagnosis.observation.interfaceId, default: 0] += 1 }
    for size in [1, 7, 512] {
      var merged = RejectSummary(keyLimit: keyLimit, bucketLimit: bucketLimit)
      for start in stride(from: 0, to: diagnoses.count, by: size) {
        merged.merge(
          Self.counted(
            diagnoses[start..<min(start + size, diagnoses.count)], keyLimit: 10_000,
            bucketLimit: bucketLimit))
      }
      if keyLimit >= 80 || size == 1 {
        #expect(merged == whole, "batches of \(size)")
      }
      #expect(merged.rejects == whole.rejects && merged.causes == whole.causes)
      #expect(merged.timeline == whole.timeline)
      Self.checkBounds(merged.interfaces, truth: truth, total: diagnoses.count)
    }
    #expect(whole.rejects == diagnoses.count)
    #expect(whole.interfaces.rows.count <= min(keyLimit, 80))
    Self.checkBounds(whole.interfaces, truth: truth, total: diagnoses.count)
  }

  @Test("Below its limit a table is exact: each key's count, causes and first three examples")
  func exactTable() throws {
    let diagnoses = try Self.diagnoses(count: 500, span: 600, interfaces: 10, seed: 3)
    let table = Self.counted(diagnoses, keyLimit: 10, bucketLimit: 100).interfaces
    #expect(table.other == 0 && table.compactions == 0)
    for entry in table.rows {
      let mine = diagnoses.filter { $0.observation.interfaceId == entry.key }
      #expect(entry.rejects == mine.count && entry.missedAtMost == 0)
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
    "A full table keeps the keys that reject most, one that starts late among them",
    arguments: [(200, 1), (200, 64), (1_000, 512)] as [(Int, Int)])
  func heavyKeysKept(keyLimit: Int, batch: Int) throws {
    // A scan: thousands of keys seen once or twice, two steady keys from the start, and an
    // incident that starts two thirds of the way through.
    let template = try Self.diagnoses(count: 1, span: 60, interfaces: 1, seed: 5)[0]
    var random = SplitMixRandom(seed: 9)
    var diagnoses: [Diagnosis] = []
    for index in 0..<30_000 {
      var diagnosis = template
      diagnosis.observation.line = index + 1
      let draw = random.next(100)
      if draw < 5 {
        diagnosis.observation.interfaceId = "eni-steady-\(draw % 2)"
      } else if index > 20_000 && draw < 15 {
        diagnosis.observation.interfaceId = "eni-incident"
      } else {
        diagnosis.observation.interfaceId = "eni-scanned-\(random.next(20_000))"
      }
      diagnoses.append(diagnosis)
    }
    var truth: [String: Int] = [:]
    for diagnosis in diagnoses { truth[diagnosis.observation.interfaceId, default: 0] += 1 }
    var summary = RejectSummary(keyLimit: keyLimit)
    for start in stride(from: 0, to: diagnoses.count, by: batch) {
      summary.merge(
        Self.counted(
          diagnoses[start..<min(start + batch, diagnoses.count)], keyLimit: 10_000,
          bucketLimit: 100))
    }
    let table = summary.interfaces
    #expect(table.compactions > 0)
    Self.checkBounds(table, truth: truth, total: diagnoses.count)
    let top = table.top(3).map(\.key)
    #expect(Set(top) == ["eni-steady-0", "eni-steady-1", "eni-incident"], "\(table.top(5))")
    // The incident started after the table was full: it may have missed only what a dropped
    // key could have had (about twice the keys met per key held), well below its own count.
    let incident = try #require(table.rows.first { $0.key == "eni-incident" })
    #expect(incident.missedAtMost < incident.rejects / 2)
    #expect(incident.missedAtMost <= 3 * 20_000 / keyLimit)
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
    if keyLimit > 4 { #expect(merged == whole) }
    // One for each pattern held, none for those dropped: bounded.
    for summary in [whole, merged] {
      let held = summary.patterns.rows
      #expect(held.count <= keyLimit)
      #expect((summary.patterns.other > 0) == (keyLimit == 4))
      #expect(Set(summary.firstRejects.keys) == Set(held.map(\.key)))
      for row in held {
        let first = try #require(
          diagnoses.first { $0.observation.line == row.examples.first?.line })
        #expect(summary.firstRejects[row.key] == RejectSummary.FirstReject(first))
      }
    }
    var plain = RejectSummary(keyLimit: keyLimit)
    for diagnosis in diagnoses { plain.add(diagnosis) }
    #expect(plain.firstRejects.isEmpty)
    #expect(plain.patterns == whole.patterns)
  }

  @Test("top(n) in one pass gives what sorting every key gives", arguments: [4, 60, 10_000])
  func topAgainstSorting(keyLimit: Int) throws {
    // Many ties (few interfaces, short span) and many keys.
    for seed in UInt64(1)...4 {
      let diagnoses = try Self.diagnoses(
        count: 3_000, span: 600, interfaces: Int(seed) * 7, seed: seed)
      let summary = Self.counted(diagnoses, keyLimit: keyLimit, bucketLimit: 100)
      for count in [0, 1, 3, 10, 25, 100, 20_000] {
        #expect(summary.patterns.top(count) == summary.patterns.topBySorting(count))
        #expect(summary.clients.top(count) == summary.clients.topBySorting(count))
        #expect(summary.rules.top(count) == summary.rules.topBySorting(count))
        #expect(summary.interfaces.top(count) == summary.interfaces.topBySorting(count))
      }
    }
  }
}

extension RejectSummaryTests {
  @Test("Selecting the rank-th smallest score gives what sorting gives")
  func selectionAgainstSorting() {
    var random = SplitMixRandom(seed: 21)
    for size in [1, 2, 3, 7, 64, 1_000, 10_000] {
      for spread in [1, 3, 50, 1_000_000] {
        let values = (0..<size).map { _ in Int(random.next() % UInt64(spread)) }
        let sorted = values.sorted()
        for rank in Set([
          1, size / 2, max(size / 2, 1), size, 1 + Int(random.next() % UInt64(size)),
        ])
        where rank >= 1 {
          var scratch = values
          let chosen = RejectSummary.Table<String>.smallest(rank, of: &scratch)
          #expect(chosen == sorted[rank - 1], "size \(size) spread \(spread) rank \(rank)")
          #expect(scratch.sorted() == sorted)
        }
      }
    }
  }
}
