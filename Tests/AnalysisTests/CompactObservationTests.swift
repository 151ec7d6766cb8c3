import NetworkPrimitives
import Testing

@testable import Analysis

/// The streaming diagnoser keeps most held records in 36 bytes (``CompactObservation``), an IPv6
/// record's addresses beside it, and the rest whole: a record that fits must come back exactly as it was packed, and one that does
/// not fit must be refused, never cut — whatever values a hostile log carries.
@Suite("Held records in 36 bytes come back unchanged")
struct CompactObservationTests {
  @Test("36 bytes a record")
  func size() {
    #expect(MemoryLayout<CompactObservation>.stride == 36)
  }

  @Test("Links of 24 bits come back as they were set, beside the fields around them")
  func links() throws {
    let record = PackedObservation(
      source: 0x0A00_0001, destination: 0xC633_6407, line: 9, packets: 3, start: 100, end: 160,
      tcpFlags: 2, file: 0, interfaceSlot: 5, reasonSlot: -1, sourcePort: 443,
      destinationPort: 50_000, protocolNumber: 6, bits: 4)
    var compact = try #require(CompactObservation(record))
    for (previous, next) in [(1, 0), (0, 1), (65_535, 65_536), (0xFF_FFFF, 0xAB_CDEF)] {
      compact.previous = UInt32(previous)
      compact.next = UInt32(next)
      #expect(compact.previous == UInt32(previous) && compact.next == UInt32(next))
      #expect(compact.packed(file: 0) == record)
    }
  }

  /// Values at and around every edge the compact form has.
  @Test("Every record that fits comes back the same; the rest are refused", arguments: 0..<4)
  func roundTrip(seed: Int) {
    var random = SplitMixRandom(seed: UInt64(seed) &+ 0xC0)
    func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
    let wide32 = Int64(UInt32.max)
    var fitted = 0
    var refused = 0
    var pairs = 0
    for _ in 0..<40_000 {
      // Each field ordinary most of the time, at an edge now and then.
      func field<T>(_ ordinary: T, _ edges: [T]) -> T {
        random.next() % 6 == 0 ? pick(edges) : ordinary
      }
      let start = field(1_717_200_000, [-1, 0, 1, wide32 - 1, wide32, Int64.max])
      let end = field(
        start &+ 60, [-1, 0, start, start &+ 254, start &+ 255, start &- 1, Int64.max])
      let record = PackedObservation(
        source: field(0x0A00_0001, [0, UInt128(UInt32.max), UInt128(1) << 100]),
        destination: field(0xC633_6407, [0, UInt128(UInt32.max), UInt128(1) << 40]),
        line: field(123_456, [0, 1, Int(UInt32.max) - 1, Int(UInt32.max), Int.max]),
        packets: field(7, [-1, 0, wide32 - 1, wide32, Int64.max]), start: start, end: end,
        tcpFlags: field(2, [-1, 0, 18, 254, 255, 65_535]), file: field(0, [1, 255, 256, -5]),
        interfaceSlot: field(3, [0, 65_535, 65_536, -1]), reasonSlot: field(-1, [0, 4]),
        sourcePort: pick([0, 443, 65_535]), destinationPort: pick([0, 53, 65_535]),
        protocolNumber: pick([1, 6, 17, 58, 255]),
        bits: field(4, [0, 0x08, 0x14, 0x20, 1, 2, 3, 0x07, 0x1F]))
      let fitsButAddresses =
        record.reasonSlot == -1 && (0...65_535).contains(record.interfaceSlot)
        && record.line < Int(UInt32.max)
        && record.packets < wide32 && record.tcpFlags < 255 && record.start < wide32
        && (record.end == -1
          || (record.start >= 0 && (0..<255).contains(record.end &- record.start)))
      let fits =
        fitsButAddresses && record.bits & 3 == 0 && record.source >> 32 == 0
        && record.destination >> 32 == 0
      // An IPv6 record (both addresses) that fits but for them keeps them beside it.
      if let paired = CompactObservation(record, pairPlace: 9) {
        pairs += 1
        #expect(fitsButAddresses && record.bits & 3 == 3, "\(record)")
        #expect(paired.isPair && !paired.isWide && paired.source == 9)
        let addresses = AddressPair(source: record.source, destination: record.destination)
        #expect(paired.packed(file: record.file, addresses: addresses) == record, "\(record)")
        #expect(paired.isReject == (record.action == .reject))
        #expect(paired.startTime == record.start)
      } else {
        #expect(!(fitsButAddresses && record.bits & 3 == 3), "\(record)")
      }
      if let compact = CompactObservation(record) {
        fitted += 1
        #expect(fits, "\(record)")
        #expect(compact.packed(file: record.file) == record, "\(record)")
        #expect(!compact.isPair)
        #expect(compact.isReject == (record.action == .reject))
        #expect(compact.startTime == record.start)
      } else {
        refused += 1
        #expect(!fits, "\(record)")
        let standIn = CompactObservation(wide: record, place: 7)
        #expect(standIn.isWide && standIn.isReject == (record.action == .reject))
      }
    }
    #expect(fitted > 1_000 && refused > 1_000 && pairs > 500)
  }

  @Test("A chunked ring holds what it was given while the oldest leave, and frees their chunks")
  func chunkedRing() {
    let ring = ChunkedRing<Int>()
    var base = 0
    for sequence in 0..<200_000 {
      ring.append(sequence * 3)
      if sequence % 1_000 == 999 {
        base = max(base, sequence - 50_000)
        ring.dropFront(to: base)
        for probe in [base, (base + sequence) / 2, sequence] { #expect(ring[probe] == probe * 3) }
      }
    }
    #expect(ring.base == base && ring.end == 200_000)
    // 50,000 held: four chunks of 16,384 at most, two spare.
    #expect(ring.allocatedBytes <= 7 * ChunkedRing<Int>.chunkSize * MemoryLayout<Int>.stride)
  }
}
