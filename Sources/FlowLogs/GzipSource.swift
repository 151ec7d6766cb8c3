#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Decompresses gzip data from an upstream source: with ISA-L's igzip where it is installed
/// (``ISALInflater``, several times faster), else with zlib (``ZlibInflater``).
///
/// Either way the bytes returned and the problem that ends the stream are zlib's: ISA-L hands
/// any member it cannot finish cleanly (damaged, cut short, or with a header it does not take)
/// to zlib, which reads that member again from its start and the rest of the input after it.
/// `FLOWCAUSE_INFLATE=zlib` in the environment makes every input use zlib.
final class GzipSource: ByteSource {
  /// Which library decompresses.
  enum Inflater: Sendable {
    /// ISA-L when it can be loaded and `FLOWCAUSE_INFLATE` is not `zlib`, else zlib.
    case automatic
    /// ISA-L, with zlib for the members it hands over; zlib alone when ISA-L is missing.
    case isal
    case zlib
  }

  /// The message for bytes after the last member that do not start another.
  static let notGzipAfterMembers = "data after the last gzip member is not gzip"

  private let inflater: any ByteSource

  /// - Parameter rewind: where the compressed bytes can be read again (a regular file), so that
  ///   a member handed to zlib need not be kept in memory meanwhile.
  init(
    upstream: any ByteSource, rewind: RewindableFile? = nil, inflater: Inflater = .automatic
  ) {
    let useISAL: Bool
    switch inflater {
    case .automatic: useISAL = !Self.zlibRequested
    case .isal: useISAL = true
    case .zlib: useISAL = false
    }
    if useISAL, let fast = ISALInflater(upstream: upstream, rewind: rewind) {
      self.inflater = fast
    } else {
      self.inflater = ZlibInflater(upstream: upstream)
    }
  }

  /// Whether this process can use ISA-L (its library loads).
  static let isalAvailable: Bool = ISALInflater.loads

  /// Whether the build saw ISA-L's header, so that ISA-L is used wherever its library loads.
  static let isalCompiled: Bool = ISALInflater.compiled

  /// `FLOWCAUSE_INFLATE=zlib`: every input decompressed by zlib.
  static let zlibRequested: Bool = {
    guard let value = getenv("FLOWCAUSE_INFLATE") else { return false }
    return String(cString: value) == "zlib"
  }()

  /// Whether ISA-L is decoding (it was loaded and has handed nothing to zlib yet).
  var decodesWithISAL: Bool { (inflater as? ISALInflater)?.handedOver == false }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    var inflater = self.inflater
    return try inflater.read(into: buffer)
  }
}

/// A regular file whose bytes, from `offset` on, are the compressed stream: read again with
/// `pread` when a member must be decompressed a second time.
struct RewindableFile: Sendable {
  let descriptor: Int32
  /// The file offset of the stream's first byte.
  let offset: Int

  /// The stream `source` will serve, when it reads a regular file and `consumed` bytes of the
  /// stream have already been read from it; nil otherwise.
  static func of(_ source: any ByteSource, consumed: Int) -> RewindableFile? {
    guard let file = source as? FileDescriptorSource else { return nil }
    var status = stat()
    guard fstat(file.descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      return nil
    }
    let position = lseek(file.descriptor, 0, SEEK_CUR)
    guard position >= consumed else { return nil }
    return RewindableFile(descriptor: file.descriptor, offset: Int(position) - consumed)
  }

  /// Reads up to `buffer.count` bytes at the stream's offset `at`.
  func read(at position: Int, into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError)
    -> Int
  {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    while true {
      let count = pread(descriptor, base, buffer.count, off_t(offset + position))
      if count >= 0 { return count }
      if errno == EINTR { continue }
      throw ByteSourceError(.readFailed(String(cString: strerror(errno))))
    }
  }
}
