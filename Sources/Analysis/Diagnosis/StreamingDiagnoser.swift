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
  /// The first and last held records of a conversation (sequence numbers).
  private struct Chain {
    var head: Int
    var tail: Int
  }

  /// Records held, oldest first; `records[i]` has sequence number `base + i`.
  private var records: [Held] = []
  private var head = 0
  private var base = 0
  /// The next record to decide (in input order), and the next to drop from `index`.
  private var emitCursor = 0
  private var evictCursor = 0
  /// The held records of each conversation, chained in input order.
  private var index: [Correlator.Key: Chain] = [:]
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
    let key = Correlator.key(observation)
    if let chain = index[key] {
      records[head + chain.tail - base].next = sequence
      index[key] = Chain(head: chain.head, tail: sequence)
    } else {
      index[key] = Chain(head: sequence, tail: sequence)
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
      let key = Correlator.key(record)
      if let chain = index[key] {
        index[key] = chain.tail == evictCursor ? nil : Chain(head: held.next, tail: chain.tail)
      }
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
    var link = index[Correlator.key(record)]?.head ?? -1
    while link >= 0 {
      let held = records[head + link - base]
      if link != sequence { candidates.append(held.observation) }
      link = held.next
    }
    let related = Correlator.related(to: record, candidates: candidates)
    return Pending(
      record: record, related: related,
      inferredAddress: tally.address(of: record.interfaceId), diagnoser: diagnoser)
  }
}

/// The address each ENI shows for itself, counted as records arrive: a heavy-hitters summary
/// (Misra and Gries) of a few counters per ENI, so that memory does not grow with the number of
/// peers. An address in more than a ninth of an ENI's address slots is always among the
/// counters; an ENI's own address is in about half of them (one side of every record).
struct AddressTally {
  static let slots = 8
  private var counters: [String: [(address: IPAddress, count: Int)]] = [:]

  mutating func count(_ observation: FlowObservation) {
    Self.add(
      observation.source, observation.destination,
      to: &counters[observation.interfaceId, default: []])
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

  /// The most counted address, unless two share the top count.
  func address(of interfaceId: String) -> IPAddress? {
    guard let list = counters[interfaceId], let best = list.max(by: { $0.count < $1.count })
    else { return nil }
    guard list.filter({ $0.count == best.count }).count == 1 else { return nil }
    return best.address
  }
}
