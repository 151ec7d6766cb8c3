/// One element of `VpcEndpoints` (`aws ec2 describe-vpc-endpoints`).
struct VpcEndpointDTO: Hashable, Sendable {
  var vpcEndpointId: String
  var vpcEndpointType: String
  var vpcId: String
  var serviceName: String
  var state: String
  var routeTableIds: [String]
  var subnetIds: [String]
  var networkInterfaceIds: [String]
  /// `Groups[].GroupId` (an interface endpoint's security groups).
  var securityGroupIds: [String]

  init(
    vpcEndpointId: String, vpcEndpointType: String, vpcId: String, serviceName: String,
    state: String, routeTableIds: [String], subnetIds: [String], networkInterfaceIds: [String],
    securityGroupIds: [String]
  ) {
    self.vpcEndpointId = vpcEndpointId
    self.vpcEndpointType = vpcEndpointType
    self.vpcId = vpcId
    self.serviceName = serviceName
    self.state = state
    self.routeTableIds = routeTableIds
    self.subnetIds = subnetIds
    self.networkInterfaceIds = networkInterfaceIds
    self.securityGroupIds = securityGroupIds
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    vpcEndpointId = try object.string("VpcEndpointId")
    vpcEndpointType = try object.optionalString("VpcEndpointType") ?? "Gateway"
    vpcId = try object.string("VpcId")
    serviceName = try object.optionalString("ServiceName") ?? ""
    state = try object.optionalString("State") ?? "available"
    func strings(_ key: String) throws(TopologyLoadError) -> [String] {
      try object.optionalArray(key).map { (value) throws(TopologyLoadError) in try value.string() }
    }
    routeTableIds = try strings("RouteTableIds")
    subnetIds = try strings("SubnetIds")
    networkInterfaceIds = try strings("NetworkInterfaceIds")
    securityGroupIds = try object.optionalObjects("Groups").map {
      (group) throws(TopologyLoadError) in try group.string("GroupId")
    }
  }
}

/// The output of `aws network-firewall describe-firewall`: the firewall's ARN and, per
/// Availability Zone, the endpoint (`vpce-…`) it inspects traffic at.
struct FirewallDTO: Hashable, Sendable {
  var firewallArn: String
  var endpointIds: [String]

  init(firewallArn: String, endpointIds: [String]) {
    self.firewallArn = firewallArn
    self.endpointIds = endpointIds
  }

  /// `root` holds `Firewall` and `FirewallStatus`.
  init(_ root: JSONObjectReader) throws(TopologyLoadError) {
    let firewall = try root.object("Firewall")
    if let arn = try firewall.optionalString("FirewallArn") {
      firewallArn = arn
    } else {
      firewallArn = try firewall.string("FirewallName")
    }
    endpointIds = []
    guard let status = try root.optionalObject("FirewallStatus"),
      let states = try status.optionalObject("SyncStates")
    else { return }
    for key in states.members.map(\.key) {
      guard let zone = try states.optionalObject(key),
        let attachment = try zone.optionalObject("Attachment"),
        let endpoint = try attachment.optionalString("EndpointId")
      else { continue }
      endpointIds.append(endpoint)
    }
  }
}
