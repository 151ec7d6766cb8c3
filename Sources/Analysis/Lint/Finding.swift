import Messages
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

    /// One line: what the finding says (SARIF's `shortDescription`; docs/lint.md, "SARIF"), in
    /// English.
    public var title: String { titleNote.text }

    /// The title, worded in a language when read.
    public var titleNote: Explanation {
      let message: Message =
        switch self {
        case .naclBlocksReplies: .lintTitleNaclBlocksReplies
        case .tierRepliesBlocked: .lintTitleTierRepliesBlocked
        case .naclBlocksOutboundReplies: .lintTitleNaclBlocksOutboundReplies
        case .naclEntryShadowed: .lintTitleNaclEntryShadowed
        case .naclDenyShadowedByAllow: .lintTitleNaclDenyShadowedByAllow
        case .naclAllowShadowedByDeny: .lintTitleNaclAllowShadowedByDeny
        case .sgAdminPortOpenToWorld: .lintTitleSgAdminPortOpenToWorld
        case .sgAdminPortOpenToWorldPrivate: .lintTitleSgAdminPortOpenToWorldPrivate
        case .ipv6AllowedBySGMissingFromNACL: .lintTitleIpv6AllowedBySGMissingFromNACL
        case .publicSubnetWithoutIGWRoute: .lintTitlePublicSubnetWithoutIGWRoute
        case .publicIPWithoutIGWRoute: .lintTitlePublicIPWithoutIGWRoute
        case .blackholeRoute: .lintTitleBlackholeRoute
        case .sgReferencesMissingGroup: .lintTitleSgReferencesMissingGroup
        case .sgUnattached: .lintTitleSgUnattached
        case .untrackedFlow: .lintTitleUntrackedFlow
        case .tgwRouteDrops: .lintTitleTgwRouteDrops
        case .lbTargetUnreachable: .lintTitleLbTargetUnreachable
        case .sgReferenceNotCarried: .lintTitleSgReferenceNotCarried
        case .tgwApplianceModeOff: .lintTitleTgwApplianceModeOff
        case .endpointSGBlocksClients: .lintTitleEndpointSGBlocksClients
        }
      return Explanation(message)
    }

    /// What to change, in general (SARIF's `help`; each finding's `fix` names the rule), in
    /// English.
    public var help: String { helpNote.text }

    /// The help, worded in a language when read.
    public var helpNote: Explanation {
      let message: Message =
        switch self {
        case .naclBlocksReplies, .tierRepliesBlocked, .naclBlocksOutboundReplies:
          .lintHelpNaclBlocksReplies
        case .naclEntryShadowed: .lintHelpNaclEntryShadowed
        case .naclDenyShadowedByAllow: .lintHelpNaclDenyShadowedByAllow
        case .naclAllowShadowedByDeny: .lintHelpNaclAllowShadowedByDeny
        case .sgAdminPortOpenToWorld: .lintHelpSgAdminPortOpenToWorld
        case .sgAdminPortOpenToWorldPrivate: .lintHelpSgAdminPortOpenToWorldPrivate
        case .ipv6AllowedBySGMissingFromNACL: .lintHelpIpv6AllowedBySGMissingFromNACL
        case .publicSubnetWithoutIGWRoute: .lintHelpPublicSubnetWithoutIGWRoute
        case .publicIPWithoutIGWRoute: .lintHelpPublicIPWithoutIGWRoute
        case .blackholeRoute: .lintHelpBlackholeRoute
        case .sgReferencesMissingGroup: .lintHelpSgReferencesMissingGroup
        case .sgUnattached: .lintHelpSgUnattached
        case .untrackedFlow: .lintHelpUntrackedFlow
        case .tgwRouteDrops: .lintHelpTgwRouteDrops
        case .lbTargetUnreachable: .lintHelpLbTargetUnreachable
        case .sgReferenceNotCarried: .lintHelpSgReferenceNotCarried
        case .tgwApplianceModeOff: .lintHelpTgwApplianceModeOff
        case .endpointSGBlocksClients: .lintHelpEndpointSGBlocksClients
        }
      return Explanation(message)
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
  /// One sentence: what is wrong and what it means, worded in a language when read.
  public var note: Explanation
  /// A concrete change that resolves it, worded in a language when read.
  public var fixNote: Explanation

  /// ``note`` in English (JSON, SARIF and tests read it).
  public var explanation: String { note.text }
  /// ``fixNote`` in English.
  public var fix: String { fixNote.text }

  public init(
    id: ID, severity: Severity, componentId: String, rules: [Rule] = [],
    relatedIds: [String] = [], shadowedBy: [Int] = [], clientsCutOff: [ClientKind] = [],
    note: Explanation, fixNote: Explanation
  ) {
    self.id = id
    self.severity = severity
    self.componentId = componentId
    self.rules = rules
    self.relatedIds = relatedIds
    self.shadowedBy = shadowedBy
    self.clientsCutOff = clientsCutOff
    self.note = note
    self.fixNote = fixNote
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

  /// `Linux clients (32768-60999)`, in English.
  public var label: String { labelNote.text }

  /// The label, worded in a language when read.
  public var labelNote: Explanation {
    switch self {
    case .linux: Explanation(.lintClientKindLinux)
    case .windows: Explanation(.lintClientKindWindows)
    case .natGatewayELBLambda: Explanation(.lintClientKindNAT)
    }
  }
}
