import CISAL

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Decompresses gzip data through ISA-L's igzip, loaded at run time (`CISAL`), and gives zlib
/// every member it cannot finish cleanly, so that what it returns is what ``ZlibInflater``
/// returns.
///
/// ISA-L decodes each member's deflate data; this type reads the gzip header before it and
/// checks the CRC-32 and length after it. A member whose header is unusual (a header CRC,
/// unknown flags, longer than the buffer), whose data ISA-L refuses, that ends early, or whose
/// trailer does not match, is handed over: zlib reads it again from its first byte (kept in
/// memory, or read again from the file), drops the bytes already returned, and reads the rest
/// of the input. The bytes ISA-L decoded in the call that failed are not returned; zlib
/// decodes them again, up to where it finds the problem itself, and names it in its words.
///
/// One difference remains, for streams no compressor writes: ISA-L decodes a block whose
/// Huffman codes are incomplete, which zlib refuses. Such a block is handed over only when
/// ISA-L then fails in the same call; bytes it returned before are not taken back.
final class ISALInflater: ByteSource {
  /// Whether the build saw ISA-L's header.
  static let compiled = flowcause_isal_compiled() != 0
  /// Whether ISA-L's library loads here.
  static let loads: Bool = {
    guard let stream = flowcause_isal_new() else { return false }
    flowcause_isal_free(stream)
    return true
  }()
  /// The most compressed bytes of one member kept in memory for zlib, when the input is not a
  /// file that can be read again; past it, zlib decompresses the rest of the member.
  static let keepLimit = 64 << 20

  private enum Phase {
    /// Between members: zero padding, the next member's header, or the end.
    case between
    case deflate
    /// The 8 bytes after the deflate data: CRC-32 and length, little-endian.
    case trailer
  }

  private var upstream: any ByteSource
  private let rewind: RewindableFile?
  private let stream: UnsafeMutableRawPointer
  private let input: UnsafeMutableRawBufferPointer
  private let inputBase: UnsafeMutableRawPointer
  /// The unread input is `input[start..<end]`.
  private var start = 0
  private var end = 0
  /// Bytes read from upstream so far: the stream offset of `input[end]`.
  private var readTotal = 0
  private var upstreamDone = false
  private var phase = Phase.between
  /// The stream offset of the current member's first byte.
  private var memberStart = 0
  /// Bytes of the current member already returned.
  private var memberOutput = 0
  private var trailer: [UInt8] = []
  private var crc: UInt32 = 0
  private var size: UInt32 = 0
  /// Without `rewind`: the bytes read from upstream since `keptStart`, the current member's
  /// first byte or earlier.
  private var kept: [UInt8] = []
  private var keptStart = 0
  /// Once a member is handed over, zlib reads everything that is left.
  private var zlib: ZlibInflater? = nil
  private var failure: ByteSourceError? = nil

  /// nil when ISA-L cannot be loaded.
  init?(upstream: any ByteSource, rewind: RewindableFile?, inputSize: Int = 256 * 1024) {
    guard let stream = flowcause_isal_new() else { return nil }
    self.stream = stream
    self.upstream = upstream
    self.rewind = rewind
    inputBase = .allocate(byteCount: inputSize, alignment: 64)
    input = UnsafeMutableRawBufferPointer(start: inputBase, count: inputSize)
  }

