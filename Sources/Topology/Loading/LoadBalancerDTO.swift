/// One element of `LoadBalancers` (`aws elbv2 describe-load-balancers`).
struct LoadBalancerDTO: Hashable, Sendable {
  var loadBalancerArn: String
  var loadBalancerName: String
  var type: String
  var scheme: String
  var vpcId: String
  var securityGroups: [String]
  var subnetIds: [String]

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    loadBalancerArn = try object.string("LoadBalancerArn")
    loadBalancerName = try object.optionalString("LoadBalancerName") ?? loadBalancerArn
    type = try object.optionalString("Type") ?? "application"
    scheme = try object.optionalString("Scheme") ?? "internet-facing"
    vpcId = try object.optionalString("VpcId") ?? ""
    securityGroups = try object.optionalArray("SecurityGroups").map {
      (value) throws(TopologyLoadError) in try value.string()
    }
    subnetIds = []
    for zone in try object.optionalObjects("AvailabilityZones") {
      if let subnet = try zone.optionalString("SubnetId") { subnetIds.append(subnet) }
    }
  }
}

/// One element of `TargetGroups` (`aws elbv2 describe-target-groups`).
struct TargetGroupDTO: Hashable, Sendable {
  var targetGroupArn: String
  var targetGroupName: String
  var protocolName: String?
  var port: Int?
  var vpcId: String?
  var targetType: String
  /// `HealthCheckPort`: a number, or `traffic-port` (`nil`).
  var healthCheckPort: Int?
  var healthCheckProtocol: String?
  var loadBalancerArns: [String]

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    targetGroupArn = try object.string("TargetGroupArn")
    targetGroupName = try object.optionalString("TargetGroupName") ?? targetGroupArn
    protocolName = try object.optionalString("Protocol")
    port = try object.optionalInt("Port")
    vpcId = try object.optionalString("VpcId")
    targetType = try object.optionalString("TargetType") ?? "instance"
    let check = try object.optionalString("HealthCheckPort") ?? "traffic-port"
    if check == "traffic-port" {
      healthCheckPort = nil
    } else if let number = Int(check), (1...65535).contains(number) {
      healthCheckPort = number
    } else {
      throw try object.required("HealthCheckPort").error(
        "expected a port number or traffic-port, found \"\(check)\"")
    }
    healthCheckProtocol = try object.optionalString("HealthCheckProtocol")
    loadBalancerArns = try object.optionalArray("LoadBalancerArns").map {
      (value) throws(TopologyLoadError) in try value.string()
    }
  }
}

/// What a target group's own calls give, neither of which names the group: its attributes
/// (`describe-target-group-attributes`, `Attributes`) and its targets' health
/// (`describe-target-health`, `TargetHealthDescriptions`). The group comes from the document's
/// name: `describe-target-health.NAME.ID.json`, NAME and ID as in its ARN
/// (`…:targetgroup/NAME/ID`).
struct TargetGroupContentsDTO: Hashable, Sendable {
  var document: String
  var preserveClientIP: Bool?
  var targets: [TargetGroup.Target]?

  static func attributes(_ section: JSONReader, document: String) throws(TopologyLoadError)
    -> TargetGroupContentsDTO
  {
    var contents = TargetGroupContentsDTO(document: document)
    for attribute in try section.objects() {
      guard try attribute.optionalString("Key") == "preserve_client_ip.enabled" else { continue }
      contents.preserveClientIP = try attribute.optionalString("Value") == "true"
    }
    return contents
  }

  static func health(_ section: JSONReader, document: String) throws(TopologyLoadError)
    -> TargetGroupContentsDTO
  {
    var targets: [TargetGroup.Target] = []
    for description in try section.objects() {
      let target = try description.object("Target")
      let health = try description.optionalObject("TargetHealth")
      targets.append(
        TargetGroup.Target(
          id: try target.string("Id"), port: try target.optionalInt("Port"),
          state: try health?.optionalString("State"), reason: try health?.optionalString("Reason")))
    }
    return TargetGroupContentsDTO(document: document, targets: targets)
  }
}
