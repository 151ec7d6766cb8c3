import Dispatch
import Foundation
import RandomNetworks

/// `flowcause-bench accuracy [--seeds N] [--seed S]`: the differential over seeded random
/// networks (``NetworkSample``, ``DifferentialRun``): every simulated REJECT through the text
/// path and the streaming diagnoser, with the topology and from the logs alone, in the v2, v3
/// and v5 format families; prints ``AccuracyReport``.
///
/// Exit 1 when a goal is missed (``AccuracyReport/goalFailures``).
enum AccuracyCommand {
  static func run(_ arguments: ArraySlice<String>) throws -> Int32 {
    let options = try BenchArguments(
      arguments, valueOptions: ["--seeds", "--seed"], flagOptions: ["--show", "--rejects-only"])
    let count = try options.integer("--seeds", default: 2000)
    let first = try options.seed(default: 1)
    // With --rejects-only, the six modes again on logs of REJECT records only.
    let modes =
      options.flag("--rejects-only")
      ? DiagnosisMode.all + DiagnosisMode.rejectsOnlyLogs : DiagnosisMode.all
    if options.flag("--show") {
      for seed in first..<(first + UInt64(count)) {
        do {
          print(try DifferentialRun(NetworkSample(seed: seed)).transcript())
        } catch {
          throw BenchFailure("seed \(seed): the simulator failed: \(error)")
        }
      }
      return 0
    }
    let started = Date()
    // Seeds in chunks on every processor; the chunks' reports are added in seed order, so the
    // output does not depend on the threads.
    let chunk = 50
    let chunks = (count + chunk - 1) / chunk
    let results = Results(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { index in
      var report = AccuracyReport()
      var failure: String? = nil
      let low = first + UInt64(index * chunk)
      let high = first + UInt64(min(count, (index + 1) * chunk))
      for seed in low..<high {
        do {
          report.add(try DifferentialRun(NetworkSample(seed: seed), modes: modes))
        } catch {
          failure = "seed \(seed): the simulator failed: \(error)"
          break
        }
      }
      results.set(index, report, failure)
    }
    var report = AccuracyReport()
    for index in 0..<chunks {
      let (part, failure) = results.get(index)
      if let failure { throw BenchFailure(failure) }
      report.add(part)
    }
    print(
      report.rendered(firstSeed: first, seconds: Date().timeIntervalSince(started)),
      terminator: "")
    return report.goalFailures.isEmpty ? 0 : 1
  }

  /// The chunks' reports, written by the worker threads.
  final class Results: @unchecked Sendable {
    private var reports: [AccuracyReport]
    private var failures: [String?]
    private let lock = NSLock()

    init(count: Int) {
      reports = Array(repeating: AccuracyReport(), count: count)
      failures = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ report: AccuracyReport, _ failure: String?) {
      lock.lock()
      defer { lock.unlock() }
      reports[index] = report
      failures[index] = failure
    }

    func get(_ index: Int) -> (AccuracyReport, String?) {
      lock.lock()
      defer { lock.unlock() }
      return (reports[index], failures[index])
    }
  }
}
