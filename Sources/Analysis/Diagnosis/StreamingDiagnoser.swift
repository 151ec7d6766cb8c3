import CPrefetch
import FlowLogs
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
  /// The same diagnoser, shared by reference with every pending REJECT (a `Diagnoser` holds the
  /// whole topology: copying it into each would retain every table of it).
  private let shared: SharedDiagnoser

  /// A record held, packed, and the records of its conversation before it (a sequence number:
  /// one below `base` has left, or -1) and after it (-1: none yet).
  fileprivate struct Held {
    var record: PackedObservation
    var previous = -1
    var next = -1

    /// What an empty place of the ring holds.
    static let placeholder = Held(
      record: PackedObservation(
        source: 0, destination: 0, line: 0, packets: -1, start: -1, end: -1, tcpFlags: -1,
        file: 0, interfaceSlot: 0, reasonSlot: -1, sourcePort: 0, destinationPort: 0,
        protocolNumber: 0, bits: 0))
  }

  /// The ENI ids and reject-reasons of the held records, numbered (``PackedObservation``).
  package private(set) var names = TokenInterner()

  /// Records held, in a ring: sequence number `n` lives at `ring[n & ringMask]`, for `n` from
  /// `base` (the oldest held) to `nextSequence` (excluded). A ring never moves the records it
  /// keeps, except to grow.
  private var ring: [Held] = []
  /// What deciding and dropping read of each held record, in a ring of its own beside `ring`:
  /// those two cursors walk far behind the newest record, and read 16 bytes a record here
  /// instead of a record's whole cache lines.
  private var marks: [Mark] = []
  private var ringMask = -1
  private var base = 0
  private var nextSequence = 0
  /// The next record to decide (in input order), and the next to drop from `index`.
  private var emitCursor = 0
  private var evictCursor = 0
  /// The last record of each conversation; each held record links to the one before it.
  let index = ChainIndex()
  private var tally = AddressTally()
  /// Each ENI's context, by its interned number.
  private var contexts: [KnownContext] = []
  private enum KnownContext {
    case unknown
    case known(InterfaceContext?)
  }
  private var newestStart: Int64 = .min
  /// Whether each ENI (by its interned number) has had an accepted record.
  private var accepting: [Bool] = []

  /// Records that arrived after records more than the slack newer had been read.
  public private(set) var lateRecords = 0
  /// REJECT records that copy an earlier record of their conversation (a file given twice,
  /// overlapping exports), counted and not diagnosed again; the first of them, and the record
  /// it copies.
  public private(set) var duplicateRejects = 0
  public private(set) var firstDuplicate: (copy: FlowObservation, of: FlowObservation)? = nil
  /// The most records held at once (a measure of the window's size).
  public private(set) var peakHeld = 0
  /// The most records held at once: past it, the oldest REJECTs are decided before their
  /// window closes (with the records read so far) and the oldest records leave, so that
  /// memory stays bounded whatever the input's times (a log whose records all share one
  /// minute would otherwise be held whole).
  public let heldLimit: Int
  /// REJECTs decided before their window closed, because ``heldLimit`` records were held.
  public private(set) var decidedEarly = 0

  /// The default ``heldLimit``: 4,194,304 records, about 1.4 GB; a busy log of 800 records a
  /// second holds about 3 million in its 63-minute window.
  public static let defaultHeldLimit = 1 << 22

  public init(
    diagnoser: Diagnoser, reorderSlack: Int64 = Correlator.horizon,
    heldLimit: Int = StreamingDiagnoser.defaultHeldLimit
  ) {
    self.diagnoser = diagnoser
    shared = SharedDiagnoser(diagnoser)
    self.reorderSlack = reorderSlack
    self.heldLimit = max(heldLimit, 1)
  }

  /// A REJECT whose window has closed, with everything its diagnosis needs: deciding it is a
  /// pure function (``decide()``), so it can run on another thread while reading goes on.
  ///
  /// A class: a pending REJECT is handed from the reading thread to a batch and a worker, and
  /// each copy of a value this size retained and released its every string and array.
  public final class Pending: Sendable {
    public let record: FlowObservation
    let related: Correlator.Related
    let inferredAddress: IPAddress?
    let shared: SharedDiagnoser
    /// The record's ENI in the topology, looked up by its interned number (`nil`: not in it,
    /// or no topology).
    let context: InterfaceContext?

    init(
      record: FlowObservation, related: Correlator.Related, inferredAddress: IPAddress?,
      shared: SharedDiagnoser, context: InterfaceContext?
    ) {
      self.record = record
      self.related = related
      self.inferredAddress = inferredAddress
      self.shared = shared
      self.context = context
    }

    /// The diagnosis.
    public func decide() -> Diagnosis {
      shared.diagnoser.diagnose(record, related: related, inferredAddress: inferredAddress)
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
    add(packed: PackedObservation(observation, interner: &names), emit)
  }

  /// The same, for a record read straight from the input (the reading path: the record is
  /// packed as it is read, and never becomes a `FlowObservation` unless it is related to a
  /// REJECT). Records without the fields diagnosis needs are skipped, as
  /// `FlowObservation(record:file:indices:)` skips them.
  /// Returns whether the record was taken (`false`: it lacks a field diagnosis needs).
  @discardableResult
  package mutating func add(
    record: RecordLine, file: Int, indices: FlowObservation.FieldIndices,
    pending emit: (Pending) -> Void
  ) -> Bool {
    guard
      let packed = PackedObservation(
        record: record, file: file, indices: indices, interner: &names)
    else { return false }
    add(packed: packed, emit)
    return true
  }

  /// The same, for the records of a part of the input packed on another thread, whose ENI ids
  /// `partNames` numbered, and whose line numbers are `lineOffset` short (the part's lines were
  /// numbered from 1).
  package mutating func add(
    part records: [PackedObservation], names partNames: TokenInterner, lineOffset: Int = 0,
    pending emit: (Pending) -> Void
  ) {
    var translation: [Int32] = []
    // Each record's slot in the conversation index is asked for `ahead` records before it is
    // looked up (docs/performance.md, "Where flowcause stands").
    let keys = records.map { ChainIndex.Packed($0, seed: index.seed) }
    let ahead = 8
    for position in records.indices {
      if position + ahead < keys.count { index.prefetch(keys[position + ahead]) }
      var packed = records[position]
      packed.renumber(from: partNames, into: &names, translation: &translation)
      packed.line &+= lineOffset
      add(packed: packed, key: keys[position], emit)
    }
  }

  private mutating func add(packed observation: PackedObservation, _ emit: (Pending) -> Void) {
    add(packed: observation, key: ChainIndex.Packed(observation, seed: index.seed), emit)
  }

  private mutating func add(
    packed observation: PackedObservation, key: ChainIndex.Packed, _ emit: (Pending) -> Void
  ) {
    if nextSequence - base == ring.count { growRing() }
    let sequence = nextSequence
    let previous = index.append(key, sequence: sequence, oldest: base) ?? -1
    ring[sequence & ringMask] = Held(record: observation, previous: previous)
    if previous >= 0 { ring[previous & ringMask].next = sequence }
    marks[sequence & ringMask] = Mark(
      start: observation.start, isReject: observation.action == .reject, tag: key.tag)
    nextSequence += 1
    if observation.action == .accept {
      let slot = Int(observation.interfaceSlot)
      if slot >= accepting.count {
        accepting += Array(repeating: false, count: slot + 1 - accepting.count)
      }
      accepting[slot] = true
    }
    // A record that carries its flow-direction never needs the ENI's own address.
    if !observation.hasFlowDirection { tally.count(observation) }
    if let start = observation.startTime {
      if start > newestStart {
        newestStart = start
      } else if start < newestStart - reorderSlack {
        lateRecords += 1
      }
    }
    peakHeld = max(peakHeld, nextSequence - base)
    advance(final: false, emit)
  }

  /// Hands every REJECT still held to `pending`; call once after the last record.
  public mutating func finishPending(_ emit: (Pending) -> Void) {
    advance(final: true, emit)
  }

  /// Decides the records whose window has closed, then drops the ones no longer needed.
  private mutating func advance(final: Bool, _ emit: (Pending) -> Void) {
    // Starts read from the input are 0 or more (the reader takes no sign), so these never
    // overflow, however near Int64.max a start is; with no start read, nothing is decided
    // before the end.
    let watermark = newestStart == .min ? Int64.min : newestStart - reorderSlack
    let decidedBelow = watermark == .min ? Int64.min : watermark - horizon
    let droppedBelow = watermark == .min ? Int64.min : watermark - 2 * horizon
    while emitCursor < nextSequence {
      let mark = marks[emitCursor & ringMask]
      // Deciding a REJECT reads its record and its conversation's index slot, both long out
      // of the caches: ask for those of the REJECT `ahead` records on.
      let ahead = emitCursor &+ 16
      if ahead < nextSequence, marks[ahead & ringMask].isReject {
        index.prefetch(tag: marks[ahead & ringMask].tag)
        ring.withUnsafeBufferPointer { held in
          if let base = held.baseAddress { flowcause_prefetch(base + (ahead & ringMask)) }
        }
      }
      if mark.isReject {
        // Without a `start` (-1), nothing is ever safe to decide before the end; past the
        // held limit, the oldest is decided now.
        let closed = final || (mark.start >= 0 && mark.start < decidedBelow)
        guard closed || nextSequence - emitCursor > heldLimit else { break }
        if !closed { decidedEarly += 1 }
        if let pending = decide(emitCursor) { emit(pending) }
      }
      emitCursor += 1
    }
    // Records leave in input order; a conversation's chain simply ends at the first record
    // below `base`, and the index drops conversations with no record left lazily.
    while evictCursor < emitCursor {
      let start = marks[evictCursor & ringMask].start
      guard final || (start >= 0 && start < droppedBelow) || nextSequence - evictCursor > heldLimit
      else { break }
      evictCursor += 1
    }
    base = evictCursor
  }

  /// Doubles the ring, keeping each held record at its sequence number's new place.
  private mutating func growRing() {
    let capacity = max(1024, ring.count * 2)
    var grown = Array(repeating: Held.placeholder, count: capacity)
    var grownMarks = Array(repeating: Mark(start: -1, isReject: false, tag: 0), count: capacity)
    for sequence in base..<nextSequence {
      grown[sequence & (capacity - 1)] = ring[sequence & ringMask]
      grownMarks[sequence & (capacity - 1)] = marks[sequence & ringMask]
    }
    ring = grown
    marks = grownMarks
    ringMask = capacity - 1
  }

  /// The REJECT held at `sequence`, ready to decide; `nil` for a copy of an earlier record of
  /// its conversation, which is counted instead.
  private mutating func decide(_ sequence: Int) -> Pending? {
    let held = ring[sequence & ringMask]
    let packed = held.record
    let record = packed.observation(names: names)
    // The conversation's other held records: back along its chain from this record, and on
    // from it, the nearest first (``Correlator/related(to:before:after:)`` bounds both). Most
    // REJECTs have no other record held (a scan): nothing to relate.
    var related =
      held.previous < base && held.next < 0
      ? Correlator.Related()
      : Correlator.related(
        to: record,
        before: Chain(
          ring: ring, names: names, mask: ringMask, link: held.previous, base: base,
          forward: false),
        after: Chain(
          ring: ring, names: names, mask: ringMask, link: held.next, base: base, forward: true))
    if let original = related.duplicateOf {
      duplicateRejects += 1
      if firstDuplicate == nil { firstDuplicate = (record, original) }
      return nil
    }
    let slot = Int(packed.interfaceSlot)
    related.interfaceLogsAccepts = slot >= 0 && slot < accepting.count && accepting[slot]
    let context = context(slot: packed.interfaceSlot, id: record.interfaceId)
    // The address the ENI shows for itself is read only where the direction needs it
    // (`Diagnoser.direction(of:context:inferredAddress:)`): the record names no direction, and
    // the ENI's context (the one the diagnoser looks up) owns neither of its addresses.
    let needsAddress =
      record.flowDirection == nil
      && !(context.map { $0.owns(record.destination) || $0.owns(record.source) } ?? false)
    return Pending(
      record: record, related: related,
      inferredAddress: needsAddress ? tally.address(of: record) : nil, shared: shared,
      context: context)
  }

  /// The ENI's context in the topology, by the number the interner gave its id: looked up by
  /// id once per ENI, not once per REJECT.
  private mutating func context(slot: Int32, id: String) -> InterfaceContext? {
    let slot = Int(slot)
    guard slot >= 0 else { return diagnoser.tracer?.index.context(ofInterface: id) }
    while contexts.count <= slot { contexts.append(.unknown) }
    if case .known(let context) = contexts[slot] { return context }
    let context = diagnoser.tracer?.index.context(ofInterface: id)
    contexts[slot] = .known(context)
    return context
  }
}

