import Analysis
import NetworkPrimitives

/// `diagnose`'s filters (`--interface`, `--address`, `--port`, `--protocol`, `--since`,
/// `--until`, `--cause`, `--min-confidence`): the same options for files, standard input,
/// `--cloudwatch` and `--s3`. Each takes one value or several, comma-separated.
enum RejectFilterOptions {
  static let valueOptions: Set<String> = [
    "--interface", "--address", "--port", "--protocol", "--since", "--until", "--cause",
    "--min-confidence",
  ]

  /// The filter the options give, and the options as given (for the text output).
  static func parse(_ scanner: ArgumentScanner, now: Int) throws(UsageError) -> (
    RejectFilter, String
  ) {
    var filter = RejectFilter()
    var given: [String] = []
    func values(_ option: String) throws(UsageError) -> [String]? {
      guard let text = scanner.value(option) else { return nil }
      let values = text.split(separator: ",", omittingEmptySubsequences: false).map {
        String($0).trimmed
      }
      guard !values.contains(where: \.isEmpty) else {
        throw UsageError("\(option) needs a value (several: comma-separated)")
      }
      given.append("\(option) \(text)")
      return values
    }
    for value in try values("--interface") ?? [] {
      guard value.hasPrefix("eni-") else {
        throw UsageError("--interface: '\(value)' is not a network interface id (eni-…)")
      }
      filter.interfaces.insert(value)
    }
    for value in try values("--address") ?? [] {
      if let cidr = CIDR(value) {
        filter.addresses.append(cidr)
      } else if let address = IPAddress(value) {
        filter.addresses.append(CIDR(host: address))
      } else {
        throw UsageError(
          "--address: '\(value)' is not an address or CIDR (10.0.1.5, 10.0.0.0/16, 2600:1f18::/56)")
      }
    }
    for value in try values("--port") ?? [] {
      guard let port = UInt16(value) else {
        throw UsageError("--port: '\(value)' is not a port (0-65535)")
      }
      filter.ports.insert(port)
    }
    for value in try values("--protocol") ?? [] {
      guard let number = ProtocolNames.number(value) else {
        let names = ["tcp", "udp", "icmp", "icmpv6"]
        let near = NearMiss.nearest(to: value.lowercased(), among: names)
          .map { " (did you mean \($0)?)" }
        throw UsageError(
          "--protocol: '\(value)' is not tcp, udp, icmp, icmpv6 or a number 0-255\(near ?? "")")
      }
      filter.protocols.insert(number)
    }
    (filter.since, filter.until) = try range(scanner, now: now)
    // A duration is given with the time it stands for, so that an empty answer can be checked.
    for (option, time) in [("--since", filter.since), ("--until", filter.until)] {
      guard let text = scanner.value(option), let time else { continue }
      let resolved = TimeRange.iso(Int(time))
      given.append("\(option) \(text)" + (text == resolved ? "" : " (\(resolved))"))
    }
    for value in try values("--cause") ?? [] {
      guard let cause = Cause(rawValue: value) else {
        let names = Cause.allCases.map(\.rawValue)
        // The short names people use for the controls, then the spelling.
        let aliases = [
          "nacl": "network-acl", "acl": "network-acl", "sg": "security-group",
          "route": "routing", "bpa": "block-public-access",
        ]
        let near = (aliases[value.lowercased()] ?? NearMiss.nearest(to: value, among: names))
          .map { " (did you mean \($0)?)" }
        throw UsageError(
          "--cause: '\(value)' is not a cause\(near ?? ""); the causes: \(names.joined(separator: ", "))"
        )
      }
      filter.causes.insert(cause)
    }
    if let text = scanner.value("--min-confidence") {
      guard let confidence = Confidence(rawValue: text) else {
        throw UsageError("--min-confidence: '\(text)' is not high, medium or low")
      }
      filter.minimumConfidence = confidence
      given.append("--min-confidence \(text)")
    }
    return (filter, given.joined(separator: " "))
  }

  /// `--since`/`--until`: a duration back from `now` (90s, 30m, 2h, 1d) or an instant.
  /// `--since` and `--until` (`diagnose`'s, `sql`'s): each a duration before `now` or a time;
  /// a range that ends before it starts is a usage error.
  static func range(_ scanner: ArgumentScanner, now: Int) throws(UsageError) -> (
    since: Int64?, until: Int64?
  ) {
    let since = try time(scanner.value("--since"), option: "--since", now: now)
    let until = try time(scanner.value("--until"), option: "--until", now: now)
    if let since, let until, since > until {
      throw UsageError(
        "the range ends before it starts: --since \(TimeRange.iso(Int(since))) is after --until \(TimeRange.iso(Int(until)))"
      )
    }
    return (since, until)
  }

  private static func time(_ text: String?, option: String, now: Int) throws(UsageError)
    -> Int64?
  {
    guard let text else { return nil }
    if let seconds = TimeRange.duration(text), text.last?.isLetter == true {
      return Int64(now - seconds)
    }
    if let instant = TimeRange.instant(text) { return Int64(instant) }
    throw UsageError(
      "\(option): '\(text)' is not a duration (90s, 30m, 2h, 1d) or a time (2026-11-22T13:00:00Z or epoch seconds)"
    )
  }
}

extension String {
  fileprivate var trimmed: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
