import FlowCauseCLI
import Testing

/// `trace --from/--to` naming what the topology does not hold: the topology was read, so this is
/// not 65 ("the topology cannot be read"); the command line names a wrong end, which
/// docs/evaluation.md lists under 64 (usage). The message says which option, and the nearest id
/// of the topology when the id looks misspelt.
@Suite("trace: ends the topology does not hold")
struct TraceArgumentTests {
  static let topology = CLIHarness.packageRoot.appendingPathComponent(
    "Scenarios/web-app-vpc/topology"
  ).path

  static func trace(from: String, to: String) -> CLIHarness.Run {
    CLIHarness.run([
      "trace", "--topology", topology, "--from", from, "--to", to, "--protocol", "tcp", "--port",
      "22",
    ])
  }

  /// stderr without the topology's own warnings.
  static func errors(_ run: CLIHarness.Run) -> [String] {
    run.stderr.split(separator: "\n").map(String.init).filter {
      !$0.hasPrefix(topology + ": warning: ")
    }
  }

  @Test("An unknown ENI id: exit 64, the option that named it, nothing on stdout")
  func unknownInterface() {
    let run = Self.trace(from: "eni-nope", to: "10.20.1.10")
    #expect(run.exit == .usage)
    #expect(
      Self.errors(run) == [
        "flowcause trace: error: --from eni-nope is not a network interface of the topology"
      ])
    #expect(run.stdout.isEmpty)
  }

  @Test("A misspelt ENI or instance id: the nearest id of the topology")
  func misspelt() {
    let eni = Self.trace(from: "10.20.1.10", to: "eni-4ebe2d3110f882cb")
    #expect(eni.exit == .usage)
    #expect(
      Self.errors(eni) == [
        "flowcause trace: error: --to eni-4ebe2d3110f882cb is not a network interface of the "
          + "topology (did you mean eni-4ebe2d3110f882cb4?)"
      ])
    let instance = Self.trace(from: "i-eec60e2c64a7f417", to: "10.20.1.10")
    #expect(instance.exit == .usage)
    #expect(
      Self.errors(instance) == [
        "flowcause trace: error: --from i-eec60e2c64a7f417 is not an instance of the topology "
          + "(did you mean i-eec60e2c64a7f4179?)"
      ])
  }
}
