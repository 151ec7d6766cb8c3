#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension FlowLogReader {
  /// Starts reading `source` on a thread of its own, decompressing it there if it is gzip, so
  /// that it is under way before the reader comes to it: the caller opens the next inputs this
  /// way while it reads the current one. A regular file that is not gzip is returned as it is
  /// (the chunked reader maps it into memory instead); anything else (gzip, a pipe) comes back
  /// as a ``ReadAheadSource`` holding at most four 1 MiB chunks. The reader then reads it
  /// exactly as it would have read `source`.
  public static func readingAhead(_ source: any ByteSource) -> any ByteSource {
    if let file = source as? FileDescriptorSource {
      var status = stat()
      if fstat(file.descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG {
        var magic: (UInt8, UInt8) = (0, 0)
        let position = lseek(file.descriptor, 0, SEEK_CUR)
        let count = withUnsafeMutableBytes(of: &magic) {
          pread(file.descriptor, $0.baseAddress, 2, position)
        }
        guard position >= 0, count == 2, magic == (0x1F, 0x8B) else { return source }
      }
    }
    return ReadAheadSource(upstream: source, detectingGzip: true)
  }
}
