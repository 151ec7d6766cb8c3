import Analysis
import FlowLogs
import Foundation

/// A failure as a scenario folder that `flowcause scenario check NAME --scenarios PARENT`
/// replays (docs/scenarios): the log in the failing mode's format, the simulator's truth as
/// `expected.jsonl`, the topology `diagnose` was given (with the topology only), and what
/// `flowcause simulate` needs to write the log again. Files as relative paths and texts; the
/// caller writes them.
public enum ScenarioFolder {
  public static func files(_ run: DifferentialRun, failing: Judgement, title: String)
    -> [(path: String, text: String)]
  {
    let sample = run.sample
    let mode = failing.mode
    let format = sample.layout.format(mode.version)
    // `scenario check` gives diagnose no --format: any format but AWS's default needs its
    // header line.
    let header = format != .defaultV2
    let offset = header ? 1 : 0
    var files: [(path: String, text: String)] = []
    let description = "seed \(sample.seed), \(mode): \(title)"
    if mode.withTopology {
      files.append(
        (
          "topology/topology.json",
          NativeDocument.json(NativeDocument.topology(sample.snapshot, description: description))
        ))
    }
    files.append(
      (
        "network/topology.json",
        NativeDocument.json(NativeDocument.topology(sample.network, description: description))
      ))
    files.append(
      (
        "traffic.json",
        NativeDocument.json(
          NativeDocument.traffic(sample.traffic, kinds: sample.kinds, description: description))
      ))
    var log = header ? format.description + "\n" : ""
    for record in run.records { log += record.line(in: format) + "\n" }
    files.append(("flows.log", log))
    var expected = ""
    for judgement in run.judgements where judgement.mode == mode {
      // An aggregated record expects the truth its diagnosis agrees with, if any.
      let truth = judgement.judgedTruth
      var object: [String: Any] = [
        "line": judgement.index + 1 + offset,
        "interface-id": run.records[judgement.index].interfaceId,
        "cause": truth.cause.rawValue,
      ]
      if mode.withTopology && (truth.cause == .networkACL || truth.cause == .securityGroup) {
        object["component"] = truth.component ?? NSNull()
        object["rule"] = truth.rule ?? NSNull()
      }
      let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      expected += String(decoding: data ?? Data(), as: UTF8.self) + "\n"
    }
    files.append(("expected.jsonl", expected))
    files.append(("README.md", readme(run, failing: failing, title: title, offset: offset)))
    return files
  }

  static func readme(_ run: DifferentialRun, failing: Judgement, title: String, offset: Int)
    -> String
  {
    let sample = run.sample
    let mode = failing.mode
    let format = sample.layout.format(mode.version)
    let line = failing.index + 1 + offset
    let simulate =
      "flowcause simulate --topology network --traffic traffic.json --window \(sample.window) "
      + "--seed \(sample.seed)"
      + (format == .defaultV2 ? "" : " --header --format '\(format.description)'")
    return """
      # Accuracy failure: seed \(sample.seed), \(mode)

      \(title)

      The differential's network of seed \(sample.seed) (`NetworkSample(seed: \(sample.seed))`), \
      shrunk to \(sample.traffic.conversations.count) conversation(s) and \
      \(sample.network.networkInterfaces.count) ENI(s). Line \(line) of `flows.log`:

      ```
      \(run.records[failing.index].line(in: format))
      ```

      - \(failing.truthText) (the simulator's truth, kind `\(failing.kind.rawValue)`)
      - \(failing.diagnosisText)
      - explanation: \(failing.diagnosis.explanation)

      `expected.jsonl` holds the simulator's truth for every REJECT (for a record that \
      aggregates several conversations' REJECTs, the one its diagnosis names, if any). \
      \(mode.withTopology ? "`topology/` is what diagnose is given; `network/` is" : "diagnose is given no topology (the mode is logs only); `network/` is") \
      the network the simulator ran on.

      Replay: `flowcause scenario check <this folder's name> --scenarios <its parent>`, or \
      `flowcause diagnose\(mode.withTopology ? " --topology topology" : "") flows.log`. \
      `\(simulate)` writes `flows.log` again.

      """
  }
}
