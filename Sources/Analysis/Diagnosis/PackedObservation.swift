import FlowLogs
import NetworkPrimitives

/// A record as the streaming diagnoser holds it: the fields of a ``FlowObservation`` without a
/// reference among them (96 bytes against about 190, the ENI id and the reject-reason as numbers
/// an interner gives), so that holding, moving and dropping the records of the correlation
/// window costs no reference counting and half the memory traffic. A REJECT and the records of
/// its conversation become `FlowObservation`s again when it is decided
/// (``observation(names:)``), with the same fields as the record would have been read into.
package struct PackedObservation: Sendable, BitwiseCopyable, Equatable {
  /// The addresses' bits (an IPv4 address in the low 32), the family in `bits`.
  var source: UInt128
  var destination: UInt128
  var line: Int
  /// -1 when the record has none (a record's integers are never negative).
  var packets: Int64
  var start: Int64
  var end: Int64
  var tcpFlags: Int64
  var file: Int32
  /// The interner's number for the ENI id, and for the reject-reason (-1: none).
  var interfaceSlot: Int32
  var reasonSlot: Int32
  var sourcePort: UInt16
  var destinationPort: UInt16
  var protocolNumber: UInt8
  /// Bit 0: the source is IPv6; bit 1: the destination is; bit 2: REJECT (else ACCEPT);
  /// bits 3–4: the flow direction (0 none, 1 ingress, 2 egress); bit 5: no ports
  /// (``FlowObservation/hasPorts`` is false).
  var bits: UInt8

  var action: FlowAction { bits & 4 != 0 ? .reject : .accept }
  var startTime: Int64? { start < 0 ? nil : start }
  var hasFlowDirection: Bool { bits & 0x18 != 0 }
  var sourceAddress: IPAddress {
    bits & 1 != 0 ? .v6(source) : .v4(UInt32(truncatingIfNeeded: source))
  }
  var destinationAddress: IPAddress {
    bits & 2 != 0 ? .v6(destination) : .v4(UInt32(truncatingIfNeeded: destination))
  }
}

extension PackedObservation {
  /// Packs what `FlowObservation(record:file:indices:interner:)` would read: `nil` for the same
  /// records (NODATA/SKIPDATA rows, records without an ENI, addresses, protocol or action).
  package init?(
    record: RecordLine, file: Int, indices: FlowObservation.FieldIndices,
    interner: inout TokenInterner
  ) {
    guard let action = record.action, let eniIndex = indices.identity(in: record),
      let sourceIndex = indices.source, !record.isNull(sourceIndex),
      let destinationIndex = indices.destination, !record.isNull(destinationIndex),
      let protocolNumber = indices.protocolNumber.flatMap({ record.integer($0) })
    else { return nil }
    var bits: UInt8 = action == .reject ? 4 : 0
    func address(_ index: Int, family: UInt8) -> UInt128? {
      if let ipv4 = record.ipv4(index) { return UInt128(ipv4) }
      bits |= family
      if let ipv6 = record.ipv6(index) { return ipv6 }
      switch IPAddress(bytes: record.token(index)) {
      case .v4(let value)?:
        bits &= ~family
        return UInt128(value)
      case .v6(let value)?: return value
      case nil: return nil
      }
    }
    guard let source = address(sourceIndex, family: 1),
      let destination = address(destinationIndex, family: 2)
    else { return nil }
    func integer(_ index: Int?) -> Int64 { index.flatMap { record.integer($0) } ?? -1 }
    if let index = indices.flowDirection, !record.isNull(index) {
      let token = record.token(index)
      if token.elementsEqual("ingress".utf8) {
        bits |= 0x08
      } else if token.elementsEqual("egress".utf8) {
        bits |= 0x10
      }
    }
    var reasonSlot: Int32 = -1
    if let index = indices.rejectReason, !record.isNull(index) {
      reasonSlot = interner.internIndex(record.token(index))
    }
    self.source = source
    self.destination = destination
    self.line = record.lineNumber
    self.packets = integer(indices.packets)
    self.start = integer(indices.start)
    self.end = integer(indices.end)
    self.tcpFlags = integer(indices.tcpFlags)
    self.file = Int32(truncatingIfNeeded: file)
    self.interfaceSlot = interner.internIndex(record.token(eniIndex))
    self.reasonSlot = reasonSlot
    let sourcePort = integer(indices.sourcePort)
    let destinationPort = integer(indices.destinationPort)
    // No port field, or `-` (read as -1): the record has no ports.
    if sourcePort < 0 || destinationPort < 0 { bits |= 0x20 }
    self.sourcePort = UInt16(clamping: sourcePort.clampedPort)
    self.destinationPort = UInt16(clamping: destinationPort.clampedPort)
    self.protocolNumber = UInt8(clamping: protocolNumber)
    self.bits = bits
  }

