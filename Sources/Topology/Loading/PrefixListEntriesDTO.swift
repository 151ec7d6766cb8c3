import NetworkPrimitives

/// The output of `aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-…`:
/// `Entries[]{Cidr,Description}`. The output does not name its list; the id comes from the
/// document's name.
struct PrefixListEntriesDTO: Hashable, Sendable {
  var prefixListId: String
  var cidrs: [CIDR]

  init(prefixListId: String, cidrs: [CIDR]) {
    self.prefixListId = prefixListId
    self.cidrs = cidrs
  }

  init(prefixListId: String, entries: JSONReader) throws(TopologyLoadError) {
    self.prefixListId = prefixListId
    cidrs = []
    for entry in try entries.objects() { cidrs.append(try entry.required("Cidr").cidr(.any)) }
  }

  /// The `pl-…` id in a document name such as
  /// `topology/get-managed-prefix-list-entries.pl-0abc123.json`, if any.
  static func prefixListId(inDocumentName name: String) -> String? {
    let base = name.split(separator: "/").last.map(String.init) ?? name
    guard let start = base.firstRange(of: "pl-") else { return nil }
    let id = base[start.lowerBound...].prefix { character in
      character.isASCII && (character.isLetter || character.isNumber || character == "-")
    }
    return id.count > 3 ? String(id) : nil
  }
}
