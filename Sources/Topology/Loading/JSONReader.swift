import NetworkPrimitives

/// A JSON value together with where it sits (document and JSON path), so that every error
/// names both: `describe-network-acls.json: NetworkAcls[2].Entries[5].RuleNumber: expected a
/// number, found "ten"`.
///
/// Types are checked strictly: a number written as a string is an error, as a boolean written
/// as `"true"` is.
struct JSONReader {
  /// The document's name.
  let file: String
  /// The JSON path of ``value``, empty for the document itself.
  let path: String
  let value: JSONValue

  init(file: String, path: String = "", value: JSONValue) {
    self.file = file
    self.path = path
    self.value = value
  }

  /// The address family a CIDR or address must have.
  enum Family {
    case ipv4, ipv6, any
  }

  // MARK: - Errors

  /// An error about this value.
  func error(_ message: String) -> TopologyLoadError {
    TopologyLoadError(file: file, path: path, message: message)
  }

  /// `expected <what>, found <this value>`.
  func mismatch(_ expected: String) -> TopologyLoadError {
    error("expected \(expected), found \(value.excerpt)")
  }

  // MARK: - Children

  /// The path of member `key` of the object at `path`: `Subnets[0].VpcId`, `vpcs[1].cidrs`;
  /// keys that are not plain words are bracketed (`Tags["a b"]`).
  static func path(_ path: String, key: String) -> String {
    let plain =
      !key.isEmpty
      && key.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
          || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
      }
    if !plain { return path + "[\"" + key + "\"]" }
    return path.isEmpty ? key : path + "." + key
  }

  func child(key: String, value: JSONValue) -> JSONReader {
    JSONReader(file: file, path: Self.path(path, key: key), value: value)
  }

  // MARK: - Containers

  /// The value as an object.
  func object() throws(TopologyLoadError) -> JSONObjectReader {
    guard case .object(let members) = value else { throw mismatch("an object") }
    return JSONObjectReader(reader: self, members: members)
  }

  /// The value's elements, each with its path (`Subnets[3]`).
  func array() throws(TopologyLoadError) -> [JSONReader] {
    guard case .array(let elements) = value else { throw mismatch("an array") }
    return elements.enumerated().map { index, element in
      JSONReader(file: file, path: path + "[\(index)]", value: element)
    }
  }

  /// The elements of an array of objects.
  func objects() throws(TopologyLoadError) -> [JSONObjectReader] {
    var objects: [JSONObjectReader] = []
    for element in try array() { objects.append(try element.object()) }
    return objects
  }

  // MARK: - Scalars

  func string() throws(TopologyLoadError) -> String {
    guard case .string(let text) = value else { throw mismatch("a string") }
    return text
  }

  func bool() throws(TopologyLoadError) -> Bool {
    guard case .bool(let flag) = value else { throw mismatch("true or false") }
    return flag
  }

  /// An integer number (no fraction, no exponent).
  func int() throws(TopologyLoadError) -> Int {
    guard case .number(let number) = value else { throw mismatch("a number") }
    guard let integer = Int(number.text) else { throw mismatch("a whole number") }
    return integer
  }

  /// An integer within `range`; `what` names the range in the message.
  func int(in range: ClosedRange<Int>, _ what: String) throws(TopologyLoadError) -> Int {
    let integer = try int()
    guard range.contains(integer) else {
      throw error(
        "\(what) must be from \(range.lowerBound) to \(range.upperBound), found \(integer)")
    }
    return integer
  }

  /// A string that is an IP prefix of `family` (`10.0.0.0/16`); a bare address is a host
  /// prefix. Host bits are cleared, as AWS stores CIDRs.
  func cidr(_ family: Family) throws(TopologyLoadError) -> CIDR {
    let text = try string()
    guard let cidr = CIDR(text), Self.fits(cidr.isIPv6, family) else {
      throw mismatch(Self.cidrExample(family))
    }
    return cidr
  }

  /// A string that is an IP address of `family`.
  func address(_ family: Family) throws(TopologyLoadError) -> IPAddress {
    let text = try string()
    guard let address = IPAddress(text), Self.fits(address.isIPv6, family) else {
      switch family {
      case .ipv4: throw mismatch("an IPv4 address such as 10.0.1.25")
      case .ipv6: throw mismatch("an IPv6 address such as 2600:1f18::25")
      case .any: throw mismatch("an IP address such as 10.0.1.25 or 2600:1f18::25")
      }
    }
    return address
  }

  static func cidrExample(_ family: Family) -> String {
    switch family {
    case .ipv4: return "an IPv4 CIDR block such as 10.0.0.0/16"
    case .ipv6: return "an IPv6 CIDR block such as 2600:1f18:abcd::/56"
    case .any: return "a CIDR block such as 10.0.0.0/16 or 2600:1f18:abcd::/56"
    }
  }

  private static func fits(_ isIPv6: Bool, _ family: Family) -> Bool {
    switch family {
    case .ipv4: return !isIPv6
    case .ipv6: return isIPv6
    case .any: return true
    }
  }
}
