import NetworkPrimitives

/// A managed prefix list and its entries.
public struct PrefixList: Hashable, Sendable {
  public var id: String
  public var name: String?
  public var cidrs: [CIDR]
  /// Whether the entries were loaded (`get-managed-prefix-list-entries`); without them a rule
  /// that names the list cannot be evaluated.
  public var entriesKnown: Bool

  public init(id: String, name: String? = nil, cidrs: [CIDR], entriesKnown: Bool = true) {
    self.id = id
    self.name = name
    self.cidrs = cidrs
    self.entriesKnown = entriesKnown
  }
}
