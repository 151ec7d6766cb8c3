import Synchronization

/// How far reading has gone, for a progress line: the bytes of text handed to the parser
/// (after decompression) and the lines, added to as chunks are read, and the REJECT records
/// its consumer has met; read from any thread.
public final class ReadProgress: Sendable {
  private let bytesRead = Atomic<Int>(0)
  private let linesRead = Atomic<Int>(0)
  private let rejectsMet = Atomic<Int>(0)

  public init() {}

  public var bytes: Int { bytesRead.load(ordering: .relaxed) }
  public var lines: Int { linesRead.load(ordering: .relaxed) }
  public var rejects: Int { rejectsMet.load(ordering: .relaxed) }

  /// One more REJECT record (the consumer's count).
  public func addReject() { rejectsMet.add(1, ordering: .relaxed) }

  func add(bytes: Int, lines: Int) {
    bytesRead.add(bytes, ordering: .relaxed)
    linesRead.add(lines, ordering: .relaxed)
  }
}
