import Foundation
import RandomNetworks

/// `flowcause-bench lint [--vpcs 1,5,20,200] [--interfaces M] [--runs R] [--threads T]
/// [--dir DIR]`: the lint curve on generated accounts (`account`'s), as a user runs it:
/// `flowcause lint --topology FILE --output json` as a whole process, its median time and peak
/// RSS against the issue's goals (5,000 ENIs in 3 s, 50,000 in 30 s), and the findings, the
/// ENIs the reply findings affect, and the time per ENI (which should stay flat).
struct LintBenchCommand {
  let sizes: [Int]
  let interfaces: Int
  let runs: Int
  let threads: Int?
  let directory: String

  init(arguments: ArraySlice<String>) throws {
    let options = try BenchArguments(
      arguments, valueOptions: ["--vpcs", "--interfaces", "--runs", "--threads", "--dir"],
      flagOptions: [])
    let list = options.value("--vpcs") ?? "1,5,20,200"
    let sizes = list.split(separator: ",").compactMap { Int($0) }
    guard !sizes.isEmpty, sizes.count == list.split(separator: ",").count,
      sizes.allSatisfy({ (1...4096).contains($0) })
    else { throw BenchUsageError("--vpcs: a list of VPC counts from 1 to 4096, e.g. 1,5,20,200") }
    self.sizes = sizes
    interfaces = try options.integer(
      "--interfaces", default: AccountTopology.defaultInterfacesPerVPC)
    guard interfaces <= AccountTopology.maximumInterfacesPerVPC else {
      throw BenchUsageError("--interfaces: at most \(AccountTopology.maximumInterfacesPerVPC)")
    }
    runs = try options.integer("--runs", default: 3)
    threads = options.value("--threads") == nil ? nil : try options.integer("--threads", default: 2)
    directory =
      options.value("--dir")
      ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("flowcause-bench-lint")
  }

  /// The issue's goals: seconds for a number of ENIs.
  static let goals: [(interfaces: Int, seconds: Double)] = [(5_000, 3), (50_000, 30)]

  func run() throws -> Int32 {
    let cli = try ParseBenchCommand.flowcauseExecutable()
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    print(
      "flowcause-bench lint: generated accounts, \(interfaces) ENIs a VPC, \(runs) runs (median)")
    print("machine: \(Machine.cores) cores, \(Machine.cpuModel); \(Machine.operatingSystem)")
    let timer = ParseBenchCommand.gnuTime(in: directory)
    print(
      "job: flowcause lint --topology FILE --output json\(threads.map { " --threads \($0)" } ?? "")"
        + " > /dev/null, a whole process\n")
    print(
      "| VPCs | ENIs | topology | time | µs a ENI | goal | peak RSS | findings | ENIs in reply findings |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    for vpcs in sizes {
      var generator = AccountTopology(vpcs: vpcs, interfacesPerVPC: interfaces, seed: 1)
      let path = (directory as NSString).appendingPathComponent(
        "account-\(vpcs)x\(interfaces).json")
      let text = generator.document()
      guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        throw BenchFailure("cannot write \(path)")
      }
      var arguments = ["lint", "--topology", path, "--output", "json"]
      if let threads { arguments += ["--threads", String(threads)] }
      // The findings, from one run writing its document.
      let output = (directory as NSString).appendingPathComponent("lint-\(vpcs).json")
      let counted = try Self.counts(cli: cli, arguments: arguments, output: output)
      var times: [Double] = []
      var peak = 0
      let rssPath = (directory as NSString).appendingPathComponent("rss.txt")
      for _ in 0..<runs {
        let result =
          try timer.map {
            try Jobs.runProcess(
              executable: $0, arguments: ["-f", "%M", "-o", rssPath, cli] + arguments,
              stderrPath: "/dev/null")
          }
          ?? Jobs.runProcess(executable: cli, arguments: arguments, stderrPath: "/dev/null")
        guard result.exitStatus == 0 || result.exitStatus == 1 else {
          throw BenchFailure("flowcause lint exited \(result.exitStatus) on \(path)")
        }
        times.append(result.seconds)
        if timer != nil, let kib = ParseBenchCommand.kilobytes(inFile: rssPath) {
          peak = max(peak, kib * 1024)
        }
      }
      let median = times.sorted()[times.count / 2]
      let enis = vpcs * interfaces
      var goal = "–"
      if let target = Self.goals.first(where: { $0.interfaces == enis }) {
        goal =
          "≤ \(Int(target.seconds)) s: \(median <= target.seconds ? "met" : "not met") (\(String(format: "%.2f", median / target.seconds))×)"
      }
      print(
        "| \(vpcs) | \(enis) | \(text.utf8.count / 1024) KiB | \(String(format: "%.2f s", median))"
          + " | \(String(format: "%.0f", median / Double(enis) * 1e6)) | \(goal)"
          + " | \(peak > 0 ? "\(peak / 1_048_576) MB" : "–") | \(counted.findings)"
          + " | \(counted.affected) |")
    }
    print("\naccounts and outputs kept in \(directory)")
    return 0
  }

  /// The findings of one run, and the ENIs its reply findings name (summed over findings).
  static func counts(cli: String, arguments: [String], output: String) throws -> (
    findings: Int, affected: Int
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: cli)
    process.arguments = arguments
    _ = FileManager.default.createFile(atPath: output, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    process.standardOutput = handle
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    guard let data = FileManager.default.contents(atPath: output),
      let document = try JSONSerialization.jsonObject(with: data) as? [String: Any],
      let findings = document["Findings"] as? [[String: Any]]
    else { throw BenchFailure("flowcause lint wrote no JSON document to \(output)") }
    let replies: Set<String> = [
      "nacl-blocks-replies", "tier-replies-blocked", "nacl-blocks-outbound-replies",
    ]
    let affected = findings.filter { replies.contains($0["FindingId"] as? String ?? "") }
      .map { (($0["Affected"] as? [String: Any])?["NetworkInterfaceIds"] as? [Any])?.count ?? 0 }
      .reduce(0, +)
    return (findings.count, affected)
  }
}
