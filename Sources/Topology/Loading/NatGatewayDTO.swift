import NetworkPrimitives

/// One element of `NatGateways` (`aws ec2 describe-nat-gateways`).
struct NatGatewayDTO: Hashable, Sendable {
  var natGatewayId: String
  /// Absent only in the native format, where the subnet's VPC is used.
  var vpcId: String?
  var subnetId: String
  var state: String
  /// `ConnectivityType`; AWS's default (and moto's omission) is public.
  var connectivityType: NatGateway.Connectivity
  var natGatewayAddresses: [Address]

  /// One element of `NatGatewayAddresses`.
  struct Address: Hashable, Sendable {
    var privateIp: IPAddress?
    var publicIp: IPAddress?
    var networkInterfaceId: String?

    init(privateIp: IPAddress?, publicIp: IPAddress?, networkInterfaceId: String? = nil) {
      self.privateIp = privateIp
      self.publicIp = publicIp
      self.networkInterfaceId = networkInterfaceId
    }
  }

  init(
    natGatewayId: String, vpcId: String?, subnetId: String, state: String,
    connectivityType: NatGateway.Connectivity, natGatewayAddresses: [Address]
  ) {
    self.natGatewayId = natGatewayId
    self.vpcId = vpcId
    self.subnetId = subnetId
    self.state = state
    self.connectivityType = connectivityType
    self.natGatewayAddresses = natGatewayAddresses
  }

  init(_ object: JSONObjectReader) throws(TopologyLoadError) {
    natGatewayId = try object.string("NatGatewayId")
    vpcId = try object.string("VpcId")
    subnetId = try object.string("SubnetId")
    state = try object.optionalString("State") ?? "available"
    connectivityType = try Self.connectivity(object.optional("ConnectivityType"))
    natGatewayAddresses = []
    for address in try object.optionalObjects("NatGatewayAddresses") {
      natGatewayAddresses.append(
        Address(
          privateIp: try address.optionalAddress("PrivateIp", .ipv4),
          publicIp: try address.optionalAddress("PublicIp", .ipv4),
          networkInterfaceId: try address.optionalString("NetworkInterfaceId")))
    }
  }

  /// Reads `public` or `private`; absent means public.
  static func connectivity(_ reader: JSONReader?) throws(TopologyLoadError)
    -> NatGateway.Connectivity
  {
    guard let reader else { return .public }
    guard let connectivity = NatGateway.Connectivity(rawValue: try reader.string()) else {
      throw reader.mismatch("public or private")
    }
    return connectivity
  }
}