/// Held records of one conversation as observations, following their links from one (the
/// nearest first): back along `previous`, or on along `next`. A link below `base` (a record
/// that has left) or -1 ends it.
private struct Chain: Sequence, IteratorProtocol {
  let ring: [StreamingDiagnoser.Held]
  let names: TokenInterner
  let mask: Int
  var link: Int
  let base: Int
  let forward: Bool

  mutating func next() -> FlowObservation? {
    guard link >= 0, link >= base else { return nil }
    let held = ring[link & mask]
    link = forward ? held.next : held.previous
    return held.record.observation(names: names)
  }
}

/// What the deciding and dropping cursors read of a held record: its `start` (-1: none) and
/// whether it is a REJECT.
private struct Mark {
  var start: Int64
  var isReject: Bool
  /// The piece of its conversation key's hash the index keeps (its slot's place).
  var tag: UInt32
}

/// A diagnoser behind one reference.
final class SharedDiagnoser: Sendable {
  let diagnoser: Diagnoser
  init(_ diagnoser: Diagnoser) { self.diagnoser = diagnoser }
}

/// The last record (a sequence number) of each conversation: a hash table of its own, open
/// addressing with linear probing, hashed by the key's one-word mix. Each held record links to
/// the one before it in its conversation, so the table is looked up once when a record arrives
/// and once when a REJECT is decided, never when a record leaves: a conversation whose last
/// record has left (below `oldest`, the oldest record held) is stale, and its slot is taken by
/// the next key that probes past it, or dropped when the table is rebuilt, so the table stays
/// within a few times the conversations alive. The table (some 300,000 conversations in an
/// hour of 7,000 records a minute) is far larger than the caches, so each slot keeps the key in
/// a compact form, a piece of its hash and the last record in one 64-byte line, allocated on a
/// line boundary: a lookup costs one cache miss (the standard `Dictionary` spent most of its
/// time in SipHash, and an array of hashes beside an array of entries cost two misses).
final class ChainIndex {
  /// A key as the slots hold it: the addresses (an IPv4 address in the low 32 bits), both
  /// ports, and the protocol with each address's family.
  struct PackedKey: Equatable {
    var low: UInt128 = 0
    var high: UInt128 = 0
    var ports: UInt32 = 0
    var kind: UInt16 = 0
  }

