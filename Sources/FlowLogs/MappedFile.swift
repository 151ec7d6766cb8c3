#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A regular file mapped read-only into memory, from the descriptor's current offset to its
/// end: the chunked reader parses it in place, without `read(2)` copying every byte out of the
/// page cache.
///
/// A mapping is only safe while the file keeps its size: if another process truncates it
/// during the read, touching the lost pages raises `SIGBUS`. Callers that map install a
/// handler that reports it and exits (`flowcause` does, see `MappedInputGuard`), as `ripgrep`
/// documents the same hazard for its memory maps.
public final class MappedFile: @unchecked Sendable {
  /// The bytes from the descriptor's offset to the end of the file.
  public let bytes: UnsafeRawBufferPointer
  private let mapping: UnsafeMutableRawPointer
  private let mappedLength: Int

  /// Maps `descriptor` when it is a regular file of at least `minimumSize` bytes after its
  /// current offset; `nil` otherwise (a pipe, a terminal, a small file, a failed `mmap`).
  /// The descriptor's offset is left where it was.
  public init?(descriptor: Int32, minimumSize: Int = 1 << 20) {
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      return nil
    }
    let size = Int(status.st_size)
    let offset = Int(lseek(descriptor, 0, SEEK_CUR))
    guard offset >= 0, size - offset >= max(minimumSize, 1) else { return nil }
    guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
      pointer != MAP_FAILED
    else { return nil }
    #if canImport(Glibc)
      _ = madvise(pointer, size, MADV_SEQUENTIAL)
    #endif
    mapping = pointer
    mappedLength = size
    bytes = UnsafeRawBufferPointer(start: pointer + offset, count: size - offset)
  }

  /// Drops `part`'s pages from this process's memory once it has been read: they stay in the
  /// page cache, and touching them again would map them back. Without this, every page read
  /// would count in the resident set, which would then grow with the file.
  public func release(_ part: UnsafeRawBufferPointer) {
    guard let start = part.baseAddress, part.count > 0 else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let low = max(0, (start - UnsafeRawPointer(mapping)) / page * page)
    let high = min(
      mappedLength, (start - UnsafeRawPointer(mapping) + part.count + page - 1) / page * page)
    guard high > low else { return }
    _ = madvise(mapping + low, high - low, MADV_DONTNEED)
  }

  deinit { munmap(mapping, mappedLength) }
}
