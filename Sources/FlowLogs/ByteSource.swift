#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A stream of bytes the reader pulls from: a file descriptor, memory, or a decompressor.
public protocol ByteSource {
  /// Reads up to `buffer.count` bytes into `buffer`, returning how many; 0 means the end.
  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int
}

/// Why a byte source cannot go on; carries the problem the reader reports for the input.
public struct ByteSourceError: Error, Sendable {
  public var problem: ReadDiagnostic.Problem
  public init(_ problem: ReadDiagnostic.Problem) { self.problem = problem }
}

/// Reads an open file descriptor (a file, a pipe, standard input). Does not close it.
public struct FileDescriptorSource: ByteSource {
  public let descriptor: Int32
  public init(descriptor: Int32) { self.descriptor = descriptor }

  public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError)
    -> Int
  {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    while true {
      #if canImport(Glibc)
        let count = Glibc.read(descriptor, base, buffer.count)
      #else
        let count = Darwin.read(descriptor, base, buffer.count)
      #endif
      if count >= 0 { return count }
      if errno == EINTR { continue }
      throw ByteSourceError(.readFailed(String(cString: strerror(errno))))
    }
  }
}

/// Serves bytes held in memory.
public struct MemorySource: ByteSource {
  private let bytes: [UInt8]
  private var offset = 0

  public init(_ bytes: [UInt8]) { self.bytes = bytes }
  public init(_ text: String) { self.bytes = Array(text.utf8) }

  public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError)
    -> Int
  {
    let count = min(buffer.count, bytes.count - offset)
    guard count > 0 else { return 0 }
    bytes.withUnsafeBytes { source in
      buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
    }
    offset += count
    return count
  }
}

/// Serves a prefix already read (to sniff the delivery form), then the rest of a source.
struct PrefixedSource: ByteSource {
  private var prefix: MemorySource
  private var prefixDone = false
  private var rest: any ByteSource

  init(prefix: [UInt8], rest: any ByteSource) {
    self.prefix = MemorySource(prefix)
    self.rest = rest
  }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
    if !prefixDone {
      let count = try prefix.read(into: buffer)
      if count > 0 { return count }
      prefixDone = true
    }
    return try rest.read(into: buffer)
  }
}
