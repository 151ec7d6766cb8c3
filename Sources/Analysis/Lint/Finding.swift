import NetworkPrimitives
import Topology

/// One problem `flowcause lint` finds in a security design, with the rule it names and a fix.
public struct Finding: Hashable, Sendable {
  /// What kind of problem; the stable id (docs/lint.md has one row per case).
  public enum ID: String, CaseIterable, Hashable, Sendable {
    case naclBlocksReplies = "nacl-blocks-replies"
    case tierRepliesBlocked = "tier-replies-blocked"
    case naclBlocksOutboundReplies = "nacl-blocks-outbound-replies"
    case naclEntryShadowed = "nacl-entry-shadowed"
    case naclDenyShadowedByAllow = "nacl-deny-shadowed-by-allow"
    case naclAllowShadowedByDeny = "nacl-allow-shadowed-by-deny"
    case sgAdminPortOpenToWorld = "sg-admin-port-open-to-world"
    case sgAdminPortOpenToWorldPrivate = "sg-admin-port-open-to-world-private"
    case ipv6AllowedBySGMissingFromNACL = "ipv6-allowed-by-sg-missing-from-nacl"
    case publicSubnetWithoutIGWRoute = "public-subnet-without-igw-route"
    case publicIPWithoutIGWRoute = "public-ip-without-igw-route"
    case blackholeRoute = "blackhole-route"
    case sgReferencesMissingGroup = "sg-references-missing-group"
    case sgUnattached = "sg-unattached"
    case untrackedFlow = "untracked-flow"
    case tgwRouteDrops = "tgw-route-drops"
    case lbTargetUnreachable = "lb-target-unreachable"
    case sgReferenceNotCarried = "sg-reference-not-carried"
    case tgwApplianceModeOff = "tgw-appliance-mode-off"
    case endpointSGBlocksClients = "endpoint-sg-blocks-clients"

    /// One line: what the finding says (SARIF's `shortDescription`; docs/lint.md, "SARIF").
    public var title: String {
      switch self {
      case .naclBlocksReplies:
        return "A network ACL denies the replies of a service a security group allows"
      case .tierRepliesBlocked:
        return "A network ACL denies the replies to a client tier a security group allows"
      case .naclBlocksOutboundReplies:
        return "A network ACL denies the replies of calls to the internet"
      case .naclEntryShadowed: return "A network ACL entry is never reached and changes nothing"
      case .naclDenyShadowedByAllow:
        return "A network ACL deny entry never fires: an earlier entry allows its packets"
      case .naclAllowShadowedByDeny:
        return "A network ACL allow entry never fires: an earlier entry denies its packets"
      case .sgAdminPortOpenToWorld: return "An admin or database port is open to the internet"
      case .sgAdminPortOpenToWorldPrivate:
        return "An admin or database port is open to all addresses on a private host"
      case .ipv6AllowedBySGMissingFromNACL:
        return "A security group allows IPv6 that the network ACL does not"
      case .publicSubnetWithoutIGWRoute:
        return "A subnet maps public IPv4 addresses but does not route to an internet gateway"
      case .publicIPWithoutIGWRoute:
        return "An ENI's public IPv4 address reaches nothing: no route to an internet gateway"
      case .blackholeRoute:
        return "A route's target was deleted: it still matches and drops traffic"
      case .sgReferencesMissingGroup:
        return "A security group rule names a group that is not in the topology"
      case .sgUnattached: return "A security group is attached to no ENI"
      case .untrackedFlow: return "Flows a security group allows are untracked"
      case .tgwRouteDrops:
        return "A route to a transit gateway leads to no route, a blackhole, or no way back"
      case .lbTargetUnreachable:
        return "A load balancer's health checks or requests cannot reach a registered target"
      case .sgReferenceNotCarried:
        return "A security group rule names a group of another VPC that the reference cannot reach"
      case .tgwApplianceModeOff:
        return
          "A transit gateway hands traffic to a stateful appliance in several zones without appliance mode"
      case .endpointSGBlocksClients:
        return "An interface endpoint's security groups refuse the clients of its VPC"
      }
    }

