import Analysis
import NetworkPrimitives
import Rendering
import Topology

/// `flowcause trace --topology PATH --from A --to B --protocol P [--port N] …`.
struct TraceCommand {
  enum Output: String { case text, json, svg }

  let topologyPath: String
  let request: TraceRequest
  let output: Output
  /// `--lang`: the language of the sentences (else the environment's).
  let languageOption: String?

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments,
      valueOptions: [
        "--topology", "--from", "--to", "--protocol", "--port", "--source-port", "--icmp-type",
        "--icmp-code", "--output", "--lang",
      ], flagOptions: ["--ipv6"])
    languageOption = try scanner.languageOption()
    guard scanner.positional.isEmpty else {
      throw UsageError("unexpected argument '\(scanner.positional[0])'")
    }
    guard let topology = scanner.value("--topology") else {
      throw UsageError("--topology is required")
    }
    guard let from = scanner.value("--from") else { throw UsageError("--from is required") }
    guard let to = scanner.value("--to") else { throw UsageError("--to is required") }
    guard let protocolText = scanner.value("--protocol") else {
      throw UsageError("--protocol is required (tcp, udp, icmp, icmpv6 or a number)")
    }
    guard let protocolNumber = ProtocolNames.number(protocolText) else {
      throw UsageError(
        "--protocol: '\(protocolText)' is not tcp, udp, icmp, icmpv6 or a number 0-255")
    }
    func port(_ name: String) throws(UsageError) -> UInt16? {
      guard let text = scanner.value(name) else { return nil }
      guard let value = UInt16(text) else {
        throw UsageError("\(name): '\(text)' is not a port 0-65535")
      }
      return value
    }
    func icmp(_ name: String) throws(UsageError) -> Int? {
      guard let text = scanner.value(name) else { return nil }
      guard let value = Int(text), (0...255).contains(value) else {
        throw UsageError("\(name): '\(text)' is not a number 0-255")
      }
      return value
    }
    if protocolNumber == 1 || protocolNumber == 58 {
      for name in ["--port", "--source-port"] where scanner.value(name) != nil {
        throw UsageError(
          "\(name): \(ProtocolNames.name(protocolNumber)) has no ports; "
            + "give --icmp-type N and --icmp-code N")
      }
    }
    let destinationPort = try port("--port")
    if (protocolNumber == 6 || protocolNumber == 17) && destinationPort == nil {
      throw UsageError("--port is required for tcp and udp")
    }
    guard let output = Output(rawValue: scanner.value("--output") ?? "text") else {
      throw UsageError("--output must be text, json or svg")
    }
    topologyPath = topology
    request = TraceRequest(
      from: from, to: to, protocolNumber: protocolNumber, port: destinationPort,
      sourcePort: try port("--source-port"), icmpType: try icmp("--icmp-type"),
      icmpCode: try icmp("--icmp-code"), preferIPv6: scanner.flag("--ipv6"))
    self.output = output
  }

  /// The error, after the option that named the end it is about, with the nearest id of the
  /// topology when an ENI or instance id looks misspelt.
  func message(_ error: TraceRequestError, topology: Topology) -> String {
    func option(_ id: String) -> String { id == request.from ? "--from" : "--to" }
    switch error {
    case .unknownInterface(let id):
      return "\(option(id)) \(error)"
        + DiagnosticRenderer.didYouMean(id, among: topology.networkInterfaces.keys.sorted())
    case .unknownInstance(let id):
      let instances = Set(topology.networkInterfaces.values.compactMap(\.instanceId))
      return "\(option(id)) \(error)"
        + DiagnosticRenderer.didYouMean(id, among: instances.sorted())
    case .notAnEndpoint(let text), .noAddress(let text, _):
      return "\(option(text)) \(error)"
    case .mixedFamilies, .missingPort:
      return "\(error)"
    }
  }

  func run(io: CommandIO) -> ExitCode {
    let language = io.language(languageOption, command: "trace")
    let topology: Topology
    switch TopologyInput.loadReporting(path: topologyPath, io: io) {
    case .failure(let exit): return exit
    case .success(let loaded): topology = loaded
    }
    let trace: PathTrace
    do {
      trace = try PathTracer(topology: topology).trace(request)
    } catch {
      // The topology was read; the command line names something it does not hold (or cannot
      // be traced): a usage error, as docs/evaluation.md says.
      io.stderr.write("flowcause trace: error: \(message(error, topology: topology))\n")
      return .usage
    }
    switch output {
    case .json:
      io.stdout.write(
        TraceRenderer.json(trace, language: language).rendered(pretty: true) + "\n")
    case .text: io.stdout.write(TraceRenderer.text(trace, language: language))
    case .svg:
      io.stdout.write(PathDiagram(trace: trace, language: language).svg(id: "trace"))
    }
    switch trace.verdict.reachable {
    case true?: return .success
    case false?: return .notReachable
    case nil: return .undetermined
    }
  }
}
