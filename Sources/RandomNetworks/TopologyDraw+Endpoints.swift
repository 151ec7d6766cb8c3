import NetworkPrimitives
import Topology

extension TopologyDraw {
  /// An S3 gateway endpoint in some VPCs, now and then, drawn from a stream of its own (so
  /// that networks without one are drawn exactly as before): AWS's prefix list for the service,
  /// whose block holds some of the internet hosts traffic calls (192.0.2.0/26: 192.0.2.10 and
  /// 192.0.2.53), and the route to it on some of the VPC's tables. Calls to those hosts then
  /// leave by the endpoint where a table has the route (VPC User Guide, "Gateway endpoints"),
  /// and their replies meet the subnet's network ACL by the service's address.
  mutating func gatewayEndpoints(seed: UInt64) {
    var draw = Draw(seed: seed, stream: 0x7670_6365_5F73_3367)
    guard draw.chance(0.35) else { return }
    let listId = "pl-s3"
    topology.prefixLists[listId] = PrefixList(
      id: listId, name: "com.amazonaws.us-east-1.s3", cidrs: [Draw.cidr("192.0.2.0/26")])
    for plan in plans where draw.chance(0.7) {
      let tables = topology.routeTables.values.filter { $0.vpcId == plan.id }.map(\.id).sorted()
        .filter { _ in draw.chance(0.6) }
      guard !tables.isEmpty else { continue }
      let endpointId = "vpce-s3-\(plan.number)"
      topology.vpcEndpoints[endpointId] = VpcEndpoint(
        id: endpointId, kind: .gateway, vpcId: plan.id, serviceName: "com.amazonaws.us-east-1.s3",
        state: draw.chance(0.95) ? "available" : "pending", routeTableIds: tables)
      for table in tables {
        topology.routeTables[table]?.routes.append(
          Route(
            destination: .prefixList(listId), target: .vpcEndpoint(endpointId),
            origin: "CreateRouteToPrefixList"))
      }
    }
  }
}
