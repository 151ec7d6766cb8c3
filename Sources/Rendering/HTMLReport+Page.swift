import Analysis
import Messages
import Topology

/// The topology section, the style sheet and the script.
extension HTMLReport {
  static func topologySection(
    _ topology: Topology, interfaces: RejectSummary.Table<String>, language: Language = .en
  )
    -> String
  {
    func say(_ message: Message, _ arguments: [String: String] = [:]) -> String {
      message.text(in: language, arguments)
    }
    func code(_ id: String?) -> String { Self.code(id, language: language) }
    func more(_ count: Int) -> String { Self.more(count, language: language) }
    var out = "<section id=\"topology\">\n<h2>\(say(.htmlTopology))</h2>\n"
    var counts: [String: Int] = [:]
    for row in interfaces.rows { counts[row.key] = row.rejects }
    out += topologyDrawing(topology, rejects: counts, language: language)
    // VPCs.
    let vpcs = topology.vpcs.values.sorted { $0.id < $1.id }
    out += "<table id=\"topology-vpcs\"><caption>"
    out += say(.htmlVPCsCaption, ["count": "\(vpcs.count)"]) + "</caption><thead><tr>"
    out += "<th scope=\"col\">VPC</th><th scope=\"col\">\(say(.htmlCIDRs))</th>"
    out += "<th scope=\"col\">\(say(.htmlInternetGateway))</th></tr></thead>\n<tbody>\n"
    for vpc in vpcs.prefix(topologyRows) {
      out +=
        "<tr><td><code>\(escaped(vpc.id))</code></td>"
        + "<td>\(escaped(vpc.cidrs.map(\.description).joined(separator: ", ")))</td>"
        + "<td>\(code(topology.internetGateway(attachedTo: vpc.id)?.id))</td></tr>\n"
    }
    out += "</tbody></table>\n" + more(vpcs.count)
    // Subnets with their network ACL and route table.
    let subnets = topology.subnets.values.sorted { ($0.vpcId, $0.id) < ($1.vpcId, $1.id) }
    out += "<table id=\"topology-subnets\"><caption>"
    out += say(.htmlSubnetsCaption, ["count": "\(subnets.count)"]) + "</caption>"
    out += "<thead><tr><th scope=\"col\">\(say(.htmlSubnet))</th><th scope=\"col\">VPC</th>"
    out += "<th scope=\"col\">\(say(.htmlCIDRs))</th><th scope=\"col\">\(say(.htmlZone))</th>"
    out += "<th scope=\"col\">\(say(.htmlNetworkACL))</th>"
    out += "<th scope=\"col\">\(say(.htmlRouteTable))</th>"
    out += "<th scope=\"col\">\(say(.htmlDefaultRoute))</th></tr></thead>\n<tbody>\n"
    for subnet in subnets.prefix(topologyRows) {
      let table = topology.routeTable(forSubnet: subnet.id)
      let defaults = (table?.routes ?? []).filter {
        $0.destination.description == "0.0.0.0/0" || $0.destination.description == "::/0"
      }
      out +=
        "<tr><td><code>\(escaped(subnet.id))</code></td><td><code>\(escaped(subnet.vpcId))</code></td>"
        + "<td>\(escaped(subnet.cidrs.map(\.description).joined(separator: ", ")))</td>"
        + "<td>\(escaped(subnet.availabilityZone ?? "-"))</td>"
        + "<td>\(code(topology.networkACL(forSubnet: subnet.id)?.id))</td>"
        + "<td>\(code(table?.id))\(table?.isMain == true ? say(.htmlMain) : "")</td>"
        + "<td>\(escaped(defaults.isEmpty ? say(.htmlNone) : defaults.map(\.description).joined(separator: ", ")))</td></tr>\n"
    }
    out += "</tbody></table>\n" + more(subnets.count)
    // ENIs, those with REJECTs first.
    let enis = topology.networkInterfaces.values.sorted {
      (counts[$0.id] ?? 0, $1.id) > (counts[$1.id] ?? 0, $0.id)
    }
    out += "<table id=\"topology-enis\"><caption>"
    out += say(.htmlENIsCaption, ["count": "\(enis.count)"])
    out += "</caption><thead><tr><th scope=\"col\">ENI</th>"
    out += "<th scope=\"col\">\(say(.htmlSubnet))</th><th scope=\"col\">\(say(.htmlAddresses))</th>"
    out += "<th scope=\"col\">\(say(.htmlSecurityGroups))</th>"
    out += "<th scope=\"col\">\(say(.htmlAttachedTo))</th>"
    out += "<th scope=\"col\" class=\"n\">\(say(.htmlRejects))</th></tr></thead>\n<tbody>\n"
    for eni in enis.prefix(topologyRows) {
      var addresses = eni.privateAddresses.map(\.description)
      addresses += eni.publicIPv4s.map { say(.htmlPublicAddress, ["address": "\($0.publicIP)"]) }
      out +=
        "<tr><td><code>\(escaped(eni.id))</code></td><td><code>\(escaped(eni.subnetId))</code></td>"
        + "<td>\(escaped(addresses.joined(separator: ", ")))</td>"
        + "<td>\(eni.securityGroupIds.map { "<code>\(escaped($0))</code>" }.joined(separator: ", "))</td>"
        + "<td>\(escaped(eni.instanceId ?? eni.interfaceType))</td>"
        + "<td class=\"n\">\(counts[eni.id].map(grouped) ?? "")</td></tr>\n"
    }
    out += "</tbody></table>\n" + more(enis.count)
    return out + "</section>\n"
  }

