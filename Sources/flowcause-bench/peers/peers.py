"""flowcause against DuckDB and polars on the same flow log, in the same run.

run-peers.sh (beside this file) makes the virtual environment, builds flowcause, generates the
data and then calls `peers.py run`. The file has three modes:

  peers.py measure RESULT STDOUT STDERR -- COMMAND ...
      Runs COMMAND as a child (stdout and stderr to the given files) and writes to RESULT, as
      JSON, its wall time, CPU time, exit status and peak RSS. The peak RSS is
      resource.getrusage(RUSAGE_CHILDREN).ru_maxrss after the child is reaped. Linux gives a
      child the peak of the process it was forked from, so this mode imports almost nothing
      and is started with `python -S` for every run: its own few MB are the floor under every
      peak it reports (the `true` row of the table measures that floor).

  peers.py job NAME FILE [OUT]
      One peer job, in its own process: polars-count, duckdb-count, polars-pairs, duckdb-pairs.
      Counts are printed to stdout as JSON; pairs are written to OUT as CSV.

  peers.py run --file F --gz F.gz --expected F.expected.json --topology T --double F2
               --flowcause BIN --bench BIN --work DIR --runs R
      The driver: warms the page cache, runs every job R times (round-robin, so that a slow
      spell on this shared machine hits every job alike), checks every result and prints the
      table and the ratios of issue 6. F2 is a flow log of twice F's records at the same rate
      (twice the time), for the memory goal. Exit 0 when every check passed, 1 when one failed,
      2 on a usage error. The speed goals are reported, never asserted.

  peers.py scale --flowcause BIN --work DIR --runs R FILE:TOPOLOGY:EXPECTED ...
      flowcause diagnose (with the topology, JSON Lines to a file) on each file, R runs each:
      records/s and peak RSS per size, to show whether cost grows linearly.

  peers.py s3day --file F --topology T --expected F.expected.json --flowcause BIN --work DIR
                 --runs R
      A day from S3 (issue 21): F, split by its records' start hour into 24 hourly objects
      (as many hours as F covers, at most 24), each a `.log.gz` with the v2 header line, named
      and foldered in AWS's key layout for flow logs in S3; then `zcat` of every object to
      /dev/null against `flowcause diagnose` of the folder (summary with the topology, logs
      only, text), R runs each, round-robin: seconds, CPU, peak RSS and the ratio to zcat.
"""

import os
import sys
import time


# --- measure: keep this mode free of imports beyond os, sys, time and resource. ---


def measure(arguments):
    import resource

    if len(arguments) < 5 or arguments[3] != "--":
        sys.stderr.write("usage: peers.py measure RESULT STDOUT STDERR -- COMMAND ...\n")
        return 2
    result_path, stdout_path, stderr_path, command = (
        arguments[0], arguments[1], arguments[2], arguments[4:])
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            out = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(out, 1)
            os.dup2(err, 2)
            os.execvp(command[0], command)
        except BaseException as error:  # noqa: BLE001 - report anything, then leave the child
            os.write(2, ("peers.py: cannot run %s: %s\n" % (command[0], error)).encode())
        os._exit(127)
    _, status, _ = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = os.waitstatus_to_exitcode(status)
    with open(result_path, "w") as result:
        result.write(
            '{"seconds": %r, "cpu": %r, "maxrss_kib": %d, "status": %d}\n'
            % (seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code))
    return 0


# --- the peer jobs ---

# The default (version 2) format, as the generator writes it: 14 fields, one space apart, no
# header; NODATA and SKIPDATA rows have `-` in the flow fields, read as null.
COLUMNS = [
    ("version", "int"), ("account_id", "str"), ("interface_id", "str"),
    ("srcaddr", "str"), ("dstaddr", "str"), ("srcport", "int"), ("dstport", "int"),
    ("protocol", "int"), ("packets", "big"), ("bytes", "big"), ("start", "big"),
    ("end", "big"), ("action", "str"), ("log_status", "str"),
]
# A REJECT's partner: the same interface, the reversed 5-tuple (left key i pairs right key i).
LEFT_KEYS = ["interface_id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol"]
RIGHT_KEYS = ["interface_id", "dstaddr", "srcaddr", "dstport", "srcport", "protocol"]
# What the output gives of each partner, after the REJECT's own 14 fields.
PEER_COLUMNS = ["action", "start", "end", "packets"]


# The logs-only classification the peers compute (issue 21): a REJECT is the rejected reply of
# an accepted request when its ENI has an ACCEPT record of the reversed 5-tuple whose window
# starts within 60 s of its own (the request and its reply in one aggregation window); every
# other REJECT is "other". flowcause's logs-only diagnose names the first network-acl (the
# counts are checked equal), and the second undetermined or after-close.
FIELD_COLUMNS = ["line", "interface_id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol",
                 "class"]
# What job r asks flowcause for: the columns of the peers' classified pairs, and the cause.
FLOWCAUSE_FIELDS = ("file,line,interface-id,srcaddr,dstaddr,srcport,dstport,protocol,cause,"
                    "component,rule,role,confidence")
# The summary's tables: the ten groups with the most REJECTs, by column.
SUMMARY_TABLES = [("top-interfaces", "interface_id"), ("top-services", "service"),
                  ("top-clients", "client")]


