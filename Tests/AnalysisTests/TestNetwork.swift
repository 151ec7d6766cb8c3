import Foundation
import NetworkPrimitives
import Testing
import Topology

/// The three forms of ``TestNetwork``: built in code, and loaded from the fixtures under
/// `Fixtures/test-network/` (the native format, and `aws ec2 describe-*` output). Every
/// `PathTracerTests` test runs on each, so each AWS behaviour is checked on both topology forms.
enum TopologyForm: CaseIterable, Sendable, CustomStringConvertible, CustomTestStringConvertible {
  case code, native, aws

  /// The forms that are loaded from JSON.
  static let loaded: [TopologyForm] = [.native, .aws]

  var description: String {
    switch self {
    case .code: return "the code-built model"
    case .native: return "native.json"
    case .aws: return "aws/*.json"
    }
  }

  var testDescription: String { description }
}

/// A three-tier VPC built in code, so each evaluator test states its AWS behaviour on a model
/// it can read in full. `Fixtures/test-network/native.json` and `Fixtures/test-network/aws/`
/// describe the same network; `make(_:)` gives any of the three forms, and
/// `TopologyFormsTests` checks that they agree.
///
/// - vpc-1 10.0.0.0/16 and 2600:1f18:1:100::/56, igw-1 attached, eigw-1 attached.
/// - subnet-pub 10.0.1.0/24 (+ ::/64) → rtb-pub: local, 0.0.0.0/0 and ::/0 → igw-1.
/// - subnet-app 10.0.2.0/24 (+ ::/64) → rtb-app: local, 0.0.0.0/0 → nat-1, ::/0 → eigw-1.
/// - subnet-db 10.0.3.0/24 → no association: the main table rtb-main (local only).
/// - acl-default (default, allows everything) on pub and app; acl-db on db: inbound 100 allows
///   tcp 5432 from 10.0.2.0/24; outbound 100 allows tcp 0-1023 to 10.0.2.0/24 only.
/// - sg-web: in tcp 80 from 0.0.0.0/0 and ::/0, tcp 22 from pl-office; out all to 0.0.0.0/0, ::/0.
/// - sg-app: in tcp 8080 from sg-web; out all to 0.0.0.0/0 and ::/0.
/// - sg-db: in tcp 5432 from sg-app; out all to 0.0.0.0/0.
/// - eni-web 10.0.1.10 (public 203.0.113.10, 2600:1f18:1:101::10) sg-web, i-web;
///   eni-app 10.0.2.20 (2600:1f18:1:102::20) sg-app; eni-app2 10.0.2.21 sg-app; eni-db 10.0.3.30
///   sg-db; nat-1 in subnet-pub, 10.0.1.9 / 203.0.113.9, its ENI eni-nat (named, not modelled).
/// - Subnets in us-east-1a; route origins, group names and the sg-web rule id sgr-web80 as AWS
///   lists them (the aws form takes rule ids from describe-security-group-rules.json).
enum TestNetwork {
  /// `Fixtures/test-network/`, next to this file.
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/test-network")

  /// The network in `form`: built in code, or loaded from its fixture documents.
  static func make(_ form: TopologyForm) throws -> Topology {
    switch form {
    case .code: return make()
    case .native, .aws: return try TopologyLoader().load(documents: documents(form))
    }
  }

  /// The fixture documents of a loaded form, named by file name (`native.json`,
  /// `describe-vpcs.json`, …), sorted by name; none for the code-built form.
  static func documents(_ form: TopologyForm) throws -> [TopologyDocument] {
    let files: [URL]
    switch form {
    case .code:
      return []
    case .native:
      files = [fixtures.appendingPathComponent("native.json")]
    case .aws:
      let directory = fixtures.appendingPathComponent("aws")
      files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        .filter { $0.hasSuffix(".json") }.sorted()
        .map { directory.appendingPathComponent($0) }
    }
    return try files.map { file in
      TopologyDocument(name: file.lastPathComponent, bytes: Array(try Data(contentsOf: file)))
    }
  }

  static func cidr(_ text: String) -> CIDR {
    guard let value = CIDR(text) else { fatalError("bad CIDR \(text)") }
    return value
  }

  static func ip(_ text: String) -> IPAddress {
    guard let value = IPAddress(text) else { fatalError("bad address \(text)") }
    return value
  }