  /// One slot, 64 bytes: a key, a piece of its hash (0: empty), the conversation's last record.
  private struct Slot {
    var key: PackedKey
    var tag: UInt32
    var tail: Int

    static let empty = Slot(key: PackedKey(), tag: 0, tail: -1)
  }

  /// A key packed, and its hash.
  struct Packed {
    var key = PackedKey()
    var hash: UInt64

    init(_ key: Correlator.Key, seed: UInt64 = HashSeed.process) {
      func bits(_ address: IPAddress) -> (UInt128, UInt16) {
        switch address {
        case .v4(let value): (UInt128(value), 0)
        case .v6(let value): (value, 1)
        }
      }
      let (low, lowFamily) = bits(key.low.address)
      let (high, highFamily) = bits(key.high.address)
      self.key = PackedKey(
        low: low, high: high, ports: UInt32(key.low.port) << 16 | UInt32(key.high.port),
        kind: UInt16(key.protocolNumber) << 2 | lowFamily << 1 | highFamily)
      var hash = key.mixed(seed: seed)
      hash = (hash ^ (hash >> 33)) &* 0xFF51_AFD7_ED55_8CCD
      hash = (hash ^ (hash >> 33)) &* 0xC4CE_B9FE_1A85_EC53
      self.hash = hash ^ (hash >> 33)
    }

