import Analysis

/// The query's steps with a topology (`flowcause sql --topology`): the topology as inline rows
/// (``TopologyTables``), the direction and tracking timeouts an ENI of it gives, each reading
/// of a REJECT checked at its ENI (`Diagnoser+Evaluation`: the network ACL's first match by
/// rule number, outside the subnet only; the security groups' union of allows, a tracked
/// reply let through; a missing route looked up), and the readings' outcomes decided between
/// (`Diagnoser+Decision`).
extension DiagnosisSQL {
  /// `'text'`, quotes doubled.
  private func string(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
  }

  private func string(_ text: String?) -> String {
    text.map { string($0) } ?? "CAST(NULL AS \(functions.text))"
  }

  private func number(_ value: Int?) -> String {
    value.map(String.init) ?? "CAST(NULL AS BIGINT)"
  }

  /// One of the topology's tables: its rows as SQL literals (with no rows, one that matches
  /// nothing, the placeholder).
  struct Rows {
    var name: String
    var columns: [String]
    var lines: [String]

    /// `SELECT * FROM (VALUES …) AS name_rows(columns)` of `lines`.
    func select(_ lines: [String]) -> String {
      """
      SELECT * FROM (VALUES
          \(lines.joined(separator: ",\n    "))
        ) AS \(name)_rows(\(columns.joined(separator: ", ")))
      """
    }
  }

  private func values(
    _ name: String, _ columns: [String], _ rows: [[String]], placeholder: [String]
  ) -> Rows {
    Rows(
      name: name, columns: columns,
      lines: (rows.isEmpty ? [placeholder] : rows).map { "(" + $0.joined(separator: ", ") + ")" })
  }

  /// The security group rules of each ENI, read through its groups.
  private var memberRules: String {
    """
    t_sg_eni AS (
      SELECT m.iface, s.* FROM t_member m JOIN t_sg s ON s.sg = m.sg
    )
    """
  }

  /// The topology as common table expressions of the query: inline, or (``views``) read from
  /// the views the script's first statements create.
  func topologySteps(_ tables: TopologyTables) -> [String] {
    var steps: [String] = []
    for rows in topologyRows(tables) {
      let body: String
      if let views {
        body = viewNames(rows, prefix: views).map { "SELECT * FROM \($0)" }
          .joined(separator: "\n  UNION ALL ")
      } else {
        body = rows.select(rows.lines)
      }
      steps.append("\(rows.name) AS (\n  \(body)\n)")
    }
    return steps + [memberRules]
  }

  /// The rows of `rows`, in runs of at most ``viewBytes`` of SQL each: one view each.
  func viewChunks(_ rows: Rows) -> [[String]] {
    var chunks: [[String]] = [[]]
    var size = 0
    for line in rows.lines {
      if size + line.utf8.count > Self.viewBytes, !(chunks.last?.isEmpty ?? true) {
        chunks.append([])
        size = 0
      }
      chunks[chunks.count - 1].append(line)
      size += line.utf8.count + 6
    }
    return chunks
  }

  func viewNames(_ rows: Rows, prefix: String) -> [String] {
    viewChunks(rows).indices.map { "\(prefix)_\(rows.name.dropFirst(2))_\($0 + 1)" }
  }

  /// The statements that create the views of the topology's rows (``views``).
  func viewStatements(_ tables: TopologyTables, prefix: String) -> [String] {
    topologyRows(tables).flatMap { rows in
      zip(viewNames(rows, prefix: prefix), viewChunks(rows)).map { name, lines in
        "CREATE OR REPLACE VIEW \(name) AS\n\(rows.select(lines))"
      }
    }
  }

