import FlowLogs
import Topology

/// What rejected a flow log record. The raw values are the stable `cause` vocabulary.
///
/// | Cause | Meaning |
/// | --- | --- |
/// | `security-group` | the ENI's security groups allow no rule for this packet |
/// | `network-acl` | the subnet's network ACL denies it (a rule or the implicit `*` entry) |
/// | `routing` | security groups and NACLs allow it, but the way back (or forward) has no usable route |
/// | `block-public-access` | VPC Block Public Access rejected it (`reject-reason` is `BPA`) |
/// | `after-close` | a late packet of a connection that was accepted and has closed |
/// | `undetermined` | the evidence cannot decide; `candidates` lists what it could be |
public enum Cause: String, Hashable, Sendable, CaseIterable {
  case securityGroup = "security-group"
  case networkACL = "network-acl"
  case routing
  case blockPublicAccess = "block-public-access"
  case afterClose = "after-close"
  case undetermined
}

/// How sure a diagnosis is.
///
/// | Confidence | When |
/// | --- | --- |
/// | `high` | every reading the logs leave that the topology does not rule out names the same control and rule at this ENI, or the logs prove it (the reply of an accepted request, `reject-reason`) |
/// | `medium` | an inference AWS does not document (routing), a cause that depends on a role only suggested by ports or timing, a late packet after close |
/// | `low` | undetermined |
public enum Confidence: String, Hashable, Sendable, CaseIterable {
  case high, medium, low
}

/// Whether a record carries the initiator's packets or the responder's.
public enum FlowRole: String, Hashable, Sendable, CaseIterable {
  case request, response
}

/// What decided a record's role. The raw values are the stable `role-evidence` vocabulary.
///
/// | Evidence | Meaning |
/// | --- | --- |
/// | `tcp-flags` | SYN without ACK marks the initiator, SYN-ACK the responder (this record or an earlier one the other way) |
/// | `accepted-reverse-leg` | an earlier request the other way was accepted on this ENI, so this is its reply (a rejected request is never answered) |
/// | `first-leg` | both directions appear on this ENI, the other one accepted: the one that started first is the request |
/// | `ports` | the more server-like port (a known service port, then a privileged one, a registered one, an ephemeral one) is the server's |
/// | `unanswered` | the other direction never appears on this ENI: nothing was answered, so this is a request |
public enum RoleEvidence: String, Hashable, Sendable, CaseIterable {
  case tcpFlags = "tcp-flags"
  case acceptedReverseLeg = "accepted-reverse-leg"
  case firstLeg = "first-leg"
  case ports
  case unanswered
}

/// A record of the same conversation that the diagnosis used as evidence.
public struct RelatedRecord: Hashable, Sendable {
  public var file: Int
  public var line: Int
  public var interfaceId: String
  public var action: FlowAction
  /// `reverse` (the other direction on the same ENI), `same` (the same direction on the same
  /// ENI), `peer` (the same conversation on another ENI).
  public var relation: String
}

/// The diagnosis of one REJECT record.
public struct Diagnosis: Hashable, Sendable {
  public var observation: FlowObservation
  public var cause: Cause
  public var code: ExplanationCode?
  /// The `sg-…` (comma-separated when several), `acl-…` or `rtb-…` id that decided.
  public var component: String?
  /// The NACL rule number (32767/32768 for the implicit `*` entry).
  public var rule: Int?
  public var direction: FlowDirection?
  public var role: FlowRole?
  public var roleEvidence: RoleEvidence?
  public var confidence: Confidence
  public var candidates: [Cause]
  /// The explanation, kept as its pieces until it is read or written.
  public var note: Explanation
  public var explanation: String {
    get { note.text }
    set { note = Explanation(newValue) }
  }
  public var related: [RelatedRecord]
  /// Records of the conversation within the horizon that `related` does not list: past the
  /// nearest ``Correlator/listedPerSide`` on each side, or copies (``Correlator/Related/omitted``).
  public var relatedOmitted = 0
  /// The checkpoints of this record's leg at its ENI, when a topology was given.
  public var checkpoints: [Checkpoint]
}
