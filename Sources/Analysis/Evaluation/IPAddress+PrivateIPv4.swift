import NetworkPrimitives

extension IPAddress {
  /// RFC 1918 and RFC 6598 (carrier-grade NAT) IPv4 space, which internet gateways do not route.
  public var isPrivateIPv4: Bool {
    guard case .v4(let value) = self else { return false }
    return value >> 24 == 10 || value >> 20 == 0xAC1 || value >> 16 == 0xC0A8
      || value >> 22 == (100 << 2 | 1)
  }
}
