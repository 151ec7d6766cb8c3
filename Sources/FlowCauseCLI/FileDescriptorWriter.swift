import Rendering

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A buffered writer to a file descriptor.
///
/// The first write that fails (the disk is full, the reader of a pipe has gone) is remembered
/// in ``writeError`` and every later byte is dropped: the command goes on to its end and
/// `FlowCauseCommand` reports the error once.
public final class FileDescriptorWriter: ByteWriter {
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private let capacity: Int
  /// Set by ``writeDirectly()`` until the next `flush()`.
  private var direct: DirectFileOutput? = nil
  public private(set) var writeError: Int32? = nil

  public init(descriptor: Int32, capacity: Int = 256 * 1024) {
    self.descriptor = descriptor
    self.capacity = capacity
    buffer.reserveCapacity(capacity)
  }

  deinit { flush() }

  public func write(_ bytes: UnsafeRawBufferPointer) {
    if writeError != nil { return }
    if let direct {
      direct.write(bytes)
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
    if let direct {
      direct.finish()
      if writeError == nil { writeError = direct.writeError }
      self.direct = nil
    }
    guard !buffer.isEmpty else { return }
    buffer.withUnsafeBytes { writeAll($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  /// From now until the next `flush()`, writes to a regular file without copying into the page
  /// cache (`DirectFileOutput`), when that is safe here. Returns whether it is on.
  @discardableResult
  public func writeDirectly() -> Bool {
    if direct != nil { return true }
    flush()
    direct = DirectFileOutput(descriptor: descriptor)
    return direct != nil
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) {
    guard writeError == nil, let start = bytes.baseAddress else { return }
    var offset = 0
    while offset < bytes.count {
      #if canImport(Glibc)
        let written = Glibc.write(descriptor, start + offset, bytes.count - offset)
      #else
        let written = Darwin.write(descriptor, start + offset, bytes.count - offset)
      #endif
      if written < 0 {
        if errno == EINTR { continue }
        writeError = errno
        return
      }
      offset += written
    }
  }
}
