import NetworkPrimitives

/// Reads flowcause's native topology format, a short hand-written form for teaching scenarios:
///
/// ```json
/// {
///   "flowcause-topology": 1,
///   "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}],
///   "subnets": [{"id": "subnet-a", "cidrs": ["10.0.1.0/24"], "route-table": "rtb-1"}],
///   "route-tables": [{"id": "rtb-1", "routes": [{"destination": "0.0.0.0/0", "target": "igw-1"}]}]
/// }
/// ```
///
/// It is translated into the same DTOs as `describe-*` output, so both forms build the same
/// model. Unlike AWS output, unknown keys are errors (a typo must not pass silently), and the
/// VPC of an object may be left out when the document has exactly one VPC. docs/topology.md
/// describes every key.
struct NativeTopologyReader {
  /// The key that marks a native document; its value is the format version.
  static let versionKey = "flowcause-topology"
  /// The one version this reader knows.
  static let version = 1

  static let topLevelKeys = [
    versionKey, "description", "vpcs", "subnets", "route-tables", "internet-gateways",
    "egress-only-internet-gateways", "nat-gateways", "network-acls", "security-groups",
    "network-interfaces", "prefix-lists", "peering-connections", "transit-gateways",
    "vpc-endpoints",
  ]

  let root: JSONObjectReader
  var document: String { root.file }
  /// The document's VPCs and their CIDRs, in order.
  var vpcs: [(id: String, cidrs: [CIDR])] = []
  /// The document's subnets and their VPCs.
  var subnetVPCs: [String: String] = [:]

  /// Reads a native document into `inventory`.
  static func read(_ root: JSONObjectReader, into inventory: inout TopologyInventory)
    throws(TopologyLoadError)
  {
    try root.rejectUnknownKeys(allowed: topLevelKeys)
    let versionReader = try root.required(versionKey)
    guard case .number(let number) = versionReader.value else {
      throw versionReader.mismatch("the format version, the number \(version)")
    }
    guard number.text == String(version) else {
      throw versionReader.error(
        "unsupported version \(number.text); this flowcause reads version \(version)")
    }
    _ = try root.optionalString("description")
    var reader = NativeTopologyReader(root: root)
    try reader.readVPCs(into: &inventory)
    try reader.readSubnets(into: &inventory)
    try reader.readRouteTables(into: &inventory)
    try reader.readInternetGateways(into: &inventory)
    try reader.readNatGateways(into: &inventory)
    try reader.readNetworkACLs(into: &inventory)
    try reader.readSecurityGroups(into: &inventory)
    try reader.readNetworkInterfaces(into: &inventory)
    try reader.readPrefixLists(into: &inventory)
    try reader.readPeeringConnections(into: &inventory)
    try reader.readTransitGateways(into: &inventory)
    try reader.readVpcEndpoints(into: &inventory)
  }

  // MARK: - Shared pieces

  /// The objects of section `key`, each checked against `allowed` keys.
  func section(_ key: String, allowed: [String]) throws(TopologyLoadError) -> [JSONObjectReader] {
    let objects = try root.optionalObjects(key)
    for object in objects { try object.rejectUnknownKeys(allowed: allowed) }
    return objects
  }

  /// The object's `vpc`, or the document's only VPC when it is left out.
  func vpc(of object: JSONObjectReader) throws(TopologyLoadError) -> String {
    if let vpc = try object.optionalString("vpc") { return vpc }
    if vpcs.count == 1, let only = vpcs.first { return only.id }
    throw TopologyLoadError(
      file: document, path: JSONReader.path(object.path, key: "vpc"),
      message: "required key is missing (it may be left out only when the document has exactly "
        + "one VPC; it has \(vpcs.count))")
  }

  /// An array of strings.
  static func strings(_ reader: JSONReader) throws(TopologyLoadError) -> [String] {
    var strings: [String] = []
    for element in try reader.array() { strings.append(try element.string()) }
    return strings
  }

  /// An array of CIDRs of `family`.
  static func cidrs(_ reader: JSONReader, _ family: JSONReader.Family) throws(TopologyLoadError)
    -> [CIDR]
  {
    var cidrs: [CIDR] = []
    for element in try reader.array() { cidrs.append(try element.cidr(family)) }
    return cidrs
  }

  // MARK: - VPCs and subnets

  mutating func readVPCs(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    for object in try section("vpcs", allowed: ["id", "cidrs", "default"]) {
      let id = try object.string("id")
      let cidrs = try Self.cidrs(object.required("cidrs"), .any)
      let ipv4 = cidrs.filter { !$0.isIPv6 }
      let vpc = VpcDTO(
        vpcId: id, cidrBlock: ipv4.first,
        cidrBlockAssociationSet: ipv4.map { CidrAssociationDTO(cidr: $0) },
        ipv6CidrBlockAssociationSet: cidrs.filter(\.isIPv6).map { CidrAssociationDTO(cidr: $0) },
        isDefault: try object.optionalBool("default") ?? false)
      vpcs.append((id, vpc.cidrs))
      inventory.add(vpc, id: id, document: document, path: object.path, to: \.vpcs)
    }
  }

