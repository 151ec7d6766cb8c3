/// Collects output in memory (for tests and in-process callers).
public final class MemoryWriter: ByteWriter {
  public private(set) var bytes: [UInt8] = []
  public init() {}
  public func write(_ bytes: UnsafeRawBufferPointer) { self.bytes.append(contentsOf: bytes) }
  public func flush() {}
  public var writeError: Int32? { nil }
  /// The output as text.
  public var text: String { String(decoding: bytes, as: UTF8.self) }
}
