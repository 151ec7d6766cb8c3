import NetworkPrimitives
import Topology

/// Health checks and forwarded requests a load balancer's targets cannot receive (User Guide
/// for Application Load Balancers, "Target security groups": the targets' security groups must
/// allow the load balancer on the listener port and the health-check port; "Health checks for
/// your target groups": the checks come from the load balancer's nodes). Each target group's
/// registered targets (from `describe-target-health`) are traced from each node ENI of its load
/// balancers, on the health-check port and the traffic port.
extension Linter {
  /// `lb-target-unreachable`.
  func loadBalancerFindings() -> [Finding] {
    guard !topology.targetGroups.isEmpty else { return [] }
    let tracer = PathTracer(index: index)
    var findings: [Finding] = []
    // One finding a target group, component and port, listing every target it cuts off.
    var positions: [String: Int] = [:]
    for group in topology.targetGroups.values.sorted(by: { $0.arn < $1.arn }) {
      guard let targets = group.targets else { continue }
      let nodes = index.loadBalancerOfInterface.filter { group.loadBalancerArns.contains($0.value) }
        .keys.sorted()
      for target in targets {
        guard let interface = targetInterface(target.id) else { continue }
        let trafficPort = target.port ?? group.port
        var ports: [(port: Int, what: String)] = []
        // Health checks are TCP (or HTTP/HTTPS over TCP), also for UDP groups.
        if let check = group.healthCheckPort ?? trafficPort {
          ports.append((check, "health checks"))
        }
        // Forwarded requests come from the nodes only where the client's address is not kept,
        // and over TCP (User Guide for Network Load Balancers, "Client IP preservation").
        if let trafficPort, trafficPort != (group.healthCheckPort ?? trafficPort),
          !group.clientIPPreserved, !["UDP", "TCP_UDP"].contains(group.protocolName ?? "")
        {
          ports.append((trafficPort, "forwarded requests"))
        }
        for node in nodes {
          for (port, what) in ports {
            guard (1...65535).contains(port),
              let trace = try? tracer.trace(
                TraceRequest(
                  from: node, to: interface.id, protocolNumber: 6, port: UInt16(port),
                  sourcePort: 40000)),
              trace.verdict.reachable == false,
              let blocked = (trace.forward + trace.returnLeg).first(where: {
                $0.result == .denied
              })
            else { continue }
            let component = blocked.componentId ?? interface.id
            let key = "\(group.arn) \(component) \(port)"
            if let position = positions[key] {
              var affected = findings[position].affected.interfaceIds
              if !affected.contains(interface.id) { affected.append(interface.id) }
              findings[position].affected.interfaceIds = affected.sorted()
              continue
            }
            positions[key] = findings.count
            let balancer = index.loadBalancerOfInterface[node].flatMap {
              topology.loadBalancers[$0]
            }
            var finding =
              Finding(
                id: .lbTargetUnreachable, severity: .error, componentId: component,
                relatedIds: [interface.id, node].sorted(),
                explanation:
                  "Target group \(group.name)'s \(what) on tcp port \(port) from load balancer \(balancer?.name ?? "?")'s node \(node) cannot reach its target \(interface.id) (\(target.id)): \(blocked.check.rawValue) denies it, \(blocked.explanation).",
                fix: fix(blocked, port: port, balancer: balancer, target: interface))
            finding.affected.interfaceIds = [interface.id]
            findings.append(finding)
          }
        }
      }
    }
    return findings
  }

  /// The ENI a target names: an instance's primary ENI, or the ENI that owns an IP target.
  private func targetInterface(_ id: String) -> NetworkInterface? {
    if id.hasPrefix("i-") {
      let interfaces = topology.instances[id]?.networkInterfaceIds ?? []
      return interfaces.compactMap { topology.networkInterfaces[$0] }.first
        ?? topology.networkInterfaces.values.sorted { $0.id < $1.id }.first { $0.instanceId == id }
    }
    return IPAddress(id).flatMap { index.networkInterface(owning: $0) }
  }

  private func fix(
    _ blocked: Checkpoint, port: Int, balancer: LoadBalancer?, target: NetworkInterface
  ) -> String {
    switch blocked.check {
    case .securityGroupEgress:
      let groups = target.securityGroupIds.joined(separator: ", ")
      return
        "Allow tcp \(port) out to the targets (their security group \(groups), or their subnet's CIDR) in \(blocked.componentId ?? "the load balancer's security groups") (aws ec2 authorize-security-group-egress)."
    case .securityGroupIngress:
      let source =
        balancer.flatMap {
          $0.securityGroupIds.isEmpty ? nil : $0.securityGroupIds.joined(separator: ", ")
        }
        .map { "the load balancer's security group (\($0))" }
        ?? "the load balancer's subnets' CIDRs"
      return
        "Allow tcp \(port) from \(source) in \(blocked.componentId ?? "the target's security groups") (aws ec2 authorize-security-group-ingress)."
    case .networkACLIngress, .networkACLEgress:
      return
        "Allow tcp \(port) from the load balancer's subnets in \(blocked.componentId ?? "the network ACL") (and the replies to 1024-65535 the other way: network ACLs are stateless)."
    default:
      return "Give the load balancer's subnets a route to the target's subnet."
    }
  }
}
