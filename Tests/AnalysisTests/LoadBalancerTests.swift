import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// What `diagnose` says of load balancers (User Guide for Application Load Balancers, "Target
/// security groups", "Health checks for your target groups"; User Guide for Network Load
/// Balancers, "Client IP preservation").
@Suite("diagnose: load balancers named in the explanation")
struct LoadBalancerTests {
  static let t0 = DiagnoserTests.t0
  static let albArn =
    "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/shop/1a2b"
  static let nlbArn =
    "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/api/3c4d"

  /// `TestNetwork`: eni-web is an ALB node (described `ELB app/shop/1a2b`), eni-app is a target
  /// of an HTTP target group whose health checks use port 9000, and of a TCP target group of
  /// a Network Load Balancer on 8443 (instance targets: client IP preserved).
  static func network() -> Topology {
    var topology = TestNetwork.make()
    topology.networkInterfaces["eni-web"]?.loadBalancerNode = "app/shop/1a2b"
    topology.networkInterfaces["eni-app"]?.instanceId = "i-app"
    topology.loadBalancers[albArn] = LoadBalancer(
      arn: albArn, name: "shop", kind: .application, vpcId: "vpc-1")
    topology.loadBalancers[nlbArn] = LoadBalancer(
      arn: nlbArn, name: "api", kind: .network, vpcId: "vpc-1")
    let web = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/5e6f"
    topology.targetGroups[web] = TargetGroup(
      arn: web, name: "web", protocolName: "HTTP", port: 8080, healthCheckPort: 9000,
      loadBalancerArns: [albArn], targets: [TargetGroup.Target(id: "i-app", port: 8080)])
    let api = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/7a8b"
    topology.targetGroups[api] = TargetGroup(
      arn: api, name: "api", protocolName: "TCP", port: 8443, loadBalancerArns: [nlbArn],
      targets: [TargetGroup.Target(id: "i-app")])
    return topology
  }

  func diagnose(from source: String, port: UInt16) -> Diagnosis? {
    let record = FlowObservation(
      file: 0, line: 1, interfaceId: "eni-app", source: TestNetwork.ip(source),
      destination: TestNetwork.ip("10.0.2.20"), sourcePort: 41000, destinationPort: port,
      protocolNumber: 6, packets: 3, start: Self.t0, end: Self.t0 + 59, action: .reject,
      tcpFlags: 2, flowDirection: .ingress)
    return Diagnoser(topology: Self.network()).diagnose([record]).first
  }

  @Test("From an ALB node on the health-check port: the node's own connection, the group named")
  func healthCheck() {
    let diagnosis = diagnose(from: "10.0.1.10", port: 9000)
    #expect(diagnosis?.cause == .securityGroup)
    #expect(diagnosis?.explanation.contains("10.0.1.10 is a node of load balancer shop") == true)
    #expect(diagnosis?.explanation.contains("target group web checks health") == true)
  }

  @Test("A client through an NLB that keeps its address: the target must admit the clients")
  func clientIPPreserved() {
    let diagnosis = diagnose(from: "198.51.100.7", port: 8443)
    #expect(diagnosis?.cause == .securityGroup)
    #expect(
      diagnosis?.explanation.contains("target of network load balancer api (target group api")
        == true)
    #expect(diagnosis?.explanation.contains("client IP preservation on") == true)
  }

  @Test("Off the target group's port, nothing is said of the load balancer")
  func unrelated() {
    let diagnosis = diagnose(from: "198.51.100.7", port: 22)
    #expect(diagnosis?.explanation.contains("load balancer") == false)
  }

  @Test("Client IP preservation: AWS's defaults by target type and protocol, and never for ALBs")
  func preservationDefaults() {
    func group(_ type: String, _ proto: String, _ attribute: Bool? = nil) -> Bool {
      TargetGroup(
        arn: "a", name: "n", protocolName: proto, targetType: type, preserveClientIP: attribute
      ).clientIPPreserved
    }
    #expect(group("instance", "TCP"))
    #expect(!group("ip", "TCP"))
    #expect(group("ip", "UDP"))
    #expect(!group("instance", "TCP", false))
    #expect(!group("instance", "HTTP", true))
  }
}
