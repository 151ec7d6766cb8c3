import Analysis
import FlowLogs
import Messages
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
  package static func queryTooLongForAthena(
    bytes: Int, topologyBytes: Int, path: String, language: Language = .en
  ) -> String {
    Message.diagAthenaTooLong.text(
      in: language,
      [
        "bytes": "\(bytes)", "limit": "\(DiagnosisSQL.athenaQueryBytes)",
        "topologyBytes": "\(topologyBytes)", "path": path,
      ]) + "\n"
  }

  /// `FILE: note: N more bad lines not shown, M in all (…)`, after the first `limit` bad lines
  /// of an input.
  package static func badLinesWithheld(
    _ count: Int, file: String, limit: Int, language: Language = .en
  ) -> String {
    (count == 1 ? Message.diagBadLinesWithheldOne : .diagBadLinesWithheldMany).text(
      in: language, ["file": file, "count": "\(count)", "total": "\(limit + count)"]) + "\n"
  }

  /// `flowcause: note: N more bad lines in M inputs not shown (…)`, at the end of a run whose
  /// limit was reached.
  package static func badLinesWithheldInRun(
    _ count: Int, inputs: Int, limit: Int, language: Language = .en
  ) -> String {
    Message.diagBadLinesInRun.text(
      in: language,
      [
        "lines": (count == 1 ? Message.diagMoreBadLinesOne : .diagMoreBadLinesMany).text(
          in: language, ["count": "\(count)"]),
        "inputs": (inputs == 1 ? Message.diagInputsOne : .diagInputsMany).text(
          in: language, ["count": "\(inputs)"]),
        "limit": "\(limit)",
      ]) + "\n"
  }

  /// `FILE: note: …`, once a run, after the first line whose field count is not its
  /// format's: the commonest cause is a custom format read as the default.
  package static func fieldCountHint(
    file: String, expected: Int, found: Int, language: Language = .en
  ) -> String {
    Message.diagFieldCountHint.text(
      in: language, ["file": file, "found": "\(found)", "expected": "\(expected)"]) + "\n"
  }

  /// Which flow log's `LogFormat` the files without a header line are read with.
  package static func savedFormat(ids: String, folder: String, language: Language = .en)
    -> String
  {
    Message.diagSavedFormat.text(in: language, ["ids": ids, "folder": folder]) + "\n"
  }

  package static func cannotOpen(_ file: String, reason: String, language: Language = .en)
    -> String
  {
    Message.diagCannotOpen.text(in: language, ["file": file, "reason": reason]) + "\n"
  }

  /// The closing summary: the counts add up to the lines read.
  package static func summary(
    _ counts: ReadCounts, files: Int, unopened: Int, language: Language = .en
  ) -> String {
    func plural(_ count: Int, _ one: Message, _ many: Message) -> String {
      (count == 1 ? one : many).text(in: language, ["count": "\(count)"])
    }
    return Message.diagSummary.text(
      in: language,
      [
        "lines": plural(counts.lines, .diagLinesOne, .diagLinesMany),
        "inputs": plural(files, .diagInputsOne, .diagInputsMany),
        "records": plural(counts.records, .diagRecordsOne, .diagRecordsMany),
        "headers": plural(counts.headers, .diagHeadersOne, .diagHeadersMany),
        "blank": "\(counts.blank)", "bad": "\(counts.bad)",
        "damaged": counts.inputErrors > 0
          ? plural(counts.inputErrors, .diagDamagedOne, .diagDamagedMany) : "",
        "unopened": unopened > 0
          ? Message.diagNotOpened.text(in: language, ["count": "\(unopened)"]) : "",
      ]) + "\n"
  }

  /// REJECT records `diagnose` read but could not diagnose: a REJECT is never dropped unsaid.
  package static func undiagnosedRejects(_ count: Int, first: String, language: Language = .en)
    -> String
  {
    (count == 1 ? Message.diagUndiagnosedOne : .diagUndiagnosedMany).text(
      in: language, ["count": "\(count)", "first": first]) + "\n"
  }

  /// `lacks protocol and action: diagnose needs interface-id, srcaddr, dstaddr, protocol and
  /// action`: the fields a format lacks for `command`, after `--format`, a LogFormat's origin or
  /// `header line`.
  package static func formatLacks(
    _ missing: [String], command: String, language: Language = .en
  ) -> String {
    Message.diagFormatLacks.text(
      in: language,
      [
        "missing": list(missing, language: language), "command": command,
        "required": list(FlowObservation.requiredFields, language: language),
      ])
  }

  /// `FILE:LINE: error: header line lacks …`: a header line whose format `command` cannot use.
  package static func headerLacks(
    _ missing: [String], file: String, line: Int, command: String, language: Language = .en
  )
    -> String
  {
    Message.diagHeaderLacks.text(
      in: language,
      [
        "place": "\(file):\(line)",
        "lacks": formatLacks(missing, command: command, language: language),
      ]) + "\n"
  }

  /// Records read with a format without `action` (a header line's): whether they are REJECTs
  /// cannot be told, so they are not diagnosed.
  package static func recordsWithoutAction(_ count: Int, first: String, language: Language = .en)
    -> String
  {
    (count == 1 ? Message.diagWithoutActionOne : .diagWithoutActionMany).text(
      in: language, ["count": "\(count)", "first": first]) + "\n"
  }

  /// `a`, `a and b`, `a, b and c`.
  package static func list(_ items: [String], language: Language = .en) -> String {
    guard let last = items.last else { return "" }
    guard items.count > 1 else { return last }
    return Message.bothOf.text(
      in: language,
      [
        "first": items.dropLast().joined(separator: Message.listComma.text(in: language)),
        "second": last,
      ])
  }

  /// REJECT records that copy an earlier record of their conversation were not diagnosed again.
  package static func duplicateRejects(
    _ count: Int, first: String, of original: String, language: Language = .en
  ) -> String {
    (count == 1 ? Message.diagDuplicatesOne : .diagDuplicatesMany).text(
      in: language, ["count": "\(count)", "first": first, "original": original]) + "\n"
  }

  /// The streaming diagnoser held its limit of records: some REJECTs were decided early.
  package static func decidedEarly(_ count: Int, language: Language = .en) -> String {
    (count == 1 ? Message.diagDecidedEarlyOne : .diagDecidedEarlyMany).text(
      in: language,
      [
        "count": "\(count)", "horizon": "\(Correlator.horizon)",
        "held": "\(StreamingDiagnoser.defaultHeldLimit)",
      ]) + "\n"
  }

  /// A topology was given, but not every REJECT's interface is in it.
  package static func topologyCoverage(_ coverage: TopologyCoverage, language: Language = .en)
    -> String
  {
    let rejects = coverage.rejects
    let others = rejects - coverage.inTopology
    let first = coverage.firstText(in: language)
    if coverage.inTopology == 0 {
      return (rejects == 1 ? Message.diagNoneInTopologyOne : .diagNoneInTopologyMany).text(
        in: language, ["count": "\(rejects)", "first": first]) + "\n"
    }
    return (others == 1 ? Message.diagSomeOutsideOne : .diagSomeOutsideMany).text(
      in: language,
      [
        "inside": "\(coverage.inTopology)", "count": "\(rejects)", "others": "\(others)",
        "first": first,
      ]) + "\n"
  }

  /// Records whose `traffic-path` the topology's routes contradict: the snapshot is not the
  /// network that wrote the logs.
  package static func trafficPathMismatches(
    _ count: Int, first: String, interfaceId: String, _ mismatch: TrafficPathCheck.Mismatch,
    language: Language = .en
  ) -> String {
    let route: String
    if let table = mismatch.tableId {
      route =
        mismatch.route.map {
          (mismatch.isBlackhole ? Message.diagRouteSendsBlackhole : .diagRouteSends).text(
            in: language, ["table": table, "route": "\($0)"])
        } ?? Message.diagRouteNone.text(in: language, ["table": table])
    } else {
      route = Message.diagNoRouteTable.text(in: language)
    }
    return (count == 1 ? Message.diagTrafficPathOne : .diagTrafficPathMany).text(
      in: language,
      [
        "count": "\(count)", "first": first, "eni": interfaceId,
        "destination": "\(mismatch.destination)",
        "path": TrafficPathCheck.meaning(mismatch.trafficPath).text(in: language),
        "code": "\(mismatch.trafficPath)", "route": route,
      ]) + "\n"
  }

  /// The streaming diagnoser met records far behind newer ones: their partners may be gone.
  package static func lateRecords(_ count: Int, language: Language = .en) -> String {
    (count == 1 ? Message.diagLateRecordsOne : .diagLateRecordsMany).text(
      in: language, ["count": "\(count)", "horizon": "\(Correlator.horizon)"]) + "\n"
  }
}
