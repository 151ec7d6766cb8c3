import FlowLogs
import NetworkPrimitives
import Topology

/// Names the cause of every REJECT record, from the logs alone or with a topology.
///
/// Logs alone prove little: a rejected reply after an accepted request on the same ENI is the
/// network ACL (security groups are stateful and let the reply of an accepted request through);
/// a rejected request is the security group or the network ACL. With a topology, the rejected
/// leg is evaluated at the ENI's boundary and the control that denies is named
/// (docs/diagnosis.md has the decision table).
///
/// The logs-only diagnosis is in `Diagnoser+Logs`; with a topology, the readings of a record
/// are evaluated in `+Topology` and `+Evaluation` (`+Shortcuts` for the two commonest shapes)
/// and decided between in `+Decision`.
public struct Diagnoser: Sendable {
  /// The topology and its tracer, behind one reference: a diagnoser is copied for every REJECT
  /// decided (a `Topology` value is a dozen dictionaries, each retained by a copy).
  private final class Core: Sendable {
    let topology: Topology?
    let tracer: PathTracer?

    init(topology: Topology?) {
      self.topology = topology
      tracer = topology.map { PathTracer(topology: $0) }
    }
  }

  private let core: Core
  public var topology: Topology? { core.topology }
  /// One tracer (and its index) for every record.
  var tracer: PathTracer? { core.tracer }

  /// With a topology: a check of records' `traffic-path` against its routes, on the same
  /// index.
  public var trafficPathCheck: TrafficPathCheck? {
    core.tracer.map { TrafficPathCheck(index: $0.index) }
  }
  /// Whether `evaluate` decides the commonest shape directly (``requestFromOutside``) instead
  /// of tracing; off only in the test that compares both.
  var shortcuts = true

  public init(topology: Topology?) {
    core = Core(topology: topology)
  }

  /// Diagnoses every REJECT among `observations`, in input order.
  public func diagnose(_ observations: [FlowObservation]) -> [Diagnosis] {
    let correlator = Correlator(observations: observations)
    let inferred = correlator.inferredInterfaceAddresses()
    var results: [Diagnosis] = []
    for (index, observation) in observations.enumerated() where observation.action == .reject {
      let related = correlator.related(to: index)
      // A copy of an earlier record is counted by the caller, not diagnosed again.
      if related.duplicateOf != nil { continue }
      results.append(
        diagnose(
          observation, related: related, inferredAddress: inferred[observation.interfaceId]))
    }
    return results
  }

  func diagnose(
    _ record: FlowObservation, related: Correlator.Related, inferredAddress: IPAddress?
  ) -> Diagnosis {
    // Looked up once, with the tables its checks read. The ENI is read through its context,
    // never copied out of it: an ENI is a value of a dozen arrays and strings, and a copy
    // retains each of them.
    let context = tracer?.index.context(ofInterface: record.interfaceId)
    let direction = direction(of: record, context: context, inferredAddress: inferredAddress)
    var diagnosis = Diagnosis(
      observation: record, cause: .undetermined, code: nil, component: nil, rule: nil,
      direction: direction, role: nil, roleEvidence: nil, confidence: .low, candidates: [],
      note: "", related: relatedRecords(related, of: record), checkpoints: [])
    diagnosis.relatedOmitted = related.omitted
    let evidence = LogEvidence(record, related: related)
    let inferredRole = RoleInference.infer(record, related: related, evidence: evidence)
    diagnosis.role = inferredRole?.0
    diagnosis.roleEvidence = inferredRole?.1

    // VPC Block Public Access is the one cause AWS writes into the record itself.
    if record.rejectReason == "BPA" {
      diagnosis.cause = .blockPublicAccess
      diagnosis.code = .vpcBlockPublicAccessEnabled
      diagnosis.confidence = .high
      diagnosis.note = Explanation(.bpaRejected)
      return diagnosis
    }

    // A regional NAT gateway's record (version 9: `interface-id` `-`, its `resource-id`
    // `nat-…`): which controls filter such a gateway's traffic is not in AWS's flow log pages
    // flowcause relies on, so no cause is named.
    if record.isRegionalNATGateway {
      diagnosis.cause = .undetermined
      diagnosis.confidence = .low
      diagnosis.note = Explanation(.regionalNATGateway, ["id": "\(record.interfaceId)"])
      return diagnosis
    }

    // A TCP or UDP record without its ports (a format without `srcport`/`dstport`, or `-`):
    // security group and network ACL rules match these protocols by port, and the records of
    // one conversation cannot be told from others between the same addresses.
    if !record.hasPorts && (record.protocolNumber == 6 || record.protocolNumber == 17) {
      diagnosis.cause = .undetermined
      diagnosis.candidates = [.securityGroup, .networkACL]
      diagnosis.confidence = .low
      diagnosis.note = Explanation(
        .recordWithoutPorts, ["protocol": record.protocolNumber == 6 ? "TCP" : "UDP"])
      return diagnosis
    }

    let tracking = TrackingWindow(
      protocolNumber: record.protocolNumber,
      interface: topology != nil ? context?.interface : nil, stream: evidence.acceptedBefore)
    let readings = Readings(
      record, evidence: evidence, tracking: tracking, direction: direction)
    if topology != nil, let context {
      diagnoseWithTopology(
        &diagnosis, record: record, context: context, evidence: evidence, tracking: tracking,
        readings: readings)
      if let index = tracer?.index, index.hasLoadBalancers,
        let note = loadBalancerNote(
          record, interface: context.interface, direction: direction, index: index)
      {
        diagnosis.note += Explanation(.noteInParentheses, ["note": note])
      }
    } else {
      diagnoseFromLogs(
        &diagnosis, record: record, evidence: evidence, tracking: tracking, readings: readings)
      if topology != nil {
        diagnosis.note += Explanation(.notInTopologySuffix, ["eni": "\(record.interfaceId)"])
      }
    }
    return diagnosis
  }

