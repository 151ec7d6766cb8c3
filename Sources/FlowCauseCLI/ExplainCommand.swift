import Analysis
import FlowLogs
import NetworkPrimitives
import Topology

/// `flowcause explain [--topology PATH] [--format FORMAT] (--line N FILE | RECORD)`: one record's
/// whole story, step by step.
struct ExplainCommand {
  let topologyPath: String?
  let format: FlowLogFormat?
  let line: Int?
  let file: String?
  let recordText: String?

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments, valueOptions: ["--topology", "--format", "--line"], flagOptions: [])
    topologyPath = scanner.value("--topology")
    format = try DiagnoseCommand.format(scanner, fetch: nil, command: "explain")
    if let lineText = scanner.value("--line") {
      guard let value = Int(lineText), value > 0 else {
        throw UsageError("--line: '\(lineText)' is not a line number")
      }
      guard scanner.positional.count == 1 else { throw UsageError("--line N needs one FILE") }
      line = value
      file = scanner.positional[0]
      recordText = nil
    } else {
      guard !scanner.positional.isEmpty else {
        throw UsageError("give --line N FILE, or the record itself as an argument")
      }
      line = nil
      file = nil
      recordText = scanner.positional.joined(separator: " ")
    }
  }

  func run(io: CommandIO) -> ExitCode {
    var topology: Topology? = nil
    if let topologyPath {
      switch TopologyInput.loadReporting(path: topologyPath, io: io) {
      case .failure(let exit): return exit
      case .success(let loaded): topology = loaded
      }
    }
    let name = file ?? "(argument)"
    let input = file.map(InputFile.init(name:))
    var collector = ObservationCollector(stderr: io.stderr)
    collector.fileName = name
    collector.command = "explain"
    let reader = FlowLogReader(format: format)
    var counts = ReadCounts()
    if let input {
      switch input.open(io: io) {
      case .failure(let error):
        io.stderr.write(DiagnosticRenderer.cannotOpen(name, reason: error.reason))
        return .noInput
      case .success(let opened):
        counts = reader.read(opened.source, into: &collector)
        opened.close()
      }
    } else if let recordText {
      counts = reader.read(MemorySource(recordText), into: &collector)
    }
    // A damaged input (broken JSON, truncated gzip) lost the records after the damage, and with
    // them the evidence: the reader has named the file and where; no story is told from part of
    // it. Bad lines elsewhere are reported too, and the story is told, with exit 65 as diagnose.
    if counts.inputErrors > 0 { return .dataError }
    // A header line whose format lacks a field explain needs has been named as an error.
    let done: ExitCode = counts.bad > 0 || collector.unusableHeaders > 0 ? .dataError : .success
    let wanted = line ?? 1
    guard let observation = collector.observations.first(where: { $0.line == wanted }) else {
      io.stderr.write(
        "\(name):\(wanted): error: no flow record with an action there (a header, a NODATA/SKIPDATA row, a bad line, or past the end)\n"
      )
      return .dataError
    }
    let diagnoses = Diagnoser(topology: topology).diagnose(collector.observations)
    if observation.action == .accept {
      io.stdout.write(
        "\(name):\(wanted) is an ACCEPT record: every control on its path at \(observation.interfaceId) allowed it.\n"
      )
      return done
    }
    if let diagnosis = diagnoses.first(where: { $0.observation == observation }) {
      io.stdout.write(story(diagnosis, name: name, topology: topology != nil))
      return done
    }
    // A copy of an earlier record (a file given twice) is diagnosed once, as that record.
    if let original = collector.observations.first(where: {
      $0.line < observation.line && $0.file == observation.file && observation.isCopy(of: $0)
    }), let diagnosis = diagnoses.first(where: { $0.observation == original }) {
      io.stdout.write(
        "\(name):\(wanted) repeats \(name):\(original.line) (the same interface, addresses, ports, protocol, packets, window and action), so it is diagnosed as that record:\n\n"
      )
      io.stdout.write(story(diagnosis, name: name, topology: topology != nil))
      return done
    }
    io.stderr.write("\(name):\(wanted): error: the record could not be diagnosed\n")
    return .dataError
  }

  func story(_ diagnosis: Diagnosis, name: String, topology: Bool) -> String {
    let record = diagnosis.observation
    let proto = ProtocolNames.name(record.protocolNumber)
    var out = "\(name):\(record.line): REJECT on \(record.interfaceId)\n"
    out +=
      "  \(proto) \(Self.endpoint(record.source, record.sourcePort)) -> \(Self.endpoint(record.destination, record.destinationPort))\n\n"
    out += "1. Which way it went.\n   "
    switch diagnosis.direction {
    case .ingress?: out += "Ingress: the packets were arriving at \(record.interfaceId)."
    case .egress?: out += "Egress: the packets were leaving \(record.interfaceId)."
    case nil:
      out +=
        "The direction is unknown (no flow-direction field, and the ENI's address is not known)."
    }
    out += "\n\n2. Which leg it is.\n   "
    switch (diagnosis.role, diagnosis.roleEvidence) {
    case (let role?, let evidence?):
      out += "The \(role.rawValue) of its conversation, because \(Self.because(evidence))."
    default:
      out += "Unknown: nothing in the logs shows which side started the flow."
    }
    if !diagnosis.related.isEmpty {
      out += "\n   Related records:"
      for item in diagnosis.related {
        out +=
          "\n     line \(item.line) on \(item.interfaceId): \(item.action.rawValue) (\(item.relation))"
      }
    }
    out += "\n\n3. What stateful and stateless mean here.\n   "
    out +=
      diagnosis.role == .response
      ? "Security groups are stateful: the reply of a connection they accepted passes whatever their rules say. Network ACLs are stateless: the reply needs an entry of its own, for the client's ephemeral port."
      : "A request is checked against both controls on its own: the subnet's network ACL (at the subnet boundary, first matching rule number) and the ENI's security groups (allow-only, the union of all groups)."
    if !diagnosis.checkpoints.isEmpty {
      out += "\n\n4. The checks at \(record.interfaceId), in AWS's order.\n"
      for (index, checkpoint) in diagnosis.checkpoints.enumerated() {
        out +=
          "   \(index + 1). \(checkpoint.check.rawValue): \(checkpoint.result.rawValue.uppercased()), \(checkpoint.explanation)\n"
      }
    } else if !topology {
      out += "\n\n4. No topology was given, so no rule can be named (give --topology)."
      out += "\n"
    } else {
      out += "\n"
    }
    out += "\nCause: \(diagnosis.cause.rawValue)"
    if let code = diagnosis.code { out += " (\(code.rawValue))" }
    if let component = diagnosis.component {
      out += ", \(component)"
      if let rule = diagnosis.rule {
        out += " rule \(rule >= 32767 ? "* (\(rule))" : String(rule))"
      }
    }
    out += ", \(diagnosis.confidence.rawValue) confidence.\n  \(diagnosis.explanation)\n"
    if !diagnosis.candidates.isEmpty {
      out += "  Candidates: \(diagnosis.candidates.map(\.rawValue).joined(separator: ", ")).\n"
    }
    return out
  }

  /// `10.0.1.5:443`, `[2001:db8::10]:443` (RFC 5952, section 6).
  static func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
    address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
  }

  static func because(_ evidence: RoleEvidence) -> String {
    switch evidence {
    case .tcpFlags: return "its TCP flags say so (SYN marks the initiator, SYN-ACK the responder)"
    case .acceptedReverseLeg:
      return
        "an earlier request the other way was accepted on this ENI, and a rejected request is never answered"
    case .ports: return "its ports say so (the more server-like port is the server's)"
    case .firstLeg: return "the other direction started later on this ENI"
    case .unanswered: return "the other direction never appears on this ENI"
    }
  }
}
