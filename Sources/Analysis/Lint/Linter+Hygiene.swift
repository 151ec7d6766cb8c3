import Messages
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
        let referenced =
          referencedBy.isEmpty
          ? Explanation("")
          : Explanation(
            .lintUnattachedReferenced,
            ["groups": Explanation.joined(Self.words(referencedBy), separator: .listComma)])
        findings.append(
          Finding(
            id: .sgUnattached, severity: .notice, componentId: group.id, relatedIds: referencedBy,
            note: group.name.map {
              Explanation(
                .lintUnattachedNamed,
                ["group": Explanation(group.id), "name": Explanation($0), "referenced": referenced])
            }
              ?? Explanation(
                .lintUnattached, ["group": Explanation(group.id), "referenced": referenced]),
            fixNote: Explanation(.lintFixUnattached, ["group": Explanation(group.id)])
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
                note: Explanation(
                  .lintReferenceNotCarried,
                  [
                    "group": Explanation(group.id), "direction": Self.directionWord(direction),
                    "rule": Explanation.rule(rule), "named": Explanation(named),
                    "vpc": Explanation(namedVPC), "gap": gap,
                  ]),
                fixNote: Explanation(.lintFixReferenceNotCarried, ["named": Explanation(named)])
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
              note: Explanation(
                .lintReferencesMissing,
                [
                  "group": Explanation(group.id), "direction": Self.directionWord(direction),
                  "rule": Explanation.rule(rule), "missing": Explanation(missing),
                ]),
              fixNote: Explanation(.lintFixReferencesMissing, ["missing": Explanation(missing)])
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
      let inbound = key.direction == .inbound
      let enis = value.enis.sorted()
      let rules = Explanation.joined(value.rules.map(Explanation.rule), separator: .listComma)
      return Finding(
        id: .untrackedFlow, severity: .notice, componentId: key.groupId,
        rules: value.rules.map {
          .securityGroupRule(groupId: key.groupId, rule: $0, direction: key.direction)
        },
        relatedIds: enis,
        note: Explanation(
          inbound ? .lintUntrackedInbound : .lintUntrackedOutbound,
          [
            "group": Explanation(key.groupId), "rules": rules,
            "enis": Self.firstFew(Self.words(enis), separator: .listComma),
          ]),
        fixNote: Explanation(inbound ? .lintFixUntrackedInbound : .lintFixUntrackedOutbound)
      )
    }
  }

  /// `inbound` or `outbound`, worded in a language when read.
  static func directionWord(_ direction: Direction) -> Explanation {
    Explanation(direction == .inbound ? .inbound : .outbound)
  }
}
