import Foundation
import NetworkPrimitives
import RandomNetworks
import Testing
import Topology

@testable import Analysis

/// `lint` on generated accounts (`AccountTopology`, the bench's): one finding per rule to change,
/// the same answer on any number of threads, and the comparison of two designs.
@Suite("lint on an account: grouped findings, threads, --compare")
struct LintAccountTests {
  static func account(vpcs: Int, interfaces: Int, seed: UInt64 = 7) throws -> Topology {
    var generator = AccountTopology(vpcs: vpcs, interfacesPerVPC: interfaces, seed: seed)
    return try TopologyLoader().load(documents: [
      TopologyDocument(name: "account.json", bytes: Array(generator.document().utf8))
    ])
  }

  static let replyIds: Set<Finding.ID> = [
    .naclBlocksReplies, .tierRepliesBlocked, .naclBlocksOutboundReplies,
  ]

  @Test("One finding per rule to change: ids, components and rules never repeat")
  func onePerRule() throws {
    let findings = Linter(topology: try Self.account(vpcs: 2, interfaces: 250)).lint()
    let prints = findings.map(\.fingerprint)
    #expect(Set(prints).count == prints.count)
    // Each reply finding names one NACL entry (the rule to change) and lists every ENI, group
    // and service it cuts.
    for finding in findings where Self.replyIds.contains(finding.id) {
      guard case .networkACLEntry(let aclId, _)? = finding.ruleToChange else {
        Issue.record("\(finding.fingerprint): no NACL entry first")
        continue
      }
      #expect(aclId == finding.componentId)
      #expect(!finding.affected.interfaceIds.isEmpty)
      #expect(!finding.affected.services.isEmpty)
      #expect(finding.affected.interfaceIds == finding.affected.interfaceIds.sorted())
    }
  }

  @Test("Twice the interfaces on the same rules: about twice the ENIs affected, not the findings")
  func scalesByAffected() throws {
    let small = Linter(topology: try Self.account(vpcs: 2, interfaces: 250)).lint()
    let large = Linter(topology: try Self.account(vpcs: 2, interfaces: 500)).lint()
    let smallReplies = small.filter { Self.replyIds.contains($0.id) }
    let largeReplies = large.filter { Self.replyIds.contains($0.id) }
    #expect(!smallReplies.isEmpty)
    // The rules are the same, so the entries that cut replies are (almost) the same.
    #expect(largeReplies.count <= smallReplies.count + smallReplies.count / 4 + 2)
    let smallAffected = smallReplies.map(\.affected.interfaceIds.count).reduce(0, +)
    let largeAffected = largeReplies.map(\.affected.interfaceIds.count).reduce(0, +)
    #expect(Double(largeAffected) > 1.6 * Double(smallAffected))
    #expect(Double(largeAffected) < 2.5 * Double(smallAffected))
    // The rest are about rules, not ENIs: as many either way.
    let smallRules = small.count - smallReplies.count
    let largeRules = large.count - largeReplies.count
    #expect(abs(largeRules - smallRules) <= smallRules / 10 + 2)
  }

  @Test("The same findings on 1 and 4 threads")
  func threads() throws {
    let linter = Linter(topology: try Self.account(vpcs: 3, interfaces: 120, seed: 11))
    #expect(linter.lint(threads: 1) == linter.lint(threads: 4))
  }

  @Test("A shared NACL entry's cut replies are one finding with every ENI, not one each")
  func sharedEntry() throws {
    // web-app-vpc's db tier with a second db ENI in the same subnet and group: the one cut
    // entry (nacl-db outbound *) still gives one finding, now naming both ENIs.
    let folder = LintWebAppVPCTests.topologyFolder
    var topology = try TopologyLoader().load(
      documents: try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasSuffix(".json") }.sorted().map {
          TopologyDocument(
            name: $0, bytes: Array(try Data(contentsOf: folder.appendingPathComponent($0))))
        })
    var twin = try #require(topology.networkInterfaces["eni-bf962818e5865ff50"])
    twin.id = "eni-bf962818e5865ff51"
    twin.privateIPv4s = [try #require(IPAddress("10.20.3.21"))]
    twin.publicIPv4s = []
    twin.ipv6s = []
    topology.networkInterfaces[twin.id] = twin
    let tier = Linter(topology: topology).lint().filter { $0.id == .tierRepliesBlocked }
    #expect(tier.count == 1)
    #expect(
      tier.first?.affected.interfaceIds == ["eni-bf962818e5865ff50", "eni-bf962818e5865ff51"])
    let words = try #require(tier.first?.explanation)
    #expect(words.contains("eni-bf962818e5865ff50") && words.contains("eni-bf962818e5865ff51"))
  }
}

