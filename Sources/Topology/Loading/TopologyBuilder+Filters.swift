import NetworkPrimitives

extension TopologyBuilder {
  /// The implicit `*` deny rule numbers: 32767 for IPv4, 32768 for IPv6 (VPC User Guide,
  /// "Amazon VPC quotas": "rule number 32767 for IPv4 and 32768 for IPv6").
  static let implicitIPv4RuleNumber = 32767
  static let implicitIPv6RuleNumber = 32768

  /// Network ACLs: entries sorted by rule number in each direction (inbound first), with the
  /// implicit deny entries added where the input lacks them (moto omits them on custom ACLs,
  /// AWS lists 32768 only for IPv6 VPCs), plus associations written on subnets.
  mutating func buildNetworkACLs() {
    for dto in inventory.networkAcls.elements {
      var entries = dto.entries.map { entry in
        NetworkACLEntry(
          ruleNumber: entry.ruleNumber, egress: entry.egress, action: entry.ruleAction,
          protocolMatch: entry.match.protocolMatch, cidr: entry.cidr, ports: entry.match.ports,
          icmpType: entry.match.icmpType, icmpCode: entry.match.icmpCode,
          isImplicit: entry.ruleNumber >= Self.implicitIPv4RuleNumber)
      }
      for egress in [false, true] {
        for (number, cidr) in [
          (Self.implicitIPv4RuleNumber, CIDR.anyIPv4), (Self.implicitIPv6RuleNumber, CIDR.anyIPv6),
        ] where !entries.contains(where: { $0.egress == egress && $0.ruleNumber == number }) {
          entries.append(
            NetworkACLEntry(
              ruleNumber: number, egress: egress, action: .deny, protocolMatch: .all, cidr: cidr,
              isImplicit: true))
        }
      }
      let sorted = entries.enumerated().sorted { left, right in
        let (a, b) = (left.element, right.element)
        if a.egress != b.egress { return !a.egress }
        if a.ruleNumber != b.ruleNumber { return a.ruleNumber < b.ruleNumber }
        return left.offset < right.offset
      }.map(\.element)
      var subnetIds: [String] = []
      for subnetId in dto.associatedSubnetIds where !subnetIds.contains(subnetId) {
        subnetIds.append(subnetId)
      }
      topology.networkACLs[dto.networkAclId] = NetworkACL(
        id: dto.networkAclId, vpcId: dto.vpcId, isDefault: dto.isDefault, entries: sorted,
        subnetIds: subnetIds)
    }
    for association in inventory.subnetNetworkAcls {
      guard var acl = topology.networkACLs[association.targetId] else {
        warn(.unknownNetworkACL(subnet: association.subnetId, acl: association.targetId))
        continue
      }
      if !acl.subnetIds.contains(association.subnetId) {
        acl.subnetIds.append(association.subnetId)
        topology.networkACLs[association.targetId] = acl
      }
    }
  }

  /// Security groups: one rule per peer from `IpPermissions` / `IpPermissionsEgress`, except
  /// for groups that `SecurityGroupRules` documents cover, whose rules (with `sgr-` ids) replace
  /// them. A group known only from rules, or without a `VpcId`, takes the VPC of an ENI that
  /// carries it.
  mutating func buildSecurityGroups() {
    var rulesByGroup: [String: (inbound: [SecurityGroupRule], outbound: [SecurityGroupRule])] = [:]
    var groupsOnlyInRules: [String] = []
    for dto in inventory.securityGroupRules.elements {
      let rule = SecurityGroupRule(
        ruleId: dto.securityGroupRuleId, protocolMatch: dto.match.protocolMatch,
        ports: dto.match.ports, icmpType: dto.match.icmpType, icmpCode: dto.match.icmpCode,
        peer: dto.peer, ruleDescription: dto.description)
      if rulesByGroup[dto.groupId] == nil {
        rulesByGroup[dto.groupId] = ([], [])
        if !inventory.securityGroups.contains(dto.groupId) { groupsOnlyInRules.append(dto.groupId) }
      }
      if dto.isEgress {
        rulesByGroup[dto.groupId]?.outbound.append(rule)
      } else {
        rulesByGroup[dto.groupId]?.inbound.append(rule)
      }
    }
    for dto in inventory.securityGroups.elements {
      let rules = rulesByGroup[dto.groupId]
      topology.securityGroups[dto.groupId] = SecurityGroup(
        id: dto.groupId, vpcId: dto.vpcId ?? vpcOfMembers(dto.groupId), name: dto.groupName,
        inbound: rules?.inbound ?? Self.rules(dto.ipPermissions),
        outbound: rules?.outbound ?? Self.rules(dto.ipPermissionsEgress))
    }
    for groupId in groupsOnlyInRules {
      let rules = rulesByGroup[groupId]
      topology.securityGroups[groupId] = SecurityGroup(
        id: groupId, vpcId: vpcOfMembers(groupId), inbound: rules?.inbound ?? [],
        outbound: rules?.outbound ?? [])
    }
  }

