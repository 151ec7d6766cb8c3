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
      ec2("describe-vpc-endpoints", byVpc),
      ec2("describe-vpn-gateways", ["--filters", "Name=attachment.vpc-id,Values=\(vpc)"]),
      // Load balancers and target groups have no VPC filter; the queries keep this VPC's.
      elbv2("describe-load-balancers", key: "LoadBalancers", vpc: vpc),
      elbv2("describe-target-groups", key: "TargetGroups", vpc: vpc),
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

  /// An `elbv2` listing with no VPC filter, queried down to the VPC's `key` objects.
  private static func elbv2(_ operation: String, key: String, vpc: String) -> Step {
    Step(
      file: "\(operation).json",
      call: AWSCall("elbv2", operation, ["--query", "{\(key): \(key)[?VpcId=='\(vpc)']}"]))
  }

  /// One `get-managed-prefix-list-entries` per prefix list; the output does not name its list,
  /// so the file name does (docs/topology.md).
  static func entriesStep(prefixList: String) -> Step {
    Step(
      file: "get-managed-prefix-list-entries.\(prefixList).json",
      call: AWSCall(
        "ec2", "get-managed-prefix-list-entries", ["--prefix-list-id", prefixList]))
  }

  /// The transit gateways the VPC's route tables send traffic to: the gateways, all their
  /// attachments (VPC attachments with their subnets and options too) and their route tables,
  /// so that a route to another VPC's attachment can be followed.
  static func transitGatewaySteps(_ gateways: [String]) -> [Step] {
    guard !gateways.isEmpty else { return [] }
    let ids = gateways.joined(separator: ",")
    let byGateway = ["--filters", "Name=transit-gateway-id,Values=\(ids)"]
    return [
      Step(
        file: "describe-transit-gateways.json",
        call: AWSCall("ec2", "describe-transit-gateways", ["--transit-gateway-ids"] + gateways)),
      Step(
        file: "describe-transit-gateway-attachments.json",
        call: AWSCall("ec2", "describe-transit-gateway-attachments", byGateway)),
      Step(
        file: "describe-transit-gateway-vpc-attachments.json",
        call: AWSCall("ec2", "describe-transit-gateway-vpc-attachments", byGateway)),
      Step(
        file: "describe-transit-gateway-route-tables.json",
        call: AWSCall("ec2", "describe-transit-gateway-route-tables", byGateway)),
    ]
  }

  /// A target group's attributes (client IP preservation) and its targets' health; neither
  /// output names the group, so the file names carry its NAME.ID, as in its ARN
  /// (`…:targetgroup/NAME/ID`).
  static func targetGroupSteps(arn: String) -> [Step] {
    let parts = arn.split(separator: "/")
    guard parts.count >= 3 else { return [] }
    let name = "\(parts[parts.count - 2]).\(parts[parts.count - 1])"
    return [
      Step(
        file: "describe-target-group-attributes.\(name).json",
        call: AWSCall("elbv2", "describe-target-group-attributes", ["--target-group-arn", arn])),
      Step(
        file: "describe-target-health.\(name).json",
        call: AWSCall("elbv2", "describe-target-health", ["--target-group-arn", arn])),
    ]
  }

  /// The VPN connections of the VPC's virtual private gateways (their tunnels' state).
  static func vpnConnectionsStep(gateways: [String]) -> [Step] {
    guard !gateways.isEmpty else { return [] }
    return [
      Step(
        file: "describe-vpn-connections.json",
        call: AWSCall(
          "ec2", "describe-vpn-connections",
          ["--filters", "Name=vpn-gateway-id,Values=\(gateways.joined(separator: ","))"]))
    ]
  }

  /// The AWS Network Firewalls of the VPC, when it has Gateway Load Balancer endpoints (a
  /// firewall's endpoints are of that type): listed, then each described, which names its
  /// endpoints.
  static func firewallListStep(vpc: String) -> Step {
    Step(
      file: "list-firewalls.json",
      call: AWSCall("network-firewall", "list-firewalls", ["--vpc-ids", vpc]))
  }

  static func firewallStep(name: String, arn: String) -> Step {
    Step(
      file: "describe-firewall.\(name).json",
      call: AWSCall("network-firewall", "describe-firewall", ["--firewall-arn", arn]))
  }

  /// The firewalls of a `list-firewalls` output: name and ARN.
  static func firewalls(in bytes: [UInt8]?) -> [(name: String, arn: String)] {
    guard let bytes,
      let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
      let list = root["Firewalls"] as? [[String: Any]]
    else { return [] }
    return list.compactMap { firewall in
      guard let name = firewall["FirewallName"] as? String,
        let arn = firewall["FirewallArn"] as? String
      else { return nil }
      return (name, arn)
    }
  }

  /// A transit gateway route table's routes (active and blackhole: the call needs a filter),
  /// associations and propagations; none of the outputs names the table, so the file names do
  /// (docs/topology.md).
  static func transitGatewayTableSteps(_ table: String) -> [Step] {
    let id = ["--transit-gateway-route-table-id", table]
    return [
      Step(
        file: "search-transit-gateway-routes.\(table).json",
        call: AWSCall(
          "ec2", "search-transit-gateway-routes",
          id + ["--filters", "Name=state,Values=active,blackhole"])),
      Step(
        file: "get-transit-gateway-route-table-associations.\(table).json",
        call: AWSCall("ec2", "get-transit-gateway-route-table-associations", id)),
      Step(
        file: "get-transit-gateway-route-table-propagations.\(table).json",
        call: AWSCall("ec2", "get-transit-gateway-route-table-propagations", id)),
    ]
  }

  /// The values of the members named `keys` (strings starting with `prefix`) anywhere in a JSON
  /// output, sorted.
  static func values(of keys: [String], prefix: String, in bytes: [UInt8]?) -> [String] {
    var found = Set<String>()
    func walk(_ value: Any) {
      if let object = value as? [String: Any] {
        for (name, member) in object {
          if keys.contains(name), let id = member as? String, id.hasPrefix(prefix) {
            found.insert(id)
          } else {
            walk(member)
          }
        }
      } else if let array = value as? [Any] {
        for item in array { walk(item) }
      }
    }
    if let bytes, let root = try? JSONSerialization.jsonObject(with: Data(bytes)) { walk(root) }
    return found.sorted()
  }

  /// The prefix lists named by security group rules (`PrefixListIds[].PrefixListId`) and routes
  /// (`DestinationPrefixListId`) in the outputs of `describe-security-groups` and
  /// `describe-route-tables`, sorted.
  static func prefixListsInUse(securityGroups: [UInt8]?, routeTables: [UInt8]?) -> [String] {
    let keys = ["PrefixListId", "DestinationPrefixListId"]
    return Array(
      Set(
        values(of: keys, prefix: "pl-", in: securityGroups)
          + values(of: keys, prefix: "pl-", in: routeTables))
    ).sorted()
  }
}