  /// The topology's rows, table by table.
  func topologyRows(_ tables: TopologyTables) -> [Rows] {
    let none = string(nil as String?)
    let interfaces = values(
      "t_eni",
      [
        "iface", "subnet", "vpc", "acl", "sgless", "fwd", "sg_text", "has_in", "has_out",
        "tcp_to", "udp_to", "udps_to", "profile",
      ],
      tables.interfaces.map {
        [
          string($0.id), string($0.subnetId), string($0.vpcId), string($0.aclId),
          $0.withoutGroups ? "1" : "0", String($0.forwarding), string($0.groupsText),
          $0.hasInboundRules ? "1" : "0", $0.hasOutboundRules ? "1" : "0", number($0.tcpTimeout),
          number($0.udpTimeout), number($0.udpStreamTimeout), string($0.profile),
        ]
      },
      placeholder: [none, none, none, none, "0", "0", none, "0", "0"]
        + Array(repeating: number(nil), count: 3) + [none])
    var seen = Set<String>()
    let own = values(
      "t_own", ["iface", "k", "mapped", "rgroup"],
      tables.owned.compactMap {
        seen.insert($0.interfaceId + " " + $0.key).inserted
          ? [
            string($0.interfaceId), string($0.key), $0.hasPublicMapping ? "1" : "0",
            string($0.routeGroup),
          ] : nil
      },
      placeholder: [none, none, "0", none])
    var owned = Set<String>()
    let owners = values(
      "t_owner", ["k", "subnet", "pub", "priv", "nat"],
      tables.owned.filter { $0.isIndexOwner && owned.insert($0.key).inserted }.map {
        [
          string($0.key), string($0.ownerSubnetId), $0.isPublic ? "1" : "0",
          string($0.privateKey), $0.isNATGatewayAddress ? "1" : "0",
        ]
      },
      placeholder: [none, none, "0", none, "0"])
    let subnets = values(
      "t_subnet", ["subnet", "lo", "hi"],
      tables.subnets.map { [string($0.id), string($0.low), string($0.high)] },
      placeholder: [none, none, none])
    let vpcs = values(
      "t_vpc", ["vpc", "lo", "hi"],
      tables.vpcs.map { [string($0.id), string($0.low), string($0.high)] },
      placeholder: [none, none, none])
    let entries = values(
      "t_acl",
      ["acl", "eg", "rn", "ord", "proto", "lo", "hi", "pfrom", "pto", "itype", "icode", "allow"],
      tables.entries.map {
        [
          string($0.aclId), $0.egress ? "1" : "0", String($0.ruleNumber), String($0.order),
          String($0.match.protocolNumber), string($0.match.low), string($0.match.high),
          number($0.match.ports?.lowerBound), number($0.match.ports?.upperBound),
          number($0.match.icmpType), number($0.match.icmpCode), $0.allow ? "1" : "0",
        ]
      },
      placeholder: [none, "0", "0", "0", "0", none, none] + Array(repeating: number(nil), count: 4)
        + ["0"])
    let members = values(
      "t_member", ["iface", "sg"],
      tables.memberships.map { [string($0.interfaceId), string($0.groupId)] },
      placeholder: [none, none])
    let rules = values(
      "t_sg",
      ["sg", "eg", "proto", "lo", "hi", "pfrom", "pto", "itype", "icode", "unk", "anyf", "allp"],
      tables.rules.map {
        [
          string($0.groupId), $0.egress ? "1" : "0", String($0.match.protocolNumber),
          string($0.match.low), string($0.match.high), number($0.match.ports?.lowerBound),
          number($0.match.ports?.upperBound), number($0.match.icmpType),
          number($0.match.icmpCode),
          $0.unknown ? "1" : "0", String($0.anyFamily), $0.allPorts ? "1" : "0",
        ]
      },
      placeholder: [none, "0", "0", none, none] + Array(repeating: number(nil), count: 4) + [
        "0", "0", "0",
      ])
    let variants = values(
      "t_icmp", ["profile", "arr", "fam", "vord", "itype", "icode"],
      tables.variants.map {
        [
          string($0.profile), String($0.arriving), String($0.family), String($0.order),
          String($0.type), String($0.code),
        ]
      },
      placeholder: [none, "0", "0", "0", "0", "0"])
    let routing = values(
      "t_route", ["grp", "lo", "hi", "rd", "ex", "comp", "rcode", "acl"],
      tables.routing.map {
        [
          string($0.routeGroup), string($0.low), string($0.high), String($0.reading.rawValue),
          $0.expectsReply ? "1" : "0", string($0.component), string($0.code),
          String($0.acl.rawValue),
        ]
      },
      placeholder: [none, none, none, "0", "0", none, none, "0"])
    return [interfaces, own, owners, subnets, vpcs, entries, members, rules, variants, routing]
  }

  /// The fixed-width key of an address column (``TopologyTables/key(_:)``): IPv4 as `4` and
  /// three digits an octet, IPv6 as `6` and 32 hexadecimal digits, `::` expanded.
  static func addressKey(_ column: String) -> String {
    let colons = "(length(\(column)) - length(replace(\(column), ':', '')))"
    let fill = (2...7).map { count in
      "WHEN \(count) THEN ':" + String(repeating: "0:", count: 8 - count) + "'"
    }.joined(separator: " ")
    let expanded =
      "CASE WHEN \(column) LIKE '%::%' THEN replace(\(column), '::', CASE \(colons) \(fill) ELSE ':' END) ELSE \(column) END"
    let v6 = (1...8).map { "lpad(split_part(\(expanded), ':', \($0)), 4, '0')" }
      .joined(separator: " || ")
    let v4 = (1...4).map { "lpad(split_part(\(column), '.', \($0)), 3, '0')" }
      .joined(separator: " || ")
    return "CASE WHEN \(column) LIKE '%:%' THEN '6' || \(v6) ELSE '4' || \(v4) END"
  }

  /// The REJECTs' facts with the addresses' keys.
  var addressed: String {
    """
    addressed AS (
      SELECT evidence.*, \(Self.addressKey("src")) AS src_key, \(Self.addressKey("dst")) AS dst_key
      FROM evidence
    )
    """
  }

