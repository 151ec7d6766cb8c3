import CZlib
import NetworkPrimitives
import Testing

@testable import FlowLogs

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// ISA-L's inflater is the fast path and zlib's its simple twin: on every input, clean or
/// damaged, both must return the same bytes and end with the same problem, whatever the sizes
/// of the reads.
@Suite("gzip: ISA-L and zlib return the same bytes and the same problem")
struct GzipSourceTests {
  /// One generated input: its members' plain bytes, the compressed stream, and what was done
  /// to it.
  struct Case: CustomStringConvertible {
    var plain: [UInt8] = []
    var compressed: [UInt8] = []
    var members = 0
    var headerCRC = false
    var padding = false
    var damage: [String] = []
    var isClean: Bool { damage.isEmpty }
    var description: String {
      "\(members) members, \(plain.count) bytes into \(compressed.count)"
        + (headerCRC ? ", header CRC" : "") + (padding ? ", zero padding" : "")
        + (damage.isEmpty ? "" : ", " + damage.joined(separator: ", "))
    }
  }

  /// What reading a stream to its end gave.
  struct Outcome: Equatable {
    var bytes: [UInt8]
    var problem: ReadDiagnostic.Problem?
  }

  @Test("The build that saw ISA-L's header loads its library")
  func isalLoads() {
    #expect(!GzipSource.isalCompiled || GzipSource.isalAvailable)
  }

