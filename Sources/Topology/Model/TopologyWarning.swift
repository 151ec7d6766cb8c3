/// A problem in a topology that flowcause works around, naming both ids involved.
public struct TopologyWarning: Hashable, Sendable, CustomStringConvertible {
  /// The resource that holds the reference (`eni-0abc`).
  public var resource: String
  /// What is wrong (`names security group sg-0123, which is not in the topology`).
  public var message: String

  public init(resource: String, message: String) {
    self.resource = resource
    self.message = message
  }

  public var description: String { "\(resource): \(message)" }
}
