import Analysis
import Rendering
import Topology

/// `flowcause lint --topology PATH [--output text|json] [--fail-on error|warning|notice]`.
struct LintCommand {
  enum Output: String { case text, json }

  /// The exit code when a finding is at or above `--fail-on` (the value of trace's "not
  /// reachable": the design fails the check).
  static let failed = ExitCode.notReachable

  let topologyPath: String
  let output: Output
  let failOn: Finding.Severity

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments, valueOptions: ["--topology", "--output", "--fail-on"], flagOptions: [])
    guard scanner.positional.isEmpty else {
      throw UsageError("unexpected argument '\(scanner.positional[0])'")
    }
    guard let topology = scanner.value("--topology") else {
      throw UsageError("--topology is required")
    }
    guard let output = Output(rawValue: scanner.value("--output") ?? "text") else {
      throw UsageError("--output must be text or json")
    }
    guard let failOn = Finding.Severity(rawValue: scanner.value("--fail-on") ?? "error") else {
      throw UsageError("--fail-on must be error, warning or notice")
    }
    topologyPath = topology
    self.output = output
    self.failOn = failOn
  }

  func run(io: CommandIO) -> ExitCode {
    let topology: Topology
    switch TopologyInput.loadReporting(path: topologyPath, io: io) {
    case .failure(let exit): return exit
    case .success(let loaded): topology = loaded
    }
    let findings = Linter(topology: topology).lint()
    switch output {
    case .json:
      io.stdout.write(LintRenderer.json(findings, failOn: failOn).rendered(pretty: true) + "\n")
    case .text: io.stdout.write(LintRenderer.text(findings, failOn: failOn))
    }
    return findings.contains { $0.severity >= failOn } ? Self.failed : .success
  }
}
