import CPrefetch
import NetworkPrimitives

/// The last record (a sequence number) of each conversation: a hash table of its own, open
/// addressing with linear probing, hashed by the key's one-word mix. Each held record links to
/// the one before it in its conversation, so the table is looked up once when a record arrives,
/// never when a record leaves: a conversation whose last record has left (below `oldest`, the
/// oldest record held) is stale, and its slot is taken by the next key that probes past it, or
/// dropped when the table is rebuilt, so the table stays within a few times the conversations
/// alive. A slot is 8 bytes, a piece of the key's hash and the last record: the key is that
/// record's, and the caller, which reads that record anyway to link the new one to it, checks
/// it (the standard `Dictionary` spent most of its time in SipHash; 64-byte slots holding the
/// key took a busy hour's 1.3 million conversations to 256 MB).
final class ChainIndex {
  /// A key as the slots hold it: the addresses (an IPv4 address in the low 32 bits), both
  /// ports, and the protocol with each address's family.
  struct PackedKey: Equatable {
    var low: UInt128 = 0
    var high: UInt128 = 0
    var ports: UInt32 = 0
    var kind: UInt16 = 0
  }

  /// One slot, 8 bytes: a piece of the key's hash (0: empty) and the low 32 bits of the
  /// conversation's last record (``decode(_:)``). The key itself is the last record's: a slot
  /// whose tag matches is checked against that record by the caller (`isKey`), which reads it
  /// anyway to link the new record to it.
  private struct Slot {
    var tag: UInt32
    var low: UInt32

    static let empty = Slot(tag: 0, low: 0)

    init(tag: UInt32, low: UInt32) {
      self.tag = tag
      self.low = low
    }

    init(tag: UInt32, tail: Int) {
      self.init(tag: tag, low: UInt32(truncatingIfNeeded: tail))
    }
  }

  /// The newest record appended: a slot's last record is this one less the distance its low
  /// 32 bits give. Every slot is within 2^32 records of it, as the table is rebuilt (its stale
  /// slots emptied) at least every 2^31 records (`purged`), and a live slot is never further
  /// behind than the records held.
  @exclusivity(unchecked) private var newest = 0
  @exclusivity(unchecked) private var purged = 0

  @inline(__always)
  private func decode(_ slot: Slot) -> Int {
    newest - Int(UInt32(truncatingIfNeeded: newest) &- slot.low)
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
      let (low, high) = Self.ends(record)
      key = Self.key(low: low, high: high, protocolNumber: record.protocolNumber)
      hash = Self.hash(low: low, high: high, protocolNumber: record.protocolNumber, seed: seed)
    }

    /// The key alone (`Packed(record).key`), to check a record against a slot.
    static func key(of record: PackedObservation) -> PackedKey {
      let (low, high) = ends(record)
      return key(low: low, high: high, protocolNumber: record.protocolNumber)
    }

    /// The same of a held record that fits in 36 bytes (not a wide one), read in place.
    static func key(of held: CompactObservation) -> PackedKey {
      key(of: held, source: (0, UInt128(held.source)), destination: (0, UInt128(held.destination)))
    }

    /// The same of a held IPv6 record whose addresses are kept beside it.
    static func key(of held: CompactObservation, addresses: AddressPair) -> PackedKey {
      key(of: held, source: (1, addresses.source), destination: (1, addresses.destination))
    }

    private static func key(
      of held: CompactObservation, source: (UInt16, UInt128), destination: (UInt16, UInt128)
    ) -> PackedKey {
      let source: End = (source.0, source.1, held.sourcePort)
      let destination: End = (destination.0, destination.1, held.destinationPort)
      let (low, high) =
        (destination.bits, destination.port) < (source.bits, source.port)
        ? (destination, source) : (source, destination)
      return key(low: low, high: high, protocolNumber: held.protocolNumber)
    }

    typealias End = (family: UInt16, bits: UInt128, port: UInt16)

    /// The record's two ends, the lower first: by family, then address, then port.
    private static func ends(_ record: PackedObservation) -> (low: End, high: End) {
      let sourceFamily: UInt16 = record.bits & 1 != 0 ? 1 : 0
      let destinationFamily: UInt16 = record.bits & 2 != 0 ? 1 : 0
      let source: End = (sourceFamily, record.source, record.sourcePort)
      let destination: End = (destinationFamily, record.destination, record.destinationPort)
      return (destination.family, destination.bits, destination.port)
        < (source.family, source.bits, source.port)
        ? (destination, source) : (source, destination)
    }

    private static func key(low: End, high: End, protocolNumber: UInt8) -> PackedKey {
      PackedKey(
        low: low.bits, high: high.bits, ports: UInt32(low.port) << 16 | UInt32(high.port),
        kind: UInt16(protocolNumber) << 2 | low.family << 1 | high.family)
    }

