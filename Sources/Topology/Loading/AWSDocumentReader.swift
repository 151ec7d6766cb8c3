/// Reads a document of `aws ec2 describe-*` output: dispatches on its top-level keys, so one
/// call's output, or several merged into one object, can be read. Unknown keys are ignored.
enum AWSDocumentReader {
  /// The top-level keys read, in the order they are read.
  static let keys = [
    "Vpcs", "Subnets", "RouteTables", "InternetGateways", "EgressOnlyInternetGateways",
    "NatGateways", "NetworkAcls", "SecurityGroups", "SecurityGroupRules", "NetworkInterfaces",
    "Reservations", "PrefixLists", "ManagedPrefixLists", "Entries", "Addresses",
    "VpcPeeringConnections",
  ]

  /// Top-level keys of documents that belong in a topology folder but describe no part of the
  /// network: `describe-flow-logs` output (its `LogFormat` is read by `diagnose`, not the
  /// loader) and the manifest `flowcause collect` writes. Such a document is skipped silently.
  static let skippedKeys = ["FlowLogs", "flowcause-collect"]

  /// Reads every known key of `root` into `inventory`; returns whether there was any (a
  /// document with one of ``skippedKeys`` counts as recognized).
  static func read(_ root: JSONObjectReader, into inventory: inout TopologyInventory)
    throws(TopologyLoadError) -> Bool
  {
    let document = root.file
    var recognized = skippedKeys.contains { root.has($0) }
    for key in keys {
      guard let section = root.optional(key) else { continue }
      recognized = true
      switch key {
      case "Vpcs":
        for object in try section.objects() {
          let vpc = try VpcDTO(object)
          inventory.add(vpc, id: vpc.vpcId, document: document, to: \.vpcs)
        }
      case "Subnets":
        for object in try section.objects() {
          let subnet = try SubnetDTO(object)
          inventory.add(subnet, id: subnet.subnetId, document: document, to: \.subnets)
        }
      case "RouteTables":
        for object in try section.objects() {
          let table = try RouteTableDTO(object)
          inventory.add(table, id: table.routeTableId, document: document, to: \.routeTables)
        }
      case "InternetGateways":
        for object in try section.objects() {
          let gateway = try InternetGatewayDTO(object, idKey: "InternetGatewayId")
          inventory.add(gateway, id: gateway.id, document: document, to: \.internetGateways)
        }
      case "EgressOnlyInternetGateways":
        for object in try section.objects() {
          let gateway = try InternetGatewayDTO(object, idKey: "EgressOnlyInternetGatewayId")
          inventory.add(
            gateway, id: gateway.id, document: document, to: \.egressOnlyInternetGateways)
        }
      case "NatGateways":
        for object in try section.objects() {
          let gateway = try NatGatewayDTO(object)
          inventory.add(gateway, id: gateway.natGatewayId, document: document, to: \.natGateways)
        }
      case "NetworkAcls":
        for object in try section.objects() {
          let acl = try NetworkAclDTO(object)
          inventory.add(acl, id: acl.networkAclId, document: document, to: \.networkAcls)
        }
      case "SecurityGroups":
        for object in try section.objects() {
          let group = try SecurityGroupDTO(object)
          inventory.add(group, id: group.groupId, document: document, to: \.securityGroups)
        }
      case "SecurityGroupRules":
        for object in try section.objects() {
          let rule = try SecurityGroupRuleDTO(object)
          inventory.add(
            rule, id: rule.securityGroupRuleId, document: document, to: \.securityGroupRules)
        }
      case "NetworkInterfaces":
        for object in try section.objects() {
          let interface = try NetworkInterfaceDTO(object)
          inventory.add(
            interface, id: interface.networkInterfaceId, document: document,
            to: \.networkInterfaces)
        }
      case "Reservations":
        for reservation in try section.objects() {
          for object in try reservation.optionalObjects("Instances") {
            let instance = try InstanceDTO(object)
            inventory.add(instance, id: instance.instanceId, document: document, to: \.instances)
          }
        }
      case "PrefixLists", "ManagedPrefixLists":
        for object in try section.objects() {
          let list = try ManagedPrefixListDTO(object)
          inventory.add(list, id: list.prefixListId, document: document, to: \.prefixLists)
        }
      case "Entries":
        guard let id = PrefixListEntriesDTO.prefixListId(inDocumentName: document) else {
          // The list is decided when everything is loaded (TopologyBuilder.buildPrefixLists).
          let unnamed = try PrefixListEntriesDTO(prefixListId: "", entries: section)
          inventory.unnamedPrefixListEntries.append((document, unnamed.cidrs))
          continue
        }
        let entries = try PrefixListEntriesDTO(prefixListId: id, entries: section)
        inventory.add(entries, id: id, document: document, to: \.prefixListEntries)
      case "Addresses":
        for object in try section.objects() {
          let address = try AddressDTO(object)
          inventory.add(address, id: address.id, document: document, to: \.addresses)
        }
      case "VpcPeeringConnections":
        for object in try section.objects() {
          let peering = try VpcPeeringConnectionDTO(object)
          inventory.add(
            peering, id: peering.vpcPeeringConnectionId, document: document,
            to: \.peeringConnections)
        }
      default:
        break
      }
    }
    return recognized
  }
}
