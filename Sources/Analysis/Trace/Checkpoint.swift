import NetworkPrimitives
import Topology

/// One check a packet passes on its way, in AWS's order: source SG egress, source subnet NACL
/// egress, route lookup, gateway, destination subnet NACL ingress, destination SG ingress.
public struct Checkpoint: Hashable, Sendable {
  /// What is checked. The raw values are the stable `Check` vocabulary of `trace --output json`.
  ///
  /// | Check | What it decides |
  /// | --- | --- |
  /// | `security-group-egress` | the outbound rules of the sending ENI's security groups |
  /// | `network-acl-egress` | the outbound entries of the NACL of the subnet the packet leaves |
  /// | `route-table` | the route the subnet's route table chooses for the destination |
  /// | `internet-gateway` | the internet gateway: attachment and public address mapping |
  /// | `nat-gateway` | the NAT gateway: state and address translation |
  /// | `egress-only-internet-gateway` | the egress-only internet gateway (IPv6, outbound-initiated) |
  /// | `vpc-peering-connection` | the peering connection: state and the peer VPC's CIDRs |
  /// | `virtual-private-gateway` | a virtual private gateway: attached to the VPC, its VPN connections up; past it the on-premises network is outside the model |
  /// | `vpc-endpoint` | a VPC endpoint a route sends the packet to: a gateway endpoint carries it to its service; a Gateway Load Balancer or Network Firewall endpoint inspects it (not evaluated) |
  /// | `transit-gateway` | the transit gateway: its attachments, the route its route table chooses, the attachment that delivers |
  /// | `network-acl-ingress` | the inbound entries of the NACL of the subnet the packet enters |
  /// | `security-group-ingress` | the inbound rules of the receiving ENI's security groups |
  /// | `destination` | whether the destination address belongs to something that can receive it |
  public enum Check: String, Hashable, Sendable, CaseIterable {
    case securityGroupEgress = "security-group-egress"
    case networkACLEgress = "network-acl-egress"
    case routeTable = "route-table"
    case internetGateway = "internet-gateway"
    case natGateway = "nat-gateway"
    case egressOnlyInternetGateway = "egress-only-internet-gateway"
    case peeringConnection = "vpc-peering-connection"
    case virtualPrivateGateway = "virtual-private-gateway"
    case vpcEndpoint = "vpc-endpoint"
    case transitGateway = "transit-gateway"
    case networkACLIngress = "network-acl-ingress"
    case securityGroupIngress = "security-group-ingress"
    case destination = "destination"
  }

  /// How the check came out. The raw values are the stable `Result` vocabulary.
  ///
  /// | Result | Meaning |
  /// | --- | --- |
  /// | `allowed` | the packet passes; the rule or route that decided is named |
  /// | `denied` | the packet is dropped here; the explanation code says why |
  /// | `skipped` | the check does not apply (two ENIs of one subnet: no NACL between them) |
  /// | `undetermined` | the model cannot decide (a prefix list without entries, a component flowcause does not model) |
  public enum Result: String, Hashable, Sendable, CaseIterable {
    case allowed, denied, skipped, undetermined
  }

  public var check: Check
  public var result: Result
  /// The component decided on: `sg-…` (or several, comma-separated), `acl-…`, `rtb-…`, `igw-…`.
  public var componentId: String?
  /// The packet as it is at this point (after any address translation before it).
  public var packet: Packet
  /// The rule or route that decided, in AWS's terms.
  public var rule: RuleReference?
  /// Set when `result` is `denied` or `undetermined`.
  public var code: ExplanationCode?
  /// One sentence a person reads, kept as its pieces (`explanation` is its text).
  public var note: Explanation
  /// One sentence a person reads.
  public var explanation: String {
    get { note.text }
    set { note = Explanation(newValue) }
  }
  /// The ENI whose security groups this checkpoint evaluates.
  public var interfaceId: String?
  /// The subnet whose network ACL this checkpoint evaluates.
  public var subnetId: String?

  public init(
    check: Check, result: Result, componentId: String?, packet: Packet, rule: RuleReference? = nil,
    code: ExplanationCode? = nil, explanation: Explanation
  ) {
    self.check = check
    self.result = result
    self.componentId = componentId
    self.packet = packet
    self.rule = rule
    self.code = code
    self.note = explanation
  }
}

/// The rule or route that decided a checkpoint.
public enum RuleReference: Hashable, Sendable {
  case securityGroupRule(groupId: String, rule: SecurityGroupRule, direction: Direction)
  case networkACLEntry(aclId: String, entry: NetworkACLEntry)
  case route(tableId: String, route: Route)
  case transitGatewayRoute(tableId: String, route: TransitGatewayRoute)
  case connectionTracking(groupIds: [String])
}

