import Analysis
import Foundation
import RandomNetworks
import Testing

/// The differential (``DifferentialRun``) over a few hundred seeds, held to the accuracy goals
/// of ``AccuracyReport``: in every mode no wrong cause, ACL entry or groups at high confidence;
/// with the topology and `tcp-flags`, at most 1 % undetermined on security-group, network-acl
/// and routing REJECTs, and never without the true cause among the candidates.
///
/// The failure classes today's diagnoser has are listed in ``knownIssues`` with how many
/// REJECTs each holds over these seeds; the test fails when a class that is not listed appears,
/// when a class grows past its count, or when a listed class no longer occurs (delete its line:
/// the list only shrinks). A failing class's message names its first seed, line, record, truth
/// and diagnosis, and a shrunk scenario folder is written to
/// `.build/accuracy-failures/seed-<N>-<mode>/` (`flowcause scenario check seed-<N>-<mode>
/// --scenarios .build/accuracy-failures` replays it).
@Suite("The differential: simulated REJECTs through the text path meet the accuracy goals")
struct DifferentialTests {
  /// Seeds 1…360, in chunks that run in parallel.
  static let seeds: ClosedRange<UInt64> = 1...360
  static let chunk: UInt64 = 30

  /// The failure classes of today's diagnoser (``AccuracyReport/failureClasses``), one a line:
  /// at most how many REJECTs it holds over ``seeds``, then its name. Delete a line when its
  /// class is fixed; the test prints the list a run found whenever it fails.
  ///
  /// - `pings-one-window`: from the logs alone, an ICMP REJECT coming in on the addresses of an
  ///   echo the ENI sent out in the same window is taken for its reply, refused by the network
  ///   ACL (the security groups pass a tracked reply), at high; ICMP records carry no type, and
  ///   it was the other end's own echo requests, refused by the security group (seed 42, line
  ///   26).
  static let knownIssues = Self.issues(
    """
    """)

  /// The lines of ``knownIssues``: `COUNT  NAME`.
  static func issues(_ text: String) -> [(signature: String, count: Int)] {
    text.split(separator: "\n").compactMap { line in
      let trimmed = line.drop { $0 == " " }
      guard let space = trimmed.firstIndex(of: " "), let count = Int(trimmed[..<space]) else {
        return nil
      }
      return (String(trimmed[space...].drop { $0 == " " }), count)
    }
  }

  /// The package's `.build/accuracy-failures/`.
  static let failureRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(".build/accuracy-failures")

  static func report(
    seeds: ClosedRange<UInt64> = seeds, modes: [DiagnosisMode] = DiagnosisMode.all
  ) async throws -> AccuracyReport {
    let starts = Array(stride(from: seeds.lowerBound, through: seeds.upperBound, by: Int(chunk)))
    let parts = try await withThrowingTaskGroup(of: (Int, AccuracyReport).self) { group in
      for (position, first) in starts.enumerated() {
        group.addTask {
          var report = AccuracyReport()
          for seed in first...min(first + chunk - 1, seeds.upperBound) {
            report.add(try DifferentialRun(NetworkSample(seed: seed), modes: modes))
          }
          return (position, report)
        }
      }
      var parts: [(Int, AccuracyReport)] = []
      for try await part in group { parts.append(part) }
      return parts.sorted { $0.0 < $1.0 }.map(\.1)
    }
    var report = AccuracyReport()
    for part in parts { report.add(part) }
    return report
  }

  @Test("No failure class appears but the known issues, and none grows")
  func goals() async throws {
    let report = try await Self.report()
    for problem in report.problems { Issue.record(Comment(rawValue: problem)) }
    let classes = report.failureClasses
    for (name, found) in classes.sorted(by: { $0.key < $1.key }) {
      let known = Self.knownIssues.first { $0.signature == name }
      if let known, found.count <= known.count {
        withKnownIssue(Comment(rawValue: name)) {
          Issue.record(Comment(rawValue: Self.message(name, found, folder: nil)))
        }
        continue
      }
      let growth = known.map { " (listed with \($0.count): it grew)" } ?? " (not a known issue)"
      Issue.record(
        Comment(
          rawValue: Self.message(name + growth, found, folder: Self.writeFailure(name, found))))
    }
    var stale = false
    for known in Self.knownIssues where classes[known.signature] == nil {
      stale = true
      Issue.record(
        "known issue no longer occurs, delete it from DifferentialTests.knownIssues: \(known.signature)"
      )
    }
    let listed = Dictionary(Self.knownIssues.map { ($0.signature, $0.count) }) { first, _ in first }
    if stale
      || classes.contains(where: { name, found in found.count > listed[name, default: 0] })
    {
      // What the list would be for this run, to paste once the failures are understood.
      let lines = classes.sorted { $0.key < $1.key }.map { name, found in
        String(repeating: " ", count: max(0, 5 - String(found.count).count))
          + "\(found.count)  \(name)"
      }
      Issue.record(
        Comment(rawValue: "the failure classes of this run:\n" + lines.joined(separator: "\n")))
    }
    #expect(report.seeds == Int(Self.seeds.count))
  }

  /// `NAME — N REJECT(s)`, then the first one's seed, line, record, truth and diagnosis.
  static func message(_ name: String, _ found: AccuracyReport.FailureClass, folder: String?)
    -> String
  {
    var text = "\(name) — \(found.count) REJECT(s)\n  \(found.example)"
    if let run = try? DifferentialRun(NetworkSample(seed: found.seed), modes: [found.mode]),
      let judgement = run.judgements.first(where: { $0.line == found.line })
    {
      text += "\n  record: \(run.text(of: judgement.index, in: found.mode.version))"
      text += "\n  explanation: \(judgement.diagnosis.explanation)"
    }
    if let folder { text += "\n  scenario (shrunk): \(folder)" }
    return text
  }

  /// Shrinks the class's first seed while the class still shows in its mode, and writes the
  /// scenario folder; returns its path.
  static func writeFailure(_ name: String, _ found: AccuracyReport.FailureClass) -> String {
    func failing(_ sample: NetworkSample) -> (DifferentialRun, Judgement)? {
      guard let run = try? DifferentialRun(sample, modes: [found.mode]),
        let judgement = run.judgements.first(where: found.matches)
      else { return nil }
      return (run, judgement)
    }
    let sample = NetworkSample(seed: found.seed).shrunk { failing($0) != nil }
    guard let (run, judgement) = failing(sample) else { return "(not written)" }
    let slug = found.mode.description.replacingOccurrences(of: ", ", with: "-")
      .replacingOccurrences(of: " ", with: "-")
    let folder = failureRoot.appendingPathComponent("seed-\(found.seed)-\(slug)")
    do {
      try? FileManager.default.removeItem(at: folder)
      for (path, text) in ScenarioFolder.files(run, failing: judgement, title: name) {
        let file = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(
          at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
      }
    } catch {
      return "(not written: \(error))"
    }
    return folder.path
  }

  @Test("Logs of REJECT records only: no wrong cause at high in any mode")
  func rejectsOnly() async throws {
    // A flow log whose traffic type is REJECT shows no request and no connection: the
    // readings it leaves are wider, and nothing may be claimed with certainty it cannot show.
    let report = try await Self.report(seeds: 1...150, modes: DiagnosisMode.rejectsOnlyLogs)
    #expect(report.goalFailures.isEmpty, "\(report.goalFailures)")
    #expect(report.modes.count == 6)
  }
}