  /// The direction with a topology (`Diagnoser.direction(of:)`): `flow-direction`; else the
  /// ENI's own address; a forwarding ENI's by its VPC's blocks; else the address the ENI shows
  /// most. And the ENI's rows.
  var topologyFacts: String {
    """
    facts AS (
      SELECT
        e.*,
        CASE WHEN e.dir IS NOT NULL THEN e.dir
          WHEN n.iface IS NOT NULL AND od.k IS NOT NULL THEN 'ingress'
          WHEN n.iface IS NOT NULL AND os.k IS NOT NULL THEN 'egress'
          WHEN n.fwd = 1 THEN CASE WHEN vs.vpc IS NULL AND vd.vpc IS NOT NULL THEN 'egress'
            WHEN vs.vpc IS NOT NULL AND vd.vpc IS NULL THEN 'ingress' END
          WHEN n.fwd = 2 THEN NULL
          WHEN w.k = 1 AND e.dst = w.addr THEN 'ingress'
          WHEN w.k = 1 AND e.src = w.addr THEN 'egress' END AS direction,
        n.iface AS t_iface, n.subnet AS t_subnet, n.acl AS t_aclid,
        \(truth("n.sgless = 1")) AS sgless, n.sg_text, n.has_in, n.has_out, n.tcp_to, n.udp_to,
        n.udps_to,
        \(truth("od.k IS NOT NULL")) AS owns_dst, \(truth("os.k IS NOT NULL")) AS owns_src,
        \(truth("od.mapped = 1")) AS dst_mapped, \(truth("os.mapped = 1")) AS src_mapped,
        od.rgroup AS dst_rgroup, os.rgroup AS src_rgroup, n.profile,
        \(factColumns)
      FROM addressed e
      LEFT JOIN own w ON w.iface = e.iface
      LEFT JOIN t_eni n ON n.iface = e.iface
      LEFT JOIN t_own od ON od.iface = e.iface AND od.k = e.dst_key
      LEFT JOIN t_own os ON os.iface = e.iface AND os.k = e.src_key
      LEFT JOIN t_vpc vs ON vs.vpc = n.vpc AND e.src_key BETWEEN vs.lo AND vs.hi
      LEFT JOIN t_vpc vd ON vd.vpc = n.vpc AND e.dst_key BETWEEN vd.lo AND vd.hi
    )
    """
  }

  /// The tracking timeouts at an ENI of the topology: set on it, else AWS's defaults.
  func topologyBound(_ pick: ((shortest: Int64?, longest: Int64?)) -> Int64?) -> String {
    func value(_ protocolNumber: UInt8, stream: Bool) -> String {
      pick(DecisionParameters.defaultTracking(protocolNumber: protocolNumber, stream: stream))
        .map(String.init) ?? "NULL"
    }
    return """
      CASE WHEN proto = 6 THEN coalesce(tcp_to, \(value(6, stream: false)))
            WHEN proto = 17 AND acc_before = 1 THEN coalesce(udps_to, \(value(17, stream: true)))
            WHEN proto = 17 THEN coalesce(udp_to, \(value(17, stream: false)))
            WHEN proto IN (1, 58) THEN \(value(1, stream: false))
            ELSE \(value(255, stream: false)) END
      """
  }

  /// Each REJECT of an ENI of the topology once for each reading the logs leave open (0 a
  /// reply, 1 new traffic, once per ICMP type it may be, 2 a late packet after close), and once
  /// as itself (-1), with what its checks read: the peer, whether it is in the ENI's subnet,
  /// the route the trace finds missing.
  /// A traced request from the public address of an ENI of the topology to this one's private
  /// address that has no public one (the peer's, arriving): traced from the peer ENI's private
  /// address, inside the VPC, as `Diagnoser.traceConversation` does (to an address with a
  /// public one it goes through the internet gateway and arrives from the public address; a
  /// NAT gateway's public address is internet traffic).
  private var hairpin: String {
    "(o.k IN (0, 1) AND NOT o.direct AND coalesce(rt.acl, 0) <> 2 AND ow.pub = 1 AND ow.nat = 0 AND ((o.k = 1 AND o.arr = 1 AND NOT o.dst_mapped) OR (o.k = 0 AND o.arr = 0 AND NOT o.src_mapped)))"
  }

