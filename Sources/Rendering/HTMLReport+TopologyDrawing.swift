import Messages
import Topology

/// The topology drawn, when it is small enough to draw clearly: each VPC a box with its
/// internet gateway, each subnet a card with its network ACL, route table and default route,
/// and its ENIs with their addresses, security groups and REJECTs. Larger topologies are the
/// tables alone.
extension HTMLReport {
  /// The most VPCs, and subnets in one VPC, drawn.
  static let drawnVPCs = 3
  static let drawnSubnets = 12
  /// ENIs listed on a subnet's card.
  static let interfacesPerCard = 6

  package static func topologyDrawing(
    _ topology: Topology, rejects: [String: Int], language: Language = .en
  ) -> String {
    let vpcs = topology.vpcs.values.sorted { $0.id < $1.id }
    let subnetsByVPC = Dictionary(grouping: topology.subnets.values, by: \.vpcId)
    guard !vpcs.isEmpty, vpcs.count <= drawnVPCs,
      vpcs.allSatisfy({ (subnetsByVPC[$0.id]?.count ?? 0) <= drawnSubnets })
    else {
      return "<p class=\"note\">"
        + Message.htmlTooLarge.text(
          in: language, ["vpcs": "\(drawnVPCs)", "subnets": "\(drawnSubnets)"]) + "</p>\n"
    }
    let interfacesBySubnet = Dictionary(grouping: topology.networkInterfaces.values, by: \.subnetId)
    var out = ""
    for vpc in vpcs {
      let subnets = (subnetsByVPC[vpc.id] ?? []).sorted { $0.id < $1.id }
      out += vpcDrawing(
        vpc, subnets: subnets, topology: topology, interfaces: interfacesBySubnet,
        rejects: rejects, language: language)
    }
    return out
  }

  private static func vpcDrawing(
    _ vpc: VPC, subnets: [Subnet], topology: Topology, interfaces: [String: [NetworkInterface]],
    rejects: [String: Int], language: Language
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let cardWidth = 356
    let gap = 16
    let perRow = 3
    let line = 15
    func cardHeight(_ subnet: Subnet) -> Int {
      let count = interfaces[subnet.id]?.count ?? 0
      return 66 + line * min(count, interfacesPerCard) + (count > interfacesPerCard ? line : 0)
        + (count == 0 ? line : 0)
    }
    let rows = stride(from: 0, to: subnets.count, by: perRow).map {
      Array(subnets[$0..<min($0 + perRow, subnets.count)])
    }
    let rowHeights = rows.map { row in row.map(cardHeight).max() ?? 0 }
    let columns = max(1, min(perRow, subnets.count))
    let width = 2 * gap + columns * cardWidth + (columns - 1) * gap
    let top = 44
    let height = top + rowHeights.reduce(0, +) + gap * (rows.count + 1)
    let gateway = topology.internetGateway(attachedTo: vpc.id)
    let eniCount = subnets.reduce(0) { $0 + (interfaces[$1.id]?.count ?? 0) }
    var out =
      "<figure class=\"topology-drawing\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
      + "viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" "
      + "aria-labelledby=\"drawing-\(escaped(vpc.id))\" "
      + "font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
    out +=
      "<title id=\"drawing-\(escaped(vpc.id))\">"
      + escaped(
        say(
          .htmlDrawingTitle,
          [
            "vpc": vpc.id, "subnets": "\(subnets.count)", "enis": "\(eniCount)",
            "gateway": gateway.map { say(.htmlDrawingGateway, ["id": $0.id]) } ?? "",
          ])) + "</title>\n"
    out +=
      "<rect x=\"1\" y=\"1\" width=\"\(width - 2)\" height=\"\(height - 2)\" rx=\"8\" "
      + "fill=\"#f6f8fa\" stroke=\"#57606a\" stroke-width=\"1.5\"/>\n"
    out +=
      "<text x=\"\(gap)\" y=\"26\" font-size=\"14\" font-weight=\"bold\" fill=\"#24292f\">"
      + "\(escaped(vpc.id)) <tspan font-weight=\"normal\">"
      + "\(escaped(vpc.cidrs.map(\.description).joined(separator: ", ")))</tspan></text>\n"
    if let gateway {
      out +=
        "<text x=\"\(width - gap)\" y=\"26\" font-size=\"12\" text-anchor=\"end\" "
        + "fill=\"#24292f\">\(escaped(say(.htmlDrawingGatewayLabel, ["id": gateway.id])))</text>\n"
    }
    var y = top + gap
    for (rowIndex, row) in rows.enumerated() {
      for (column, subnet) in row.enumerated() {
        let x = gap + column * (cardWidth + gap)
        out += subnetCard(
          subnet, x: x, y: y, width: cardWidth, height: rowHeights[rowIndex], line: line,
          topology: topology, interfaces: interfaces[subnet.id] ?? [], rejects: rejects,
          language: language)
      }
      y += rowHeights[rowIndex] + gap
    }
    return out
      + "</svg>\n<figcaption>\(say(.htmlDrawingCaption))</figcaption>\n"
      + "</figure>\n"
  }

