/// Where a command writes its output: standard output, standard error, or memory in tests.
public protocol ByteWriter: AnyObject {
  func write(_ bytes: UnsafeRawBufferPointer)
  func flush()
  /// The `errno` of the first write that failed, after which nothing more is written; `nil`
  /// while every write has succeeded. Read it after `flush()`.
  var writeError: Int32? { get }
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