  var outcomes: String {
    let queries1 = DecisionParameters.icmpQueries(protocolNumber: 1).map(String.init)
      .joined(separator: ", ")
    let queries58 = DecisionParameters.icmpQueries(protocolNumber: 58).map(String.init)
      .joined(separator: ", ")
    return """
      readings_at AS (
        SELECT
          decided.*,
          CASE WHEN direction = 'ingress' THEN 1 WHEN direction = 'egress' THEN 0 END AS arr,
          CASE WHEN direction = 'ingress' THEN src_key WHEN direction = 'egress' THEN dst_key END AS peer_key,
          \(truth("after_close AND NOT sgless")) AS late,
          \(truth("doubted_close AND NOT sgless")) AS doubted
        FROM decided
      ),
      outcomes AS (
        SELECT
          r.*, kd.k,
          CASE kd.k WHEN 0 THEN 0 WHEN 1 THEN 1 + coalesce(v.vord, 0) WHEN 2 THEN 1000 ELSE -1 END AS ord,
          CASE WHEN kd.k = 0 AND r.proto = 1 THEN 0 WHEN kd.k = 0 AND r.proto = 58 THEN 129
            WHEN kd.k = 1 THEN v.itype END AS itype,
          CASE WHEN kd.k = 0 AND r.proto IN (1, 58) THEN 0 WHEN kd.k = 1 THEN v.icode END AS icode,
          \(truth("kd.k = 1 AND r.expired AND NOT r.equal_ends")) AS direct
        FROM readings_at r
        CROSS JOIN (SELECT -1 AS k UNION ALL SELECT 0 AS k UNION ALL SELECT 1 AS k UNION ALL SELECT 2 AS k) kd
        LEFT JOIN t_icmp v
          ON kd.k = 1 AND r.proto IN (1, 58) AND v.profile = r.profile AND v.fam = r.proto
          AND v.arr = coalesce(r.arr, 2)
        WHERE kd.k = -1 OR (r.t_iface IS NOT NULL AND r.table_row NOT IN (1, 2, 3) AND (
          (kd.k = 0 AND r.reply)
          OR (kd.k = 1 AND r.new_traffic AND NOT (r.expired AND NOT r.equal_ends AND r.arr IS NULL))
          OR (kd.k = 2 AND r.late)))
      ),
      placed AS (
        SELECT
          o.*,
          \(truth("sb.subnet IS NOT NULL OR (ow.subnet = o.t_subnet AND ow.pub = 0)")) AS in_subnet_direct,
          CASE WHEN o.k IN (0, 1) AND NOT o.direct THEN coalesce(rt.acl, 0) ELSE 2 END AS acl_crossing,
          CASE WHEN \(hairpin) THEN ow.priv ELSE o.peer_key END AS check_key,
          CASE WHEN o.k IN (0, 1) AND NOT o.direct THEN rt.comp END AS rt_comp,
          CASE WHEN o.k IN (0, 1) AND NOT o.direct THEN rt.rcode END AS rt_code,
          CASE WHEN rt.comp IS NOT NULL AND o.k IN (0, 1) AND NOT o.direct THEN 1 ELSE 0 END AS routed_out,
          CASE WHEN tk.grp IS NOT NULL THEN 1 ELSE 0 END AS auto_tracked
        FROM outcomes o
        LEFT JOIN t_subnet sb ON sb.subnet = o.t_subnet AND o.peer_key BETWEEN sb.lo AND sb.hi
        LEFT JOIN t_owner ow ON ow.k = o.peer_key
        LEFT JOIN t_route rt
          ON rt.grp = CASE WHEN o.arr = 1 THEN o.dst_rgroup ELSE o.src_rgroup END AND rt.rd = CASE
            WHEN o.k = 1 AND o.direction = 'ingress' THEN 1 WHEN o.k = 1 AND o.direction = 'egress' THEN 2
            WHEN o.k = 0 AND o.direction = 'ingress' THEN 3
            WHEN o.k = 0 AND o.direction = 'egress' THEN 4 ELSE -1 END
          AND rt.ex = CASE WHEN o.k = 0 OR o.proto NOT IN (1, 58) THEN 1
            WHEN o.proto = 1 AND o.itype IN (\(queries1)) THEN 1
            WHEN o.proto = 58 AND o.itype IN (\(queries58)) THEN 1 ELSE 0 END
          AND o.peer_key BETWEEN rt.lo AND rt.hi
        LEFT JOIN t_route tk
          ON tk.grp = CASE WHEN o.arr = 1 THEN o.dst_rgroup ELSE o.src_rgroup END AND tk.rd = 0
          AND o.peer_key BETWEEN tk.lo AND tk.hi
      )
      """
  }

  /// The columns that identify an outcome (a REJECT and its reading), for the windows that
  /// gather what matched it.
  private var outcomeKey: String {
    (Self.recordColumns.filter { $0 != "act" } + ["k", "ord"]).map { "o.\($0)" }
      .joined(separator: ", ")
  }

  private var rejectKey: String {
    Self.recordColumns.filter { $0 != "act" }.joined(separator: ", ")
  }

