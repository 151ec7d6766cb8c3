import Foundation
import Testing
import Topology

@testable import Analysis

/// `flowcause lint` on `Scenarios/web-app-vpc/topology`, captured with the AWS CLI against moto.
/// Each expected finding is argued below from the scenario README's rule tables and AWS's
/// documentation; the list is complete, so a new false alarm fails the test.
@Suite("lint on the captured web-app-vpc")
struct LintWebAppVPCTests {
  static let topologyFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Scenarios/web-app-vpc/topology")

  @Test("Exactly the four argued findings, in order")
  func findings() throws {
    let findings = try LintFixtureTests.lint(Self.topologyFolder)
    let summary = findings.map {
      "\($0.severity.rawValue) \($0.id.rawValue) \($0.componentId) \($0.aclRuleNumber.map(String.init) ?? "-")"
    }
    #expect(
      summary == [
        // Question 9: db-sg admits 5432 from app-sg (the app tier, subnet app); nacl-app lets
        // it out (100 all) and nacl-db in (100 tcp 5432 from 10.20.0.0/16); the db's replies
        // to the app's ephemeral ports leave through nacl-db, whose outbound 100 allows only
        // tcp 0-1023 to 10.20.2.0/24 and 110 tcp 443: the * rule (32767) denies them.
        "error tier-replies-blocked acl-d7519ad518d40df5e 32767",
        // app-sg allows all out to ::/0, nacl-app outbound 110 allows all to ::/0, rt-app
        // sends ::/0 to the egress-only gateway: UDP calls out over IPv6 (DNS, NTP) leave, but
        // nacl-app inbound admits only tcp 1024-65535 from ::/0 (120), so the * rule (32768)
        // denies the UDP replies. A warning: the allow-all rule names no call.
        "warning nacl-blocks-outbound-replies acl-d3c1c2582a97d8b20 32768",
        // Question 10: web-sg allows all out to 0.0.0.0/0 and ::/0; nacl-public outbound
        // admits tcp 80 and 443 to IPv4 internet addresses (100, 110) but has only
        // 140 tcp 1024-65535 for ::/0, so the * rule (32768) denies IPv6 calls to 80 and 443.
        "warning ipv6-allowed-by-sg-missing-from-nacl acl-6a335162adb9743b1 32768",
        // web-sg allows tcp 80 and 443 from 0.0.0.0/0 and ::/0 and all traffic out to both:
        // AWS's own example of untracked flows (EC2 User Guide, connection tracking).
        "notice untracked-flow sg-c4250427209576b09 -",
      ])
  }

  @Test("The db tier's finding names the app tier's clients and the fix AWS advises")
  func tierFinding() throws {
    let findings = try LintFixtureTests.lint(Self.topologyFolder)
    let tier = try #require(findings.first { $0.id == .tierRepliesBlocked })
    #expect(tier.clientsCutOff == [.linux, .windows])
    #expect(tier.explanation.contains("sg-2632ff70d6a24f96e"))
    #expect(tier.explanation.contains("subnet-9543f1bf5b1840673"))
    #expect(
      tier.fix.hasPrefix(
        "Add an outbound allow entry to acl-d7519ad518d40df5e for tcp 1024-65535 to 10.20.2.0/24 numbered below 32767"
      ))
  }
}
