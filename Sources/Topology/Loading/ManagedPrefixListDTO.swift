import NetworkPrimitives

/// One element of `PrefixLists` (`aws ec2 describe-managed-prefix-lists`; the brief's
/// `ManagedPrefixLists` key is read too). `describe-prefix-lists`, the older call for
/// AWS-managed lists, has the same key and adds `Cidrs`, the entries.
struct ManagedPrefixListDTO: Hashable, Sendable {
  var prefixListId: String
  var prefixListName: String?
  /// `Cidrs` (`describe-prefix-lists` only); `nil` when the document does not list entries.
  var cidrs: [CIDR]?

  init(prefixListId: String, prefixListName: String?, cidrs: [CIDR]?) {
    self.prefixListId = prefixListId
    self.prefixListName = prefixListName
    self.cidrs = cidrs
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    prefixListId = try object.string("PrefixListId")
    prefixListName = try object.optionalString("PrefixListName")
    if let list = object.optional("Cidrs") {
      var cidrs: [CIDR] = []
      for cidr in try list.array() { cidrs.append(try cidr.cidr(.any)) }
      self.cidrs = cidrs
    }
  }
}