    /// What to change, in general (SARIF's `help`; each finding's `fix` names the rule).
    public var help: String {
      switch self {
      case .naclBlocksReplies, .tierRepliesBlocked, .naclBlocksOutboundReplies:
        return
          "Network ACLs are stateless: add an allow entry for the protocol and ports 1024-65535 (AWS's advice for replies) to or from the clients, numbered below the entry that denies."
      case .naclEntryShadowed:
        return "Delete the entry: earlier entries decide all its packets the same way."
      case .naclDenyShadowedByAllow:
        return "Renumber the deny below the first allow that matches its packets, or delete it."
      case .naclAllowShadowedByDeny: return "Renumber the allow below the deny, or delete it."
      case .sgAdminPortOpenToWorld:
        return
          "Name the administrators' range or a prefix list instead of all addresses, or remove the rule and use Session Manager, a bastion or a VPN."
      case .sgAdminPortOpenToWorldPrivate:
        return
          "Name the clients that need the port (their security group, or their subnets' CIDRs) instead of all addresses."
      case .ipv6AllowedBySGMissingFromNACL:
        return "Add IPv6 entries mirroring the IPv4 ones, or drop ::/0 from the rules."
      case .publicSubnetWithoutIGWRoute:
        return
          "Add 0.0.0.0/0 to an internet gateway to the subnet's route table, or stop mapping public addresses."
      case .publicIPWithoutIGWRoute:
        return "Route the subnet to the internet gateway, or release the address."
      case .blackholeRoute: return "Point the route at a live target (replace-route) or delete it."
      case .sgReferencesMissingGroup:
        return
          "Remove the rule or name an existing group; collect the group if it lives in another VPC or account."
      case .sgUnattached: return "Attach the group where it is meant to apply, or delete it."
      case .untrackedFlow:
        return
          "Nothing if intended; narrow the all-traffic rule to have the flows tracked (removing the rule cuts open connections at once)."
      case .tgwRouteDrops:
        return
          "Give the transit gateway's route table a route to the destination's attachment (or its propagation), and the far VPC a route back to the transit gateway."
      case .lbTargetUnreachable:
        return
          "Allow the health-check and traffic ports from the load balancer (its security group, or its subnets' CIDRs) in the target's security groups and network ACL."
      case .sgReferenceNotCarried:
        return
          "Name the CIDRs instead, or join the VPCs by an active peering connection (or, for inbound rules, a transit gateway with security group referencing on)."
      case .tgwApplianceModeOff:
        return
          "Enable appliance mode on the inspection VPC's attachment (modify-transit-gateway-vpc-attachment --options ApplianceModeSupport=enable)."
      case .endpointSGBlocksClients:
        return
          "Allow the service's port (tcp 443 for AWS services) from the VPC's CIDR, or from the clients' security group, in the endpoint's security group."
      }
    }
  }

  /// How much it matters; `--fail-on` compares against it.
  public enum Severity: String, CaseIterable, Hashable, Sendable, Comparable {
    /// Traffic the design lets in (or out) fails, or a sensitive port is open to the internet.
    case error
    /// Part of the design does not do what it says, or will break when something changes.
    case warning
    /// Worth knowing; nothing fails because of it.
    case notice

    public static func < (left: Severity, right: Severity) -> Bool {
      let order: [Severity] = [.notice, .warning, .error]
      return (order.firstIndex(of: left) ?? 0) < (order.firstIndex(of: right) ?? 0)
    }
  }

  /// The rule a finding is about, named as AWS names it.
  public enum Rule: Hashable, Sendable {
    case networkACLEntry(aclId: String, entry: NetworkACLEntry)
    case securityGroupRule(groupId: String, rule: SecurityGroupRule, direction: Direction)
    case route(tableId: String, route: Route)
  }

  public var id: ID
  public var severity: Severity
  /// The component to change: `acl-…`, `sg-…`, `rtb-…`, `subnet-…`, `eni-…`, `tgw-rtb-…`,
  /// `tgw-attach-…` or `vpce-…`.
  public var componentId: String
  /// The rules involved, the one to change first (a NACL entry, then the security group rule
  /// of the service it concerns).
  public var rules: [Rule]
  /// Other resources involved (ENIs, subnets, groups), sorted.
  public var relatedIds: [String]
  /// Earlier NACL entries that shadow this one (shadowing findings only).
  public var shadowedBy: [Int]
  /// The kinds of client whose replies are cut off (reply findings only).
  public var clientsCutOff: [ClientKind]
  /// Everything the rule affects, all of it (text shows counts and the first few).
  public var affected = Affected()
  /// One sentence: what is wrong and what it means.
  public var explanation: String
  /// A concrete change that resolves it.
  public var fix: String

