/// An IPv4 or IPv6 prefix (`10.0.0.0/16`, `2600:1f18:abcd::/56`), held in canonical form: host
/// bits are cleared, as AWS stores CIDRs (`100.68.0.18/18` reads as `100.68.0.0/18`).
public struct CIDR: Hashable, Sendable, CustomStringConvertible, Comparable {
  /// The network address (host bits zero).
  public let network: IPAddress
  /// The prefix length: 0–32 for IPv4, 0–128 for IPv6.
  public let prefixLength: Int

  /// Creates a prefix, clearing host bits. Returns `nil` for a length out of range.
  public init?(network: IPAddress, prefixLength: Int) {
    switch network {
    case .v4(let value):
      guard (0...32).contains(prefixLength) else { return nil }
      self.network = .v4(prefixLength == 0 ? 0 : value & (UInt32.max << (32 - prefixLength)))
    case .v6(let value):
      guard (0...128).contains(prefixLength) else { return nil }
      self.network = .v6(prefixLength == 0 ? 0 : value & (UInt128.max << (128 - prefixLength)))
    }
    self.prefixLength = prefixLength
  }

  /// Parses `address/length`; a bare address is a host prefix (/32 or /128).
  public init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2, let address = IPAddress(String(parts[0])) else {
      return nil
    }
    var length = address.isIPv6 ? 128 : 32
    if parts.count == 2 {
      guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber),
        parts[1].count <= 3, let parsed = Int(parts[1])
      else { return nil }
      length = parsed
    }
    self.init(network: address, prefixLength: length)
  }

  /// The prefix that holds exactly `address`.
  public init(host address: IPAddress) {
    network = address
    prefixLength = address.isIPv6 ? 128 : 32
  }

  /// Whether the prefix is IPv6.
  public var isIPv6: Bool { network.isIPv6 }

  /// `0.0.0.0/0` or `::/0`.
  public var isAnyAddress: Bool { prefixLength == 0 }

  /// Whether `address` is inside the prefix (never across families).
  public func contains(_ address: IPAddress) -> Bool {
    switch (network, address) {
    case (.v4(let net), .v4(let value)):
      return prefixLength == 0 || value & (UInt32.max << (32 - prefixLength)) == net
    case (.v6(let net), .v6(let value)):
      return prefixLength == 0 || value & (UInt128.max << (128 - prefixLength)) == net
    default:
      return false
    }
  }

  /// Whether every address of `other` is inside this prefix.
  public func contains(_ other: CIDR) -> Bool {
    other.prefixLength >= prefixLength && contains(other.network)
  }

  public var description: String { "\(network)/\(prefixLength)" }

  public static func < (left: CIDR, right: CIDR) -> Bool {
    if left.isIPv6 != right.isIPv6 { return !left.isIPv6 }
    if left.network != right.network { return left.network < right.network }
    return left.prefixLength < right.prefixLength
  }

  /// `0.0.0.0/0`.
  public static let anyIPv4 = CIDR(host: .v4(0)).withLength(0)
  /// `::/0`.
  public static let anyIPv6 = CIDR(host: .v6(0)).withLength(0)

  private func withLength(_ length: Int) -> CIDR {
    CIDR(network: network, prefixLength: length) ?? self
  }
}

extension IPAddress: Comparable {
  public static func < (left: IPAddress, right: IPAddress) -> Bool {
    switch (left, right) {
    case (.v4(let a), .v4(let b)): return a < b
    case (.v6(let a), .v6(let b)): return a < b
    case (.v4, .v6): return true
    case (.v6, .v4): return false
    }
  }
}
