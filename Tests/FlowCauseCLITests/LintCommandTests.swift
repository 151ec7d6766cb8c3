import Analysis
import FlowCauseCLI
import Foundation
import Testing

/// `flowcause lint`: options, exit codes by `--fail-on`, and the JSON document.
@Suite("lint command")
struct LintCommandTests {
  static let topology = CLIHarness.packageRoot.appendingPathComponent(
    "Scenarios/web-app-vpc/topology"
  ).path

  @Test("Exit 1 when a finding is at or above --fail-on, 0 otherwise")
  func exitCodes() {
    #expect(CLIHarness.run(["lint", "--topology", Self.topology]).exit == .notReachable)
    let clean = CLIHarness.packageRoot.appendingPathComponent(
      "Tests/AnalysisTests/Fixtures/lint/blackhole-route/clean"
    ).path
    #expect(CLIHarness.run(["lint", "--topology", clean]).exit == .success)
    let warning = CLIHarness.packageRoot.appendingPathComponent(
      "Tests/AnalysisTests/Fixtures/lint/blackhole-route/triggers"
    ).path
    #expect(CLIHarness.run(["lint", "--topology", warning]).exit == .success)
    #expect(
      CLIHarness.run(["lint", "--topology", warning, "--fail-on", "warning"]).exit == .notReachable)
  }

  @Test("The text summary's counts agree in number: 1 warning, 2 warnings, 0 errors")
  func summaryPlurals() {
    let run = CLIHarness.run(["lint", "--topology", Self.topology])
    #expect(
      run.stdout.hasSuffix(
        "\n4 findings: 1 error, 2 warnings, 1 notice; failing (--fail-on error).\n"))
    let one = CLIHarness.packageRoot.appendingPathComponent(
      "Tests/AnalysisTests/Fixtures/lint/blackhole-route/triggers"
    ).path
    #expect(
      CLIHarness.run(["lint", "--topology", one]).stdout.hasSuffix(
        "\n1 finding: 0 errors, 1 warning, 0 notices; passing (--fail-on error).\n"))
  }

  @Test("--output json: findings with AWS's field names, a summary and the verdict")
  func json() throws {
    let run = CLIHarness.run(["lint", "--topology", Self.topology, "--output", "json"])
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let findings = try #require(document["Findings"] as? [[String: Any]])
    #expect(findings.count == 4)
    let first = try #require(findings.first)
    #expect(first["FindingId"] as? String == "tier-replies-blocked")
    let rule = try #require(first["AclRule"] as? [String: Any])
    #expect(rule["NetworkAclId"] as? String == "acl-d7519ad518d40df5e")
    #expect(rule["RuleNumber"] as? Int == 32767)
    #expect(rule["Egress"] as? Bool == true)
    let sgRules = try #require(first["SecurityGroupRules"] as? [[String: Any]])
    #expect(sgRules.first?["GroupId"] as? String == "sg-821d1231b44c41bde")
    #expect((first["ClientsCutOff"] as? [[String: Any]])?.count == 2)
    #expect(
      document["Summary"] as? [String: Int] == ["error": 1, "warning": 2, "notice": 1])
    #expect(document["Failed"] as? Bool == true)
  }

  @Test("Usage errors exit 64; a missing topology exits 66")
  func usage() {
    #expect(CLIHarness.run(["lint"]).exit == .usage)
    #expect(
      CLIHarness.run(["lint", "--topology", Self.topology, "--fail-on", "fatal"]).exit == .usage)
    #expect(CLIHarness.run(["lint", "--topology", "/nonexistent"]).exit == .noInput)
    #expect(CLIHarness.run(["lint", "--help"]).stdout.contains("--fail-on"))
  }

  /// A copy of web-app-vpc's topology with the db NACL fixed (replies to 1024-65535 of the
  /// VPC allowed before the * rule), in a fresh folder.
  static func fixedCopy() throws -> String {
    let folder = try CLIHarness.temporaryDirectory()
    for name in try FileManager.default.contentsOfDirectory(atPath: topology) {
      try FileManager.default.copyItem(
        atPath: (topology as NSString).appendingPathComponent(name),
        toPath: folder.appendingPathComponent(name).path)
    }
    let file = folder.appendingPathComponent("describe-network-acls.json")
    var document = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
    var acls = try #require(document["NetworkAcls"] as? [[String: Any]])
    let index = try #require(
      acls.firstIndex { $0["NetworkAclId"] as? String == "acl-d7519ad518d40df5e" })
    var entries = try #require(acls[index]["Entries"] as? [[String: Any]])
    entries.append([
      "CidrBlock": "10.20.0.0/16", "Egress": true, "Protocol": "6",
      "PortRange": ["From": 1024, "To": 65535], "RuleAction": "allow", "RuleNumber": 150,
    ])
    acls[index]["Entries"] = entries
    document["NetworkAcls"] = acls
    try JSONSerialization.data(withJSONObject: document).write(to: file)
    return folder.path
  }

  @Test("--output sarif: SARIF 2.1.0, a rule per finding id, a result per finding at its file")
  func sarif() throws {
    let run = CLIHarness.run(["lint", "--topology", Self.topology, "--output", "sarif"])
    #expect(run.exit == .notReachable)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(document["version"] as? String == "2.1.0")
    let sarifRun = try #require((document["runs"] as? [[String: Any]])?.first)
    let driver = try #require(
      (sarifRun["tool"] as? [String: Any])?["driver"] as? [String: Any])
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.map { $0["id"] as? String } == Finding.ID.allCases.map(\.rawValue))
    #expect(
      rules.allSatisfy { (($0["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false })
    let results = try #require(sarifRun["results"] as? [[String: Any]])
    #expect(results.map { $0["level"] as? String } == ["error", "warning", "warning", "note"])
    let first = try #require(results.first)
    #expect(first["ruleId"] as? String == "tier-replies-blocked")
    #expect(first["ruleIndex"] as? Int == 1)
    let location = try #require((first["locations"] as? [[String: Any]])?.first)
    let physical = try #require(location["physicalLocation"] as? [String: Any])
    let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
    #expect(uri.hasSuffix("Scenarios/web-app-vpc/topology/describe-network-acls.json"))
    // The line of the NACL's object in that file: acl-d7519ad518d40df5e is NetworkAcls[3].
    let line = try #require((physical["region"] as? [String: Any])?["startLine"] as? Int)
    let text = try String(
      contentsOfFile: Self.topology + "/describe-network-acls.json", encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[line - 1].trimmingCharacters(in: .whitespaces) == "{")
    #expect(lines[line...].prefix(40).contains { $0.contains("acl-d7519ad518d40df5e") })
    let logical = try #require((location["logicalLocations"] as? [[String: Any]])?.first)
    #expect(logical["fullyQualifiedName"] as? String == "NetworkAcls[3]")
    #expect(
      (first["partialFingerprints"] as? [String: Any])?["flowcauseFinding/v1"] as? String
        == "tier-replies-blocked/acl-d7519ad518d40df5e/egress/32767")
  }

  @Test("--baseline: findings of an earlier run (json or sarif) are left out, new ones kept")
  func baseline() throws {
    let folder = try CLIHarness.temporaryDirectory()
    for format in ["json", "sarif"] {
      let earlier = folder.appendingPathComponent("earlier.\(format)").path
      let before = CLIHarness.run(["lint", "--topology", Self.topology, "--output", format])
      try Data(before.stdout.utf8).write(to: URL(fileURLWithPath: earlier))
      let same = CLIHarness.run(["lint", "--topology", Self.topology, "--baseline", earlier])
      #expect(same.exit == .success)
      #expect(same.stdout.hasPrefix("No new findings.\n4 findings of the baseline"))
    }
    // The fixed design has one finding fewer: against its baseline, the original's db
    // finding is new, and fails the check.
    let fixed = try Self.fixedCopy()
    let earlier = folder.appendingPathComponent("fixed.json").path
    let fixedRun = CLIHarness.run(["lint", "--topology", fixed, "--output", "json"])
    try Data(fixedRun.stdout.utf8).write(to: URL(fileURLWithPath: earlier))
    let run = CLIHarness.run([
      "lint", "--topology", Self.topology, "--baseline", earlier, "--output", "json",
    ])
    #expect(run.exit == .notReachable)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let findings = try #require(document["Findings"] as? [[String: Any]])
    #expect(findings.map { $0["FindingId"] as? String } == ["tier-replies-blocked"])
    #expect((document["Baseline"] as? [String: Any])?["KnownFindings"] as? Int == 3)
    // A file that is not a lint output is refused with its reason.
    let bad = CLIHarness.run([
      "lint", "--topology", Self.topology, "--baseline", Self.topology + "/describe-vpcs.json",
    ])
    #expect(bad.exit == .dataError)
    #expect(bad.stderr.contains("describe-vpcs.json: error:"))
    #expect(
      CLIHarness.run(["lint", "--topology", Self.topology, "--baseline", "/nonexistent"]).exit
        == .noInput)
  }

  @Test("--compare: what a change adds, removes and breaks; exit 1 when it breaks something")
  func compare() throws {
    let fixed = try Self.fixedCopy()
    let good = CLIHarness.run(["lint", "--topology", Self.topology, "--compare", fixed])
    #expect(good.exit == .success)
    #expect(good.stdout.contains("Findings it removes (1):"))
    #expect(good.stdout.contains("opens: tcp 5432 from "))
    let bad = CLIHarness.run([
      "lint", "--topology", fixed, "--compare", Self.topology, "--output", "json",
    ])
    #expect(bad.exit == .notReachable)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any])
    #expect((document["Added"] as? [[String: Any]])?.count == 1)
    let flows = try #require(document["Flows"] as? [[String: Any]])
    let broken = try #require(flows.first { $0["Change"] as? String == "breaks" })
    #expect(broken["Port"] as? Int == 5432)
    #expect((broken["Before"] as? [String: Any])?["Reachable"] as? Bool == true)
    #expect((broken["After"] as? [String: Any])?["Reachable"] as? Bool == false)
    #expect(
      CLIHarness.run([
        "lint", "--topology", fixed, "--compare", Self.topology, "--baseline", "x",
      ]).exit == .usage)
  }
}