  private static func subnetCard(
    _ subnet: Subnet, x: Int, y: Int, width: Int, height: Int, line: Int, topology: Topology,
    interfaces: [NetworkInterface], rejects: [String: Int], language: Language
  ) -> String {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    let table = topology.routeTable(forSubnet: subnet.id)
    let defaults = (table?.routes ?? []).filter {
      $0.destination.description == "0.0.0.0/0" || $0.destination.description == "::/0"
    }
    let isPublic = defaults.contains {
      if case .internetGateway = $0.target { return true }
      return false
    }
    func text(
      _ dx: Int, _ dy: Int, _ body: String, size: Double = 11, weight: String = "normal",
      fill: String = "#24292f", mono: Bool = false
    ) -> String {
      "<text x=\"\(x + dx)\" y=\"\(y + dy)\" font-size=\"\(size)\" font-weight=\"\(weight)\" "
        + "fill=\"\(fill)\"\(mono ? " font-family=\"DejaVu Sans Mono, monospace\"" : "")>"
        + "\(escaped(body))</text>\n"
    }
    var out =
      "<g class=\"subnet\" data-subnet=\"\(escaped(subnet.id))\">"
      + "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(width)\" height=\"\(height)\" rx=\"6\" "
      + "fill=\"#ffffff\" stroke=\"\(isPublic ? "#0969da" : "#8c959f")\" stroke-width=\"1.5\"/>\n"
    out += text(
      10, 17,
      PathDiagram.fitted(
        "\(subnet.id) \(subnet.cidrs.map(\.description).joined(separator: ", "))", 48),
      size: 11.5, weight: "bold")
    out += text(
      10, 33,
      PathDiagram.fitted(
        "\(say(isPublic ? .htmlPublic : .htmlPrivate))\(subnet.availabilityZone.map { ", \($0)" } ?? "") · "
          + say(
            .htmlNACLShort, ["id": topology.networkACL(forSubnet: subnet.id)?.id ?? say(.htmlNone)]),
        56))
    let route =
      defaults.isEmpty
      ? say(.htmlNoDefaultRoute)
      : defaults.map { "\($0.destination) → \($0.target)" }.joined(separator: ", ")
    out += text(
      10, 48, PathDiagram.fitted("\(table?.id ?? say(.htmlNoRouteTable)): \(route)", 56))
    var lineY = 66
    let shown = interfaces.sorted {
      (rejects[$0.id] ?? 0, $1.id) > (rejects[$1.id] ?? 0, $0.id)
    }
    if shown.isEmpty {
      out += text(10, lineY, say(.htmlNoENI), fill: "#57606a")
    }
    for eni in shown.prefix(interfacesPerCard) {
      let address = eni.privateAddresses.first.map(\.description) ?? ""
      let groups = eni.securityGroupIds.joined(separator: ",")
      out += text(
        10, lineY,
        PathDiagram.fitted("\(eni.id) \(address) \(groups)", (rejects[eni.id] ?? 0) > 0 ? 46 : 54),
        size: 10, mono: true)
      if let count = rejects[eni.id], count > 0 {
        out +=
          "<text x=\"\(x + width - 8)\" y=\"\(y + lineY)\" font-size=\"10\" text-anchor=\"end\" "
          + "font-weight=\"bold\" fill=\"#cf222e\">✗ \(grouped(count))</text>\n"
      }
      lineY += line
    }
    if shown.count > interfacesPerCard {
      out += text(
        10, lineY, say(.htmlMoreENIs, ["count": "\(shown.count - interfacesPerCard)"]),
        fill: "#57606a")
    }
    return out + "</g>\n"
  }
}
