import Foundation
import NetworkPrimitives
import RandomNetworks
import Testing

/// `diagnose --interface/--address/--port/--protocol/--since/--until/--cause/--min-confidence`
/// choose which REJECTs are reported; every record is still read and paired, so each REJECT
/// kept has the JSON Line it has without the filters.
@Suite("diagnose filters: the unfiltered answer for the lines they keep")
struct DiagnoseFilterTests {
  /// One JSON Line's keys that the filters read, and the line itself.
  struct Line {
    var text: Substring
    var file: Int
    var line: Int
    var interface: String
    var source: IPAddress
    var destination: IPAddress
    var ports: [UInt16]
    var protocolNumber: UInt8
    var cause: String
    var confidence: String

    init(_ text: Substring, files: [String]) {
      self.text = text
      var values: [String: String] = [:]
      for member in DiagnoseFieldsTests.members(text) {
        values[member.key] = member.value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
      }
      file = files.firstIndex(of: values["file"] ?? "") ?? -1
      line = Int(values["line"] ?? "") ?? -1
      interface = values["interface-id"] ?? ""
      source = IPAddress(values["srcaddr"] ?? "") ?? .v4(0)
      destination = IPAddress(values["dstaddr"] ?? "") ?? .v4(0)
      ports = [values["srcport"], values["dstport"]].compactMap { $0.flatMap { UInt16($0) } }
      protocolNumber = UInt8(values["protocol"] ?? "") ?? 0
      cause = values["cause"] ?? ""
      confidence = values["confidence"] ?? ""
    }
  }

  @Test(
    "Random filters on simulated networks keep exactly the matching lines, byte for byte",
    arguments: [(UInt64(5), LogLayout.Version.v2), (23, .v3), (77, .v5)])
  func simulated(seed: UInt64, version: LogLayout.Version) throws {
    let log = try SimulatedLog(seeds: [seed, seed &+ 1], version: version, files: 2)
    var random = SplitMixRandom(seed: seed)
    var leftOut = 0
    defer { #expect(leftOut > 0, "the filters left nothing out: the test would not see them") }
    for topology in [true, false] {
      let full = log.diagnose(["--output", "jsonl"], topology: topology)
      let lines = full.stdout.split(separator: "\n").map { Line($0, files: log.paths) }
      #expect(lines.count > 10)
      for round in 0..<6 {
        // Each criterion drawn from the lines themselves, so that some match.
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        var options: [String] = []
        var keep: [(Line) -> Bool] = []
        let sample = pick(lines)
        if round % 2 == 0 {
          options += ["--interface", sample.interface]
          keep.append { $0.interface == sample.interface }
        }
        if round % 3 == 1, let port = sample.ports.last {
          options += ["--port", "\(port),1"]
          keep.append { $0.ports.contains(port) || $0.ports.contains(1) }
        }
        if round == 1 || round == 4 {
          options += ["--cause", sample.cause]
          keep.append { $0.cause == sample.cause }
        }
        if round == 2 {
          let cidr = CIDR(network: sample.source, prefixLength: sample.source.isIPv6 ? 64 : 24)
          if let cidr {
            options += ["--address", cidr.description, "--protocol", "\(sample.protocolNumber)"]
            keep.append {
              (cidr.contains($0.source) || cidr.contains($0.destination))
                && $0.protocolNumber == sample.protocolNumber
            }
          }
        }
        if round == 3 {
          options += ["--min-confidence", "medium"]
          keep.append { $0.confidence != "low" }
        }
        if round == 5 {
          // The middle of the log's time: records whose window ends at or after it, and
          // records that start at or before a minute later.
          let times = lines.compactMap { log.starts[.init(file: $0.file, line: $0.line)] }.sorted()
          let since = times[times.count / 2]
          let until = since + 60
          options += ["--since", "\(since)", "--until", "\(until)"]
          keep.append { line in
            let key = SimulatedLog.FileLine(file: line.file, line: line.line)
            return (log.ends[key] ?? .max) >= since && (log.starts[key] ?? .min) <= until
          }
        }
        let expected = lines.filter { line in keep.allSatisfy { $0(line) } }.map(\.text)
        // The criteria drawn from one line keep at least that line.
        if [0, 1, 2, 4].contains(round) { #expect(!expected.isEmpty) }
        leftOut += lines.count - expected.count
        for threads in [1, 2] {
          let run = log.diagnose(
            ["--output", "jsonl", "--threads", "\(threads)"] + options, topology: topology)
          #expect(run.exit == full.exit)
          #expect(run.stderr == full.stderr)
          #expect(
            run.stdout.split(separator: "\n") == expected,
            "seed \(seed) topology \(topology) \(options) threads \(threads)")
          // The summary counts what is kept, and what is left out.
          let summary = log.diagnose(
            ["--output", "summary", "--threads", "\(threads)"] + options, topology: topology)
          let document = try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8))
          let object = try #require(document as? [String: Any])
          #expect(object["rejects"] as? Int == expected.count)
          #expect(object["filtered-out"] as? Int == lines.count - expected.count)
          // The filters as given, the option names in it.
          let filters = try #require(object["filters"] as? String)
          for option in options where option.hasPrefix("--") { #expect(filters.contains(option)) }
        }
      }
    }
  }

