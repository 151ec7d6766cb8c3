import Foundation

/// The calls `flowcause collect` makes for one VPC, and the file each one's output goes to.
///
/// Every call is read-only, filtered to the VPC where the API can filter (EC2 API Reference,
/// the `Filter` lists of each `Describe*` action). The flow logs are listed without a filter:
/// a flow log can watch the VPC, one of its subnets or one of its interfaces.
enum CollectPlan {
  struct Step: Sendable {
    let file: String
    let call: AWSCall
  }

  /// The calls that need nothing but the VPC id.
  static func steps(vpc: String) -> [Step] {
    let byVpc = ["--filters", "Name=vpc-id,Values=\(vpc)"]
    func ec2(_ operation: String, _ arguments: [String]) -> Step {
      Step(file: "\(operation).json", call: AWSCall("ec2", operation, arguments))
    }
    return [
      ec2("describe-vpcs", ["--vpc-ids", vpc]),
      ec2("describe-subnets", byVpc),
      ec2("describe-route-tables", byVpc),
      ec2("describe-internet-gateways", ["--filters", "Name=attachment.vpc-id,Values=\(vpc)"]),
      // No VPC filter exists for egress-only gateways; the query keeps this VPC's.
      ec2(
        "describe-egress-only-internet-gateways",
        [
          "--query",
          "{EgressOnlyInternetGateways: EgressOnlyInternetGateways[?Attachments[?VpcId=='\(vpc)']]}",
        ]),
      // describe-nat-gateways spells its filter option --filter.
      ec2("describe-nat-gateways", ["--filter", "Name=vpc-id,Values=\(vpc)"]),
      ec2("describe-network-acls", byVpc),
      ec2("describe-security-groups", byVpc),
      ec2("describe-network-interfaces", byVpc),
      ec2("describe-instances", byVpc),
      ec2("describe-managed-prefix-lists", []),
      Step(
        file: "describe-vpc-peering-connections.requester.json",
        call: AWSCall(
          "ec2", "describe-vpc-peering-connections",
          ["--filters", "Name=requester-vpc-info.vpc-id,Values=\(vpc)"])),
      Step(
        file: "describe-vpc-peering-connections.accepter.json",
        call: AWSCall(
          "ec2", "describe-vpc-peering-connections",
          ["--filters", "Name=accepter-vpc-info.vpc-id,Values=\(vpc)"])),
      ec2("describe-flow-logs", []),
    ]
  }

  /// One `get-managed-prefix-list-entries` per prefix list; the output does not name its list,
  /// so the file name does (docs/topology.md).
  static func entriesStep(prefixList: String) -> Step {
    Step(
      file: "get-managed-prefix-list-entries.\(prefixList).json",
      call: AWSCall(
        "ec2", "get-managed-prefix-list-entries", ["--prefix-list-id", prefixList]))
  }

  /// The prefix lists named by security group rules (`PrefixListIds[].PrefixListId`) and routes
  /// (`DestinationPrefixListId`) in the outputs of `describe-security-groups` and
  /// `describe-route-tables`, sorted.
  static func prefixListsInUse(securityGroups: [UInt8]?, routeTables: [UInt8]?) -> [String] {
    var found = Set<String>()
    func walk(_ value: Any) {
      if let object = value as? [String: Any] {
        for (key, member) in object {
          if key == "PrefixListId" || key == "DestinationPrefixListId",
            let id = member as? String, id.hasPrefix("pl-")
          {
            found.insert(id)
          } else {
            walk(member)
          }
        }
      } else if let array = value as? [Any] {
        for item in array { walk(item) }
      }
    }
    for bytes in [securityGroups, routeTables].compactMap({ $0 }) {
      if let root = try? JSONSerialization.jsonObject(with: Data(bytes)) { walk(root) }
    }
    return found.sorted()
  }
}