  mutating func readSubnets(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    let keys = [
      "id", "vpc", "cidrs", "availability-zone", "map-public-ip", "route-table", "network-acl",
    ]
    for object in try section("subnets", allowed: keys) {
      let id = try object.string("id")
      let vpc = try vpc(of: object)
      let cidrsReader = try object.required("cidrs")
      let cidrs = try Self.cidrs(cidrsReader, .any)
      let ipv4 = cidrs.filter { !$0.isIPv6 }
      guard ipv4.count <= 1 else {
        throw cidrsReader.error("a subnet has at most one IPv4 CIDR block; found \(ipv4.count)")
      }
      guard !cidrs.isEmpty else { throw cidrsReader.error("a subnet needs a CIDR block") }
      let subnet = SubnetDTO(
        subnetId: id, vpcId: vpc, cidrBlock: ipv4.first,
        ipv6CidrBlockAssociationSet: cidrs.filter(\.isIPv6).map { CidrAssociationDTO(cidr: $0) },
        availabilityZone: try object.optionalString("availability-zone"),
        mapPublicIpOnLaunch: try object.optionalBool("map-public-ip") ?? false)
      subnetVPCs[id] = vpc
      inventory.add(subnet, id: id, document: document, path: object.path, to: \.subnets)
      if let table = try object.optionalString("route-table") {
        inventory.subnetRouteTables.append(.init(subnetId: id, targetId: table))
      }
      if let acl = try object.optionalString("network-acl") {
        inventory.subnetNetworkAcls.append(.init(subnetId: id, targetId: acl))
      }
    }
  }

  // MARK: - Gateways

  func readInternetGateways(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    let keys = ["id", "vpc", "attached"]
    for (section, state) in [
      ("internet-gateways", "available"), ("egress-only-internet-gateways", "attached"),
    ] {
      for object in try self.section(section, allowed: keys) {
        let id = try object.string("id")
        var attachments: [InternetGatewayDTO.Attachment] = []
        if try object.optionalBool("attached") ?? true {
          attachments.append(.init(vpcId: try vpc(of: object), state: state))
        }
        let gateway = InternetGatewayDTO(id: id, attachments: attachments)
        if section == "internet-gateways" {
          inventory.add(
            gateway, id: id, document: document, path: object.path, to: \.internetGateways)
        } else {
          inventory.add(
            gateway, id: id, document: document, path: object.path, to: \.egressOnlyInternetGateways
          )
        }
      }
    }
  }

  func readNatGateways(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    let keys = [
      "id", "subnet", "private-ip", "public-ip", "state", "connectivity", "network-interface",
    ]
    for object in try section("nat-gateways", allowed: keys) {
      let id = try object.string("id")
      let subnet = try object.string("subnet")
      let privateIP = try object.optionalAddress("private-ip", .ipv4)
      let publicIP = try object.optionalAddress("public-ip", .ipv4)
      let interface = try object.optionalString("network-interface")
      let addresses =
        privateIP == nil && publicIP == nil && interface == nil
        ? []
        : [
          NatGatewayDTO.Address(
            privateIp: privateIP, publicIp: publicIP, networkInterfaceId: interface)
        ]
      let gateway = NatGatewayDTO(
        natGatewayId: id, vpcId: subnetVPCs[subnet], subnetId: subnet,
        state: try object.optionalString("state") ?? "available",
        connectivityType: try NatGatewayDTO.connectivity(object.optional("connectivity")),
        natGatewayAddresses: addresses)
      inventory.add(gateway, id: id, document: document, path: object.path, to: \.natGateways)
    }
  }

  // MARK: - Prefix lists and peering

  /// Prefix lists: `id`, `name`, `cidrs`. A list without `cidrs` has unknown entries, like a
  /// list whose `get-managed-prefix-list-entries` output was not collected.
  func readPrefixLists(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    for object in try section("prefix-lists", allowed: ["id", "name", "cidrs"]) {
      let id = try object.string("id")
      var cidrs: [CIDR]?
      if let reader = object.optional("cidrs") { cidrs = try Self.cidrs(reader, .any) }
      let list = ManagedPrefixListDTO(
        prefixListId: id, prefixListName: try object.optionalString("name"), cidrs: cidrs)
      inventory.add(list, id: id, document: document, path: object.path, to: \.prefixLists)
    }
  }

  func readPeeringConnections(into inventory: inout TopologyInventory) throws(TopologyLoadError) {
    let keys = [
      "id", "requester-vpc", "accepter-vpc", "status", "requester-cidrs", "accepter-cidrs",
    ]
    for object in try section("peering-connections", allowed: keys) {
      let id = try object.string("id")
      var requesterCIDRs: [CIDR] = []
      if let reader = object.optional("requester-cidrs") {
        requesterCIDRs = try Self.cidrs(reader, .any)
      }
      var accepterCIDRs: [CIDR] = []
      if let reader = object.optional("accepter-cidrs") {
        accepterCIDRs = try Self.cidrs(reader, .any)
      }
      let peering = VpcPeeringConnectionDTO(
        vpcPeeringConnectionId: id,
        requesterVpcInfo: .init(
          vpcId: try object.string("requester-vpc"), cidrs: requesterCIDRs),
        accepterVpcInfo: .init(vpcId: try object.string("accepter-vpc"), cidrs: accepterCIDRs),
        statusCode: try object.optionalString("status") ?? "active")
      inventory.add(
        peering, id: id, document: document, path: object.path, to: \.peeringConnections)
    }
  }
}