  deinit {
    flowcause_isal_free(stream)
    inputBase.deallocate()
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    if let zlib { return try zlib.read(into: buffer) }
    if let failure { throw failure }
    guard let outBase = buffer.baseAddress, buffer.count > 0 else { return 0 }
    let outCount = min(buffer.count, Int(UInt32.max))
    while true {
      switch phase {
      case .between:
        if start == end {
          if try !refill() { return 0 }
          continue
        }
        let byte = inputBase.load(fromByteOffset: start, as: UInt8.self)
        if byte == 0 {
          // Zero padding after the last member (gzip(1) ignores it, so do we).
          start += 1
          continue
        }
        if byte != 0x1F {
          failure = ByteSourceError(.corruptGzip(GzipSource.notGzipAfterMembers))
          throw ByteSourceError(.corruptGzip(GzipSource.notGzipAfterMembers))
        }
        beginMember()
        // The header must be in the buffer: read until it is, or the buffer is full.
        var header = GzipMemberHeader.length(of: unread)
        while header == nil && !upstreamDone && end - start < input.count {
          if let problem = refillProblem() {
            return try handOver(endingWith: problem).read(into: buffer)
          }
          header = GzipMemberHeader.length(of: unread)
        }
        guard let length = header else { return try handOver().read(into: buffer) }
        start += length
        flowcause_isal_reset(stream)
        phase = .deflate
      case .deflate:
        if start == end {
          if let problem = refillProblem() {
            return try handOver(endingWith: problem).read(into: buffer)
          }
          // The end of the input inside a member: zlib says where.
          if start == end { return try handOver().read(into: buffer) }
          if rewind == nil && kept.count > Self.keepLimit {
            return try handOver().read(into: buffer)
          }
        }
        let available = end - start
        var step = flowcause_isal_step()
        step.next_in = UnsafePointer(
          inputBase.advanced(by: start).assumingMemoryBound(to: UInt8.self))
        step.avail_in = UInt32(available)
        step.next_out = outBase.assumingMemoryBound(to: UInt8.self)
        step.avail_out = UInt32(outCount)
        let status = flowcause_isal_inflate(stream, &step)
        let consumed = available - Int(step.avail_in)
        let produced = outCount - Int(step.avail_out)
        start += consumed
        // A refusal: zlib decodes this call's bytes again and finds the problem itself.
        if status < 0 { return try handOver().read(into: buffer) }
        if step.finished != 0 {
          phase = .trailer
          crc = step.crc
          size = step.total_out
          trailer = (0..<Int(step.pending_count)).map {
            UInt8(truncatingIfNeeded: step.pending >> (8 * $0))
          }
        } else if produced == 0 && consumed == 0 && start < end {
          // No progress with input to read: not ISA-L's contract; zlib takes over.
          return try handOver().read(into: buffer)
        }
        if produced > 0 {
          memberOutput += produced
          return produced
        }
      case .trailer:
        while trailer.count < 8 {
          if start == end {
            if let problem = refillProblem() {
              return try handOver(endingWith: problem).read(into: buffer)
            }
            if start == end { return try handOver().read(into: buffer) }
          }
          let taken = min(8 - trailer.count, end - start)
          trailer += UnsafeRawBufferPointer(start: inputBase + start, count: taken)
          start += taken
        }
        if Self.littleEndian(trailer[0..<4]) != crc || Self.littleEndian(trailer[4..<8]) != size {
          return try handOver().read(into: buffer)
        }
        phase = .between
        memberOutput = 0
      }
    }
  }

  /// Whether a member has been handed to zlib.
  var handedOver: Bool { zlib != nil }