  /// The security groups' rules and the network ACL's entries that match each outcome's packet
  /// (`SecurityGroupEvaluator`, `NetworkACLEvaluator`), gathered: an allow, a rule that cannot
  /// be checked, the rules for all addresses that make a flow untracked, the first entry.
  var checked: String {
    let family = "CASE WHEN o.proto = 58 OR o.src LIKE '%:%' THEN 6 ELSE 4 END"
    // A rule's traffic: protocol, then ports (TCP, UDP) or ICMP type and code.
    func traffic(
      _ rule: String, port: String, type: String = "o.itype", code: String = "o.icode"
    ) -> String {
      """
      (\(rule).proto = -1 OR (\(rule).proto = o.proto
            AND (o.proto NOT IN (6, 17) OR \(rule).pfrom IS NULL OR \(port) BETWEEN \(rule).pfrom AND \(rule).pto)
            AND (o.proto NOT IN (1, 58) OR ((\(rule).itype IS NULL OR \(rule).itype = \(type))
              AND (\(rule).icode IS NULL OR \(rule).icode = \(code))))))
      """
    }
    // The request a reply answers (an ICMP echo request), as it arrived or left.
    let requestType = "CASE WHEN o.proto = 58 THEN 128 ELSE 8 END"
    let own = "s.eg = 1 - o.arr AND \(traffic("s", port: "o.dp"))"
    let request = "s.eg = o.arr AND o.proto IN (6, 17) AND \(traffic("s", port: "o.sp"))"
    let asked =
      "o.k = 0 AND s.eg = o.arr AND \(traffic("s", port: "o.sp", type: requestType, code: "0"))"
    let openBack =
      "s.anyf = \(family) AND s.allp = 1 AND (s.proto = -1 OR s.proto = o.proto) AND o.proto IN (6, 17)"
    func any(_ condition: String) -> String {
      "max(CASE WHEN \(condition) THEN 1 ELSE 0 END) OVER (PARTITION BY \(outcomeKey))"
    }
    let entry = """
      a.acl = o.t_aclid AND o.check_key BETWEEN a.lo AND a.hi
          AND ((o.k IN (0, 1) AND a.eg = 1 - o.arr AND \(traffic("a", port: "o.dp")))
            OR (o.k = 0 AND a.eg = o.arr AND \(traffic("a", port: "o.sp", type: requestType, code: "0"))))
      """
    return """
      grouped AS (
        SELECT
          o.*,
          \(any("\(own) AND s.unk = 0")) AS sg_allow,
          \(any("\(own) AND s.unk = 1")) AS sg_unknown,
          \(any("\(own) AND s.unk = 0 AND s.anyf = \(family)")) AS any_own,
          \(any("\(request) AND s.unk = 0 AND s.anyf = \(family)")) AS any_back,
          \(any("\(asked) AND s.unk = 0")) AS asked_allow,
          \(any("s.eg = o.arr AND \(openBack)")) AS open_back,
          \(any("s.eg = 1 - o.arr AND \(openBack)")) AS open_own,
          row_number() OVER (PARTITION BY \(outcomeKey) ORDER BY s.lo) AS sg_row
        FROM placed o
        LEFT JOIN t_sg_eni s
          ON o.arr IS NOT NULL AND s.iface = o.t_iface AND o.check_key BETWEEN s.lo AND s.hi
          AND ((\(own)) OR (\(request)) OR (\(asked)) OR (\(openBack)))
      ),
      entered AS (
        SELECT
          o.*,
          min(CASE WHEN a.eg = 1 - o.arr THEN (a.ord * 65536 + a.rn) * 2 + a.allow END)
            OVER (PARTITION BY \(outcomeKey)) AS acl_first,
          min(CASE WHEN a.eg = o.arr THEN (a.ord * 65536 + a.rn) * 2 + a.allow END)
            OVER (PARTITION BY \(outcomeKey)) AS acl_asked,
          row_number() OVER (PARTITION BY \(outcomeKey) ORDER BY a.ord) AS acl_row
        FROM (SELECT * FROM grouped WHERE sg_row = 1) o
        LEFT JOIN t_acl a ON \(entry)
      )
      """
  }

