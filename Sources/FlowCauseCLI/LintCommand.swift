import Analysis
import Foundation
import Messages
import Rendering
import Topology

/// `flowcause lint --topology PATH [--output text|json|sarif] [--fail-on LEVEL]
/// [--baseline FILE | --compare PATH] [--threads N] [--lang en|ja]`.
struct LintCommand {
  enum Output: String, CaseIterable { case text, json, sarif }

  /// The exit code when a finding is at or above `--fail-on` (the value of trace's "not
  /// reachable": the design fails the check).
  static let failed = ExitCode.notReachable

  let topologyPath: String
  let output: Output
  let failOn: Finding.Severity
  let threads: Int
  let baselinePath: String?
  let comparePath: String?
  /// `--lang`: the language of the sentences (else the environment's).
  let languageOption: String?

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments,
      valueOptions: [
        "--topology", "--output", "--fail-on", "--threads", "--baseline", "--compare", "--lang",
      ],
      flagOptions: [])
    languageOption = try scanner.languageOption()
    guard scanner.positional.isEmpty else {
      throw UsageError("unexpected argument '\(scanner.positional[0])'")
    }
    guard let topology = scanner.value("--topology") else {
      throw UsageError("--topology is required")
    }
    guard let output = Output(rawValue: scanner.value("--output") ?? "text") else {
      throw UsageError("--output must be text, json or sarif")
    }
    guard let failOn = Finding.Severity(rawValue: scanner.value("--fail-on") ?? "error") else {
      throw UsageError("--fail-on must be error, warning or notice")
    }
    baselinePath = scanner.value("--baseline")
    comparePath = scanner.value("--compare")
    if baselinePath != nil, comparePath != nil {
      throw UsageError("--baseline and --compare cannot be used together")
    }
    threads = try scanner.threadsOption(default: ArgumentScanner.processors)
    topologyPath = topology
    self.output = output
    self.failOn = failOn
  }

  func run(io: CommandIO) -> ExitCode {
    let language = io.language(languageOption, command: "lint")
    let topology: Topology
    switch TopologyInput.loadReporting(path: topologyPath, io: io) {
    case .failure(let exit): return exit
    case .success(let loaded): topology = loaded
    }
    if let comparePath {
      return compare(topology, with: comparePath, io: io, language: language)
    }
    var findings = Linter(topology: topology).lint(threads: threads)
    var baseline: LintRenderer.Baseline? = nil
    if let baselinePath {
      switch LintBaseline.read(baselinePath) {
      case .failure(let problem):
        io.stderr.write(problem.message)
        return problem.exit
      case .success(let known):
        let kept = findings.filter { !known.contains($0.fingerprint) }
        baseline = LintRenderer.Baseline(file: baselinePath, known: findings.count - kept.count)
        findings = kept
      }
    }
    switch output {
    case .json:
      io.stdout.write(
        LintRenderer.json(findings, failOn: failOn, baseline: baseline, language: language)
          .rendered(pretty: true) + "\n")
    case .sarif:
      io.stdout.write(
        LintRenderer.sarif(
          findings, sources: topology.sources, lines: Self.lines(of: findings, topology),
          toolVersion: FlowCauseCommand.version, baseline: baseline != nil, language: language
        ).rendered(pretty: true) + "\n")
    case .text:
      io.stdout.write(
        LintRenderer.text(findings, failOn: failOn, baseline: baseline, language: language))
    }
    return findings.contains { $0.severity >= failOn } ? Self.failed : .success
  }

  /// `--compare PATH`: the findings the change adds, removes and changes, and the flows whose
  /// reachability changes. Fails (exit 1) when it adds or worsens a finding at or above
  /// `--fail-on`, or breaks a flow.
  private func compare(
    _ before: Topology, with path: String, io: CommandIO, language: Language
  ) -> ExitCode {
    let after: Topology
    switch TopologyInput.loadReporting(path: path, io: io) {
    case .failure(let exit): return exit
    case .success(let loaded): after = loaded
    }
    let comparison = LintComparison(before: before, after: after, threads: threads)
    switch output {
    case .json:
      io.stdout.write(
        LintRenderer.comparisonJSON(
          comparison, before: topologyPath, after: path, failOn: failOn, language: language
        ).rendered(pretty: true) + "\n")
    case .sarif:
      let worse = comparison.added + comparison.changed.filter(\.isWorse).map(\.after)
      io.stdout.write(
        LintRenderer.sarif(
          worse, sources: after.sources, lines: Self.lines(of: worse, after),
          toolVersion: FlowCauseCommand.version, baseline: true, language: language
        ).rendered(pretty: true) + "\n")
    case .text:
      io.stdout.write(
        LintRenderer.comparisonText(
          comparison, before: topologyPath, after: path, failOn: failOn, language: language))
    }
    return LintRenderer.comparisonFails(comparison, failOn: failOn) ? Self.failed : .success
  }

  /// The line of each finding's component in its document, for SARIF's regions: each document
  /// named is read again and scanned once.
  static func lines(of findings: [Finding], _ topology: Topology) -> [String: [String: Int]] {
    var out: [String: [String: Int]] = [:]
    for file in Set(findings.compactMap { topology.sources[$0.componentId]?.file }) {
      guard let data = FileManager.default.contents(atPath: file) else { continue }
      out[file] = JSONElementLines.lines(Array(data))
    }
    return out
  }
}

/// The fingerprints of an earlier run's findings: `lint --output json` (its `Fingerprint`s) or
/// `--output sarif` (its results' `partialFingerprints`).
enum LintBaseline {
  struct Problem: Error {
    var message: String
    var exit: ExitCode
  }

  static func read(_ path: String) -> Result<Set<String>, Problem> {
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason =
        FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "No such file"
      return .failure(
        Problem(message: DiagnosticRenderer.cannotOpen(path, reason: reason), exit: .noInput))
    }
    func bad(_ reason: String) -> Result<Set<String>, Problem> {
      .failure(Problem(message: "\(path): error: \(reason)\n", exit: .dataError))
    }
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: data)
    } catch {
      return bad("not JSON (\(error.localizedDescription)): expected lint --output json or sarif")
    }
    guard let document = parsed as? [String: Any] else {
      return bad("not a JSON object: expected the output of lint --output json or sarif")
    }
    var prints: Set<String> = []
    if document["Findings"] != nil {
      guard let findings = document["Findings"] as? [Any] else {
        return bad("Findings: not an array (not lint --output json?)")
      }
      for (index, item) in findings.enumerated() {
        guard let finding = item as? [String: Any], let print = finding["Fingerprint"] as? String
        else {
          return bad("Findings[\(index)].Fingerprint: missing (not lint --output json?)")
        }
        prints.insert(print)
      }
      return .success(prints)
    }
    if let runs = document["runs"] as? [Any] {
      for (r, run) in runs.enumerated() {
        let results = (run as? [String: Any])?["results"] as? [Any] ?? []
        for (index, item) in results.enumerated() {
          guard
            let print = ((item as? [String: Any])?["partialFingerprints"] as? [String: Any])?[
              LintRenderer.fingerprintKey] as? String
          else {
            return bad(
              "runs[\(r)].results[\(index)].partialFingerprints.\(LintRenderer.fingerprintKey): missing (not flowcause lint --output sarif?)"
            )
          }
          prints.insert(print)
        }
      }
      return .success(prints)
    }
    return bad("neither Findings (lint --output json) nor runs (lint --output sarif)")
  }
}