  private static func rules(_ permissions: [IpPermissionDTO]) -> [SecurityGroupRule] {
    permissions.flatMap { permission in
      permission.peers.map { peer in
        SecurityGroupRule(
          protocolMatch: permission.match.protocolMatch, ports: permission.match.ports,
          icmpType: permission.match.icmpType, icmpCode: permission.match.icmpCode,
          peer: peer.peer, ruleDescription: peer.description)
      }
    }
  }

  /// The VPC of the first ENI (by id) that carries `groupId`, or empty.
  private func vpcOfMembers(_ groupId: String) -> String {
    topology.networkInterfaces.values.sorted { $0.id < $1.id }
      .first { $0.securityGroupIds.contains(groupId) }?.vpcId ?? ""
  }

  /// Prefix lists: names from `PrefixLists`, entries from `get-managed-prefix-list-entries`
  /// documents (or `Cidrs` of `describe-prefix-lists`). A list that a rule or route names but
  /// whose entries are not loaded is kept with `entriesKnown: false`, with a warning that gives
  /// the command to fetch them.
  ///
  /// `get-managed-prefix-list-entries` output does not name its list. A document whose name
  /// gives no `pl-…` id is taken as the entries of the one list that rules or routes name and
  /// whose entries are not otherwise loaded (customer-managed lists first, when any), when there
  /// is exactly one such document and one such list (with a warning that says so); otherwise its
  /// entries are not used, and a warning says why.
  mutating func buildPrefixLists() {
    var assigned: [String: [CIDR]] = [:]
    if !inventory.unnamedPrefixListEntries.isEmpty {
      let known = Set(inventory.prefixListEntries.elements.map(\.prefixListId))
      var candidates = prefixListReferences().map(\.list).filter { list in
        !known.contains(list) && inventory.prefixLists[list]?.cidrs == nil
      }
      // AWS-managed lists (com.amazonaws.…) hold AWS's own ranges; a list of entries saved by
      // hand is far more likely a customer-managed list, so those are preferred when any is left.
      let customer = candidates.filter { list in
        inventory.prefixLists[list]?.prefixListName?.hasPrefix("com.amazonaws.") != true
      }
      if !customer.isEmpty { candidates = customer }
      let unnamed = inventory.unnamedPrefixListEntries
      if unnamed.count == 1, candidates.count == 1, let list = candidates.first,
        let only = unnamed.first
      {
        assigned[list] = only.cidrs
        warn(.unnamedPrefixListEntries(document: only.document, takenAs: list))
      } else {
        for (document, _) in unnamed {
          warn(.unnamedPrefixListEntriesUnused(document: document, candidates: candidates))
        }
      }
    }
    for dto in inventory.prefixLists.elements {
      let entries =
        inventory.prefixListEntries[dto.prefixListId]?.cidrs ?? assigned[dto.prefixListId]
        ?? dto.cidrs
      topology.prefixLists[dto.prefixListId] = PrefixList(
        id: dto.prefixListId, name: dto.prefixListName, cidrs: entries ?? [],
        entriesKnown: entries != nil)
    }
    for dto in inventory.prefixListEntries.elements
    where topology.prefixLists[dto.prefixListId] == nil {
      topology.prefixLists[dto.prefixListId] = PrefixList(
        id: dto.prefixListId, cidrs: dto.cidrs, entriesKnown: true)
    }
    for (list, cidrs) in assigned.sorted(by: { $0.key < $1.key })
    where topology.prefixLists[list] == nil {
      topology.prefixLists[list] = PrefixList(id: list, cidrs: cidrs, entriesKnown: true)
    }
    for (listId, referrer) in prefixListReferences()
    where topology.prefixLists[listId]?.entriesKnown != true {
      if topology.prefixLists[listId] == nil {
        topology.prefixLists[listId] = PrefixList(id: listId, cidrs: [], entriesKnown: false)
      }
      warn(.prefixListEntriesMissing(list: listId, referrer: referrer))
    }
  }

  /// Every prefix list a route or security group rule names, with the first that names it
  /// (`rtb-1`, `sg-2`), in load order.
  private func prefixListReferences() -> [(list: String, referrer: String)] {
    var references: [(list: String, referrer: String)] = []
    func note(_ list: String, _ referrer: String) {
      if !references.contains(where: { $0.list == list }) { references.append((list, referrer)) }
    }
    for dto in inventory.routeTables.elements {
      for route in dto.routes {
        if case .prefixList(let list)? = route.destination { note(list, dto.routeTableId) }
      }
    }
    for group in sortedGroups() {
      for rule in group.inbound + group.outbound {
        if case .prefixList(let list) = rule.peer { note(list, group.id) }
      }
    }
    return references
  }

  /// Security groups in load order (`SecurityGroups` first, then groups known only from rules).
  func sortedGroups() -> [SecurityGroup] {
    var ids = inventory.securityGroups.elements.map(\.groupId)
    var seen = Set(ids)
    for rule in inventory.securityGroupRules.elements where seen.insert(rule.groupId).inserted {
      ids.append(rule.groupId)
    }
    return ids.compactMap { topology.securityGroups[$0] }
  }
}
