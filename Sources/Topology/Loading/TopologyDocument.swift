/// One JSON document to load: the output of one `aws ec2 describe-*` call, several of them
/// merged into one object, or a topology in flowcause's native format.
public struct TopologyDocument: Hashable, Sendable {
  /// The name errors and warnings use, usually the file name. For the output of
  /// `get-managed-prefix-list-entries` it must carry the list id
  /// (`get-managed-prefix-list-entries.pl-0abc.json`), which that output does not hold.
  public var name: String
  /// The document's bytes (UTF-8 JSON).
  public var bytes: [UInt8]

  public init(name: String, bytes: [UInt8]) {
    self.name = name
    self.bytes = bytes
  }
}
