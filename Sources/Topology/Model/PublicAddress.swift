import NetworkPrimitives

/// A public IPv4 address mapped 1:1 to a private one by the internet gateway.
public struct PublicAddress: Hashable, Sendable {
  public var publicIP: IPAddress
  public var privateIP: IPAddress
  /// `eipalloc-…` for an Elastic IP; `nil` for an auto-assigned address.
  public var allocationId: String?

  public init(publicIP: IPAddress, privateIP: IPAddress, allocationId: String? = nil) {
    self.publicIP = publicIP
    self.privateIP = privateIP
    self.allocationId = allocationId
  }
}
