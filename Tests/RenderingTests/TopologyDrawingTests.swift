import NetworkPrimitives
import Rendering
import Testing
import Topology

/// The report's topology drawing: drawn when small enough to be clear, every subnet a card
/// with its ENIs and their REJECTs; past the limits, a note that the tables hold it.
@Suite("The report's topology drawing")
struct TopologyDrawingTests {
  static func topology(vpcs: Int, subnets: Int) -> Topology {
    var topology = Topology()
    for v in 0..<vpcs {
      let vpc = "vpc-\(v)"
      topology.vpcs[vpc] = VPC(id: vpc, cidrs: [CIDR("10.\(v).0.0/16")!])
      for s in 0..<subnets {
        let id = "subnet-\(v)-\(s)"
        topology.subnets[id] = Subnet(
          id: id, vpcId: vpc, cidrs: [CIDR("10.\(v).\(s).0/24")!], availabilityZone: "us-east-1a",
          mapPublicIpOnLaunch: false)
      }
    }
    return topology
  }

  @Test("a small topology is drawn, subnet by subnet")
  func drawn() {
    let page = HTMLReport.topologyDrawing(Self.topology(vpcs: 2, subnets: 4), rejects: [:])
    #expect(page.components(separatedBy: "<figure class=\"topology-drawing\">").count - 1 == 2)
    #expect(page.components(separatedBy: "<g class=\"subnet\"").count - 1 == 8)
    #expect(page.contains("no ENI in the topology"))
  }

  @Test("past the limits, the tables alone", arguments: [(4, 1), (1, 13)])
  func tooLarge(vpcs: Int, subnets: Int) {
    let page = HTMLReport.topologyDrawing(
      Self.topology(vpcs: vpcs, subnets: subnets), rejects: [:])
    #expect(!page.contains("<svg"))
    #expect(page.contains("Too large to draw clearly"))
  }
}
