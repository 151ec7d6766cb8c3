#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a command writes its output: standard output, standard error, or memory in tests.
public protocol ByteWriter: AnyObject {
  func write(_ bytes: UnsafeRawBufferPointer)
  func flush()
}

extension ByteWriter {
  public func write(_ text: String) {
    var text = text
    text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
  }

  public func write(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { write($0) }
  }
}

/// A buffered writer to a file descriptor.
public final class FileDescriptorWriter: ByteWriter {
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private let capacity: Int
  /// Direct mode (``writeDirectly()``): the staging area, aligned for `O_DIRECT`.
  private var staging: UnsafeMutableRawPointer? = nil
  private var staged = 0
  private var flagsBeforeDirect: Int32 = 0

  public init(descriptor: Int32, capacity: Int = 256 * 1024) {
    self.descriptor = descriptor
    self.capacity = capacity
    buffer.reserveCapacity(capacity)
  }

  deinit {
    flush()
    staging?.deallocate()
  }

  public func write(_ bytes: UnsafeRawBufferPointer) {
    if staging != nil {
      stage(bytes)
      return
    }
    if buffer.count + bytes.count > capacity { flush() }
    if bytes.count >= capacity {
      writeAll(bytes)
    } else {
      buffer.append(contentsOf: bytes)
    }
  }

  public func flush() {
    if staging != nil { endDirect() }
    guard !buffer.isEmpty else { return }
    buffer.withUnsafeBytes { writeAll($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  // MARK: - Direct writes

  /// The unit `O_DIRECT` writes must be aligned to (address, length and file offset).
  static let block = 4096
  /// Bytes staged before each direct write.
  static let stagingSize = 4 << 20

  /// From now until the next `flush()`, writes gigabytes to a regular file without copying them
  /// into the page cache (`O_DIRECT`), in aligned 4 MiB writes; `flush()` writes the rest the
  /// usual way. For `diagnose --output jsonl`, whose gigabytes of output cost more system time
  /// in that copy than the rest of the run's input and output together: on the 10M-record file
  /// the kernel's copy took about 9 CPU seconds, and buffered writes ran at a quarter of the
  /// disk's direct speed on this machine. Only when it is safe: a regular file at an aligned
  /// offset, not opened for appending, and not also the standard error (which would share the
  /// flag and write unaligned lines); Linux on x86_64 and arm64 only. Any failure of a direct
  /// write falls back to ordinary writes of the same bytes. Returns whether direct mode is on.
  @discardableResult
  public func writeDirectly() -> Bool {
    #if os(Linux) && (arch(x86_64) || arch(arm64))
      #if arch(x86_64)
        let directFlag: Int32 = 0o40000
      #else
        let directFlag: Int32 = 0o200000
      #endif
      guard staging == nil else { return true }
      flush()
      var own = stat()
      var errorStream = stat()
      guard fstat(descriptor, &own) == 0, own.st_mode & S_IFMT == S_IFREG else { return false }
      if fstat(2, &errorStream) == 0, descriptor != 2,
        errorStream.st_dev == own.st_dev && errorStream.st_ino == own.st_ino
      {
        return false
      }
      let flags = fcntl(descriptor, F_GETFL)
      guard flags >= 0, flags & O_APPEND == 0 else { return false }
      let offset = lseek(descriptor, 0, SEEK_CUR)
      guard offset >= 0, Int(offset) % Self.block == 0 else { return false }
      guard fcntl(descriptor, F_SETFL, flags | directFlag) == 0 else { return false }
      flagsBeforeDirect = flags
      staging = UnsafeMutableRawPointer.allocate(
        byteCount: Self.stagingSize, alignment: Self.block)
      staged = 0
      return true
    #else
      return false
    #endif
  }

  private func stage(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress, var target = staging else { return }
    var offset = 0
    while offset < bytes.count {
      let room = Self.stagingSize - staged
      let count = min(room, bytes.count - offset)
      (target + staged).copyMemory(from: source + offset, byteCount: count)
      staged += count
      offset += count
      if staged == Self.stagingSize {
        writeStaged(upTo: staged)
        // A failed direct write ends direct mode; the rest goes the usual way.
        guard let still = staging else {
          writeAll(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
          return
        }
        target = still
      }
    }
  }

  /// Writes the first `count` staged bytes (a multiple of the block) directly, keeping the rest.
  private func writeStaged(upTo count: Int) {
    guard let base = staging else { return }
    var done = 0
    while done < count {
      #if canImport(Glibc)
        let written = Glibc.write(descriptor, base + done, count - done)
      #else
        let written = Darwin.write(descriptor, base + done, count - done)
      #endif
      if written < 0 && errno == EINTR { continue }
      if written <= 0 || written % Self.block != 0 {
        // Not written, or written up to an unaligned length: the rest the usual way.
        if written > 0 { done += written }
        endDirect(alreadyWritten: done)
        return
      }
      done += written
    }
    let rest = staged - count
    if rest > 0 { base.copyMemory(from: base + count, byteCount: rest) }
    staged = rest
  }

  /// Writes what is staged (aligned blocks directly), then turns direct mode off and writes the
  /// rest with ordinary writes; `alreadyWritten` staged bytes are on the file already.
  private func endDirect(alreadyWritten: Int = -1) {
    guard let base = staging else { return }
    var written = alreadyWritten
    if written < 0 {
      let aligned = staged - staged % Self.block
      written = 0
      if aligned > 0 {
        writeStaged(upTo: aligned)
        // A failed direct write already ended direct mode and wrote everything.
        guard staging != nil else { return }
        // `writeStaged` moved the unaligned rest to the front.
      }
    }
    _ = fcntl(descriptor, F_SETFL, flagsBeforeDirect)
    staging = nil
    if staged > written {
      writeAll(UnsafeRawBufferPointer(start: base + written, count: staged - written))
    }
    staged = 0
    base.deallocate()
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) {
    guard let start = bytes.baseAddress else { return }
    var offset = 0
    while offset < bytes.count {
      #if canImport(Glibc)
        let written = Glibc.write(descriptor, start + offset, bytes.count - offset)
      #else
        let written = Darwin.write(descriptor, start + offset, bytes.count - offset)
      #endif
      if written < 0 {
        if errno == EINTR { continue }
        return
      }
      offset += written
    }
  }
}

/// Collects output in memory (for tests and in-process callers).
public final class MemoryWriter: ByteWriter {
  public private(set) var bytes: [UInt8] = []
  public init() {}
  public func write(_ bytes: UnsafeRawBufferPointer) { self.bytes.append(contentsOf: bytes) }
  public func flush() {}
  /// The output as text.
  public var text: String { String(decoding: bytes, as: UTF8.self) }
}
