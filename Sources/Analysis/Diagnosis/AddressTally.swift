import NetworkPrimitives

/// The address each ENI shows for itself, counted as records arrive: a heavy-hitters summary
/// (Misra and Gries) of a few counters per ENI, so that memory does not grow with the number of
/// peers. An address in more than a ninth of an ENI's address slots is always among the
/// counters; an ENI's own address is in about half of them (one side of every record).
///
/// The counters of all ENIs are one flat array, eight places an ENI (a count of 0 is a free
/// place), read through a pointer: this runs on the reading thread for every record. What it
/// answers depends only on which addresses hold which counts, not on their places.
struct AddressTally {
  static let slots = 8

  /// One counter: an address's bits (an IPv4 address in the low 32), its family, its count.
  private struct Counter {
    var bits: UInt128 = 0
    var isIPv6 = false
    var count: Int32 = 0
  }

  /// The counters of ENI `n` (the streaming diagnoser's interner's number for its id) at
  /// `n * slots ..< (n + 1) * slots`.
  private var counters: [Counter] = []

  /// Counts a held record's addresses for its ENI (numbered: the slot is never negative).
  mutating func count(_ record: PackedObservation) {
    let base = Int(record.interfaceSlot) * Self.slots
    if base + Self.slots > counters.count {
      counters += Array(repeating: Counter(), count: base + Self.slots - counters.count)
    }
    counters.withUnsafeMutableBufferPointer { buffer in
      guard let start = buffer.baseAddress else { return }
      let list = start + base
      Self.add(record.source, isIPv6: record.bits & 1 != 0, to: list)
      Self.add(record.destination, isIPv6: record.bits & 2 != 0, to: list)
    }
  }

  /// One more sight of an address: its counter goes up; or it takes a free place with a count
  /// of 1; or, with every place taken, every counter goes down (and the address is dropped).
  private static func add(_ bits: UInt128, isIPv6: Bool, to list: UnsafeMutablePointer<Counter>) {
    var free = -1
    for place in 0..<slots {
      if list[place].count > 0 {
        if list[place].bits == bits && list[place].isIPv6 == isIPv6 {
          list[place].count += 1
          return
        }
      } else if free < 0 {
        free = place
      }
    }
    if free >= 0 {
      list[free] = Counter(bits: bits, isIPv6: isIPv6, count: 1)
      return
    }
    for place in 0..<slots { list[place].count -= 1 }
  }

  /// The most counted address of `observation`'s ENI (unpacked from a held record, so its
  /// slot is set), unless two share the top count.
  func address(of observation: FlowObservation) -> IPAddress? {
    let slot = Int(observation.interfaceSlot)
    guard slot >= 0, (slot + 1) * Self.slots <= counters.count else { return nil }
    var best: Counter? = nil
    var tied = 0
    for counter in counters[(slot * Self.slots)..<((slot + 1) * Self.slots)] where counter.count > 0
    {
      if let top = best, top.count > counter.count { continue }
      if let top = best, top.count == counter.count {
        tied += 1
        continue
      }
      best = counter
      tied = 1
    }
    guard let best, tied == 1 else { return nil }
    return best.isIPv6 ? .v6(best.bits) : .v4(UInt32(truncatingIfNeeded: best.bits))
  }
}
