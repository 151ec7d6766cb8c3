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
  /// The slack `diagnose` allows: the horizon.
  public static let defaultSlack = Correlator.horizon
  let horizon = Correlator.horizon
  let diagnoser: Diagnoser
  /// The same diagnoser, shared by reference with every pending REJECT (a `Diagnoser` holds the
  /// whole topology: copying it into each would retain every table of it).
  private let shared: SharedDiagnoser

  /// The ENI ids and reject-reasons of the held records, numbered (``PackedObservation``).
  package private(set) var names = TokenInterner()

  /// Records held, by sequence number from `base` (the oldest held) to `nextSequence`
  /// (excluded), each in 36 bytes with its conversation's links (``CompactObservation``);
  /// those that do not fit are kept whole in `wide`, in input order too.
  private let ring = ChunkedRing<CompactObservation>()
  private let wide = ChunkedRing<PackedObservation>()
  /// The addresses of the held IPv6 records that fit but for them, in input order too.
  private let pairs = ChunkedRing<AddressPair>()
  /// The input each held record was read from, by where each input's records start.
  private var inputs = InputStarts()
  fileprivate private(set) var base = 0
  private var nextSequence = 0
  /// The next record to decide (in input order), and the next to drop.
  private var emitCursor = 0
  private var evictCursor = 0
  /// Records that have left the ring (their window is over for REJECTs still to come) but
  /// that a REJECT still to be decided reaches back to along its conversation: kept, with the
  /// link to the record before them, until no REJECT can relate to them, in input order.
  private var retained: [Int: Retained] = [:]
  private let retainedOrder = ChunkedRing<Int>()
  private struct Retained {
    var record: PackedObservation
    var previous: Int
    /// The last REJECT still to be decided that reaches back to it: once it is decided, no
    /// REJECT needs the record (one read later, unless late, starts more than the horizon
    /// after it).
    var until: Int
  }
  /// The last record of each conversation; each held record links to the one before it.
  let index: ChainIndex
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
  /// The conversations of the records dropped before their time because ``heldLimit``
  /// records were held: a REJECT of one of them, within the horizon after a dropped record,
  /// may have lost records of its conversation (``Correlator/Related/historyCut``).
  private var dropped: DroppedConversations

  /// The default ``heldLimit``: 4,194,304 records, about 150 MB of IPv4 records (36 bytes
  /// each, and 8 in the conversation index); a busy log of 800 records a second holds about 2
  /// million in its 42-minute window. It is also the most a diagnoser holds: a held record's
  /// links reach less than ``CompactObservation/linkLimit`` records.
  public static let defaultHeldLimit = 1 << 22

  public init(
    diagnoser: Diagnoser, reorderSlack: Int64 = StreamingDiagnoser.defaultSlack,
    heldLimit: Int = StreamingDiagnoser.defaultHeldLimit
  ) {
    self.init(
      diagnoser: diagnoser, reorderSlack: reorderSlack, heldLimit: heldLimit,
      hashSeed: HashSeed.process)
  }

  /// The same, with the conversation index hashed from `hashSeed` instead of the process's
  /// random one (tests: a seed under which a layout of the index once lost a link).
  package init(
    diagnoser: Diagnoser, reorderSlack: Int64 = StreamingDiagnoser.defaultSlack,
    heldLimit: Int = StreamingDiagnoser.defaultHeldLimit, hashSeed: UInt64
  ) {
    index = ChainIndex(seed: hashSeed)
    self.diagnoser = diagnoser
    shared = SharedDiagnoser(diagnoser)
    self.reorderSlack = reorderSlack
    self.heldLimit = min(max(heldLimit, 1), Self.defaultHeldLimit)
    dropped = DroppedConversations(horizon: Correlator.horizon)
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

    /// Whether the record's ENI is in the topology (`false` without one); a regional NAT
    /// gateway's records count when the topology holds the gateway.
    package var interfaceInTopology: Bool {
      context != nil
        || (record.isRegionalNATGateway
          && shared.diagnoser.topology?.natGateways[record.interfaceId] != nil)
    }

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
    let sequence = nextSequence
    var compact: CompactObservation
    if let fits = CompactObservation(observation) {
      compact = fits
    } else if let fits = CompactObservation(observation, pairPlace: pairs.end) {
      compact = fits
      pairs.append(AddressPair(source: observation.source, destination: observation.destination))
    } else {
      compact = CompactObservation(wide: observation, place: wide.end)
      wide.append(observation)
    }
    inputs.note(observation.file, at: sequence)
    let previous = index.append(key, sequence: sequence, oldest: base) {
      if $0 >= base {
        let held = ring[$0]
        if held.isPair {
          return ChainIndex.Packed.key(of: held, addresses: pairs[pairPlace(of: held)]) == key.key
        }
        if !held.isWide { return ChainIndex.Packed.key(of: held) == key.key }
      }
      return ChainIndex.Packed.key(of: packed(at: $0)) == key.key
    }
    // (Held records are fewer than a link reaches: the guard only keeps a link from wrapping.)
    if let previous, sequence - previous < CompactObservation.linkLimit {
      let distance = UInt32(sequence - previous)
      compact.previous = distance
      ring[previous].next = distance
    }
    ring.append(compact)
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
    // A record leaves the ring once no REJECT still to come can relate to it: every one read
    // from now on (unless late) starts at `watermark` or later, more than the horizon after it.
    // The few that a REJECT still to be decided reaches back to are retained until it is.
    let leftBelow = decidedBelow
    while emitCursor < nextSequence {
      let held = ring[emitCursor]
      // Deciding a REJECT reads its record, long out of the caches: ask for the one `ahead`
      // records on.
      let ahead = emitCursor &+ 16
      if ahead < nextSequence { flowcause_prefetch(ring.address(of: ahead)) }
      if held.isReject {
        // Without a `start` (-1), nothing is ever safe to decide before the end. Past the held
        // limit, the records held are shared between the REJECTs' futures and their pasts:
        // a REJECT is decided once half the limit of records follows it, and the other half
        // stays behind it, for those decided next.
        let start = start(of: held)
        let closed = final || (start >= 0 && start < decidedBelow)
        guard closed || nextSequence - emitCursor > heldLimit / 2 else { break }
        if !closed { decidedEarly += 1 }
        if let pending = decide(emitCursor) { emit(pending) }
      }
      emitCursor += 1
    }
    // Records leave in input order; a conversation's chain simply ends at the first record
    // below `base`, and the index drops conversations with no record left lazily.
    var wideBase = wide.base
    var pairBase = pairs.base
    while evictCursor < emitCursor {
      let held = ring[evictCursor]
      let start = start(of: held)
      let forced = nextSequence - evictCursor > heldLimit
      let due = start >= 0 && start < leftBelow
      guard final || due || forced else { break }
      if !final && !due { noteDropped(packed(at: evictCursor)) }
      if !final && !forced, let until = lastReachingBack(evictCursor) {
        retained[evictCursor] = Retained(
          record: packed(at: evictCursor), previous: links(at: evictCursor).previous,
          until: until)
        retainedOrder.append(evictCursor)
      }
      if held.isWide { wideBase = widePlace(of: held) + 1 }
      if held.isPair { pairBase = pairPlace(of: held) + 1 }
      evictCursor += 1
    }
    base = evictCursor
    ring.dropFront(to: base)
    inputs.dropFront(to: base)
    wide.dropFront(to: wideBase)
    pairs.dropFront(to: pairBase)
    while retainedOrder.base < retainedOrder.end {
      let sequence = retainedOrder[retainedOrder.base]
      let until = retained[sequence]?.until ?? -1
      guard final || until < emitCursor || retained.count + (nextSequence - base) > heldLimit
      else { break }
      if !final && until >= emitCursor, let record = retained[sequence]?.record {
        // Dropped while a REJECT still to be decided reaches back to it.
        noteDropped(record)
      }
      retained[sequence] = nil
      retainedOrder.dropFront(to: retainedOrder.base + 1)
    }
  }

  /// The last REJECT still to be decided that reaches back to the record at `sequence` along
  /// its conversation, within ``Correlator/scannedPerSide`` records after it (the most a
  /// REJECT's gathering looks back); `nil`: none.
  private func lastReachingBack(_ sequence: Int) -> Int? {
    var link = links(at: sequence).next
    var steps = 0
    var last: Int? = nil
    while link >= 0 && steps < Correlator.scannedPerSide {
      if link >= emitCursor && ring[link].isReject { last = link }
      link = links(at: link).next
      steps += 1
    }
    return last
  }

  /// Notes a record dropped before its time.
  private mutating func noteDropped(_ record: PackedObservation) {
    dropped.insert(ChainIndex.Packed(record, seed: index.seed).hash, start: record.start)
  }

  /// The place among the wide records of a wide record's stand-in.
  private func widePlace(of held: CompactObservation) -> Int {
    wide.base + Int(held.source &- UInt32(truncatingIfNeeded: wide.base))
  }

  /// The place among the address pairs of an IPv6 record's addresses.
  private func pairPlace(of held: CompactObservation) -> Int {
    pairs.base + Int(held.source &- UInt32(truncatingIfNeeded: pairs.base))
  }

  /// A held record's start (-1: none).
  private func start(of held: CompactObservation) -> Int64 {
    held.isWide ? wide[widePlace(of: held)].start : held.startTime
  }

  /// The held record at `sequence` (in the ring, or retained), as it was packed.
  fileprivate func packed(at sequence: Int) -> PackedObservation {
    if sequence < base, let kept = retained[sequence] { return kept.record }
    let held = ring[sequence]
    if held.isWide { return wide[widePlace(of: held)] }
    let file = inputs.file(at: sequence)
    return held.isPair
      ? held.packed(file: file, addresses: pairs[pairPlace(of: held)])
      : held.packed(file: file)
  }

  /// Whether the record at `sequence` is still held: in the ring, or retained.
  fileprivate func holds(_ sequence: Int) -> Bool {
    sequence >= base || (sequence >= 0 && retained[sequence] != nil)
  }

  /// The held record at `sequence`'s links: the conversation's record before it and after it
  /// (-1: none; a retained record's next is never walked to).
  fileprivate func links(at sequence: Int) -> (previous: Int, next: Int) {
    if sequence < base, let kept = retained[sequence] { return (kept.previous, -1) }
    let held = ring[sequence]
    return (
      held.previous == 0 ? -1 : sequence - Int(held.previous),
      held.next == 0 ? -1 : sequence + Int(held.next)
    )
  }

  /// The REJECT held at `sequence`, ready to decide; `nil` for a copy of an earlier record of
  /// its conversation, which is counted instead.
  private mutating func decide(_ sequence: Int) -> Pending? {
    let packed = packed(at: sequence)
    let held = links(at: sequence)
    let record = packed.observation(names: names)
    // The conversation's other held records: back along its chain from this record, and on
    // from it, the nearest first (``Correlator/related(to:before:after:)`` bounds both). Most
    // REJECTs have no other record held (a scan): nothing to relate.
    var related =
      !holds(held.previous) && held.next < 0
      ? Correlator.Related()
      : Correlator.related(
        to: record,
        before: Chain(diagnoser: self, link: held.previous, forward: false),
        after: Chain(diagnoser: self, link: held.next, forward: true))
    if let original = related.duplicateOf {
      duplicateRejects += 1
      if firstDuplicate == nil { firstDuplicate = (record, original) }
      return nil
    }
    let slot = Int(packed.interfaceSlot)
    related.interfaceLogsAccepts = slot >= 0 && slot < accepting.count && accepting[slot]
    // Starts are 0 or more (the reader takes no sign): `start - horizon` never overflows.
    related.historyCut =
      !dropped.isEmpty
      && dropped.mayHaveLost(
        ChainIndex.Packed(packed, seed: index.seed).hash,
        since: packed.start < 0 ? .min : packed.start - horizon)
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
  let diagnoser: StreamingDiagnoser
  var link: Int
  let forward: Bool

  mutating func next() -> FlowObservation? {
    guard link >= 0, diagnoser.holds(link) else { return nil }
    let record = diagnoser.packed(at: link)
    let links = diagnoser.links(at: link)
    link = forward ? links.next : links.previous
    return record.observation(names: diagnoser.names)
  }
}

