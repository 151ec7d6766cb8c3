import Foundation
import Testing
import Topology

/// Fails when docs/topology.md and the loader drift apart.
@Suite("docs/topology.md")
struct TopologyDocumentationTests {
  static let page = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/topology.md")

  /// The text of every fenced block of `language` (`""` for a plain fence) in the page.
  static func blocks(_ language: String) throws -> [String] {
    let text = try String(contentsOf: page, encoding: .utf8)
    var blocks: [String] = []
    var open: (language: Substring, lines: [Substring])?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if var block = open {
        if line == "```" {
          if block.language == language { blocks.append(block.lines.joined(separator: "\n")) }
          open = nil
        } else {
          block.lines.append(line)
          open = block
        }
      } else if line.hasPrefix("```") {
        open = (line.dropFirst(3), [])
      }
    }
    return blocks
  }

  @Test("The native-format example loads without warnings")
  func nativeExampleLoads() throws {
    let example = try #require(try Self.blocks("json").first)
    let topology = try Fixtures.load(("topology.md", example))
    #expect(topology.warnings == [])
    #expect(topology.routeTable(forSubnet: "subnet-private")?.id == "rtb-main")
    #expect(topology.networkACL(forSubnet: "subnet-private")?.id == "acl-default")
  }

  @Test("The page's example errors are word for word what the loader says")
  func errorExamplesAreCurrent() throws {
    let examples = try Self.blocks("").joined(separator: "\n")
    let cases: [(document: (String, String), expected: String)] = [
      (
        (
          "describe-network-acls.json",
          #"{"NetworkAcls": [{"NetworkAclId": "a", "VpcId": "v", "Entries": [{"RuleNumber": 1, "Egress": "true"}]}]}"#
        ),
        #"describe-network-acls.json: NetworkAcls[0].Entries[0].Egress: expected true or false, found "true""#
      ),
      (
        (
          "describe-subnets.json",
          #"{"Subnets": [{"SubnetId": "s", "VpcId": "v"}, {"SubnetId": "t"}]}"#
        ),
        "describe-subnets.json: Subnets[1].VpcId: required key is missing"
      ),
      (
        (
          "topology.json",
          #"{"flowcause-topology": 1, "subnets": [{"id": "s", "route-tabel": "r"}]}"#
        ),
        #"topology.json: subnets[0].route-tabel: unknown key; did you mean "route-table"?"#
      ),
      (
        ("topology.json", #"{"flowcause-topology": 2}"#),
        "topology.json: flowcause-topology: unsupported version 2; this flowcause reads version 1"
      ),
      (
        ("describe-vpcs.json", "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\" \"CidrBlock\": 1}]}"),
        #"describe-vpcs.json:3:23: expected ',' or '}' after a member, found '"'"#
      ),
      (
        (
          "describe-network-acls.json",
          #"{"NetworkAcls": [{"NetworkAclId": "a", "VpcId": "v", "Entries": [{"RuleNumber": 100, "Egress": false, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}, {"RuleNumber": 100, "Egress": false, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "10.0.0.0/8"}]}]}"#
        ),
        "describe-network-acls.json: NetworkAcls[0].Entries[1].RuleNumber: rule number 100 is used twice by inbound entries (first at NetworkAcls[0].Entries[0]); AWS allows one entry per rule number and direction (NetworkAclEntryAlreadyExists)"
      ),
      (
        ("vpcs.json", "[]"),
        "vpcs.json: expected a JSON object (the output of an aws ec2 describe-* call, or a "
          + "flowcause-topology), found an array"
      ),
    ]
    for (document, expected) in cases {
      #expect(Fixtures.loadError(document)?.description == expected)
      #expect(examples.contains(expected), "docs/topology.md does not show: \(expected)")
    }
  }
}
