import NetworkPrimitives
import Testing
import Topology

@Suite("The native topology format")
struct NativeFormatTests {
  @Test("A minimal scenario loads, with the local route AWS puts in every table added")
  func minimalScenario() throws {
    let topology = try Fixtures.load(
      (
        "scenario.json",
        """
        {"flowcause-topology": 1,
         "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
         "subnets": [{"id": "subnet-a", "cidrs": ["10.0.1.0/24"], "route-table": "rtb-1"}],
         "route-tables": [{"id": "rtb-1", "routes": [{"destination": "0.0.0.0/0", "target": "igw-1"}]}],
         "internet-gateways": [{"id": "igw-1"}]}
        """
      ))
    #expect(topology.subnets["subnet-a"]?.vpcId == "vpc-1")
    let table = try #require(topology.routeTable(forSubnet: "subnet-a"))
    #expect(table.id == "rtb-1")
    #expect(table.vpcId == "vpc-1")
    #expect(table.routes.map(\.description) == ["10.0.0.0/16 -> local", "0.0.0.0/0 -> igw-1"])
    #expect(topology.internetGateway(attachedTo: "vpc-1")?.id == "igw-1")
    #expect(topology.warnings == [])
  }

  @Test("Route targets are read by their id prefix; blackhole state is kept")
  func routeTargets() throws {
    let topology = try Fixtures.load(
      (
        "scenario.json",
        """
        {"flowcause-topology": 1, "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
         "route-tables": [{"id": "rtb-1", "main": true, "routes": [
           {"destination": "10.0.0.0/16", "target": "eni-1"},
           {"destination": "10.1.0.0/16", "target": "i-1"},
           {"destination": "10.2.0.0/16", "target": "tgw-1"},
           {"destination": "10.3.0.0/16", "target": "vgw-1"},
           {"destination": "pl-1", "target": "vpce-1"},
           {"destination": "0.0.0.0/0", "target": "nat-1", "state": "blackhole"}]}]}
        """
      ))
    let table = try #require(topology.routeTables["rtb-1"])
    // The written 10.0.0.0/16 route replaces the local one.
    #expect(
      table.routes.map(\.target) == [
        .networkInterface("eni-1"), .instance("i-1"), .transitGateway("tgw-1"),
        .virtualPrivateGateway("vgw-1"), .vpcEndpoint("vpce-1"), .natGateway("nat-1"),
      ])
    #expect(table.routes.last?.state == .blackhole)
    #expect(table.isMain)
  }

  @Test("A security group rule with several peers becomes one rule per peer")
  func severalPeers() throws {
    let topology = try Fixtures.load(
      (
        "scenario.json",
        """
        {"flowcause-topology": 1, "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
         "security-groups": [{"id": "sg-1", "inbound": [
           {"protocol": "tcp", "ports": "1024-65535", "from": ["10.0.0.0/8", "pl-1", "sg-1"]},
           {"protocol": "udp", "ports": 53, "from": "10.0.0.2"}]}],
         "prefix-lists": [{"id": "pl-1", "cidrs": ["192.0.2.0/24"]}]}
        """
      ))
    let group = try #require(topology.securityGroups["sg-1"])
    #expect(
      group.inbound.map(\.description) == [
        "tcp 1024-65535 10.0.0.0/8", "tcp 1024-65535 pl-1", "tcp 1024-65535 sg-1",
        "udp 53 10.0.0.2/32",
      ])
    #expect(group.outbound == [])
    #expect(group.vpcId == "vpc-1")
  }

  @Test("A typo in a key is an error with its path and a suggestion")
  func typo() {
    let error = Fixtures.loadError(
      (
        "topology.json",
        """
        {"flowcause-topology": 1, "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
         "subnets": [{"id": "subnet-a", "cidrs": ["10.0.1.0/24"], "route-tabel": "rtb-1"}]}
        """
      ))
    #expect(
      error?.description
        == #"topology.json: subnets[0].route-tabel: unknown key; did you mean "route-table"?"#)
  }

  @Test(
    "VPC endpoints: a gateway endpoint's routes, a firewall's endpoint, a type AWS does not have")
  func vpcEndpoints() throws {
    let topology = try Fixtures.load(
      (
        "topology.json",
        """
        {"flowcause-topology": 1, "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
         "subnets": [{"id": "subnet-a", "cidrs": ["10.0.1.0/24"], "route-table": "rtb-1"},
                     {"id": "subnet-fw", "cidrs": ["10.0.9.0/28"]}],
         "route-tables": [{"id": "rtb-1", "routes": [
           {"destination": "pl-s3", "target": "vpce-s3"},
           {"destination": "0.0.0.0/0", "target": "vpce-fw"}]}],
         "prefix-lists": [{"id": "pl-s3", "cidrs": ["52.216.0.0/15"]}],
         "vpc-endpoints": [
           {"id": "vpce-s3", "type": "gateway", "vpc": "vpc-1",
            "service": "com.amazonaws.us-east-1.s3", "route-tables": ["rtb-1"]},
           {"id": "vpce-fw", "type": "gateway-load-balancer", "vpc": "vpc-1",
            "subnets": ["subnet-fw"], "state": "available",
            "firewall": "arn:aws:network-firewall:us-east-1:111122223333:firewall/edge"}]}
        """
      ))
    let gateway = try #require(topology.vpcEndpoints["vpce-s3"])
    #expect(gateway.kind == .gateway && gateway.routeTableIds == ["rtb-1"])
    #expect(gateway.serviceName == "com.amazonaws.us-east-1.s3")
    let firewall = try #require(topology.vpcEndpoints["vpce-fw"])
    #expect(firewall.kind == .gatewayLoadBalancer && firewall.subnetIds == ["subnet-fw"])
    #expect(firewall.firewallArn?.hasSuffix("firewall/edge") == true)
    let error = Fixtures.loadError(
      (
        "t.json",
        #"{"flowcause-topology": 1, "vpc-endpoints": [{"id": "vpce-1", "type": "gatway", "vpc": "vpc-1"}]}"#
      ))
    #expect(error?.path == "vpc-endpoints[0].type")
  }

  @Test("A key written twice in one object is an error")
  func duplicateKey() {
    let error = Fixtures.loadError(
      (
        "t.json",
        #"{"flowcause-topology": 1, "vpcs": [{"id": "vpc-1", "id": "vpc-2", "cidrs": []}]}"#
      ))
    #expect(error?.description == "t.json: vpcs[0].id: the key appears twice in the object")
  }

  @Test("An unknown top-level key is an error, listing the keys when none is close")
  func unknownTopLevelKey() {
    let error = Fixtures.loadError(("topology.json", #"{"flowcause-topology": 1, "zzz": []}"#))
    #expect(error?.path == "zzz")
    #expect(error?.message.hasPrefix("unknown key; expected one of: flowcause-topology,") == true)
  }

  @Test("A version other than 1 is an error at the version key")
  func badVersion() {
    let error = Fixtures.loadError(("topology.json", #"{"flowcause-topology": 2}"#))
    #expect(
      error?.description
        == "topology.json: flowcause-topology: unsupported version 2; this flowcause reads version 1"
    )
    let text = Fixtures.loadError(("topology.json", #"{"flowcause-topology": "1"}"#))
    #expect(
      text?.description
        == #"topology.json: flowcause-topology: expected the format version, the number 1, found "1""#
    )
  }

  @Test("The VPC may be left out only when the document has exactly one VPC")
  func vpcRequiredWithTwoVPCs() {
    let error = Fixtures.loadError(
      (
        "topology.json",
        """
        {"flowcause-topology": 1,
         "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}, {"id": "vpc-2", "cidrs": ["10.1.0.0/16"]}],
         "subnets": [{"id": "subnet-a", "vpc": "vpc-1", "cidrs": ["10.0.1.0/24"]},
                     {"id": "subnet-b", "cidrs": ["10.1.1.0/24"]}]}
        """
      ))
    #expect(
      error?.description
        == "topology.json: subnets[1].vpc: required key is missing (it may be left out only when the document has exactly one VPC; it has 2)"
    )
  }

  @Test("Ports on a protocol without ports, and a bad port range, are errors")
  func portErrors() {
    let rule = { (body: String) in
      (
        "t.json",
        #"{"flowcause-topology": 1, "security-groups": [{"id": "sg-1", "vpc": "vpc-1", "inbound": [\#(body)]}]}"#
      )
    }
    let icmpPorts = Fixtures.loadError(
      rule(#"{"protocol": "icmp", "ports": "80", "from": "0.0.0.0/0"}"#))
    #expect(
      icmpPorts?.description
        == "t.json: security-groups[0].inbound[0].ports: ports apply only to tcp and udp, not to icmp"
    )
    let badRange = Fixtures.loadError(
      rule(#"{"protocol": "tcp", "ports": "80-", "from": "0.0.0.0/0"}"#))
    #expect(
      badRange?.description
        == #"t.json: security-groups[0].inbound[0].ports: expected a port or port range such as "443" or "1024-65535", found "80-""#
    )
    let badPeer = Fixtures.loadError(rule(#"{"protocol": "tcp", "from": "web"}"#))
    #expect(
      badPeer?.description
        == #"t.json: security-groups[0].inbound[0].from: expected a CIDR block, a prefix list id (pl-…) or a security group id (sg-…), found "web""#
    )
  }

  @Test("An unknown route target prefix is an error listing the accepted ones")
  func badTarget() {
    let error = Fixtures.loadError(
      (
        "t.json",
        """
        {"flowcause-topology": 1, "route-tables": [{"id": "rtb-1", "vpc": "vpc-1",
          "routes": [{"destination": "0.0.0.0/0", "target": "internet"}]}]}
        """
      ))
    #expect(error?.path == "route-tables[0].routes[0].target")
    #expect(error?.message.hasPrefix(#"expected local or a target id starting with igw-"#) == true)
  }

  @Test("Two inbound entries numbered 1 are an error at the second (NetworkAclEntryAlreadyExists)")
  func duplicateRuleNumber() {
    // AWS refuses a second entry with the same rule number and direction (EC2 API Reference,
    // "Error codes for the Amazon EC2 API": NetworkAclEntryAlreadyExists); outbound 1 is allowed.
    let error = Fixtures.loadError(
      (
        "t.json",
        """
        {"flowcause-topology": 1, "network-acls": [{"id": "acl-1", "vpc": "vpc-1",
          "inbound": [{"rule": 1, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"},
                      {"rule": 1, "action": "deny", "protocol": "tcp", "ports": "22", "cidr": "10.0.0.0/8"}],
          "outbound": [{"rule": 1, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}]}]}
        """
      ))
    #expect(
      error?.description
        == "t.json: network-acls[0].inbound[1].rule: rule number 1 is used twice by inbound entries (first at network-acls[0].inbound[0]); AWS allows one entry per rule number and direction (NetworkAclEntryAlreadyExists)"
    )
  }

  @Test("NACL rule numbers 32767 and 32768 are reserved for the implicit deny")
  func reservedRuleNumber() {
    let error = Fixtures.loadError(
      (
        "t.json",
        """
        {"flowcause-topology": 1, "network-acls": [{"id": "acl-1", "vpc": "vpc-1",
          "inbound": [{"rule": 32767, "action": "deny", "protocol": "all", "cidr": "0.0.0.0/0"}]}]}
        """
      ))
    #expect(
      error?.description
        == "t.json: network-acls[0].inbound[0].rule: a rule number (32767 and 32768 are the implicit deny) must be from 1 to 32766, found 32767"
    )
  }

  @Test(
    "Subnet associations to a NACL and an instance's ENIs in device order come from the native keys"
  )
  func associationsAndInstances() throws {
    let topology = try Fixtures.load(
      (
        "t.json",
        """
        {"flowcause-topology": 1, "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
         "subnets": [{"id": "subnet-a", "cidrs": ["10.0.1.0/24"], "network-acl": "acl-2"},
                     {"id": "subnet-b", "cidrs": ["10.0.2.0/24"]}],
         "network-acls": [{"id": "acl-1", "default": true}, {"id": "acl-2"}],
         "security-groups": [{"id": "sg-1"}],
         "network-interfaces": [
           {"id": "eni-1", "subnet": "subnet-a", "private-ips": ["10.0.1.5"], "security-groups": ["sg-1"], "instance": "i-1"},
           {"id": "eni-2", "subnet": "subnet-b", "private-ips": ["10.0.2.5"], "security-groups": ["sg-1"], "instance": "i-1"}]}
        """
      ))
    #expect(topology.networkACL(forSubnet: "subnet-a")?.id == "acl-2")
    #expect(topology.networkACL(forSubnet: "subnet-b")?.id == "acl-1")
    #expect(topology.networkACLs["acl-2"]?.entries.count == 4)
    #expect(topology.instances["i-1"]?.networkInterfaceIds == ["eni-1", "eni-2"])
    #expect(topology.networkInterfaces["eni-2"]?.vpcId == "vpc-1")
  }
}
