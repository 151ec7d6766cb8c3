import Foundation
import Testing
import Topology

@testable import Analysis

/// `endpoint-sg-blocks-clients` on the VPC of its fixture
/// (`Fixtures/lint/endpoint-sg-blocks-clients/triggers`: `vpce-ssm` for
/// `com.amazonaws.us-east-1.ssm` in `subnet-endpoints` with the default group, and two
/// instances, `eni-app-a` 10.0.1.10 and `eni-app-b` 10.0.2.10 in group `sg-app`), each test
/// giving the endpoint other groups or another service.
@Suite("lint: interface endpoints whose security groups refuse their clients")
struct LintEndpointTests {
  static func vpc() throws -> Topology {
    let folder = LintFixtureTests.root.appendingPathComponent(
      "endpoint-sg-blocks-clients/triggers")
    let bytes = try Data(contentsOf: folder.appendingPathComponent("topology.json"))
    return try TopologyLoader().load(documents: [
      TopologyDocument(name: "topology.json", bytes: Array(bytes))
    ])
  }

  /// `vpc()` with the endpoint in a group `sg-endpoints` of these inbound rules only.
  static func vpc(endpointRules rules: [SecurityGroupRule], service: String? = nil) throws
    -> Topology
  {
    var topology = try vpc()
    topology.securityGroups["sg-endpoints"] = SecurityGroup(
      id: "sg-endpoints", vpcId: "vpc-1", name: "endpoints", inbound: rules, outbound: [])
    topology.vpcEndpoints["vpce-ssm"]?.securityGroupIds = ["sg-endpoints"]
    topology.networkInterfaces["eni-ssm"]?.securityGroupIds = ["sg-endpoints"]
    if let service { topology.vpcEndpoints["vpce-ssm"]?.serviceName = service }
    return topology
  }

  static func tcp(_ port: UInt16, from peer: SecurityGroupRule.Peer) -> SecurityGroupRule {
    SecurityGroupRule(protocolMatch: .tcp, ports: PortRange(from: port, to: port), peer: peer)
  }

  static func findings(_ topology: Topology) -> [Finding] {
    Linter(topology: topology).lint().filter { $0.id == .endpointSGBlocksClients }
  }

