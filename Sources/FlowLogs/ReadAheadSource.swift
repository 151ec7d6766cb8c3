import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads an upstream source on a thread of its own, a few chunks ahead of the reader: gzip is
/// decompressed while the lines before are parsed and analysed, so that a `.gz` input costs
/// little more than its decompression, and the next inputs can be read and decompressed while
/// the current one is analysed (``FlowLogReader/readingAhead(_:)``).
///
/// Bytes, their order and where a problem stops the stream are those of the upstream source.
/// Memory is `depth` chunks.
public final class ReadAheadSource: ByteSource {
  private final class Shared: @unchecked Sendable {
    let chunks: [UnsafeMutableRawBufferPointer]
    /// Each chunk's length and problem, in memory allocated once: the producer writes one
    /// chunk's while the reader reads another's (ordered by the semaphores for the same chunk),
    /// which on a Swift array would be a mutation of the array the reader is reading.
    let lengths: UnsafeMutablePointer<Int>
    let problems: UnsafeMutablePointer<ByteSourceError?>
    let filled = DispatchSemaphore(value: 0)
    let free: DispatchSemaphore
    let finished = DispatchSemaphore(value: 0)
    /// Set by the reader when it stops early; the producer then stops at its next chunk.
    var cancelled = false
    /// Whether the producer found gzip and decompresses it; written before the first chunk is
    /// signalled, read after it.
    var decompresses = false
    let lock = PThreadLock()

    init(chunkSize: Int, depth: Int) {
      chunks = (0..<depth).map { _ in
        UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
      }
      lengths = .allocate(capacity: depth)
      lengths.initialize(repeating: 0, count: depth)
      problems = .allocate(capacity: depth)
      problems.initialize(repeating: nil, count: depth)
      // Made at 0 and signalled: libdispatch traps when a semaphore is freed below the value
      // it was made with.
      free = DispatchSemaphore(value: 0)
      for _ in 0..<depth { free.signal() }
    }

    deinit {
      for chunk in chunks { chunk.deallocate() }
      lengths.deinitialize(count: chunks.count)
      lengths.deallocate()
      problems.deinitialize(count: chunks.count)
      problems.deallocate()
    }
  }

  /// Carries the upstream source to the producer thread, which alone uses it from then on.
  private final class Upstream: @unchecked Sendable {
    var source: any ByteSource
    init(_ source: any ByteSource) { self.source = source }
  }

  private let shared: Shared
  private var slot = 0
  private var offset = 0
  private var available = 0
  private var ended = false
  private var stopped = false
  private var pendingProblem: ByteSourceError? = nil

  /// Reads `upstream` ahead as it is.
  public convenience init(upstream: any ByteSource, chunkSize: Int = 1 << 20, depth: Int = 4) {
    self.init(upstream: upstream, detectingGzip: false, chunkSize: chunkSize, depth: depth)
  }

  /// Reads `upstream` ahead; with `detectingGzip`, the producer looks at its first two bytes
  /// and, on gzip's magic, decompresses it (``decompresses``).
  init(upstream: any ByteSource, detectingGzip: Bool, chunkSize: Int = 1 << 20, depth: Int = 4) {
    let shared = Shared(chunkSize: chunkSize, depth: depth)
    self.shared = shared
    let upstream = Upstream(upstream)
    DetachedThread.start {
      var index = 0
      defer { shared.finished.signal() }
      var startProblem: ByteSourceError? = nil
      if detectingGzip {
        do throws(ByteSourceError) {
          try Self.detectGzip(upstream, shared: shared)
        } catch {
          startProblem = error
        }
      }
      while true {
        shared.free.wait()
        if shared.lock.withLock({ shared.cancelled }) { return }
        let chunk = shared.chunks[index]
        var length = 0
        var problem: ByteSourceError? = startProblem
        // Fill the chunk (a decompressor may return a little at a time).
        while length < chunk.count && problem == nil {
          do throws(ByteSourceError) {
            let count = try upstream.source.read(
              into: UnsafeMutableRawBufferPointer(rebasing: chunk[length...]))
            if count == 0 { break }
            length += count
          } catch {
            problem = error
          }
        }
        shared.lengths[index] = length
        shared.problems[index] = problem
        shared.filled.signal()
        // An empty chunk or a problem ends the stream.
        if length == 0 || problem != nil { return }
        index = (index + 1) % shared.chunks.count
      }
    }
  }

  /// On gzip's magic, puts a decompressor between the producer and `upstream`.
  private static func detectGzip(_ upstream: Upstream, shared: Shared) throws(ByteSourceError) {
    var head: [UInt8] = []
    var byte: UInt8 = 0
    while head.count < 2 {
      let count = try withUnsafeMutableBytes(of: &byte) { buffer throws(ByteSourceError) in
        try upstream.source.read(into: buffer)
      }
      if count == 0 { break }
      head.append(byte)
    }
    if head == [0x1F, 0x8B] {
      let rewind = RewindableFile.of(upstream.source, consumed: head.count)
      upstream.source = GzipSource(
        upstream: PrefixedSource(prefix: head, rest: upstream.source), rewind: rewind)
      shared.decompresses = true
    } else {
      upstream.source = PrefixedSource(prefix: head, rest: upstream.source)
    }
  }

  deinit {
    if !ended { cancel() }
    if !stopped { shared.finished.wait() }
  }

  /// Whether the upstream source was found to be gzip and is being decompressed (known once
  /// the first read has returned).
  public var decompresses: Bool { shared.decompresses }

  /// Tells the producer to stop at its next chunk (the reader will read no more).
  public func cancel() {
    shared.lock.withLock { shared.cancelled = true }
    shared.free.signal()
  }

  /// Cancels and waits until the producer has stopped, so that its upstream can be closed
  /// (a producer waiting on a pipe stops when the pipe's writer goes away).
  public func stop() {
    if stopped { return }
    if !ended { cancel() }
    shared.finished.wait()
    stopped = true
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    guard let target = buffer.baseAddress, buffer.count > 0 else { return 0 }
    if available == 0 {
      if ended {
        // The bytes before a problem have been served: now the problem, once.
        if let problem = pendingProblem {
          pendingProblem = nil
          throw problem
        }
        return 0
      }
      shared.filled.wait()
      let length = shared.lengths[slot]
      if let problem = shared.problems[slot] {
        pendingProblem = problem
        ended = true
      }
      offset = 0
      if length == 0 {
        ended = true
        if let problem = pendingProblem {
          pendingProblem = nil
          throw problem
        }
        return 0
      }
      available = length
    }
    let count = min(available, buffer.count)
    if let source = shared.chunks[slot].baseAddress {
      target.copyMemory(from: source + offset, byteCount: count)
    }
    offset += count
    available -= count
    if available == 0 {
      shared.free.signal()
      slot = (slot + 1) % shared.chunks.count
    }
    return count
  }
}

/// A mutex (pthreads), for the one flag the two threads share.
final class PThreadLock: @unchecked Sendable {
  private var mutex = pthread_mutex_t()
  init() { pthread_mutex_init(&mutex, nil) }
  deinit { pthread_mutex_destroy(&mutex) }
  func withLock<T>(_ body: () -> T) -> T {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return body()
  }
}
