import NetworkPrimitives

/// An account of independent VPCs in the native topology format, for timing `lint`
/// (`flowcause-bench account`, docs/performance.md, "Linting an account") and for the tests that
/// count its grouped findings.
///
/// Each VPC, as the lint issue measured: 10 subnets (5 public, routed to the VPC's internet
/// gateway, 5 private), 2 network ACLs of 42 entries each way (the public subnets' and the
/// private ones'), 25 security groups of 20 rules, some naming other groups of the VPC, and 250
/// interfaces with one to three groups each (public addresses on a fifth of those in public
/// subnets). The ACLs allow a few services and the ephemeral ports only from some ranges, so the
/// replies of some flows the groups allow are cut, as in real accounts.
///
/// Each VPC's rules are drawn from a stream of their own and its interfaces from another, so an
/// account with more interfaces per VPC has the same rules: the same design, larger.
public struct AccountTopology {
  static let subnetsPerVPC = 10
  static let groupsPerVPC = 25
  static let rulesPerGroup = 20
  static let entriesPerACL = 42
  /// The interfaces of each VPC unless told otherwise.
  public static let defaultInterfacesPerVPC = 250

  public let vpcs: Int
  public let interfacesPerVPC: Int
  let seed: UInt64
  var random: SplitMixRandom

  /// The most interfaces a VPC can have: its ten /24 subnets' host addresses from .10 up.
  public static let maximumInterfacesPerVPC = 2_440

  public init(vpcs: Int, interfacesPerVPC: Int = defaultInterfacesPerVPC, seed: UInt64) {
    self.vpcs = vpcs
    self.interfacesPerVPC = interfacesPerVPC
    self.seed = seed
    random = SplitMixRandom(seed: seed)
  }

  static let services = [
    22, 25, 53, 80, 443, 1433, 3306, 3389, 5432, 6379, 8080, 8443, 9200, 27017,
  ]

