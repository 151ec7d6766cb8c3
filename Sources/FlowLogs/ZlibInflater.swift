import CZlib

/// Decompresses gzip data from an upstream source through the system zlib: the simple twin of
/// ``ISALInflater``, and what ``GzipSource`` uses where ISA-L is missing or is told not to.
///
/// Several concatenated gzip members (as `cat a.gz b.gz` makes) read as one stream; zero padding
/// after the last member is skipped. Data that ends inside a member throws
/// ``ReadDiagnostic/Problem/truncatedGzip`` and a zlib error throws
/// ``ReadDiagnostic/Problem/corruptGzip(_:)`` with zlib's reason, each only after every byte
/// zlib decompressed before the problem has been returned, so what is returned does not depend
/// on the sizes of the reads.
final class ZlibInflater: ByteSource {
  private var upstream: any ByteSource
  private let stream: UnsafeMutablePointer<z_stream>
  private let input: UnsafeMutableRawBufferPointer
  private let inputBase: UnsafeMutablePointer<Bytef>
  private var upstreamDone = false
  private var inMember = false
  private var initialized = false
  /// The problem that ended the stream, thrown by every read once the bytes before it are out.
  private var failure: ByteSourceError? = nil
  /// Decompressed bytes still to be dropped before any is returned (``ISALInflater`` hands a
  /// member over with the bytes it has already returned).
  private var skip: Int

  init(upstream: any ByteSource, skip: Int = 0, inputSize: Int = 256 * 1024) {
    self.upstream = upstream
    self.skip = skip
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    inputBase = .allocate(capacity: inputSize)
    input = UnsafeMutableRawBufferPointer(start: inputBase, count: inputSize)
  }

  deinit {
    if initialized { inflateEnd(stream) }
    stream.deinitialize(count: 1)
    stream.deallocate()
    inputBase.deallocate()
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    guard buffer.baseAddress != nil, buffer.count > 0 else { return 0 }
    if skip > 0 {
      let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
      defer { scratch.deallocate() }
      while skip > 0 {
        let dropped = try inflateSome(
          into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<min(skip, scratch.count)]))
        if dropped == 0 { break }
        skip -= dropped
      }
    }
    return try inflateSome(into: buffer)
  }

  private func inflateSome(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError)
    -> Int
  {
    if let failure { throw failure }
    guard let outBase = buffer.baseAddress else { return 0 }
    while true {
      if stream.pointee.avail_in == 0 && !upstreamDone {
        let count = try upstream.read(into: input)
        if count == 0 {
          upstreamDone = true
        } else {
          stream.pointee.next_in = inputBase
          stream.pointee.avail_in = uInt(count)
        }
      }
      if stream.pointee.avail_in == 0 && upstreamDone && !inMember { return 0 }
      if !inMember {
        try startMember()
        if !inMember { continue }
      }
      stream.pointee.next_out = outBase.assumingMemoryBound(to: Bytef.self)
      stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
      let status = inflate(stream, Z_NO_FLUSH)
      let produced = buffer.count - Int(stream.pointee.avail_out)
      switch status {
      case Z_STREAM_END:
        inMember = false
      case Z_OK, Z_BUF_ERROR:
        break
      default:
        let reason =
          stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        let error = fail(ByteSourceError(.corruptGzip(reason)))
        // The bytes decompressed before the error first; the error at the next read.
        if produced > 0 { return produced }
        throw error
      }
      if produced > 0 { return produced }
      // Nothing more from what was read, and nothing more to read: the member is cut short.
      // (Only now: zlib may hold bytes a full buffer could not take.)
      if inMember && stream.pointee.avail_in == 0 && upstreamDone {
        throw fail(ByteSourceError(.truncatedGzip))
      }
    }
  }

  private func fail(_ error: ByteSourceError) -> ByteSourceError {
    failure = error
    return error
  }

  /// Begins the next member, or skips zero padding after the last one.
  private func startMember() throws(ByteSourceError) {
    guard let next = stream.pointee.next_in else { return }
    if next[0] == 0 {
      // Zero padding after the last member (gzip(1) ignores it, so do we).
      stream.pointee.next_in += 1
      stream.pointee.avail_in -= 1
      return
    }
    if next[0] != 0x1F {
      throw fail(ByteSourceError(.corruptGzip(GzipSource.notGzipAfterMembers)))
    }
    if initialized {
      inflateReset(stream)
    } else {
      let status = inflateInit2_(
        stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
      guard status == Z_OK else {
        throw fail(ByteSourceError(.corruptGzip("zlib cannot start (error \(status))")))
      }
      initialized = true
    }
    inMember = true
  }
}
