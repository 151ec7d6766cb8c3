import Dispatch
import Foundation
import Rendering

/// `flowcause collect --vpc vpc-ID [--region R] [--profile P] --out DIR`: runs the
/// `aws ec2 describe-*` calls the topology loader reads, one file per call exactly as the CLI
/// prints it, plus `describe-flow-logs.json` and the manifest `flowcause-collect.json`
/// (docs/aws-cli.md).
struct CollectCommand {
  let vpc: String
  let out: String
  let region: String?
  let profile: String?

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let scanner = try ArgumentScanner(
      arguments, valueOptions: ["--vpc", "--out", "--region", "--profile"], flagOptions: [])
    guard scanner.positional.isEmpty else {
      throw UsageError("unexpected argument '\(scanner.positional[0])'")
    }
    guard let vpc = scanner.value("--vpc") else { throw UsageError("--vpc is required") }
    guard vpc.hasPrefix("vpc-") else { throw UsageError("--vpc: '\(vpc)' is not a VPC id") }
    guard let out = scanner.value("--out"), !out.isEmpty else {
      throw UsageError("--out DIR is required")
    }
    self.vpc = vpc
    self.out = out
    region = scanner.value("--region")
    profile = scanner.value("--profile")
  }

  /// Calls that fail this way would fail for every call: collect stops at the first.
  static func stopsEverything(_ failure: AWSCLIFailure) -> Bool {
    switch failure {
    case .notInstalled, .cannotStart, .noCredentials, .noRegion, .unreachable: return true
    case .accessDenied, .throttled, .notFound, .failed, .unreadableOutput: return false
    }
  }

  func run(
    io: CommandIO, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> ExitCode {
    let cli: AWSCLI
    switch AWSCLI.locate(region: region, profile: profile, environment: environment) {
    case .failure(let failure):
      io.stderr.write(DiagnosticRenderer.aws(failure, command: "collect"))
      return failure.exitCode
    case .success(let located): cli = located
    }
    // The folders this run creates: a failure before any file is written (no credentials, aws
    // unreachable) removes them again, leaving no empty --out behind.
    let created = Self.missingFolders(out)
    defer { Self.removeIfEmpty(created) }
    do {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    } catch {
      io.stderr.write(DiagnosticRenderer.cannotCreate(out, reason: error.localizedDescription))
      return .cannotCreate
    }
    // Who and where: the account (sts get-caller-identity needs no permission) and region.
    var account: String? = nil
    let identity = AWSCall("sts", "get-caller-identity")
    switch cli.run(identity) {
    case .failure(let failure) where Self.stopsEverything(failure):
      io.stderr.write(DiagnosticRenderer.aws(failure, command: "collect"))
      return failure.exitCode
    case .failure: break
    case .success(let bytes):
      let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
      account = root?["Account"] as? String
    }
    let region = cli.region ?? configuredRegion(cli: cli, environment: environment)

    var results = runAll(CollectPlan.steps(vpc: vpc), cli: cli)
    if let stop = results.first(where: { $0.failure.map(Self.stopsEverything) ?? false }),
      let failure = stop.failure
    {
      io.stderr.write(DiagnosticRenderer.aws(failure, command: "collect"))
      return failure.exitCode
    }
    if let vpcs = results.first(where: { $0.step.file == "describe-vpcs.json" }),
      let failure = vpcs.failure
    {
      io.stderr.write(DiagnosticRenderer.aws(failure, command: "collect"))
      return failure.exitCode
    }
    func output(_ file: String) -> [UInt8]? {
      results.first { $0.step.file == file }?.output
    }
    let lists = CollectPlan.prefixListsInUse(
      securityGroups: output("describe-security-groups.json"),
      routeTables: output("describe-route-tables.json"))
    results += runAll(lists.map(CollectPlan.entriesStep), cli: cli)
    // Transit gateways the route tables name, then each of their route tables' contents.
    let gateways = CollectPlan.values(
      of: ["TransitGatewayId"], prefix: "tgw-", in: output("describe-route-tables.json"))
    results += runAll(CollectPlan.transitGatewaySteps(gateways), cli: cli)
    let tables = CollectPlan.values(
      of: ["TransitGatewayRouteTableId"], prefix: "tgw-rtb-",
      in: output("describe-transit-gateway-route-tables.json"))
    results += runAll(tables.flatMap(CollectPlan.transitGatewayTableSteps), cli: cli)
    let groups = CollectPlan.values(
      of: ["TargetGroupArn"], prefix: "arn:", in: output("describe-target-groups.json"))
    results += runAll(groups.flatMap(CollectPlan.targetGroupSteps), cli: cli)
    let vpnGateways = CollectPlan.values(
      of: ["VpnGatewayId"], prefix: "vgw-", in: output("describe-vpn-gateways.json"))
    results += runAll(CollectPlan.vpnConnectionsStep(gateways: vpnGateways), cli: cli)
    // AWS Network Firewalls, whose endpoints are Gateway Load Balancer endpoints.
    if output("describe-vpc-endpoints.json").map({
      String(decoding: $0, as: UTF8.self).contains("\"GatewayLoadBalancer\"")
    }) == true {
      results += runAll([CollectPlan.firewallListStep(vpc: vpc)], cli: cli)
      let firewalls = CollectPlan.firewalls(in: output("list-firewalls.json"))
      results += runAll(firewalls.map(CollectPlan.firewallStep), cli: cli)
    }

    var written: [String] = []
    var failed: [CollectManifest.Failure] = []
    var exit = ExitCode.success
    for result in results {
      if let bytes = result.output {
        let path = (out as NSString).appendingPathComponent(result.step.file)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
          io.stderr.write(DiagnosticRenderer.cannotCreate(path, reason: "cannot write the file"))
          return .cannotCreate
        }
        written.append(result.step.file)
      } else if let failure = result.failure {
        io.stderr.write(DiagnosticRenderer.collectFailure(failure, file: result.step.file))
        failed.append(
          CollectManifest.Failure(
            file: result.step.file, call: result.step.call.description,
            iamAction: result.step.call.iamAction, error: DiagnosticRenderer.awsReason(failure)))
        exit = exit.worst(failure.exitCode)
      }
    }
    let manifest = CollectManifest(
      collectedAt: Int(Date().timeIntervalSince1970), vpc: vpc, region: region, account: account,
      cliVersion: cli.version(), endpointURL: environment["AWS_ENDPOINT_URL"],
      profile: profile ?? environment["AWS_PROFILE"], files: written, failed: failed)
    let manifestPath = (out as NSString).appendingPathComponent(CollectManifest.fileName)
    let text = manifest.json.rendered(pretty: true) + "\n"
    guard FileManager.default.createFile(atPath: manifestPath, contents: Data(text.utf8)) else {
      io.stderr.write(DiagnosticRenderer.cannotCreate(manifestPath, reason: "cannot write"))
      return .cannotCreate
    }
    io.stderr.write(
      DiagnosticRenderer.collectSummary(
        files: written.count, directory: out, region: region, account: account,
        failed: failed.count))
    return exit
  }

  /// `path` and those of its parents that do not exist yet, deepest first.
  static func missingFolders(_ path: String) -> [String] {
    var missing: [String] = []
    var folder = (path as NSString).standardizingPath
    while !folder.isEmpty, folder != "/", !FileManager.default.fileExists(atPath: folder) {
      missing.append(folder)
      folder = (folder as NSString).deletingLastPathComponent
    }
    return missing
  }

  /// Removes each of `folders` (deepest first) that is empty; a folder with a file in it stays.
  static func removeIfEmpty(_ folders: [String]) {
    for folder in folders {
      guard (try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty == true else {
        return
      }
      try? FileManager.default.removeItem(atPath: folder)
    }
  }

  /// One step's output or failure.
  struct StepResult: Sendable {
    let step: CollectPlan.Step
    var output: [UInt8]?
    var failure: AWSCLIFailure?
  }

  /// Runs the steps two at a time (each `aws` start-up costs about a second of CPU), in order.
  private func runAll(_ steps: [CollectPlan.Step], cli: AWSCLI) -> [StepResult] {
    let results = ResultSlots(count: steps.count)
    let queue = DispatchQueue(label: "flowcause.collect", attributes: .concurrent)
    let group = DispatchGroup()
    let slots = DispatchSemaphore(value: 2)
    for (index, step) in steps.enumerated() {
      slots.wait()
      queue.async(group: group) {
        defer { slots.signal() }
        switch cli.run(step.call) {
        case .success(let bytes): results.set(index, StepResult(step: step, output: bytes))
        case .failure(let failure):
          results.set(index, StepResult(step: step, failure: failure))
        }
      }
    }
    group.wait()
    return results.values(steps: steps)
  }

  /// The CLI's configured region (`aws configure get region`), or AWS_DEFAULT_REGION.
  private func configuredRegion(cli: AWSCLI, environment: [String: String]) -> String? {
    if let region = environment["AWS_DEFAULT_REGION"], !region.isEmpty { return region }
    guard case .success(let bytes) = cli.run(AWSCall("configure", "get", ["region"])) else {
      return nil
    }
    let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(
      in: .whitespacesAndNewlines)
    return text.isEmpty ? nil : text
  }
}

/// Results written from several threads, one slot each.
private final class ResultSlots: @unchecked Sendable {
  private var slots: [CollectCommand.StepResult?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ result: CollectCommand.StepResult) {
    lock.lock()
    slots[index] = result
    lock.unlock()
  }

  func values(steps: [CollectPlan.Step]) -> [CollectCommand.StepResult] {
    lock.lock()
    defer { lock.unlock() }
    return slots.enumerated().map { index, slot in
      slot ?? CollectCommand.StepResult(step: steps[index], output: nil, failure: nil)
    }
  }
}
