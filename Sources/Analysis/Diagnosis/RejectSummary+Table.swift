extension RejectSummary {
  /// REJECTs counted by a key: exact counts for the first `limit` keys met in input order,
  /// each with its count by cause and its first REJECTs as examples; the REJECTs of keys met
  /// after that are counted together in ``other``, so memory stays bounded.
  package struct Table<Key: Hashable & Sendable>: Hashable, Sendable {
    package struct Entry: Hashable, Sendable {
      package var key: Key
      package var rejects: Int
      package var causes: CauseCounts
      /// The first ``RejectSummary/examplesPerKey`` REJECTs of the key, in input order.
      package var examples: [Example]
    }

    /// The keys counted, in the order they were first met.
    package private(set) var entries: [Entry] = []
    private var places: [Key: Int] = [:]
    /// REJECTs whose key was first met when the table already held `limit` keys.
    package private(set) var other = 0
    package let limit: Int

    init(limit: Int) { self.limit = limit }

    mutating func add(_ key: Key, _ cause: Cause, _ record: FlowObservation) {
      if let place = places[key] {
        entries[place].rejects += 1
        entries[place].causes[cause] += 1
        if entries[place].examples.count < RejectSummary.examplesPerKey {
          entries[place].examples.append(Example(record, cause: cause))
        }
      } else if entries.count < limit {
        places[key] = entries.count
        var causes = CauseCounts()
        causes[cause] = 1
        entries.append(
          Entry(key: key, rejects: 1, causes: causes, examples: [Example(record, cause: cause)]))
      } else {
        other += 1
      }
    }

    /// Adds the counts of a table of the REJECTs that follow, key by key in the order it met
    /// them: what adding those REJECTs one by one gives, as long as `later` kept every key it
    /// met (its `other` is then 0).
    mutating func merge(_ later: Table) {
      for entry in later.entries {
        if let place = places[entry.key] {
          entries[place].rejects += entry.rejects
          entries[place].causes += entry.causes
          let room = RejectSummary.examplesPerKey - entries[place].examples.count
          if room > 0 { entries[place].examples += entry.examples.prefix(room) }
        } else if entries.count < limit {
          places[entry.key] = entries.count
          entries.append(entry)
        } else {
          other += entry.rejects
        }
      }
      other += later.other
    }

    /// The `count` keys with the most REJECTs; among equal counts, the first met first.
    package func top(_ count: Int) -> [Entry] {
      Array(
        entries.indices.sorted { (entries[$1].rejects, $0) < (entries[$0].rejects, $1) }
          .prefix(count).map { entries[$0] })
    }
  }
}
