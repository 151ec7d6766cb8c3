import Foundation
import Testing
import Topology

@testable import Analysis

/// Every finding of `flowcause lint` has a folder under `Fixtures/lint/<finding-id>/` with a
/// `triggers/` topology that must produce it (with the component, rule and severity argued in its
/// `expected.json` and README) and a near-identical `clean/` topology that must not.
@Suite("lint: each finding has a scenario that triggers it and one that does not")
struct LintFixtureTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/lint")

  static let names: [String] =
    ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
    .filter { !$0.hasPrefix(".") }.sorted()

  /// Loads every `.json` file of `folder` except `expected.json` and lints it.
  static func lint(_ folder: URL) throws -> [Finding] {
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") && $0 != "expected.json" }.sorted()
    let documents = try files.map { name in
      TopologyDocument(
        name: name, bytes: Array(try Data(contentsOf: folder.appendingPathComponent(name))))
    }
    return Linter(topology: try TopologyLoader().load(documents: documents)).lint()
  }

  static func summary(_ findings: [Finding]) -> String {
    findings.map {
      "\($0.id.rawValue) \($0.componentId) \($0.aclRuleNumber.map(String.init) ?? "-")"
    }
    .joined(separator: "; ")
  }

  @Test("Every finding id has a fixture folder, and every folder is a finding id")
  func coverage() {
    #expect(Self.names == Finding.ID.allCases.map(\.rawValue).sorted())
  }

  @Test(
    "triggers/ produces the finding with the argued component, rule and severity", arguments: names)
  func triggers(name: String) throws {
    let folder = Self.root.appendingPathComponent(name).appendingPathComponent("triggers")
    let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
    let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(expected["id"] as? String == name, "\(name): expected.json names another id")
    let findings = try Self.lint(folder)
    let component = try #require(expected["component"] as? String)
    let matching = findings.filter { finding in
      guard finding.id.rawValue == name, finding.componentId == component else { return false }
      switch expected["rule"] {
      case let number as Int: return finding.aclRuleNumber == number
      case let destination as String:
        return finding.rules.contains { rule in
          if case .route(_, let route) = rule {
            return route.destination.description == destination
          }
          return false
        }
      default: return finding.aclRuleNumber == nil
      }
    }
    let finding = try #require(
      matching.first,
      "\(name): triggers/ gives \(Self.summary(findings)), not \(name) \(component) \(expected["rule"] ?? "-")"
    )
    #expect(finding.severity.rawValue == expected["severity"] as? String, "\(name): severity")
    if let clients = expected["clients-cut-off"] as? [String] {
      #expect(finding.clientsCutOff.map(\.rawValue) == clients, "\(name): clients cut off")
    }
    #expect(!finding.explanation.isEmpty && !finding.fix.isEmpty)
  }

  @Test("clean/ does not produce the finding", arguments: names)
  func clean(name: String) throws {
    let findings = try Self.lint(
      Self.root.appendingPathComponent(name).appendingPathComponent("clean"))
    let offending = findings.filter { $0.id.rawValue == name }
    #expect(offending.isEmpty, "\(name): clean/ gives \(Self.summary(offending))")
  }

  @Test("Each fixture folder has a README that argues it", arguments: names)
  func readmes(name: String) {
    for kind in ["triggers", "clean"] {
      let path = Self.root.appendingPathComponent("\(name)/\(kind)/README.md").path
      #expect(FileManager.default.fileExists(atPath: path), "\(name)/\(kind) has no README.md")
    }
  }
}
