import NetworkPrimitives
import Testing
import Topology

/// `PathTracerTests` runs on `TestNetwork` in three forms; these tests check that the two
/// forms loaded from JSON (`Fixtures/test-network/native.json` and `aws/*.json`) are the
/// code-built network on everything the evaluators read, so an AWS behaviour checked on one
/// form is checked on the same network in the others.
@Suite("TestNetwork: the native and describe-* fixtures load into the code-built model")
struct TopologyFormsTests {
  /// Records one issue when `loaded` differs from `code`, naming the form and what differs.
  static func expectSame<Value: Equatable>(
    _ what: String, code: Value, loaded: Value, form: TopologyForm,
    describe: (Value) -> String = { "\($0)" }, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    if code != loaded {
      Issue.record(
        "\(form): \(what): \(form) has \(describe(loaded)), the code-built model \(describe(code))",
        sourceLocation: sourceLocation)
    }
  }

  /// Records one issue when two collections differ as sets, listing what only each side has.
  static func expectSameSet<Element: Hashable>(
    _ what: String, code: some Sequence<Element>, loaded: some Sequence<Element>,
    form: TopologyForm, describe: (Element) -> String = { "\($0)" },
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let (codeSet, loadedSet) = (Set(code), Set(loaded))
    guard codeSet != loadedSet else { return }
    let onlyCode = codeSet.subtracting(loadedSet).map(describe).sorted()
    let onlyLoaded = loadedSet.subtracting(codeSet).map(describe).sorted()
    Issue.record(
      "\(form): \(what) differ; only in the code-built model: \(onlyCode); only in \(form): \(onlyLoaded)",
      sourceLocation: sourceLocation)
  }

  /// Checks that both models have the same ids of one kind, then calls `compare` for each id
  /// they share, in id order.
  static func forEachShared<Value>(
    _ kind: String, code: [String: Value], loaded: [String: Value], form: TopologyForm,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ compare: (String, Value, Value) -> Void
  ) {
    expectSameSet(
      "\(kind) ids", code: code.keys, loaded: loaded.keys, form: form,
      sourceLocation: sourceLocation)
    for id in code.keys.sorted() {
      guard let codeValue = code[id], let loadedValue = loaded[id] else { continue }
      compare(id, codeValue, loadedValue)
    }
  }

  static func describe(_ entry: NetworkACLEntry) -> String {
    var text = "\(entry.egress ? "out" : "in") \(entry.displayNumber) (\(entry.ruleNumber))"
    text += " \(entry.action.rawValue) \(entry.protocolMatch)"
    if let ports = entry.ports { text += " ports \(ports)" }
    if entry.icmpType != nil || entry.icmpCode != nil {
      text += " icmp \(entry.icmpType.map(String.init) ?? "any")/"
      text += entry.icmpCode.map(String.init) ?? "any"
    }
    return text + " \(entry.cidr)"
  }

  static func describe(_ entries: [NetworkACLEntry]) -> String {
    "[" + entries.map(describe).joined(separator: ", ") + "]"
  }

  static func describe(_ rule: SecurityGroupRule) -> String {
    var text = "\(rule.protocolMatch) ports \(rule.ports?.description ?? "all")"
    text += " icmp \(rule.icmpType.map(String.init) ?? "any")/"
    text += "\(rule.icmpCode.map(String.init) ?? "any") \(rule.peer)"
    if let description = rule.ruleDescription { text += " \"\(description)\"" }
    return text
  }

  static func describe(_ route: Route) -> String {
    "\(route) \(route.state.rawValue) origin \(route.origin ?? "none")"
  }

  /// What the evaluators read of a rule: the rule without its `sgr-` id, which only names the
  /// rule in explanations (the native format has no rule ids, describe-security-groups neither).
  static func withoutId(_ rule: SecurityGroupRule) -> SecurityGroupRule {
    var rule = rule
    rule.ruleId = nil
    return rule
  }