  @Test(
    "The default group refuses every client: an error naming both subnets and a group of its own")
  func defaultGroup() throws {
    let finding = try #require(Self.findings(try Self.vpc()).first)
    #expect(finding.severity == .error)
    #expect(finding.componentId == "vpce-ssm")
    #expect(finding.fingerprint == "endpoint-sg-blocks-clients/vpce-ssm")
    #expect(finding.affected.interfaceIds == ["eni-app-a", "eni-app-b"])
    #expect(finding.affected.subnetIds == ["subnet-app-a", "subnet-app-b"])
    #expect(finding.affected.groupIds == ["sg-default"])
    #expect(finding.affected.services == ["tcp 443"])
    #expect(
      finding.affected.clients == [
        "clients in subnet-app-a (10.0.1.0/24)", "clients in subnet-app-b (10.0.2.0/24)",
      ])
    #expect(finding.explanation.contains("admits tcp 443 from no client of vpc-1 (10.0.0.0/16)"))
    #expect(finding.fix.contains("a security group of its own"))
    #expect(finding.fix.contains("--port 443 --cidr 10.0.0.0/16"))
  }

  @Test("tcp 443 from one app subnet only: a warning naming the other subnet's client")
  func someClients() throws {
    let topology = try Self.vpc(endpointRules: [
      Self.tcp(443, from: .cidr(TestNetwork.cidr("10.0.1.0/24")))
    ])
    let finding = try #require(Self.findings(topology).first)
    #expect(finding.severity == .warning)
    #expect(finding.affected.interfaceIds == ["eni-app-b"])
    #expect(finding.affected.clients == ["clients in subnet-app-b (10.0.2.0/24)"])
    #expect(finding.explanation.contains("though it admits other clients of vpc-1"))
    #expect(finding.fix.contains("to sg-endpoints (aws ec2 authorize-security-group-ingress"))
  }

  @Test("tcp 443 from the VPC's CIDR, or from the clients' group: no finding")
  func admitted() throws {
    let cidr = try Self.vpc(endpointRules: [
      Self.tcp(443, from: .cidr(TestNetwork.cidr("10.0.0.0/16")))
    ])
    #expect(Self.findings(cidr).isEmpty)
    let group = try Self.vpc(endpointRules: [Self.tcp(443, from: .securityGroup("sg-app"))])
    #expect(Self.findings(group).isEmpty)
  }

  @Test("Another port from the whole VPC admits no client of an AWS service: an error")
  func wrongPort() throws {
    let topology = try Self.vpc(endpointRules: [
      Self.tcp(80, from: .cidr(TestNetwork.cidr("10.0.0.0/16")))
    ])
    #expect(Self.findings(topology).map(\.severity) == [.error])
  }

  @Test("Amazon Keyspaces serves tcp 9142, not 443")
  func keyspaces() throws {
    let service = "com.amazonaws.us-east-1.cassandra"
    let vpc = TestNetwork.cidr("10.0.0.0/16")
    #expect(
      Self.findings(
        try Self.vpc(endpointRules: [Self.tcp(9142, from: .cidr(vpc))], service: service)
      )
      .isEmpty)
    let finding = try #require(
      Self.findings(
        try Self.vpc(endpointRules: [Self.tcp(443, from: .cidr(vpc))], service: service)
      )
      .first)
    #expect(finding.affected.services == ["tcp 9142"])
  }

  @Test("A partner's endpoint service: reported only when nothing at all is admitted")
  func partnerService() throws {
    let service = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
    #expect(
      Self.findings(try Self.vpc(endpointRules: [], service: service)).map(\.severity) == [.error])
    let some = try Self.vpc(
      endpointRules: [Self.tcp(8443, from: .cidr(TestNetwork.cidr("10.0.1.0/24")))],
      service: service)
    #expect(Self.findings(some).isEmpty)
  }

  @Test("Without client ENIs each subnet is judged by its block; the group reference admits none")
  func subnetsOnly() throws {
    var topology = try Self.vpc()
    topology.networkInterfaces["eni-app-a"] = nil
    topology.networkInterfaces["eni-app-b"] = nil
    let finding = try #require(Self.findings(topology).first)
    #expect(finding.severity == .error)
    #expect(finding.affected.subnetIds == ["subnet-app-a", "subnet-app-b", "subnet-endpoints"])
    #expect(finding.affected.interfaceIds.isEmpty)
    // A rule for part of a subnet admits some of its clients.
    let part = try Self.vpc(endpointRules: [
      Self.tcp(443, from: .cidr(TestNetwork.cidr("10.0.1.128/25")))
    ])
    var partial = part
    partial.networkInterfaces["eni-app-a"] = nil
    partial.networkInterfaces["eni-app-b"] = nil
    let warning = try #require(Self.findings(partial).first)
    #expect(warning.severity == .warning)
    #expect(warning.affected.subnetIds == ["subnet-app-b", "subnet-endpoints"])
  }

  @Test("A prefix list without entries leaves the clients undecided: no finding")
  func unknownPrefixList() throws {
    var topology = try Self.vpc(endpointRules: [Self.tcp(443, from: .prefixList("pl-clients"))])
    topology.prefixLists["pl-clients"] = PrefixList(
      id: "pl-clients", cidrs: [], entriesKnown: false)
    #expect(Self.findings(topology).isEmpty)
  }

  @Test("A group the topology lacks may admit anyone: no finding")
  func missingGroup() throws {
    var topology = try Self.vpc()
    topology.vpcEndpoints["vpce-ssm"]?.securityGroupIds = ["sg-elsewhere"]
    #expect(Self.findings(topology).isEmpty)
  }

  @Test("Without Groups in describe-vpc-endpoints, the groups on its ENIs are used")
  func groupsFromInterfaces() throws {
    var topology = try Self.vpc()
    topology.vpcEndpoints["vpce-ssm"]?.securityGroupIds = []
    #expect(Self.findings(topology).map(\.affected.groupIds) == [["sg-default"]])
  }

  @Test("A load balancer's node is not a client")
  func loadBalancerNode() throws {
    var topology = try Self.vpc(endpointRules: [Self.tcp(443, from: .securityGroup("sg-app"))])
    var node = NetworkInterface(
      id: "eni-alb", subnetId: "subnet-app-b", vpcId: "vpc-1",
      privateIPv4s: [TestNetwork.ip("10.0.2.50")], securityGroupIds: ["sg-default"],
      requesterManaged: true)
    node.loadBalancerNode = "app/shop/1a2b"
    topology.networkInterfaces["eni-alb"] = node
    #expect(Self.findings(topology).isEmpty)
  }

  @Test("AWS services' names give their ports; endpoint services' do not")
  func servicePorts() {
    #expect(Linter.servicePorts("com.amazonaws.us-east-1.ssm") == [443])
    #expect(Linter.servicePorts("com.amazonaws.us-east-1.ecr.dkr") == [443])
    #expect(
      Linter.servicePorts("com.amazonaws.eu-west-1.email-smtp") == [587, 25, 465, 2465, 2587])
    #expect(Linter.servicePorts("com.amazonaws.vpce.us-east-1.vpce-svc-0123") == nil)
    #expect(Linter.servicePorts("aws.sagemaker.us-east-1.notebook") == nil)
  }
}
