import NetworkPrimitives

/// A security group: allow-only rules per direction, evaluated as a union.
public struct SecurityGroup: Hashable, Sendable {
  public var id: String
  public var vpcId: String
  public var name: String?
  public var inbound: [SecurityGroupRule]
  public var outbound: [SecurityGroupRule]

  public init(
    id: String, vpcId: String, name: String? = nil, inbound: [SecurityGroupRule],
    outbound: [SecurityGroupRule]
  ) {
    self.id = id
    self.vpcId = vpcId
    self.name = name
    self.inbound = inbound
    self.outbound = outbound
  }
}

/// One security group rule with one peer (a CIDR, a prefix list or a group).
///
/// AWS's `IpPermissions` entries with several ranges are split into one rule per peer.
public struct SecurityGroupRule: Hashable, Sendable, CustomStringConvertible {
  public enum Peer: Hashable, Sendable, CustomStringConvertible {
    case cidr(CIDR)
    case prefixList(String)
    case securityGroup(String)

    public var description: String {
      switch self {
      case .cidr(let cidr): return cidr.description
      case .prefixList(let id), .securityGroup(let id): return id
      }
    }
  }

  /// `sgr-…` when the input had rule ids (`describe-security-group-rules`).
  public var ruleId: String?
  public var protocolMatch: ProtocolMatch
  /// TCP/UDP ports; `nil` = all (also for protocol `-1`).
  public var ports: PortRange?
  /// ICMP type and code (`FromPort`/`ToPort` for ICMP); `nil` = any.
  public var icmpType: Int?
  public var icmpCode: Int?
  public var peer: Peer
  public var ruleDescription: String?

  public init(
    ruleId: String? = nil, protocolMatch: ProtocolMatch, ports: PortRange? = nil,
    icmpType: Int? = nil, icmpCode: Int? = nil, peer: Peer, ruleDescription: String? = nil
  ) {
    self.ruleId = ruleId
    self.protocolMatch = protocolMatch
    self.ports = ports
    self.icmpType = icmpType
    self.icmpCode = icmpCode
    self.peer = peer
    self.ruleDescription = ruleDescription
  }

  /// `tcp 443 0.0.0.0/0`, as a person reads a rule.
  public var description: String {
    var text = protocolMatch.description
    if let ports { text += " \(ports)" }
    if protocolMatch == .icmp || protocolMatch == .icmpv6 {
      text +=
        " type \(icmpType.map(String.init) ?? "all") code \(icmpCode.map(String.init) ?? "all")"
    }
    return text + " \(peer)"
  }
}

/// A network interface: addresses, subnet, security groups.
public struct NetworkInterface: Hashable, Sendable {
  public var id: String
  public var subnetId: String
  public var vpcId: String
  /// Private IPv4 addresses, the primary first.
  public var privateIPv4s: [IPAddress]
  public var ipv6s: [IPAddress]
  /// Public IPv4 addresses (auto-assigned or Elastic IP), each tied to a private address.
  public var publicIPv4s: [PublicAddress]
  public var securityGroupIds: [String]
  public var instanceId: String?
  /// `interface`, `nat_gateway`, `vpc_endpoint`, `network_load_balancer`, …
  public var interfaceType: String
  public var sourceDestCheck: Bool
  public var requesterManaged: Bool
  public var connectionTracking: ConnectionTracking?

  public init(
    id: String, subnetId: String, vpcId: String, privateIPv4s: [IPAddress], ipv6s: [IPAddress] = [],
    publicIPv4s: [PublicAddress] = [], securityGroupIds: [String], instanceId: String? = nil,
    interfaceType: String = "interface", sourceDestCheck: Bool = true,
    requesterManaged: Bool = false, connectionTracking: ConnectionTracking? = nil
  ) {
    self.id = id
    self.subnetId = subnetId
    self.vpcId = vpcId
    self.privateIPv4s = privateIPv4s
    self.ipv6s = ipv6s
    self.publicIPv4s = publicIPv4s
    self.securityGroupIds = securityGroupIds
    self.instanceId = instanceId
    self.interfaceType = interfaceType
    self.sourceDestCheck = sourceDestCheck
    self.requesterManaged = requesterManaged
    self.connectionTracking = connectionTracking
  }

  /// The primary private IPv4 address (what flow logs show for this ENI).
  public var primaryIPv4: IPAddress? { privateIPv4s.first }

  /// Every private address of the ENI (IPv4 and IPv6), as SG references match them.
  public var privateAddresses: [IPAddress] { privateIPv4s + ipv6s }

  /// Whether `address` is one of the ENI's own addresses (private, IPv6 or public).
  public func owns(_ address: IPAddress) -> Bool {
    privateIPv4s.contains(address) || ipv6s.contains(address)
      || publicIPv4s.contains { $0.publicIP == address }
  }
}

/// A public IPv4 address mapped 1:1 to a private one by the internet gateway.
public struct PublicAddress: Hashable, Sendable {
  public var publicIP: IPAddress
  public var privateIP: IPAddress
  /// `eipalloc-…` for an Elastic IP; `nil` for an auto-assigned address.
  public var allocationId: String?

  public init(publicIP: IPAddress, privateIP: IPAddress, allocationId: String? = nil) {
    self.publicIP = publicIP
    self.privateIP = privateIP
    self.allocationId = allocationId
  }
}

/// Per-ENI connection tracking timeouts (`ConnectionTrackingConfiguration`), in seconds.
public struct ConnectionTracking: Hashable, Sendable {
  public var tcpEstablishedTimeout: Int?
  public var udpStreamTimeout: Int?
  public var udpTimeout: Int?

  public init(
    tcpEstablishedTimeout: Int? = nil, udpStreamTimeout: Int? = nil, udpTimeout: Int? = nil
  ) {
    self.tcpEstablishedTimeout = tcpEstablishedTimeout
    self.udpStreamTimeout = udpStreamTimeout
    self.udpTimeout = udpTimeout
  }
}
