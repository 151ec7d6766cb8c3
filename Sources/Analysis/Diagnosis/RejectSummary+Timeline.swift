extension RejectSummary {
  /// REJECTs by cause in buckets of their `start` time: a minute each when the REJECTs' starts
  /// span less than ``minuteSpan`` seconds, else an hour; a day when more than ``bucketLimit``
  /// hours hold REJECTs (over a year), and twice as many days each time the buckets exceed it
  /// again. The width depends only on the set of starts counted, never on their order.
  package struct Timeline: Hashable, Sendable {
    /// Buckets holding REJECTs at most (a year and more of hours).
    package static let bucketLimit = 10_000
    /// Starts spanning less than this (two hours) are counted by the minute.
    package static let minuteSpan: Int64 = 7_200

    /// The width of a bucket: 60, 3,600, or 86,400 times a power of two.
    package private(set) var seconds: Int64 = 60
    /// The buckets' first seconds (multiples of ``seconds`` since the epoch), in the order
    /// they were first met, and each one's count by cause.
    private var starts: [Int64] = []
    private var counts: [CauseCounts] = []
    /// Each bucket's position in `starts`.
    private var places: [Int64: Int] = [:]
    /// The bucket the last REJECT went to: the next is most often in it too (logs are close
    /// to time order), and then no dictionary is looked at.
    private var recent = (start: Int64.min, place: -1)
    /// The earliest and latest `start` counted.
    package private(set) var first: Int64? = nil
    package private(set) var last: Int64? = nil
    /// REJECTs without a `start` (a format without it, or `-`).
    package private(set) var withoutStart = 0
    package let limit: Int

    init(limit: Int) { self.limit = max(limit, 4) }

    /// The same counts, whatever order the buckets were met in.
    package static func == (left: Timeline, right: Timeline) -> Bool {
      left.seconds == right.seconds && left.first == right.first && left.last == right.last
        && left.withoutStart == right.withoutStart && left.limit == right.limit
        && left.buckets == right.buckets
    }

    package func hash(into hasher: inout Hasher) {
      hasher.combine(seconds)
      hasher.combine(first)
      hasher.combine(last)
      hasher.combine(withoutStart)
      for row in rows {
        hasher.combine(row.start)
        hasher.combine(row.causes)
      }
    }

    /// `minute`, `hour` or `day`.
    package var unit: String {
      switch seconds {
      case 60: "minute"
      case 3_600: "hour"
      default: "day"
      }
    }

    /// Each bucket's count by cause, by its first second.
    package var buckets: [Int64: CauseCounts] {
      Dictionary(uniqueKeysWithValues: zip(starts, counts))
    }

    /// The buckets in time order.
    package var rows: [(start: Int64, causes: CauseCounts)] {
      zip(starts, counts).sorted { $0.0 < $1.0 }.map { ($0.0, $0.1) }
    }

    mutating func add(start: Int64?, cause: Cause) {
      guard let start else {
        withoutStart += 1
        return
      }
      if start < first ?? .max || start > last ?? .min { widen(first: start, last: start) }
      let bucket = Self.floor(start, seconds)
      if bucket == recent.start {
        counts[recent.place][cause] += 1
        return
      }
      var one = CauseCounts()
      one[cause] = 1
      add(one, at: bucket)
    }

    mutating func merge(_ later: Timeline) {
      withoutStart += later.withoutStart
      guard let laterFirst = later.first, let laterLast = later.last else { return }
      widen(first: laterFirst, last: laterLast)
      if later.seconds > seconds { coarsen(to: later.seconds) }
      for (start, counts) in zip(later.starts, later.counts) {
        add(counts, at: Self.floor(start, seconds))
      }
    }

    /// Adds `more` to the bucket starting at `bucket`, which is made when missing; then, while
    /// more than `limit` buckets hold REJECTs, wider buckets.
    private mutating func add(_ more: CauseCounts, at bucket: Int64) {
      if let place = places[bucket] {
        counts[place] += more
        recent = (bucket, place)
        return
      }
      places[bucket] = starts.count
      recent = (bucket, starts.count)
      starts.append(bucket)
      counts.append(more)
      while starts.count > limit { coarsen(to: Self.wider(than: seconds)) }
    }

    /// Takes in starts from `first` to `last`: by the hour once they span two hours.
    private mutating func widen(first: Int64, last: Int64) {
      self.first = min(self.first ?? first, first)
      self.last = max(self.last ?? last, last)
      guard seconds == 60, let from = self.first, let to = self.last else { return }
      // The span, without overflow whatever the two are.
      if UInt64(bitPattern: to) &- UInt64(bitPattern: from) >= UInt64(Self.minuteSpan) {
        coarsen(to: 3_600)
      }
    }

    private mutating func coarsen(to width: Int64) {
      guard width > seconds else { return }
      let old = zip(starts, counts)
      starts = []
      counts = []
      places = [:]
      for (start, count) in old {
        let wider = Self.floor(start, width)
        if let place = places[wider] {
          counts[place] += count
        } else {
          places[wider] = starts.count
          starts.append(wider)
          counts.append(count)
        }
      }
      seconds = width
      recent = (.min, -1)
    }

    /// The next width: an hour after a minute, a day after an hour, then twice as many days.
    /// (Four buckets of 2^62 seconds cover every `Int64`, so doubling stops before it wraps.)
    private static func wider(than width: Int64) -> Int64 {
      switch width {
      case 60: 3_600
      case 3_600: 86_400
      default: width < 1 << 62 ? width * 2 : width
      }
    }

    /// The first second of the bucket of `width` holding `time` (rounded down, also before
    /// the epoch).
    private static func floor(_ time: Int64, _ width: Int64) -> Int64 {
      let quotient = time / width
      return (time % width < 0 ? quotient &- 1 : quotient) &* width
    }
  }
}
