import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes gigabytes to a regular file without the kernel copying them into the page cache
/// (`O_DIRECT`): bytes are staged in two aligned 4 MiB buffers, and each full buffer is written
/// on a queue of its own while the next one fills.
///
/// For `diagnose --output jsonl`, about a kilobyte per REJECT: on the 10M-record file the
/// kernel's copy of 2.66 GB into the page cache took 8–10 CPU seconds, and buffered writes ran
/// at a quarter of the disk's direct speed on the machine in docs/performance.md. Only when it
/// is safe: a regular file at an aligned offset, not opened for appending, and not also the
/// standard error (which shares the flag and writes unaligned lines); Linux on x86_64 and arm64.
/// A direct write that fails (or writes an unaligned part) turns the flag off and writes its
/// bytes, and every later buffer, the usual way, so the file always gets every byte in order.
/// A write that fails the usual way too (the disk is full) is remembered in ``writeError``, and
/// nothing more is written.
///
/// Threads: `write` and `finish` run on the caller's thread; `writeBlock` on `queue`, one
/// buffer at a time (`inFlight`); `failed` and `writeError` are touched on the queue, and by
/// `finish` (and its caller) only after the queue has drained.
final class DirectFileOutput: @unchecked Sendable {
  /// The unit `O_DIRECT` writes must be aligned to (address, length and file offset).
  static let block = 4096
  /// Bytes staged before each direct write.
  static let stagingSize = 4 << 20

  private let descriptor: Int32
  private let flagsBefore: Int32
  private var buffers: [UnsafeMutableRawPointer]
  private var current = 0
  private var staged = 0
  private var failed = false
  /// The `errno` of the first write that failed the usual way; read it after ``finish()``.
  private(set) var writeError: Int32? = nil
  private let queue = DispatchQueue(label: "flowcause.direct-output")
  private let inFlight = DispatchSemaphore(value: 1)

  init?(descriptor: Int32) {
    #if os(Linux) && (arch(x86_64) || arch(arm64))
      #if arch(x86_64)
        let directFlag: Int32 = 0o40000
      #else
        let directFlag: Int32 = 0o200000
      #endif
      var own = stat()
      var errorStream = stat()
      guard fstat(descriptor, &own) == 0, own.st_mode & S_IFMT == S_IFREG else { return nil }
      if descriptor != 2, fstat(2, &errorStream) == 0,
        errorStream.st_dev == own.st_dev && errorStream.st_ino == own.st_ino
      {
        return nil
      }
      let flags = fcntl(descriptor, F_GETFL)
      guard flags >= 0, flags & O_APPEND == 0 else { return nil }
      let offset = lseek(descriptor, 0, SEEK_CUR)
      guard offset >= 0, Int(offset) % Self.block == 0 else { return nil }
      guard fcntl(descriptor, F_SETFL, flags | directFlag) == 0 else { return nil }
      self.descriptor = descriptor
      flagsBefore = flags
      buffers = (0..<2).map { _ in
        UnsafeMutableRawPointer.allocate(byteCount: Self.stagingSize, alignment: Self.block)
      }
    #else
      return nil
    #endif
  }

  deinit {
    for buffer in buffers { buffer.deallocate() }
  }

  func write(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress else { return }
    var offset = 0
    while offset < bytes.count {
      let count = min(Self.stagingSize - staged, bytes.count - offset)
      (buffers[current] + staged).copyMemory(from: source + offset, byteCount: count)
      staged += count
      offset += count
      if staged == Self.stagingSize { handOff() }
    }
  }

  /// Sends the full current buffer to the queue (after the one before it is written) and
  /// switches to the other.
  private func handOff() {
    inFlight.wait()
    let full = Block(start: buffers[current])
    queue.async {
      self.writeBlock(full.start, count: Self.stagingSize)
      self.inFlight.signal()
    }
    current ^= 1
    staged = 0
  }

  /// Waits for the queue, writes the whole blocks still staged directly and the last part the
  /// usual way, and turns the flag off.
  func finish() {
    queue.sync {}
    let aligned = staged - staged % Self.block
    if aligned > 0 { writeBlock(buffers[current], count: aligned) }
    if !failed { _ = fcntl(descriptor, F_SETFL, flagsBefore) }
    failed = true
    if staged > aligned {
      writeOrdinarily(buffers[current] + aligned, count: staged - aligned)
    }
    staged = 0
  }

  /// Writes `count` bytes at `start` directly, or the usual way once a direct write failed.
  private func writeBlock(_ start: UnsafeMutableRawPointer, count: Int) {
    guard writeError == nil else { return }
    var done = 0
    while !failed && done < count {
      let written = sysWrite(start + done, count - done)
      if written < 0 && errno == EINTR { continue }
      if written > 0 { done += written }
      if written <= 0 || written % Self.block != 0 {
        // Not written, or written up to an unaligned length: from here on, the usual way.
        failed = true
        _ = fcntl(descriptor, F_SETFL, flagsBefore)
      }
    }
    if done < count { writeOrdinarily(start + done, count: count - done) }
  }

  private func writeOrdinarily(_ start: UnsafeMutableRawPointer, count: Int) {
    guard writeError == nil else { return }
    var done = 0
    while done < count {
      let written = sysWrite(start + done, count - done)
      if written < 0 {
        if errno == EINTR { continue }
        writeError = errno
        return
      }
      done += written
    }
  }

  private func sysWrite(_ start: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
      return Glibc.write(descriptor, start, count)
    #else
      return Darwin.write(descriptor, start, count)
    #endif
  }

  /// A staging buffer handed to the queue.
  private struct Block: @unchecked Sendable {
    let start: UnsafeMutableRawPointer
  }
}