  /// Packs an observation made elsewhere (a test, the batch path), numbering its ENI id and
  /// reject-reason with `interner`.
  init(_ observation: FlowObservation, interner: inout TokenInterner) {
    func family(_ address: IPAddress) -> (UInt128, Bool) {
      switch address {
      case .v4(let value): (UInt128(value), false)
      case .v6(let value): (value, true)
      }
    }
    let (source, sourceIsV6) = family(observation.source)
    let (destination, destinationIsV6) = family(observation.destination)
    var flags: UInt8 = (sourceIsV6 ? 1 : 0) | (destinationIsV6 ? 2 : 0)
    if observation.action == .reject { flags |= 4 }
    switch observation.flowDirection {
    case .ingress?: flags |= 0x08
    case .egress?: flags |= 0x10
    case nil: break
    }
    if !observation.hasPorts { flags |= 0x20 }
    func intern(_ text: String) -> Int32 {
      var text = text
      return text.withUTF8 { interner.internIndex(UnsafeRawBufferPointer($0)) }
    }
    self.source = source
    self.destination = destination
    line = observation.line
    packets = observation.packets ?? -1
    start = observation.start ?? -1
    end = observation.end ?? -1
    tcpFlags = observation.tcpFlags.map { Int64($0) } ?? -1
    file = Int32(truncatingIfNeeded: observation.file)
    interfaceSlot = intern(observation.interfaceId)
    reasonSlot = observation.rejectReason.map(intern) ?? -1
    sourcePort = observation.sourcePort
    destinationPort = observation.destinationPort
    protocolNumber = observation.protocolNumber
    bits = flags
  }

  /// The record as diagnosis reads it, its ENI id and reject-reason from `names` (the interner
  /// that numbered them).
  package func observation(names: TokenInterner) -> FlowObservation {
    var observation = FlowObservation(
      file: Int(file), line: line, interfaceId: names.string(at: interfaceSlot),
      source: sourceAddress, destination: destinationAddress, sourcePort: sourcePort,
      destinationPort: destinationPort, protocolNumber: protocolNumber,
      packets: packets < 0 ? nil : packets, start: start < 0 ? nil : start,
      end: end < 0 ? nil : end, action: action,
      tcpFlags: tcpFlags < 0 ? nil : Int(tcpFlags),
      flowDirection: bits & 0x08 != 0 ? .ingress : bits & 0x10 != 0 ? .egress : nil,
      rejectReason: reasonSlot < 0 ? nil : names.string(at: reasonSlot))
    observation.interfaceSlot = interfaceSlot
    observation.hasPorts = bits & 0x20 == 0
    return observation
  }

  /// The conversation this record belongs to (``Correlator/key(_:)`` of its observation).
  var key: Correlator.Key {
    let source = Correlator.Endpoint(address: sourceAddress, port: sourcePort)
    let destination = Correlator.Endpoint(address: destinationAddress, port: destinationPort)
    return Correlator.Key(
      protocolNumber: protocolNumber, low: min(source, destination),
      high: max(source, destination))
  }

  /// Gives the record the numbers `interner` has for its ENI id and reject-reason: a part of
  /// the input parsed on another thread numbered them with `partNames`, an interner of its own.
  /// `translation` maps that part's numbers to `interner`'s (start it empty for each part).
  mutating func renumber(
    from partNames: TokenInterner, into interner: inout TokenInterner,
    translation: inout [Int32]
  ) {
    func translated(_ slot: Int32) -> Int32 {
      let index = Int(slot)
      while translation.count <= index { translation.append(-1) }
      if translation[index] < 0 {
        translation[index] = partNames.withToken(at: slot) { interner.internIndex($0) }
      }
      return translation[index]
    }
    interfaceSlot = translated(interfaceSlot)
    if reasonSlot >= 0 { reasonSlot = translated(reasonSlot) }
  }
}

extension Int64 {
  /// A port as `FlowObservation` keeps it: a missing port (-1 here) is 0.
  fileprivate var clampedPort: Int64 { self < 0 ? 0 : self }
}
