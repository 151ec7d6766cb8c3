import Messages
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
        var ports: [(port: Int, what: Message)] = []
        // Health checks are TCP (or HTTP/HTTPS over TCP), also for UDP groups.
        if let check = group.healthCheckPort ?? trafficPort {
          ports.append((check, .lintLBHealthChecks))
        }
        // Forwarded requests come from the nodes only where the client's address is not kept,
        // and over TCP (User Guide for Network Load Balancers, "Client IP preservation").
        if let trafficPort, trafficPort != (group.healthCheckPort ?? trafficPort),
          !group.clientIPPreserved, !["UDP", "TCP_UDP"].contains(group.protocolName ?? "")
        {
          ports.append((trafficPort, .lintLBForwarded))
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
                note: Explanation(
                  what,
                  [
                    "group": Explanation(group.name), "port": "\(port)",
                    "lb": Explanation(balancer?.name ?? "?"), "node": Explanation(node),
                    "eni": Explanation(interface.id), "target": Explanation(target.id),
                    "check": Explanation(blocked.check.rawValue), "explanation": blocked.note,
                  ]),
                fixNote: fix(blocked, port: port, balancer: balancer, target: interface))
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
  ) -> Explanation {
    func component(_ otherwise: Message) -> Explanation {
      blocked.componentId.map(Explanation.init) ?? Explanation(otherwise)
    }
    let port: Explanation = "\(port)"
    switch blocked.check {
    case .securityGroupEgress:
      let groups = Explanation.joined(Self.words(target.securityGroupIds), separator: .listComma)
      return Explanation(
        .lintFixLBEgress,
        ["port": port, "groups": groups, "component": component(.lintTheLBSecurityGroups)])
    case .securityGroupIngress:
      let source =
        balancer.flatMap {
          $0.securityGroupIds.isEmpty
            ? nil : Explanation.joined(Self.words($0.securityGroupIds), separator: .listComma)
        }
        .map { Explanation(.lintTheLBSecurityGroup, ["groups": $0]) }
        ?? Explanation(.lintTheLBSubnetCIDRs)
      return Explanation(
        .lintFixLBIngress,
        ["port": port, "source": source, "component": component(.lintTheTargetSecurityGroups)])
    case .networkACLIngress, .networkACLEgress:
      return Explanation(
        .lintFixLBACL, ["port": port, "component": component(.lintTheNetworkACL)])
    default:
      return Explanation(.lintFixLBRoute)
    }
  }
}