  @Test(
    "Many inputs, clean, multi-member, cut and damaged: the same bytes and problem either way",
    arguments: [false, true])
  func twins(fromFile: Bool) throws {
    var random = SplitMixRandom(seed: fromFile ? 2 : 1)
    var fastClean = 0
    for index in 0..<160 {
      let testCase = Self.makeCase(&random)
      let label = "case \(index) (\(testCase))"
      let zlib = try Self.inflate(testCase.compressed, .zlib, fromFile: fromFile, &random)
      let isal = try Self.inflate(testCase.compressed, .isal, fromFile: fromFile, &random)
      #expect(zlib.outcome.problem == isal.outcome.problem, "\(label)")
      #expect(
        Self.difference(zlib.outcome.bytes, isal.outcome.bytes) == nil,
        "\(label): zlib and ISA-L's path differ")
      if testCase.isClean {
        #expect(zlib.outcome.problem == nil, "\(label)")
        #expect(Self.difference(zlib.outcome.bytes, testCase.plain) == nil, "\(label)")
        // A clean stream never falls back: zlib would be several times slower.
        if GzipSource.isalAvailable && !testCase.headerCRC {
          #expect(isal.stayedFast, "\(label): handed to zlib")
          fastClean += 1
        }
      }
    }
    #expect(!GzipSource.isalAvailable || fastClean > 20)
  }

  @Test("A member with a damaged trailer: every byte, then zlib's words for it")
  func damagedTrailer() throws {
    var random = SplitMixRandom(seed: 3)
    let plain = Self.flowLogText(200_000, &random)
    for (offset, reason) in [(8, "incorrect data check"), (4, "incorrect length check")] {
      var compressed = Self.gzip(plain, level: 6, strategy: Z_DEFAULT_STRATEGY, headerCRC: false)
      compressed[compressed.count - offset] ^= 0x01
      for inflater in [GzipSource.Inflater.zlib, .isal] {
        let result = try Self.inflate(compressed, inflater, fromFile: false, &random)
        #expect(result.outcome.problem == .corruptGzip(reason))
        #expect(Self.difference(result.outcome.bytes, plain) == nil)
      }
    }
  }

  /// Where two byte strings first differ, and their lengths; nil when they are the same.
  static func difference(_ left: [UInt8], _ right: [UInt8]) -> String? {
    guard left != right else { return nil }
    let first =
      zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(left.count, right.count)
    return "first difference at byte \(first) of \(left.count) and \(right.count)"
  }

  // MARK: - Making inputs

  static func makeCase(_ random: inout SplitMixRandom) -> Case {
    var testCase = Case()
    testCase.members = 1 + random.next(4)
    for _ in 0..<testCase.members {
      let size = random.next(4) == 0 ? random.next(64) : random.next(1 << (10 + random.next(11)))
      let plain =
        random.next(5) == 0 ? random.bytes(size) : flowLogText(size, &random)
      let strategies = [Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED]
      let headerCRC = random.next(10) == 0
      testCase.headerCRC = testCase.headerCRC || headerCRC
      testCase.plain += plain
      testCase.compressed += gzip(
        plain, level: Int32(random.next(10)), strategy: strategies[random.next(strategies.count)],
        headerCRC: headerCRC, name: random.next(4) == 0)
      if random.next(8) == 0 {
        testCase.compressed += [UInt8](repeating: 0, count: 1 + random.next(600))
        testCase.padding = true
      }
    }
    switch random.next(4) {
    case 0:
      break
    case 1:
      let cut = random.next(testCase.compressed.count)
      testCase.compressed.removeSubrange(cut...)
      testCase.damage.append("cut at \(cut)")
    case 2:
      for _ in 0..<(1 + random.next(3)) {
        let at = random.next(testCase.compressed.count)
        let value = UInt8(truncatingIfNeeded: random.next())
        if testCase.compressed[at] != value {
          testCase.compressed[at] = value
          testCase.damage.append("byte \(at) set to \(value)")
        }
      }
    default:
      if random.next(2) == 0 {
        testCase.compressed += Array("not gzip\n".utf8)
        testCase.damage.append("text after the members")
      } else {
        let at = random.next(testCase.compressed.count)
        testCase.compressed[at] ^= UInt8(1 << random.next(8))
        testCase.damage.append("bit flipped in byte \(at)")
      }
    }
    return testCase
  }

  /// Lines shaped like version 2 flow log records: compressible, but not trivially.
  static func flowLogText(_ count: Int, _ random: inout SplitMixRandom) -> [UInt8] {
    var text: [UInt8] = []
    text.reserveCapacity(count + 200)
    let actions = ["ACCEPT OK", "REJECT OK", "- - NODATA"]
    while text.count < count {
      let line =
        "2 123456789012 eni-0\(random.next(40))a1b2c3d4e5f6 10.0.\(random.next(8)).\(random.next(250)) "
        + "203.0.113.\(random.next(250)) \([443, 22, 80][random.next(3)]) \(32768 + random.next(28000)) "
        + "6 \(random.next(20)) \(random.next(90000)) 17000\(10000 + random.next(80000)) 1700090000 "
        + actions[random.next(3)] + "\n"
      text += line.utf8
    }
    return Array(text[0..<count])
  }

  /// One gzip member made by zlib at a level and strategy, with a name and a header CRC if asked.
  static func gzip(
    _ plain: [UInt8], level: Int32, strategy: Int32, headerCRC: Bool, name: Bool = false
  ) -> [UInt8] {
    var stream = z_stream()
    let started = deflateInit2_(
      &stream, level, Z_DEFLATED, 15 + 16, 8, strategy, zlibVersion(),
      Int32(MemoryLayout<z_stream>.size))
    precondition(started == Z_OK)
    defer { deflateEnd(&stream) }
    let fileName = UnsafeMutablePointer<Bytef>.allocate(capacity: 16)
    defer { fileName.deallocate() }
    for (index, byte) in "flows.log\0".utf8.enumerated() { fileName[index] = byte }
    var header = gz_header()
    header.hcrc = headerCRC ? 1 : 0
    header.name = name ? fileName : nil
    if headerCRC || name { deflateSetHeader(&stream, &header) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(plain.count))) + 64)
    var input = plain
    let written = input.withUnsafeMutableBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        stream.next_in = source.baseAddress
        stream.avail_in = uInt(source.count)
        stream.next_out = target.baseAddress
        stream.avail_out = uInt(target.count)
        let status = deflate(&stream, Z_FINISH)
        precondition(status == Z_STREAM_END)
        return target.count - Int(stream.avail_out)
      }
    }
    return Array(output[0..<written])
  }

  // MARK: - Reading

  /// Serves bytes in pieces of random sizes, as a pipe might.
  struct TrickleSource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    var random: SplitMixRandom

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
      let count = min(buffer.count, bytes.count - offset, 1 + random.next(300_000))
      guard count > 0 else { return 0 }
      bytes.withUnsafeBytes { source in
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
      }
      offset += count
      return count
    }
  }

  /// Reads `compressed` to its end with reads of random sizes, from memory or from a file.
  static func inflate(
    _ compressed: [UInt8], _ inflater: GzipSource.Inflater, fromFile: Bool,
    _ random: inout SplitMixRandom
  ) throws -> (outcome: Outcome, stayedFast: Bool) {
    var descriptor: Int32 = -1
    defer { if descriptor >= 0 { close(descriptor) } }
    let source: GzipSource
    if fromFile {
      var template = Array("/tmp/flowcause-gzip-XXXXXX".utf8CString)
      descriptor = template.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress.map { mkstemp($0) } ?? -1
      }
      try #require(descriptor >= 0)
      template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
      let written = compressed.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      try #require(written == compressed.count)
      lseek(descriptor, 0, SEEK_SET)
      let file = FileDescriptorSource(descriptor: descriptor)
      source = GzipSource(
        upstream: file, rewind: RewindableFile.of(file, consumed: 0), inflater: inflater)
    } else {
      source = GzipSource(
        upstream: TrickleSource(bytes: compressed, random: SplitMixRandom(seed: random.next())),
        inflater: inflater)
    }
    var outcome = Outcome(bytes: [], problem: nil)
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let wanted = 1 + random.next(random.next(2) == 0 ? 4096 : chunk.count)
      let result = chunk.withUnsafeMutableBytes { buffer in
        Result { () throws(ByteSourceError) in
          try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
        }
      }
      switch result {
      case .success(0):
        return (outcome, source.decodesWithISAL)
      case .success(let count):
        outcome.bytes += chunk[0..<count]
      case .failure(let error):
        outcome.problem = error.problem
        return (outcome, source.decodesWithISAL)
      }
    }
  }
}
