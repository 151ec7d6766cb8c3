import NetworkPrimitives
import Topology

/// The network: one VPC, its subnets, gateways and route tables, and its ENIs.
extension NetworkGenerator {
  mutating func topology() -> Topology {
    var topology = Topology()
    dualStack = chance(0.5)
    topology.vpcs["vpc-1"] = VPC(
      id: "vpc-1", cidrs: [Self.vpcIPv4] + (dualStack ? [Self.vpcIPv6] : []))
    subnetCount = int(2...4)
    for index in 1...subnetCount {
      let hasIPv6 = dualStack && chance(0.7)
      subnetHasIPv6.append(hasIPv6)
      topology.subnets["subnet-\(index)"] = Subnet(
        id: "subnet-\(index)", vpcId: "vpc-1",
        cidrs: [subnetIPv4(index)] + (hasIPv6 ? [subnetIPv6(index)] : []),
        availabilityZone: "us-east-1a")
    }
    topology.internetGateways["igw-1"] = InternetGateway(id: "igw-1", attachedVpcIds: ["vpc-1"])
    let hasEgressOnly = dualStack && chance(0.5)
    if hasEgressOnly {
      topology.egressOnlyInternetGateways["eigw-1"] = EgressOnlyInternetGateway(
        id: "eigw-1", attachedVpcIds: ["vpc-1"])
    }
    routeTables(&topology, egressOnly: hasEgressOnly)
    networkACLs(&topology)
    prefixLists(&topology)
    securityGroups(&topology)
    networkInterfaces(&topology)
    return topology
  }

  mutating func routeTables(_ topology: inout Topology, egressOnly: Bool) {
    let mainKind: Kind = chance(0.8) ? .private : .public
    var kinds: [Kind] = []
    var associated: [Bool] = []
    for _ in 1...subnetCount {
      if chance(0.3) {
        kinds.append(mainKind)
        associated.append(false)
      } else {
        let draw = int(0...99)
        kinds.append(draw < 45 ? .public : draw < 70 ? .private : .natted)
        associated.append(true)
      }
    }
    // A NAT gateway lives in a public subnet; without one, natted subnets are private.
    let natSubnet = kinds.firstIndex(of: .public).map { $0 + 1 }
    if natSubnet == nil {
      kinds = kinds.map { $0 == .natted ? .private : $0 }
    }
    if let natSubnet, kinds.contains(.natted) {
      topology.natGateways["nat-1"] = NatGateway(
        id: "nat-1", vpcId: "vpc-1", subnetId: "subnet-\(natSubnet)",
        privateIPs: [Draw.address("10.0.\(natSubnet).5")], publicIPs: [Draw.address("203.0.113.5")])
    }
    var local = [
      Route(destination: .cidr(Self.vpcIPv4), target: .local, origin: "CreateRouteTable")
    ]
    if dualStack {
      local.append(
        Route(destination: .cidr(Self.vpcIPv6), target: .local, origin: "CreateRouteTable"))
    }
    func routes(_ kind: Kind, generator: inout NetworkGenerator) -> [Route] {
      var result = local
      switch kind {
      case .public:
        result.append(
          Route(
            destination: .cidr(CIDR.anyIPv4), target: .internetGateway("igw-1"),
            origin: "CreateRoute"))
        if generator.dualStack && generator.chance(0.85) {
          result.append(
            Route(
              destination: .cidr(CIDR.anyIPv6), target: .internetGateway("igw-1"),
              origin: "CreateRoute"))
        }
      case .natted:
        result.append(
          Route(
            destination: .cidr(CIDR.anyIPv4), target: .natGateway("nat-1"), origin: "CreateRoute"
          ))
        if egressOnly {
          result.append(
            Route(
              destination: .cidr(CIDR.anyIPv6), target: .egressOnlyInternetGateway("eigw-1"),
              origin: "CreateRoute"))
        }
      case .private:
        break
      }
      return result
    }
    topology.routeTables["rtb-main"] = RouteTable(
      id: "rtb-main", vpcId: "vpc-1", routes: routes(mainKind, generator: &self), isMain: true)
    for (kind, name) in [(Kind.public, "public"), (.private, "private"), (.natted, "natted")] {
      let subnets = (1...subnetCount).filter { associated[$0 - 1] && kinds[$0 - 1] == kind }
      guard !subnets.isEmpty else { continue }
      topology.routeTables["rtb-\(name)"] = RouteTable(
        id: "rtb-\(name)", vpcId: "vpc-1", routes: routes(kind, generator: &self),
        subnetIds: subnets.map { "subnet-\($0)" })
    }
  }

  mutating func networkInterfaces(_ topology: inout Topology) {
    let groups = topology.securityGroups.keys.sorted()
    for index in 1...int(2...6) {
      let subnet = int(1...subnetCount)
      let ipv6: [IPAddress] =
        subnetHasIPv6[subnet - 1] && chance(0.7)
        ? [Draw.address("2600:1f18:47:ab0\(subnet)::\(10 + index)")] : []
      let privateIP = Draw.address("10.0.\(subnet).\(10 + index)")
      let publicIPs =
        chance(0.5)
        ? [PublicAddress(publicIP: Draw.address("203.0.113.\(10 + index)"), privateIP: privateIP)]
        : []
      var groupIds = [pick(groups)]
      if chance(0.4) {
        let second = pick(groups)
        if second != groupIds[0] { groupIds.append(second) }
      }
      topology.networkInterfaces["eni-\(index)"] = NetworkInterface(
        id: "eni-\(index)", subnetId: "subnet-\(subnet)", vpcId: "vpc-1",
        privateIPv4s: [privateIP], ipv6s: ipv6, publicIPv4s: publicIPs, securityGroupIds: groupIds,
        instanceId: "i-\(index)")
      topology.instances["i-\(index)"] = Instance(
        id: "i-\(index)", networkInterfaceIds: ["eni-\(index)"])
    }
  }
}
