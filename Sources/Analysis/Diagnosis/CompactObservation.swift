/// A held record in 36 bytes, the form the streaming diagnoser keeps most records in: IPv4
/// addresses, times as 32-bit seconds, the window's length, packets and line numbers in 32
/// bits, a small number for the ENI — and the links of its conversation's chain, in 24 bits
/// each. The input a record was read from is not kept here: records arrive input by input, and
/// the streaming diagnoser notes where each input starts among them. An IPv6 record that fits
/// but for its addresses keeps them beside it, 32 bytes more (``isPair``). A record that does
/// not fit (a reject-reason, one address of each family, values past these ranges: a hostile
/// log's) is kept whole as a ``PackedObservation`` beside it ("wide"), and this form holds only
/// its links, its place among the wide records, its `start` and its action.
/// `CompactObservationTests` checks that every record that fits comes back unchanged.
struct CompactObservation {
  /// IPv4 addresses; for a wide record, `source` is its place among the wide records, and for
  /// an IPv6 record its place among the address pairs.
  var source: UInt32
  var destination: UInt32
  /// `UInt32.max`: no start. A wide record's start is here too when it fits.
  var start: UInt32
  var line: UInt32
  /// `UInt32.max`: no packets.
  var packets: UInt32
  /// The links' low 16 bits (``previous``, ``next``).
  private var previousLow: UInt16 = 0
  private var nextLow: UInt16 = 0
  var sourcePort: UInt16
  var destinationPort: UInt16
  var interfaceSlot: UInt16
  var protocolNumber: UInt8
  /// ``PackedObservation/bits``, and 0x80 for a wide record.
  var bits: UInt8
  /// `end - start`; 255: no end.
  var endLength: UInt8
  /// 255: no tcp-flags.
  var tcpFlags: UInt8
  /// The links' high 8 bits.
  private var previousHigh: UInt8 = 0
  private var nextHigh: UInt8 = 0

  /// Links reach less than this far: a record further back than that is not linked to (the
  /// streaming diagnoser holds fewer records than this: ``StreamingDiagnoser/heldLimit``).
  static let linkLimit = 1 << 24

  /// How far back the conversation's previous record is, and on its next (0: none; less than
  /// ``linkLimit``).
  var previous: UInt32 {
    get { UInt32(previousHigh) << 16 | UInt32(previousLow) }
    set {
      previousLow = UInt16(truncatingIfNeeded: newValue)
      previousHigh = UInt8(truncatingIfNeeded: newValue >> 16)
    }
  }
  var next: UInt32 {
    get { UInt32(nextHigh) << 16 | UInt32(nextLow) }
    set {
      nextLow = UInt16(truncatingIfNeeded: newValue)
      nextHigh = UInt8(truncatingIfNeeded: newValue >> 16)
    }
  }

  static let wideBit: UInt8 = 0x80
  /// An IPv6 record whose addresses are kept beside it (``init(_:pairPlace:)``).
  static let pairBit: UInt8 = 0x40

  var isWide: Bool { bits & Self.wideBit != 0 }
  var isPair: Bool { bits & Self.pairBit != 0 }
  var isReject: Bool { bits & 4 != 0 }
  /// The start for the window's cursors (-1: none; a wide record's start past 32 bits is read
  /// from the wide record).
  var startTime: Int64 { start == .max ? -1 : Int64(start) }

  /// The record in 36 bytes (but its `file`), or `nil` when a field does not fit.
  init?(_ record: PackedObservation) {
    guard record.bits & 3 == 0, record.source >> 32 == 0, record.destination >> 32 == 0,
      record.reasonSlot < 0,
      (0...Int64(UInt16.max)).contains(Int64(record.interfaceSlot)),
      (0..<Int(UInt32.max)).contains(record.line),
      record.packets >= -1, record.packets < Int64(UInt32.max),
      record.tcpFlags >= -1, record.tcpFlags < 255,
      record.start >= -1, record.start < Int64(UInt32.max)
    else { return nil }
    let endLength: UInt8
    if record.end == -1 {
      endLength = 255
    } else {
      guard record.start >= 0, record.end >= record.start, record.end - record.start < 255
      else { return nil }
      endLength = UInt8(record.end - record.start)
    }
    source = UInt32(truncatingIfNeeded: record.source)
    destination = UInt32(truncatingIfNeeded: record.destination)
    start = record.start < 0 ? .max : UInt32(record.start)
    line = UInt32(record.line)
    packets = record.packets < 0 ? .max : UInt32(record.packets)
    sourcePort = record.sourcePort
    destinationPort = record.destinationPort
    interfaceSlot = UInt16(record.interfaceSlot)
    protocolNumber = record.protocolNumber
    bits = record.bits
    self.endLength = endLength
    tcpFlags = record.tcpFlags < 0 ? 255 : UInt8(record.tcpFlags)
  }

  /// An IPv6 record (both addresses) in 36 bytes but for its addresses, which are kept at
  /// `place` among the address pairs; `nil` when another field does not fit.
  init?(_ record: PackedObservation, pairPlace place: Int) {
    guard record.bits & 3 == 3 else { return nil }
    var rest = record
    rest.source = 0
    rest.destination = 0
    rest.bits &= ~3
    guard var fits = CompactObservation(rest) else { return nil }
    fits.source = UInt32(truncatingIfNeeded: place)
    fits.bits = record.bits | Self.pairBit
    self = fits
  }

  /// The stand-in for a wide record kept at `place` among the wide records.
  init(wide record: PackedObservation, place: Int) {
    source = UInt32(truncatingIfNeeded: place)
    destination = 0
    start = record.start >= 0 && record.start < Int64(UInt32.max) ? UInt32(record.start) : .max
    line = 0
    packets = 0
    sourcePort = 0
    destinationPort = 0
    interfaceSlot = 0
    protocolNumber = 0
    bits = (record.bits & 4) | Self.wideBit
    endLength = 0
    tcpFlags = 0
  }

  /// The record as it was packed from input `file` (not for a wide record).
  func packed(file: Int32) -> PackedObservation {
    PackedObservation(
      source: UInt128(source), destination: UInt128(destination), line: Int(line),
      packets: packets == .max ? -1 : Int64(packets), start: startTime,
      end: endLength == 255 ? -1 : Int64(start) + Int64(endLength),
      tcpFlags: tcpFlags == 255 ? -1 : Int64(tcpFlags), file: file,
      interfaceSlot: Int32(interfaceSlot), reasonSlot: -1, sourcePort: sourcePort,
      destinationPort: destinationPort, protocolNumber: protocolNumber, bits: bits)
  }

  /// An IPv6 record (``isPair``) as it was packed from input `file`, with its addresses.
  func packed(file: Int32, addresses: AddressPair) -> PackedObservation {
    var record = packed(file: file)
    record.source = addresses.source
    record.destination = addresses.destination
    record.bits &= ~Self.pairBit
    return record
  }
}

/// The addresses of a held IPv6 record (``CompactObservation/isPair``).
struct AddressPair {
  var source: UInt128
  var destination: UInt128
}
