import FlowLogs
import NetworkPrimitives
import Synchronization

/// The words of REJECTs alike, decided once: a busy log's scans and backscatter are hundreds of
/// thousands of REJECTs, each with no other record of its conversation, that differ only in
/// addresses and ports no rule, route or constant of the decision tells apart.
///
/// A REJECT with no related record is decided from its ENI, its protocol, flags, direction,
/// reject-reason and ports' presence, the ENI's other evidence (whether it logs accepted
/// records, whether its history was cut), the address the ENI shows for itself, and its
/// addresses and ports: those through the cells of ``DecisionCells``, and through whether they
/// equal each other or the ENI's address. Its packets and times are not read: they are
/// compared only with related records'. ``Key`` holds exactly these; two REJECTs with one key
/// get the same ``Diagnosis/Words`` (`DecisionCellsTests` moves every simulated REJECT's
/// addresses, ports, packets and times within their cells and decides it again).
///
/// Decided the general way each time: a REJECT with related records, and one to or from an
/// address behind a NAT gateway (the gateway's translated port is a hash of the exact
/// addresses and ports, which a network ACL on the way back may judge:
/// ``DecisionCells/sendsThroughNATGateway(cell:)``).
///
/// One memo a thread (``Pool``): it is not shared while in use.
package final class VerdictMemo: @unchecked Sendable {
  package let cells: DecisionCells
  /// Each key's words, by their place in `words`: REJECTs of thousands of keys share a few
  /// dozen verdicts, and a place is 4 bytes where the words are some 90 (one memo a thread,
  /// each up to ``limit`` keys).
  private var verdicts: [Key: Int32] = [:]
  private var words: [Diagnosis.Words] = []
  private var places: [Diagnosis.Words: Int32] = [:]
  /// Keys held at most: past it the memo starts again (a key is cheap to decide again).
  package static let limit = 1 << 16
  /// REJECTs decided from the memo, and those decided and remembered.
  package private(set) var hits = 0
  package private(set) var misses = 0

  package init(cells: DecisionCells) { self.cells = cells }

  /// The verdict of `pending`: remembered for its key, or decided (and remembered).
  package func verdict(_ pending: StreamingDiagnoser.Pending) -> Diagnosis.Words {
    guard let key = Key(pending, cells: cells) else { return Diagnosis.Words(pending) }
    if let known = verdicts[key] {
      hits += 1
      return words[Int(known)]
    }
    misses += 1
    let verdict = Diagnosis.Words(pending)
    if verdicts.count >= Self.limit || words.count >= Self.limit {
      verdicts.removeAll(keepingCapacity: true)
      words.removeAll(keepingCapacity: true)
      places.removeAll(keepingCapacity: true)
    }
    let place: Int32
    if let known = places[verdict] {
      place = known
    } else {
      place = Int32(words.count)
      words.append(verdict)
      places[verdict] = place
    }
    verdicts[key] = place
    return verdict
  }

  /// What a REJECT without related records is decided from (``VerdictMemo``).
  package struct Key: Hashable, Sendable {
    var interface: Int32
    var source: UInt32
    var destination: UInt32
    var sourcePort: UInt32
    var destinationPort: UInt32
    /// The cell of the address the ENI shows for itself, plus one (0: none).
    var inferred: UInt32
    var bits: UInt64
    /// `tcp-flags` as read (-1: none): any integer the reader takes, not only a byte.
    var flags: Int
    var rejectReason: String?

    /// `nil` for a REJECT that has related records, or whose ENI has no number.
    package init?(_ pending: StreamingDiagnoser.Pending, cells: DecisionCells) {
      let related = pending.related
      let record = pending.record
      guard related.reverse.isEmpty, related.same.isEmpty, related.peers.isEmpty,
        related.listed.isEmpty, related.omitted == 0, related.duplicateOf == nil,
        record.interfaceSlot >= 0
      else { return nil }
      interface = record.interfaceSlot
      source = cells.cell(record.source)
      destination = cells.cell(record.destination)
      guard !cells.sendsThroughNATGateway(cell: source),
        !cells.sendsThroughNATGateway(cell: destination)
      else { return nil }
      // TCP and UDP ports by cell; other protocols' (ICMP's type and code) as they are.
      if record.protocolNumber == 6 || record.protocolNumber == 17 {
        sourcePort = cells.cell(port: record.sourcePort)
        destinationPort = cells.cell(port: record.destinationPort)
      } else {
        sourcePort = UInt32(record.sourcePort)
        destinationPort = UInt32(record.destinationPort)
      }
      let own = pending.inferredAddress
      inferred = own.map { cells.cell($0) &+ 1 } ?? 0
      var bits = UInt64(record.protocolNumber)
      flags = record.tcpFlags ?? -1
      let direction: UInt64 =
        switch record.flowDirection {
        case nil: 0
        case .ingress?: 1
        case .egress?: 2
        }
      bits |= direction << 24
      func flag(_ condition: Bool, _ shift: UInt64) -> UInt64 { condition ? 1 << shift : 0 }
      bits |= flag(record.hasPorts, 26)
      bits |= flag(related.interfaceLogsAccepts, 27)
      bits |= flag(related.historyCut, 28)
      bits |= flag(own != nil && record.source == own, 29)
      bits |= flag(own != nil && record.destination == own, 30)
      bits |= flag(record.source == record.destination, 31)
      self.bits = bits
      rejectReason = record.rejectReason
    }
  }

  /// Memos lent to threads one at a time, over cells made once.
  package final class Pool: Sendable {
    package let cells: DecisionCells
    private let free = Mutex<[VerdictMemo]>([])

    package init(cells: DecisionCells) { self.cells = cells }

    package func take() -> VerdictMemo {
      free.withLock { $0.popLast() } ?? VerdictMemo(cells: cells)
    }

    package func give(_ memo: VerdictMemo) { free.withLock { $0.append(memo) } }
  }
}
