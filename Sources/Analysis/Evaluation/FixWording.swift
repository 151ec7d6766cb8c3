import Messages

/// The words of a fix that `lint` and `diagnose` share: what to add to a network ACL so that a
/// packet passes.
enum FixWording {
  /// `Add an inbound allow entry to acl-… for tcp 22 from 192.0.2.10/32 numbered below 100,
  /// or narrow rule 100, which denies these ports`; for the implicit entry, `… numbered below
  /// 32767 (the * rule)`; without a rule number (from the logs alone), `… numbered below the
  /// entry that denies it`. No closing stop: the caller ends the sentence.
  static func networkACLAllowEntry(
    inbound: Bool, acl: Explanation, service: Explanation, peer: Explanation, below rule: Int?,
    implicit: Bool
  ) -> Explanation {
    let below =
      rule.map {
        Explanation(implicit ? .belowImplicitEntry : .belowOrNarrow, ["rule": "\($0)"])
      } ?? Explanation(.belowDenyingEntry)
    return Explanation(
      inbound ? .fixACLEntryInbound : .fixACLEntryOutbound,
      ["acl": acl, "service": service, "peer": peer, "below": below])
  }

  /// One entry per service and peer, numbered below `rule`: as ``networkACLAllowEntry`` for
  /// one, `Add outbound allow entries to acl-… for tcp 1024-65535 to 10.0.1.0/24 and
  /// 10.0.2.0/24, and udp 1024-65535 to 0.0.0.0/0, numbered below 32767 (the * rule)` for more.
  static func networkACLAllowEntries(
    inbound: Bool, acl: Explanation, items: [(service: Explanation, peers: [Explanation])],
    below rule: Int, implicit: Bool
  ) -> Explanation {
    if items.count == 1, items[0].peers.count == 1 {
      return networkACLAllowEntry(
        inbound: inbound, acl: acl, service: items[0].service, peer: items[0].peers[0],
        below: rule, implicit: implicit)
    }
    let parts = items.map { item in
      Explanation(
        inbound ? .lintACLItemFrom : .lintACLItemTo,
        ["service": item.service, "peers": and(item.peers)])
    }
    let below = Explanation(implicit ? .belowImplicitEntry : .belowOrNarrow, ["rule": "\(rule)"])
    return Explanation(
      inbound ? .lintFixACLEntriesInbound : .lintFixACLEntriesOutbound,
      [
        "acl": acl, "items": Explanation.joined(parts, separator: .lintCommaAnd),
        "below": below,
      ])
  }

  /// `a`, `a and b`, `a, b and c`. `phrases`: the items are phrases that end in words (`clients
  /// in subnet-…`, `Linux clients (…)`), not ids, which Japanese joins without a space.
  static func and(_ items: [Explanation], phrases: Bool = false) -> Explanation {
    guard let last = items.last else { return Explanation("") }
    guard items.count > 1 else { return last }
    return Explanation(
      phrases ? .lintAndPhrases : .bothOf,
      ["first": Explanation.joined(Array(items.dropLast()), separator: .listComma), "second": last])
  }

  /// The advice that closes a fix for replies.
  static let repliesAdvice = Explanation(.repliesAdvice)
}
