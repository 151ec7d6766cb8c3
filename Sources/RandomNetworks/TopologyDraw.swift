import NetworkPrimitives
import Topology

/// Draws a network shaped like the ones AWS accounts hold: one to three VPCs, some dual-stack,
/// peered or not, with gateways, route tables, network ACLs, security groups and ENIs, and
/// the mistakes real networks have (a detached internet gateway, a deleted NAT gateway left as
/// a blackhole route, a peering route on one side only, a NACL without the clients' ephemeral
/// ports, IPv6 forgotten in a NACL, a prefix list whose entries were not collected).
///
/// ``make()`` gives the network as it is (what the simulator runs on) and the snapshot
/// `diagnose` is given, which differs only where a collection misses something: the entries
/// of a prefix list.
struct TopologyDraw {
  var draw: Draw
  var topology = Topology()
  var plans: [VPCPlan] = []
  /// The VPCs that route to each peering connection: both (60 %), one (15 % each) or neither.
  var routingSides: [String: Set<String>] = [:]
  /// Public IPv4 addresses given out so far (203.0.113.11 and up).
  var publicCount = 0

  /// What a subnet's route table does with internet traffic.
  enum Kind: CaseIterable {
    case `public`, `private`, natted
  }

  /// A VPC as drawn, with what later draws need.
  struct VPCPlan {
    var number: Int
    var id: String
    var ipv4: CIDR
    var ipv6: CIDR?
    /// `10.1`: the first two octets of the IPv4 block, for subnets and addresses.
    var ipv4Stem: String
    /// `2600:1f18:47:cd`: the IPv6 block without its last two hex digits.
    var ipv6Stem: String
    var subnets: [SubnetPlan] = []
    var internetGateway: String? = nil
    var internetGatewayAttached = false
    var natGateway: String? = nil
    var egressOnlyGateway: String? = nil
    /// Security group ids, drawn before their rules so that rules can name any of them.
    var groups: [String] = []
    /// The peering connections of this VPC, and the VPC (its number) at the other end.
    var peers: [(pcx: String, vpc: Int)] = []
    var nextHost = 10
  }

  struct SubnetPlan {
    var id: String
    var number: Int
    var ipv4: CIDR
    var ipv6: CIDR?
    var kind: Kind
    /// Whether its route table is the VPC's main table.
    var usesMain: Bool
  }

  static let ipv4Stems = ["10.0", "10.1", "172.31"]
  static let ipv6Stems = ["2600:1f18:47:ab", "2600:1f18:47:cd", "2600:1f18:5e:12"]
  static let zones = ["us-east-1a", "us-east-1b", "us-east-1c"]

  /// The seed, for the draws of streams of their own (``transitGateways(seed:)``,
  /// ``gatewayEndpoints(seed:)``).
  let seed: UInt64

  init(seed: UInt64) {
    self.seed = seed
    draw = Draw(seed: seed, stream: 0x746F_706F_6C6F_6779)
  }

  /// The network as it is, and the snapshot of it `diagnose` is given.
  mutating func make() -> (network: Topology, snapshot: Topology) {
    let count = draw.weighted([(1, 45), (2, 35), (3, 20)])
    for number in 1...count { vpc(number) }
    peerings()
    prefixLists()
    for index in plans.indices {
      plans[index].groups = (1...draw.int(2...5)).map { "sg-\(plans[index].number)-\($0)" }
    }
    for index in plans.indices {
      gateways(index)
      routeTables(index)
      networkACLs(index)
      securityGroups(index)
      networkInterfaces(index)
    }
    transitGateways(seed: seed)
    gatewayEndpoints(seed: seed)
    return (topology, snapshot())
  }

  // MARK: VPCs, subnets, peering

  mutating func vpc(_ number: Int) {
    let ipv4Stem = Self.ipv4Stems[number - 1]
    let ipv6Stem = Self.ipv6Stems[number - 1]
    let dualStack = draw.chance(0.5)
    var plan = VPCPlan(
      number: number, id: "vpc-\(number)", ipv4: Draw.cidr("\(ipv4Stem).0.0/16"),
      ipv6: dualStack ? Draw.cidr("\(ipv6Stem)00::/56") : nil, ipv4Stem: ipv4Stem,
      ipv6Stem: ipv6Stem)
    let mainKind: Kind = draw.chance(0.75) ? .private : .public
    for index in 1...draw.int(1...4) {
      let usesMain = draw.chance(0.3)
      let kind =
        usesMain
        ? mainKind : draw.weighted([(Kind.public, 45), (.private, 25), (.natted, 30)])
      let hasIPv6 = dualStack && draw.chance(0.75)
      plan.subnets.append(
        SubnetPlan(
          id: "subnet-\(number)-\(index)", number: index,
          ipv4: Draw.cidr("\(ipv4Stem).\(index).0/24"),
          ipv6: hasIPv6 ? Draw.cidr("\(ipv6Stem)0\(index)::/64") : nil, kind: kind,
          usesMain: usesMain))
    }
    topology.vpcs[plan.id] = VPC(id: plan.id, cidrs: [plan.ipv4] + (plan.ipv6.map { [$0] } ?? []))
    for subnet in plan.subnets {
      topology.subnets[subnet.id] = Subnet(
        id: subnet.id, vpcId: plan.id, cidrs: [subnet.ipv4] + (subnet.ipv6.map { [$0] } ?? []),
        availabilityZone: draw.pick(Self.zones))
    }
    plans.append(plan)
  }

