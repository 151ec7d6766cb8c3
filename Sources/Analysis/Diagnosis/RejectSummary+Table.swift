import NetworkPrimitives

extension RejectSummary {
  /// REJECTs counted by a key, each key with its count by cause, the time its REJECTs span and
  /// its first REJECTs as examples, in memory bounded by `limit` keys.
  ///
  /// Until `limit` keys are met every count is exact. A new key met then makes room: the half
  /// of the keys with the fewest REJECTs (counting each key's ``Row/missedAtMost``; among equal
  /// ones, the last met) are dropped and their REJECTs counted in ``other``. A key met again
  /// after it was dropped, or first met after a drop, may have had REJECTs before that no row
  /// holds: at most the most any dropped key could have had (``Row/missedAtMost``), so its
  /// true count lies between `rejects` and `rejects + missedAtMost` (the bound of lossy
  /// counting, Manku and Motwani 2002). A key that keeps rejecting is not dropped: one that
  /// starts mid-way through a busy day (an incident after a scan has filled the table) is
  /// counted from when it starts.
  ///
  /// Keys are found through an open-addressed index of the entries, probed linearly from the
  /// key's ``SummaryKey/digest(seed:)``: a few multiplications a key instead of SipHash over a
  /// `String` in a `Dictionary` (some 700 instructions a REJECT for the rules' key). The digest
  /// is seeded with the process's random ``HashSeed``, as the conversation index is: client
  /// addresses are chosen by whoever sends the packets.
  package struct Table<Key: SummaryKey>: Hashable, Sendable {
    /// A key's counts; its examples are in the table's `examples`, by place (``Places``), so
    /// that an entry stays small to copy when a batch's table is merged.
    struct Entry: Sendable {
      var key: Key
      var rejects: Int
      var missedAtMost: Int
      var causes: CauseCounts
      var span: TimeSpan
      var examples: Places
      /// The key's first REJECT, kept to be put in words if the key is listed (patterns of a
      /// summary that keeps words: ``RejectSummary/add(_:verdict:)``).
      var first: StreamingDiagnoser.Pending? = nil
    }

    /// A key as reported: its counts and its examples.
    package struct Row: Hashable, Sendable {
      package var key: Key
      package var rejects: Int
      /// REJECTs of the key that may have been counted in ``Table/other`` before the key
      /// entered the table (0: `rejects` is exact).
      package var missedAtMost: Int
      package var causes: CauseCounts
      /// From the earliest `start` to the latest `end` of the key's REJECTs.
      package var span: TimeSpan
      /// The first ``RejectSummary/examplesPerKey`` REJECTs of the key, in input order.
      package var examples: [Example]
    }

    /// The keys counted, in the order they were first met.
    private var entries: [Entry] = []
    /// The examples of every entry, in the order they were kept.
    private var examples: [Example] = []
    /// Each entry's digest, by position.
    private var digests: [UInt64] = []
    /// Positions in `entries`, or -1; a power of two in size, at most half full.
    private var slots: [Int32] = []
    /// REJECTs of the keys dropped to make room: counted, in no row.
    package private(set) var other = 0
    /// The most REJECTs a dropped key may have had: a key entering the table after a drop
    /// may have missed that many.
    package private(set) var dropped = 0
    /// Times room was made.
    package private(set) var compactions = 0
    /// With `keepsDropped`, the keys dropped since ``takeDropped()`` last took them.
    var keepsDropped = false
    private var droppedKeys: [Key] = []

    /// The keys dropped since the last call (with `keepsDropped`).
    mutating func takeDropped() -> [Key] {
      defer { droppedKeys = [] }
      return droppedKeys
    }
    package let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The keys counted.
    package var count: Int { entries.count }

    /// Every key counted, in the order they were first met.
    package var rows: [Row] { entries.map(row) }

    /// The first REJECT kept for `key` (``keepFirstOfNewest(_:)``), if it has a row.
    func firstKept(_ key: Key) -> StreamingDiagnoser.Pending? {
      index(of: key).flatMap { entries[$0].first }
    }

    /// Whether `key` has a row.
    func holds(_ key: Key) -> Bool { index(of: key) != nil }

    /// The place of `key`'s entry, if it has one.
    private func index(of key: Key) -> Int? {
      guard !slots.isEmpty else { return nil }
      let (slot, found) = probe(key, digest: key.digest(seed: HashSeed.process))
      return found ? Int(slots[slot]) : nil
    }

    private func row(_ entry: Entry) -> Row {
      Row(
        key: entry.key, rejects: entry.rejects, missedAtMost: entry.missedAtMost,
        causes: entry.causes, span: entry.span,
        examples: entry.examples.map { examples[Int($0)] })
    }

    /// The same counts: the index and the examples' places are only ways to them.
    package static func == (left: Table, right: Table) -> Bool {
      left.rows == right.rows && left.other == right.other && left.limit == right.limit
        && left.dropped == right.dropped
    }

    package func hash(into hasher: inout Hasher) {
      hasher.combine(rows)
      hasher.combine(other)
    }

    /// Counts a REJECT of `key`; true when the key got a row now.
    @discardableResult
    mutating func add(_ key: Key, _ cause: Cause, _ record: FlowObservation) -> Bool {
      let digest = key.digest(seed: HashSeed.process)
      var (place, found) = self.place(of: key, digest: digest)
      if !found && entries.count >= limit {
        makeRoom()
        place = self.place(of: key, digest: digest).slot
      }
      if found {
        let index = Int(slots[place])
        entries[index].rejects += 1
        entries[index].causes[cause] += 1
        entries[index].span.add(start: record.start, end: record.end)
        if entries[index].examples.count < RejectSummary.examplesPerKey {
          entries[index].examples.append(Int32(examples.count))
          examples.append(Example(record, cause: cause))
        }
        return false
      } else {
        var causes = CauseCounts()
        causes[cause] = 1
        var span = TimeSpan()
        span.add(start: record.start, end: record.end)
        var kept = Places()
        kept.append(Int32(examples.count))
        examples.append(Example(record, cause: cause))
        insert(
          Entry(
            key: key, rejects: 1, missedAtMost: dropped, causes: causes, span: span,
            examples: kept),
          digest: digest, at: place)
        return true
      }
    }

    /// Adds the counts of a table of the REJECTs that follow, key by key in the order it met
    /// them: what adding those REJECTs one by one gives as long as no room has to be made
    /// (then the same bounds hold, not the same rows). Returns the keys that got a row.
    @discardableResult
    mutating func merge(_ later: Table) -> [Key] {
      var added: [Key] = []
      for (entry, digest) in zip(later.entries, later.digests) {
        var (place, found) = self.place(of: entry.key, digest: digest)
        if !found && entries.count >= limit {
          makeRoom()
          place = self.place(of: entry.key, digest: digest).slot
        }
        if found {
          let index = Int(slots[place])
          entries[index].rejects += entry.rejects
          entries[index].causes += entry.causes
          entries[index].span.merge(entry.span)
          for example in entry.examples
          where entries[index].examples.count < RejectSummary.examplesPerKey {
            entries[index].examples.append(Int32(examples.count))
            examples.append(later.examples[Int(example)])
          }
        } else {
          var moved = entry
          moved.missedAtMost = max(entry.missedAtMost, dropped)
          moved.first = nil
          moved.examples = Places()
          for example in entry.examples {
            moved.examples.append(Int32(examples.count))
            examples.append(later.examples[Int(example)])
          }
          insert(moved, digest: digest, at: place)
          added.append(entry.key)
        }
      }
      other += later.other
      dropped = max(dropped, later.dropped)
      return added
    }

    /// Keeps `pending` as the first REJECT of the key added last.
    mutating func keepFirstOfNewest(_ pending: StreamingDiagnoser.Pending) {
      guard !entries.isEmpty else { return }
      entries[entries.count - 1].first = pending
    }

    /// Drops the half of the keys with the fewest REJECTs (with what each may have missed;
    /// among equal ones the last met), counting their REJECTs in ``other``.
    private mutating func makeRoom() {
      compactions += 1
      // The score of the last key dropped: every key below it goes, and of those at it, the
      // last met until half are gone.
      let half = max(entries.count / 2, 1)
      var scores = entries.map { $0.rejects + $0.missedAtMost }
      let cut = Self.smallest(half, of: &scores)
      var atCut = half - scores.reduce(0) { $0 + ($1 < cut ? 1 : 0) }
      var drop = [Bool](repeating: false, count: entries.count)
      for index in entries.indices.reversed() {
        let score = entries[index].rejects + entries[index].missedAtMost
        guard score < cut || (score == cut && atCut > 0) else { continue }
        if score == cut { atCut -= 1 }
        drop[index] = true
        if keepsDropped { droppedKeys.append(entries[index].key) }
        other += entries[index].rejects
        dropped = max(dropped, score)
      }
      // The kept entries move down in place (swapped, not copied); their examples are copied
      // into a list of their own, in the entries' order.
      var kept = 0
      var keptExamples: [Example] = []
      keptExamples.reserveCapacity(examples.count)
      for index in entries.indices where !drop[index] {
        var places = Places()
        for example in entries[index].examples {
          places.append(Int32(keptExamples.count))
          keptExamples.append(examples[Int(example)])
        }
        if kept != index {
          entries.swapAt(kept, index)
          digests[kept] = digests[index]
        }
        entries[kept].examples = places
        kept += 1
      }
      entries.removeLast(entries.count - kept)
      digests.removeLast(digests.count - kept)
      examples = keptExamples
      slots.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
      let mask = slots.count - 1
      for (index, digest) in digests.enumerated() {
        var slot = Int(truncatingIfNeeded: digest) & mask
        while slots[slot] >= 0 { slot = (slot &+ 1) & mask }
        slots[slot] = Int32(index)
      }
    }

    /// The `rank`th smallest of `values` (from 1), which it reorders: Hoare's selection, in
    /// linear time on average (sorting them, as ``makeRoom()`` did, cost a tenth of a busy
    /// summary's time). `RejectSummaryTests` compares it with sorting.
    static func smallest(_ rank: Int, of values: inout [Int]) -> Int {
      var low = 0
      var high = values.count - 1
      let target = rank - 1
      while low < high {
        // The median of three as the pivot; Hoare's partition.
        let middle = low + (high - low) / 2
        let pivot = max(
          min(values[low], values[middle]), min(max(values[low], values[middle]), values[high]))
        var left = low
        var right = high
        while left <= right {
          while values[left] < pivot { left += 1 }
          while values[right] > pivot { right -= 1 }
          if left <= right {
            values.swapAt(left, right)
            left += 1
            right -= 1
          }
        }
        if target <= right {
          high = right
        } else if target >= left {
          low = left
        } else {
          return values[target]
        }
      }
      return values[target]
    }

    /// The `count` keys with the most REJECTs; among equal counts, the first met first. One
    /// pass keeping the best `count` in order (a table holds 10,000 keys; the outputs ask for
    /// 10 or 25): ``topBySorting(_:)`` is its simple twin (`RejectSummaryTests`).
    package func top(_ count: Int) -> [Row] {
      guard count > 0 else { return [] }
      var best: [(rejects: Int, place: Int)] = []
      best.reserveCapacity(count + 1)
      for (place, entry) in entries.enumerated() {
        let rejects = entry.rejects
        if best.count == count, let last = best.last, rejects <= last.rejects { continue }
        // After every kept key with as many REJECTs: those were met first.
        var at = best.count
        while at > 0 && best[at - 1].rejects < rejects { at -= 1 }
        best.insert((rejects, place), at: at)
        if best.count > count { best.removeLast() }
      }
      return best.map { row(entries[$0.place]) }
    }

    /// ``top(_:)`` by sorting every key.
    package func topBySorting(_ count: Int) -> [Row] {
      let ranked = entries.enumerated().map { (rejects: $0.element.rejects, place: $0.offset) }
        .sorted { ($1.rejects, $0.place) < ($0.rejects, $1.place) }
      return ranked.prefix(count).map { row(entries[$0.place]) }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private mutating func place(of key: Key, digest: UInt64) -> (slot: Int, found: Bool) {
      if slots.isEmpty { slots = Array(repeating: -1, count: 16) }
      return probe(key, digest: digest)
    }

    /// The slot holding `key`, or the empty slot that ends its probe run (`slots` not empty).
    private func probe(_ key: Key, digest: UInt64) -> (slot: Int, found: Bool) {
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: digest) & mask
      while slots[slot] >= 0 {
        let index = Int(slots[slot])
        // The key compared in place (`entries[index].key` copies the whole entry).
        if digests[index] == digest && entries.withUnsafeBufferPointer({ $0[index].key == key }) {
          return (slot, true)
        }
        slot = (slot &+ 1) & mask
      }
      return (slot, false)
    }

    private mutating func insert(_ entry: Entry, digest: UInt64, at slot: Int) {
      slots[slot] = Int32(entries.count)
      entries.append(entry)
      digests.append(digest)
      guard entries.count * 2 > slots.count else { return }
      // Twice the slots, every entry placed again.
      slots = Array(repeating: -1, count: slots.count * 2)
      let mask = slots.count - 1
      for (index, digest) in digests.enumerated() {
        var slot = Int(truncatingIfNeeded: digest) & mask
        while slots[slot] >= 0 { slot = (slot &+ 1) & mask }
        slots[slot] = Int32(index)
      }
    }
  }
}