    /// The hash of a key read from a record's raw fields, mixed in `Correlator.Key.mixed`'s
    /// order.
    private static func hash(low: End, high: End, protocolNumber: UInt8, seed: UInt64) -> UInt64 {
      func mix(_ endpoint: End, into mixed: inout UInt64) {
        if endpoint.family == 0 {
          mixed = (mixed ^ UInt64(truncatingIfNeeded: endpoint.bits)) &* 0xBF58_476D_1CE4_E5B9
        } else {
          mixed = (mixed ^ UInt64(truncatingIfNeeded: endpoint.bits)) &* 0xBF58_476D_1CE4_E5B9
          mixed = (mixed ^ UInt64(truncatingIfNeeded: endpoint.bits >> 64)) &* 0x94D0_49BB_1331_11EB
        }
        mixed = (mixed ^ UInt64(endpoint.port) ^ (mixed >> 29)) &* 0x94D0_49BB_1331_11EB
      }
      var mixed = (UInt64(protocolNumber) ^ seed) &* 0x9E37_79B9_7F4A_7C15
      mix(low, into: &mixed)
      mix(high, into: &mixed)
      var hash = mixed ^ (mixed >> 31)
      hash = (hash ^ (hash >> 33)) &* 0xFF51_AFD7_ED55_8CCD
      hash = (hash ^ (hash >> 33)) &* 0xC4CE_B9FE_1A85_EC53
      return hash ^ (hash >> 33)
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

  /// The hash seed (this process's, but in tests), read once: keys are packed with it on every
  /// record.
  let seed: UInt64

  // Read and written once a record on the reading thread, by one owner: their run-time
  // exclusivity checks are left out, as ``ChunkedRing``'s.
  @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Slot>
  @exclusivity(unchecked) private(set) var capacity: Int
  @exclusivity(unchecked) private var mask: Int
  /// Slots in use, stale or not.
  @exclusivity(unchecked) private(set) var count = 0
  /// Slots looked at by every lookup so far: the work the index did (a test's measure that a
  /// log of colliding conversations keeps it linear).
  @exclusivity(unchecked) private(set) var probes = 0

  init(seed: UInt64 = HashSeed.process) {
    self.seed = seed
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
  /// A slot whose last record has left cannot be checked, and is only a place to reuse.
  private func find(_ key: Packed, oldest: Int, isKey: (Int) -> Bool)
    -> (position: Int, found: Bool, stale: Int)
  {
    let tag = key.tag
    var position = home(tag)
    var stale = -1
    while true {
      probes &+= 1
      let probe = slots[position].tag
      if probe == 0 { return (position, false, stale) }
      let tail = decode(slots[position])
      if tail < oldest {
        if stale < 0 { stale = position }
      } else if probe == tag && isKey(tail) {
        return (position, true, stale)
      }
      position = (position &+ 1) & mask
    }
  }

  /// The last record of `key`'s conversation, if it is still held (at or after `oldest`);
  /// `isKey(sequence)` tells whether the record at `sequence` is of `key`'s conversation.
  func tail(of key: Packed, oldest: Int, isKey: (Int) -> Bool) -> Int? {
    let (position, found, _) = find(key, oldest: oldest, isKey: isKey)
    return found ? decode(slots[position]) : nil
  }

  /// Makes `sequence` the last record of its conversation; returns the one before it, if it
  /// is still held (at or after `oldest`). `isKey(sequence)` tells whether the (held) record
  /// at `sequence` is of `packed`'s conversation.
  func append(_ packed: Packed, sequence: Int, oldest: Int, isKey: (Int) -> Bool) -> Int? {
    newest = max(newest, sequence)
    if newest - purged >= 1 << 31 {
      rebuild(oldest: oldest)
      purged = newest
    }
    let (position, found, stale) = find(packed, oldest: oldest, isKey: isKey)
    if found {
      let tail = decode(slots[position])
      slots[position] = Slot(tag: packed.tag, tail: sequence)
      return tail
    }
    // A new conversation takes the first stale slot on its probe run, or the empty one.
    if stale >= 0 {
      slots[stale] = Slot(tag: packed.tag, tail: sequence)
      return nil
    }
    slots[position] = Slot(tag: packed.tag, tail: sequence)
    count += 1
    if count * 4 > capacity * 3 { rebuild(oldest: oldest) }
    return nil
  }

  /// Drops the stale slots, in a table twice as large when over two thirds of it is still alive.
  private func rebuild(oldest: Int) {
    var live = 0
    for position in 0..<capacity
    where slots[position].tag != 0 && decode(slots[position]) >= oldest {
      live += 1
    }
    count = live
    if live * 3 > capacity * 2 {
      let old = slots
      let oldCapacity = capacity
      capacity *= 2
      mask = capacity - 1
      slots = Self.allocate(capacity)
      for position in 0..<oldCapacity
      where old[position].tag != 0 && decode(old[position]) >= oldest {
        place(old[position])
      }
      old.deallocate()
      return
    }
    // The same table, rehashed in place (no second table at the window's peak): from one
    // after a place that was empty before anything moved (no probe run crosses it), every
    // slot on round the table is taken out, and placed again from its home if it is still
    // alive. Its run from its home was all taken out before it, so it lands at or before where
    // it was, and the slots taken out after it are all past it. (Emptying the stale slots
    // first and starting after one of those holes broke that: a slot could land in the hole,
    // past slots of its run still to be taken out, whose moving then cut its run.)
    var start = 0
    while slots[start].tag != 0 { start += 1 }
    for step in 1...capacity {
      let position = (start + step) & mask
      guard slots[position].tag != 0 else { continue }
      let slot = slots[position]
      slots[position] = .empty
      if decode(slot) >= oldest { place(slot) }
    }
  }

  /// Puts `slot` at the first empty place from its home.
  private func place(_ slot: Slot) {
    var target = home(slot.tag)
    while slots[target].tag != 0 { target = (target &+ 1) & mask }
    slots[target] = slot
  }
}
