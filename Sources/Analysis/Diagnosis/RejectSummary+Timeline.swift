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
    /// Each bucket's count by cause, by its first second (a multiple of ``seconds`` since
    /// the epoch).
    package private(set) var buckets: [Int64: CauseCounts] = [:]
    /// The earliest and latest `start` counted.
    package private(set) var first: Int64? = nil
    package private(set) var last: Int64? = nil
    /// REJECTs without a `start` (a format without it, or `-`).
    package private(set) var withoutStart = 0
    package let limit: Int

    init(limit: Int) { self.limit = max(limit, 4) }

    /// `minute`, `hour` or `day`.
    package var unit: String {
      switch seconds {
      case 60: "minute"
      case 3_600: "hour"
      default: "day"
      }
    }

    /// The buckets in time order.
    package var rows: [(start: Int64, causes: CauseCounts)] {
      buckets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    mutating func add(start: Int64?, cause: Cause) {
      guard let start else {
        withoutStart += 1
        return
      }
      widen(first: start, last: start)
      let bucket = Self.floor(start, seconds)
      if buckets[bucket] != nil {
        buckets[bucket]?[cause] += 1
      } else {
        var counts = CauseCounts()
        counts[cause] = 1
        buckets[bucket] = counts
        while buckets.count > limit { coarsen(to: Self.wider(than: seconds)) }
      }
    }

    mutating func merge(_ later: Timeline) {
      withoutStart += later.withoutStart
      guard let laterFirst = later.first, let laterLast = later.last else { return }
      widen(first: laterFirst, last: laterLast)
      if later.seconds > seconds { coarsen(to: later.seconds) }
      for (bucket, counts) in later.buckets {
        buckets[Self.floor(bucket, seconds), default: CauseCounts()] += counts
      }
      while buckets.count > limit { coarsen(to: Self.wider(than: seconds)) }
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
      var wider: [Int64: CauseCounts] = [:]
      for (bucket, counts) in buckets {
        wider[Self.floor(bucket, width), default: CauseCounts()] += counts
      }
      buckets = wider
      seconds = width
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
