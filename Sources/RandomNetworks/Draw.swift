import NetworkPrimitives

/// The random choices of one seed, from one ``SplitMixRandom`` stream: every draw the generator
/// makes goes through here, so the same seed makes the same choices in the same order.
struct Draw {
  var random: SplitMixRandom

  init(seed: UInt64, stream: UInt64) {
    random = SplitMixRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ stream)
  }

  /// A whole number in `range`.
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(random.next() % UInt64(range.count))
  }

  /// `true` with `probability`.
  mutating func chance(_ probability: Double) -> Bool {
    Double(random.next() >> 11) / Double(UInt64(1) << 53) < probability
  }

  mutating func pick<Element>(_ items: [Element]) -> Element {
    items[int(0...(items.count - 1))]
  }

  /// One of `items`, each as likely as its weight.
  mutating func weighted<Element>(_ items: [(Element, Int)]) -> Element {
    var ticket = int(0...(items.reduce(0) { $0 + $1.1 } - 1))
    for (item, weight) in items {
      if ticket < weight { return item }
      ticket -= weight
    }
    return items[items.count - 1].0
  }

  /// `items` in a random order.
  mutating func shuffled<Element>(_ items: [Element]) -> [Element] {
    var result = items
    guard result.count > 1 else { return result }
    for index in stride(from: result.count - 1, to: 0, by: -1) {
      result.swapAt(index, int(0...index))
    }
    return result
  }

  /// Between `range.lowerBound` and `range.upperBound` distinct elements of `items` (fewer when
  /// `items` has fewer), in `items`' order.
  mutating func some<Element>(_ items: [Element], _ range: ClosedRange<Int>) -> [Element] {
    let count = min(items.count, int(range))
    let chosen = Set(shuffled(Array(items.indices)).prefix(count))
    return items.indices.filter(chosen.contains).map { items[$0] }
  }

  static func cidr(_ text: String) -> CIDR {
    guard let value = CIDR(text) else { preconditionFailure("bad CIDR \(text)") }
    return value
  }

  static func address(_ text: String) -> IPAddress {
    guard let value = IPAddress(text) else { preconditionFailure("bad address \(text)") }
    return value
  }
}