  @Test("--address with an ENI's public address also matches its private one, which the logs carry")
  func publicAddress() {
    let root = CLIHarness.packageRoot.appendingPathComponent("Scenarios/web-app-vpc").path
    func run(_ address: String) -> CLIHarness.Run {
      CLIHarness.run([
        "diagnose", "--output", "jsonl", "--topology", root + "/topology", "--address", address,
        root + "/flows.log",
      ])
    }
    let (public_, private_) = (run("54.214.61.134"), run("10.20.1.10"))
    #expect(!private_.stdout.isEmpty)
    #expect(public_.stdout == private_.stdout)
    // A block that holds the public address too (the private one is in no 54.214.61.0/24).
    #expect(run("54.214.61.0/24").stdout == private_.stdout)
    #expect(
      public_.stderr.contains(
        "flowcause diagnose: note: --address 54.214.61.134 is the public address of "
          + "eni-1057f94be92cc619a; its flow log records carry the private address 10.20.1.10, "
          + "which is matched too\n"), "\(public_.stderr)")
  }

  @Test("Text names the filters and how many REJECTs they left out")
  func text() throws {
    let log = try SimulatedLog(seeds: [9], version: .v2)
    let kept = log.diagnose(["--cause", "network-acl,security-group"], topology: true)
    #expect(kept.stdout.contains("Only those matching --cause network-acl,security-group: "))
    let none = log.diagnose(["--port", "1", "--protocol", "udp"], topology: true)
    #expect(none.stdout.hasPrefix("No REJECT record matches --port 1 --protocol udp ("))
    // An empty answer says what the criteria stood for and when the REJECTs left out are.
    let recent = log.diagnose(["--since", "30m"], topology: true)
    #expect(recent.stdout.hasPrefix("No REJECT record matches --since 30m (20"), "\(recent.stdout)")
    #expect(
      recent.stdout.contains(" REJECT records left out, from ")
        && recent.stdout.hasSuffix("Z).\n"), "\(recent.stdout)")
  }

  @Test(
    "A value that is not one: exit 64 and the reason",
    arguments: [
      (["--port", "http"], "--port: 'http' is not a port"),
      (["--address", "10.0.0.0/33"], "--address: '10.0.0.0/33' is not an address or CIDR"),
      (["--interface", "i-123"], "--interface: 'i-123' is not a network interface id"),
      (["--cause", "acl"], "--cause: 'acl' is not a cause"),
      (["--min-confidence", "certain"], "--min-confidence: 'certain' is not high, medium or low"),
      (["--protocol", "sctp"], "--protocol: 'sctp' is not tcp, udp, icmp, icmpv6 or a number"),
      (["--since", "yesterday"], "--since: 'yesterday' is not a duration"),
      (
        ["--since", "2026-12-02T00:00Z", "--until", "2026-12-01T00:00Z"],
        "the range ends before it starts"
      ),
      (["--port", "22,"], "--port needs a value"),
    ])
  func badValue(options: [String], message: String) {
    let run = CLIHarness.run(["diagnose"] + options + ["x.log"])
    #expect(run.exit == .usage)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("flowcause diagnose: error: \(message)"), "\(run.stderr)")
  }
}