/// `lint --compare`: a fix to web-app-vpc's db NACL removes its finding and opens the flow it
/// cut; undoing it adds the finding back and breaks the flow.
@Suite("lint --compare on web-app-vpc")
struct LintComparisonTests {
  static func topologies() throws -> (before: Topology, after: Topology) {
    let folder = LintWebAppVPCTests.topologyFolder
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") }.sorted()
    let documents = try names.map {
      TopologyDocument(
        name: $0, bytes: Array(try Data(contentsOf: folder.appendingPathComponent($0))))
    }
    let before = try TopologyLoader().load(documents: documents)
    var after = before
    var acl = try #require(after.networkACLs["acl-d7519ad518d40df5e"])
    // The fix AWS advises (VPC User Guide, "Ephemeral ports"): replies to 1024-65535 of the
    // VPC, numbered before the * rule.
    acl.entries.append(
      NetworkACLEntry(
        ruleNumber: 150, egress: true, action: .allow, protocolMatch: .tcp,
        cidr: try #require(CIDR("10.20.0.0/16")), ports: PortRange(from: 1024, to: 65535)))
    // Entries are kept sorted by rule number within each direction.
    acl.entries.sort { ($0.egress ? 1 : 0, $0.ruleNumber) < ($1.egress ? 1 : 0, $1.ruleNumber) }
    after.networkACLs[acl.id] = acl
    return (before, after)
  }

  @Test("The fix removes tier-replies-blocked and opens app -> db tcp 5432")
  func fix() throws {
    let (before, after) = try Self.topologies()
    let comparison = LintComparison(before: before, after: after)
    #expect(comparison.added.isEmpty)
    #expect(
      comparison.removed.map(\.fingerprint) == [
        "tier-replies-blocked/acl-d7519ad518d40df5e/egress/32767"
      ])
    #expect(comparison.interfacesConsidered == 1)
    let opened = comparison.flows.filter { $0.breaks == false }
    #expect(opened.contains { $0.request.port == 5432 && $0.request.to == "eni-bf962818e5865ff50" })
    #expect(!comparison.flows.contains { $0.breaks == true })
  }

  @Test("Undoing it adds the finding back and breaks the flow")
  func undo() throws {
    let (before, after) = try Self.topologies()
    let comparison = LintComparison(before: after, after: before)
    #expect(comparison.added.map(\.id) == [.tierRepliesBlocked])
    #expect(comparison.removed.isEmpty)
    let broken = comparison.flows.filter { $0.breaks == true }
    #expect(broken.contains { $0.request.port == 5432 })
    #expect(broken.allSatisfy { $0.after.reachable == false && $0.before.reachable == true })
  }

  @Test("The same topology twice: nothing added, removed or changed, no flow traced")
  func unchanged() throws {
    let (before, _) = try Self.topologies()
    let comparison = LintComparison(before: before, after: before)
    #expect(comparison.added.isEmpty && comparison.removed.isEmpty && comparison.changed.isEmpty)
    #expect(comparison.flowsTraced == 0 && comparison.flows.isEmpty)
  }

  @Test("A rule naming a prefix list is traced from an address of the list")
  func prefixListFlows() throws {
    let (before, _) = try Self.topologies()
    var after = before
    // nacl-public without outbound 120 (tcp 1024-65535 to 0.0.0.0/0, the web tier's replies):
    // SSH from the office prefix list (web-sg) loses its replies as HTTP does.
    var acl = try #require(after.networkACLs["acl-6a335162adb9743b1"])
    acl.entries.removeAll { $0.egress && $0.ruleNumber == 120 }
    after.networkACLs[acl.id] = acl
    let comparison = LintComparison(before: before, after: after)
    let broken = comparison.flows.filter { $0.breaks == true }
    #expect(broken.contains { $0.request.port == 22 && $0.request.from == "198.51.100.1" })
    #expect(broken.contains { $0.request.port == 443 })
  }

  @Test("A finding that gets better is changed, not worse; one that spreads is worse")
  func changedDirection() throws {
    let (before, _) = try Self.topologies()
    var spread = before
    var twin = try #require(spread.networkInterfaces["eni-bf962818e5865ff50"])
    twin.id = "eni-bf962818e5865ff51"
    twin.privateIPv4s = [try #require(IPAddress("10.20.3.21"))]
    twin.publicIPv4s = []
    twin.ipv6s = []
    spread.networkInterfaces[twin.id] = twin
    let worse = LintComparison(before: before, after: spread)
    #expect(worse.changed.map(\.after.id) == [.tierRepliesBlocked])
    #expect(worse.changed.first?.isWorse == true)
    #expect(worse.changed.first?.newInterfaces == ["eni-bf962818e5865ff51"])
    let better = LintComparison(before: spread, after: before)
    #expect(better.changed.first?.isWorse == false)
  }
}
