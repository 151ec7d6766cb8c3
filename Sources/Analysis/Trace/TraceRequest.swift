import NetworkPrimitives
import Topology

/// A what-if question as a user asks it: ends named by IP address, ENI id or instance id.
public struct TraceRequest: Hashable, Sendable {
  public var from: String
  public var to: String
  /// IANA protocol number.
  public var protocolNumber: UInt8
  /// TCP/UDP destination port.
  public var port: UInt16?
  /// TCP/UDP source port; drawn from the client's ephemeral range when `nil`.
  public var sourcePort: UInt16?
  /// ICMP type and code; echo request (8, or 128 for ICMPv6) when `nil`.
  public var icmpType: Int?
  public var icmpCode: Int?
  /// Use the ENIs' IPv6 addresses when both ends are given as ids.
  public var preferIPv6: Bool

  public init(
    from: String, to: String, protocolNumber: UInt8, port: UInt16? = nil,
    sourcePort: UInt16? = nil, icmpType: Int? = nil, icmpCode: Int? = nil,
    preferIPv6: Bool = false
  ) {
    self.from = from
    self.to = to
    self.protocolNumber = protocolNumber
    self.port = port
    self.sourcePort = sourcePort
    self.icmpType = icmpType
    self.icmpCode = icmpCode
    self.preferIPv6 = preferIPv6
  }
}

/// Why a trace request cannot be answered.
public enum TraceRequestError: Error, Hashable, Sendable, CustomStringConvertible {
  case unknownInterface(String)
  case unknownInstance(String)
  case notAnEndpoint(String)
  case noAddress(id: String, family: String)
  case mixedFamilies(String, String)
  case missingPort

  public var description: String { explanation.text }

  /// The error in words, worded in a language when read.
  public var explanation: Explanation {
    switch self {
    case .unknownInterface(let id): Explanation(.notAnInterface, ["id": "\(id)"])
    case .unknownInstance(let id): Explanation(.notAnInstance, ["id": "\(id)"])
    case .notAnEndpoint(let text): Explanation(.notAnEndpoint, ["text": "\(text)"])
    case .noAddress(let id, let family):
      Explanation(.noAddressOfFamily, ["id": "\(id)", "family": "\(family)"])
    case .mixedFamilies(let a, let b): Explanation(.mixedFamilies, ["a": "\(a)", "b": "\(b)"])
    case .missingPort: Explanation(.missingPort)
    }
  }
}

extension PathTracer {
  /// The Linux ephemeral port range (`ip_local_port_range`), from which a source port is drawn.
  public static let linuxEphemeralPorts: ClosedRange<UInt16> = 32768...60999

  /// Resolves the ends and traces the flow.
  public func trace(_ request: TraceRequest) throws(TraceRequestError) -> PathTrace {
    let literalFamily = [request.from, request.to].compactMap { IPAddress($0) }.first?.isIPv6
    let ipv6 = literalFamily ?? request.preferIPv6
    let source = try resolve(request.from, ipv6: ipv6)
    var destination = try resolve(request.to, ipv6: ipv6)
    // From outside, an ENI named by id is reached at its public address, as the internet sees it.
    if case .external = source, case .interface(let eni, let address, nil) = destination,
      !address.isIPv6, IPAddress(request.to) == nil,
      let mapping = eni.publicIPv4s.first(where: { $0.privateIP == address })
    {
      destination = .interface(eni, address: address, publicAddress: mapping.publicIP)
    }
    guard source.address.isIPv6 == destination.address.isIPv6 else {
      throw .mixedFamilies(request.from, request.to)
    }
    var packet = Packet(
      source: source.address, destination: destination.visibleAddress,
      protocolNumber: request.protocolNumber)
    var note: Explanation? = nil
    if packet.hasPorts {
      guard let port = request.port else { throw .missingPort }
      packet.destinationPort = port
      if let sourcePort = request.sourcePort {
        packet.sourcePort = sourcePort
      } else {
        packet.sourcePort = Self.ephemeralPort(for: request)
        note = Explanation(.sourcePortDrawn, ["port": "\(packet.sourcePort)"])
      }
    } else if packet.isICMP {
      packet.icmpType = request.icmpType ?? (packet.isIPv6 ? 128 : 8)
      packet.icmpCode = request.icmpCode ?? 0
    }
    return trace(from: source, to: destination, packet: packet, sourcePortNote: note)
  }

  /// An ENI id, an instance id (its primary ENI), or an address (an ENI's private, IPv6 or
  /// public address, else an address outside the topology).
  public func resolve(_ text: String, ipv6: Bool) throws(TraceRequestError) -> TraceEndpoint {
    if let address = IPAddress(text) { return endpoint(for: address) }
    var eniId = text
    if text.hasPrefix("i-") {
      guard let instance = topology.instances[text], let first = instance.networkInterfaceIds.first
      else { throw .unknownInstance(text) }
      eniId = first
    } else if !text.hasPrefix("eni-") {
      throw .notAnEndpoint(text)
    }
    guard let eni = topology.networkInterfaces[eniId] else { throw .unknownInterface(eniId) }
    guard let address = ipv6 ? eni.ipv6s.first : eni.primaryIPv4 else {
      throw .noAddress(id: text, family: ipv6 ? "IPv6" : "IPv4")
    }
    return .interface(eni, address: address, publicAddress: nil)
  }

  /// The ENI that owns `address` (private, IPv6 or public: a public address is reached through
  /// its private one), else an unowned address of a VPC of the topology, else an address
  /// outside the topology.
  public func endpoint(for address: IPAddress) -> TraceEndpoint {
    guard let eni = index.networkInterface(owning: address) else {
      // An address inside a VPC's CIDR is not the internet, whether or not an ENI owns it.
      guard let vpcId = index.vpc(holding: address) else { return .external(address) }
      return .unowned(
        address, vpcId: vpcId, subnetId: index.subnet(holding: address, inVPC: vpcId))
    }
    if let mapping = eni.publicIPv4s.first(where: { $0.publicIP == address }) {
      return .interface(eni, address: mapping.privateIP, publicAddress: address)
    }
    return .interface(eni, address: address, publicAddress: nil)
  }

  /// A deterministic port in the Linux ephemeral range for a request.
  static func ephemeralPort(for request: TraceRequest) -> UInt16 {
    var hash: UInt32 = 2_166_136_261
    for byte in "\(request.from)>\(request.to)/\(request.protocolNumber)/\(request.port ?? 0)".utf8
    {
      hash = (hash ^ UInt32(byte)) &* 16_777_619
    }
    let range = linuxEphemeralPorts
    return range.lowerBound + UInt16(hash % UInt32(range.count))
  }
}
