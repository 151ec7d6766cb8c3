import NetworkPrimitives

/// Everything read from the documents, as DTOs, before it is built into a ``Topology``.
struct TopologyInventory {
  var vpcs = IdentifiedList<VpcDTO>()
  var subnets = IdentifiedList<SubnetDTO>()
  var routeTables = IdentifiedList<RouteTableDTO>()
  var internetGateways = IdentifiedList<InternetGatewayDTO>()
  var egressOnlyInternetGateways = IdentifiedList<InternetGatewayDTO>()
  var natGateways = IdentifiedList<NatGatewayDTO>()
  var networkAcls = IdentifiedList<NetworkAclDTO>()
  var securityGroups = IdentifiedList<SecurityGroupDTO>()
  var securityGroupRules = IdentifiedList<SecurityGroupRuleDTO>()
  var networkInterfaces = IdentifiedList<NetworkInterfaceDTO>()
  var instances = IdentifiedList<InstanceDTO>()
  var prefixLists = IdentifiedList<ManagedPrefixListDTO>()
  var prefixListEntries = IdentifiedList<PrefixListEntriesDTO>()
  /// `get-managed-prefix-list-entries` output whose document name gives no `pl-…` id (the
  /// output itself never names its list): the document, and its CIDRs.
  var unnamedPrefixListEntries: [(document: String, cidrs: [CIDR])] = []
  var addresses = IdentifiedList<AddressDTO>()
  var peeringConnections = IdentifiedList<VpcPeeringConnectionDTO>()
  var transitGateways = IdentifiedList<TransitGatewayDTO>()
  /// `describe-transit-gateway-attachments` and `describe-transit-gateway-vpc-attachments`,
  /// merged by id when built.
  var transitGatewayAttachments = IdentifiedList<TransitGatewayAttachmentDTO>()
  var transitGatewayVpcAttachments = IdentifiedList<TransitGatewayAttachmentDTO>()
  var transitGatewayRouteTables = IdentifiedList<TransitGatewayRouteTableDTO>()
  /// A transit gateway route table's routes, associations and propagations, by table id.
  var transitGatewayRoutes = IdentifiedList<TransitGatewayRouteTableContentsDTO>()
  var transitGatewayAssociations = IdentifiedList<TransitGatewayRouteTableContentsDTO>()
  var transitGatewayPropagations = IdentifiedList<TransitGatewayRouteTableContentsDTO>()
  var vpcEndpoints = IdentifiedList<VpcEndpointDTO>()
  var firewalls = IdentifiedList<FirewallDTO>()
  var vpnGateways = IdentifiedList<VpnGatewayDTO>()
  var vpnConnections = IdentifiedList<VpnConnectionDTO>()
  var loadBalancers = IdentifiedList<LoadBalancerDTO>()
  var targetGroups = IdentifiedList<TargetGroupDTO>()
  /// Target group attributes and health, matched to their group by document name when built.
  var targetGroupContents: [TargetGroupContentsDTO] = []
  /// Subnet → route table associations written on the subnet (native format).
  var subnetRouteTables: [SubnetAssociation] = []
  /// Subnet → network ACL associations written on the subnet (native format).
  var subnetNetworkAcls: [SubnetAssociation] = []
  /// Where each resource was read: its document and JSON path (the first description wins,
  /// but a transit gateway attachment is placed in `describe-transit-gateway-vpc-attachments`
  /// when it is described there: its subnets and options, which findings name, are read there).
  var sources: [String: Topology.Source] = [:]
  /// Warnings found while reading (duplicates, documents with nothing to read).
  var warnings: [TopologyWarning] = []

  /// A subnet and the route table or network ACL it names.
  struct SubnetAssociation: Hashable {
    var subnetId: String
    var targetId: String
  }

  /// Adds `element` to `list` under `id`, recording a warning for a differing duplicate.
  mutating func add<Element: Hashable>(
    _ element: Element, id: String, document: String, path: String,
    to list: WritableKeyPath<TopologyInventory, IdentifiedList<Element>>
  ) {
    if sources[id] == nil || path.hasPrefix("TransitGatewayVpcAttachments") {
      sources[id] = Topology.Source(file: document, path: path)
    }
    if let warning = self[keyPath: list].add(element, id: id, document: document) {
      warnings.append(warning)
    }
  }
}
