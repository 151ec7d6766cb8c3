import NetworkPrimitives
import Topology

/// Routing that contradicts the design: "public" without a way out, and dead routes.
extension Linter {
  /// `public-subnet-without-igw-route`, `public-ip-without-igw-route`, `blackhole-route`.
  func routingFindings() -> [Finding] {
    var findings: [Finding] = []
    for subnet in topology.subnets.values.sorted(by: { $0.id < $1.id })
    where subnet.mapPublicIpOnLaunch && internetRoute(subnetId: subnet.id, ipv6: false) == nil
      && inspectedInternetRoute(subnetId: subnet.id, ipv6: false) == nil
    {
      let table = index.routeTable(forSubnet: subnet.id)
      findings.append(
        Finding(
          id: .publicSubnetWithoutIGWRoute, severity: .warning, componentId: subnet.id,
          relatedIds: table.map { [$0.id] } ?? [],
          explanation:
            "\(subnet.id) gives new instances a public IPv4 address (MapPublicIpOnLaunch), but its route table \(table?.id ?? "(none)") has no route to an internet gateway, so the subnet is private and those addresses reach nothing.",
          fix: Self.igwRouteFix(subnet: subnet, table: table, topology: topology)
            + ", or stop mapping public addresses: aws ec2 modify-subnet-attribute --subnet-id \(subnet.id) --no-map-public-ip-on-launch."
        ))
    }
    for eni in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id })
    where !eni.publicIPv4s.isEmpty && internetRoute(subnetId: eni.subnetId, ipv6: false) == nil
      && inspectedInternetRoute(subnetId: eni.subnetId, ipv6: false) == nil
    {
      let table = index.routeTable(forSubnet: eni.subnetId)
      let addresses = eni.publicIPv4s.map(\.publicIP.description).joined(separator: ", ")
      let what = eni.instanceId.map { "\(eni.id) (instance \($0))" } ?? eni.id
      findings.append(
        Finding(
          id: .publicIPWithoutIGWRoute, severity: .warning, componentId: eni.id,
          relatedIds: [eni.subnetId] + (table.map { [$0.id] } ?? []),
          explanation:
            "\(what) has public address \(addresses), but its subnet \(eni.subnetId) has no route to an internet gateway in \(table?.id ?? "its route table"), so nothing on the internet can reach it and its IPv4 replies to the internet cannot leave.",
          fix: topology.subnets[eni.subnetId].map {
            Self.igwRouteFix(subnet: $0, table: table, topology: topology)
          } ?? "Route the subnet to an internet gateway"
            + ", or release the address if the interface is meant to be private."))
    }
    for table in topology.routeTables.values.sorted(by: { $0.id < $1.id }) {
      let served = subnets(servedBy: table)
      for route in table.routes where route.state == .blackhole {
        let subnetsText =
          served.isEmpty
          ? "no subnet uses the table"
          : "traffic from \(served.joined(separator: ", ")) to \(route.destination) is dropped"
        let option: String
        switch route.destination {
        case .cidr(let cidr):
          option =
            cidr.isIPv6
            ? "--destination-ipv6-cidr-block \(cidr)" : "--destination-cidr-block \(cidr)"
        case .prefixList(let id): option = "--destination-prefix-list-id \(id)"
        }
        findings.append(
          Finding(
            id: .blackholeRoute, severity: served.isEmpty ? .notice : .warning,
            componentId: table.id, rules: [.route(tableId: table.id, route: route)],
            relatedIds: served,
            explanation:
              "\(table.id) route \(route) is a blackhole (its target no longer exists): \(subnetsText).",
            fix:
              "Point the route at a live target (aws ec2 replace-route --route-table-id \(table.id) \(option) …) or delete it (aws ec2 delete-route --route-table-id \(table.id) \(option))."
          ))
      }
    }
    return findings
  }

  /// The subnets a table serves: its explicit associations, and for the main table every
  /// subnet of the VPC without one.
  func subnets(servedBy table: RouteTable) -> [String] {
    topology.subnets.values.filter { subnet in
      index.routeTable(forSubnet: subnet.id)?.id == table.id
    }.map(\.id).sorted()
  }

  static func igwRouteFix(subnet: Subnet, table: RouteTable?, topology: Topology) -> String {
    guard let igw = topology.internetGateway(attachedTo: subnet.vpcId) else {
      return
        "Attach an internet gateway to \(subnet.vpcId) and add a route 0.0.0.0/0 -> it to \(table?.id ?? "the subnet's route table")"
    }
    guard let table else {
      return "Associate \(subnet.id) with a route table that routes 0.0.0.0/0 to \(igw.id)"
    }
    return
      "Add a route 0.0.0.0/0 -> \(igw.id) to \(table.id) (aws ec2 create-route --route-table-id \(table.id) --destination-cidr-block 0.0.0.0/0 --gateway-id \(igw.id)), or associate \(subnet.id) with a route table that has one"
  }
}
