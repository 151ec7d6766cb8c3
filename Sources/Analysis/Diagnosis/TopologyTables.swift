import Dispatch
import NetworkPrimitives
import Synchronization
import Topology

/// A topology as the rows `flowcause sql --topology` writes into its query: what the checks at
/// an ENI read (its subnet's network ACL entries, its security groups' rules expanded to the
/// addresses they match, its own addresses, its subnet's blocks), and what the routes decide,
/// worked out here by the tracer for every address cell (``DecisionCells``) so that the query
/// looks routing up instead of tracing.
///
/// Addresses are written as fixed-width keys (``key(_:)``), so that a CIDR block is a range of
/// keys in every SQL dialect.
package struct TopologyTables: Sendable {
  /// One ENI: what its checks and its tracking timeouts read.
  package struct Interface: Sendable {
    package var id: String
    package var subnetId: String
    package var vpcId: String
    /// Its subnet's network ACL (`nil`: none in the topology, the check cannot be made).
    package var aclId: String?
    /// It has no security groups (a NAT gateway's, a transit gateway attachment's…).
    package var withoutGroups: Bool
    /// How a record without `flow-direction` whose addresses are not the ENI's own is read:
    /// 0 by the address the ENI shows most, 1 by its VPC's blocks (a forwarding ENI), 2 not at
    /// all (a Gateway Load Balancer's or its endpoint's).
    package var forwarding: Int
    /// The groups, as a security group check names them (`sg-1, sg-2`).
    package var groupsText: String
    package var hasInboundRules: Bool
    package var hasOutboundRules: Bool
    package var tcpTimeout: Int?
    package var udpTimeout: Int?
    package var udpStreamTimeout: Int?
    /// The ENIs with its network ACL and groups share the ICMP types a record is read as
    /// (``variants``): their profile.
    package var profile: String
  }

  /// An address an ENI owns (`NetworkInterface.owns`), with the owner the index names for it
  /// (`TopologyIndex.owner(of:)`), that owner's subnet and whether it is that owner's public
  /// address.
  package struct Owned: Sendable {
    package var interfaceId: String
    package var key: String
    package var isIndexOwner: Bool
    package var ownerSubnetId: String
    package var isPublic: Bool
    /// For a public address, the key of the private address it maps to (else `key`): a request
    /// from it is traced from there (a hairpin through the internet gateway).
    package var privateKey: String
    /// A NAT gateway's public address: a request from it is internet traffic.
    package var isNATGatewayAddress: Bool
    /// A private address with a public one mapped to it: a hairpin to it goes through the
    /// internet gateway, across its subnet's network ACL.
    package var hasPublicMapping: Bool
    /// For a private address, the ENIs' addresses whose routes are alike (``routing``): same
    /// subnet, family, public mapping and kind of ENI.
    package var routeGroup: String?
  }

  /// A block of a subnet, or of a VPC.
  package struct Block: Sendable {
    package var id: String
    package var low: String
    package var high: String
  }

  /// The packets a network ACL entry or a security group rule matches: a protocol (-1 all),
  /// a block of peers (`low`…`high`), ports (`nil` any) or an ICMP type and code (`nil` any).
  package struct Match: Sendable {
    package var protocolNumber: Int
    package var low: String
    package var high: String
    package var ports: ClosedRange<Int>?
    package var icmpType: Int?
    package var icmpCode: Int?

    init(
      _ protocolMatch: ProtocolMatch, block: (low: String, high: String), ports: PortRange?,
      icmpType: Int?, icmpCode: Int?
    ) {
      protocolNumber = TopologyTables.number(protocolMatch)
      (low, high) = block
      self.ports = ports.map { Int($0.from)...Int(max($0.from, $0.to)) }
      self.icmpType = icmpType
      self.icmpCode = icmpCode
    }
  }

  /// A network ACL entry, in the ACL's order (`order`).
  package struct ACLEntry: Sendable {
    package var aclId: String
    package var egress: Bool
    package var ruleNumber: Int
    package var order: Int
    package var match: Match
    package var allow: Bool
  }

  /// A security group rule, for one block of addresses it matches: its CIDR, a block of its
  /// prefix list, or a member address of the group it names (where the reference reaches); a
  /// prefix list whose entries are unknown matches every address, as `unknown`.
  package struct GroupRule: Sendable {
    package var groupId: String
    package var egress: Bool
    package var match: Match
    package var unknown: Bool
    /// The rule names `0.0.0.0/0` (4) or `::/0` (6), else 0: what untracked flows read.
    package var anyFamily: Int
    /// Its ports are all (or it has none): what untracked flows read.
    package var allPorts: Bool
  }

  /// An ENI and one of its security groups known to the topology.
  package struct Membership: Sendable {
    package var interfaceId: String
    package var groupId: String
  }

  /// An ICMP type and code a record of an ENI of `profile` is read as (``ICMPVariants``):
  /// arriving 1, leaving 0, the crossing unknown 2; `family` 1 (ICMP) or 58 (ICMPv6).
  package struct ICMPVariant: Sendable {
    package var profile: String
    package var arriving: Int
    package var family: Int
    package var order: Int
    package var type: Int
    package var code: Int
  }

  /// A route the trace finds missing for a record of an address of `routeGroup` to or from the
  /// peers from `low` to `high`, read as `reading` (``Reading``), its packet expecting a reply
  /// or not; or (``Reading/automaticallyTracked``) peers whose route goes through a NAT
  /// gateway, an egress-only internet gateway or a transit gateway.
  package struct Routing: Sendable {
    package var routeGroup: String
    package var low: String
    package var high: String
    package var reading: Reading
    package var expectsReply: Bool
    package var component: String?
    package var code: String?
    /// Whether the trace crosses the subnet's network ACL where the record crossed the ENI.
    package var acl: ACLCrossing = .checked
  }

  /// How a trace meets the subnet's network ACL where a record crosses its ENI.
  package enum ACLCrossing: Int, Sendable {
    /// It checks the packet there.
    case checked = 0
    /// It passes no check there: both ends are in the subnet, or the packet is not routed
    /// (the trace stops at the route before the ACL).
    case passed = 1
    /// The trace never reaches the ENI: its checks are made directly
    /// (`Diagnoser.checksAt`: the ACL unless the peer is of its subnet).
    case direct = 2
  }

  /// How the trace reads a record (`Diagnoser.evaluate`'s role and direction).
  package enum Reading: Int, Sendable, CaseIterable {
    /// A request that arrived (the reply needs a way back).
    case requestArriving = 1
    /// A request that left (its way there and back).
    case requestLeaving = 2
    /// A reply that arrived (the request's way back, for where it crossed the ACL).
    case replyArriving = 3
    /// A reply that left (the request's way back).
    case replyLeaving = 4
    /// Not a reading: the peers whose connections are tracked automatically.
    case automaticallyTracked = 0
  }

  package var interfaces: [Interface] = []
  package var owned: [Owned] = []
  package var subnets: [Block] = []
  package var vpcs: [Block] = []
  package var entries: [ACLEntry] = []
  package var rules: [GroupRule] = []
  package var memberships: [Membership] = []
  package var variants: [ICMPVariant] = []
  package var routing: [Routing] = []

  /// The fixed-width key of an address: `4` and the four octets of three digits each, or `6`
  /// and the 32 hexadecimal digits (lowercase) of an IPv6 address. Keys of one family sort as
  /// their addresses.
  package static func key(_ address: IPAddress) -> String {
    switch address {
    case .v4(let value):
      return "4"
        + [24, 16, 8, 0].map { shift in
          let octet = String((value >> UInt32(shift)) & 0xff)
          return String(repeating: "0", count: 3 - octet.count) + octet
        }.joined()
    case .v6(let value):
      let hex = String(value, radix: 16)
      return "6" + String(repeating: "0", count: 32 - hex.count) + hex
    }
  }

  /// The keys of a block's first and last address.
  package static func bounds(_ cidr: CIDR) -> (low: String, high: String) {
    switch cidr.network {
    case .v4(let low):
      let size = cidr.prefixLength == 0 ? UInt64(1) << 32 : UInt64(1) << (32 - cidr.prefixLength)
      return (key(.v4(low)), key(.v4(UInt32(UInt64(low) + size - 1))))
    case .v6(let low):
      let span =
        cidr.prefixLength == 0 ? UInt128.max : (UInt128(1) << (128 - cidr.prefixLength)) - 1
      return (key(.v6(low)), key(.v6(low + span)))
    }
  }

  /// Every address of both families: a key range no key is outside.
  static let everything = (low: "4", high: "7")

  package init(_ diagnoser: Diagnoser) {
    guard let topology = diagnoser.topology, let tracer = diagnoser.tracer else { return }
    let index = tracer.index
    let interfaces = topology.networkInterfaces.values.sorted { $0.id < $1.id }
    let groups = Self.routeGroups(interfaces)
    var profiles: [String: String] = [:]
    for interface in interfaces {
      guard let context = index.context(ofInterface: interface.id) else { continue }
      add(interface, context: context, index: index, topology: topology, groups: groups)
      let profile =
        "\(context.networkACL?.id ?? "") \(interface.securityGroupIds.joined(separator: ","))"
      if profiles[profile] == nil {
        profiles[profile] = "p\(profiles.count + 1)"
        addVariants(interface, context: context, profile: profiles[profile] ?? "")
      }
      self.interfaces[self.interfaces.count - 1].profile = profiles[profile] ?? ""
    }
    let evaluator = SecurityGroupEvaluator(index: index)
    for group in topology.securityGroups.values.sorted(by: { $0.id < $1.id }) {
      add(group, topology: topology, evaluator: evaluator, members: interfaces)
    }
    for subnet in topology.subnets.values.sorted(by: { $0.id < $1.id }) {
      for cidr in subnet.cidrs {
        let (low, high) = Self.bounds(cidr)
        subnets.append(Block(id: subnet.id, low: low, high: high))
      }
    }
    for vpc in topology.vpcs.values.sorted(by: { $0.id < $1.id }) {
      for cidr in vpc.cidrs {
        let (low, high) = Self.bounds(cidr)
        vpcs.append(Block(id: vpc.id, low: low, high: high))
      }
    }
    for acl in topology.networkACLs.values.sorted(by: { $0.id < $1.id }) {
      for (order, entry) in acl.entries.enumerated() {
        entries.append(
          ACLEntry(
            aclId: acl.id, egress: entry.egress, ruleNumber: entry.ruleNumber, order: order,
            match: Match(
              entry.protocolMatch, block: Self.bounds(entry.cidr), ports: entry.ports,
              icmpType: entry.icmpType, icmpCode: entry.icmpCode),
            allow: entry.action == .allow))
      }
    }
    addRouting(diagnoser, groups: groups, topology: topology)
  }

  static func number(_ match: ProtocolMatch) -> Int {
    switch match {
    case .all: -1
    case .number(let number): Int(number)
    }
  }

  /// An ENI's own private address whose routes stand for its group's.
  struct RouteGroup {
    var id: String
    var interface: NetworkInterface
    var address: IPAddress
    /// Another address of the group, which stands for it where the peer is `address` itself.
    var second: (interface: NetworkInterface, address: IPAddress)? = nil
  }

  /// The ENIs' private addresses grouped by what the trace of their routes reads: the subnet,
  /// the family, whether a public address maps to it, and the kind of ENI. The group of each
  /// address, and the groups.
  static func routeGroups(_ interfaces: [NetworkInterface]) -> (
    of: [String: String], groups: [RouteGroup]
  ) {
    var byKey: [String: Int] = [:]
    var groups: [RouteGroup] = []
    var of: [String: String] = [:]
    for interface in interfaces {
      for address in interface.privateIPv4s + interface.ipv6s {
        let mapped = interface.publicIPv4s.contains { $0.privateIP == address }
        let kind =
          "\(interface.interfaceType) \(interface.componentWithoutSecurityGroups != nil) \(interface.loadBalancerNode != nil)"
        let key = "\(interface.subnetId) \(address.isIPv6) \(mapped) \(kind)"
        let place: Int
        if let known = byKey[key] {
          place = known
          if groups[place].second == nil, groups[place].address != address {
            groups[place].second = (interface, address)
          }
        } else {
          place = groups.count
          byKey[key] = place
          groups.append(
            RouteGroup(id: "r\(place + 1)", interface: interface, address: address))
        }
        of[interface.id + " " + Self.key(address)] = groups[place].id
      }
    }
    return (of, groups)
  }

  private mutating func add(
    _ interface: NetworkInterface, context: InterfaceContext, index: TopologyIndex,
    topology: Topology, groups: (of: [String: String], groups: [RouteGroup])
  ) {
    let withoutGroups = interface.componentWithoutSecurityGroups != nil
    let forwarding =
      interface.interfaceType == "gateway_load_balancer"
        || interface.interfaceType == "gateway_load_balancer_endpoint"
      ? 2 : withoutGroups || interface.loadBalancerNode != nil ? 1 : 0
    interfaces.append(
      Interface(
        id: interface.id, subnetId: interface.subnetId, vpcId: interface.vpcId,
        aclId: context.networkACL?.id, withoutGroups: withoutGroups, forwarding: forwarding,
        groupsText: context.groupsText, hasInboundRules: context.hasInboundRules,
        hasOutboundRules: context.hasOutboundRules,
        tcpTimeout: interface.connectionTracking?.tcpEstablishedTimeout,
        udpTimeout: interface.connectionTracking?.udpTimeout,
        udpStreamTimeout: interface.connectionTracking?.udpStreamTimeout, profile: ""))
    for address in context.ownAddresses {
      let owner = index.networkInterface(owning: address)
      let mapped = owner?.publicIPv4s.first { $0.publicIP == address }?.privateIP
      let key = Self.key(address)
      owned.append(
        Owned(
          interfaceId: interface.id, key: key,
          isIndexOwner: owner?.id == interface.id, ownerSubnetId: owner?.subnetId ?? "",
          isPublic: mapped != nil, privateKey: Self.key(mapped ?? address),
          isNATGatewayAddress: topology.natGateways.values.contains {
            $0.publicIPs.contains(address)
          },
          hasPublicMapping: interface.publicIPv4s.contains { $0.privateIP == address },
          routeGroup: groups.of[interface.id + " " + key]))
    }
    for group in context.groups where group.group != nil {
      memberships.append(Membership(interfaceId: interface.id, groupId: group.id))
    }
  }

  /// A security group's rules, each once for every block it matches.
  private mutating func add(
    _ group: SecurityGroup, topology: Topology, evaluator: SecurityGroupEvaluator,
    members: [NetworkInterface]
  ) {
    for (egress, list) in [(false, group.inbound), (true, group.outbound)] {
      for rule in list {
        let any: Int =
          switch rule.peer {
          case .cidr(let cidr) where cidr == .anyIPv4: 4
          case .cidr(let cidr) where cidr == .anyIPv6: 6
          default: 0
          }
        func row(_ low: String, _ high: String, unknown: Bool = false) -> GroupRule {
          GroupRule(
            groupId: group.id, egress: egress,
            match: Match(
              rule.protocolMatch, block: (low, high), ports: rule.ports, icmpType: rule.icmpType,
              icmpCode: rule.icmpCode),
            unknown: unknown, anyFamily: any,
            allPorts: rule.ports == nil || rule.ports == .all)
        }
        switch rule.peer {
        case .cidr(let cidr):
          let (low, high) = Self.bounds(cidr)
          rules.append(row(low, high))
        case .prefixList(let id):
          if let cidrs = topology.cidrs(ofPrefixList: id) {
            for cidr in cidrs {
              let (low, high) = Self.bounds(cidr)
              rules.append(row(low, high))
            }
          } else {
            rules.append(row(Self.everything.low, Self.everything.high, unknown: true))
          }
        case .securityGroup:
          // The members' private addresses the reference reaches (`peerMatch`).
          for member in members {
            for address in member.privateAddresses
            where evaluator.peerMatch(rule.peer, address, from: group.vpcId, inbound: !egress)
              == true
            {
              let key = Self.key(address)
              rules.append(row(key, key))
            }
          }
        }
      }
    }
  }

  /// The ICMP types and codes a record of an ENI of this profile is read as.
  private mutating func addVariants(
    _ interface: NetworkInterface, context: InterfaceContext, profile: String
  ) {
    for (arriving, crossing) in [(1, true as Bool?), (0, false), (2, nil)] {
      for family in [1, 58] {
        let found = ICMPVariants.of(
          FlowObservation(
            file: 0, line: 0, interfaceId: interface.id, source: .v4(0), destination: .v4(0),
            sourcePort: 0, destinationPort: 0, protocolNumber: UInt8(family), action: .reject),
          context: context, arriving: crossing)
        for (order, variant) in found.enumerated() {
          variants.append(
            ICMPVariant(
              profile: profile, arriving: arriving, family: family, order: order,
              type: variant.type, code: variant.code))
        }
      }
    }
  }

  /// The routes the trace finds missing, for every route group and every cell of peers of its
  /// family, under every reading: traced in the topology with every security group and network
  /// ACL opened, so that only routing can stop a packet (the query makes the checks at the ENI
  /// itself, and looks routing up only where they allow the packet). The groups are traced in
  /// parallel.
  private mutating func addRouting(
    _ diagnoser: Diagnoser, groups: (of: [String: String], groups: [RouteGroup]),
    topology: Topology
  ) {
    let open = Diagnoser(topology: Self.opened(topology))
    guard open.tracer != nil else { return }
    let cells = DecisionCells(diagnoser)
    func ranges<Value: FixedWidthInteger>(_ starts: [Value]) -> [(Value, Value)] {
      var result: [(Value, Value)] = []
      var low = Value.min
      for start in starts {
        result.append((low, start - 1))
        low = start
      }
      result.append((low, Value.max))
      return result
    }
    let v4 = ranges(cells.v4).map { (IPAddress.v4($0.0), IPAddress.v4($0.1)) }
    let v6 = ranges(cells.v6).map { (IPAddress.v6($0.0), IPAddress.v6($0.1)) }
    let found = Mutex([[Routing]](repeating: [], count: groups.groups.count))
    DispatchQueue.concurrentPerform(iterations: groups.groups.count) { place in
      let rows = Self.routing(
        of: groups.groups[place], open: open, peers: groups.groups[place].address.isIPv6 ? v6 : v4)
      found.withLock { $0[place] = rows }
    }
    routing = found.withLock { $0.flatMap { $0 } }
  }

  /// One route group's rows (``addRouting``): runs of peer cells alike merged.
  private static func routing(
    of group: RouteGroup, open: Diagnoser, peers: [(IPAddress, IPAddress)]
  ) -> [Routing] {
    guard let tracer = open.tracer else { return [] }
    var rows: [Routing] = []
    var runs: [String: Routing] = [:]
    func close(_ name: String) {
      if let run = runs.removeValue(forKey: name) { rows.append(run) }
    }
    for (low, high) in peers {
      let lowKey = Self.key(low)
      let highKey = Self.key(high)
      // The peer is the group's address: another of the group stands for it (none: not
      // looked up, an address's traffic with itself).
      let (interface, own) =
        low == high && low == group.address
        ? (group.second ?? (group.interface, group.address)) : (group.interface, group.address)
      let isSelf = low == high && low == own
      guard let context = tracer.index.context(ofInterface: interface.id) else { continue }
      var found: [(name: String, row: Routing?)] = []
      var tracked = false
      switch tracer.routes.lookup(subnetId: interface.subnetId, destination: low).route?.target {
      case .natGateway?, .egressOnlyInternetGateway?, .transitGateway?: tracked = true
      default: break
      }
      found.append(
        (
          "tracked",
          tracked
            ? Routing(
              routeGroup: group.id, low: lowKey, high: highKey, reading: .automaticallyTracked,
              expectsReply: true, component: nil, code: nil) : nil
        ))
      for reading in Reading.allCases where reading != .automaticallyTracked {
        let reply = reading == .replyLeaving || reading == .replyArriving
        for expects in reply ? [true] : [true, false] {
          var row: Routing? = nil
          if !isSelf {
            let arriving = reading == .requestArriving || reading == .replyArriving
            let record = FlowObservation(
              file: 0, line: 0, interfaceId: interface.id,
              source: arriving ? low : own, destination: arriving ? own : low,
              sourcePort: arriving ? 40_000 : 443, destinationPort: arriving ? 443 : 40_000,
              protocolNumber: expects ? 6 : (own.isIPv6 ? 58 : 1), action: .reject)
            let direction: FlowDirection = arriving ? .ingress : .egress
            let role: FlowRole = reply ? .response : .request
            let icmp: (type: Int, code: Int)? = expects ? nil : (own.isIPv6 ? 129 : 0, 0)
            let decision = open.evaluate(
              record, role: role, direction: direction, context: context, icmp: icmp)
            if let decision {
              let crossing: ACLCrossing
              if decision.checkedDirectly {
                crossing = .direct
              } else {
                let check: Checkpoint.Check = arriving ? .networkACLIngress : .networkACLEgress
                let checked = decision.checkpoints.contains {
                  $0.check == check && $0.subnetId == interface.subnetId && $0.result != .skipped
                }
                crossing = checked ? .checked : .passed
              }
              let denied = decision.cause == .routing ? decision.deniedAt : nil
              if denied != nil || crossing != .checked {
                row = Routing(
                  routeGroup: group.id, low: lowKey, high: highKey, reading: reading,
                  expectsReply: expects, component: denied?.componentId,
                  code: denied?.code?.rawValue, acl: crossing)
              }
            }
          }
          found.append(("\(reading.rawValue)-\(expects)", row))
        }
      }
      for (name, row) in found {
        if let run = runs[name], let row, run.component == row.component, run.code == row.code,
          run.acl == row.acl
        {
          runs[name]?.high = highKey
          continue
        }
        close(name)
        if let row { runs[name] = row }
      }
    }
    for name in runs.keys.sorted() { close(name) }
    return rows
  }

  /// `topology` with every security group and network ACL allowing everything, and every ENI
  /// that can have groups given one that does.
  static func opened(_ topology: Topology) -> Topology {
    var open = topology
    let all: [SecurityGroupRule] = [
      SecurityGroupRule(protocolMatch: .all, peer: .cidr(.anyIPv4)),
      SecurityGroupRule(protocolMatch: .all, peer: .cidr(.anyIPv6)),
    ]
    for (id, group) in topology.securityGroups {
      open.securityGroups[id] = SecurityGroup(
        id: id, vpcId: group.vpcId, name: group.name, inbound: all, outbound: all)
    }
    for (id, interface) in topology.networkInterfaces
    where interface.componentWithoutSecurityGroups == nil
      && !interface.securityGroupIds.contains(where: { topology.securityGroups[$0] != nil })
    {
      let groupId = "sg-flowcause-open-\(interface.vpcId)"
      open.securityGroups[groupId] = SecurityGroup(
        id: groupId, vpcId: interface.vpcId, inbound: all, outbound: all)
      open.networkInterfaces[id]?.securityGroupIds = [groupId]
    }
    for (id, acl) in topology.networkACLs {
      var entries: [NetworkACLEntry] = []
      for egress in [false, true] {
        for cidr in [CIDR.anyIPv4, .anyIPv6] {
          entries.append(
            NetworkACLEntry(
              ruleNumber: 1, egress: egress, action: .allow, protocolMatch: .all, cidr: cidr))
        }
      }
      open.networkACLs[id] = NetworkACL(
        id: id, vpcId: acl.vpcId, isDefault: acl.isDefault, entries: entries,
        subnetIds: acl.subnetIds)
    }
    return open
  }
}
