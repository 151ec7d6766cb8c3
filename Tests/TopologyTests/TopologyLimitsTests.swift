import Testing
import Topology

/// A topology far beyond AWS's quotas is refused, naming the document, the object and the
/// count, instead of making every evaluation walk it (docs/topology.md, "Limits").
@Suite("Topology limits: a topology far beyond AWS's quotas is refused")
struct TopologyLimitsTests {
  static func group(rules: Int) -> String {
    // One IpRanges entry a rule: each is one rule.
    let ranges = (0..<rules).map { number in
      #"{"CidrIp": "10.\#(number / 65536 % 256).\#(number / 256 % 256).\#(number % 256)/32"}"#
    }
    return """
      {"SecurityGroups": [{"GroupId": "sg-big", "VpcId": "vpc-1", "IpPermissions": [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [\(ranges.joined(separator: ","))]}
      ], "IpPermissionsEgress": []}]}
      """
  }

  @Test("A security group of 10,001 inbound rules is an error naming it and its document")
  func tooManyRules() {
    let error = Fixtures.loadError(("describe-security-groups.json", Self.group(rules: 10_001)))
    #expect(error?.file == "describe-security-groups.json")
    #expect(error?.path == "SecurityGroups[GroupId=sg-big].IpPermissions")
    #expect(error?.message.contains("sg-big has 10001 inbound rules") == true)
  }

  @Test("At the limit it loads")
  func atTheLimit() {
    #expect(
      Fixtures.loadError(("describe-security-groups.json", Self.group(rules: 10_000))) == nil)
  }

  @Test("A network ACL of more than 1,000 entries is an error")
  func tooManyEntries() {
    let entries = (1...1_001).map { number in
      #"{"RuleNumber": \#(number), "Egress": false, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}"#
    }
    let error = Fixtures.loadError(
      (
        "describe-network-acls.json",
        #"{"NetworkAcls": [{"NetworkAclId": "acl-big", "VpcId": "vpc-1", "Entries": ["#
          + entries.joined(separator: ",") + "]}]}"
      ))
    // 1,001 written, and the four `*` entries (IPv4 and IPv6, each direction) AWS adds.
    #expect(error?.path == "NetworkAcls[NetworkAclId=acl-big].Entries")
    #expect(error?.message.contains("acl-big has 1005 entries") == true)
  }
}

extension TopologyLimitsTests {
  @Test("A document over 256 MiB is refused before it is parsed, naming it")
  func oversizedDocument() {
    let bytes = [UInt8](repeating: 0x20, count: TopologyLimits.documentBytes + 1)
    do {
      _ = try TopologyLoader().load(documents: [TopologyDocument(name: "big.json", bytes: bytes)])
      Issue.record("loaded")
    } catch {
      #expect(error.file == "big.json")
      #expect(error.message.hasPrefix("268435457 bytes, more than"))
    }
  }
}