  static func code(_ id: String?, language: Language = .en) -> String {
    id.map { "<code>\(escaped($0))</code>" } ?? Message.htmlNone.text(in: language)
  }

  static func more(_ count: Int, language: Language = .en) -> String {
    count > topologyRows
      ? "<p class=\"note\">"
        + Message.htmlFirstListed.text(
          in: language, ["shown": "\(topologyRows)", "count": "\(count)"]) + "</p>\n"
      : ""
  }

  static let style = """
    :root { color-scheme: light; }
    body { font-family: "DejaVu Sans", Arial, sans-serif; color: #24292f; background: #fff;
      margin: 0; line-height: 1.45; }
    main { max-width: 1240px; margin: 0 auto; padding: 16px 24px 40px; }
    h1 { font-size: 1.6em; margin: 0.4em 0; }
    h2 { font-size: 1.25em; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 1.8em; }
    h3 { font-size: 1.05em; margin: 1.4em 0 0.4em; }
    code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
    dl.facts dt { font-weight: bold; }
    dl.facts dd { margin: 0; }
    table { border-collapse: collapse; margin: 8px 0 12px; font-size: 0.9em; }
    caption { text-align: left; font-weight: bold; padding: 4px 0; }
    th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
    th { background: #f6f8fa; }
    td.n, th.n { text-align: right; }
    table.sortable th { cursor: pointer; }
    .swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 5px;
      border: 1px solid #57606a; vertical-align: baseline; }
    .bar { display: inline-block; height: 0.8em; vertical-align: middle; }
    .wide { overflow-x: auto; }
    #pattern-table { font-size: 0.82em; }
    .grid { display: flex; flex-wrap: wrap; gap: 0 28px; align-items: flex-start; }
    td code { white-space: nowrap; }
    td code.path { white-space: normal; word-break: break-all; }
    figure { margin: 8px 0 16px; }
    figure svg { max-width: 100%; height: auto; }
    figcaption { font-size: 0.85em; color: #57606a; }
    pre.lines { background: #f6f8fa; border: 1px solid #d0d7de; padding: 8px; overflow-x: auto;
      font-size: 0.8em; white-space: pre-wrap; word-break: break-all; }
    .note { color: #57606a; font-size: 0.9em; }
    .confidence { color: #57606a; }
    article.pattern { border-top: 1px dashed #d0d7de; }
    footer { margin-top: 2.5em; color: #57606a; font-size: 0.85em; }
    @media print {
      main { max-width: none; padding: 0; }
      article.pattern, figure, table { break-inside: avoid; }
      h2, h3, caption { break-after: avoid; }
      pre.lines { white-space: pre-wrap; }
      a { color: inherit; text-decoration: none; }
    }
    """

  /// Sorts a table by the heading clicked (numbers as numbers), and says the reader's offset
  /// from UTC beside the timeline. The page reads the same without it.
  static func script(_ language: Language) -> String {
    script.replacing(
      "\"; your browser's local time is UTC\"",
      with: "\"\(Message.htmlViewerOffset.text(in: language))\"")
  }

  static let script = """
    (function () {
      var offset = document.getElementById("viewer-offset");
      if (offset) {
        var minutes = -new Date().getTimezoneOffset();
        var sign = minutes < 0 ? "-" : "+";
        var abs = Math.abs(minutes);
        var pad = function (n) { return (n < 10 ? "0" : "") + n; };
        offset.textContent = "; your browser's local time is UTC" + sign + pad(Math.floor(abs / 60)) + ":" + pad(abs % 60);
      }
      var tables = document.querySelectorAll("table.sortable");
      Array.prototype.forEach.call(tables, function (table) {
        var headings = table.querySelectorAll("thead th");
        Array.prototype.forEach.call(headings, function (th, column) {
          th.addEventListener("click", function () {
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            var down = th.getAttribute("aria-sort") !== "descending";
            var value = function (row) {
              var text = row.cells[column].textContent.trim();
              var number = parseFloat(text.replace(/,/g, ""));
              return isNaN(number) ? text : number;
            };
            rows.sort(function (a, b) {
              var x = value(a), y = value(b);
              var order = x < y ? -1 : x > y ? 1 : 0;
              return down ? -order : order;
            });
            Array.prototype.forEach.call(headings, function (h) { h.removeAttribute("aria-sort"); });
            th.setAttribute("aria-sort", down ? "descending" : "ascending");
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
      });
    })();
    """
}
