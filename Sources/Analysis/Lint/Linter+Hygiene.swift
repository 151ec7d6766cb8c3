import NetworkPrimitives
import Topology

/// Security groups that do nothing or name what is not there, and flows that are not tracked.
extension Linter {
  /// `sg-unattached`, `sg-references-missing-group`, `sg-reference-not-carried`,
  /// `untracked-flow`.
  func hygieneFindings() -> [Finding] {
    var findings: [Finding] = []
    let attached = Set(topology.networkInterfaces.values.flatMap(\.securityGroupIds))
    for group in topology.securityGroups.values.sorted(by: { $0.id < $1.id }) {
      // A VPC's default group cannot be deleted; an unused one is normal.
      if !attached.contains(group.id) && group.name != "default" {
        let referencedBy = topology.securityGroups.values.filter { other in
          (other.inbound + other.outbound).contains { $0.peer == .securityGroup(group.id) }
        }.map(\.id).sorted()
        var explanation =
          "\(group.id)\(group.name.map { " (\($0))" } ?? "") is attached to no network interface of the topology, so its rules apply to nothing"
        if !referencedBy.isEmpty {
          explanation +=
            ", and the rules of \(referencedBy.joined(separator: ", ")) that name it match no address"
        }
        findings.append(
          Finding(
            id: .sgUnattached, severity: .notice, componentId: group.id, relatedIds: referencedBy,
            explanation: explanation + ".",
            fix:
              "Attach it where it is meant to apply, or delete it (aws ec2 delete-security-group --group-id \(group.id)) after removing the rules that name it."
          ))
      }
      for (direction, rules) in [(Direction.inbound, group.inbound), (.outbound, group.outbound)] {
        for rule in rules {
          if case .securityGroup(let named) = rule.peer,
            let namedVPC = topology.securityGroups[named]?.vpcId,
            !index.reference(to: named, reachesFrom: group.vpcId, inbound: direction == .inbound)
          {
            let gap = PathTracer(index: index).referenceGap(
              from: group.vpcId, to: namedVPC, inbound: direction == .inbound)
            findings.append(
              Finding(
                id: .sgReferenceNotCarried, severity: .warning, componentId: group.id,
                rules: [.securityGroupRule(groupId: group.id, rule: rule, direction: direction)],
                relatedIds: [named],
                explanation:
                  "\(group.id) \(direction.rawValue) rule \(rule) names \(named), a group of \(namedVPC), and \(gap), so the rule matches no address.",
                fix:
                  "Name the CIDRs of \(named)'s members instead, or join the VPCs so the reference is carried (an active peering connection; or a transit gateway with security group referencing on the gateway and both attachments, for inbound rules)."
              ))
          }
          guard case .securityGroup(let missing) = rule.peer,
            topology.securityGroups[missing] == nil
          else { continue }
          findings.append(
            Finding(
              id: .sgReferencesMissingGroup, severity: .warning, componentId: group.id,
              rules: [.securityGroupRule(groupId: group.id, rule: rule, direction: direction)],
              relatedIds: [missing],
              explanation:
                "\(group.id) \(direction.rawValue) rule \(rule) names \(missing), which is not in the topology, so the rule matches no address flowcause knows; AWS calls a rule stale when it names a deleted group across a peering connection or transit gateway, or a group whose peering was deleted (aws ec2 describe-stale-security-groups --vpc-id … lists them).",
              fix:
                "Remove the rule or point it at an existing group; if \(missing) lives in another VPC or account, add its describe-security-groups output to the topology."
            ))
        }
      }
    }
    findings += untrackedFindings()
    return findings
  }

  /// `untracked-flow`: a TCP or UDP rule for all addresses whose ENI also allows all ports to
  /// (or from) all addresses in the other direction makes its flows untracked (EC2 User Guide,
  /// "Security group connection tracking", "Untracked connections").
  func untrackedFindings() -> [Finding] {
    struct Key: Hashable {
      var groupId: String
      var direction: Direction
    }
    var groups: [Key: (enis: Set<String>, rules: [SecurityGroupRule])] = [:]
    for eni in interfaces {
      for groupId in eni.securityGroupIds {
        guard let group = topology.securityGroups[groupId] else { continue }
        for (direction, rules) in [(Direction.inbound, group.inbound), (.outbound, group.outbound)]
        {
          for rule in rules {
            guard case .cidr(let cidr) = rule.peer, cidr.isAnyAddress,
              case .number(let protocolNumber) = rule.protocolMatch,
              protocolNumber == 6 || protocolNumber == 17
            else { continue }
            let port = (rule.ports ?? .all).from
            let packet = Packet(
              source: cidr.network, destination: cidr.network, protocolNumber: protocolNumber,
              sourcePort: 40000, destinationPort: port)
            guard securityGroups.isUntracked(packet, interface: eni, direction: direction) else {
              continue
            }
            let key = Key(groupId: groupId, direction: direction)
            var value = groups[key] ?? ([], [])
            value.enis.insert(eni.id)
            if !value.rules.contains(rule) { value.rules.append(rule) }
            groups[key] = value
          }
        }
      }
    }
    return groups.map { key, value in
      let other = key.direction == .inbound ? "outbound" : "inbound"
      let enis = value.enis.sorted()
      let rules = value.rules.map(\.description).joined(separator: ", ")
      return Finding(
        id: .untrackedFlow, severity: .notice, componentId: key.groupId,
        rules: value.rules.map {
          .securityGroupRule(groupId: key.groupId, rule: $0, direction: key.direction)
        },
        relatedIds: enis,
        explanation:
          "Flows allowed by \(key.groupId) \(key.direction.rawValue) rules \(rules) on \(Self.firstFew(enis, separator: ", ")) are untracked, because the interface also allows all ports \(key.direction == .inbound ? "to" : "from") all addresses \(other): their replies pass only while that \(other) rule allows them, and removing or narrowing it cuts open connections at once.",
        fix:
          "Nothing to change if this is intended; to have the flows tracked, narrow the \(other) all-traffic rule to the ports and addresses the interface really needs."
      )
    }
  }
}