/// Why a path is not reachable, named as AWS Reachability Analyzer names it where one fits.
///
/// | Code | When |
/// | --- | --- |
/// | `ENI_SG_RULES_MISMATCH` | no rule of the ENI's security groups allows the packet |
/// | `SG_HAS_NO_RULES` | the ENI's security groups have no rule at all in that direction |
/// | `SUBNET_ACL_RESTRICTION` | a NACL entry (or the implicit `*` deny) drops the packet |
/// | `NO_ROUTE_TO_DESTINATION` | no route in the subnet's route table covers the destination |
/// | `BAD_STATE_ROUTE` | the chosen route is a `blackhole` (its target was deleted) |
/// | `CANNOT_ROUTE` | the chosen route's target cannot carry this packet (IPv4 to an egress-only gateway, a private address to the internet gateway) |
/// | `IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS` | IPv4 to the internet from an ENI without a public or Elastic IP |
/// | `IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS` | from the internet to an address that is not a public IP of an ENI |
/// | `BAD_STATE_ATTACHMENT` | the internet gateway the route names is not attached to the VPC |
/// | `NO_PATH` | nothing connects the two ends (the VPC has no internet gateway, inbound to an egress-only path) |
/// | `BAD_STATE` | a NAT gateway or peering connection that is not `available`/`active` |
/// | `PCX_REQUIRES_ADDRESS_IN_VPC_CIDR` | a peering connection carries only traffic to the peer VPC's CIDRs |
/// | `BAD_STATE_VPN` | every VPN connection of the virtual private gateway is down |
/// | `TGW_RTB_CANNOT_ROUTE` | the transit gateway route table associated with the packet's attachment has no route for its destination |
/// | `UNKNOWN_DESTINATION` | a VPC address that no ENI in the topology owns |
/// | `UNKNOWN_SOURCE` | the source is a VPC address that no ENI in the topology owns: its security groups, public address and translations are unknown |
/// | `UNSUPPORTED_COMPONENT` | the path crosses something flowcause does not model (a VPN or Direct Connect attachment, an endpoint, an appliance ENI), or a component whose description the topology lacks |
/// | `UNKNOWN_PREFIX_LIST` | a rule or a route that could decide names a prefix list whose entries the topology lacks |
/// | `VPC_BLOCK_PUBLIC_ACCESS_ENABLED` | (diagnosis) the flow log's `reject-reason` is `BPA` |
public enum ExplanationCode: String, Hashable, Sendable, CaseIterable {
  case eniSGRulesMismatch = "ENI_SG_RULES_MISMATCH"
  case sgHasNoRules = "SG_HAS_NO_RULES"
  case subnetACLRestriction = "SUBNET_ACL_RESTRICTION"
  case noRouteToDestination = "NO_ROUTE_TO_DESTINATION"
  case badStateRoute = "BAD_STATE_ROUTE"
  case cannotRoute = "CANNOT_ROUTE"
  case igwPublicIPAssociationForEgress = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"
  case igwPrivateIPAssociationForIngress = "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
  case badStateAttachment = "BAD_STATE_ATTACHMENT"
  case noPath = "NO_PATH"
  case badState = "BAD_STATE"
  case pcxRequiresAddressInVPCCIDR = "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"
  case badStateVPN = "BAD_STATE_VPN"
  case tgwRtbCannotRoute = "TGW_RTB_CANNOT_ROUTE"
  case unknownDestination = "UNKNOWN_DESTINATION"
  case unknownSource = "UNKNOWN_SOURCE"
  case unsupportedComponent = "UNSUPPORTED_COMPONENT"
  case unknownPrefixList = "UNKNOWN_PREFIX_LIST"
  case vpcBlockPublicAccessEnabled = "VPC_BLOCK_PUBLIC_ACCESS_ENABLED"
}

extension Checkpoint.Check {
  /// Whether the check is a route or a gateway on the way (a routing cause), not a security
  /// group or a network ACL.
  public var isRouting: Bool {
    switch self {
    case .routeTable, .internetGateway, .natGateway, .egressOnlyInternetGateway,
      .peeringConnection, .transitGateway, .vpcEndpoint, .virtualPrivateGateway:
      return true
    case .securityGroupEgress, .networkACLEgress, .networkACLIngress, .securityGroupIngress,
      .destination:
      return false
    }
  }
}

extension Checkpoint {
  /// Whether this is the check of `interface`'s subnet's network ACL on the packet's way out
  /// of or into that ENI itself: its subnet, and the ENI's own private address (or IPv6) on its
  /// side of the packet. A NAT gateway's hop in the same subnet crosses the same ACL for another
  /// interface (the NAT gateway's), and its refusal is not logged on this one.
  func isNetworkACLCrossing(of interface: NetworkInterface) -> Bool {
    guard subnetId == interface.subnetId else { return false }
    // A transit gateway attachment's ENI carries other ENIs' packets: every check of its
    // subnet's network ACL on a path through the gateway is its crossing.
    if interface.interfaceType == "transit_gateway" {
      return check == .networkACLEgress || check == .networkACLIngress
    }
    switch check {
    case .networkACLEgress:
      return interface.privateIPv4s.contains(packet.source)
        || interface.ipv6s.contains(packet.source)
    case .networkACLIngress:
      return interface.privateIPv4s.contains(packet.destination)
        || interface.ipv6s.contains(packet.destination)
    default:
      return false
    }
  }
}
