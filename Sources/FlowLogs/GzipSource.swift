import CZlib

/// Decompresses gzip data from an upstream source through the system zlib.
///
/// Several concatenated gzip members (as `cat a.gz b.gz` makes) read as one stream. Data that
/// ends inside a member throws ``ReadDiagnostic/Problem/truncatedGzip`` after every byte before
/// the break has been returned.
final class GzipSource: ByteSource {
  private var upstream: any ByteSource
  private let stream: UnsafeMutablePointer<z_stream>
  private let input: UnsafeMutableRawBufferPointer
  private let inputBase: UnsafeMutablePointer<Bytef>
  private var upstreamDone = false
  private var inMember = false
  private var initialized = false

  init(upstream: any ByteSource, inputSize: Int = 256 * 1024) {
    self.upstream = upstream
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
    guard let outBase = buffer.baseAddress, buffer.count > 0 else { return 0 }
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
      if stream.pointee.avail_in == 0 && upstreamDone {
        if inMember { throw ByteSourceError(.truncatedGzip) }
        return 0
      }
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
        throw ByteSourceError(.corruptGzip(reason))
      }
      if produced > 0 { return produced }
    }
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
      throw ByteSourceError(.corruptGzip("data after the last gzip member is not gzip"))
    }
    if initialized {
      inflateReset(stream)
    } else {
      let status = inflateInit2_(
        stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
      guard status == Z_OK else {
        throw ByteSourceError(.corruptGzip("zlib cannot start (error \(status))"))
      }
      initialized = true
    }
    inMember = true
  }
}
