import Analysis
import Messages
import NetworkPrimitives

/// The sentences of a ``QuickDiagnosis``, written as bytes with holes for a template
/// (``DiagnosisLineWriter/template(for:)``): the same words as the checkpoints the general path
/// builds (`QuickDiagnosisTests` compares the lines).
extension QuickDiagnosis {
  /// The diagnosis's explanation: the denying checkpoint's, after (for a reply whose request
  /// is known) which request it answers.
  package func appendExplanation(
    to out: inout ByteBuffer, holes: inout [NoteHole]?, in language: Language = .en
  ) {
    guard shape == .reply, let requestLine else {
      appendDenyingNote(to: &out, holes: &holes, in: language)
      return
    }
    // `Diagnoser.replyNote`, the request on a line of the same input.
    out.append(.replyOfAcceptedRequest, in: language) { name, out in
      switch name {
      case "place":
        out.append(.onLine, in: language) { _, out in
          out.append(.lineNumber, in: language) { _, out in
            if holes == nil {
              out.appendDecimal(requestLine)
            } else {
              holes?.append(NoteHole(offset: out.count, value: .requestLine))
            }
          }
        }
      case "eni": out.append(context.interface.id)
      default: appendDenyingNote(to: &out, holes: &holes, in: language)
      }
    }
  }

  /// The denying checkpoint's explanation.
  package func appendDenyingNote(
    to out: inout ByteBuffer, holes: inout [NoteHole]?, in language: Language = .en
  ) {
    if cause == .networkACL {
      appendACLNote(to: &out, holes: &holes, in: language)
      return
    }
    guard case .denied(let hasRules) = security else { return }
    let groupIds = context.interface.securityGroupIds
    Explanation.SecurityGroupNote.append(
      groupText: groupIds.isEmpty ? Explanation.SecurityGroupNote.noGroup : context.groupsText,
      interfaceId: context.interface.id, packet: packet, direction: .inbound, hasRules: hasRules,
      in: language, to: &out, holes: &holes)
  }

  /// The network ACL checkpoint's explanation.
  package func appendACLNote(
    to out: inout ByteBuffer, holes: inout [NoteHole]?, in language: Language = .en
  ) {
    Explanation.NetworkACLNote.append(
      aclId: aclComponent, entry: entry, packet: packet, egress: aclEgress,
      allowed: entry.action == .allow, in: language, to: &out, holes: &holes)
  }

  /// A reply's security-group checkpoint's explanation (it has no holes).
  package func appendSecurityNote(to out: inout ByteBuffer, in language: Language = .en) {
    switch security {
    case .denied:
      var none: [NoteHole]? = nil
      appendDenyingNote(to: &out, holes: &none, in: language)
    case .tracked:
      PathTracer.trackedNote(interfaceId: context.interface.id, direction: .outbound)
        .appendUTF8(to: &out, in: language)
    case .untracked(let group, let index):
      guard let rules = context.groups[group].group?.outbound, rules.indices.contains(index)
      else { return }
      PathTracer.allowedNote(
        groupId: context.groups[group].id, rule: rules[index], direction: .outbound,
        untrackedReply: true
      ).appendUTF8(to: &out, in: language)
    }
  }
}