  func direction(
    of record: FlowObservation, context: InterfaceContext?, inferredAddress: IPAddress?
  ) -> FlowDirection? {
    if let direction = record.flowDirection { return direction }
    if let context {
      if context.owns(record.destination) { return .ingress }
      if context.owns(record.source) { return .egress }
      // An ENI that forwards others' packets (a transit gateway attachment's, a NAT gateway's,
      // a load balancer's) carries neither address of most of its records: the address seen
      // most on it is a busy peer's, not its own, and tells nothing.
      if context.interface.componentWithoutSecurityGroups != nil
        || context.interface.loadBalancerNode != nil
      {
        return forwardingDirection(of: record, interface: context.interface)
      }
    }
    if let own = inferredAddress {
      if record.destination == own { return .ingress }
      if record.source == own { return .egress }
    }
    return nil
  }

  /// Which way a forwarding ENI's record crossed it, from its VPC: a transit gateway
  /// attachment, a NAT gateway or a load balancer node hands a packet into its VPC (egress: the
  /// destination is an address of the VPC, the source is not) or takes one out of it (ingress:
  /// the source is of the VPC, the destination not); `nil` when both or neither are, and for a
  /// Gateway Load Balancer's or its endpoint's, which take a packet in and hand it back with the
  /// same addresses.
  func forwardingDirection(of record: FlowObservation, interface: NetworkInterface)
    -> FlowDirection?
  {
    guard let vpc = topology?.vpcs[interface.vpcId],
      interface.interfaceType != "gateway_load_balancer",
      interface.interfaceType != "gateway_load_balancer_endpoint"
    else { return nil }
    let sourceInside = vpc.cidrs.contains { $0.contains(record.source) }
    let destinationInside = vpc.cidrs.contains { $0.contains(record.destination) }
    switch (sourceInside, destinationInside) {
    case (false, true): return .egress
    case (true, false): return .ingress
    default: return nil
    }
  }

  func relatedRecords(_ related: Correlator.Related, of record: FlowObservation) -> [RelatedRecord]
  {
    if related.listed.isEmpty { return [] }
    // Grouped by relation (the other direction on this ENI, the same direction, other ENIs),
    // each in input order.
    func relation(_ other: FlowObservation) -> String {
      if other.interfaceId != record.interfaceId { return "peer" }
      return other.source == record.source
        && other.sourcePort == record.sourcePort ? "same" : "reverse"
    }
    let records = related.listed.map { other in
      RelatedRecord(
        file: other.file, line: other.line, interfaceId: other.interfaceId, action: other.action,
        relation: relation(other))
    }
    return ["reverse", "same", "peer"].flatMap { kind in records.filter { $0.relation == kind } }
  }
}