  /// The document, as text.
  public mutating func document() -> String {
    var vpcList: [String] = []
    var subnets: [String] = []
    var tables: [String] = []
    var gateways: [String] = []
    var acls: [String] = []
    var groups: [String] = []
    var interfaces: [String] = []
    for v in 0..<vpcs {
      random = SplitMixRandom(seed: seed &+ UInt64(v) &* 0x9E37_79B9_7F4A_7C15)
      let vpc = "vpc-\(hex(v, 17))"
      let second = v % 256
      let first = 10 + (v / 256) % 16
      vpcList.append(#"{"id": "\#(vpc)", "cidrs": ["\#(first).\#(second).0.0/16"]}"#)
      let igw = "igw-\(hex(v, 17))"
      gateways.append(#"{"id": "\#(igw)", "vpc": "\#(vpc)"}"#)
      let publicTable = "rtb-\(hex(v * 2, 17))"
      let privateTable = "rtb-\(hex(v * 2 + 1, 17))"
      tables.append(
        #"{"id": "\#(publicTable)", "vpc": "\#(vpc)", "routes": [{"destination": "0.0.0.0/0", "target": "\#(igw)"}]}"#
      )
      tables.append(#"{"id": "\#(privateTable)", "vpc": "\#(vpc)", "main": true, "routes": []}"#)
      let publicACL = "acl-\(hex(v * 2, 17))"
      let privateACL = "acl-\(hex(v * 2 + 1, 17))"
      acls.append(acl(publicACL, vpc: vpc, prefix: "\(first).\(second)"))
      acls.append(acl(privateACL, vpc: vpc, prefix: "\(first).\(second)"))
      var subnetIds: [(id: String, prefix: String, isPublic: Bool)] = []
      for s in 0..<Self.subnetsPerVPC {
        let id = "subnet-\(hex(v * Self.subnetsPerVPC + s, 17))"
        let isPublic = s < Self.subnetsPerVPC / 2
        let prefix = "\(first).\(second).\(s)"
        subnetIds.append((id, prefix, isPublic))
        subnets.append(
          #"{"id": "\#(id)", "vpc": "\#(vpc)", "cidrs": ["\#(prefix).0/24"], "map-public-ip": \#(isPublic), "route-table": "\#(isPublic ? publicTable : privateTable)", "network-acl": "\#(isPublic ? publicACL : privateACL)"}"#
        )
      }
      let groupIds = (0..<Self.groupsPerVPC).map { "sg-\(hex(v * Self.groupsPerVPC + $0, 17))" }
      for (g, id) in groupIds.enumerated() {
        groups.append(group(id, vpc: vpc, index: g, peers: groupIds, prefix: "\(first).\(second)"))
      }
      random = SplitMixRandom(seed: ~(seed &+ UInt64(v) &* 0x9E37_79B9_7F4A_7C15))
      for e in 0..<interfacesPerVPC {
        let subnet = subnetIds[e % subnetIds.count]
        let host = 10 + e / subnetIds.count
        var carried: [String] = []
        for _ in 0...random.next(3) {
          let id = groupIds[random.next(groupIds.count)]
          if !carried.contains(id) { carried.append(id) }
        }
        let listed = carried.map { "\"\($0)\"" }.joined(separator: ", ")
        var text =
          #"{"id": "eni-\#(hex(v * interfacesPerVPC + e, 17))", "subnet": "\#(subnet.id)", "private-ips": ["\#(subnet.prefix).\#(host)"], "security-groups": [\#(listed)]"#
        if subnet.isPublic && random.next(5) == 0 {
          text += #", "public-ip": "198.18.\#(v % 256).\#(e % 250 + 1)""#
        }
        interfaces.append(text + "}")
      }
    }
    return Self.nativeDocument(
      description: "flowcause-bench: an account of \(vpcs) independent VPCs",
      [
        ("vpcs", vpcList), ("subnets", subnets), ("route-tables", tables),
        ("internet-gateways", gateways), ("network-acls", acls), ("security-groups", groups),
        ("network-interfaces", interfaces),
      ])
  }

  /// 42 entries each way: services from anywhere or from the VPC, some denies, the ephemeral
  /// ports from some ranges only.
  private mutating func acl(_ id: String, vpc: String, prefix: String) -> String {
    func entries(_ egress: Bool) -> String {
      var list: [String] = []
      for index in 0..<Self.entriesPerACL {
        let rule = 100 + index * 10
        let action = random.next(6) == 0 ? "deny" : "allow"
        let cidr: String
        switch random.next(4) {
        case 0: cidr = "0.0.0.0/0"
        case 1: cidr = "\(prefix).0.0/16"
        case 2: cidr = "192.0.2.\(random.next(16) * 16)/28"
        default: cidr = "\(random.next(200) + 20).\(random.next(256)).0.0/16"
        }
        let ports: String
        if random.next(5) == 0 {
          ports = ["1024-65535", "32768-60999", "49152-65535"][random.next(3)]
        } else {
          ports = String(Self.services[random.next(Self.services.count)])
        }
        let proto = random.next(8) == 0 ? "udp" : "tcp"
        list.append(
          #"{"rule": \#(rule), "action": "\#(action)", "protocol": "\#(proto)", "ports": "\#(ports)", "cidr": "\#(cidr)"}"#
        )
      }
      _ = egress
      return "[" + list.joined(separator: ", ") + "]"
    }
    return
      #"{"id": "\#(id)", "vpc": "\#(vpc)", "inbound": \#(entries(false)), "outbound": \#(entries(true))}"#
  }

  /// 20 rules: services from anywhere, the VPC, a partner range or another group; outbound all,
  /// or services to the VPC and another group.
  private mutating func group(
    _ id: String, vpc: String, index: Int, peers: [String], prefix: String
  ) -> String {
    var inbound: [String] = []
    var outbound: [String] = []
    for rule in 0..<Self.rulesPerGroup {
      let port = Self.services[random.next(Self.services.count)]
      let peer: String
      switch random.next(4) {
      case 0: peer = "0.0.0.0/0"
      case 1: peer = "\(prefix).0.0/16"
      case 2: peer = peers[random.next(peers.count)]
      default: peer = "\(random.next(200) + 20).\(random.next(256)).\(random.next(256)).0/24"
      }
      let text = #"{"protocol": "tcp", "ports": "\#(port)", "#
      if rule < Self.rulesPerGroup * 3 / 4 {
        inbound.append(text + #""from": "\#(peer)"}"#)
      } else if rule == Self.rulesPerGroup * 3 / 4 && random.next(2) == 0 {
        outbound.append(#"{"protocol": "all", "to": "0.0.0.0/0"}"#)
      } else {
        outbound.append(text + #""to": "\#(peer)"}"#)
      }
    }
    return
      #"{"id": "\#(id)", "vpc": "\#(vpc)", "name": "group-\#(index)", "inbound": [\#(inbound.joined(separator: ", "))], "outbound": [\#(outbound.joined(separator: ", "))]}"#
  }

  /// `{"flowcause-topology": 1, "description": …, "vpcs": [...], …}`.
  static func nativeDocument(description: String, _ sections: [(String, [String])]) -> String {
    let lists = sections.map { name, items in
      "  \"\(name)\": [\n    " + items.joined(separator: ",\n    ") + "\n  ]"
    }
    return "{\n  \"flowcause-topology\": 1,\n  \"description\": \"\(description)\",\n"
      + lists.joined(separator: ",\n") + "\n}\n"
  }

  private func hex(_ value: Int, _ digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(digits - text.count, 0)) + text
  }
}
