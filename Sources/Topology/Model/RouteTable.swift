/// A route table: its routes and which subnets (or gateways) it serves.
public struct RouteTable: Hashable, Sendable {
  public var id: String
  public var vpcId: String
  public var routes: [Route]
  /// Whether this is the VPC's main table (serves every subnet without an explicit association).
  public var isMain: Bool
  /// Subnets explicitly associated with the table.
  public var subnetIds: [String]
  /// Gateways (IGW, VGW) associated with the table as an edge (ingress) route table.
  public var gatewayIds: [String]

  public init(
    id: String, vpcId: String, routes: [Route], isMain: Bool = false, subnetIds: [String] = [],
    gatewayIds: [String] = []
  ) {
    self.id = id
    self.vpcId = vpcId
    self.routes = routes
    self.isMain = isMain
    self.subnetIds = subnetIds
    self.gatewayIds = gatewayIds
  }
}
