import Testing
import Topology

@Suite("Dangling references are warnings naming both ids")
struct TopologyWarningTests {
  @Test("A transit gateway attachment whose subnet belongs to another VPC: a warning")
  func attachmentSubnetElsewhere() throws {
    let topology = try Fixtures.load(
      (
        "describe-subnets.json",
        #"{"Subnets": [{"SubnetId": "subnet-b", "VpcId": "vpc-b", "CidrBlock": "10.2.0.0/24"}]}"#
      ),
      (
        "describe-transit-gateway-vpc-attachments.json",
        #"{"TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1", "VpcId": "vpc-ghost", "State": "available", "SubnetIds": ["subnet-b"]}]}"#
      ))
    #expect(
      topology.warnings.map(\.description).contains(
        "tgw-attach-1: attaches vpc-ghost, but its subnet subnet-b belongs to vpc-b; a trace through it may not be what AWS does (are the documents of one time and account?)"
      ))
  }

  @Test("A route table without its local route: a warning, and the route is assumed")
  func missingLocalRoute() throws {
    // Every route table has the local route for each CIDR of its VPC, which cannot be deleted
    // (VPC User Guide, "Route tables"): an output without it was filtered or edited.
    let topology = try Fixtures.load(
      (
        "describe-vpcs.json",
        #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#
      ),
      (
        "describe-route-tables.json",
        #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": []}]}"#
      ))
    #expect(
      topology.warnings.map(\.description) == [
        "rtb-1: has no local route for 10.0.0.0/16, which every route table of its VPC has and which cannot be deleted (the output was filtered or edited?); it is assumed"
      ])
    #expect(topology.routeTables["rtb-1"]?.routes.first?.target == .local)
  }

  @Test("An ENI naming an unknown security group and subnet is a warning for each")
  func interfaceReferences() throws {
    let topology = try Fixtures.load(
      (
        "describe-network-interfaces.json",
        """
        {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-9",
          "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.5", "Groups": [{"GroupId": "sg-9"}]}]}
        """
      ))
    #expect(
      topology.warnings.map(\.description) == [
        "eni-1: is in subnet subnet-9, which is not in the topology",
        "eni-1: carries security group sg-9, which is not in the topology; its rules are unknown",
      ])
  }

  @Test(
    "An active route to a missing NAT gateway, IGW, egress-only IGW or peering is a warning; a blackhole route is not"
  )
  func routeTargets() throws {
    let topology = try Fixtures.load(
      (
        "describe-route-tables.json",
        """
        {"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [
          {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-9", "State": "active"},
          {"DestinationCidrBlock": "10.8.0.0/16", "GatewayId": "igw-9", "State": "active"},
          {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-9", "State": "active"},
          {"DestinationCidrBlock": "10.9.0.0/16", "VpcPeeringConnectionId": "pcx-9", "State": "active"},
          {"DestinationCidrBlock": "10.7.0.0/16", "NatGatewayId": "nat-8", "State": "blackhole"}]}]}
        """
      ))
    #expect(
      topology.warnings.map(\.description) == [
        "rtb-1: route 0.0.0.0/0 -> nat-9 targets NAT gateway nat-9, which is not in the topology",
        "rtb-1: route 10.8.0.0/16 -> igw-9 targets internet gateway igw-9, which is not in the topology",
        "rtb-1: route ::/0 -> eigw-9 targets egress-only internet gateway eigw-9, which is not in the topology",
        "rtb-1: route 10.9.0.0/16 -> pcx-9 targets peering connection pcx-9, which is not in the topology",
      ])
  }

  @Test("A subnet block outside its VPC's, and an ENI address outside its subnet's, are warnings")
  func layout() throws {
    let topology = try Fixtures.load(
      (
        "bundle.json",
        """
        {"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
         "Subnets": [
           {"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"},
           {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.1.2.0/24"}],
         "NetworkInterfaces": [
           {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1",
            "PrivateIpAddress": "10.0.1.5"},
           {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-1", "VpcId": "vpc-1",
            "PrivateIpAddress": "10.0.9.5"}]}
        """
      ))
    #expect(
      topology.warnings.map(\.description) == [
        "subnet-2: its CIDR 10.1.2.0/24 lies outside VPC vpc-1's CIDRs (10.0.0.0/16)",
        "eni-2: its address 10.0.9.5 lies outside subnet subnet-1's CIDRs (10.0.1.0/24)",
      ])
  }

  @Test("A security group rule naming an unknown group is a warning")
  func ruleReference() throws {
    let topology = try Fixtures.load(
      (
        "describe-security-groups.json",
        """
        {"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [
          {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
           "UserIdGroupPairs": [{"GroupId": "sg-9", "UserId": "111122223333"}]}]}]}
        """
      ))
    #expect(
      topology.warnings.map(\.description) == [
        "sg-1: inbound rule tcp 5432 sg-9 names security group sg-9, which is not in the topology; "
          + "its members are unknown, so the rule matches no address"
      ])
  }

  @Test(
    "NACL and route table associations with unknown subnets, and a subnet in an unknown VPC, are warnings"
  )
  func associations() throws {
    let topology = try Fixtures.load(
      (
        "bundle.json",
        """
        {"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-9", "CidrBlock": "10.0.1.0/24"}],
         "NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-9", "Entries": [],
           "Associations": [{"SubnetId": "subnet-1"}, {"SubnetId": "subnet-8"}]}],
         "RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-9", "Routes": [],
           "Associations": [{"Main": false, "SubnetId": "subnet-7"}]}]}
        """
      ))
    #expect(
      topology.warnings.map(\.description) == [
        "subnet-1: belongs to VPC vpc-9, which is not in the topology",
        "rtb-1: is associated with subnet subnet-7, which is not in the topology",
        "acl-1: is associated with subnet subnet-8, which is not in the topology",
      ])
  }

  @Test(
    "A route with no target key flowcause knows is kept as an unmodelled target, with a warning")
  func unknownTargetKey() throws {
    let topology = try Fixtures.load(
      (
        "describe-route-tables.json",
        """
        {"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [
          {"DestinationCidrBlock": "10.0.0.0/8", "OdbNetworkArn": "arn:aws:odb:x", "State": "active"}]}]}
        """
      ))
    #expect(topology.routeTables["rtb-1"]?.routes.first?.target == .other("unknown"))
    #expect(
      topology.warnings.map(\.description) == [
        "rtb-1: the route to 10.0.0.0/8 names no target flowcause knows; it is read as an "
          + "unmodelled target"
      ])
  }

  @Test("A native subnet naming a route table that is not loaded is a warning")
  func nativeAssociation() throws {
    let topology = try Fixtures.load(
      (
        "t.json",
        """
        {"flowcause-topology": 1, "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
         "subnets": [{"id": "subnet-a", "cidrs": ["10.0.1.0/24"], "route-table": "rtb-9"}]}
        """
      ))
    #expect(
      topology.warnings.map(\.description) == [
        "subnet-a: names route table rtb-9, which is not in the topology; the VPC's main route "
          + "table serves it"
      ])
  }
}