extension RejectSummary {
  /// The time a key's REJECTs span: the earliest `start` and the latest `end` (or `start`, for
  /// a record without `end`); `nil` when none of them has a time.
  package struct TimeSpan: Hashable, Sendable {
    private var earliest = Int64.max
    private var latest = Int64.min

    package init() {}

    package var first: Int64? { earliest == .max ? nil : earliest }
    package var last: Int64? { latest == .min ? nil : latest }

    package mutating func add(start: Int64?, end: Int64?) {
      if let start {
        earliest = min(earliest, start)
        latest = max(latest, start)
      }
      if let end { latest = max(latest, end) }
    }

    package mutating func merge(_ other: TimeSpan) {
      earliest = min(earliest, other.earliest)
      latest = max(latest, other.latest)
    }
  }

  /// Where a key's examples are in its table's list: up to ``RejectSummary/examplesPerKey``
  /// places, in place, so that a new key costs no array of its own (a batch of REJECTs meets
  /// hundreds).
  struct Places: RandomAccessCollection, Sendable {
    private var first: Int32 = 0
    private var second: Int32 = 0
    private var third: Int32 = 0
    private(set) var count = 0

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Int32 {
      switch position {
      case 0: first
      case 1: second
      default: third
      }
    }

    /// Keeps `place` when there is room (three), else nothing.
    mutating func append(_ place: Int32) {
      switch count {
      case 0: first = place
      case 1: second = place
      case 2: third = place
      default: return
      }
      count += 1
    }
  }
}

