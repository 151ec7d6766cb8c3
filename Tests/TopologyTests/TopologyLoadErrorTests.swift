import Testing
import Topology

@Suite("Load errors name the document and the JSON path")
struct TopologyLoadErrorTests {
  @Test("A RuleNumber written as a string is an error at its exact path")
  func ruleNumberAsString() {
    let error = Fixtures.loadError(
      (
        "describe-network-acls.json",
        """
        {"NetworkAcls": [
          {"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": []},
          {"NetworkAclId": "acl-2", "VpcId": "vpc-1", "Entries": [
            {"RuleNumber": 100, "Egress": false, "Protocol": "-1", "RuleAction": "allow",
             "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": "ten", "Egress": false, "Protocol": "-1", "RuleAction": "allow",
             "CidrBlock": "0.0.0.0/0"}]}]}
        """
      ))
    #expect(
      error?.description
        == #"describe-network-acls.json: NetworkAcls[1].Entries[1].RuleNumber: expected a number, found "ten""#
    )
    #expect(error?.path == "NetworkAcls[1].Entries[1].RuleNumber")
    #expect(error?.line == nil)
  }

  @Test("Two entries of one direction with the same RuleNumber are an error at the second")
  func duplicateRuleNumber() {
    // AWS refuses the second entry (CreateNetworkAclEntry: NetworkAclEntryAlreadyExists, EC2
    // API Reference, "Error codes for the Amazon EC2 API"); outbound rule 1 is another set
    // ("Each network ACL has a set of numbered ingress rules and a separate set of numbered
    // egress rules", EC2 API Reference, CreateNetworkAclEntry).
    let error = Fixtures.loadError(
      (
        "describe-network-acls.json",
        """
        {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
          {"RuleNumber": 1, "Egress": false, "Protocol": "-1", "RuleAction": "allow",
           "CidrBlock": "0.0.0.0/0"},
          {"RuleNumber": 1, "Egress": true, "Protocol": "-1", "RuleAction": "allow",
           "CidrBlock": "0.0.0.0/0"},
          {"RuleNumber": 1, "Egress": false, "Protocol": "6", "RuleAction": "deny",
           "Ipv6CidrBlock": "::/0", "PortRange": {"From": 22, "To": 22}}]}]}
        """
      ))
    #expect(
      error?.description
        == "describe-network-acls.json: NetworkAcls[0].Entries[2].RuleNumber: rule number 1 is used twice by inbound entries (first at NetworkAcls[0].Entries[0]); AWS allows one entry per rule number and direction (NetworkAclEntryAlreadyExists)"
    )
  }

  @Test("The same RuleNumber in two ACLs, or in both directions of one, loads")
  func ruleNumberPerACLAndDirection() throws {
    let topology = try TopologyLoader().load(documents: [
      TopologyDocument(
        name: "describe-network-acls.json",
        bytes: Array(
          """
          {"NetworkAcls": [
            {"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
              {"RuleNumber": 1, "Egress": false, "Protocol": "-1", "RuleAction": "allow",
               "CidrBlock": "0.0.0.0/0"},
              {"RuleNumber": 1, "Egress": true, "Protocol": "-1", "RuleAction": "allow",
               "CidrBlock": "0.0.0.0/0"}]},
            {"NetworkAclId": "acl-2", "VpcId": "vpc-1", "Entries": [
              {"RuleNumber": 1, "Egress": false, "Protocol": "-1", "RuleAction": "deny",
               "CidrBlock": "0.0.0.0/0"}]}]}
          """.utf8))
    ])
    #expect(topology.networkACLs.count == 2)
  }

  @Test("A CIDR with a prefix length over 32 is an error at its path")
  func badCIDR() {
    let error = Fixtures.loadError(
      (
        "describe-subnets.json",
        #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.20.1.0/33"}]}"#
      ))
    #expect(
      error?.description
        == #"describe-subnets.json: Subnets[0].CidrBlock: expected an IPv4 CIDR block such as 10.0.0.0/16, found "10.20.1.0/33""#
    )
  }

  @Test("An IPv6 block under an IPv4 key is an error")
  func wrongFamily() {
    let error = Fixtures.loadError(
      (
        "describe-network-acls.json",
        """
        {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
          {"RuleNumber": 1, "Egress": true, "Protocol": "-1", "RuleAction": "allow",
           "CidrBlock": "::/0"}]}]}
        """
      ))
    #expect(error?.path == "NetworkAcls[0].Entries[0].CidrBlock")
  }

  @Test("A missing required key is an error at the key's path")
  func missingKey() {
    let error = Fixtures.loadError(
      (
        "describe-subnets.json",
        """
        {"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"},
                     {"SubnetId": "subnet-2", "CidrBlock": "10.0.2.0/24"}]}
        """
      ))
    #expect(
      error?.description == "describe-subnets.json: Subnets[1].VpcId: required key is missing")
  }

  @Test("A boolean written as a string is an error")
  func boolAsString() {
    let error = Fixtures.loadError(
      (
        "describe-network-acls.json",
        """
        {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
          {"RuleNumber": 1, "Egress": "true", "Protocol": "-1", "RuleAction": "allow",
           "CidrBlock": "0.0.0.0/0"}]}]}
        """
      ))
    #expect(
      error?.description
        == #"describe-network-acls.json: NetworkAcls[0].Entries[0].Egress: expected true or false, found "true""#
    )
  }

  @Test("A NACL Protocol written as a number, not a string, is an error")
  func protocolAsNumber() {
    let error = Fixtures.loadError(
      (
        "describe-network-acls.json",
        """
        {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
          {"RuleNumber": 1, "Egress": true, "Protocol": 6, "RuleAction": "allow",
           "CidrBlock": "0.0.0.0/0"}]}]}
        """
      ))
    #expect(
      error?.description
        == "describe-network-acls.json: NetworkAcls[0].Entries[0].Protocol: expected a string, found 6"
    )
  }

  @Test("An unknown security group protocol and an inverted port range are errors")
  func badProtocolAndPorts() {
    let permission = { (rule: String) in
      """
      {"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [\(rule)]}]}
      """
    }
    let unknown = Fixtures.loadError(
      ("sg.json", permission(#"{"IpProtocol": "tcpp", "IpRanges": []}"#)))
    #expect(
      unknown?.description
        == #"sg.json: SecurityGroups[0].IpPermissions[0].IpProtocol: expected a protocol (-1, tcp, udp, icmp, icmpv6 or a number from 0 to 255), found "tcpp""#
    )
    let inverted = Fixtures.loadError(
      ("sg.json", permission(#"{"IpProtocol": "tcp", "FromPort": 90, "ToPort": 80}"#)))
    #expect(
      inverted?.description
        == "sg.json: SecurityGroups[0].IpPermissions[0].ToPort: the port range 90-80 ends before it starts"
    )
  }

  @Test("A route without a destination is an error at the route")
  func routeWithoutDestination() {
    let error = Fixtures.loadError(
      (
        "describe-route-tables.json",
        #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"GatewayId": "local"}]}]}"#
      ))
    #expect(
      error?.description
        == "describe-route-tables.json: RouteTables[0].Routes[0]: a route needs DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId"
    )
  }

  @Test("Broken JSON syntax is an error with the line and column")
  func syntaxError() {
    let error = Fixtures.loadError(
      (
        "describe-vpcs.json",
        """
        {
          "Vpcs": [
            {"VpcId": "vpc-1" "CidrBlock": "10.0.0.0/16"}
          ]
        }
        """
      ))
    #expect(
      error?.description
        == #"describe-vpcs.json:3:23: expected ',' or '}' after a member, found '"'"#)
    #expect(error?.line == 3)
    #expect(error?.column == 23)
  }

  @Test("A document that is not an object is an error")
  func notAnObject() {
    let error = Fixtures.loadError(("vpcs.json", "[]"))
    #expect(
      error?.description
        == "vpcs.json: expected a JSON object (the output of an aws ec2 describe-* call, or a flowcause-topology), found an array"
    )
  }
}