  static func allowAll(_ number: Int, egress: Bool, _ block: String) -> NetworkACLEntry {
    NetworkACLEntry(
      ruleNumber: number, egress: egress, action: .allow, protocolMatch: .all, cidr: cidr(block))
  }

  static func implicitDenies() -> [NetworkACLEntry] {
    [false, true].flatMap { egress in
      [
        NetworkACLEntry(
          ruleNumber: 32767, egress: egress, action: .deny, protocolMatch: .all,
          cidr: cidr("0.0.0.0/0"), isImplicit: true),
        NetworkACLEntry(
          ruleNumber: 32768, egress: egress, action: .deny, protocolMatch: .all,
          cidr: cidr("::/0"), isImplicit: true),
      ]
    }
  }

  /// NACL entries in the model's order: inbound first, each direction by rule number.
  static func inModelOrder(_ entries: [NetworkACLEntry]) -> [NetworkACLEntry] {
    [false, true].flatMap { egress in
      entries.filter { $0.egress == egress }.sorted { $0.ruleNumber < $1.ruleNumber }
    }
  }

  /// The code-built model.
  static func make() -> Topology {
    var topology = Topology()
    topology.vpcs["vpc-1"] = VPC(
      id: "vpc-1", cidrs: [cidr("10.0.0.0/16"), cidr("2600:1f18:1:100::/56")])
    topology.subnets["subnet-pub"] = Subnet(
      id: "subnet-pub", vpcId: "vpc-1", cidrs: [cidr("10.0.1.0/24"), cidr("2600:1f18:1:101::/64")],
      availabilityZone: "us-east-1a", mapPublicIpOnLaunch: true)
    topology.subnets["subnet-app"] = Subnet(
      id: "subnet-app", vpcId: "vpc-1", cidrs: [cidr("10.0.2.0/24"), cidr("2600:1f18:1:102::/64")],
      availabilityZone: "us-east-1a")
    topology.subnets["subnet-db"] = Subnet(
      id: "subnet-db", vpcId: "vpc-1", cidrs: [cidr("10.0.3.0/24")], availabilityZone: "us-east-1a")
    let local = [
      Route(destination: .cidr(cidr("10.0.0.0/16")), target: .local, origin: "CreateRouteTable"),
      Route(
        destination: .cidr(cidr("2600:1f18:1:100::/56")), target: .local,
        origin: "CreateRouteTable"),
    ]
    topology.routeTables["rtb-main"] = RouteTable(
      id: "rtb-main", vpcId: "vpc-1", routes: local, isMain: true)
    topology.routeTables["rtb-pub"] = RouteTable(
      id: "rtb-pub", vpcId: "vpc-1",
      routes: local + [
        Route(
          destination: .cidr(cidr("0.0.0.0/0")), target: .internetGateway("igw-1"),
          origin: "CreateRoute"),
        Route(
          destination: .cidr(cidr("::/0")), target: .internetGateway("igw-1"), origin: "CreateRoute"
        ),
      ], subnetIds: ["subnet-pub"])
    topology.routeTables["rtb-app"] = RouteTable(
      id: "rtb-app", vpcId: "vpc-1",
      routes: local + [
        Route(
          destination: .cidr(cidr("0.0.0.0/0")), target: .natGateway("nat-1"), origin: "CreateRoute"
        ),
        Route(
          destination: .cidr(cidr("::/0")), target: .egressOnlyInternetGateway("eigw-1"),
          origin: "CreateRoute"),
      ], subnetIds: ["subnet-app"])
    topology.internetGateways["igw-1"] = InternetGateway(id: "igw-1", attachedVpcIds: ["vpc-1"])
    topology.egressOnlyInternetGateways["eigw-1"] = EgressOnlyInternetGateway(
      id: "eigw-1", attachedVpcIds: ["vpc-1"])
    topology.natGateways["nat-1"] = NatGateway(
      id: "nat-1", vpcId: "vpc-1", subnetId: "subnet-pub", privateIPs: [ip("10.0.1.9")],
      publicIPs: [ip("203.0.113.9")], networkInterfaceId: "eni-nat")
    topology.networkACLs["acl-default"] = NetworkACL(
      id: "acl-default", vpcId: "vpc-1", isDefault: true,
      entries: inModelOrder(
        [
          allowAll(100, egress: false, "0.0.0.0/0"), allowAll(101, egress: false, "::/0"),
          allowAll(100, egress: true, "0.0.0.0/0"), allowAll(101, egress: true, "::/0"),
        ] + implicitDenies()), subnetIds: ["subnet-pub", "subnet-app"])
    topology.networkACLs["acl-db"] = NetworkACL(
      id: "acl-db", vpcId: "vpc-1", isDefault: false,
      entries: inModelOrder(
        [
          NetworkACLEntry(
            ruleNumber: 100, egress: false, action: .allow, protocolMatch: .tcp,
            cidr: cidr("10.0.2.0/24"), ports: PortRange(from: 5432, to: 5432)),
          NetworkACLEntry(
            ruleNumber: 100, egress: true, action: .allow, protocolMatch: .tcp,
            cidr: cidr("10.0.2.0/24"), ports: PortRange(from: 0, to: 1023)),
        ] + implicitDenies()), subnetIds: ["subnet-db"])
    let outAll = [
      SecurityGroupRule(protocolMatch: .all, peer: .cidr(cidr("0.0.0.0/0"))),
      SecurityGroupRule(protocolMatch: .all, peer: .cidr(cidr("::/0"))),
    ]
    topology.securityGroups["sg-web"] = SecurityGroup(
      id: "sg-web", vpcId: "vpc-1", name: "web",
      inbound: [
        SecurityGroupRule(
          ruleId: "sgr-web80", protocolMatch: .tcp, ports: PortRange(from: 80, to: 80),
          peer: .cidr(cidr("0.0.0.0/0"))),
        SecurityGroupRule(
          protocolMatch: .tcp, ports: PortRange(from: 80, to: 80), peer: .cidr(cidr("::/0"))),
        SecurityGroupRule(
          protocolMatch: .tcp, ports: PortRange(from: 22, to: 22), peer: .prefixList("pl-office")),
      ], outbound: outAll)
    topology.securityGroups["sg-app"] = SecurityGroup(
      id: "sg-app", vpcId: "vpc-1", name: "app",
      inbound: [
        SecurityGroupRule(
          protocolMatch: .tcp, ports: PortRange(from: 8080, to: 8080),
          peer: .securityGroup("sg-web"))
      ], outbound: outAll)
    topology.securityGroups["sg-db"] = SecurityGroup(
      id: "sg-db", vpcId: "vpc-1", name: "db",
      inbound: [
        SecurityGroupRule(
          protocolMatch: .tcp, ports: PortRange(from: 5432, to: 5432),
          peer: .securityGroup("sg-app"))
      ], outbound: [outAll[0]])
    topology.prefixLists["pl-office"] = PrefixList(
      id: "pl-office", name: "office", cidrs: [cidr("198.51.100.0/24")])
    topology.networkInterfaces["eni-web"] = NetworkInterface(
      id: "eni-web", subnetId: "subnet-pub", vpcId: "vpc-1", privateIPv4s: [ip("10.0.1.10")],
      ipv6s: [ip("2600:1f18:1:101::10")],
      publicIPv4s: [PublicAddress(publicIP: ip("203.0.113.10"), privateIP: ip("10.0.1.10"))],
      securityGroupIds: ["sg-web"], instanceId: "i-web")
    topology.networkInterfaces["eni-app"] = NetworkInterface(
      id: "eni-app", subnetId: "subnet-app", vpcId: "vpc-1", privateIPv4s: [ip("10.0.2.20")],
      ipv6s: [ip("2600:1f18:1:102::20")], securityGroupIds: ["sg-app"], instanceId: "i-app")
    topology.networkInterfaces["eni-app2"] = NetworkInterface(
      id: "eni-app2", subnetId: "subnet-app", vpcId: "vpc-1", privateIPv4s: [ip("10.0.2.21")],
      securityGroupIds: ["sg-app"])
    topology.networkInterfaces["eni-db"] = NetworkInterface(
      id: "eni-db", subnetId: "subnet-db", vpcId: "vpc-1", privateIPv4s: [ip("10.0.3.30")],
      securityGroupIds: ["sg-db"], instanceId: "i-db")
    topology.instances["i-web"] = Instance(id: "i-web", networkInterfaceIds: ["eni-web"])
    topology.instances["i-app"] = Instance(id: "i-app", networkInterfaceIds: ["eni-app"])
    topology.instances["i-db"] = Instance(id: "i-db", networkInterfaceIds: ["eni-db"])
    return topology
  }
}
