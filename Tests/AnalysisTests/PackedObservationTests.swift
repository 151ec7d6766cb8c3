import FlowLogs
import NetworkPrimitives
import Testing

@testable import Analysis

/// The streaming diagnoser holds records packed (`PackedObservation`) and unpacks a REJECT's
/// conversation when it decides it: unpacking must give exactly the `FlowObservation` the record
/// would have been read into, field by field, for every shape of record.
@Suite("Packed records unpack to the observation the record reads as")
struct PackedObservationTests {
  static let v2 = FlowLogFormat.defaultV2
  /// A custom format with every field diagnosis reads, in AWS's order for v5 and v8.
  static let full = try! FlowLogFormat(
    parsing:
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags flow-direction reject-reason"
  )

  static let v2Lines = [
    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
    "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK",
    "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA",
    "2 123456789010 eni-11111111aaaaaaaaa 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK",
    "2 123456789010 eni-11111111aaaaaaaaa 10.0.0.1 2001:db8::1 - - 1 1 84 1477913708 1477913820 REJECT OK",
    "2 123456789010 - 10.0.0.1 10.0.0.2 443 49152 6 1 40 1477913708 1477913820 REJECT OK",
    "2 123456789010 eni-11111111aaaaaaaaa 10.0.0.1 10.0.0.2 443 65535 255 - - - - REJECT OK",
  ]

  static let fullLines = [
    "5 123456789010 eni-1235b8ca123456789 52.95.128.179 10.0.0.71 80 34210 6 1 44 1616729292 1616729349 REJECT OK 2 ingress BPA",
    "5 123456789010 eni-1235b8ca123456789 10.0.0.71 52.95.128.179 34210 80 6 3 120 1616729292 1616729349 ACCEPT OK 19 egress -",
    "5 123456789010 eni-2222222222222222a 10.0.0.71 10.0.0.9 34210 80 17 3 120 - - ACCEPT OK - - other-reason",
    "5 123456789010 eni-2222222222222222a 10.0.0.71 10.0.0.9 34210 80 17 3 120 1616729292 1616729349 REJECT OK - - -",
  ]

  static func check(_ lines: [String], format: FlowLogFormat) {
    var parser = LineParser(format: format)
    var names = TokenInterner()
    var packedCount = 0
    for (offset, text) in lines.enumerated() {
      let bytes = Array(text.utf8)
      bytes.withUnsafeBytes { buffer in
        guard case .record(let record) = parser.parse(buffer, lineNumber: offset + 1) else {
          Issue.record("line \(offset + 1) did not parse: \(text)")
          return
        }
        let indices = FlowObservation.FieldIndices(format)
        let read = FlowObservation(record: record, file: 3, indices: indices)
        let packed = PackedObservation(record: record, file: 3, indices: indices, interner: &names)
        #expect((read == nil) == (packed == nil), "\(text)")
        guard let read, let packed else { return }
        packedCount += 1
        let unpacked = packed.observation(names: names)
        #expect(unpacked == read, "\(text)")
        // Equality leaves out nothing diagnosis reads, but say so field by field.
        #expect(unpacked.interfaceId == read.interfaceId)
        #expect(unpacked.rejectReason == read.rejectReason)
        #expect(unpacked.flowDirection == read.flowDirection)
        #expect(unpacked.tcpFlags == read.tcpFlags)
        #expect(unpacked.packets == read.packets && unpacked.start == read.start)
        #expect(unpacked.end == read.end && unpacked.file == read.file)
        #expect(packed.key == Correlator.key(read))
        // Packing an observation made elsewhere gives the same record.
        var again = names
        let repacked = PackedObservation(read, interner: &again)
        #expect(repacked.observation(names: again) == read)
      }
    }
    #expect(packedCount > 0)
  }

  @Test("v2 records: IPv4, IPv6, mixed families, missing fields, NODATA, no ENI")
  func v2Records() { Self.check(Self.v2Lines, format: Self.v2) }

  @Test("Records with tcp-flags, flow-direction and reject-reason")
  func fullRecords() { Self.check(Self.fullLines, format: Self.full) }

  @Test("Records of a part renumbered into another interner keep their ENI and reason")
  func renumbered() throws {
    var parser = LineParser(format: Self.full)
    let indices = FlowObservation.FieldIndices(Self.full)
    var partNames = TokenInterner()
    var packed: [PackedObservation] = []
    var read: [FlowObservation] = []
    for (offset, text) in Self.fullLines.reversed().enumerated() {
      Array(text.utf8).withUnsafeBytes { buffer in
        guard case .record(let record) = parser.parse(buffer, lineNumber: offset + 1),
          let one = PackedObservation(
            record: record, file: 0, indices: indices, interner: &partNames),
          let observation = FlowObservation(record: record, file: 0, indices: indices)
        else { return }
        packed.append(one)
        read.append(observation)
      }
    }
    #expect(packed.count == Self.fullLines.count)
    // The main interner already numbered other tokens, so the numbers differ.
    var names = TokenInterner()
    for other in ["eni-0000000000000000z", "BPA", "eni-1235b8ca123456789"] {
      var text = other
      _ = text.withUTF8 { names.internIndex(UnsafeRawBufferPointer($0)) }
    }
    var translation: [Int32] = []
    for (index, var one) in packed.enumerated() {
      one.renumber(from: partNames, into: &names, translation: &translation)
      #expect(one.observation(names: names) == read[index])
    }
  }
}
