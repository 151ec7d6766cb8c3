import NetworkPrimitives
import Testing
import Topology

/// The transit gateway's documents, in the shapes the AWS CLI prints them (captured against
/// moto and completed from the EC2 API reference where moto leaves keys out).
@Suite("Loading transit gateways from describe-* output")
struct TransitGatewayLoadingTests {
  static let gateways = """
    {"TransitGateways": [{"TransitGatewayId": "tgw-1", "State": "available",
      "Options": {"SecurityGroupReferencingSupport": "enable", "AmazonSideAsn": 64512}}]}
    """
  static let attachments = """
    {"TransitGatewayAttachments": [
      {"TransitGatewayAttachmentId": "tgw-attach-a", "TransitGatewayId": "tgw-1",
       "ResourceType": "vpc", "ResourceId": "vpc-a", "State": "available",
       "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "associated"}},
      {"TransitGatewayAttachmentId": "tgw-attach-vpn", "TransitGatewayId": "tgw-1",
       "ResourceType": "vpn", "ResourceId": "vpn-1", "State": "available",
       "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "disassociated"}}]}
    """
  static let vpcAttachments = """
    {"TransitGatewayVpcAttachments": [
      {"TransitGatewayAttachmentId": "tgw-attach-a", "TransitGatewayId": "tgw-1",
       "VpcId": "vpc-a", "State": "available", "SubnetIds": ["subnet-1", "subnet-2"],
       "Options": {"Ipv6Support": "enable", "ApplianceModeSupport": "enable",
                   "SecurityGroupReferencingSupport": "disable"}}]}
    """
  static let tables = """
    {"TransitGatewayRouteTables": [
      {"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "State": "available"}]}
    """
  static let routes = """
    {"Routes": [
      {"DestinationCidrBlock": "10.1.0.0/16", "Type": "propagated", "State": "active",
       "TransitGatewayAttachments": [{"ResourceId": "vpc-a",
         "TransitGatewayAttachmentId": "tgw-attach-a", "ResourceType": "vpc"}]},
      {"PrefixListId": "pl-1", "Type": "static", "State": "active",
       "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-vpn"}]},
      {"DestinationCidrBlock": "10.9.0.0/16", "Type": "static", "State": "blackhole"},
      {"DestinationCidrBlock": "10.8.0.0/16", "Type": "static", "State": "deleted"}],
     "AdditionalRoutesAvailable": false}
    """

  @Test("Gateways, attachments (both calls merged), tables and routes are read")
  func loads() throws {
    let topology = try Fixtures.load(
      ("describe-transit-gateways.json", Self.gateways),
      ("describe-transit-gateway-attachments.json", Self.attachments),
      ("describe-transit-gateway-vpc-attachments.json", Self.vpcAttachments),
      ("describe-transit-gateway-route-tables.json", Self.tables),
      ("search-transit-gateway-routes.tgw-rtb-1.json", Self.routes))
    #expect(topology.transitGateways["tgw-1"]?.securityGroupReferencing == true)
    let attachment = try #require(topology.transitGatewayAttachments["tgw-attach-a"])
    #expect(attachment.resourceType == "vpc" && attachment.resourceId == "vpc-a")
    #expect(attachment.routeTableId == "tgw-rtb-1")
    #expect(attachment.subnetIds == ["subnet-1", "subnet-2"])
    #expect(attachment.ipv6Support && attachment.applianceMode)
    #expect(!attachment.securityGroupReferencing)
    // Placed where its subnets and options are read (a lint finding's SARIF location), the
    // VPC attachments' document, though the other lists it first.
    #expect(
      topology.sources["tgw-attach-a"]
        == Topology.Source(
          file: "describe-transit-gateway-vpc-attachments.json",
          path: "TransitGatewayVpcAttachments[0]"))
    #expect(topology.sources["tgw-attach-vpn"]?.file == "describe-transit-gateway-attachments.json")
    // A disassociated attachment has no table.
    #expect(topology.transitGatewayAttachments["tgw-attach-vpn"]?.routeTableId == nil)
    let routes = try #require(topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes)
    // The deleted route carries nothing and is left out.
    #expect(routes.count == 3)
    #expect(routes[0].kind == .propagated && routes[0].attachmentIds == ["tgw-attach-a"])
    #expect(routes[1].destination == .prefixList("pl-1"))
    #expect(routes[2].state == .blackhole && routes[2].attachmentIds.isEmpty)
  }

  @Test("A route state AWS does not write is an error at its path; pending routes are left out")
  func routeStates() throws {
    let error = Fixtures.loadError(
      (
        "search-transit-gateway-routes.tgw-rtb-1.json",
        #"{"Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "Type": "static", "State": "Active"}]}"#
      ))
    #expect(error?.path == "Routes[0].State")
    let topology = try Fixtures.load(
      ("describe-transit-gateway-route-tables.json", Self.tables),
      (
        "search-transit-gateway-routes.tgw-rtb-1.json",
        #"{"Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "Type": "static", "State": "pending"}]}"#
      ))
    #expect(topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes == [])
  }

  @Test("Routes whose document does not name the table: a warning, and not used")
  func unnamedRoutes() throws {
    let topology = try Fixtures.load(
      ("describe-transit-gateway-route-tables.json", Self.tables),
      ("search-transit-gateway-routes.json", Self.routes))
    #expect(topology.transitGatewayRouteTables["tgw-rtb-1"]?.routes == nil)
    #expect(
      topology.warnings.contains {
        $0.resource == "search-transit-gateway-routes.json"
          && $0.message.contains("search-transit-gateway-routes.tgw-rtb-….json")
      })
  }

  @Test("The table's own association list wins over the attachment's, with a warning")
  func associations() throws {
    let listed = """
      {"Associations": [{"TransitGatewayAttachmentId": "tgw-attach-a", "ResourceId": "vpc-a",
        "ResourceType": "vpc", "State": "associated"}]}
      """
    let topology = try Fixtures.load(
      ("describe-transit-gateway-attachments.json", Self.attachments),
      ("get-transit-gateway-route-table-associations.tgw-rtb-2.json", listed))
    #expect(topology.transitGatewayAttachments["tgw-attach-a"]?.routeTableId == "tgw-rtb-2")
    #expect(
      topology.warnings.contains {
        $0.resource == "tgw-attach-a" && $0.message.contains("tgw-rtb-2")
      })
    // The table named only by the document is known, with a warning that says so.
    #expect(topology.transitGatewayRouteTables["tgw-rtb-2"]?.transitGatewayId == "tgw-1")
    #expect(topology.warnings.contains { $0.resource == "tgw-rtb-2" })
  }

  @Test("A route type AWS does not write is an error at its JSON path")
  func badRouteType() {
    let error = Fixtures.loadError(
      (
        "search-transit-gateway-routes.tgw-rtb-1.json",
        #"{"Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "Type": "dynamic", "State": "active"}]}"#
      ))
    #expect(error?.path == "Routes[0].Type")
    #expect(error?.file == "search-transit-gateway-routes.tgw-rtb-1.json")
  }
}