  /// The unread input.
  private var unread: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: inputBase + start, count: end - start)
  }

  private static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
  }

  /// Marks the unread input's first byte as the start of a member, and forgets the kept bytes
  /// before it.
  private func beginMember() {
    memberStart = readTotal - (end - start)
    memberOutput = 0
    if rewind == nil && memberStart > keptStart {
      kept.removeFirst(memberStart - keptStart)
      keptStart = memberStart
    }
  }

  /// Moves the unread input to the front of the buffer and reads more after it; false when
  /// upstream has ended.
  private func refill() throws(ByteSourceError) -> Bool {
    if upstreamDone { return false }
    if start > 0 {
      if end > start { memmove(inputBase, inputBase + start, end - start) }
      end -= start
      start = 0
    }
    guard end < input.count else { return true }
    let count = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: input[end...]))
    if count == 0 {
      upstreamDone = true
      return false
    }
    if rewind == nil {
      kept += UnsafeRawBufferPointer(start: inputBase + end, count: count)
    }
    end += count
    readTotal += count
    return true
  }

  /// ``refill()`` inside a member: the problem upstream ended with, if any, for zlib to meet
  /// after the bytes before it.
  private func refillProblem() -> ByteSourceError? {
    do {
      _ = try refill()
      return nil
    } catch {
      return error
    }
  }

  /// Gives the current member, from its first byte, and everything after it to zlib, which
  /// drops the bytes of the member already returned. `error`: the problem upstream ended with,
  /// met again by zlib after the bytes read before it.
  private func handOver(endingWith error: ByteSourceError? = nil) -> ZlibInflater {
    let stored: ReplaySource.Stored
    if let rewind {
      stored = .file(rewind, from: memberStart)
    } else {
      stored = .memory(Array(kept[(memberStart - keptStart)...]))
      kept = []
    }
    let rest: any ByteSource = upstreamDone && error == nil ? MemorySource([]) : upstream
    let replay = ReplaySource(
      stored: stored, count: readTotal - memberStart, rest: rest, restError: error)
    let zlib = ZlibInflater(upstream: replay, skip: memberOutput)
    self.zlib = zlib
    return zlib
  }
}

/// A member's bytes read again for zlib, then what came after them.
struct ReplaySource: ByteSource {
  enum Stored {
    case memory([UInt8])
    /// Read again from a file, from this stream offset on.
    case file(RewindableFile, from: Int)
  }

  let stored: Stored
  /// How many stored bytes there are.
  let count: Int
  var rest: any ByteSource
  /// The problem upstream ended with, thrown after the stored bytes instead of reading `rest`.
  let restError: ByteSourceError?
  private var position = 0

  init(stored: Stored, count: Int, rest: any ByteSource, restError: ByteSourceError?) {
    self.stored = stored
    self.count = count
    self.rest = rest
    self.restError = restError
  }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    if position < count {
      let wanted = UnsafeMutableRawBufferPointer(
        rebasing: buffer[0..<min(buffer.count, count - position)])
      var served = 0
      switch stored {
      case .memory(let bytes):
        bytes.withUnsafeBytes { source in
          wanted.copyMemory(
            from: UnsafeRawBufferPointer(rebasing: source[position..<(position + wanted.count)]))
        }
        served = wanted.count
      case .file(let file, let from):
        served = try file.read(at: from + position, into: wanted)
      }
      // A file that has shrunk since: what is left of it is all there is.
      position = served == 0 ? count : position + served
      if served > 0 { return served }
    }
    if let restError { throw restError }
    return try rest.read(into: buffer)
  }
}

/// The header of a gzip member (RFC 1952), as far as ISA-L's path reads it itself.
enum GzipMemberHeader {
  /// The header's length, when it is whole in `bytes` and is one zlib takes without a second
  /// look: magic, deflate, no reserved flags and no header CRC. nil for anything else, which
  /// zlib then reads.
  static func length(of bytes: UnsafeRawBufferPointer) -> Int? {
    guard bytes.count >= 10, bytes[0] == 0x1F, bytes[1] == 0x8B, bytes[2] == 8 else { return nil }
    let flags = bytes[3]
    let extra: UInt8 = 0x04
    let name: UInt8 = 0x08
    let comment: UInt8 = 0x10
    let headerCRC: UInt8 = 0x02
    guard flags & 0xE0 == 0, flags & headerCRC == 0 else { return nil }
    var offset = 10
    if flags & extra != 0 {
      guard offset + 2 <= bytes.count else { return nil }
      offset += 2 + (Int(bytes[offset]) | Int(bytes[offset + 1]) << 8)
    }
    for field in [name, comment] where flags & field != 0 {
      guard offset < bytes.count,
        let zero = bytes[offset...].firstIndex(of: 0)
      else { return nil }
      offset = zero + 1
    }
    return offset <= bytes.count ? offset : nil
  }
}
