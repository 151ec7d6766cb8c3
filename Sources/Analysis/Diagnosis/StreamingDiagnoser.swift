import NetworkPrimitives

/// Diagnoses REJECT records as they are read, holding only the records inside the correlation
/// horizon: memory follows the conversations alive in a window of time, not the input's size.
///
/// It gives the same diagnoses as ``Diagnoser/diagnose(_:)`` (the batch path, which keeps every
/// record) when no record arrives more than ``reorderSlack`` seconds behind the newest `start`
/// read so far. Flow log files are close to time order: an S3 object or a CloudWatch stream
/// covers a few minutes, and objects follow each other in time. Two places may differ:
/// - a record that arrives later than the slack (a file given out of time order) is correlated
///   only with the records still held; ``lateRecords`` counts them so the caller can say so;
/// - the address an ENI shows for itself (used for the direction when neither the record nor the
///   topology tells) is the most frequent one in the records read so far, not in the whole input.
///
/// Diagnoses come out in input order. A REJECT is decided once records up to `horizon + slack`
/// seconds after its `start` have been read (or at ``finish(decided:)``); a record is dropped once no
/// REJECT still to be decided can be related to it.
public struct StreamingDiagnoser {
  /// Seconds a record may arrive behind the newest `start` read and still meet every partner.
  public let reorderSlack: Int64
  let horizon = Correlator.horizon
  let diagnoser: Diagnoser

  /// A record held, and the next record of its conversation (a sequence number, or -1).
  private struct Held {
    var observation: FlowObservation
    var next = -1
  }

  /// Records held, oldest first; `records[i]` has sequence number `base + i`.
  private var records: [Held] = []
  private var head = 0
  private var base = 0
  /// The next record to decide (in input order), and the next to drop from `index`.
  private var emitCursor = 0
  private var evictCursor = 0
  /// The held records of each conversation, chained in input order.
  private var index = ChainIndex()
  private var tally = AddressTally()
  private var newestStart: Int64 = .min

  /// Records that arrived after records more than the slack newer had been read.
  public private(set) var lateRecords = 0
  /// The most records held at once (a measure of the window's size).
  public private(set) var peakHeld = 0

  public init(diagnoser: Diagnoser, reorderSlack: Int64 = Correlator.horizon) {
    self.diagnoser = diagnoser
    self.reorderSlack = reorderSlack
  }

  /// A REJECT whose window has closed, with everything its diagnosis needs: deciding it is a
  /// pure function (``decide()``), so it can run on another thread while reading goes on.
  public struct Pending: Sendable {
    public let record: FlowObservation
    let related: Correlator.Related
    let inferredAddress: IPAddress?
    let diagnoser: Diagnoser

    /// The diagnosis.
    public func decide() -> Diagnosis {
      diagnoser.diagnose(record, related: related, inferredAddress: inferredAddress)
    }
  }

  /// Adds the next record in input order; hands every diagnosis now decided to `emit`.
  public mutating func add(_ observation: FlowObservation, decided emit: (Diagnosis) -> Void) {
    add(observation, pending: { emit($0.decide()) })
  }

  /// Decides every REJECT still held; call once after the last record.
  public mutating func finish(decided emit: (Diagnosis) -> Void) {
    finishPending { emit($0.decide()) }
  }

  /// Adds the next record in input order; hands every REJECT whose window has closed to
  /// `pending`, in input order, to be decided there or elsewhere.
  public mutating func add(_ observation: FlowObservation, pending emit: (Pending) -> Void) {
    let sequence = base + records.count - head
    records.append(Held(observation: observation))
    if let previousTail = index.append(Correlator.key(observation), sequence: sequence) {
      records[head + previousTail - base].next = sequence
    }
    // A record that carries its flow-direction never needs the ENI's own address.
    if observation.flowDirection == nil { tally.count(observation) }
    if let start = observation.start {
      if start > newestStart {
        newestStart = start
      } else if start < newestStart - reorderSlack {
        lateRecords += 1
      }
    }
    peakHeld = max(peakHeld, records.count - head)
    advance(final: false, emit)
  }

  /// Hands every REJECT still held to `pending`; call once after the last record.
  public mutating func finishPending(_ emit: (Pending) -> Void) {
    advance(final: true, emit)
  }

  /// Decides the records whose window has closed, then drops the ones no longer needed.
  private mutating func advance(final: Bool, _ emit: (Pending) -> Void) {
    let end = base + records.count - head
    let watermark = newestStart == .min ? Int64.min : newestStart - reorderSlack
    while emitCursor < end {
      let record = records[head + emitCursor - base].observation
      if record.action == .reject {
        // Without a `start`, nothing is ever safe to decide before the end.
        guard final || (record.start.map { $0 + horizon < watermark } ?? false) else { break }
        emit(decide(emitCursor))
      }
      emitCursor += 1
    }
    while evictCursor < emitCursor {
      let held = records[head + evictCursor - base]
      let record = held.observation
      guard final || (record.start.map { $0 + 2 * horizon < watermark } ?? false) else { break }
      // Records leave in input order, so this one heads its conversation's chain.
      index.removeHead(Correlator.key(record), sequence: evictCursor, next: held.next)
      evictCursor += 1
    }
    // Drop evicted records from the front; compact the storage when half of it is dead.
    let dead = evictCursor - base
    if dead > 0 {
      head += dead
      base = evictCursor
      if head > 4096 && head * 2 > records.count {
        records.removeFirst(head)
        head = 0
      }
    }
  }

