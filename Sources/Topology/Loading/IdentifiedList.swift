/// DTOs of one kind gathered from every document, in load order, one per id.
///
/// The first description of an id wins; a later one that differs is a warning naming both
/// documents (a later identical one, such as the same peering connection seen from both VPCs,
/// is silently dropped).
struct IdentifiedList<Element: Hashable> {
  private(set) var elements: [Element] = []
  private var positions: [String: Int] = [:]
  private var documents: [String] = []

  /// The element with `id`, if any.
  subscript(id: String) -> Element? {
    positions[id].map { elements[$0] }
  }

  func contains(_ id: String) -> Bool { positions[id] != nil }

  /// The document the element with `id` was read from.
  func document(of id: String) -> String? {
    positions[id].map { documents[$0] }
  }

  /// Adds `element` unless `id` is known; returns the warning for a differing duplicate.
  mutating func add(_ element: Element, id: String, document: String) -> TopologyWarning? {
    guard let position = positions[id] else {
      positions[id] = elements.count
      elements.append(element)
      documents.append(document)
      return nil
    }
    guard elements[position] != element else { return nil }
    return .differingDuplicate(id: id, kept: documents[position], dropped: document)
  }
}
