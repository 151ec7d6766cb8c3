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
  /// The component to change: `acl-…`, `sg-…`, `rtb-…`, `subnet-…` or `eni-…`.
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