  @Test("Loading the fixtures of each form gives no warnings", arguments: TopologyForm.loaded)
  func noWarnings(form: TopologyForm) throws {
    let documents = try TestNetwork.documents(form)
    #expect(!documents.isEmpty, "\(form): no fixture documents found")
    let topology = try TopologyLoader().load(documents: documents)
    #expect(
      topology.warnings.isEmpty,
      "\(form): \(topology.warnings.map(\.description).joined(separator: "; "))")
  }

  @Test(
    "VPCs and subnets: CIDRs, VPC, availability zone, public IP on launch",
    arguments: TopologyForm.loaded)
  func vpcsAndSubnets(form: TopologyForm) throws {
    let (code, loaded) = (TestNetwork.make(), try TestNetwork.make(form))
    Self.forEachShared("VPC", code: code.vpcs, loaded: loaded.vpcs, form: form) {
      id, code, loaded in
      Self.expectSame("\(id) CIDRs", code: code.cidrs, loaded: loaded.cidrs, form: form)
      Self.expectSame("\(id) isDefault", code: code.isDefault, loaded: loaded.isDefault, form: form)
    }
    Self.forEachShared("subnet", code: code.subnets, loaded: loaded.subnets, form: form) {
      id, code, loaded in
      Self.expectSame("\(id) VPC", code: code.vpcId, loaded: loaded.vpcId, form: form)
      Self.expectSame("\(id) CIDRs", code: code.cidrs, loaded: loaded.cidrs, form: form)
      Self.expectSame(
        "\(id) availability zone", code: code.availabilityZone, loaded: loaded.availabilityZone,
        form: form)
      Self.expectSame(
        "\(id) mapPublicIpOnLaunch", code: code.mapPublicIpOnLaunch,
        loaded: loaded.mapPublicIpOnLaunch, form: form)
    }
  }

  @Test(
    "ENIs and instances: subnet, addresses, public addresses, security groups, instance",
    arguments: TopologyForm.loaded)
  func networkInterfaces(form: TopologyForm) throws {
    let (code, loaded) = (TestNetwork.make(), try TestNetwork.make(form))
    Self.forEachShared(
      "ENI", code: code.networkInterfaces, loaded: loaded.networkInterfaces, form: form
    ) { id, code, loaded in
      Self.expectSame("\(id) subnet", code: code.subnetId, loaded: loaded.subnetId, form: form)
      Self.expectSame("\(id) VPC", code: code.vpcId, loaded: loaded.vpcId, form: form)
      Self.expectSame(
        "\(id) private IPv4 addresses (primary first)", code: code.privateIPv4s,
        loaded: loaded.privateIPv4s, form: form)
      Self.expectSame("\(id) IPv6 addresses", code: code.ipv6s, loaded: loaded.ipv6s, form: form)
      Self.expectSameSet(
        "\(id) public addresses", code: code.publicIPv4s, loaded: loaded.publicIPv4s, form: form
      ) { "\($0.publicIP) -> \($0.privateIP) \($0.allocationId ?? "auto-assigned")" }
      Self.expectSame(
        "\(id) security groups", code: code.securityGroupIds, loaded: loaded.securityGroupIds,
        form: form)
      Self.expectSame(
        "\(id) instance", code: code.instanceId, loaded: loaded.instanceId, form: form)
      Self.expectSame(
        "\(id) interface type", code: code.interfaceType, loaded: loaded.interfaceType, form: form)
      Self.expectSame(
        "\(id) source/destination check", code: code.sourceDestCheck,
        loaded: loaded.sourceDestCheck, form: form)
      Self.expectSame(
        "\(id) requester-managed", code: code.requesterManaged, loaded: loaded.requesterManaged,
        form: form)
      Self.expectSame(
        "\(id) connection tracking", code: code.connectionTracking,
        loaded: loaded.connectionTracking, form: form)
    }
    Self.forEachShared("instance", code: code.instances, loaded: loaded.instances, form: form) {
      id, code, loaded in
      Self.expectSame(
        "\(id) ENIs (device index order)", code: code.networkInterfaceIds,
        loaded: loaded.networkInterfaceIds, form: form)
    }
  }

  @Test(
    "Security groups: each direction's rules as a set (one rule per peer)",
    arguments: TopologyForm.loaded)
  func securityGroups(form: TopologyForm) throws {
    let (code, loaded) = (TestNetwork.make(), try TestNetwork.make(form))
    Self.forEachShared(
      "security group", code: code.securityGroups, loaded: loaded.securityGroups, form: form
    ) { id, code, loaded in
      Self.expectSame("\(id) VPC", code: code.vpcId, loaded: loaded.vpcId, form: form)
      Self.expectSame("\(id) name", code: code.name, loaded: loaded.name, form: form)
      Self.expectSameSet(
        "\(id) inbound rules", code: code.inbound.map(Self.withoutId),
        loaded: loaded.inbound.map(Self.withoutId), form: form, describe: Self.describe)
      Self.expectSameSet(
        "\(id) outbound rules", code: code.outbound.map(Self.withoutId),
        loaded: loaded.outbound.map(Self.withoutId), form: form, describe: Self.describe)
    }
  }

  @Test(
    "describe-security-group-rules ids reach the model: sg-web's tcp 80 rule is sgr-web80",
    arguments: [TopologyForm.aws])
  func ruleIds(form: TopologyForm) throws {
    let (code, loaded) = (TestNetwork.make(), try TestNetwork.make(form))
    for group in code.securityGroups.values.sorted(by: { $0.id < $1.id }) {
      for (direction, rules, loadedRules) in [
        ("inbound", group.inbound, loaded.securityGroups[group.id]?.inbound ?? []),
        ("outbound", group.outbound, loaded.securityGroups[group.id]?.outbound ?? []),
      ] {
        for rule in rules where rule.ruleId != nil {
          let match = loadedRules.first { Self.withoutId($0) == Self.withoutId(rule) }
          #expect(
            match?.ruleId == rule.ruleId,
            "\(form): \(group.id) \(direction) rule \(Self.describe(rule)) has id \(match?.ruleId ?? "none"), not \(rule.ruleId ?? "none")"
          )
        }
      }
    }
  }

  @Test(
    "Network ACLs: entries in evaluation order with the implicit * entries, default, subnets",
    arguments: TopologyForm.loaded)
  func networkACLs(form: TopologyForm) throws {
    let (code, loaded) = (TestNetwork.make(), try TestNetwork.make(form))
    Self.forEachShared(
      "network ACL", code: code.networkACLs, loaded: loaded.networkACLs, form: form
    ) { id, code, loaded in
      Self.expectSame("\(id) VPC", code: code.vpcId, loaded: loaded.vpcId, form: form)
      Self.expectSame("\(id) isDefault", code: code.isDefault, loaded: loaded.isDefault, form: form)
      Self.expectSame(
        "\(id) entries", code: code.entries, loaded: loaded.entries, form: form,
        describe: Self.describe)
      Self.expectSameSet(
        "\(id) associated subnets", code: code.subnetIds, loaded: loaded.subnetIds, form: form)
    }
    // Each subnet resolves to the same ACL (associated, else the VPC's default).
    for subnetId in code.subnets.keys.sorted() {
      Self.expectSame(
        "the network ACL of \(subnetId)", code: code.networkACL(forSubnet: subnetId)?.id,
        loaded: loaded.networkACL(forSubnet: subnetId)?.id, form: form)
    }
  }

  @Test(
    "Route tables: routes as a set, main table, subnet and gateway associations",
    arguments: TopologyForm.loaded)
  func routeTables(form: TopologyForm) throws {
    let (code, loaded) = (TestNetwork.make(), try TestNetwork.make(form))
    Self.forEachShared(
      "route table", code: code.routeTables, loaded: loaded.routeTables, form: form
    ) { id, code, loaded in
      Self.expectSame("\(id) VPC", code: code.vpcId, loaded: loaded.vpcId, form: form)
      Self.expectSameSet(
        "\(id) routes", code: code.routes, loaded: loaded.routes, form: form,
        describe: Self.describe)
      Self.expectSame("\(id) isMain", code: code.isMain, loaded: loaded.isMain, form: form)
      Self.expectSameSet(
        "\(id) associated subnets", code: code.subnetIds, loaded: loaded.subnetIds, form: form)
      Self.expectSameSet(
        "\(id) associated gateways", code: code.gatewayIds, loaded: loaded.gatewayIds, form: form)
    }
    // Each subnet resolves to the same table (explicit association, else the main table).
    for subnetId in code.subnets.keys.sorted() {
      Self.expectSame(
        "the route table of \(subnetId)", code: code.routeTable(forSubnet: subnetId)?.id,
        loaded: loaded.routeTable(forSubnet: subnetId)?.id, form: form)
    }
  }

  @Test(
    "Gateways, NAT gateway, prefix lists and peering connections", arguments: TopologyForm.loaded)
  func gatewaysAndPrefixLists(form: TopologyForm) throws {
    let (code, loaded) = (TestNetwork.make(), try TestNetwork.make(form))
    Self.forEachShared(
      "internet gateway", code: code.internetGateways, loaded: loaded.internetGateways, form: form
    ) { id, code, loaded in
      Self.expectSameSet(
        "\(id) attached VPCs", code: code.attachedVpcIds, loaded: loaded.attachedVpcIds, form: form)
    }
    Self.forEachShared(
      "egress-only internet gateway", code: code.egressOnlyInternetGateways,
      loaded: loaded.egressOnlyInternetGateways, form: form
    ) { id, code, loaded in
      Self.expectSameSet(
        "\(id) attached VPCs", code: code.attachedVpcIds, loaded: loaded.attachedVpcIds, form: form)
    }
    Self.forEachShared(
      "NAT gateway", code: code.natGateways, loaded: loaded.natGateways, form: form
    ) { id, code, loaded in
      Self.expectSame("\(id) VPC", code: code.vpcId, loaded: loaded.vpcId, form: form)
      Self.expectSame("\(id) subnet", code: code.subnetId, loaded: loaded.subnetId, form: form)
      Self.expectSame(
        "\(id) connectivity", code: code.connectivity, loaded: loaded.connectivity, form: form)
      Self.expectSame("\(id) state", code: code.state, loaded: loaded.state, form: form)
      Self.expectSame(
        "\(id) private addresses", code: code.privateIPs, loaded: loaded.privateIPs, form: form)
      Self.expectSame(
        "\(id) public addresses", code: code.publicIPs, loaded: loaded.publicIPs, form: form)
      Self.expectSame(
        "\(id) ENI", code: code.networkInterfaceId, loaded: loaded.networkInterfaceId, form: form)
    }
    Self.forEachShared(
      "prefix list", code: code.prefixLists, loaded: loaded.prefixLists, form: form
    ) { id, code, loaded in
      Self.expectSame("\(id) name", code: code.name, loaded: loaded.name, form: form)
      Self.expectSame("\(id) CIDRs", code: code.cidrs, loaded: loaded.cidrs, form: form)
      Self.expectSame(
        "\(id) entries known", code: code.entriesKnown, loaded: loaded.entriesKnown, form: form)
    }
    Self.expectSameSet(
      "peering connection ids", code: code.peeringConnections.keys,
      loaded: loaded.peeringConnections.keys, form: form)
  }

  @Test(
    "Apart from sgr- rule ids, the loaded model equals the code-built one",
    arguments: TopologyForm.loaded)
  func wholeModel(form: TopologyForm) throws {
    let (code, loaded) = (TestNetwork.make(), try TestNetwork.make(form))
    func withoutRuleIds(_ groups: [String: SecurityGroup]) -> [String: SecurityGroup] {
      groups.mapValues { group in
        var group = group
        group.inbound = group.inbound.map(Self.withoutId)
        group.outbound = group.outbound.map(Self.withoutId)
        return group
      }
    }
    // Orders that carry no meaning (routes, rules, associations) are compared as sets above;
    // this catches any field those tests do not name.
    func normalized(_ topology: Topology) -> Topology {
      var topology = topology
      topology.securityGroups = withoutRuleIds(topology.securityGroups).mapValues { group in
        var group = group
        group.inbound.sort { Self.describe($0) < Self.describe($1) }
        group.outbound.sort { Self.describe($0) < Self.describe($1) }
        return group
      }
      topology.routeTables = topology.routeTables.mapValues { table in
        var table = table
        table.routes.sort { Self.describe($0) < Self.describe($1) }
        table.subnetIds.sort()
        table.gatewayIds.sort()
        return table
      }
      topology.networkACLs = topology.networkACLs.mapValues { acl in
        var acl = acl
        acl.subnetIds.sort()
        return acl
      }
      return topology
    }
    let (codeModel, loadedModel) = (normalized(code), normalized(loaded))
    func compare<Value: Equatable>(_ kind: String, _ models: (Topology) -> [String: Value]) {
      let (codeValues, loadedValues) = (models(codeModel), models(loadedModel))
      Self.expectSameSet(
        "\(kind) ids", code: codeValues.keys, loaded: loadedValues.keys, form: form)
      for id in codeValues.keys.sorted() {
        guard let loadedValue = loadedValues[id], loadedValue != codeValues[id] else { continue }
        Issue.record(
          "\(form): \(kind) \(id) differs from the code-built model (the field-by-field tests say where)"
        )
      }
    }
    compare("VPC", \.vpcs)
    compare("subnet", \.subnets)
    compare("route table", \.routeTables)
    compare("internet gateway", \.internetGateways)
    compare("egress-only internet gateway", \.egressOnlyInternetGateways)
    compare("NAT gateway", \.natGateways)
    compare("network ACL", \.networkACLs)
    compare("security group", \.securityGroups)
    compare("ENI", \.networkInterfaces)
    compare("instance", \.instances)
    compare("prefix list", \.prefixLists)
    compare("peering connection", \.peeringConnections)
  }
}
