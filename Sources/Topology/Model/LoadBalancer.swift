/// An Elastic Load Balancing v2 load balancer (`aws elbv2 describe-load-balancers`).
public struct LoadBalancer: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable {
    case application, network, gateway
  }

  public var arn: String
  public var name: String
  public var kind: Kind
  /// `internet-facing` or `internal`.
  public var scheme: String
  public var vpcId: String
  public var securityGroupIds: [String]
  public var subnetIds: [String]

  public init(
    arn: String, name: String, kind: Kind, scheme: String = "internet-facing", vpcId: String,
    securityGroupIds: [String] = [], subnetIds: [String] = []
  ) {
    self.arn = arn
    self.name = name
    self.kind = kind
    self.scheme = scheme
    self.vpcId = vpcId
    self.securityGroupIds = securityGroupIds
    self.subnetIds = subnetIds
  }

  /// `app/NAME/ID`: the end of its ARN, which its node ENIs' description carries after `ELB `.
  public var resourceName: String {
    guard let range = arn.firstRange(of: "loadbalancer/") else { return name }
    return String(arn[range.upperBound...])
  }
}

/// An Elastic Load Balancing v2 target group (`describe-target-groups`, with
/// `describe-target-group-attributes` and `describe-target-health`).
public struct TargetGroup: Hashable, Sendable {
  public var arn: String
  public var name: String
  /// `HTTP`, `HTTPS`, `TCP`, `UDP`, `TLS`, `TCP_UDP`, `GENEVE`.
  public var protocolName: String?
  public var port: Int?
  public var vpcId: String?
  /// `instance`, `ip`, `lambda`, `alb`.
  public var targetType: String
  /// The health checks' port (`nil`: the port each target receives traffic on).
  public var healthCheckPort: Int?
  public var healthCheckProtocol: String?
  public var loadBalancerArns: [String]
  /// `preserve_client_ip.enabled` from the attributes (`nil`: not loaded).
  public var preserveClientIP: Bool?
  /// The registered targets and their health (`nil`: `describe-target-health` not loaded).
  public var targets: [Target]?

  public struct Target: Hashable, Sendable {
    /// An instance id or an IP address.
    public var id: String
    public var port: Int?
    /// `healthy`, `unhealthy`, `initial`, `unused`, `draining`, `unavailable`.
    public var state: String?
    public var reason: String?

    public init(id: String, port: Int? = nil, state: String? = nil, reason: String? = nil) {
      self.id = id
      self.port = port
      self.state = state
      self.reason = reason
    }
  }

  public init(
    arn: String, name: String, protocolName: String? = nil, port: Int? = nil,
    vpcId: String? = nil, targetType: String = "instance", healthCheckPort: Int? = nil,
    healthCheckProtocol: String? = nil, loadBalancerArns: [String] = [],
    preserveClientIP: Bool? = nil, targets: [Target]? = nil
  ) {
    self.arn = arn
    self.name = name
    self.protocolName = protocolName
    self.port = port
    self.vpcId = vpcId
    self.targetType = targetType
    self.healthCheckPort = healthCheckPort
    self.healthCheckProtocol = healthCheckProtocol
    self.loadBalancerArns = loadBalancerArns
    self.preserveClientIP = preserveClientIP
    self.targets = targets
  }

  /// Whether targets see the client's address: never behind an Application Load Balancer (an
  /// HTTP or HTTPS target group); the attribute, else AWS's default for the
  /// target type and protocol (Network Load Balancers Guide, "Client IP preservation": on for
  /// instance targets, and for IP targets over TCP and TLS it is off by default, on for UDP
  /// and TCP_UDP).
  public var clientIPPreserved: Bool {
    // An Application Load Balancer opens its own connections to the targets.
    if ["HTTP", "HTTPS"].contains(protocolName ?? "") { return false }
    if let preserveClientIP { return preserveClientIP }
    if targetType == "instance" { return true }
    return ["UDP", "TCP_UDP"].contains(protocolName ?? "")
  }

  /// `targetgroup/NAME/ID`: the end of its ARN.
  public var resourceName: String {
    guard let range = arn.firstRange(of: "targetgroup/") else { return name }
    return String(arn[range.lowerBound...])
  }
}