  /// Peering between some pairs of VPCs; which sides route to it is drawn with the routes.
  mutating func peerings() {
    for first in plans.indices {
      for second in plans.indices where second > first && draw.chance(0.55) {
        let id = "pcx-\(plans[first].number)\(plans[second].number)"
        let status = draw.weighted([("active", 92), ("pending-acceptance", 4), ("deleted", 4)])
        topology.peeringConnections[id] = PeeringConnection(
          id: id, requesterVpcId: plans[first].id,
          requesterCidrs: topology.vpcs[plans[first].id]?.cidrs ?? [],
          accepterVpcId: plans[second].id,
          accepterCidrs: topology.vpcs[plans[second].id]?.cidrs ?? [], status: status)
        routingSides[id] = draw.weighted([
          ([plans[first].id, plans[second].id], 60), ([plans[first].id], 15),
          ([plans[second].id], 15), ([], 10),
        ])
        plans[first].peers.append((id, plans[second].number))
        plans[second].peers.append((id, plans[first].number))
      }
    }
  }

  /// Internet, NAT and egress-only gateways of one VPC. Without an internet gateway no subnet
  /// is public; without a public subnet no NAT gateway, and natted subnets are private.
  mutating func gateways(_ index: Int) {
    let number = plans[index].number
    let vpcId = plans[index].id
    if draw.chance(0.9) {
      let id = "igw-\(number)"
      let attached = draw.chance(0.92)
      plans[index].internetGateway = id
      plans[index].internetGatewayAttached = attached
      topology.internetGateways[id] = InternetGateway(
        id: id, attachedVpcIds: attached ? [vpcId] : [])
    } else {
      for subnet in plans[index].subnets.indices where plans[index].subnets[subnet].kind == .public
      {
        plans[index].subnets[subnet].kind = .private
      }
    }
    let subnets = plans[index].subnets
    if let home = subnets.first(where: { $0.kind == .public }),
      subnets.contains(where: { $0.kind == .natted })
    {
      let id = "nat-\(number)"
      plans[index].natGateway = id
      let privateIP = Draw.address("\(plans[index].ipv4Stem).\(home.number).5")
      let publicIP = Draw.address("203.0.113.\(200 + number)")
      // A deleted NAT gateway stays in describe-nat-gateways for a while, or is gone.
      let state = draw.weighted([("available", 88), ("deleted", 6), ("gone", 6)])
      if state != "gone" {
        var interfaceId: String? = nil
        if state == "available" && draw.chance(0.5) {
          interfaceId = "eni-nat-\(number)"
          topology.networkInterfaces["eni-nat-\(number)"] = NetworkInterface(
            id: "eni-nat-\(number)", subnetId: home.id, vpcId: vpcId, privateIPv4s: [privateIP],
            publicIPv4s: [PublicAddress(publicIP: publicIP, privateIP: privateIP)],
            securityGroupIds: [], interfaceType: "nat_gateway", sourceDestCheck: false,
            requesterManaged: true)
        }
        topology.natGateways[id] = NatGateway(
          id: id, vpcId: vpcId, subnetId: home.id, state: state, privateIPs: [privateIP],
          publicIPs: [publicIP], networkInterfaceId: interfaceId)
      }
    } else {
      for subnet in plans[index].subnets.indices where plans[index].subnets[subnet].kind == .natted
      {
        plans[index].subnets[subnet].kind = .private
      }
    }
    if plans[index].ipv6 != nil && draw.chance(0.5) {
      let id = "eigw-\(number)"
      plans[index].egressOnlyGateway = id
      // A deleted egress-only gateway leaves its routes as blackholes.
      if draw.chance(0.9) {
        topology.egressOnlyInternetGateways[id] = EgressOnlyInternetGateway(
          id: id, attachedVpcIds: [vpcId])
      }
    }
  }

  /// The plan of the VPC numbered `number`.
  func plan(_ number: Int) -> VPCPlan? { plans.first { $0.number == number } }

  // MARK: Snapshot

  /// The network as `collect` would save it: now and then a prefix list that a rule names
  /// lost its entries (`get-managed-prefix-list-entries` was not run for it).
  mutating func snapshot() -> Topology {
    var snapshot = topology
    let named = Set(
      topology.securityGroups.values.flatMap { $0.inbound + $0.outbound }.compactMap { rule in
        if case .prefixList(let id) = rule.peer { return id }
        return nil
      })
    let lists = topology.prefixLists.keys.sorted().filter(named.contains)
    if !lists.isEmpty && draw.chance(0.12) {
      let id = draw.pick(lists)
      snapshot.prefixLists[id]?.cidrs = []
      snapshot.prefixLists[id]?.entriesKnown = false
    }
    return snapshot
  }
}
