/// The words of a fix that `lint` and `diagnose` share: what to add to a network ACL so that a
/// packet passes.
enum FixWording {
  /// `Add an inbound allow entry to acl-… for tcp 22 from 192.0.2.10/32 numbered below 100,
  /// or narrow rule 100, which denies these ports`; for the implicit entry, `… numbered below
  /// 32767 (the * rule)`; without a rule number (from the logs alone), `… numbered below the
  /// entry that denies it`. No closing stop: the caller ends the sentence.
  static func networkACLAllowEntry(
    inbound: Bool, acl: String, service: String, peer: String, below rule: Int?,
    implicit: Bool
  ) -> String {
    let text =
      "Add \(inbound ? "an inbound" : "an outbound") allow entry to \(acl) for \(service) \(inbound ? "from" : "to") \(peer) numbered below"
    guard let rule else { return text + " the entry that denies it" }
    return text
      + (implicit
        ? " \(rule) (the * rule)" : " \(rule), or narrow rule \(rule), which denies these ports")
  }

  /// The advice that closes a fix for replies.
  static let repliesAdvice = "; AWS advises 1024-65535 for replies."
}
