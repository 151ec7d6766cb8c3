/// An instance and its network interfaces (device index order).
public struct Instance: Hashable, Sendable {
  public var id: String
  public var networkInterfaceIds: [String]

  public init(id: String, networkInterfaceIds: [String]) {
    self.id = id
    self.networkInterfaceIds = networkInterfaceIds
  }
}
