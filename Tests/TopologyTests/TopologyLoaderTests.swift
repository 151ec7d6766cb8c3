import Foundation
import NetworkPrimitives
import Testing
import Topology

@Suite("Loading describe-* output")
struct TopologyLoaderTests {
  static let vpc = "vpc-0f1e2d3c4b5a69780"
  static let publicSubnet = "subnet-0a1b2c3d4e5f60101"
  static let privateSubnet = "subnet-0a1b2c3d4e5f60202"
  static let webENI = "eni-01010101010100001"
  static let webGroup = "sg-0b0b0b0b0b0b00002"

  static func cidr(_ text: String) -> CIDR {
    guard let cidr = CIDR(text) else {
      Issue.record("bad CIDR in the test: \(text)")
      return .anyIPv4
    }
    return cidr
  }

  static func address(_ text: String) -> IPAddress {
    guard let address = IPAddress(text) else {
      Issue.record("bad address in the test: \(text)")
      return .v4(0)
    }
    return address
  }

  @Test("Every file of the describe-* fixture set loads, with the expected count of each kind")
  func fixtureSetCounts() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    #expect(topology.vpcs.count == 1)
    #expect(topology.subnets.count == 2)
    #expect(topology.routeTables.count == 2)
    #expect(topology.internetGateways.count == 1)
    #expect(topology.egressOnlyInternetGateways.count == 1)
    #expect(topology.natGateways.count == 1)
    #expect(topology.networkACLs.count == 2)
    #expect(topology.securityGroups.count == 3)
    #expect(topology.networkInterfaces.count == 3)
    #expect(topology.instances.count == 2)
    #expect(topology.prefixLists.count == 2)
    #expect(topology.peeringConnections.count == 1)
    #expect(topology.warnings == [])
  }

  @Test("The describe-* set and the native format load into equal models")
  func awsAndNativeAreEqual() throws {
    let aws = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let native = try TopologyLoader().load(documents: Fixtures.nativeDocuments())
    #expect(aws.vpcs == native.vpcs)
    #expect(aws.subnets == native.subnets)
    #expect(aws.routeTables == native.routeTables)
    #expect(aws.internetGateways == native.internetGateways)
    #expect(aws.egressOnlyInternetGateways == native.egressOnlyInternetGateways)
    #expect(aws.natGateways == native.natGateways)
    #expect(aws.networkACLs == native.networkACLs)
    #expect(aws.securityGroups == native.securityGroups)
    #expect(aws.networkInterfaces == native.networkInterfaces)
    #expect(aws.instances == native.instances)
    #expect(aws.prefixLists == native.prefixLists)
    #expect(aws.peeringConnections == native.peeringConnections)
    #expect(aws.warnings == native.warnings)
  }

  @Test(
    "VPC CIDRs are the primary block and the associated blocks; a disassociated one is left out")
  func vpcCIDRs() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    #expect(
      topology.vpcs[Self.vpc]?.cidrs == [
        Self.cidr("10.20.0.0/16"), Self.cidr("10.21.0.0/16"), Self.cidr("2600:1f18:1234:5600::/56"),
      ])
    let subnet = topology.subnets[Self.publicSubnet]
    #expect(subnet?.cidrs == [Self.cidr("10.20.1.0/24"), Self.cidr("2600:1f18:1234:5601::/64")])
    #expect(subnet?.mapPublicIpOnLaunch == true)
    #expect(subnet?.availabilityZone == "us-east-1a")
  }

  @Test("moto's Python-text IPv6 association state of a subnet counts as associated")
  func motoSubnetIPv6State() throws {
    let topology = try Fixtures.load(
      (
        "describe-subnets.json",
        """
        {"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24",
          "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2400:6500:30e2:1f00::/64",
            "Ipv6CidrBlockState": {"State": "{'State': 'associated'}"}}]}]}
        """
      ))
    #expect(topology.subnets["subnet-1"]?.cidrs.count == 2)
  }

  @Test("A subnet without an explicit association uses the VPC's main route table")
  func mainRouteTable() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let main = topology.routeTable(forSubnet: Self.privateSubnet)
    #expect(main?.id == "rtb-0c0c0c0c0c0c00001")
    #expect(main?.isMain == true)
    #expect(main?.subnetIds == [])
    let explicit = topology.routeTable(forSubnet: Self.publicSubnet)
    #expect(explicit?.id == "rtb-0c0c0c0c0c0c00002")
    #expect(explicit?.isMain == false)
    #expect(explicit?.subnetIds == [Self.publicSubnet])
  }

  @Test(
    "Route targets are read from GatewayId, NatGatewayId, EgressOnlyInternetGatewayId and VpcPeeringConnectionId"
  )
  func routeTargets() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let main = try #require(topology.routeTables["rtb-0c0c0c0c0c0c00001"])
    #expect(
      main.routes.map(\.description) == [
        "10.20.0.0/16 -> local", "10.21.0.0/16 -> local", "2600:1f18:1234:5600::/56 -> local",
        "0.0.0.0/0 -> nat-0f0f0f0f0f0f00001", "::/0 -> eigw-0e0e0e0e0e0e00001",
        "10.30.0.0/16 -> pcx-04040404040400001",
      ])
    #expect(main.routes[3].target == .natGateway("nat-0f0f0f0f0f0f00001"))
    #expect(main.routes[4].target == .egressOnlyInternetGateway("eigw-0e0e0e0e0e0e00001"))
    #expect(main.routes[5].target == .vpcPeeringConnection("pcx-04040404040400001"))
    #expect(main.routes[0].origin == "CreateRouteTable")
    let publicTable = try #require(topology.routeTables["rtb-0c0c0c0c0c0c00002"])
    #expect(publicTable.routes[3].target == .internetGateway("igw-0d0d0d0d0d0d00001"))
  }

  @Test(
    "A route naming both an ENI and an instance targets the ENI; blackhole state and prefix-list destinations are kept"
  )
  func routeTargetPreference() throws {
    let topology = try Fixtures.load(
      (
        "describe-route-tables.json",
        """
        {"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [
            {"Main": false, "SubnetId": "subnet-1"}, {"Main": false, "GatewayId": "igw-1"},
            {"Main": false, "SubnetId": "subnet-2", "AssociationState": {"State": "disassociated"}}],
          "Routes": [
            {"DestinationCidrBlock": "10.9.0.0/16", "InstanceId": "i-1", "NetworkInterfaceId": "eni-1",
             "State": "active", "Origin": "CreateRoute"},
            {"DestinationCidrBlock": "10.8.0.0/16", "NatGatewayId": "nat-gone", "State": "blackhole"},
            {"DestinationPrefixListId": "pl-1", "GatewayId": "vpce-1", "State": "active"},
            {"DestinationCidrBlock": "10.7.0.0/16", "TransitGatewayId": "tgw-1"},
            {"DestinationCidrBlock": "10.6.0.0/16", "GatewayId": "vgw-1"},
            {"DestinationCidrBlock": "10.5.0.0/16", "CarrierGatewayId": "cagw-1"}]}],
         "PrefixLists": [{"PrefixListId": "pl-1", "PrefixListName": "s3",
           "Cidrs": ["52.216.0.0/15"]}]}
        """
      ))
    let table = try #require(topology.routeTables["rtb-1"])
    #expect(
      table.routes.map(\.target) == [
        .networkInterface("eni-1"), .natGateway("nat-gone"), .vpcEndpoint("vpce-1"),
        .transitGateway("tgw-1"), .virtualPrivateGateway("vgw-1"), .other("cagw-1"),
      ])
    #expect(table.routes[1].state == .blackhole)
    #expect(table.routes[2].destination == .prefixList("pl-1"))
    #expect(table.subnetIds == ["subnet-1"])
    #expect(table.gatewayIds == ["igw-1"])
    #expect(topology.prefixLists["pl-1"]?.cidrs == [Self.cidr("52.216.0.0/15")])
  }

  @Test("Internet gateway attachments in state available or attached count; detached ones do not")
  func gatewayAttachments() throws {
    let topology = try Fixtures.load(
      (
        "describe-internet-gateways.json",
        """
        {"InternetGateways": [
          {"InternetGatewayId": "igw-1", "Attachments": [{"State": "available", "VpcId": "vpc-1"}]},
          {"InternetGatewayId": "igw-2", "Attachments": [{"State": "detaching", "VpcId": "vpc-1"}]}],
         "EgressOnlyInternetGateways": [
          {"EgressOnlyInternetGatewayId": "eigw-1", "Attachments": [{"State": "attached", "VpcId": "vpc-1"}]}]}
        """
      ))
    #expect(topology.internetGateways["igw-1"]?.attachedVpcIds == ["vpc-1"])
    #expect(topology.internetGateways["igw-2"]?.attachedVpcIds == [])
    #expect(topology.egressOnlyInternetGateways["eigw-1"]?.attachedVpcIds == ["vpc-1"])
    #expect(topology.internetGateway(attachedTo: "vpc-1")?.id == "igw-1")
  }

  @Test("A NAT gateway keeps its addresses and ENI; a missing ConnectivityType means public")
  func natGateway() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let nat = try #require(topology.natGateways["nat-0f0f0f0f0f0f00001"])
    #expect(nat.privateIPs == [Self.address("10.20.1.100")])
    #expect(nat.publicIPs == [Self.address("203.0.113.20")])
    #expect(nat.networkInterfaceId == "eni-01010101010100003")
    #expect(nat.connectivity == .public)
    #expect(nat.vpcId == Self.vpc)
    let moto = try Fixtures.load(
      (
        "describe-nat-gateways.json",
        """
        {"NatGateways": [{"NatGatewayId": "nat-1", "VpcId": "vpc-1", "SubnetId": "subnet-1",
          "State": "available", "NatGatewayAddresses": []}]}
        """
      ))
    #expect(moto.natGateways["nat-1"]?.connectivity == .public)
  }

  @Test(
    "A custom NACL without the implicit deny entries gets rules 32767 and 32768 in both directions")
  func implicitNACLEntriesAdded() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let acl = try #require(topology.networkACLs["acl-0a0a0a0a0a0a00002"])
    let inbound = acl.entries(egress: false)
    #expect(inbound.map(\.ruleNumber) == [90, 100, 110, 120, 130, 140, 150, 32767, 32768])
    #expect(inbound.map(\.displayNumber).suffix(2) == ["*", "*"])
    #expect(
      inbound[7]
        == NetworkACLEntry(
          ruleNumber: 32767, egress: false, action: .deny, protocolMatch: .all, cidr: .anyIPv4,
          isImplicit: true))
    #expect(inbound[8].cidr == .anyIPv6)
    #expect(acl.entries(egress: true).map(\.ruleNumber) == [100, 110, 32767, 32768])
    #expect(acl.entries.prefix(inbound.count).allSatisfy { !$0.egress })
  }

  @Test("A default NACL that lists 32767 and 32768 keeps them once, marked implicit")
  func listedImplicitEntries() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let acl = try #require(topology.networkACLs["acl-0a0a0a0a0a0a00001"])
    #expect(acl.entries.map(\.ruleNumber) == [100, 101, 32767, 32768, 100, 101, 32767, 32768])
    #expect(acl.entries.map(\.isImplicit) == [false, false, true, true, false, false, true, true])
  }

  @Test("NACL entries keep protocol, ports and ICMP type and code; -1 ICMP means any")
  func naclEntryFields() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let inbound = try #require(topology.networkACLs["acl-0a0a0a0a0a0a00002"]).entries(egress: false)
    #expect(inbound[0].action == .deny)
    #expect(inbound[0].ports == PortRange(from: 22, to: 22))
    #expect(inbound[0].cidr == Self.cidr("192.0.2.0/24"))
    #expect(inbound[4].protocolMatch == .icmp)
    #expect(inbound[4].icmpType == 3)
    #expect(inbound[4].icmpCode == 4)
    #expect(inbound[4].ports == nil)
    #expect(inbound[6].protocolMatch == .udp)
    let any = try Fixtures.load(
      (
        "describe-network-acls.json",
        """
        {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": false,
          "Entries": [{"RuleNumber": 10, "Egress": false, "Protocol": "58", "RuleAction": "allow",
            "Ipv6CidrBlock": "::/0", "IcmpTypeCode": {"Type": -1, "Code": -1}}]}]}
        """
      ))
    let entry = try #require(any.networkACLs["acl-1"]?.entries.first)
    #expect(entry.protocolMatch == .icmpv6)
    #expect(entry.icmpType == nil && entry.icmpCode == nil)
  }

  @Test("A subnet with no NACL association falls back to the VPC's default NACL")
  func defaultNACLFallback() throws {
    let topology = try Fixtures.load(
      (
        "describe.json",
        """
        {"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"},
                     {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24"}],
         "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
         "NetworkAcls": [
           {"NetworkAclId": "acl-default", "VpcId": "vpc-1", "IsDefault": true, "Entries": [],
            "Associations": []},
           {"NetworkAclId": "acl-custom", "VpcId": "vpc-1", "IsDefault": false, "Entries": [],
            "Associations": [{"SubnetId": "subnet-2"}]}]}
        """
      ))
    #expect(topology.networkACL(forSubnet: "subnet-1")?.id == "acl-default")
    #expect(topology.networkACL(forSubnet: "subnet-2")?.id == "acl-custom")
    #expect(topology.warnings == [])
  }

  @Test("Security group permissions become one rule per peer, with the range's description")
  func securityGroupRulesPerPeer() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let web = try #require(topology.securityGroups[Self.webGroup])
    #expect(web.name == "web")
    #expect(web.vpcId == Self.vpc)
    #expect(
      web.inbound.map(\.description) == [
        "tcp 80 0.0.0.0/0", "tcp 80 ::/0", "tcp 443 0.0.0.0/0", "tcp 22 pl-03030303030300001",
        "icmp type 8 code all 10.20.0.0/16",
      ])
    #expect(web.inbound[0].ruleDescription == "http from anywhere")
    #expect(web.inbound[3].ruleDescription == "ssh from the offices")
    #expect(web.inbound[4].icmpType == 8)
    #expect(web.inbound[4].icmpCode == nil)
    #expect(
      web.outbound.map(\.description) == [
        "all 0.0.0.0/0", "all ::/0", "tcp 8080 sg-0b0b0b0b0b0b00003",
      ])
    #expect(web.outbound[0].ports == nil)
    let defaultGroup = try #require(topology.securityGroups["sg-0b0b0b0b0b0b00001"])
    #expect(defaultGroup.inbound.map(\.peer) == [.securityGroup("sg-0b0b0b0b0b0b00001")])
  }

  @Test("describe-security-group-rules replaces the IpPermissions rules of the groups it covers")
  func securityGroupRulesReplacePermissions() throws {
    let documents =
      try Fixtures.awsDocuments() + Fixtures.documents(in: "security-group-rules")
    let topology = try TopologyLoader().load(documents: documents)
    let web = try #require(topology.securityGroups[Self.webGroup])
    #expect(web.name == "web")
    #expect(web.inbound.map(\.ruleId) == ["sgr-0c1c1c1c1c1c00001", "sgr-0c1c1c1c1c1c00002"])
    #expect(web.inbound.map(\.description) == ["tcp 443 0.0.0.0/0", "tcp 22 pl-03030303030300001"])
    #expect(web.inbound[0].ruleDescription == "https from anywhere")
    #expect(web.outbound.map(\.ruleId) == ["sgr-0c1c1c1c1c1c00003"])
    #expect(web.outbound[0].ports == nil)
    // Groups the rules do not cover keep their IpPermissions.
    #expect(topology.securityGroups["sg-0b0b0b0b0b0b00003"]?.inbound.count == 2)
    // A group known only from rules, carried by no ENI: empty VPC.
    let ruleOnly = try #require(topology.securityGroups["sg-0d0d0d0d0d0d00009"])
    #expect(ruleOnly.vpcId == "")
    #expect(ruleOnly.inbound.first?.protocolMatch == .icmpv6)
    #expect(ruleOnly.inbound.first?.icmpType == 128)
    #expect(ruleOnly.outbound.first?.ports == PortRange(from: 53, to: 53))
    #expect(ruleOnly.outbound.first?.peer == .securityGroup("sg-0b0b0b0b0b0b00003"))
  }

  @Test("A group known only from rules takes the VPC of an ENI that carries it")
  func ruleOnlyGroupVPC() throws {
    let topology = try Fixtures.load(
      (
        "describe-security-group-rules.json",
        """
        {"SecurityGroupRules": [{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1",
          "IsEgress": false, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
          "CidrIpv4": "10.0.0.0/8"}]}
        """
      ),
      (
        "describe-network-interfaces.json",
        """
        {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1",
          "VpcId": "vpc-7", "PrivateIpAddress": "10.0.0.5", "Groups": [{"GroupId": "sg-1"}]}]}
        """
      ))
    #expect(topology.securityGroups["sg-1"]?.vpcId == "vpc-7")
  }

  @Test("An ENI lists its primary private address first, its public addresses, IPv6 and groups")
  func networkInterfaceAddresses() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let web = try #require(topology.networkInterfaces[Self.webENI])
    #expect(web.privateIPv4s == [Self.address("10.20.1.10"), Self.address("10.20.1.11")])
    #expect(web.ipv6s == [Self.address("2600:1f18:1234:5601::10")])
    #expect(
      web.publicIPv4s == [
        PublicAddress(publicIP: Self.address("203.0.113.10"), privateIP: Self.address("10.20.1.10"))
      ])
    #expect(web.securityGroupIds == [Self.webGroup])
    #expect(web.instanceId == "i-02020202020200001")
    #expect(topology.networkInterface(owning: Self.address("203.0.113.10"))?.id == Self.webENI)
    let nat = try #require(topology.networkInterfaces["eni-01010101010100003"])
    #expect(nat.interfaceType == "nat_gateway")
    #expect(nat.requesterManaged)
    #expect(!nat.sourceDestCheck)
    #expect(nat.publicIPv4s.first?.allocationId == "eipalloc-06060606060600001")
    let app = try #require(topology.networkInterfaces["eni-01010101010100002"])
    #expect(
      app.connectionTracking
        == ConnectionTracking(tcpEstablishedTimeout: 350, udpStreamTimeout: 180, udpTimeout: 30))
  }

  @Test(
    "describe-instances gives instance records in device-index order and ENIs not otherwise known")
  func instancesFromReservations() throws {
    let topology = try Fixtures.load(
      (
        "describe-instances.json",
        """
        {"Reservations": [{"Instances": [{"InstanceId": "i-1", "NetworkInterfaces": [
          {"NetworkInterfaceId": "eni-b", "SubnetId": "subnet-1", "VpcId": "vpc-1",
           "PrivateIpAddress": "10.0.1.6", "Attachment": {"DeviceIndex": 1}, "Groups": []},
          {"NetworkInterfaceId": "eni-a", "SubnetId": "subnet-1", "VpcId": "vpc-1",
           "PrivateIpAddress": "10.0.1.5", "Attachment": {"DeviceIndex": 0},
           "Groups": [{"GroupId": "sg-1", "GroupName": "x"}],
           "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5", "Primary": true,
             "Association": {"PublicIp": "198.51.100.5"}}]}]}]}]}
        """
      ))
    #expect(topology.instances["i-1"]?.networkInterfaceIds == ["eni-a", "eni-b"])
    #expect(topology.networkInterfaces["eni-a"]?.instanceId == "i-1")
    #expect(topology.networkInterfaces["eni-b"]?.privateIPv4s == [Self.address("10.0.1.6")])
    #expect(
      topology.networkInterfaces["eni-a"]?.publicIPv4s.first?.publicIP
        == Self.address("198.51.100.5"))
  }

  @Test("describe-addresses adds an Elastic IP that the ENI does not list")
  func addressesAddPublicIP() throws {
    let topology = try Fixtures.load(
      (
        "describe-network-interfaces.json",
        """
        {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1",
          "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.5", "Groups": [],
          "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5", "Primary": true},
                                 {"PrivateIpAddress": "10.0.1.6", "Primary": false}]}]}
        """
      ),
      (
        "describe-addresses.json",
        """
        {"Addresses": [
          {"PublicIp": "198.51.100.6", "AllocationId": "eipalloc-1", "NetworkInterfaceId": "eni-1",
           "PrivateIpAddress": "10.0.1.6", "InstanceId": ""},
          {"PublicIp": "198.51.100.9", "AllocationId": "eipalloc-2"}]}
        """
      ))
    #expect(
      topology.networkInterfaces["eni-1"]?.publicIPv4s == [
        PublicAddress(
          publicIP: Self.address("198.51.100.6"), privateIP: Self.address("10.0.1.6"),
          allocationId: "eipalloc-1")
      ])
  }

  @Test("Prefix list entries come from the document named after the list")
  func prefixListEntriesFromFileName() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let office = try #require(topology.prefixLists["pl-03030303030300001"])
    #expect(office.name == "office-ranges")
    #expect(office.entriesKnown)
    #expect(office.cidrs == [Self.cidr("198.51.100.0/24"), Self.cidr("192.0.2.64/26")])
    #expect(topology.cidrs(ofPrefixList: "pl-03030303030300002") == nil)
    let inFolder = try Fixtures.load(
      (
        "topology/get-managed-prefix-list-entries.pl-0abc123.json",
        #"{"Entries": [{"Cidr": "203.0.113.0/24"}]}"#
      ))
    #expect(inFolder.prefixLists["pl-0abc123"]?.cidrs == [Self.cidr("203.0.113.0/24")])
  }

  @Test(
    "A prefix list referenced without entries is kept as unknown, with the command that fetches them"
  )
  func prefixListWithoutEntries() throws {
    let topology = try Fixtures.load(
      (
        "describe-security-groups.json",
        """
        {"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [
          {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
           "PrefixListIds": [{"PrefixListId": "pl-0f00"}]}], "IpPermissionsEgress": []}]}
        """
      ))
    let list = try #require(topology.prefixLists["pl-0f00"])
    #expect(!list.entriesKnown)
    #expect(
      topology.warnings.map(\.description) == [
        "pl-0f00: is named by sg-1 but its entries are not loaded, so rules and routes that name "
          + "it cannot be evaluated; run: aws ec2 get-managed-prefix-list-entries --prefix-list-id "
          + "pl-0f00 --output json > get-managed-prefix-list-entries.pl-0f00.json"
      ])
  }

  static let groupNamingTwoLists = """
    {"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [
      {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
       "PrefixListIds": [{"PrefixListId": "pl-0f00"}, {"PrefixListId": "pl-0aws"}]}],
     "IpPermissionsEgress": []}]}
    """
  static let lists = """
    {"PrefixLists": [
      {"PrefixListId": "pl-0aws", "PrefixListName": "com.amazonaws.us-east-1.s3"},
      {"PrefixListId": "pl-0f00", "PrefixListName": "office-ranges"}]}
    """

  @Test(
    "Entries in a file that does not name its list are the one customer list named without entries"
  )
  func unnamedEntriesInferred() throws {
    // The output of get-managed-prefix-list-entries never says which list it lists
    // (EC2 API Reference, GetManagedPrefixListEntries: the response has only entries).
    let topology = try Fixtures.load(
      ("describe-security-groups.json", Self.groupNamingTwoLists),
      ("describe-managed-prefix-lists.json", Self.lists),
      ("get-managed-prefix-list-entries.json", #"{"Entries": [{"Cidr": "203.0.113.0/24"}]}"#))
    #expect(topology.prefixLists["pl-0f00"]?.cidrs == [Self.cidr("203.0.113.0/24")])
    #expect(topology.prefixLists["pl-0f00"]?.entriesKnown == true)
    #expect(topology.prefixLists["pl-0aws"]?.entriesKnown == false)
    let warnings = topology.warnings.map(\.description)
    #expect(
      warnings.contains {
        $0.hasPrefix("pl-0f00: takes its entries from get-managed-prefix-list-entries.json")
      }, "\(warnings)")
    #expect(warnings.contains { $0.hasPrefix("pl-0aws: is named by sg-1 but its entries") })
  }

  @Test("Entries that could belong to several lists are not used, and the warning names them")
  func unnamedEntriesAmbiguous() throws {
    let topology = try Fixtures.load(
      (
        "describe-security-groups.json",
        Self.groupNamingTwoLists.replacingOccurrences(of: "pl-0aws", with: "pl-0f01")
      ),
      ("get-managed-prefix-list-entries.json", #"{"Entries": [{"Cidr": "203.0.113.0/24"}]}"#))
    #expect(topology.prefixLists["pl-0f00"]?.entriesKnown == false)
    #expect(topology.prefixLists["pl-0f01"]?.entriesKnown == false)
    #expect(
      topology.warnings.map(\.description).contains(
        "get-managed-prefix-list-entries.json: lists prefix list entries but its name does not "
          + "say which list (name it get-managed-prefix-list-entries.pl-….json); the lists "
          + "without entries are pl-0f00, pl-0f01, so they are not used"))
  }

  @Test("The peering connection keeps both sides' CIDRs and its status")
  func peering() throws {
    let topology = try TopologyLoader().load(documents: Fixtures.awsDocuments())
    let peering = try #require(topology.peeringConnections["pcx-04040404040400001"])
    #expect(peering.requesterVpcId == Self.vpc)
    #expect(peering.requesterCidrs.count == 3)
    #expect(peering.accepterVpcId == "vpc-05050505050500001")
    #expect(peering.accepterCidrs == [Self.cidr("10.30.0.0/16")])
    #expect(peering.status == "active")
  }
}