def polars_classified(pl, frame):
    """Every REJECT (line numbered from 1, as the file's lines) with its class, the server port
    (`service`: the source port of a reply, else the destination port), the client address and
    the hour of its start."""
    numbered = frame.with_row_index("line", offset=1)
    rejects = numbered.filter(pl.col("action") == "REJECT")
    accepts = numbered.filter(pl.col("action") == "ACCEPT").select(
        RIGHT_KEYS + [pl.col("start").alias("peer_start")])
    matched = (rejects.join(accepts, left_on=LEFT_KEYS, right_on=RIGHT_KEYS, how="inner")
               .filter((pl.col("peer_start") - pl.col("start")).abs() <= 60)
               .select("line").unique().with_columns(pl.lit(True).alias("reply")))
    classified = rejects.join(matched, on="line", how="left").with_columns(
        pl.when(pl.col("reply")).then(pl.lit("reply-after-accept")).otherwise(pl.lit("other"))
        .alias("class"))
    return classified.with_columns(
        pl.when(pl.col("class") == "reply-after-accept").then(pl.col("srcport"))
        .otherwise(pl.col("dstport")).alias("service"),
        pl.when(pl.col("class") == "reply-after-accept").then(pl.col("dstaddr"))
        .otherwise(pl.col("srcaddr")).alias("client"),
        (pl.col("start") // 3600).alias("hour")).sort("line")


def duckdb_classified(source):
    """The same as polars_classified, as a query."""
    condition = " AND ".join(
        "a.%s = r.%s" % (right, left) for left, right in zip(LEFT_KEYS, RIGHT_KEYS))
    return (
        "WITH f AS (SELECT row_number() OVER () AS line, * FROM %s), "
        "r AS (SELECT * FROM f WHERE action = 'REJECT'), "
        "m AS (SELECT DISTINCT r.line FROM r JOIN (SELECT * FROM f WHERE action = 'ACCEPT') a "
        "ON %s AND abs(a.start - r.start) <= 60) "
        "SELECT r.*, CASE WHEN m.line IS NULL THEN 'other' ELSE 'reply-after-accept' END "
        "AS class, CASE WHEN m.line IS NULL THEN r.dstport ELSE r.srcport END AS service, "
        "CASE WHEN m.line IS NULL THEN r.srcaddr ELSE r.dstaddr END AS client, "
        "r.start // 3600 AS hour FROM r LEFT JOIN m ON m.line = r.line" % (source, condition))


def polars_frame(path):
    import polars as pl

    kinds = {"int": pl.Int32, "big": pl.Int64, "str": pl.String}
    schema = {name: kinds[kind] for name, kind in COLUMNS}
    return pl, pl.scan_csv(
        path, separator=" ", has_header=False, schema=schema, null_values="-")


def duckdb_source(path):
    import duckdb

    kinds = {"int": "INTEGER", "big": "BIGINT", "str": "VARCHAR"}
    columns = ", ".join("'%s': '%s'" % (name, kinds[kind]) for name, kind in COLUMNS)
    escaped = path.replace("'", "''")
    source = (
        "read_csv('%s', delim=' ', header=false, nullstr='-', auto_detect=false, "
        "columns={%s})" % (escaped, columns))
    connection = duckdb.connect(config={"threads": 2})
    return connection, source


def job(arguments):
    import json

    if len(arguments) < 2:
        sys.stderr.write("usage: peers.py job NAME FILE [OUT]\n")
        return 2
    name, path = arguments[0], arguments[1]
    out = arguments[2] if len(arguments) > 2 else None
    if name == "polars-count":
        pl, frame = polars_frame(path)
        counts = frame.group_by("action").len().collect()
        result = {str(action): int(n) for action, n in counts.iter_rows()}
    elif name == "duckdb-count":
        connection, source = duckdb_source(path)
        rows = connection.execute(
            "SELECT action, count(*) FROM %s GROUP BY action" % source).fetchall()
        result = {str(action): int(n) for action, n in rows}
    elif name == "polars-pairs" and out:
        pl, frame = polars_frame(path)
        rejects = frame.filter(pl.col("action") == "REJECT")
        peers = frame.filter(pl.col("action").is_not_null()).select(
            LEFT_KEYS + [pl.col(c).alias("peer_" + c) for c in PEER_COLUMNS])
        pairs = rejects.join(peers, left_on=LEFT_KEYS, right_on=RIGHT_KEYS, how="left")
        # Streamed to the file (faster and smaller than collect() then write_csv here).
        pairs.sink_csv(out)
        result = {"written": out}
    elif name == "duckdb-pairs" and out:
        connection, source = duckdb_source(path)
        condition = " AND ".join(
            "p.%s = r.%s" % (right, left) for left, right in zip(LEFT_KEYS, RIGHT_KEYS))
        peer_columns = ", ".join('p."%s" AS "peer_%s"' % (c, c) for c in PEER_COLUMNS)
        # A plain CTE read once and used twice: DuckDB chose the fastest plan this way (a second
        # read_csv for the partners, or a temporary table, were 10-30% slower on 1M records).
        query = (
            "WITH f AS (SELECT * FROM %s) "
            "SELECT r.*, %s FROM f r LEFT JOIN (SELECT * FROM f WHERE action IS NOT NULL) p "
            "ON %s WHERE r.action = 'REJECT'" % (source, peer_columns, condition))
        escaped = out.replace("'", "''")
        rows = connection.execute("COPY (%s) TO '%s' (HEADER)" % (query, escaped)).fetchall()
        result = {"written": out, "rows": int(rows[0][0])}
    elif name == "polars-classify" and out:
        pl, frame = polars_frame(path)
        classified = polars_classified(pl, frame)
        classified.select(FIELD_COLUMNS).sink_csv(out)
        result = {"written": out}
    elif name == "duckdb-classify" and out:
        connection, source = duckdb_source(path)
        escaped = out.replace("'", "''")
        rows = connection.execute("COPY (SELECT %s FROM (%s) ORDER BY line) TO '%s' (HEADER)" % (
            ", ".join(FIELD_COLUMNS), duckdb_classified(source), escaped)).fetchall()
        result = {"written": out, "rows": int(rows[0][0])}
    elif name == "polars-summary" and out:
        pl, frame = polars_frame(path)
        classified = polars_classified(pl, frame).collect()
        summary = {"rejects": classified.height}
        summary["by-class"] = {str(k): int(n) for k, n in
                               classified.group_by("class").len().iter_rows()}
        for table, column in SUMMARY_TABLES:
            rows = (classified.group_by(column).len().sort(["len", column], descending=[True, False])
                    .head(10).iter_rows())
            summary[table] = [[str(k), int(n)] for k, n in rows]
        timeline = classified.group_by(["hour", "class"]).len().sort(["hour", "class"])
        summary["timeline"] = [[int(h), str(c), int(n)] for h, c, n in timeline.iter_rows()]
        with open(out, "w") as f:
            json.dump(summary, f, sort_keys=True)
        result = {"written": out}
    elif name == "duckdb-summary" and out:
        connection, source = duckdb_source(path)
        connection.execute("CREATE TEMP TABLE c AS %s" % duckdb_classified(source))
        summary = {"rejects": int(connection.execute("SELECT count(*) FROM c").fetchone()[0])}
        summary["by-class"] = {str(k): int(n) for k, n in connection.execute(
            "SELECT class, count(*) FROM c GROUP BY class").fetchall()}
        for table, column in SUMMARY_TABLES:
            rows = connection.execute(
                "SELECT %s, count(*) AS n FROM c GROUP BY %s ORDER BY n DESC, %s LIMIT 10"
                % (column, column, column)).fetchall()
            summary[table] = [[str(k), int(n)] for k, n in rows]
        summary["timeline"] = [[int(h), str(c), int(n)] for h, c, n in connection.execute(
            "SELECT hour, class, count(*) FROM c GROUP BY hour, class ORDER BY hour, class"
        ).fetchall()]
        with open(out, "w") as f:
            json.dump(summary, f, sort_keys=True)
        result = {"written": out}
    else:
        sys.stderr.write("peers.py: unknown job '%s' (or OUT missing)\n" % name)
        return 2
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


# --- the driver ---


class Job:
    def __init__(self, key, label, argv, env=None, stdout=None, records=True, writes=()):
        self.key = key
        self.label = label
        self.argv = argv
        self.env = env or {}
        self.stdout = stdout  # None: a file in the work folder, read by the checks
        self.records = records  # whether records/s means anything for this job
        self.writes = writes  # files the job writes itself, besides its stdout
        self.runs = []  # one dict per run: seconds, cpu, maxrss_kib, status


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def count_lines(path):
    lines = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return lines
            lines += chunk.count(b"\n")


def pair_counts(path):
    """Rows of a pairs CSV (less its header), and how many of them found a partner."""
    rows = paired = 0
    with open(path, "rb") as f:
        f.readline()
        for line in f:
            rows += 1
            # The partner's action is the 15th column; empty when the REJECT has no partner.
            if line.split(b",", 15)[14]:
                paired += 1
    return rows, paired


def cause_counts(path):
    import re

    pattern = re.compile(rb'"cause":"([a-z-]+)"')
    counts = {}
    with open(path, "rb") as f:
        for line in f:
            match = pattern.search(line)
            key = match.group(1).decode() if match else "(none)"
            counts[key] = counts.get(key, 0) + 1
    return counts


def megabytes(kib):
    return kib * 1024 / 1e6


def run(arguments):
    import argparse
    import json
    import platform
    import re
    import subprocess

    parser = argparse.ArgumentParser(prog="peers.py run")
    parser.add_argument("--file", required=True)
    parser.add_argument("--gz", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--topology", required=True)
    parser.add_argument("--double", required=True)
    parser.add_argument("--flowcause", required=True)
    parser.add_argument("--bench", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args(arguments)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    with open(options.expected) as f:
        expected = json.load(f)
    os.makedirs(options.work, exist_ok=True)
    work = options.work
    me = os.path.abspath(__file__)
    python = sys.executable
    data, gz, flowcause = options.file, options.gz, options.flowcause
    topology, double, bench = options.topology, options.double, options.bench
    out = lambda name: os.path.join(work, name)  # noqa: E731
    two_threads = {"POLARS_MAX_THREADS": "2"}

    jobs = [
        Job("floor", "true (spawn floor)", ["true"], records=False),
        Job("wc", "a) wc -l", ["wc", "-l", data]),
        Job("pl-count", "b) polars count by action", [python, me, "job", "polars-count", data],
            env=two_threads),
        Job("duck-count", "c) DuckDB count by action", [python, me, "job", "duckdb-count", data]),
        Job("pl-pairs", "d) polars REJECT pairing > csv",
            [python, me, "job", "polars-pairs", data, out("polars-pairs.csv")], env=two_threads,
            writes=[out("polars-pairs.csv")]),
        Job("duck-pairs", "e) DuckDB REJECT pairing > csv",
            [python, me, "job", "duckdb-pairs", data, out("duckdb-pairs.csv")],
            writes=[out("duckdb-pairs.csv")]),
        Job("zcat", "f) zcat FILE.gz > /dev/null", ["zcat", gz], stdout=os.devnull),
        Job("fc-count", "g) flowcause reader count, 2 threads",
            [bench, "count", "--threads", "2", data]),
        Job("fc-parse", "flowcause parse > /dev/null", [flowcause, "parse", data],
            stdout=os.devnull),
        Job("fc-diag", "h) flowcause diagnose --topology > jsonl",
            [flowcause, "diagnose", "--topology", topology, "--output", "jsonl", data],
            stdout=out("diagnose.jsonl")),
        Job("fc-diag-gz", "i) flowcause diagnose .gz > jsonl",
            [flowcause, "diagnose", "--topology", topology, "--output", "jsonl", gz],
            stdout=out("diagnose-gz.jsonl")),
        Job("fc-diag-2x", "j) flowcause diagnose, 2x records",
            [flowcause, "diagnose", "--topology", topology, "--output", "jsonl", double],
            stdout=out("diagnose-2x.jsonl")),
        # The floor under h: writing h's own JSON Lines (one object per REJECT, the contract of
        # `diagnose --output jsonl`) to a file, with nothing read, parsed or decided, the way h
        # writes them: `O_DIRECT`, 4 MiB at a time (DirectFileOutput), so the disk's speed and
        # not the page cache's state sets it (`cat` took from 0.9 to 7 s for the same bytes,
        # as reclaiming a full page cache fell on the writer). It runs after h in every round,
        # so it copies the output h has just written (from the page cache).
        # (On a file system without O_DIRECT, h writes the usual way, and so does k.)
        # Issue 21: the same outputs. The incident summary, against the peers pairing,
        # classifying (logs only) and grouping the same way; compact records, against the
        # peers writing their classified pairs as CSV with the same columns; text.
        Job("pl-summary", "l) polars pair, classify, group",
            [python, me, "job", "polars-summary", data, out("polars-summary.json")],
            env=two_threads, writes=[out("polars-summary.json")]),
        Job("duck-summary", "m) DuckDB pair, classify, group",
            [python, me, "job", "duckdb-summary", data, out("duckdb-summary.json")],
            writes=[out("duckdb-summary.json")]),
        Job("fc-summary", "n) flowcause --output summary",
            [flowcause, "diagnose", "--topology", topology, "--output", "summary", data],
            stdout=out("summary.json")),
        Job("fc-summary-logs", "o) the same, logs only",
            [flowcause, "diagnose", "--output", "summary", data],
            stdout=out("summary-logs.json")),
        Job("pl-classify", "p) polars classified pairs > csv",
            [python, me, "job", "polars-classify", data, out("polars-classify.csv")],
            env=two_threads, writes=[out("polars-classify.csv")]),
        Job("duck-classify", "q) DuckDB classified pairs > csv",
            [python, me, "job", "duckdb-classify", data, out("duckdb-classify.csv")],
            writes=[out("duckdb-classify.csv")]),
        Job("fc-fields", "r) flowcause jsonl --fields",
            [flowcause, "diagnose", "--topology", topology, "--output", "jsonl", "--fields",
             FLOWCAUSE_FIELDS, data], stdout=out("fields.jsonl")),
        Job("fc-text", "s) flowcause diagnose (text)",
            [flowcause, "diagnose", "--topology", topology, data], stdout=out("diagnose.txt")),
        Job("out-copy", "k) dd oflag=direct h's output",
            ["sh", "-c", 'dd if="$1" of="$2" bs=4M oflag=direct status=none 2>/dev/null '
             '|| dd if="$1" of="$2" bs=4M status=none', "k", out("diagnose.jsonl"),
             out("diagnose-copy.jsonl")], writes=[out("diagnose-copy.jsonl")], records=False),
    ]
    by_key = {job.key: job for job in jobs}

    def stdout_of(job):
        return job.stdout or out(job.key + ".stdout")

    def stderr_of(job):
        return out(job.key + ".stderr")

    # Warm the page cache: every job reads files that were just read.
    for path in (data, gz):
        with open(path, "rb") as f:
            while f.read(8 << 20):
                pass

    print("data: %s: %s records (%s REJECT), %s bytes; %s: %s bytes" % (
        data, format(expected["records"], ","), format(expected["reject"], ","),
        format(expected["bytes"], ","), gz, format(os.path.getsize(gz), ",")))
    print("machine: %s, %d cores; Python %s; polars %s; duckdb %s; %d runs each, round-robin" % (
        platform.platform(), os.cpu_count() or 0, platform.python_version(),
        peer_version("polars"), peer_version("duckdb"), options.runs))
    sys.stdout.flush()

    failures = []
    for index in range(options.runs):
        for job in jobs:
            result_path = out(job.key + ".result.json")
            # Every job writes new files: the last round's are removed before the clock starts.
            # Truncating a 2.6 GB output in the timed child costs about half a second of freeing
            # page cache, a cost of the previous run's size, not of the job (and the jobs' outputs
            # differ in size from 50 MB to 2.6 GB).
            for path in [stdout_of(job)] + list(job.writes):
                if path != os.devnull and os.path.exists(path):
                    os.remove(path)
            environment = dict(os.environ)
            environment.update(job.env)
            command = [python, "-S", me, "measure", result_path, stdout_of(job), stderr_of(job),
                       "--"] + job.argv
            status = subprocess.call(command, env=environment)
            if status != 0:
                failures.append("%s: the measuring process exited %d" % (job.label, status))
                continue
            with open(result_path) as f:
                result = json.load(f)
            job.runs.append(result)
            if result["status"] != 0:
                failures.append("%s: run %d exited %d (see %s)" % (
                    job.label, index + 1, result["status"], stderr_of(job)))
            sys.stderr.write("run %d/%d %-34s %7.3f s %8.1f MB\n" % (
                index + 1, options.runs, job.label, result["seconds"],
                megabytes(result["maxrss_kib"])))
            sys.stderr.flush()

    # --- checks (on the last run's outputs) ---
    notes = []
    with open(stdout_of(by_key["wc"])) as f:
        lines = int(f.read().split()[0])
    if lines != expected["lines"]:
        failures.append("wc -l: %d lines, expected %d" % (lines, expected["lines"]))
    want = {"ACCEPT": expected["accept"], "REJECT": expected["reject"],
            "None": expected["nodata"] + expected["skipdata"]}
    for key in ("pl-count", "duck-count", "fc-count"):
        with open(stdout_of(by_key[key])) as f:
            got = json.load(f)
        # A group-by names no group that has no rows (a busy day has no NODATA record).
        got.setdefault("None", 0)
        if got != want:
            failures.append("%s: counts %s, expected %s (expected.json)" % (
                by_key[key].label, got, want))
        else:
            notes.append("%s: %s ACCEPT, %s REJECT, %s without an action: as expected" % (
                by_key[key].label, format(got["ACCEPT"], ","), format(got["REJECT"], ","),
                format(got["None"], ",")))
    polars_rows, polars_paired = pair_counts(out("polars-pairs.csv"))
    duck_rows, duck_paired = pair_counts(out("duckdb-pairs.csv"))
    with open(stdout_of(by_key["duck-pairs"])) as f:
        duck_reported = json.load(f)["rows"]
    if duck_reported != duck_rows:
        failures.append("DuckDB pairing: COPY reported %d rows, the file has %d" % (
            duck_reported, duck_rows))
    if (polars_rows, polars_paired) != (duck_rows, duck_paired):
        failures.append("pairing: polars wrote %d rows (%d paired), DuckDB %d (%d paired)" % (
            polars_rows, polars_paired, duck_rows, duck_paired))
    if polars_rows < expected["reject"]:
        failures.append("pairing: %d rows for %d REJECT records" % (
            polars_rows, expected["reject"]))
    notes.append("pairing: polars and DuckDB each wrote %s rows; %s REJECTs have a partner "
                 "(the reversed 5-tuple on the same interface)" % (
                     format(polars_rows, ","), format(polars_paired, ",")))
    summary = re.compile(r"(\d+) records, (\d+) headers, (\d+) blank, (\d+) bad")
    for key in ("fc-parse", "fc-diag", "fc-diag-gz"):
        job = by_key[key]
        with open(stderr_of(job), errors="replace") as f:
            text = f.read()
        match = summary.search(text)
        if not match:
            failures.append("%s: no closing summary on stderr (see %s)" % (
                job.label, stderr_of(job)))
        elif (int(match.group(1)), int(match.group(4))) != (expected["records"], 0):
            failures.append("%s: summary says %s records, %s bad; expected %d, 0" % (
                job.label, match.group(1), match.group(4), expected["records"]))
    for key in ("fc-diag", "fc-diag-gz"):
        job = by_key[key]
        objects = count_lines(stdout_of(job))
        if objects != expected["reject"]:
            failures.append("%s: %d objects, expected one per REJECT (%d)" % (
                job.label, objects, expected["reject"]))
    copied, written = (os.path.getsize(out(name)) if os.path.exists(out(name)) else -1
                       for name in ("diagnose-copy.jsonl", "diagnose.jsonl"))
    if copied != written:
        failures.append("k) dd of h's output: %d bytes, h wrote %d" % (copied, written))
    if copied >= 0:
        os.remove(out("diagnose-copy.jsonl"))  # checked; 2.7 GB not kept
    # Issue 21's jobs: the peers agree with each other, flowcause's logs-only summary with them
    # (a rejected reply after an accepted request is the network ACL's, the rest undetermined
    # or after-close), and the compact lines with the REJECTs.
    summaries = {}
    for key, name in (("pl-summary", "polars-summary.json"), ("duck-summary", "duckdb-summary.json"),
                      ("fc-summary", "summary.json"), ("fc-summary-logs", "summary-logs.json")):
        try:
            with open(out(name) if key.startswith(("pl", "duck")) else stdout_of(by_key[key])) as f:
                summaries[key] = json.load(f)
        except (OSError, ValueError) as error:
            failures.append("%s: no summary (%s)" % (by_key[key].label, error))
    if "pl-summary" in summaries and "duck-summary" in summaries:
        if summaries["pl-summary"] != summaries["duck-summary"]:
            failures.append("polars and DuckDB summaries differ")
        classes = summaries["pl-summary"]["by-class"]
        if "fc-summary-logs" in summaries:
            causes = summaries["fc-summary-logs"]["by-cause"]
            replies = causes.get("network-acl", 0)
            rest = causes.get("undetermined", 0) + causes.get("after-close", 0)
            if (replies, rest) != (classes.get("reply-after-accept", 0), classes.get("other", 0)):
                failures.append(
                    "flowcause logs only: %d network-acl, %d undetermined or after-close; the "
                    "peers: %s" % (replies, rest, classes))
            else:
                notes.append("logs-only classification: flowcause and the peers agree (%s)" % (
                    ", ".join("%s %s" % (k, format(v, ",")) for k, v in sorted(classes.items()))))
    if "fc-summary" in summaries and summaries["fc-summary"].get("rejects") != expected["reject"]:
        failures.append("n) summary: %s REJECTs, expected %d" % (
            summaries["fc-summary"].get("rejects"), expected["reject"]))
    for key in ("pl-classify", "duck-classify"):
        rows = count_lines(out("polars-classify.csv" if key == "pl-classify"
                               else "duckdb-classify.csv")) - 1
        if rows != expected["reject"]:
            failures.append("%s: %d rows, expected one per REJECT (%d)" % (
                by_key[key].label, rows, expected["reject"]))
    if count_lines(stdout_of(by_key["fc-fields"])) != expected["reject"]:
        failures.append("r) --fields: not one line per REJECT")

    causes = cause_counts(stdout_of(by_key["fc-diag"]))
    truth = {"security-group": expected.get("truthSecurityGroup"),
             "network-acl": expected.get("truthNetworkACL")}
    if expected.get("truthAfterClose"):
        # A late RST after close: without tcp-flags (v2) the logs cannot tell it from new
        # traffic the security group drops, so diagnose says undetermined, naming both.
        truth["undetermined"] = expected["truthAfterClose"]
    if causes != truth:
        failures.append("flowcause diagnose: causes %s, the generator's truth %s" % (causes, truth))
    else:
        notes.append("flowcause diagnose: every cause agrees with the generator's truth")
    notes.append("flowcause diagnose: %s objects, causes %s" % (
        format(sum(causes.values()), ","),
        ", ".join("%s %s" % (k, format(v, ",")) for k, v in sorted(causes.items()))))

    # --- the table ---
    floor_kib = max(r["maxrss_kib"] for r in by_key["floor"].runs) if by_key["floor"].runs else 0
    print()
    print("  %-34s %9s  %-23s %7s %10s %10s" % (
        "job", "median s", "runs (s)", "cpu s", "records/s", "peak RSS"))
    for job in jobs:
        if not job.runs:
            print("  %-34s %9s" % (job.label, "failed"))
            continue
        seconds = median([r["seconds"] for r in job.runs])
        cpu = median([r["cpu"] for r in job.runs])
        peak = max(r["maxrss_kib"] for r in job.runs)
        runs = " ".join("%.3f" % r["seconds"] for r in job.runs)
        rate = "%.2f M" % (expected["records"] / seconds / 1e6) if job.records else "-"
        rss = "%.1f MB" % megabytes(peak)
        if job.key != "floor" and peak <= floor_kib * 1.05:
            rss = "<= " + rss
        print("  %-34s %9.3f  %-23s %7.3f %10s %10s" % (job.label, seconds, runs, cpu, rate, rss))
    print("  (peak RSS: the largest of the runs' ru_maxrss; a job below the spawn floor shows "
          "'<= floor')")

    def med(key):
        return median([r["seconds"] for r in by_key[key].runs]) if by_key[key].runs else None

    def fastest(key):
        return min(r["seconds"] for r in by_key[key].runs) if by_key[key].runs else None

    def peak(key):
        runs = by_key[key].runs
        return max(r["maxrss_kib"] for r in runs) if runs else None

    ratios = [
        ("polars count / flowcause reader count", med("pl-count"), med("fc-count"), ">=", 2.0),
        # The floor is the fastest wc run: a slower one waited on the disk, not on counting.
        ("flowcause reader count / wc -l (fastest)", med("fc-count"), fastest("wc"), "<=", 4.0),
        ("polars pairing / flowcause diagnose", med("pl-pairs"), med("fc-diag"), ">=", 3.0),
        ("DuckDB pairing / flowcause diagnose", med("duck-pairs"), med("fc-diag"), ">=", 4.0),
        ("flowcause diagnose .gz / zcat", med("fc-diag-gz"), med("zcat"), "<=", 1.2),
        ("DuckDB pairing RSS / flowcause diagnose RSS", peak("duck-pairs"), peak("fc-diag"),
         ">=", 4.0),
        ("flowcause diagnose RSS, 2x records / 1x", peak("fc-diag-2x"), peak("fc-diag"),
         "<=", 1.1),
        # Issue 21: equal outputs.
        ("polars summary / flowcause summary", med("pl-summary"), med("fc-summary"), ">=", 3.0),
        ("DuckDB summary / flowcause summary", med("duck-summary"), med("fc-summary"), ">=",
         4.0),
        ("polars summary / flowcause summary, logs", med("pl-summary"), med("fc-summary-logs"),
         ">=", 3.0),
        ("DuckDB summary / flowcause summary, logs", med("duck-summary"),
         med("fc-summary-logs"), ">=", 4.0),
        ("polars classified csv / flowcause --fields", med("pl-classify"), med("fc-fields"),
         ">=", 3.0),
        ("DuckDB classified csv / flowcause --fields", med("duck-classify"), med("fc-fields"),
         ">=", 4.0),
        ("flowcause jsonl / k (writing its bytes)", med("fc-diag"), med("out-copy"), "<=", 1.3),
        ("flowcause text / flowcause summary", med("fc-text"), med("fc-summary"), "<=", 1.2),
        ("flowcause summary peak RSS, MB", peak("fc-summary"), 1024, "<=", 150),
        ("flowcause jsonl peak RSS, MB", peak("fc-diag"), 1024, "<=", 150),
    ]
    print()
    print("  %-45s %8s  %-8s %s" % ("ratio (issues 6 and 21)", "value", "goal", "met"))
    for name, numerator, denominator, relation, goal in ratios:
        if numerator is None or not denominator:
            print("  %-45s %8s" % (name, "n/a"))
            continue
        value = numerator / denominator
        met = value >= goal if relation == ">=" else value <= goal
        print("  %-45s %8.2f  %-8s %s" % (
            name, value, "%s %.1f" % (relation, goal), "yes" if met else "NO"))
    # What the diagnose goals leave, against the floor k: the time in which diagnose would have
    # to read, correlate, decide and write, and the time writing its output alone takes.
    output = os.path.getsize(out("diagnose.jsonl"))
    floor = med("out-copy")
    print()
    print("  %-45s %8s  %s" % ("time left for h by its goal", "seconds", "k) writing h's output "
                               "alone (%.2f GB)" % (output / 1e9)))
    for name, peer, factor in (("polars pairing / 3", "pl-pairs", 3.0),
                               ("DuckDB pairing / 4", "duck-pairs", 4.0)):
        if med(peer) is None or floor is None:
            print("  %-45s %8s" % (name, "n/a"))
            continue
        budget = med(peer) / factor
        print("  %-45s %8.3f  %.3f s: %.0f%% of the time left" % (
            name, budget, floor, 100 * floor / budget))
    if med("zcat") is not None:
        print("  %-45s %8.3f  (one core decompressing the whole time)" % (
            "zcat x 1.2", med("zcat") * 1.2))
    print("  (g is flowcause's FlowLogReader validating every field, counting by action: the")
    print("   chunked reader diagnose uses, the file mapped and parsed in place on two workers,")
    print("   `flowcause-bench count`; h, i and j name the cause of every REJECT against the")
    print("   generated topology and write one JSON object each)")
    print()
    for note in notes:
        print("check: " + note)
    if failures:
        for failure in failures:
            print("check: FAILED: " + failure)
        return 1
    print("check: all results agree")
    return 0


def scale(arguments):
    import argparse
    import json
    import re
    import subprocess

    parser = argparse.ArgumentParser(prog="peers.py scale")
    parser.add_argument("--flowcause", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("inputs", nargs="+", help="FILE:TOPOLOGY:EXPECTED")
    options = parser.parse_args(arguments)
    os.makedirs(options.work, exist_ok=True)
    me = os.path.abspath(__file__)
    rows = []
    failures = []
    summary = re.compile(r"(\d+) records, (\d+) headers, (\d+) blank, (\d+) bad")
    for spec in options.inputs:
        path, topology, expected_path = spec.split(":")
        with open(expected_path) as f:
            expected = json.load(f)
        runs = []
        for _ in range(options.runs):
            result_path = os.path.join(options.work, "scale.result.json")
            stdout_path = os.path.join(options.work, "scale.jsonl")
            stderr_path = os.path.join(options.work, "scale.stderr")
            command = [sys.executable, "-S", me, "measure", result_path, stdout_path, stderr_path,
                       "--", options.flowcause, "diagnose", "--topology", topology, "--output",
                       "jsonl", path]
            # As in `run`: a new output file, the last one removed before the clock starts.
            if os.path.exists(stdout_path):
                os.remove(stdout_path)
            if subprocess.call(command) != 0:
                failures.append("%s: the measuring process failed" % path)
                continue
            with open(result_path) as f:
                runs.append(json.load(f))
            with open(stderr_path, errors="replace") as f:
                match = summary.search(f.read())
            if not match or int(match.group(1)) != expected["records"]:
                failures.append("%s: the summary does not give %d records" % (
                    path, expected["records"]))
            if count_lines(stdout_path) != expected["reject"]:
                failures.append("%s: not one object per REJECT" % path)
            os.remove(stdout_path)  # up to 13 GB at 50M records: counted, then not kept
            sys.stderr.write("%s: %.3f s\n" % (path, runs[-1]["seconds"]))
        if runs:
            seconds = median([r["seconds"] for r in runs])
            rows.append((expected["records"], os.path.getsize(path), seconds,
                         max(r["maxrss_kib"] for r in runs)))
    print("  %12s %10s %10s %14s %12s %10s" % (
        "records", "MB", "seconds", "records/s", "us/record", "peak RSS"))
    for records, size, seconds, kib in rows:
        print("  %12s %10.1f %10.3f %12.2f M %12.3f %7.1f MB" % (
            format(records, ","), size / 1e6, seconds, records / seconds / 1e6,
            seconds / records * 1e6, megabytes(kib)))
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last[2] / first[2]) / (last[0] / first[0])
        print("  time per record at %s records / at %s: %.2f (1.00 is linear)" % (
            format(last[0], ","), format(first[0], ","), growth))
    for failure in failures:
        print("check: FAILED: " + failure)
    return 1 if failures else 0


# The header line of the v2 format, as AWS writes it at the top of each object in S3.
V2_HEADER = (b"version account-id interface-id srcaddr dstaddr srcport dstport protocol "
             b"packets bytes start end action log-status\n")


def split_day(path, folder):
    """Splits the v2 log at `path` into hourly `.log.gz` objects under `folder`, in AWS's key
    layout (AWSLogs/ACCOUNT/vpcflowlogs/REGION/YYYY/MM/DD/ACCOUNT_vpcflowlogs_REGION_FLOWLOGID_
    YYYYMMDDTHHmmZ_HASH.log.gz), each starting with the v2 header. Records stay in file order:
    a record goes to the object of its start's hour, or to the current object when its hour
    is earlier (a late record, as AWS delivers it in a later object). Returns the objects'
    paths, in time order."""
    import gzip
    import hashlib

    account, region, flow_log = "123456789012", "us-east-1", "fl-0123456789abcdef0"
    paths, current, writer, first_hour = [], None, None, None
    with open(path, "rb") as source:
        for line in source:
            fields = line.split(b" ", 11)
            if fields[0] == b"version":
                continue  # the log's own header: each object gets its own
            try:
                start = int(fields[10])
            except (IndexError, ValueError):
                start = None
            hour = start // 3600 if start is not None else (current if current is not None else 0)
            if first_hour is None:
                first_hour = hour
            hour = min(max(hour, current if current is not None else hour), first_hour + 23)
            if hour != current:
                if writer:
                    writer.close()
                current = hour
                stamp = time.gmtime(hour * 3600)
                day = time.strftime("%Y/%m/%d", stamp)
                name = "%s_vpcflowlogs_%s_%s_%s_%s.log.gz" % (
                    account, region, flow_log, time.strftime("%Y%m%dT%H%MZ", stamp),
                    hashlib.sha1(str(hour).encode()).hexdigest()[:8])
                directory = os.path.join(folder, "AWSLogs", account, "vpcflowlogs", region, day)
                os.makedirs(directory, exist_ok=True)
                paths.append(os.path.join(directory, name))
                writer = gzip.open(paths[-1], "wb", compresslevel=6)
                writer.write(V2_HEADER)
            writer.write(line)
    if writer:
        writer.close()
    return paths


def s3day(arguments):
    import argparse
    import json
    import re
    import shutil
    import subprocess

    parser = argparse.ArgumentParser(prog="peers.py s3day")
    parser.add_argument("--file", required=True)
    parser.add_argument("--topology", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--flowcause", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args(arguments)
    with open(options.expected) as f:
        expected = json.load(f)
    os.makedirs(options.work, exist_ok=True)
    folder = os.path.join(options.work, "bucket")
    stamp_path = os.path.join(options.work, "bucket.source")
    stamp = "%s %d" % (os.path.abspath(options.file), os.path.getsize(options.file))
    objects = []
    if os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        for root, _, names in os.walk(folder):
            objects += [os.path.join(root, name) for name in names if name.endswith(".log.gz")]
        objects.sort()
        sys.stderr.write("== reusing %d objects in %s\n" % (len(objects), folder))
    else:
        shutil.rmtree(folder, ignore_errors=True)
        sys.stderr.write("== splitting %s into hourly .log.gz objects\n" % options.file)
        objects = split_day(options.file, folder)
        with open(stamp_path, "w") as f:
            f.write(stamp)
    compressed = sum(os.path.getsize(path) for path in objects)
    me = os.path.abspath(__file__)
    fc = options.flowcause
    jobs = [
        Job("zcat", "zcat every object > /dev/null", ["zcat"] + objects, stdout=os.devnull),
        Job("fc-summary", "flowcause diagnose --topology --output summary DIR",
            [fc, "diagnose", "--topology", options.topology, "--output", "summary", folder],
            stdout=os.devnull),
        Job("fc-summary-logs", "flowcause diagnose --output summary DIR (logs only)",
            [fc, "diagnose", "--output", "summary", folder], stdout=os.devnull),
        Job("fc-text", "flowcause diagnose --topology DIR (text)",
            [fc, "diagnose", "--topology", options.topology, folder], stdout=os.devnull),
    ]
    failures = []
    counts = re.compile(r"(\d+) records, (\d+) headers, (\d+) blank, (\d+) bad")
    for path in objects:  # the page cache warmed
        with open(path, "rb") as f:
            while f.read(1 << 20):
                pass
    for _ in range(options.runs):
        for job in jobs:
            result = os.path.join(options.work, job.key + ".result.json")
            stderr = os.path.join(options.work, job.key + ".stderr")
            command = [sys.executable, "-S", me, "measure", result, job.stdout, stderr, "--"]
            if subprocess.call(command + job.argv) != 0:
                failures.append("%s: the measuring process failed" % job.label)
                continue
            with open(result) as f:
                job.runs.append(json.load(f))
            if job.runs[-1]["status"] not in (0, 1):
                failures.append("%s: exit status %d" % (job.label, job.runs[-1]["status"]))
            if job.key != "zcat":
                with open(stderr, errors="replace") as f:
                    match = counts.search(f.read())
                if not match or int(match.group(1)) != expected["records"] or (
                        int(match.group(2)) != len(objects)):
                    failures.append("%s: did not read %d records and %d headers" % (
                        job.label, expected["records"], len(objects)))
    print("A day from S3: %d hourly objects, %s records, %.1f MB compressed (%s)" % (
        len(objects), format(expected["records"], ","), compressed / 1e6, folder))
    print("  %-52s %9s %9s %10s %8s" % ("job", "median s", "cpu s", "peak RSS", "x zcat"))
    floor = median([r["seconds"] for r in jobs[0].runs]) if jobs[0].runs else None
    for job in jobs:
        if not job.runs:
            continue
        seconds = median([r["seconds"] for r in job.runs])
        print("  %-52s %9.2f %9.2f %7.1f MB %8s" % (
            job.label, seconds, median([r["cpu"] for r in job.runs]),
            megabytes(max(r["maxrss_kib"] for r in job.runs)),
            "%.2f" % (seconds / floor) if floor else "-"))
    print("  goal: diagnose in at most zcat's time (x zcat <= 1.00)")
    for failure in failures:
        print("check: FAILED: " + failure)
    return 1 if failures else 0


def peer_version(name):
    try:
        module = __import__(name)
        return getattr(module, "__version__", "?")
    except ImportError:
        return "not installed"


def main(arguments):
    if not arguments or arguments[0] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        return 0 if arguments else 2
    mode, rest = arguments[0], arguments[1:]
    if mode == "measure":
        return measure(rest)
    if mode == "job":
        return job(rest)
    if mode == "run":
        return run(rest)
    if mode == "scale":
        return scale(rest)
    if mode == "s3day":
        return s3day(rest)
    sys.stderr.write("peers.py: unknown mode '%s'\n" % mode)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
