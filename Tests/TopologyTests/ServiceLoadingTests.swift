import NetworkPrimitives
import Testing
import Topology

/// `describe-vpc-endpoints` and `network-firewall describe-firewall`, as the CLI prints them.
@Suite("Loading VPC endpoints and firewalls")
struct EndpointLoadingTests {
  static let endpoints = """
    {"VpcEndpoints": [
      {"VpcEndpointId": "vpce-s3", "VpcEndpointType": "Gateway", "VpcId": "vpc-1",
       "ServiceName": "com.amazonaws.us-east-1.s3", "State": "available",
       "RouteTableIds": ["rtb-1"], "SubnetIds": [], "NetworkInterfaceIds": []},
      {"VpcEndpointId": "vpce-fw", "VpcEndpointType": "GatewayLoadBalancer", "VpcId": "vpc-1",
       "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-1", "State": "available",
       "SubnetIds": ["subnet-fw"], "NetworkInterfaceIds": ["eni-fw"]},
      {"VpcEndpointId": "vpce-ssm", "VpcEndpointType": "Interface", "VpcId": "vpc-1",
       "ServiceName": "com.amazonaws.us-east-1.ssm", "State": "available",
       "SubnetIds": ["subnet-a"], "NetworkInterfaceIds": ["eni-ssm"],
       "Groups": [{"GroupId": "sg-endpoint", "GroupName": "endpoints"}]},
      {"VpcEndpointId": "vpce-new", "VpcEndpointType": "ServiceNetwork", "VpcId": "vpc-1",
       "ServiceName": "x", "State": "available"}]}
    """
  static let firewall = """
    {"UpdateToken": "t", "Firewall": {"FirewallName": "edge",
      "FirewallArn": "arn:aws:network-firewall:us-east-1:111122223333:firewall/edge",
      "VpcId": "vpc-1", "SubnetMappings": [{"SubnetId": "subnet-fw"}]},
     "FirewallStatus": {"Status": "READY", "SyncStates": {
       "us-east-1a": {"Attachment": {"SubnetId": "subnet-fw", "EndpointId": "vpce-fw",
                                     "Status": "READY"}},
       "us-east-1b": {"Attachment": {"SubnetId": "subnet-fw-b", "EndpointId": "vpce-fw-b",
                                     "Status": "READY"}}}}}
    """

