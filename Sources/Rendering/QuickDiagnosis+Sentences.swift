import Analysis
import NetworkPrimitives

/// The sentences of a ``QuickDiagnosis``, written as bytes with holes for a template
/// (``DiagnosisLineWriter/template(for:)``): the same words as the checkpoints the general path
/// builds (`QuickDiagnosisTests` compares the lines).
extension QuickDiagnosis {
  /// The diagnosis's explanation: the denying checkpoint's, after (for a reply whose request
  /// is known) which request it answers.
  package func appendExplanation(to out: inout ByteBuffer, holes: inout [NoteHole]?) {
    if shape == .reply, let requestLine {
      out.append("the reply of the request on line ")
      if holes == nil {
        out.appendDecimal(requestLine)
      } else {
        holes?.append(NoteHole(offset: out.count, value: .requestLine))
      }
      out.append(", which ")
      out.append(context.interface.id)
      out.append(" accepted: ")
    }
    appendDenyingNote(to: &out, holes: &holes)
  }

  /// The denying checkpoint's explanation.
  package func appendDenyingNote(to out: inout ByteBuffer, holes: inout [NoteHole]?) {
    if cause == .networkACL {
      appendACLNote(to: &out, holes: &holes)
      return
    }
    guard case .denied(let hasRules) = security else { return }
    let groupIds = context.interface.securityGroupIds
    Explanation.SecurityGroupNote.append(
      groupText: groupIds.isEmpty ? "no security group" : context.groupsText,
      interfaceId: context.interface.id, packet: packet, direction: .inbound, hasRules: hasRules,
      to: &out, holes: &holes)
  }

  /// The network ACL checkpoint's explanation.
  package func appendACLNote(to out: inout ByteBuffer, holes: inout [NoteHole]?) {
    Explanation.NetworkACLNote.append(
      aclId: aclComponent, entry: entry, packet: packet, egress: aclEgress,
      allowed: entry.action == .allow, to: &out, holes: &holes)
  }

  /// A reply's security-group checkpoint's explanation (it has no holes).
  package func appendSecurityNote(to out: inout ByteBuffer) {
    switch security {
    case .denied:
      var none: [NoteHole]? = nil
      appendDenyingNote(to: &out, holes: &none)
    case .tracked:
      PathTracer.trackedNote(interfaceId: context.interface.id, direction: .outbound)
        .appendUTF8(to: &out)
    case .untracked(let group, let index):
      guard let rules = context.groups[group].group?.outbound, rules.indices.contains(index)
      else { return }
      PathTracer.allowedNote(
        groupId: context.groups[group].id, rule: rules[index], direction: .outbound,
        untrackedReply: true
      ).appendUTF8(to: &out)
    }
  }
}
