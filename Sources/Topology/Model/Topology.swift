import NetworkPrimitives

/// A VPC network as flowcause models it: validated, references resolved, AWS's implicit rules
/// made explicit. The evaluators read this model and never see JSON.
///
/// Built by ``TopologyLoader`` from `aws ec2 describe-*` output or the native format.
public struct Topology: Sendable {
  public var vpcs: [String: VPC] = [:]
  public var subnets: [String: Subnet] = [:]
  public var routeTables: [String: RouteTable] = [:]
  public var internetGateways: [String: InternetGateway] = [:]
  public var egressOnlyInternetGateways: [String: EgressOnlyInternetGateway] = [:]
  public var natGateways: [String: NatGateway] = [:]
  public var networkACLs: [String: NetworkACL] = [:]
  public var securityGroups: [String: SecurityGroup] = [:]
  public var networkInterfaces: [String: NetworkInterface] = [:]
  public var instances: [String: Instance] = [:]
  public var prefixLists: [String: PrefixList] = [:]
  public var peeringConnections: [String: PeeringConnection] = [:]
  /// Problems that did not stop loading (dangling references, …), in load order.
  public var warnings: [TopologyWarning] = []

  public init() {}
}

/// A problem in a topology that flowcause works around, naming both ids involved.
public struct TopologyWarning: Hashable, Sendable, CustomStringConvertible {
  /// The resource that holds the reference (`eni-0abc`).
  public var resource: String
  /// What is wrong (`names security group sg-0123, which is not in the topology`).
  public var message: String

  public init(resource: String, message: String) {
    self.resource = resource
    self.message = message
  }

  public var description: String { "\(resource): \(message)" }
}

/// A VPC and its IPv4 and IPv6 CIDR blocks.
public struct VPC: Hashable, Sendable {
  public var id: String
  public var cidrs: [CIDR]
  public var isDefault: Bool

  public init(id: String, cidrs: [CIDR], isDefault: Bool = false) {
    self.id = id
    self.cidrs = cidrs
    self.isDefault = isDefault
  }
}

/// A subnet: its CIDRs and whether it gives new ENIs a public IPv4 address.
public struct Subnet: Hashable, Sendable {
  public var id: String
  public var vpcId: String
  public var cidrs: [CIDR]
  public var availabilityZone: String?
  public var mapPublicIpOnLaunch: Bool

  public init(
    id: String, vpcId: String, cidrs: [CIDR], availabilityZone: String? = nil,
    mapPublicIpOnLaunch: Bool = false
  ) {
    self.id = id
    self.vpcId = vpcId
    self.cidrs = cidrs
    self.availabilityZone = availabilityZone
    self.mapPublicIpOnLaunch = mapPublicIpOnLaunch
  }
}

/// An internet gateway and the VPCs it is attached to (state `available`/`attached`).
public struct InternetGateway: Hashable, Sendable {
  public var id: String
  public var attachedVpcIds: [String]

  public init(id: String, attachedVpcIds: [String]) {
    self.id = id
    self.attachedVpcIds = attachedVpcIds
  }
}

/// An egress-only internet gateway (IPv6, outbound-initiated only).
public struct EgressOnlyInternetGateway: Hashable, Sendable {
  public var id: String
  public var attachedVpcIds: [String]

  public init(id: String, attachedVpcIds: [String]) {
    self.id = id
    self.attachedVpcIds = attachedVpcIds
  }
}

/// A NAT gateway: where it lives and the addresses it translates to.
public struct NatGateway: Hashable, Sendable {
  public enum Connectivity: String, Hashable, Sendable {
    case `public`, `private`
  }

  public var id: String
  public var vpcId: String
  public var subnetId: String
  public var connectivity: Connectivity
  /// `available`, `pending`, `failed`, `deleting`, `deleted`.
  public var state: String
  public var privateIPs: [IPAddress]
  public var publicIPs: [IPAddress]
  /// The ENI AWS made for it, if known.
  public var networkInterfaceId: String?

  public init(
    id: String, vpcId: String, subnetId: String, connectivity: Connectivity = .public,
    state: String = "available", privateIPs: [IPAddress] = [], publicIPs: [IPAddress] = [],
    networkInterfaceId: String? = nil
  ) {
    self.id = id
    self.vpcId = vpcId
    self.subnetId = subnetId
    self.connectivity = connectivity
    self.state = state
    self.privateIPs = privateIPs
    self.publicIPs = publicIPs
    self.networkInterfaceId = networkInterfaceId
  }
}

/// An instance and its network interfaces (device index order).
public struct Instance: Hashable, Sendable {
  public var id: String
  public var networkInterfaceIds: [String]

  public init(id: String, networkInterfaceIds: [String]) {
    self.id = id
    self.networkInterfaceIds = networkInterfaceIds
  }
}

/// A managed prefix list and its entries.
public struct PrefixList: Hashable, Sendable {
  public var id: String
  public var name: String?
  public var cidrs: [CIDR]
  /// Whether the entries were loaded (`get-managed-prefix-list-entries`); without them a rule
  /// that names the list cannot be evaluated.
  public var entriesKnown: Bool

  public init(id: String, name: String? = nil, cidrs: [CIDR], entriesKnown: Bool = true) {
    self.id = id
    self.name = name
    self.cidrs = cidrs
    self.entriesKnown = entriesKnown
  }
}

/// A VPC peering connection between two VPCs.
public struct PeeringConnection: Hashable, Sendable {
  public var id: String
  public var requesterVpcId: String
  public var requesterCidrs: [CIDR]
  public var accepterVpcId: String
  public var accepterCidrs: [CIDR]
  /// `active`, `pending-acceptance`, `deleted`, …
  public var status: String

  public init(
    id: String, requesterVpcId: String, requesterCidrs: [CIDR], accepterVpcId: String,
    accepterCidrs: [CIDR], status: String
  ) {
    self.id = id
    self.requesterVpcId = requesterVpcId
    self.requesterCidrs = requesterCidrs
    self.accepterVpcId = accepterVpcId
    self.accepterCidrs = accepterCidrs
    self.status = status
  }
}