    /// The same as `Packed(record.key)`, read from the record's raw fields without making
    /// addresses and endpoints (this runs for every record on the reading thread): the lower
    /// endpoint by family, then address, then port; the hash mixed in `Correlator.Key.mixed`'s
    /// order. `ChainIndexTests` compares both on random records.
    init(_ record: PackedObservation, seed: UInt64 = HashSeed.process) {
      let sourceFamily: UInt16 = record.bits & 1 != 0 ? 1 : 0
      let destinationFamily: UInt16 = record.bits & 2 != 0 ? 1 : 0
      let destinationFirst =
        (destinationFamily, record.destination, record.destinationPort)
        < (sourceFamily, record.source, record.sourcePort)
      let low =
        destinationFirst
        ? (family: destinationFamily, bits: record.destination, port: record.destinationPort)
        : (family: sourceFamily, bits: record.source, port: record.sourcePort)
      let high =
        destinationFirst
        ? (family: sourceFamily, bits: record.source, port: record.sourcePort)
        : (family: destinationFamily, bits: record.destination, port: record.destinationPort)
      key = PackedKey(
        low: low.bits, high: high.bits, ports: UInt32(low.port) << 16 | UInt32(high.port),
        kind: UInt16(record.protocolNumber) << 2 | low.family << 1 | high.family)
      func mix(_ endpoint: (family: UInt16, bits: UInt128, port: UInt16), into mixed: inout UInt64)
      {
        if endpoint.family == 0 {
          mixed = (mixed ^ UInt64(truncatingIfNeeded: endpoint.bits)) &* 0xBF58_476D_1CE4_E5B9
        } else {
          mixed = (mixed ^ UInt64(truncatingIfNeeded: endpoint.bits)) &* 0xBF58_476D_1CE4_E5B9
          mixed = (mixed ^ UInt64(truncatingIfNeeded: endpoint.bits >> 64)) &* 0x94D0_49BB_1331_11EB
        }
        mixed = (mixed ^ UInt64(endpoint.port) ^ (mixed >> 29)) &* 0x94D0_49BB_1331_11EB
      }
      var mixed = (UInt64(record.protocolNumber) ^ seed) &* 0x9E37_79B9_7F4A_7C15
      mix(low, into: &mixed)
      mix(high, into: &mixed)
      var hash = mixed ^ (mixed >> 31)
      hash = (hash ^ (hash >> 33)) &* 0xFF51_AFD7_ED55_8CCD
      hash = (hash ^ (hash >> 33)) &* 0xC4CE_B9FE_1A85_EC53
      self.hash = hash ^ (hash >> 33)
    }