  private func decide(_ sequence: Int) -> Pending {
    let record = records[head + sequence - base].observation
    var candidates: [FlowObservation] = []
    var link = index.head(of: Correlator.key(record)) ?? -1
    while link >= 0 {
      let held = records[head + link - base]
      if link != sequence { candidates.append(held.observation) }
      link = held.next
    }
    let related = Correlator.related(to: record, candidates: candidates)
    return Pending(
      record: record, related: related,
      inferredAddress: tally.address(of: record), diagnoser: diagnoser)
  }
}

/// The first and last held record (sequence numbers) of each conversation: a hash table of
/// its own, open addressing with linear probing and backward-shift deletion, hashed by the
/// key's one-word mix. Correlation looks a conversation up five times a record; the standard
/// `Dictionary` spent most of that in SipHash.
struct ChainIndex {
  private struct Slot {
    var key: Correlator.Key
    var head: Int
    var tail: Int
  }

  private var slots: [Slot?] = Array(repeating: nil, count: 1024)
  private var mask = 1023
  private(set) var count = 0

  private func slot(of key: Correlator.Key) -> (position: Int, found: Bool) {
    var position = Int(truncatingIfNeeded: key.mixed) & mask
    while let slot = slots[position] {
      if slot.key == key { return (position, true) }
      position = (position &+ 1) & mask
    }
    return (position, false)
  }

  /// The first held record of `key`'s conversation.
  func head(of key: Correlator.Key) -> Int? {
    let (position, found) = slot(of: key)
    return found ? slots[position]?.head : nil
  }

  /// Chains `sequence` to its conversation; returns the previous last record, if any.
  mutating func append(_ key: Correlator.Key, sequence: Int) -> Int? {
    let (position, found) = slot(of: key)
    if found {
      let tail = slots[position]?.tail
      slots[position]?.tail = sequence
      return tail
    }
    slots[position] = Slot(key: key, head: sequence, tail: sequence)
    count += 1
    if count * 2 > slots.count { grow() }
    return nil
  }

  /// Drops `sequence`, the first record of its conversation; `next` follows it in the chain.
  mutating func removeHead(_ key: Correlator.Key, sequence: Int, next: Int) {
    let (position, found) = slot(of: key)
    guard found, let slot = slots[position] else { return }
    if slot.tail != sequence {
      slots[position]?.head = next
      return
    }
    // Backward-shift deletion: pull later members of the probe run into the hole.
    var hole = position
    var probe = (position &+ 1) & mask
    slots[hole] = nil
    while let moving = slots[probe] {
      let home = Int(truncatingIfNeeded: moving.key.mixed) & mask
      // Move `moving` if its home is not cyclically within (hole, probe].
      let distanceToProbe = (probe &- home) & mask
      let distanceToHole = (probe &- hole) & mask
      if distanceToProbe >= distanceToHole {
        slots[hole] = moving
        slots[probe] = nil
        hole = probe
      }
      probe = (probe &+ 1) & mask
    }
    count -= 1
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: nil, count: old.count * 2)
    mask = slots.count - 1
    for case let slot? in old {
      var position = Int(truncatingIfNeeded: slot.key.mixed) & mask
      while slots[position] != nil { position = (position &+ 1) & mask }
      slots[position] = slot
    }
  }
}

/// The address each ENI shows for itself, counted as records arrive: a heavy-hitters summary
/// (Misra and Gries) of a few counters per ENI, so that memory does not grow with the number of
/// peers. An address in more than a ninth of an ENI's address slots is always among the
/// counters; an ENI's own address is in about half of them (one side of every record).
struct AddressTally {
  static let slots = 8
  private var counters: [String: [(address: IPAddress, count: Int)]] = [:]
  /// The same, for ENIs the reader numbered (``FlowObservation/interfaceSlot``).
  private var countersBySlot: [[(address: IPAddress, count: Int)]] = []

  mutating func count(_ observation: FlowObservation) {
    let slot = Int(observation.interfaceSlot)
    guard slot >= 0 else {
      Self.add(
        observation.source, observation.destination,
        to: &counters[observation.interfaceId, default: []])
      return
    }
    while countersBySlot.count <= slot { countersBySlot.append([]) }
    Self.add(observation.source, observation.destination, to: &countersBySlot[slot])
  }

  private static func add(
    _ source: IPAddress, _ destination: IPAddress,
    to list: inout [(address: IPAddress, count: Int)]
  ) {
    add(source, to: &list)
    add(destination, to: &list)
  }

  private static func add(_ address: IPAddress, to list: inout [(address: IPAddress, count: Int)]) {
    if let position = list.firstIndex(where: { $0.address == address }) {
      list[position].count += 1
    } else if list.count < slots {
      list.append((address, 1))
    } else {
      for position in list.indices { list[position].count -= 1 }
      list.removeAll { $0.count <= 0 }
    }
  }

  /// The most counted address of `observation`'s ENI, unless two share the top count.
  func address(of observation: FlowObservation) -> IPAddress? {
    let slot = Int(observation.interfaceSlot)
    let counted =
      slot >= 0
      ? (slot < countersBySlot.count ? countersBySlot[slot] : nil)
      : counters[observation.interfaceId]
    guard let list = counted, let best = list.max(by: { $0.count < $1.count })
    else { return nil }
    guard list.filter({ $0.count == best.count }).count == 1 else { return nil }
    return best.address
  }
}
