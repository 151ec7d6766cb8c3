import NetworkPrimitives

/// The members of one JSON object, read by key with the object's path.
///
/// `required` members must be present (an absent one is an error at its own path, e.g.
/// `Subnets[0].VpcId: required key is missing`); optional ones may be absent or `null` (AWS
/// omits optional keys, SDK dumps and AWS Config write `null`). Unknown keys are ignored unless
/// ``rejectUnknownKeys(allowed:)`` is called (the native format).
struct JSONObjectReader {
  /// The object itself.
  let reader: JSONReader
  let members: [JSONValue.Member]

  var file: String { reader.file }
  var path: String { reader.path }

  /// Whether `key` is present (even as `null`).
  func has(_ key: String) -> Bool { members.contains { $0.key == key } }

  /// Member `key`, unless it is absent or `null`. The first of duplicate keys wins.
  func optional(_ key: String) -> JSONReader? {
    guard let member = members.first(where: { $0.key == key }) else { return nil }
    if case .null = member.value { return nil }
    return reader.child(key: key, value: member.value)
  }

  /// Member `key`; an error at its path when absent.
  func required(_ key: String) throws(TopologyLoadError) -> JSONReader {
    guard let member = members.first(where: { $0.key == key }) else {
      throw TopologyLoadError(
        file: file, path: JSONReader.path(path, key: key), message: "required key is missing")
    }
    return reader.child(key: key, value: member.value)
  }

  // MARK: - Typed members

  func string(_ key: String) throws(TopologyLoadError) -> String {
    try required(key).string()
  }

  func optionalString(_ key: String) throws(TopologyLoadError) -> String? {
    try optional(key)?.string()
  }

  func bool(_ key: String) throws(TopologyLoadError) -> Bool {
    try required(key).bool()
  }

  func optionalBool(_ key: String) throws(TopologyLoadError) -> Bool? {
    try optional(key)?.bool()
  }

  func int(_ key: String) throws(TopologyLoadError) -> Int {
    try required(key).int()
  }

  func optionalInt(_ key: String) throws(TopologyLoadError) -> Int? {
    try optional(key)?.int()
  }

  func object(_ key: String) throws(TopologyLoadError) -> JSONObjectReader {
    try required(key).object()
  }

  func optionalObject(_ key: String) throws(TopologyLoadError) -> JSONObjectReader? {
    try optional(key)?.object()
  }

  /// The elements of array `key`, which must be present.
  func array(_ key: String) throws(TopologyLoadError) -> [JSONReader] {
    try required(key).array()
  }

  /// The elements of array `key`; none when it is absent.
  func optionalArray(_ key: String) throws(TopologyLoadError) -> [JSONReader] {
    try optional(key)?.array() ?? []
  }

  /// The objects of array `key`; none when it is absent.
  func optionalObjects(_ key: String) throws(TopologyLoadError) -> [JSONObjectReader] {
    try optional(key)?.objects() ?? []
  }

  func optionalCIDR(_ key: String, _ family: JSONReader.Family) throws(TopologyLoadError) -> CIDR? {
    try optional(key)?.cidr(family)
  }

  func optionalAddress(_ key: String, _ family: JSONReader.Family) throws(TopologyLoadError)
    -> IPAddress?
  {
    try optional(key)?.address(family)
  }

  // MARK: - Errors

  /// An error about the object as a whole.
  func error(_ message: String) -> TopologyLoadError { reader.error(message) }

  /// Throws at the first key not in `allowed`, suggesting the closest allowed key:
  /// `subnets[1].route-tabel: unknown key; did you mean "route-table"?`.
  /// A key written twice is an error too (in hand-written JSON it is a mistake).
  func rejectUnknownKeys(allowed: [String]) throws(TopologyLoadError) {
    var seen: Set<String> = []
    for member in members where !seen.insert(member.key).inserted {
      throw TopologyLoadError(
        file: file, path: JSONReader.path(path, key: member.key),
        message: "the key appears twice in the object")
    }
    for member in members where !allowed.contains(member.key) {
      let suggestion = allowed.min {
        Self.editDistance(member.key, $0) < Self.editDistance(member.key, $1)
      }
      var message = "unknown key"
      if let suggestion, Self.editDistance(member.key, suggestion) <= max(2, member.key.count / 3) {
        message += "; did you mean \"\(suggestion)\"?"
      } else {
        message += "; expected one of: " + allowed.joined(separator: ", ")
      }
      throw TopologyLoadError(
        file: file, path: JSONReader.path(path, key: member.key), message: message)
    }
  }

  /// The Levenshtein distance between two keys.
  static func editDistance(_ left: String, _ right: String) -> Int {
    let a = Array(left.utf8)
    let b = Array(right.utf8)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
