import Analysis
import FlowLogs
import Topology

/// Writes every diagnostic and summary the CLI prints, in one place.
///
/// Line problems read `FILE:LINE[:COLUMN]: error: MESSAGE`; problems with an input as a whole
/// read `FILE: error: MESSAGE`.
package enum DiagnosticRenderer {
  package static func render(_ diagnostic: ReadDiagnostic, file: String) -> String {
    var location = file
    if let line = diagnostic.line {
      location += ":\(line)"
      if let column = diagnostic.column { location += ":\(column)" }
    }
    return "\(location): error: \(diagnostic.message)\n"
  }

  /// `FILE: JSON.PATH: error: MESSAGE` for a topology that cannot be loaded.
  package static func topologyError(_ error: TopologyLoadError) -> String {
    if let line = error.line, let column = error.column {
      return "\(error.file):\(line):\(column): error: \(error.message)\n"
    }
    let path = error.path.isEmpty ? "" : " \(error.path):"
    return "\(error.file):\(path) error: \(error.message)\n"
  }

  /// `PATH: warning: …`, PATH the topology as given (two topologies, as `lint --compare`
  /// reads, are told apart).
  package static func topologyWarning(_ warning: TopologyWarning, path: String) -> String {
    "\(path): warning: \(warning)\n"
  }

  /// `flowcause sql: warning: …` for a query longer than Athena takes (its quota on a query
  /// string, which AWS does not raise: Athena User Guide, "Service Quotas").
  package static func queryTooLongForAthena(bytes: Int, topologyBytes: Int, path: String)
    -> String
  {
    "flowcause sql: warning: the query is \(bytes) bytes, more than the \(DiagnosisSQL.athenaQueryBytes) "
      + "Athena takes in one query string (a quota AWS does not raise); \(topologyBytes) of them are "
      + "the rows of \(path): --views PREFIX writes them as views, each created by a statement "
      + "of its own before the query, or give --topology only the VPCs whose flow logs the table "
      + "holds (docs/scale-out.md, \"On Athena\")\n"
  }

  /// `FILE: note: N more bad lines not shown, M in all (…)`, after the first `limit` bad lines
  /// of an input.
  package static func badLinesWithheld(_ count: Int, file: String, limit: Int) -> String {
    "\(file): note: \(count) more bad line\(count == 1 ? "" : "s") not shown, \(limit + count) in "
      + "all (--max-errors N shows the first N of each input, 0 all of them)\n"
  }

  /// `flowcause: note: N more bad lines in M inputs not shown (…)`, at the end of a run whose
  /// limit was reached.
  package static func badLinesWithheldInRun(_ count: Int, inputs: Int, limit: Int) -> String {
    "flowcause: note: \(count) more bad line\(count == 1 ? "" : "s") in \(inputs) "
      + "input\(inputs == 1 ? "" : "s") not shown (at most \(limit) are shown a run: "
      + "--max-errors N shows N of each input and five times N in all, 0 all of them)\n"
  }

  /// `FILE: note: …`, once a run, after the first line whose field count is not its
  /// format's: the commonest cause is a custom format read as the default.
  package static func fieldCountHint(file: String, expected: Int, found: Int) -> String {
    "\(file): note: its records have \(found) fields, the format read has \(expected): if the "
      + "flow log has a custom format, give its LogFormat with --format (as 'aws ec2 "
      + "describe-flow-logs' prints it), or --topology with the folder 'flowcause collect' "
      + "wrote (its describe-flow-logs.json), or put the format's header line first\n"
  }

  /// Which flow log's `LogFormat` the files without a header line are read with.
  package static func savedFormat(ids: String, folder: String) -> String {
    "flowcause: note: records before a header line are read with the LogFormat of \(ids) "
      + "(\(folder)/describe-flow-logs.json); --format overrides it\n"
  }

  package static func cannotOpen(_ file: String, reason: String) -> String {
    "\(file): error: cannot open: \(reason)\n"
  }

  /// The closing summary: the counts add up to the lines read.
  package static func summary(_ counts: ReadCounts, files: Int, unopened: Int) -> String {
    func plural(_ count: Int, _ word: String) -> String {
      "\(count) \(word)\(count == 1 ? "" : "s")"
    }
    var text =
      "flowcause: \(plural(counts.lines, "line")) read from \(plural(files, "input")): "
      + "\(plural(counts.records, "record")), \(plural(counts.headers, "header")), "
      + "\(counts.blank) blank, \(counts.bad) bad"
    if counts.inputErrors > 0 { text += "; \(plural(counts.inputErrors, "damaged input"))" }
    if unopened > 0 { text += "; \(unopened) not opened" }
    return text + "\n"
  }

  /// REJECT records `diagnose` read but could not diagnose: a REJECT is never dropped unsaid.
  package static func undiagnosedRejects(_ count: Int, first: String) -> String {
    "flowcause: warning: \(count) REJECT record\(count == 1 ? " was" : "s were") not diagnosed: "
      + "\(count == 1 ? "it lacks" : "each lacks") interface-id, srcaddr, dstaddr or protocol "
      + "(not in the format, or -); the first is at \(first)\n"
  }

  /// `lacks protocol and action: diagnose needs interface-id, srcaddr, dstaddr, protocol and
  /// action`: the fields a format lacks for `command`, after `--format`, a LogFormat's origin or
  /// `header line`.
  package static func formatLacks(_ missing: [String], command: String) -> String {
    "lacks \(list(missing)): \(command) needs \(list(FlowObservation.requiredFields))"
  }

  /// `FILE:LINE: error: header line lacks …`: a header line whose format `command` cannot use.
  package static func headerLacks(_ missing: [String], file: String, line: Int, command: String)
    -> String
  {
    "\(file):\(line): error: header line \(formatLacks(missing, command: command))\n"
  }

  /// Records read with a format without `action` (a header line's): whether they are REJECTs
  /// cannot be told, so they are not diagnosed.
  package static func recordsWithoutAction(_ count: Int, first: String) -> String {
    let one = count == 1
    return "flowcause: warning: \(count) record\(one ? " was" : "s were") not diagnosed: "
      + "\(one ? "its" : "their") format has no action field, so whether "
      + "\(one ? "it is a REJECT" : "they are REJECTs") is unknown; the first is at \(first)\n"
  }

  /// `a`, `a and b`, `a, b and c`.
  package static func list(_ items: [String]) -> String {
    guard let last = items.last else { return "" }
    return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " and " + last
  }

  /// REJECT records that copy an earlier record of their conversation were not diagnosed again.
  package static func duplicateRejects(_ count: Int, first: String, of original: String) -> String {
    "flowcause: warning: \(count) REJECT record\(count == 1 ? "" : "s") repeated an earlier record "
      + "(the same interface, addresses, ports, protocol, packets, window and action: a file given "
      + "twice, or overlapping exports?) and \(count == 1 ? "was" : "were") counted once, not "
      + "diagnosed again; the first is \(first), a copy of \(original)\n"
  }

  /// The streaming diagnoser held its limit of records: some REJECTs were decided early.
  package static func decidedEarly(_ count: Int) -> String {
    "flowcause: warning: \(count) REJECT record\(count == 1 ? " was" : "s were") decided before "
      + "\(Correlator.horizon) s of later records had been read: more than "
      + "\(StreamingDiagnoser.defaultHeldLimit) records fell within one correlation window, the "
      + "most diagnose holds; their diagnoses see only the records before them\n"
  }

  /// A topology was given, but not every REJECT's interface is in it.
  package static func topologyCoverage(_ coverage: TopologyCoverage) -> String {
    let rejects = coverage.rejects
    let others = rejects - coverage.inTopology
    let they = others == 1 ? "it was" : "they were"
    if coverage.inTopology == 0 {
      return "flowcause: warning: none of the \(rejects) REJECT record"
        + "\(rejects == 1 ? "'s interface is" : "s' interfaces is") in the topology"
        + "\(coverage.firstText(in: .en)): \(they) diagnosed from the logs alone; is the topology that of "
        + "the VPC whose flow logs these are?\n"
    }
    return "flowcause: warning: \(coverage.inTopology) of the \(rejects) REJECT records were "
      + "evaluated against the topology; the interface"
      + "\(others == 1 ? " of the other one is" : "s of the other \(others) are") not in it"
      + "\(coverage.firstText(in: .en)), and \(they) diagnosed from the logs alone\n"
  }

  /// Records whose `traffic-path` the topology's routes contradict: the snapshot is not the
  /// network that wrote the logs.
  package static func trafficPathMismatches(
    _ count: Int, first: String, interfaceId: String, _ mismatch: TrafficPathCheck.Mismatch
  ) -> String {
    let route: String
    if let table = mismatch.tableId {
      route =
        mismatch.route.map {
          "\(table) sends it by \($0)\(mismatch.isBlackhole ? ", a blackhole" : "")"
        } ?? "\(table) has no route for it"
    } else {
      route = "its subnet has no route table in the topology"
    }
    return "flowcause: warning: \(count) record\(count == 1 ? "'s" : "s'") traffic-path "
      + "disagree\(count == 1 ? "s" : "") with the topology's routes; the first, \(first) on "
      + "\(interfaceId), left for \(mismatch.destination) "
      + "\(TrafficPathCheck.meaning(mismatch.trafficPath)) (traffic-path "
      + "\(mismatch.trafficPath)), where \(route): the topology may not be the network that "
      + "wrote these logs (collect it again), and verdicts that depend on routing may be wrong\n"
  }

  /// The streaming diagnoser met records far behind newer ones: their partners may be gone.
  package static func lateRecords(_ count: Int) -> String {
    "flowcause: warning: \(count) record\(count == 1 ? "" : "s") arrived more than \(Correlator.horizon) s "
      + "behind newer ones (inputs out of time order?); they were correlated only with the records "
      + "still held: give the files in time order\n"
  }
}