  /// Each outcome's verdict (`Diagnoser.evaluate`, `evaluateAsNewTraffic`): checked at the
  /// ENI in AWS's order for the crossing (arriving: the network ACL, then the security groups;
  /// leaving: the groups, then the ACL), the first that denies deciding unless a check before
  /// it cannot be made; where both allow, a missing route (traced readings only).
  var verdicts: String {
    let divide = functions.divide
    let family = "CASE WHEN proto = 58 OR src LIKE '%:%' THEN 6 ELSE 4 END"
    return """
      states AS (
        SELECT
          o.*,
          CASE WHEN CASE WHEN acl_crossing = 2 OR (k = 0 AND NOT asked_in) THEN in_subnet_direct
              ELSE acl_crossing = 1 END THEN 'skip'
            WHEN t_aclid IS NULL THEN 'unknown'
            WHEN acl_first IS NULL OR acl_first - 2 * \(divide("acl_first", "2")) = 0 THEN 'deny'
            ELSE 'allow' END AS acl_state,
          CASE WHEN acl_first IS NULL THEN CASE WHEN \(family) = 6 THEN 32768 ELSE 32767 END
            ELSE \(divide("acl_first", "2")) - 65536 * \(divide(divide("acl_first", "2"), "65536")) END AS acl_rule,
          CASE WHEN sgless THEN 'allow'
            WHEN k = 0 AND NOT (proto IN (6, 17) AND any_back = 1 AND open_own = 1) THEN 'allow'
            WHEN sg_allow = 1 THEN 'allow' WHEN sg_unknown = 1 THEN 'unknown' ELSE 'deny' END AS sg_state,
          \(truth("arr = CASE WHEN owns_dst THEN 1 WHEN owns_src THEN 0 END AND auto_tracked = 0 AND proto IN (6, 17) AND CASE WHEN role = 'request' THEN any_own = 1 AND open_back = 1 WHEN role = 'response' THEN any_back = 1 AND open_own = 1 ELSE any_own = 1 AND open_back = 1 AND any_back = 1 AND open_own = 1 END")) AS untracked
        FROM (
          SELECT
            entered.*,
            \(truth("k <> 0 OR ((in_subnet_direct OR t_aclid IS NULL OR acl_asked - 2 * \(divide("acl_asked", "2")) = 1) AND (sgless OR asked_allow = 1))")) AS asked_in
          FROM entered WHERE acl_row = 1
        ) o
      ),
      judged AS (
        SELECT
          s.*,
          CASE WHEN k = -1 THEN 'none' WHEN k = 2 THEN CASE WHEN untracked THEN 'none' ELSE 'denied' END
            WHEN arr IS NULL THEN 'allowed'
            WHEN arr = 1 AND acl_state = 'deny' THEN 'denied'
            WHEN arr = 1 AND acl_state = 'unknown' THEN 'unknown'
            WHEN arr = 1 AND sg_state = 'deny' THEN 'denied'
            WHEN arr = 1 AND sg_state = 'unknown' THEN 'unknown'
            WHEN arr = 0 AND sg_state = 'deny' THEN 'denied'
            WHEN arr = 0 AND sg_state = 'unknown' THEN 'unknown'
            WHEN arr = 0 AND acl_state = 'deny' THEN 'denied'
            WHEN arr = 0 AND acl_state = 'unknown' THEN 'unknown'
            WHEN routed_out = 1 AND asked_in THEN 'denied' ELSE 'allowed' END AS vk,
          CASE WHEN k = 2 THEN '\(Cause.afterClose.rawValue)'
            WHEN arr IS NULL THEN NULL
            WHEN (arr = 1 AND acl_state = 'deny') OR (arr = 0 AND sg_state <> 'deny' AND sg_state <> 'unknown' AND acl_state = 'deny') THEN '\(Cause.networkACL.rawValue)'
            WHEN sg_state = 'deny' AND NOT (arr = 1 AND acl_state = 'unknown') THEN '\(Cause.securityGroup.rawValue)'
            WHEN sg_state = 'unknown' OR acl_state = 'unknown' THEN '\(Cause.undetermined.rawValue)'
            WHEN routed_out = 1 AND asked_in THEN '\(Cause.routing.rawValue)' END AS vc,
          CASE WHEN arr = 1 AND acl_state = 'unknown' THEN '\(Cause.networkACL.rawValue)'
            WHEN sg_state = 'unknown' THEN '\(Cause.securityGroup.rawValue)'
            WHEN acl_state = 'unknown' THEN '\(Cause.networkACL.rawValue)' END AS p1,
          CASE WHEN arr = 1 AND acl_state = 'unknown' AND sg_state = 'deny' THEN '\(Cause.securityGroup.rawValue)'
            WHEN arr = 1 AND acl_state = 'unknown' AND sg_state = 'unknown' THEN NULL
            WHEN arr = 0 AND sg_state = 'unknown' AND acl_state = 'deny' THEN '\(Cause.networkACL.rawValue)'
            WHEN routed_out = 1 AND asked_in THEN '\(Cause.routing.rawValue)' END AS p2
        FROM states s
      ),
      verdicts AS (
        SELECT
          j.*,
          CASE WHEN vc = '\(Cause.networkACL.rawValue)' THEN t_aclid
            WHEN vc = '\(Cause.securityGroup.rawValue)' THEN sg_text
            WHEN vc = '\(Cause.routing.rawValue)' THEN rt_comp END AS vcomp,
          CASE WHEN vc = '\(Cause.networkACL.rawValue)' THEN acl_rule END AS vrule,
          CASE WHEN vc = '\(Cause.networkACL.rawValue)' THEN '\(ExplanationCode.subnetACLRestriction.rawValue)'
            WHEN vc = '\(Cause.securityGroup.rawValue)' THEN CASE
              WHEN (arr = 1 AND has_in = 1) OR (arr = 0 AND has_out = 1) THEN '\(ExplanationCode.eniSGRulesMismatch.rawValue)'
              ELSE '\(ExplanationCode.sgHasNoRules.rawValue)' END
            WHEN vc = '\(Cause.routing.rawValue)' THEN rt_code END AS vcode,
          \(truth("vk IN ('denied', 'unknown')")) AS cons
        FROM judged j
      )
      """
  }

