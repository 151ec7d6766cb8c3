import Foundation
import Testing

/// A regional NAT gateway's records (flow log version 9: `interface-id` is `-`, `resource-id`
/// names the gateway) are read, correlated and counted by their `resource-id`, and diagnosed
/// `undetermined`: nothing in them or the topology says which control filters such a gateway.
@Suite("diagnose: a regional NAT gateway's records")
struct RegionalNATTests {
  @Test("Keyed by resource-id, never skipped, never a confident cause")
  func regionalNAT() throws {
    let file = try CLIHarness.temporaryDirectory().appendingPathComponent("v9.log")
    try Data(
      """
      version resource-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
      9 nat-0abc - 198.51.100.7 10.0.1.5 443 40000 6 3 180 1796032790 1796032849 ACCEPT OK
      9 nat-0abc - 10.0.1.5 198.51.100.7 40000 443 6 3 180 1796032800 1796032859 REJECT OK

      """.utf8
    ).write(to: file)
    let run = CLIHarness.run(["diagnose", "--output", "jsonl", file.path])
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
    let line = try #require(object as? [String: Any], "\(run.stderr)")
    #expect(line["interface-id"] as? String == "nat-0abc")
    #expect(line["cause"] as? String == "undetermined")
    #expect(line["confidence"] as? String == "low")
    #expect(!run.stderr.contains("not diagnosed"))
  }
}