/// A key of a ``RejectSummary/Table``: one word mixed from it and a seed, cheaply.
package protocol SummaryKey: Hashable, Sendable {
  func digest(seed: UInt64) -> UInt64
}

/// The mixing steps of the digests (SplitMix64's multipliers, as the conversation index's).
private func mixed(_ state: UInt64, _ word: UInt64) -> UInt64 {
  let state = (state ^ word) &* 0xBF58_476D_1CE4_E5B9
  return (state ^ (state >> 31)) &* 0x94D0_49BB_1331_11EB
}

private func finished(_ state: UInt64) -> UInt64 { state ^ (state >> 29) }

extension String: SummaryKey {
  /// The UTF-8 bytes, eight at a time.
  package func digest(seed: UInt64) -> UInt64 {
    let fromBytes = utf8.withContiguousStorageIfAvailable { bytes -> UInt64 in
      var state = (seed ^ UInt64(bytes.count)) &* 0x9E37_79B9_7F4A_7C15
      let raw = UnsafeRawBufferPointer(bytes)
      var offset = 0
      while offset + 8 <= raw.count {
        state = mixed(state, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset += 8
      }
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while offset < raw.count {
        tail |= UInt64(raw[offset]) << shift
        shift += 8
        offset += 1
      }
      return finished(mixed(state, tail))
    }
    if let fromBytes { return fromBytes }
    var copy = self
    copy.makeContiguousUTF8()
    return copy.digest(seed: seed)
  }
}

extension IPAddress: SummaryKey {
  package func digest(seed: UInt64) -> UInt64 {
    switch self {
    case .v4(let bits): return finished(mixed(seed, UInt64(bits)))
    case .v6(let bits):
      let state = mixed(seed ^ 0x6, UInt64(truncatingIfNeeded: bits))
      return finished(mixed(state, UInt64(truncatingIfNeeded: bits >> 64)))
    }
  }
}

extension RejectSummary.RuleKey: SummaryKey {
  package func digest(seed: UInt64) -> UInt64 {
    // The cause's place, by a switch: `allCases` makes an array each call.
    let ordinal: UInt64 =
      switch cause {
      case .securityGroup: 0
      case .networkACL: 1
      case .routing: 2
      case .blockPublicAccess: 3
      case .afterClose: 4
      case .undetermined: 5
      }
    var state = mixed(seed, ordinal << 32 | UInt64(UInt32(truncatingIfNeeded: rule ?? -1)))
    if let component { state = mixed(state, component.digest(seed: seed)) }
    return finished(state)
  }
}

extension RejectSummary.ServiceKey: SummaryKey {
  package func digest(seed: UInt64) -> UInt64 {
    finished(mixed(seed, word))
  }

  /// The protocol and the port in one word (`0x10000` for no port).
  var word: UInt64 { UInt64(protocolNumber) << 17 | UInt64(port.map { Int($0) } ?? 0x10000) }
}

extension RejectSummary.PatternKey: SummaryKey {
  package func digest(seed: UInt64) -> UInt64 {
    let direction: UInt64 =
      switch self.direction {
      case nil: 0
      case .ingress?: 1
      case .egress?: 2
      }
    let role: UInt64 =
      switch self.role {
      case nil: 0
      case .request?: 1
      case .response?: 2
      }
    var state = mixed(seed, interfaceId.digest(seed: seed))
    state = mixed(state, rule.digest(seed: seed))
    return finished(mixed(state, service.word << 4 | direction << 2 | role))
  }
}
