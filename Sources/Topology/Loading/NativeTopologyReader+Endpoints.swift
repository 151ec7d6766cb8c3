extension NativeTopologyReader {
  /// VPC endpoints:
  ///
  /// ```json
  /// "vpc-endpoints": [
  ///   {"id": "vpce-s3", "type": "gateway", "vpc": "vpc-1",
  ///    "service": "com.amazonaws.us-east-1.s3", "route-tables": ["rtb-1"]},
  ///   {"id": "vpce-fw", "type": "gateway-load-balancer", "vpc": "vpc-1", "subnets": ["subnet-fw"],
  ///    "firewall": "arn:aws:network-firewall:us-east-1:111122223333:firewall/edge"}]
  /// ```
  ///
  /// `type` is `gateway`, `interface` or `gateway-load-balancer` (`VpcEndpointType`); `firewall`
  /// names the AWS Network Firewall whose endpoint it is (`describe-firewall`'s `SyncStates`).
  func readVpcEndpoints(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    let keys = [
      "id", "type", "vpc", "service", "state", "route-tables", "subnets", "network-interfaces",
      "security-groups", "firewall",
    ]
    for object in try section("vpc-endpoints", allowed: keys) {
      let id = try object.string("id")
      let typeReader = try object.required("type")
      let types = [
        "gateway": "Gateway", "interface": "Interface",
        "gateway-load-balancer": "GatewayLoadBalancer",
      ]
      guard let type = types[try typeReader.string()] else {
        throw typeReader.mismatch("gateway, interface or gateway-load-balancer")
      }
      func strings(_ key: String) throws(TopologyLoadError) -> [String] {
        try object.optional(key).map(Self.strings) ?? []
      }
      let endpoint = VpcEndpointDTO(
        vpcEndpointId: id, vpcEndpointType: type, vpcId: try object.string("vpc"),
        serviceName: try object.optionalString("service") ?? "",
        state: try object.optionalString("state") ?? "available",
        routeTableIds: try strings("route-tables"), subnetIds: try strings("subnets"),
        networkInterfaceIds: try strings("network-interfaces"),
        securityGroupIds: try strings("security-groups"))
      inventory.add(endpoint, id: id, document: document, path: object.path, to: \.vpcEndpoints)
      if let firewall = try object.optionalString("firewall") {
        inventory.add(
          FirewallDTO(firewallArn: firewall, endpointIds: [id]), id: "\(firewall) \(id)",
          document: document, path: object.path, to: \.firewalls)
      }
    }
  }
}