    /// The piece of the hash a slot keeps, never 0.
    var tag: UInt32 { UInt32(truncatingIfNeeded: hash >> 32) | 1 }
  }

  /// Asks the processor for `key`'s home slot, to be looked up a few records later: the table
  /// is far larger than the caches, and a lookup is otherwise a wait on memory.
  @inline(__always)
  func prefetch(_ key: Packed) { prefetch(tag: key.tag) }

  @inline(__always)
  func prefetch(tag: UInt32) { flowcause_prefetch(UnsafeRawPointer(slots + home(tag))) }

  /// This process's hash seed, read once: keys are packed with it on every record.
  let seed = HashSeed.process

  private var slots: UnsafeMutablePointer<Slot>
  private(set) var capacity: Int
  private var mask: Int
  /// Slots in use, stale or not.
  private(set) var count = 0
  /// Slots looked at by every lookup so far: the work the index did (a test's measure that a
  /// log of colliding conversations keeps it linear).
  private(set) var probes = 0

  init() {
    capacity = 1024
    mask = capacity - 1
    slots = Self.allocate(capacity)
  }

  deinit { slots.deallocate() }

  private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Slot> {
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: capacity * MemoryLayout<Slot>.stride, alignment: 64)
    let pointer = raw.bindMemory(to: Slot.self, capacity: capacity)
    pointer.initialize(repeating: .empty, count: capacity)
    return pointer
  }

  /// A slot's place, from the bits of the tag above its lowest (which is always set).
  private func home(_ tag: UInt32) -> Int { Int(tag >> 1) & mask }

  /// The key's slot, or the empty slot that ends its probe run, and the first stale slot met
  /// before either (-1: none).
  private func find(_ key: Packed, oldest: Int) -> (position: Int, found: Bool, stale: Int) {
    let tag = key.tag
    var position = home(tag)
    var stale = -1
    while true {
      probes &+= 1
      let probe = slots[position].tag
      if probe == 0 { return (position, false, stale) }
      if probe == tag && slots[position].key == key.key { return (position, true, stale) }
      if stale < 0 && slots[position].tail < oldest { stale = position }
      position = (position &+ 1) & mask
    }
  }

  /// The last record of `key`'s conversation, if it is still held (at or after `oldest`).
  func tail(of key: Correlator.Key, oldest: Int) -> Int? {
    tail(of: Packed(key), oldest: oldest)
  }

  func tail(of key: Packed, oldest: Int) -> Int? {
    let (position, found, _) = find(key, oldest: oldest)
    guard found, slots[position].tail >= oldest else { return nil }
    return slots[position].tail
  }

  /// Makes `sequence` the last record of its conversation; returns the one before it, if it
  /// is still held (at or after `oldest`).
  func append(_ key: Correlator.Key, sequence: Int, oldest: Int) -> Int? {
    append(Packed(key), sequence: sequence, oldest: oldest)
  }

  func append(_ packed: Packed, sequence: Int, oldest: Int) -> Int? {
    let (position, found, stale) = find(packed, oldest: oldest)
    if found {
      let tail = slots[position].tail
      slots[position].tail = sequence
      return tail >= oldest ? tail : nil
    }
    // A new conversation takes the first stale slot on its probe run, or the empty one.
    if stale >= 0 {
      slots[stale] = Slot(key: packed.key, tag: packed.tag, tail: sequence)
      return nil
    }
    slots[position] = Slot(key: packed.key, tag: packed.tag, tail: sequence)
    count += 1
    if count * 4 > capacity * 3 { rebuild(oldest: oldest) }
    return nil
  }

  /// Drops the stale slots, in a table twice as large when over half of it is still alive.
  private func rebuild(oldest: Int) {
    var live = 0
    for position in 0..<capacity where slots[position].tag != 0 && slots[position].tail >= oldest {
      live += 1
    }
    let old = slots
    let oldCapacity = capacity
    if live * 2 > capacity { capacity *= 2 }
    mask = capacity - 1
    slots = Self.allocate(capacity)
    for position in 0..<oldCapacity where old[position].tag != 0 && old[position].tail >= oldest {
      var target = home(old[position].tag)
      while slots[target].tag != 0 { target = (target &+ 1) & mask }
      slots[target] = old[position]
    }
    count = live
    old.deallocate()
  }
}

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