/// A diagnoser behind one reference.
final class SharedDiagnoser: Sendable {
  let diagnoser: Diagnoser
  init(_ diagnoser: Diagnoser) { self.diagnoser = diagnoser }
}

/// Where each input's records start among the held records' sequence numbers: records arrive
/// input by input, so a held record's input is the last one started at or before it (the
/// compact form does not keep it, and so holds the records of any number of inputs).
struct InputStarts {
  private var sequences: [Int] = []
  private var files: [Int32] = []
  /// The first start still needed.
  private var head = 0

  /// Notes that the record at `sequence` (the newest) was read from `file`.
  @inline(__always)
  mutating func note(_ file: Int32, at sequence: Int) {
    if files.last != file {
      sequences.append(sequence)
      files.append(file)
    }
  }

  /// The input of the record at `sequence`, which is at or after the oldest still needed.
  func file(at sequence: Int) -> Int32 {
    var high = sequences.count - 1
    if sequences[high] <= sequence { return files[high] }
    var low = head
    while low < high {
      let middle = (low + high + 1) / 2
      if sequences[middle] <= sequence { low = middle } else { high = middle - 1 }
    }
    return files[low]
  }

  /// Forgets the inputs whose records are all before `sequence`.
  mutating func dropFront(to sequence: Int) {
    while head + 1 < sequences.count && sequences[head + 1] <= sequence { head += 1 }
    if head >= 64 && head * 2 >= sequences.count {
      sequences.removeFirst(head)
      files.removeFirst(head)
      head = 0
    }
  }
}
