import Testing
import Topology

@Suite("Merging documents")
struct DocumentMergingTests {
  static let firstSubnets = """
    {"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}]}
    """

  @Test(
    "Documents with the same key are concatenated, and an identical duplicate is dropped silently")
  func concatenateAndDeduplicate() throws {
    let topology = try Fixtures.load(
      ("describe-subnets.json", Self.firstSubnets),
      (
        "describe-subnets-b.json",
        """
        {"Subnets": [{"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24"},
                     {"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24",
                      "Tags": [{"Key": "Name", "Value": "ignored"}]}]}
        """
      ),
      ("describe-vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#))
    #expect(topology.subnets.keys.sorted() == ["subnet-1", "subnet-2"])
    #expect(topology.warnings == [])
  }

  @Test("A duplicate that differs keeps the first and warns, naming both documents")
  func differingDuplicate() throws {
    let topology = try Fixtures.load(
      ("describe-subnets.json", Self.firstSubnets),
      (
        "old/describe-subnets.json",
        #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.9.0/24"}]}"#
      ),
      ("describe-vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#))
    #expect(topology.subnets["subnet-1"]?.cidrs.first?.description == "10.0.1.0/24")
    #expect(
      topology.warnings.map(\.description) == [
        "subnet-1: old/describe-subnets.json describes it differently from describe-subnets.json; "
          + "flowcause uses describe-subnets.json"
      ])
  }

  @Test("The same peering connection from the requester's and the accepter's call is kept once")
  func peeringFromBothSides() throws {
    let peering = """
      {"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1",
        "RequesterVpcInfo": {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"},
        "AccepterVpcInfo": {"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16"},
        "Status": {"Code": "active", "Message": "Active"}}]}
      """
    let topology = try Fixtures.load(
      ("describe-vpc-peering-connections.requester.json", peering),
      ("describe-vpc-peering-connections.accepter.json", peering))
    #expect(topology.peeringConnections.count == 1)
    #expect(topology.warnings == [])
  }

  @Test(
    "One merged document holding several describe-* keys loads them all; unknown keys are ignored")
  func mergedDocument() throws {
    let topology = try Fixtures.load(
      (
        "bundle.json",
        """
        {"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "FutureField": {"x": 1}}],
         "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}],
         "ResponseMetadata": {"RequestId": "abc"},
         "InternetGateways": [{"InternetGatewayId": "igw-1",
           "Attachments": [{"State": "available", "VpcId": "vpc-1"}]}]}
        """
      ))
    #expect(topology.vpcs.count == 1)
    #expect(topology.subnets.count == 1)
    #expect(topology.internetGateways.count == 1)
  }

  @Test("A document with none of the known keys is a warning, not an error")
  func unrecognizedDocument() throws {
    let topology = try Fixtures.load(("describe-images.json", #"{"Images": []}"#))
    #expect(topology.warnings.map(\.resource) == ["describe-images.json"])
  }

  @Test("describe-flow-logs output and the collect manifest are read past without a warning")
  func knownNonTopologyDocuments() throws {
    let topology = try Fixtures.load(
      ("describe-flow-logs.json", #"{"FlowLogs": [{"FlowLogId": "fl-1"}]}"#),
      ("flowcause-collect.json", #"{"flowcause-collect": 1, "vpc": "vpc-1"}"#),
      ("describe-vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#))
    #expect(topology.vpcs.count == 1)
    #expect(topology.warnings == [])
  }

  @Test("Native and describe-* documents can be mixed in one load")
  func mixedForms() throws {
    let topology = try Fixtures.load(
      ("describe-vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#),
      (
        "extra.json",
        """
        {"flowcause-topology": 1,
         "subnets": [{"id": "subnet-9", "vpc": "vpc-1", "cidrs": ["10.0.9.0/24"]}]}
        """
      ))
    #expect(topology.subnets["subnet-9"]?.vpcId == "vpc-1")
    #expect(topology.warnings == [])
  }
}
