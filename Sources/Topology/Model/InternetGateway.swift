/// An internet gateway and the VPCs it is attached to (state `available`/`attached`).
public struct InternetGateway: Hashable, Sendable {
  public var id: String
  public var attachedVpcIds: [String]

  public init(id: String, attachedVpcIds: [String]) {
    self.id = id
    self.attachedVpcIds = attachedVpcIds
  }
}
