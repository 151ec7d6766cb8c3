import Analysis
import FlowLogs

/// `diagnose`'s decision table as one SQL query over a flow log table as AWS's documentation
/// creates it for Athena (the fields' names with underscores, `start` and `end` in epoch
/// seconds): one row per REJECT with the keys of `diagnose --output jsonl` that SQL can give,
/// or, with ``summary``, the REJECTs counted (docs/scale-out.md).
///
/// The query follows the diagnoser step by step (docs/diagnosis.md): the records read as the
/// reader reads them (``records``), copies counted once, each REJECT paired with the records of
/// its conversation within the correlation horizon (``pairs``), the facts the logs show about
/// it (`LogEvidence`, ``evidence``), the tracking timeouts, the readings the logs leave open
/// (`Readings`), the role (`RoleInference`) and the first row of the table that applies
/// (`Diagnoser+Logs`). Each step is a common table expression named as the step in the code.
package struct DiagnosisSQL: Sendable {
  /// The format of the table's columns (the flow log's, as `diagnose --format` takes it).
  package var format: FlowLogFormat
  /// The table, as the query names it.
  package var table: String
  package var functions: SQLDialect.Functions
  /// The topology's rows (`--topology`): the REJECTs of its ENIs are decided with it.
  package var topology: TopologyTables? = nil
  /// `--views PREFIX`: the topology's rows as views (`PREFIX_eni_1`, …) that the script's
  /// first statements create, each at most ``viewBytes``, so that no statement is longer than
  /// an engine takes (Athena: ``athenaQueryBytes``); the query reads them.
  package var views: String? = nil
  /// The most SQL of rows a view holds: with its statement's words, under Athena's quota on a
  /// query string, with room for the Glue Data Catalog's base64 copy of the view's text.
  package static let viewBytes = 100_000
  /// A comment naming the engine, for the first lines.
  package var dialectName: String
  /// `--since`/`--until`: REJECTs whose window ends at or after `since` and starts at or
  /// before `until` (as `diagnose`'s filters keep them).
  package var since: Int64?
  package var until: Int64?
  /// The counts of `--output summary` instead of a row per REJECT.
  package var summary: Bool
  /// The table's date partition, read only for the days the time range needs.
  package var partition: Partition?

  /// The date partitions of the tables AWS's documentation creates for Athena.
  package enum Partition: String, CaseIterable, Sendable {
    /// `date`, a DATE (the table of "Create a table for Amazon VPC flow logs").
    case date
    /// `day`, a string `yyyy/MM/dd` (the table with partition projection).
    case day
  }

  /// The longest query string Athena takes, in bytes (UTF-8): a quota AWS does not raise
  /// (Athena User Guide, "Service Quotas", query string length).
  package static let athenaQueryBytes = 262_144

  /// Records read beyond the time range, each side: the REJECTs' related records (the horizon)
  /// and their windows.
  package static let rangeMargin: Int64 = 3_600

  package init(
    format: FlowLogFormat, table: String, dialect: SQLDialect, since: Int64? = nil,
    until: Int64? = nil, summary: Bool = false, partition: Partition? = nil
  ) {
    self.init(
      format: format, table: table, functions: dialect.functions, dialectName: dialect.rawValue,
      since: since, until: until, summary: summary, partition: partition)
  }

  package init(
    format: FlowLogFormat, table: String, functions: SQLDialect.Functions, dialectName: String,
    since: Int64?, until: Int64?, summary: Bool, partition: Partition?
  ) {
    self.partition = partition
    self.format = format
    self.table = table
    self.functions = functions
    self.dialectName = dialectName
    self.since = since
    self.until = until
    self.summary = summary
  }

  /// The column a field of the format is read from, quoted; `nil` when the format lacks it.
  private func column(_ field: String) -> String? {
    guard format.index(of: field) != nil else { return nil }
    return functions.quoted(String(field.map { $0 == "-" ? "_" : $0 }))
  }

  /// A string field: trimmed, `-` (AWS's "no value") and empty as NULL.
  private func text(_ field: String, lower: Bool = false) -> String {
    guard let column = column(field) else { return "CAST(NULL AS \(functions.text))" }
    let value = lower ? "lower(TRIM(\(column)))" : "TRIM(\(column))"
    return "CASE WHEN TRIM(\(column)) IN ('', '-') THEN NULL ELSE \(value) END"
  }

  /// An integer field (the documented table types them; `-` reads as NULL there).
  private func integer(_ field: String) -> String {
    guard let column = column(field) else { return "CAST(NULL AS BIGINT)" }
    return "CAST(\(column) AS BIGINT)"
  }

  /// `CASE WHEN condition THEN TRUE ELSE FALSE END`: a boolean that is never NULL.
  func truth(_ condition: String) -> String {
    "CASE WHEN \(condition) THEN TRUE ELSE FALSE END"
  }

  private func bits(_ value: String, _ mask: Int) -> String {
    functions.bitAnd(value, String(mask))
  }

  /// The columns that identify a record for diagnosis: `FlowObservation.isCopy(of:)`'s fields.
  static let recordColumns = [
    "iface", "src", "dst", "sp", "dp", "ports", "proto", "pk", "st", "en", "flags", "dir",
    "reason", "act",
  ]

  package func render() -> String {
    var statements: [String] = []
    if let topology, let views {
      statements = viewStatements(topology, prefix: views)
    }
    let query = renderQuery()
    guard !statements.isEmpty else { return query }
    let count = statements.count + 1
    return (statements + [query]).enumerated().map { place, statement in
      "-- flowcause sql: statement \(place + 1) of \(count)\n"
        + (statement.hasSuffix(";\n") ? statement : statement + ";\n")
    }.joined(separator: "\n")
  }

  /// The query (``render()`` writes the views' statements before it).
  private func renderQuery() -> String {
    var parts: [String] = []
    parts.append(header)
    parts.append("WITH")
    var steps: [String] = []
    if let topology { steps += topologySteps(topology) }
    steps += [records, keyed, rejects, pairs, evidence]
    steps += topology == nil ? [facts] : [ownSteps, addressed, topologyFacts]
    steps += [timing, openings, readings, decided]
    if topology != nil { steps += [outcomes, checked, verdicts, topologyDecision] }
    parts.append(steps.joined(separator: ",\n"))
    parts.append(summary ? summarySelect : rowsSelect)
    return parts.joined(separator: "\n") + ";\n"
  }

  /// The step the output reads: each REJECT's decision.
  private var lastStep: String { topology == nil ? "decided" : "diagnosed" }

  private var header: String {
    """
    -- flowcause sql --dialect \(dialectName): the cause of every REJECT in \(table), as
    -- `flowcause diagnose` decides it from the logs (docs/scale-out.md, docs/diagnosis.md).
    -- Format: \(format.description)
    """
  }

  /// The records as the reader takes them: those with an interface (`interface-id`, else a
  /// regional NAT gateway's `resource-id`), both addresses, a protocol and an action; ports
  /// missing as 0 (`ports` = 0). A port past 65535 or a protocol past 255 makes the line one
  /// the reader reports and skips: the query leaves the record out.
  private var records: String {
    let interface = text("interface-id")
    let resource = text("resource-id")
    /// A field that takes one of `values`, else NULL.
    func oneOf(_ field: String, _ values: [String]) -> String {
      guard let column = column(field) else { return "CAST(NULL AS \(functions.text))" }
      let list = values.map { "'\($0)'" }.joined(separator: ", ")
      return "CASE WHEN TRIM(\(column)) IN (\(list)) THEN TRIM(\(column)) END"
    }
    let interfaceColumn =
      format.index(of: "resource-id") == nil
      ? interface : "CASE WHEN \(interface) IS NULL THEN \(resource) ELSE \(interface) END"
    return """
      flow AS (
        SELECT
          \(interfaceColumn) AS iface,
          \(text("srcaddr", lower: true)) AS src,
          \(text("dstaddr", lower: true)) AS dst,
          \(integer("srcport")) AS sp_read,
          \(integer("dstport")) AS dp_read,
          \(integer("protocol")) AS proto_read,
          \(integer("packets")) AS pk,
          \(integer("start")) AS st,
          \(integer("end")) AS en,
          \(integer("tcp-flags")) AS flags,
          \(oneOf("flow-direction", ["ingress", "egress"])) AS dir,
          \(text("reject-reason")) AS reason,
          \(oneOf("action", ["ACCEPT", "REJECT"])) AS act
        FROM \(table)\(partitionFilter)
      ),
      records AS (
        SELECT
          iface, src, dst,
          coalesce(sp_read, 0) AS sp, coalesce(dp_read, 0) AS dp,
          CASE WHEN sp_read IS NOT NULL AND dp_read IS NOT NULL THEN 1 ELSE 0 END AS ports,
          proto_read AS proto, pk, st, en, flags, dir, reason, act
        FROM flow
        WHERE act IS NOT NULL AND iface IS NOT NULL AND src IS NOT NULL AND dst IS NOT NULL
          AND proto_read BETWEEN 0 AND 255
          AND (sp_read IS NULL OR sp_read BETWEEN 0 AND 65535)
          AND (dp_read IS NULL OR dp_read BETWEEN 0 AND 65535)
      )
      """
  }

  /// The days of the partition to read: the time range and ``rangeMargin`` each side (none
  /// without a partition or a range).
  private var partitionFilter: String {
    guard let partition, since != nil || until != nil else { return "" }
    var conditions: [String] = []
    let column = functions.quoted(partition.rawValue)
    // A bound before year 0 or after 9999 bounds no day: it is left out.
    for (bound, comparison) in [
      (since.map { $0 - Self.rangeMargin }, ">="), (until.map { $0 + Self.rangeMargin }, "<="),
    ] {
      guard let bound, let time = SummaryRenderer.isoTime(bound) else { continue }
      let day = String(time.prefix(10))
      switch partition {
      case .date: conditions.append("\(column) \(comparison) DATE '\(day)'")
      case .day:
        let slashed = String(day.map { $0 == "-" ? "/" : $0 })
        conditions.append("\(column) \(comparison) '\(slashed)'")
      }
    }
    return conditions.isEmpty ? "" : "\n  WHERE " + conditions.joined(separator: " AND ")
  }

  /// Each distinct record once (a copy is counted once, as `diagnose` counts it), with its
  /// conversation: the protocol and its two `address/port` ends, the lower first.
  private var keyed: String {
    let source = "src || '/' || CAST(sp AS \(functions.text))"
    let destination = "dst || '/' || CAST(dp AS \(functions.text))"
    return """
      distinct_records AS (
        SELECT DISTINCT \(Self.recordColumns.joined(separator: ", ")) FROM records
      ),
      keyed AS (
        SELECT
          \(Self.recordColumns.joined(separator: ", ")),
          CASE WHEN \(source) <= \(destination) THEN \(source) ELSE \(destination) END AS ck_lo,
          CASE WHEN \(source) <= \(destination) THEN \(destination) ELSE \(source) END AS ck_hi
        FROM distinct_records
      )
      """
  }

  /// The REJECTs to decide: all, or those the time range keeps.
  private var rejects: String {
    var conditions = ["act = 'REJECT'"]
    if let since {
      conditions.append(
        "(coalesce(en, st) IS NULL OR coalesce(en, st) >= \(since))")
    }
    if let until {
      conditions.append(
        "(coalesce(st, en) IS NULL OR coalesce(st, en) <= \(until))")
    }
    return """
      rejects AS (
        SELECT * FROM keyed WHERE \(conditions.joined(separator: " AND "))
      )
      """
  }

  /// Each REJECT with every other record of its conversation whose start is within the
  /// horizon of its own (either start unknown: related), by relation: 0 the other direction on
  /// its ENI (`reverse`), 1 the same direction on its ENI (`same`), 2 another ENI (`peer`).
  private var pairs: String {
    let identical = Self.recordColumns.map { functions.sameValue("o.\($0)", "r.\($0)") }
      .joined(separator: " AND ")
    let own = Self.recordColumns.map { "r.\($0)" }.joined(separator: ", ")
    return """
      pairs AS (
        SELECT
          \(own),
          o.iface AS o_iface, o.src AS o_src, o.dst AS o_dst, o.sp AS o_sp, o.dp AS o_dp,
          o.pk AS o_pk, o.st AS o_st, o.en AS o_en, o.flags AS o_flags, o.act AS o_act,
          CASE WHEN o.iface IS NULL THEN NULL WHEN o.iface <> r.iface THEN 2
            WHEN o.src = r.src AND o.sp = r.sp THEN 1 ELSE 0 END AS rel
        FROM rejects r
        LEFT JOIN keyed o
          ON o.proto = r.proto AND o.ck_lo = r.ck_lo AND o.ck_hi = r.ck_hi
          AND (r.st IS NULL OR o.st IS NULL OR abs(o.st - r.st) <= \(DecisionParameters.horizon))
          AND NOT (\(identical))
      )
      """
  }

  /// What the logs show about each REJECT's conversation (`LogEvidence`, `RoleInference`):
  /// conditional aggregates over its pairs, 1 or 0 for the facts.
  private var evidence: String {
    let precedes = "coalesce(o_st, 0) <= coalesce(st, 0)"
    let accepted = "o_act = 'ACCEPT'"
    let rejected = "o_act = 'REJECT'"
    // An accepted record the other way that started at or before it (for ICMP, one whose last
    // packet is at most the reply lag before the REJECT's first).
    let candidate =
      "rel = 0 AND \(accepted) AND \(precedes) AND (proto NOT IN (1, 58) OR coalesce(st, 0) - \(DecisionParameters.icmpReplyLag) <= coalesce(o_en, o_st, 0))"
    let reversedTuple = "o_src = dst AND o_sp = dp AND o_dst = src AND o_dp = sp"
    let ownTuple = "o_src = src AND o_sp = sp AND o_dst = dst AND o_dp = dp"
    let closes = "(o_flags IS NULL OR \(bits("o_flags", 5)) <> 0)"
    let synOnly =
      "o_flags IS NOT NULL AND \(bits("o_flags", 2)) <> 0 AND \(bits("o_flags", 16)) = 0"
    let synAck = "o_flags IS NOT NULL AND \(bits("o_flags", 18)) = 18"
    func any(_ condition: String) -> String { "max(CASE WHEN \(condition) THEN 1 ELSE 0 END)" }
    let group = Self.recordColumns.filter { $0 != "act" }.joined(separator: ", ")
    return """
      evidence AS (
        SELECT
          \(group),
          \(any(candidate)) AS req_n,
          max(CASE WHEN \(candidate) THEN coalesce(o_st, 0) END) AS req_st,
          \(functions.maxBy("CASE WHEN \(candidate) THEN coalesce(o_pk, 9223372036854775807) END", "CASE WHEN \(candidate) THEN coalesce(o_st, 0) END")) AS req_pk,
          \(any("rel = 2 AND \(reversedTuple) AND \(rejected)")) AS peer_rev_rej,
          \(any("rel = 2 AND \(reversedTuple) AND \(accepted)")) AS peer_rev_acc,
          \(any("rel IN (0, 1) AND \(accepted) AND \(precedes)")) AS la_n,
          max(CASE WHEN rel IN (0, 1) AND \(accepted) AND \(precedes) THEN coalesce(o_en, o_st) END) AS la_v,
          \(any("rel = 1 AND \(rejected) AND \(precedes)")) AS lr_n,
          max(CASE WHEN rel = 1 AND \(rejected) AND \(precedes) THEN coalesce(o_en, o_st) END) AS lr_v,
          \(any("rel = 1 AND \(accepted) AND \(precedes)")) AS acc_before,
          \(any("rel IN (0, 1) AND \(accepted) AND \(precedes) AND \(closes)")) AS may_closed,
          \(any("rel = 1 AND \(accepted) AND coalesce(o_st, 0) <= coalesce(en, st, 0) AND coalesce(o_en, o_st, 0) >= coalesce(st, 0)")) AS same_overlap,
          \(any("rel = 2 AND \(ownTuple) AND \(rejected)")) AS peer_same_rej,
          \(any("rel = 0 AND \(synOnly) AND \(precedes)")) AS rev_syn,
          \(any("rel = 0 AND \(synAck) AND \(precedes)")) AS rev_synack,
          min(CASE WHEN rel = 1 THEN o_st END) AS same_first,
          min(CASE WHEN rel = 0 AND \(accepted) THEN o_st END) AS rev_acc_first,
          \(any("rel = 0")) AS rev_any,
          max(CASE WHEN rel = 0 AND \(precedes) THEN coalesce(o_st, 0) END) AS rev_last,
          max(CASE WHEN rel = 0 AND \(precedes) AND \(accepted) THEN coalesce(o_st, 0) END) AS rev_last_acc
        FROM pairs
        GROUP BY \(group)
      )
      """
  }

  /// The ENI-wide facts: whether its accepted records are in the logs, and the address it
  /// shows for itself (for the direction of a record without `flow-direction`: the address in
  /// most of its records without one, unless two share the top count); both from one reading
  /// of the records (each is read twice, once for each address), and each step used once, so
  /// that an engine that reads a common table expression at each use (Trino, Athena) reads
  /// the table once for them.
  private var facts: String {
    """
    \(ownSteps),
    facts AS (
      SELECT
        e.*,
        CASE WHEN e.dir IS NOT NULL THEN e.dir
          WHEN w.k = 1 AND e.dst = w.addr THEN 'ingress'
          WHEN w.k = 1 AND e.src = w.addr THEN 'egress' END AS direction,
        \(factColumns)
      FROM evidence e
      LEFT JOIN own w ON w.iface = e.iface
    )
    """
  }

  /// The ENI-wide facts (`seen`, `ranked`, `counted`, `own`): whether its accepted records
  /// are in the logs as `diagnose` has read them when it decides a REJECT (its first ACCEPT
  /// started at most ``DecisionParameters/decidedAfter`` seconds after the REJECT, or no record
  /// starts later than that: it decides at the end), and the address it shows most.
  var ownSteps: String {
    """
    seen AS (
      SELECT
        r.iface, CASE WHEN s.side = 0 THEN r.src ELSE r.dst END AS addr,
        sum(CASE WHEN r.dir IS NULL THEN 1 ELSE 0 END) AS n,
        max(CASE WHEN r.act = 'ACCEPT' THEN 1 ELSE 0 END) AS accepts,
        min(CASE WHEN r.act = 'ACCEPT' THEN coalesce(r.st, -1) END) AS first_acc,
        max(r.st) AS last_st
      FROM records r CROSS JOIN (SELECT 0 AS side UNION ALL SELECT 1 AS side) s
      GROUP BY r.iface, CASE WHEN s.side = 0 THEN r.src ELSE r.dst END
    ),
    ranked AS (SELECT seen.*, max(n) OVER (PARTITION BY iface) AS top FROM seen),
    counted AS (
      SELECT
        iface, max(accepts) AS accepts, min(first_acc) AS first_acc, max(last_st) AS last_st,
        sum(CASE WHEN n = top AND n > 0 THEN 1 ELSE 0 END) AS k,
        min(CASE WHEN n = top AND n > 0 THEN addr END) AS addr
      FROM ranked
      GROUP BY iface
    ),
    own AS (SELECT counted.*, max(last_st) OVER () AS all_last FROM counted)
    """
  }

  /// The facts read from a REJECT's evidence and its ENI's (`w`), as `e` and `w`.
  var factColumns: String {
    """
    \(truth("w.accepts = 1 AND (e.st IS NULL OR w.first_acc <= e.st + \(DecisionParameters.decidedAfter) OR w.all_last <= e.st + \(DecisionParameters.decidedAfter))")) AS logs_accepts,
        \(truth("e.req_n = 1 AND NOT (e.peer_rev_rej = 1 AND e.peer_rev_acc = 0)")) AS has_req,
        \(truth("e.proto IN (1, 58) OR e.sp = e.dp")) AS equal_ends,
        \(truth("e.proto = 6")) AS tcp,
        \(Self.serverLikeness("e.sp")) AS sp_rank,
        \(Self.serverLikeness("e.dp")) AS dp_rank,
        CASE WHEN e.st IS NULL OR e.la_n = 0 THEN NULL
          WHEN e.st - coalesce(e.la_v, e.st) > 0 THEN e.st - coalesce(e.la_v, e.st) ELSE 0 END AS sil,
        CASE WHEN e.st IS NULL OR e.lr_n = 0 THEN NULL
          WHEN e.st - coalesce(e.lr_v, e.st) > 0 THEN e.st - coalesce(e.lr_v, e.st) ELSE 0 END AS rsil,
        CASE WHEN e.st IS NULL THEN e.same_first
          WHEN e.same_first IS NOT NULL AND e.same_first < e.st THEN e.same_first ELSE e.st END AS own_first
    """
  }

  /// How much `port` looks like a server's (`RoleInference.serverLikeness`): 0 a known
  /// service port, 1 another below 1024, 2 one below 32768, 3 an ephemeral one.
  static func serverLikeness(_ port: String) -> String {
    let services = DecisionParameters.servicePorts.map(String.init).joined(separator: ", ")
    return
      "CASE WHEN \(port) IN (\(services)) THEN 0 WHEN \(port) < 1024 THEN 1 WHEN \(port) < 32768 THEN 2 ELSE 3 END"
  }

  /// The silences and the tracking timeouts (`LogEvidence.trackedSilence`, `TrackingWindow`
  /// without a topology), and whether the REJECT's packets cannot all be replies (`mixed`).
  private var timing: String {
    func bound(_ pick: ((shortest: Int64?, longest: Int64?)) -> Int64?) -> String {
      func value(_ protocolNumber: UInt8, stream: Bool) -> String {
        pick(DecisionParameters.logsOnlyTracking(protocolNumber: protocolNumber, stream: stream))
          .map(String.init) ?? "NULL"
      }
      return """
        CASE WHEN proto = 6 THEN \(value(6, stream: false))
              WHEN proto = 17 AND acc_before = 1 THEN \(value(17, stream: true))
              WHEN proto = 17 THEN \(value(17, stream: false))
              WHEN proto IN (1, 58) THEN \(value(1, stream: false))
              ELSE \(value(255, stream: false)) END
        """
    }
    let outnumbers = "equal_ends AND has_req AND coalesce(pk, 0) > req_pk"
    return """
      timing AS (
        SELECT
          facts.*,
          CASE WHEN sil IS NULL THEN NULL
            WHEN (direction IS NULL OR direction <> 'ingress') AND rsil IS NOT NULL AND rsil < sil
            THEN rsil ELSE sil END AS tsil,
          \(topology == nil ? bound { $0.shortest } : "CASE WHEN t_iface IS NULL THEN \(bound { $0.shortest }) ELSE \(topologyBound { $0.shortest }) END") AS shortest,
          \(topology == nil ? bound { $0.longest } : "CASE WHEN t_iface IS NULL THEN \(bound { $0.longest }) ELSE \(topologyBound { $0.longest }) END") AS longest,
          \(truth("(\(outnumbers)) OR same_overlap = 1 OR peer_same_rej = 1")) AS mixed
        FROM facts
      )
      """
  }

  /// Whether the request may still be tracked, may have expired, or is past the shortest
  /// timeout as written; and which branch of `Readings` the flags take.
  private var openings: String {
    let lag = DecisionParameters.recordLag
    return """
      openings AS (
        SELECT
          timing.*,
          \(truth("has_req AND (longest IS NULL OR coalesce(tsil, 0) <= longest + \(lag))")) AS may_track,
          \(truth("(has_req OR acc_before = 1) AND shortest IS NOT NULL AND coalesce(sil, 0) > shortest - \(lag)")) AS may_expire,
          \(truth("(has_req OR acc_before = 1) AND shortest IS NOT NULL AND coalesce(tsil, 0) > shortest")) AS expired_as_written,
          \(truth("NOT has_req AND NOT logs_accepts")) AS unseen,
          \(truth("tcp AND NOT logs_accepts AND (flags IS NULL OR \(bits("flags", 2)) = 0)")) AS unseen_connection,
          CASE WHEN NOT tcp OR flags IS NULL THEN 'none'
            WHEN \(bits("flags", 2)) <> 0 AND \(bits("flags", 16)) = 0 THEN 'syn'
            WHEN \(bits("flags", 18)) = 18 THEN 'syn-ack'
            WHEN acc_before = 1 THEN 'accepted-before'
            ELSE 'established' END AS branch
        FROM timing
      )
      """
  }

  /// The readings the logs leave open (`Readings`), in two steps: the first branch's values,
  /// then those that read them.
  private var readings: String {
    """
    first_readings AS (
      SELECT
        openings.*,
        CASE branch WHEN 'syn' THEN FALSE WHEN 'accepted-before' THEN may_track
          ELSE (may_track OR unseen) END AS reply,
        CASE branch WHEN 'syn' THEN FALSE WHEN 'accepted-before' THEN FALSE
          ELSE unseen END AS unseen_request,
        CASE WHEN branch = 'none'
          THEN (may_track AND NOT may_expire AND acc_before = 0 AND (NOT equal_ends OR NOT mixed))
          ELSE FALSE END AS proven,
        CASE branch WHEN 'syn' THEN FALSE ELSE (has_req AND may_expire) END AS expired,
        CASE branch WHEN 'accepted-before' THEN \(truth("may_closed = 1"))
          WHEN 'established' THEN (has_req AND may_closed = 1)
          WHEN 'none' THEN (tcp AND (acc_before = 1 OR (may_expire AND la_n = 1)))
          ELSE FALSE END AS close_read
      FROM openings
    ),
    readings AS (
      SELECT
        first_readings.*,
        CASE branch WHEN 'syn' THEN TRUE WHEN 'none' THEN (NOT proven OR equal_ends)
          ELSE (NOT has_req OR may_expire) END AS new_traffic,
        CASE branch
          WHEN 'syn-ack' THEN (has_req AND may_track AND may_expire AND NOT expired_as_written)
          WHEN 'established'
          THEN (has_req AND may_track AND may_expire AND NOT expired_as_written AND NOT close_read)
          WHEN 'none'
          THEN (NOT proven AND may_track AND NOT expired_as_written AND acc_before = 0
            AND (NOT equal_ends OR NOT mixed) AND NOT close_read)
          ELSE FALSE END AS reply_by_timing,
        CASE WHEN branch IN ('accepted-before', 'established') AND unseen_connection THEN TRUE
          ELSE close_read END AS after_close,
        CASE WHEN branch IN ('accepted-before', 'established') AND unseen_connection
          THEN NOT close_read ELSE FALSE END AS close_unseen,
        \(truth("branch = 'none' AND unseen_connection AND NOT close_read")) AS doubted_close
      FROM first_readings
    )
    """
  }

  /// The first row of the table that applies (`Diagnoser.diagnose`, `Diagnoser+Logs`) and the
  /// first rule of `RoleInference.infer` that applies, each found once (`chosen`: its number),
  /// then named (`decided`).
  private var decided: String {
    let teardown = "tcp AND flags IN (1, 4, 5)"
    let provenReply =
      "reply AND NOT unseen_request AND (proven OR NOT new_traffic) AND NOT after_close AND has_req"
    // (condition, cause, code, confidence, candidates): in the table's order; the rows that
    // name no cause give `undetermined` and the candidates of the last row.
    let rows: [(String, String, String, String, String)] = [
      (
        "reason = 'BPA'", Cause.blockPublicAccess.rawValue,
        ExplanationCode.vpcBlockPublicAccessEnabled.rawValue, "'high'", "NULL"
      ),
      ("iface LIKE 'nat-%'", Cause.undetermined.rawValue, "", "'low'", "NULL"),
      (
        "ports = 0 AND proto IN (6, 17)", Cause.undetermined.rawValue, "", "'low'",
        "'security-group,network-acl'"
      ),
      (
        provenReply, Cause.networkACL.rawValue, ExplanationCode.subnetACLRestriction.rawValue,
        "CASE WHEN equal_ends THEN 'medium' ELSE 'high' END", "NULL"
      ),
      (
        "reply_by_timing AND has_req", Cause.networkACL.rawValue,
        ExplanationCode.subnetACLRestriction.rawValue, "'medium'", "NULL"
      ),
      (
        "after_close AND NOT close_unseen AND \(teardown) AND (NOT new_traffic OR NOT expired_as_written)",
        Cause.afterClose.rawValue, "", "'medium'", "NULL"
      ),
    ]
    let otherwise = (
      Cause.undetermined.rawValue, "", "'low'",
      "CASE WHEN after_close OR doubted_close THEN 'security-group,network-acl,after-close' ELSE 'security-group,network-acl' END"
    )
    // (condition, role, role evidence), in `RoleInference.infer`'s order.
    let roles: [(String, String, String)] = [
      (
        "flags IS NOT NULL AND \(bits("flags", 2)) <> 0 AND \(bits("flags", 16)) = 0",
        "'request'", "tcp-flags"
      ),
      ("flags IS NOT NULL AND \(bits("flags", 18)) = 18", "'response'", "tcp-flags"),
      ("rev_syn = 1", "'response'", "tcp-flags"),
      ("rev_synack = 1", "'request'", "tcp-flags"),
      (
        "has_req AND acc_before = 0 AND NOT (equal_ends AND mixed)", "'response'",
        "accepted-reverse-leg"
      ),
      (
        "own_first IS NOT NULL AND rev_acc_first IS NOT NULL AND own_first <> rev_acc_first",
        "CASE WHEN own_first < rev_acc_first THEN 'request' ELSE 'response' END", "first-leg"
      ),
      (
        "proto IN (6, 17) AND sp_rank <> dp_rank",
        "CASE WHEN dp_rank < sp_rank THEN 'request' ELSE 'response' END", "ports"
      ),
      ("rev_any = 0", "'request'", "unanswered"),
    ]
    func literal(_ text: String) -> String { text.isEmpty ? "NULL" : "'\(text)'" }
    /// `CASE number WHEN 1 THEN … END`: the value of the row `number` names.
    func named(_ number: String, _ values: [String], otherwise: String) -> String {
      "CASE \(number) "
        + values.enumerated().map { "WHEN \($0.offset + 1) THEN \($0.element)" }
        .joined(separator: " ") + " ELSE \(otherwise) END"
    }
    let first = rows.enumerated().map { "WHEN \($0.element.0) THEN \($0.offset + 1)" }
    let firstRole = roles.enumerated().map { "WHEN \($0.element.0) THEN \($0.offset + 1)" }
    return """
      chosen AS (
        SELECT
          readings.*,
          CASE \(first.joined(separator: "\n        ")) ELSE 0 END AS table_row,
          CASE \(firstRole.joined(separator: "\n        ")) ELSE 0 END AS role_rule
        FROM readings
      ),
      decided AS (
        SELECT
          chosen.*,
          \(named("table_row", rows.map { "'\($0.1)'" }, otherwise: "'\(otherwise.0)'")) AS cause,
          \(named("table_row", rows.map { literal($0.2) }, otherwise: literal(otherwise.1))) AS code,
          \(named("table_row", rows.map(\.3), otherwise: otherwise.2)) AS confidence,
          \(named("table_row", rows.map(\.4), otherwise: otherwise.3)) AS candidates,
          \(named("role_rule", roles.map(\.1), otherwise: "NULL")) AS role,
          \(named("role_rule", roles.map { "'\($0.2)'" }, otherwise: "NULL")) AS role_evidence,
          CAST(NULL AS \(functions.text)) AS component, CAST(NULL AS BIGINT) AS rule_number
        FROM chosen
      )
      """
  }

  /// One row per REJECT: the keys of `diagnose --output jsonl` SQL gives, and the paired
  /// record (the request it answers, else the last record the other way before it).
  private var rowsSelect: String {
    let q = functions.quoted
    return """
      SELECT
        iface AS interface_id, src AS srcaddr, dst AS dstaddr,
        CASE WHEN ports = 1 THEN sp END AS srcport, CASE WHEN ports = 1 THEN dp END AS dstport,
        proto AS protocol, pk AS packets, st AS \(q("start")), en AS \(q("end")),
        flags AS tcp_flags, cause, code, component, rule_number AS \(q("rule")), direction, role,
        role_evidence, confidence, candidates,
        CASE WHEN has_req THEN req_st ELSE rev_last END AS paired_start,
        CASE WHEN has_req THEN 'ACCEPT' WHEN rev_last IS NULL THEN NULL
          WHEN rev_last_acc = rev_last THEN 'ACCEPT' ELSE 'REJECT' END AS paired_action
      FROM \(lastStep)
      """
  }

  /// The summary's counts (`diagnose --output summary`), one row per group: in total; by cause;
  /// by cause, component and rule; by ENI; by protocol and the server's port; by hour and
  /// cause. Each REJECT is tagged once for each group and the tags counted, in one use of
  /// `decided` (a `UNION ALL` of six groupings would read the table six times over in an engine
  /// that runs a common table expression at each use).
  private var summarySelect: String {
    let q = functions.quoted
    let port = "CASE WHEN d.ports = 0 THEN NULL WHEN d.role = 'response' THEN d.sp ELSE d.dp END"
    let hour = "\(functions.divide("d.st", "3600")) * 3600"
    // (group, the columns it keys: cause, rule, interface, service, hour)
    let groups: [(String, Set<String>)] = [
      ("total", []), ("cause", ["cause"]), ("rule", ["cause", "rule"]),
      ("interface", ["interface"]), ("service", ["service"]), ("hour", ["cause", "hour"]),
    ]
    func keyed(_ key: String, _ value: String, _ type: String) -> String {
      let names = groups.filter { $0.1.contains(key) }.map { "'\($0.0)'" }
      return "CASE WHEN g.summary_group IN (\(names.joined(separator: ", "))) THEN \(value) "
        + "ELSE CAST(NULL AS \(type)) END"
    }
    let tags = groups.map { "SELECT '\($0.0)' AS summary_group" }.joined(separator: " UNION ALL ")
    return """
      SELECT
        summary_group, cause, component, \(q("rule")), interface_id, protocol, port, hour_start,
        count(*) AS rejects
      FROM (
        SELECT
          g.summary_group,
          \(keyed("cause", "d.cause", functions.text)) AS cause,
          \(keyed("rule", "d.component", functions.text)) AS component,
          \(keyed("rule", "d.rule_number", "BIGINT")) AS \(q("rule")),
          \(keyed("interface", "d.iface", functions.text)) AS interface_id,
          \(keyed("service", "d.proto", "BIGINT")) AS protocol,
          \(keyed("service", port, "BIGINT")) AS port,
          \(keyed("hour", hour, "BIGINT")) AS hour_start
        FROM \(lastStep) d CROSS JOIN (\(tags)) g
      ) tagged
      GROUP BY summary_group, cause, component, \(q("rule")), interface_id, protocol, port, hour_start
      """
  }
}
