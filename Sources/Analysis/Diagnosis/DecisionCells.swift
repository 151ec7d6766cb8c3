import NetworkPrimitives
import Topology

/// The addresses and ports that a diagnosis cannot tell apart: two addresses lie in one cell
/// when no prefix or address the decision compares with (every CIDR and address anywhere in
/// the topology, and the constant ranges in ``constantPrefixes``) holds one and not the other;
/// two ports lie in one cell when no port range of the topology and no constant the decision
/// compares ports with (``constantPorts``) holds one and not the other. ``VerdictMemo`` keys
/// decisions by cell.
///
/// A cell is a run of values between two boundaries: each prefix `[low, high]` adds the
/// boundaries `low` and `high + 1`, and an address's cell is the number of boundaries at or
/// below it (a binary search).
package struct DecisionCells: Sendable {
  /// The first value of each cell after the first, sorted and unique.
  let v4: [UInt32]
  let v6: [UInt128]
  let ports: [UInt16]
  /// By cell (``cell(_:)``): whether the cell's one address is an ENI's whose subnet's route
  /// table has a route to a NAT gateway, or a NAT gateway's (each is a cell of its own).
  private let behindNATGateways: [Bool]

  /// Ranges the diagnosis compares addresses with that are not in any topology: the private
  /// space an internet gateway does not route (``IPAddress/isPrivateIPv4``).
  package static let constantPrefixes: [CIDR] = IPAddress.privateIPv4Prefixes

  /// Ports the diagnosis compares with constants (role inference: ``RoleInference``): each is
  /// the first port of a cell, as is the port after it.
  package static let constantPorts: [ClosedRange<UInt16>] = RoleInference.portClassRanges

  /// The cells of the addresses and ports of `diagnoser`'s topology (without one: the
  /// constants' only).
  package init(_ diagnoser: Diagnoser) {
    var collector = Collector()
    let topology = diagnoser.topology
    if let topology { collector.collect(topology) }
    for prefix in Self.constantPrefixes { collector.add(prefix) }
    for range in Self.constantPorts { collector.add(ports: range) }
    var behind = Set<IPAddress>()
    for interface in topology?.networkInterfaces.values ?? [:].values {
      guard
        let table = diagnoser.tracer?.index.routeTable(forSubnet: interface.subnetId),
        table.routes.contains(where: {
          if case .natGateway = $0.target { true } else { false }
        })
      else { continue }
      behind.formUnion(interface.privateIPv4s + interface.ipv6s)
      for address in interface.publicIPv4s {
        behind.insert(address.publicIP)
        behind.insert(address.privateIP)
      }
    }
    // And the gateways' own addresses, which a hairpin's trace may rewrite. Each of these is
    // an address of the topology, so a cell of its own.
    for gateway in topology?.natGateways.values ?? [:].values {
      behind.formUnion(gateway.privateIPs + gateway.publicIPs)
    }
    v4 = Array(collector.v4).sorted()
    v6 = Array(collector.v6).sorted()
    ports = Array(collector.ports).sorted()
    var flags = [Bool](repeating: false, count: 2 * max(v4.count, v6.count) + 2)
    for address in behind {
      flags[Int(Self.cell(address, v4: v4, v6: v6))] = true
    }
    behindNATGateways = flags
  }

  /// The cell of `address` (IPv4 and IPv6 cells never share a number).
  package func cell(_ address: IPAddress) -> UInt32 { Self.cell(address, v4: v4, v6: v6) }

  private static func cell(_ address: IPAddress, v4: [UInt32], v6: [UInt128]) -> UInt32 {
    switch address {
    case .v4(let value): UInt32(rank(value, in: v4)) << 1
    case .v6(let value): UInt32(rank(value, in: v6)) << 1 | 1
    }
  }

  /// Whether the address of `cell` is an ENI's whose packets a route may send through a NAT
  /// gateway, or a NAT gateway's: the gateway picks the translated source port by hashing the
  /// exact packet (`PathTracer.natPort(for:)`), and a network ACL on the way back judges that
  /// port, so addresses and ports of one cell may be decided apart.
  package func sendsThroughNATGateway(cell: UInt32) -> Bool { behindNATGateways[Int(cell)] }

  /// The cell of `port`.
  package func cell(port: UInt16) -> UInt32 { UInt32(Self.rank(port, in: ports)) }

  /// The lowest and highest address of `address`'s cell (for tests).
  package func bounds(of address: IPAddress) -> (low: IPAddress, high: IPAddress) {
    switch address {
    case .v4(let value):
      let (low, high) = Self.bounds(value, in: v4)
      return (.v4(low), .v4(high))
    case .v6(let value):
      let (low, high) = Self.bounds(value, in: v6)
      return (.v6(low), .v6(high))
    }
  }

  /// The lowest and highest port of `port`'s cell (for tests).
  package func bounds(port: UInt16) -> ClosedRange<UInt16> {
    let (low, high) = Self.bounds(port, in: ports)
    return low...high
  }

  /// How many boundaries are at or below `value`.
  private static func rank<Value: FixedWidthInteger>(_ value: Value, in starts: [Value]) -> Int {
    var low = 0
    var high = starts.count
    while low < high {
      let middle = (low + high) >> 1
      if starts[middle] <= value { low = middle + 1 } else { high = middle }
    }
    return low
  }

  private static func bounds<Value: FixedWidthInteger>(_ value: Value, in starts: [Value])
    -> (Value, Value)
  {
    let rank = rank(value, in: starts)
    let low = rank == 0 ? Value.min : starts[rank - 1]
    let high = rank == starts.count ? Value.max : starts[rank] - 1
    return (low, high)
  }

  /// Gathers the boundaries of every address, prefix and port range of a topology, field by
  /// field (a topology of 50,000 ENIs in about a tenth of a second). `DecisionCellsTests`
  /// checks it against a reflection over every value the topology holds, so that a field added
  /// to the model and left out here fails a test.
  struct Collector {
    var v4 = Set<UInt32>()
    var v6 = Set<UInt128>()
    var ports = Set<UInt16>()
    /// With a list given, every prefix and port range added, in order (for the tests).
    var prefixes: [CIDR]? = nil
    var ranges: [ClosedRange<UInt16>]? = nil

    mutating func add(_ prefix: CIDR) {
      prefixes?.append(prefix)
      switch prefix.network {
      case .v4(let low):
        let size =
          prefix.prefixLength == 0 ? UInt64(1) << 32 : UInt64(1) << (32 - prefix.prefixLength)
        if low != 0 { v4.insert(low) }
        let next = UInt64(low) + size
        if next <= UInt64(UInt32.max) { v4.insert(UInt32(next)) }
      case .v6(let low):
        if low != 0 { v6.insert(low) }
        if prefix.prefixLength > 0 {
          let size = UInt128(1) << (128 - prefix.prefixLength)
          let (next, overflow) = low.addingReportingOverflow(size)
          if !overflow { v6.insert(next) }
        }
      }
    }

    mutating func add(_ address: IPAddress) { add(CIDR(host: address)) }

    mutating func add(ports range: PortRange?) {
      guard let range, range.from <= range.to else { return }
      add(ports: range.from...range.to)
    }

    mutating func add(ports range: ClosedRange<UInt16>) {
      ranges?.append(range)
      if range.lowerBound != 0 { ports.insert(range.lowerBound) }
      if range.upperBound != .max { ports.insert(range.upperBound + 1) }
    }

    mutating func add(_ destination: Route.Destination) {
      if case .cidr(let prefix) = destination { add(prefix) }
    }

    mutating func collect(_ topology: Topology) {
      for vpc in topology.vpcs.values { for prefix in vpc.cidrs { add(prefix) } }
      for subnet in topology.subnets.values { for prefix in subnet.cidrs { add(prefix) } }
      for table in topology.routeTables.values {
        for route in table.routes { add(route.destination) }
      }
      for gateway in topology.natGateways.values {
        for address in gateway.privateIPs + gateway.publicIPs { add(address) }
      }
      for acl in topology.networkACLs.values {
        for entry in acl.entries {
          add(entry.cidr)
          add(ports: entry.ports)
        }
      }
      for group in topology.securityGroups.values {
        for rule in group.inbound + group.outbound {
          if case .cidr(let prefix) = rule.peer { add(prefix) }
          add(ports: rule.ports)
        }
      }
      for interface in topology.networkInterfaces.values {
        for address in interface.privateIPv4s + interface.ipv6s { add(address) }
        for address in interface.publicIPv4s {
          add(address.publicIP)
          add(address.privateIP)
        }
      }
      for list in topology.prefixLists.values { for prefix in list.cidrs { add(prefix) } }
      for peering in topology.peeringConnections.values {
        for prefix in peering.requesterCidrs + peering.accepterCidrs { add(prefix) }
      }
      for table in topology.transitGatewayRouteTables.values {
        for route in table.routes ?? [] { add(route.destination) }
      }
      for connection in topology.vpnConnections.values {
        for prefix in connection.staticRoutes { add(prefix) }
      }
    }
  }
}
