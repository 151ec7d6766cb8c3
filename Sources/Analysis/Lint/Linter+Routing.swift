import Messages
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
          note: Explanation(
            .lintPublicSubnetNoIGW,
            [
              "subnet": Explanation(subnet.id),
              "table": table.map { Explanation($0.id) } ?? Explanation(.lintNone),
            ]),
          fixNote: Explanation(
            .lintFixStopMapping,
            [
              "fix": Self.igwRouteFix(subnet: subnet, table: table, topology: topology),
              "subnet": Explanation(subnet.id),
            ])
        ))
    }
    for eni in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id })
    where !eni.publicIPv4s.isEmpty && internetRoute(subnetId: eni.subnetId, ipv6: false) == nil
      && inspectedInternetRoute(subnetId: eni.subnetId, ipv6: false) == nil
    {
      let table = index.routeTable(forSubnet: eni.subnetId)
      let addresses = Explanation.joined(
        eni.publicIPv4s.map { "\($0.publicIP)" }, separator: .listComma)
      findings.append(
        Finding(
          id: .publicIPWithoutIGWRoute, severity: .warning, componentId: eni.id,
          relatedIds: [eni.subnetId] + (table.map { [$0.id] } ?? []),
          note: eni.instanceId.map {
            Explanation(
              .lintPublicIPNoIGWInstance,
              [
                "eni": Explanation(eni.id), "instance": Explanation($0), "addresses": addresses,
                "subnet": Explanation(eni.subnetId),
                "table": table.map { Explanation($0.id) } ?? Explanation(.lintItsRouteTable),
              ])
          }
            ?? Explanation(
              .lintPublicIPNoIGW,
              [
                "what": Explanation(eni.id), "addresses": addresses,
                "subnet": Explanation(eni.subnetId),
                "table": table.map { Explanation($0.id) } ?? Explanation(.lintItsRouteTable),
              ]),
          // With the subnet known, the route to add (or the table to associate) alone.
          fixNote: topology.subnets[eni.subnetId].map {
            Explanation(
              .lintFixClause,
              ["fix": Self.igwRouteFix(subnet: $0, table: table, topology: topology)])
          } ?? Explanation(.lintFixRouteOrRelease)))
    }
    for table in topology.routeTables.values.sorted(by: { $0.id < $1.id }) {
      let served = subnets(servedBy: table)
      for route in table.routes where route.state == .blackhole {
        let subnetsText =
          served.isEmpty
          ? Explanation(.lintNoSubnetUsesTable)
          : Explanation(
            .lintTrafficDropped,
            [
              "subnets": Explanation.joined(Self.words(served), separator: .listComma),
              "destination": "\(route.destination)",
            ])
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
            note: Explanation(
              .lintBlackhole,
              ["table": Explanation(table.id), "route": "\(route)", "detail": subnetsText]),
            fixNote: Explanation(
              .lintFixBlackhole, ["table": Explanation(table.id), "option": Explanation(option)])
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

  /// What gives the subnet a route to an internet gateway, a clause without its full stop.
  static func igwRouteFix(subnet: Subnet, table: RouteTable?, topology: Topology) -> Explanation {
    guard let igw = topology.internetGateway(attachedTo: subnet.vpcId) else {
      return Explanation(
        .lintFixAttachIGW,
        [
          "vpc": Explanation(subnet.vpcId),
          "table": table.map { Explanation($0.id) } ?? Explanation(.lintTheSubnetRouteTable),
        ])
    }
    guard let table else {
      return Explanation(
        .lintFixAssociateIGWTable, ["subnet": Explanation(subnet.id), "igw": Explanation(igw.id)])
    }
    return Explanation(
      .lintFixAddIGWRoute,
      [
        "igw": Explanation(igw.id), "table": Explanation(table.id),
        "subnet": Explanation(subnet.id),
      ])
  }
}
