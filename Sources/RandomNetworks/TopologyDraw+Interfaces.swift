import NetworkPrimitives
import Topology

extension TopologyDraw {
  /// ENIs in the VPC's subnets, each with an instance: a public IPv4 (mostly in public
  /// subnets, sometimes in a private one), an IPv6 address where the subnet has a block, one to
  /// three groups, and one in three a connection tracking configuration.
  mutating func networkInterfaces(_ index: Int) {
    let plan = plans[index]
    var made = 0
    for (position, subnet) in plan.subnets.enumerated() {
      var count = draw.weighted([(0, 15), (1, 40), (2, 30), (3, 15)])
      // Every VPC has at least one.
      if position == plan.subnets.count - 1 && made == 0 { count = max(count, 1) }
      for _ in 0..<count { interface(in: subnet, plan: index) }
      made += count
    }
  }

  private mutating func interface(in subnet: SubnetPlan, plan index: Int) {
    let plan = plans[index]
    let host = plan.nextHost
    plans[index].nextHost += 1
    let id = "eni-\(plan.number)-\(host - 9)"
    let privateIP = Draw.address("\(plan.ipv4Stem).\(subnet.number).\(host)")
    var publicIPs: [PublicAddress] = []
    if draw.chance(subnet.kind == .public ? 0.65 : 0.1) {
      publicCount += 1
      publicIPs.append(
        PublicAddress(
          publicIP: Draw.address("203.0.113.\(10 + publicCount)"), privateIP: privateIP,
          allocationId: draw.chance(0.3) ? "eipalloc-\(publicCount)" : nil))
    }
    var ipv6: [IPAddress] = []
    if subnet.ipv6 != nil && draw.chance(0.75) {
      ipv6.append(Draw.address("\(plan.ipv6Stem)0\(subnet.number)::\(host)"))
    }
    let groups = draw.some(plan.groups, 1...draw.weighted([(1, 60), (2, 30), (3, 10)]))
    var tracking: ConnectionTracking? = nil
    if draw.chance(0.35) {
      // EC2 API, ConnectionTrackingSpecificationRequest: TcpEstablishedTimeout 60-432000 s,
      // UdpStreamTimeout 60-180 s, UdpTimeout 30-60 s. Those who set the TCP timeout mostly
      // shorten it to minutes (350 s is Nitro v6's default), so that idle connections free
      // their entries.
      let short = draw.int(60...600)
      let anyTimeout = draw.int(60...432000)
      var settings = ConnectionTracking(
        tcpEstablishedTimeout: draw.chance(0.7)
          ? draw.weighted([(short, 6), (350, 2), (3600, 1), (432000, 1), (anyTimeout, 1)]) : nil,
        udpStreamTimeout: draw.chance(0.5) ? draw.int(60...180) : nil,
        udpTimeout: draw.chance(0.6) ? draw.int(30...60) : nil)
      if settings == ConnectionTracking() { settings.tcpEstablishedTimeout = 350 }
      tracking = settings
    }
    let instance = "i-\(plan.number)-\(host - 9)"
    topology.networkInterfaces[id] = NetworkInterface(
      id: id, subnetId: subnet.id, vpcId: plan.id, privateIPv4s: [privateIP], ipv6s: ipv6,
      publicIPv4s: publicIPs, securityGroupIds: groups, instanceId: instance,
      connectionTracking: tracking)
    topology.instances[instance] = Instance(id: instance, networkInterfaceIds: [id])
  }
}