  /// The outcomes decided between (`Diagnoser.decide`), on each REJECT's own row (-1).
  var topologyDecision: String {
    let causes: [Cause] = [.securityGroup, .networkACL, .routing, .afterClose]
    let window = "OVER (PARTITION BY \(rejectKey))"
    func first(_ condition: String) -> String {
      "min(CASE WHEN cons AND \(condition) THEN ord END) \(window)"
    }
    func has(_ condition: String) -> String {
      "max(CASE WHEN cons AND \(condition) THEN 1 ELSE 0 END) \(window)"
    }
    let text =
      "vc || '|' || coalesce(vcomp, '') || '|' || coalesce(CAST(vrule AS \(functions.text)), '')"
    // Where each cause is first named among the outcomes (a verdict that cannot be made names
    // what it may be: its possible causes, else both controls).
    func position(_ cause: Cause) -> String {
      let name = "'\(cause.rawValue)'"
      let fallback =
        cause == .securityGroup ? "0" : cause == .networkACL ? "1" : "NULL"
      return """
        min(CASE WHEN NOT cons THEN NULL
            WHEN vk = 'denied' AND vc = \(name) THEN ord * 4
            WHEN vk = 'unknown' AND p1 IS NULL THEN ord * 4 + \(fallback)
            WHEN vk = 'unknown' AND p1 = \(name) THEN ord * 4
            WHEN vk = 'unknown' AND p2 = \(name) THEN ord * 4 + 1 END) \(window) AS pos_\(cause.sqlName)
        """
    }
    // The candidates in the order first named: each cause's place is the number named before it.
    func ordered() -> String {
      let parts = causes.map { cause -> (String, String) in
        let place = causes.filter { $0 != cause }.map {
          "CASE WHEN pos_\($0.sqlName) IS NOT NULL AND pos_\($0.sqlName) < pos_\(cause.sqlName) THEN 1 ELSE 0 END"
        }.joined(separator: " + ")
        return (cause.rawValue, "CASE WHEN pos_\(cause.sqlName) IS NULL THEN -1 ELSE \(place) END")
      }
      let slots = (0..<causes.count).map { slot in
        "CASE " + parts.map { "WHEN \($0.1) = \(slot) THEN '\($0.0),'" }.joined(separator: " ")
          + " ELSE '' END"
      }
      return slots.joined(separator: " || ")
    }
    return """
      gathered AS (
        SELECT
          v.*,
          sum(CASE WHEN cons THEN 1 ELSE 0 END) \(window) AS n_cons,
          \(first("TRUE")) AS first_ord,
          \(has("k = 0")) AS has_reply,
          \(has("k = 1")) AS has_new,
          \(first("k = 1")) AS first_new_ord,
          \(first("k = 1 AND itype IN (8, 128)")) AS echo_ord,
          \(causes.map { "\(has("vc = '\($0.rawValue)'")) AS c_\($0.sqlName)" }.joined(separator: ",\n    "))\(",")
          \(has("vc = '\(Cause.undetermined.rawValue)'")) AS c_undetermined,
          min(CASE WHEN cons AND k = 1 THEN \(text) END) \(window) AS new_low,
          max(CASE WHEN cons AND k = 1 THEN \(text) END) \(window) AS new_high,
          max(CASE WHEN k = 2 AND untracked THEN 1 ELSE 0 END) \(window) AS untracked_flow,
          \(causes.map(position).joined(separator: ",\n    "))
        FROM verdicts v
      ),
      suggested AS (
        SELECT
          g.*,
          CASE WHEN expired_as_written AND first_new_ord IS NOT NULL THEN first_new_ord
            WHEN role = 'response' THEN CASE WHEN has_reply = 1 THEN 0 ELSE first_new_ord END
            WHEN role = 'request' THEN first_new_ord END AS suggested_ord
        FROM gathered g
      ),
      picked AS (
        SELECT
          s.*,
          max(CASE WHEN cons AND ord = coalesce(suggested_ord, echo_ord, first_ord) THEN vc END) \(window) AS pick_vc,
          max(CASE WHEN cons AND ord = coalesce(suggested_ord, echo_ord, first_ord) THEN vcomp END) \(window) AS pick_comp,
          max(CASE WHEN cons AND ord = coalesce(suggested_ord, echo_ord, first_ord) THEN vrule END) \(window) AS pick_rule,
          max(CASE WHEN cons AND ord = coalesce(suggested_ord, echo_ord, first_ord) THEN vcode END) \(window) AS pick_code,
          max(CASE WHEN cons AND ord = coalesce(suggested_ord, echo_ord, first_ord) THEN \(text) END) \(window) AS pick_text
        FROM suggested s
      ),
      agreed AS (
        SELECT
          p.*,
          sum(CASE WHEN cons AND \(text) = pick_text THEN 1 ELSE 0 END) \(window) AS n_agree,
          c_security_group + c_network_acl + c_routing + c_after_close + c_undetermined AS n_causes
        FROM picked p
      ),
      ruled AS (
        SELECT
          a.*,
          CASE WHEN n_cons = 0 THEN 'allowed'
            WHEN n_causes = 1 AND c_undetermined = 0 THEN 'one'
            WHEN suggested_ord IS NOT NULL AND n_causes = 2 AND c_undetermined = 0 AND c_after_close = 0
              AND (new_low IS NULL OR new_low = new_high) AND has_reply = 1 AND has_new = 1 THEN 'role'
            ELSE 'open' END AS branch_t,
          \(truth("tcp AND untracked_flow = 0 AND (flags IS NULL OR \(functions.bitAnd("flags", "2")) = 0)")) AS may_follow_close,
          \(ordered()) AS open_list
        FROM (SELECT * FROM agreed WHERE k = -1) a
      ),
      topology_decided AS (
        SELECT
          r.*,
          CASE WHEN branch_t IN ('one', 'role') THEN pick_vc ELSE '\(Cause.undetermined.rawValue)' END AS t_cause,
          CASE WHEN branch_t IN ('one', 'role') THEN pick_code END AS t_code,
          CASE WHEN branch_t IN ('one', 'role') THEN pick_comp END AS t_comp,
          CASE WHEN branch_t IN ('one', 'role') THEN pick_rule END AS t_rule,
          CASE WHEN branch_t = 'one' AND pick_vc NOT IN ('\(Cause.routing.rawValue)', '\(Cause.afterClose.rawValue)') AND n_agree = n_cons AND NOT doubted THEN 'high'
            WHEN branch_t IN ('one', 'role') THEN 'medium' ELSE 'low' END AS t_confidence,
          CASE WHEN branch_t = 'allowed' THEN
              CASE WHEN tcp AND flags IN (1, 4, 5) AND may_follow_close THEN 'after-close,security-group,network-acl,'
                WHEN may_follow_close THEN 'security-group,network-acl,after-close,'
                ELSE 'security-group,network-acl,' END
            WHEN branch_t = 'open' THEN open_list END AS t_list
        FROM ruled r
      ),
      diagnosed AS (
        SELECT
          iface, src, dst, ports, sp, dp, proto, pk, st, en, flags, direction, role, role_evidence,
          has_req, req_st, rev_last, rev_last_acc,
          CASE WHEN t_iface IS NULL OR table_row IN (1, 2, 3) THEN cause ELSE t_cause END AS cause,
          CASE WHEN t_iface IS NULL OR table_row IN (1, 2, 3) THEN code ELSE t_code END AS code,
          CASE WHEN t_iface IS NULL OR table_row IN (1, 2, 3) THEN CAST(NULL AS \(functions.text)) ELSE t_comp END AS component,
          CASE WHEN t_iface IS NULL OR table_row IN (1, 2, 3) THEN CAST(NULL AS BIGINT) ELSE t_rule END AS rule_number,
          CASE WHEN t_iface IS NULL OR table_row IN (1, 2, 3) THEN confidence ELSE t_confidence END AS confidence,
          CASE WHEN t_iface IS NULL OR table_row IN (1, 2, 3) THEN candidates
            WHEN t_list IS NULL OR t_list = '' THEN NULL
            ELSE \(adjustedList) END AS candidates
        FROM topology_decided d
      )
      """
  }

  /// The candidates as `decide` leaves them: a close the logs cannot show joins them, and an
  /// ENI without security groups drops them and after close (the network ACL left).
  private var adjustedList: String {
    let joined =
      "CASE WHEN doubted AND t_list NOT LIKE '%after-close,%' THEN t_list || 'after-close,' ELSE t_list END"
    let withoutGroups =
      "replace(replace(\(joined), 'security-group,', ''), 'after-close,', '')"
    let list =
      "CASE WHEN sgless THEN CASE WHEN \(withoutGroups) = '' THEN 'network-acl,' ELSE \(withoutGroups) END ELSE \(joined) END"
    return "substr(\(list), 1, length(\(list)) - 1)"
  }
}

extension Cause {
  /// The cause as part of a column's name.
  fileprivate var sqlName: String { String(rawValue.map { $0 == "-" ? "_" : $0 }) }
}