  public init(
    id: ID, severity: Severity, componentId: String, rules: [Rule] = [],
    relatedIds: [String] = [], shadowedBy: [Int] = [], clientsCutOff: [ClientKind] = [],
    explanation: String, fix: String
  ) {
    self.id = id
    self.severity = severity
    self.componentId = componentId
    self.rules = rules
    self.relatedIds = relatedIds
    self.shadowedBy = shadowedBy
    self.clientsCutOff = clientsCutOff
    self.explanation = explanation
    self.fix = fix
  }

  /// What a finding affects: the ENIs whose traffic the rule decides, the groups and subnets
  /// they are in, the services and the clients. One finding per rule to change lists them all.
  public struct Affected: Hashable, Sendable {
    /// `eni-…`, sorted.
    public var interfaceIds: [String] = []
    /// `sg-…`, sorted.
    public var groupIds: [String] = []
    /// `subnet-…`, sorted.
    public var subnetIds: [String] = []
    /// `tcp 5432`, `udp 53`: the services (or calls) whose traffic is affected, sorted by protocol
    /// and port.
    public var services: [String] = []
    /// Who is cut off: `clients on the internet (0.0.0.0/0)`, `members of sg-… in subnet-…`.
    public var clients: [String] = []

    public init(
      interfaceIds: [String] = [], groupIds: [String] = [], subnetIds: [String] = [],
      services: [String] = [], clients: [String] = []
    ) {
      self.interfaceIds = interfaceIds
      self.groupIds = groupIds
      self.subnetIds = subnetIds
      self.services = services
      self.clients = clients
    }
  }

  /// The NACL entry, security group rule or route to change (the first of ``rules``); findings
  /// with the same id, component and rule are one finding.
  public var ruleToChange: Rule? { rules.first }

  /// What names a finding across runs: its id, component and rule to change
  /// (`nacl-blocks-replies/acl-0123/egress/32767`, `sg-admin-port-open-to-world/sg-0abc/inbound/tcp/22/0.0.0.0/0`).
  /// `--baseline` matches findings by it; SARIF's `partialFingerprints` carry it.
  public var fingerprint: String {
    var parts = [id.rawValue, componentId]
    if id == .untrackedFlow, case .securityGroupRule(_, _, let direction)? = ruleToChange {
      // One finding a group and direction, whatever rules it lists.
      return (parts + [direction.rawValue]).joined(separator: "/")
    }
    switch ruleToChange {
    case .networkACLEntry(_, let entry)?:
      parts += [entry.egress ? "egress" : "ingress", String(entry.ruleNumber)]
    case .securityGroupRule(let groupId, let rule, let direction)?:
      if groupId != componentId { parts.append(groupId) }
      parts.append(direction.rawValue)
      if let ruleId = rule.ruleId {
        parts.append(ruleId)
      } else {
        parts += [
          rule.protocolMatch.description, rule.ports.map(\.description) ?? "all",
          rule.peer.description,
        ]
      }
    case .route(let tableId, let route)?:
      if tableId != componentId { parts.append(tableId) }
      parts.append(route.destination.description)
    case nil: break
    }
    return parts.joined(separator: "/")
  }

  /// The rule number of the NACL entry the finding names, if any.
  public var aclRuleNumber: Int? {
    for rule in rules {
      if case .networkACLEntry(_, let entry) = rule { return entry.ruleNumber }
    }
    return nil
  }
}

/// A kind of client and the source ports it uses, which a reply must reach (VPC User Guide,
/// "Network ACLs", "Ephemeral ports").
public enum ClientKind: String, CaseIterable, Hashable, Sendable {
  /// Linux kernels' default `ip_local_port_range`, 32768-60999 (AWS's page says 32768-61000).
  case linux
  /// Windows Server 2008 and later, 49152-65535.
  case windows
  /// A NAT gateway's translated source ports, Elastic Load Balancing and AWS Lambda: 1024-65535.
  case natGatewayELBLambda = "nat-gateway-elb-lambda"

  public var ports: PortRange {
    switch self {
    case .linux: return PortRange(from: 32768, to: 60999)
    case .windows: return PortRange(from: 49152, to: 65535)
    case .natGatewayELBLambda: return PortRange(from: 1024, to: 65535)
    }
  }

  /// `Linux clients (32768-60999)`.
  public var label: String {
    switch self {
    case .linux: return "Linux clients (32768-60999)"
    case .windows: return "Windows clients (49152-65535)"
    case .natGatewayELBLambda: return "NAT gateways, load balancers and Lambda (1024-65535)"
    }
  }
}