  @Test(
    "Endpoints by type, an interface endpoint's groups; a firewall's endpoints are marked, one only it names is added"
  )
  func loads() throws {
    let topology = try Fixtures.load(
      ("describe-vpc-endpoints.json", Self.endpoints),
      ("describe-firewall.edge.json", Self.firewall),
      ("list-firewalls.json", #"{"Firewalls": [{"FirewallName": "edge", "FirewallArn": "a"}]}"#))
    #expect(topology.vpcEndpoints["vpce-s3"]?.kind == .gateway)
    #expect(topology.vpcEndpoints["vpce-s3"]?.routeTableIds == ["rtb-1"])
    #expect(topology.vpcEndpoints["vpce-new"]?.kind == .other)
    #expect(topology.vpcEndpoints["vpce-ssm"]?.kind == .interface)
    #expect(topology.vpcEndpoints["vpce-ssm"]?.securityGroupIds == ["sg-endpoint"])
    #expect(topology.vpcEndpoints["vpce-s3"]?.securityGroupIds == [])
    let arn = "arn:aws:network-firewall:us-east-1:111122223333:firewall/edge"
    #expect(topology.vpcEndpoints["vpce-fw"]?.firewallArn == arn)
    #expect(topology.vpcEndpoints["vpce-fw-b"]?.firewallArn == arn)
    #expect(topology.vpcEndpoints["vpce-fw-b"]?.kind == .gatewayLoadBalancer)
    // list-firewalls output is recognised and skipped: no warning.
    #expect(topology.warnings.isEmpty, "\(topology.warnings)")
  }

  @Test("Virtual private gateways (attached VPCs) and VPN connections (tunnels, static routes)")
  func vpns() throws {
    let topology = try Fixtures.load(
      (
        "describe-vpn-gateways.json",
        #"{"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available", "Type": "ipsec.1", "VpcAttachments": [{"VpcId": "vpc-1", "State": "attached"}, {"VpcId": "vpc-2", "State": "detached"}]}]}"#
      ),
      (
        "describe-vpn-connections.json",
        #"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "available", "VpnGatewayId": "vgw-1", "VgwTelemetry": [{"Status": "UP"}, {"Status": "DOWN"}], "Routes": [{"DestinationCidrBlock": "192.168.0.0/16", "Source": "Static", "State": "available"}, {"DestinationCidrBlock": "172.16.0.0/12", "Source": "Static", "State": "deleted"}]}]}"#
      ))
    #expect(topology.vpnGateways["vgw-1"]?.attachedVpcIds == ["vpc-1"])
    #expect(topology.vpnConnections["vpn-1"]?.tunnelStatuses == ["UP", "DOWN"])
    #expect(topology.vpnConnections["vpn-1"]?.vpnGatewayId == "vgw-1")
    // Static routes in state available only.
    #expect(
      topology.vpnConnections["vpn-1"]?.staticRoutes.map(\.description) == ["192.168.0.0/16"])
  }
}

/// `aws elbv2` outputs, and a target group's own documents named after its ARN.
@Suite("Loading load balancers and target groups")
struct LoadBalancerLoadingTests {
  static let balancers = """
    {"LoadBalancers": [{"LoadBalancerArn":
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/api/3c4d",
      "LoadBalancerName": "api", "Type": "network", "Scheme": "internal", "VpcId": "vpc-1",
      "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-1"}]}]}
    """
  static let groups = """
    {"TargetGroups": [{"TargetGroupArn":
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/7a8b",
      "TargetGroupName": "api", "Protocol": "TCP", "Port": 8443, "VpcId": "vpc-1",
      "HealthCheckPort": "traffic-port", "TargetType": "ip",
      "LoadBalancerArns": ["arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/api/3c4d"]}]}
    """

  @Test("Balancers, groups, and each group's attributes and health by its NAME.ID")
  func loads() throws {
    let topology = try Fixtures.load(
      ("describe-load-balancers.json", Self.balancers),
      ("describe-target-groups.json", Self.groups),
      (
        "describe-target-group-attributes.api.7a8b.json",
        #"{"Attributes": [{"Key": "preserve_client_ip.enabled", "Value": "true"}, {"Key": "stickiness.enabled", "Value": "false"}]}"#
      ),
      (
        "describe-target-health.api.7a8b.json",
        #"{"TargetHealthDescriptions": [{"Target": {"Id": "10.0.2.20", "Port": 8443}, "HealthCheckPort": "8443", "TargetHealth": {"State": "unhealthy", "Reason": "Target.Timeout"}}]}"#
      ),
      ("describe-target-health.json", #"{"TargetHealthDescriptions": []}"#))
    let balancer = try #require(topology.loadBalancers.values.first)
    #expect(balancer.kind == .network && balancer.resourceName == "net/api/3c4d")
    let group = try #require(topology.targetGroups.values.first)
    #expect(group.healthCheckPort == nil && group.port == 8443)
    // The attribute overrides the ip-target default (off for TCP).
    #expect(group.preserveClientIP == true && group.clientIPPreserved)
    #expect(
      group.targets == [
        TargetGroup.Target(
          id: "10.0.2.20", port: 8443, state: "unhealthy", reason: "Target.Timeout")
      ])
    #expect(topology.warnings.map(\.resource) == ["describe-target-health.json"])
    // A node ENI is known by the description AWS gives it.
    let nodes = try Fixtures.load(
      (
        "describe-network-interfaces.json",
        #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-n", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Description": "ELB net/api/3c4d", "InterfaceType": "network_load_balancer", "PrivateIpAddress": "10.0.1.5", "Groups": []}]}"#
      ))
    #expect(nodes.networkInterfaces["eni-n"]?.loadBalancerNode == "net/api/3c4d")
  }
}
