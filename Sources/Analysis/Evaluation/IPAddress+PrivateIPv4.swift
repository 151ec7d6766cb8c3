import NetworkPrimitives

extension IPAddress {
  /// RFC 1918 and RFC 6598 (carrier-grade NAT) IPv4 space, which internet gateways do not route.
  public var isPrivateIPv4: Bool {
    guard case .v4(let value) = self else { return false }
    return value >> 24 == 10 || value >> 20 == 0xAC1 || value >> 16 == 0xC0A8
      || value >> 22 == (100 << 2 | 1)
  }

  /// The prefixes ``isPrivateIPv4`` holds, for ``DecisionCells`` (`DecisionCellsTests` checks
  /// that they agree).
  static let privateIPv4Prefixes: [CIDR] = [
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
  ].compactMap { CIDR($0) }
}
