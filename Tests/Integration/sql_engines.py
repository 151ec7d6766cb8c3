"""Runs `flowcause sql` on a real engine and compares it with `flowcause diagnose`, row for row.

For each case (a flow log file; its format from its header line, else AWS's default), the log is
loaded as the table AWS's documentation creates for Athena (docs/scale-out.md: the fields' names
with `_`, integers typed, `-` in an integer column NULL as Athena's text reader reads it, `-` in a
string column kept), the query `flowcause sql --dialect D --format F` writes is run on it, and each
REJECT's row is matched with `diagnose --output jsonl`'s line for the same record: the record's
fields (interface, addresses, ports, protocol, packets, start, end, tcp-flags) and the decision's
(cause, code, component, rule, direction, role, confidence, candidates) must be equal, as
multisets (the query has no line numbers; a record and its copies count once, as diagnose counts
them). Prints one line per case and the agreement; exits 1 on any difference.

A case `LOG@TOPOLOGY` is diagnosed, and queried, with that topology (`--topology`): its table
holds its records alone, as they are (a topology names its ENIs), and it has a query of its own.
`LOG@TOPOLOGY@views`: the same, the topology's rows written as views by the script's first
statements (`--views`), each statement run in turn.

    python3 sql_engines.py --flowcause BIN --engine duckdb|spark CASE_FILE[@TOPOLOGY[@views]]...
"""

import argparse
import collections
import ipaddress
import json
import os
import re
import subprocess
import sys
import tempfile

INTEGER_COLUMNS = {
    "version", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end",
    "tcp_flags", "traffic_path",
}
DECISION_KEYS = [
    "cause", "code", "component", "rule", "direction", "role", "confidence", "candidates",
]
FIELDS = ("file,line,interface-id,srcaddr,dstaddr,srcport,dstport,protocol,"
          + ",".join(DECISION_KEYS))
DEFAULT_FORMAT = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol "
                  "packets bytes start end action log-status").split()


def read_log(path):
    """The format and the records (lists of fields) of a flow log file, by line number."""
    with open(path) as handle:
        lines = handle.read().splitlines()
    fields = DEFAULT_FORMAT
    records = {}
    for number, line in enumerate(lines, start=1):
        tokens = line.split()
        if not tokens:
            continue
        if all(re.fullmatch(r"[a-z][a-z-]*", token) for token in tokens):
            fields = tokens
            continue
        records[number] = (fields, tokens)
    formats = {tuple(f) for f, _ in records.values()}
    if len(formats) > 1:
        raise SystemExit(f"{path}: more than one format; one table has one")
    return (list(formats.pop()) if formats else fields), records


def integer(text):
    try:
        return int(text)
    except ValueError:
        return None


def address(text):
    try:
        return ipaddress.ip_address(text).packed
    except ValueError:
        return text


def record_key(values):
    """The record's fields as the query's row and diagnose's line both give them."""
    return (
        values.get("interface_id"), address(values.get("srcaddr")),
        address(values.get("dstaddr")), values.get("srcport"), values.get("dstport"),
        values.get("protocol"), values.get("packets"), values.get("start"), values.get("end"),
        values.get("tcp_flags"),
    )


SHIFT = 10_000_000  # seconds between two cases' records: far beyond the horizon


def expected_rows(flowcause, path, records, case, topology=None):
    """diagnose's decision for each REJECT, keyed by its record as the combined table has it
    (with a topology, as the case's own table has it)."""
    options = ["--topology", topology] if topology else []
    output = subprocess.run(
        [flowcause, "diagnose", *options, "--output", "jsonl", "--fields", FIELDS, path],
        check=False, capture_output=True, text=True)
    if output.returncode not in (0, 65):
        raise SystemExit(f"{path}: diagnose exited {output.returncode}: {output.stderr}")
    rows = collections.Counter()
    for line in output.stdout.splitlines():
        diagnosis = json.loads(line)
        fields, tokens = records[diagnosis["line"]]
        raw = dict(zip((f.replace("-", "_") for f in fields), tokens))
        values = {
            "interface_id": (diagnosis["interface-id"] if topology
                             else f"c{case}-{diagnosis['interface-id']}"),
            "srcaddr": diagnosis["srcaddr"], "dstaddr": diagnosis["dstaddr"],
            "srcport": diagnosis["srcport"], "dstport": diagnosis["dstport"],
            "protocol": diagnosis["protocol"], "packets": integer(raw.get("packets", "-")),
            "start": shifted(integer(raw.get("start", "-")), None if topology else case),
            "end": shifted(integer(raw.get("end", "-")), None if topology else case),
            "tcp_flags": integer(raw.get("tcp_flags", "-")),
        }
        decision = tuple(
            ",".join(diagnosis[k]) if k == "candidates" else diagnosis[k] for k in DECISION_KEYS)
        rows[record_key(values) + decision] += 1
    return rows


def shifted(value, case):
    return None if value is None else value + (case or 0) * SHIFT


def table_rows(columns, records, case):
    """A case's records as the documented table holds them, in the combined table: its ENIs
    named apart from other cases' (c{case}-…) and its times shifted apart (`case` None: as
    they are, in a table of their own)."""
    for fields, tokens in records.values():
        raw = dict(zip((f.replace("-", "_") for f in fields), tokens))
        row = []
        for column in columns:
            value = raw.get(column)
            if value is None:
                row.append(None)
            elif column in INTEGER_COLUMNS:
                number = integer(value)
                row.append(shifted(number, case) if column in ("start", "end") else number)
            elif column in ("interface_id", "resource_id") and value != "-" and case is not None:
                row.append(f"c{case}-{value}")
            else:
                row.append(value)
        yield row


STATEMENT = "-- flowcause sql: statement "


def statements(script):
    """A script's statements (`--views`: each after its marker line), or the one query."""
    if not script.startswith(STATEMENT):
        return [script]
    return [STATEMENT + part for part in script.split(STATEMENT) if part.strip()]


def query_rows(result_columns, result):
    rows = collections.Counter()
    for row in result:
        values = dict(zip(result_columns, row))
        candidates = values["candidates"] or ""
        values["candidates"] = candidates
        decision = tuple(values[k] for k in DECISION_KEYS)
        rows[record_key(values) + decision] += 1
    return rows


def summary_of(rows):
    """The counts `flowcause sql --summary` gives, from rows of decisions."""
    counts = collections.Counter()
    for key, count in rows.items():
        interface, _, _, sport, dport, protocol, _, start, _, _ = key[:10]
        cause, _, component, rule, _, role = key[10:16]
        port = None if sport is None else (sport if role == "response" else dport)
        hour = None if start is None else start // 3600 * 3600
        for group in [
            ("total", None, None, None, None, None, None, None),
            ("cause", cause, None, None, None, None, None, None),
            ("rule", cause, component, rule, None, None, None, None),
            ("interface", None, None, None, interface, None, None, None),
            ("service", None, None, None, None, protocol, port, None),
            ("hour", cause, None, None, None, None, None, hour),
        ]:
            counts[group] += count
    return counts


class DuckDB:
    def __init__(self):
        import duckdb
        self.duckdb = duckdb

    def run(self, columns, rows, queries):
        """Each query's column names and rows, on one table of `rows`."""
        connection = self.duckdb.connect()
        types = ", ".join(
            f'"{c}" {"BIGINT" if c in INTEGER_COLUMNS else "VARCHAR"}' for c in columns)
        connection.execute(f"CREATE TABLE vpc_flow_logs ({types})")
        # Through a tab-separated file (`\\N` for NULL): far faster than inserting row by row.
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
            for row in rows:
                handle.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
            path = handle.name
        try:
            names = ", ".join(
                f"'{c}': '{'BIGINT' if c in INTEGER_COLUMNS else 'VARCHAR'}'" for c in columns)
            connection.execute(
                f"INSERT INTO vpc_flow_logs SELECT * FROM read_csv('{path}', delim='\\t', "
                f"header=false, quote='', escape='', nullstr='\\N', auto_detect=false, "
                f"columns={{{names}}})")
        finally:
            os.unlink(path)
        results = []
        for script in queries:
            *views, sql = statements(script)
            for view in views:
                connection.execute(view)
            cursor = connection.execute(sql)
            results.append(([d[0] for d in cursor.description], cursor.fetchall()))
        return results


class Spark:
    def __init__(self):
        from pyspark.sql import SparkSession
        self.spark = (SparkSession.builder.master("local[2]").appName("flowcause-sql")
                      .config("spark.ui.enabled", "false")
                      .config("spark.ui.showConsoleProgress", "false")
                      .config("spark.sql.shuffle.partitions", "4").getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")

    def run(self, columns, rows, queries):
        """Each query's column names and rows, on one table of `rows`."""
        from pyspark.sql.types import LongType, StringType, StructField, StructType
        schema = StructType([
            StructField(c, LongType() if c in INTEGER_COLUMNS else StringType(), True)
            for c in columns])
        frame = self.spark.createDataFrame(list(rows), schema)
        frame.createOrReplaceTempView("vpc_flow_logs")
        results = []
        for script in queries:
            *views, sql = statements(script)
            for view in views:
                self.spark.sql(view.rstrip().rstrip(";"))
            result = self.spark.sql(sql.rstrip().rstrip(";"))
            results.append((result.columns, [tuple(r) for r in result.collect()]))
        return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flowcause", required=True)
    parser.add_argument("--engine", choices=["duckdb", "spark"], required=True)
    parser.add_argument("cases", nargs="+")
    arguments = parser.parse_args()
    engine = DuckDB() if arguments.engine == "duckdb" else Spark()
    # The cases with the same fields in one table (one query each): the query each format
    # gives runs once, on every case of that format.
    cases = []
    groups = collections.defaultdict(list)
    views = {}
    for case, argument in enumerate(arguments.cases):
        path, _, topology = argument.partition("@")
        topology, _, mode = topology.partition("@")
        if mode == "views":
            views[case] = f"flowcause_case{case}"
        fields, records = read_log(path)
        cases.append((path, records, expected_rows(
            arguments.flowcause, path, records, case, topology or None)))
        # A case with a topology is a group of its own, its table as it is.
        groups[(tuple(sorted(fields)), topology, case if topology else None)].append(case)
    got_by_case = collections.defaultdict(collections.Counter)
    records_read = 0
    summary_failures = 0
    for (fields, topology, alone), members in groups.items():
        columns = [f.replace("-", "_") for f in fields]
        rows = [row for case in members
                for row in table_rows(columns, cases[case][1], None if topology else case)]
        records_read += len(rows)
        options = ["--topology", topology] if topology else []
        if alone in views:
            options += ["--views", views[alone]]
        def query(*extra):
            return subprocess.run(
                [arguments.flowcause, "sql", "--dialect", arguments.engine, "--format",
                 " ".join(fields), *options, *extra],
                check=True, capture_output=True, text=True).stdout
        (names, result), (summary_names, summary) = engine.run(
            columns, rows, [query(), query("--summary")])
        for key, count in query_rows(names, result).items():
            case = alone if topology else int(key[0].split("-", 1)[0][1:])
            got_by_case[case][key] += count
        # --summary: the same REJECTs counted by group.
        got_summary = collections.Counter()
        for row in summary:
            values = dict(zip(summary_names, row))
            got_summary[tuple(values[k] for k in (
                "summary_group", "cause", "component", "rule", "interface_id", "protocol",
                "port", "hour_start"))] += values["rejects"]
        expected_summary = summary_of(sum((cases[c][2] for c in members), collections.Counter()))
        if got_summary != expected_summary:
            summary_failures += 1
            print(f"{arguments.engine}: --summary of {len(members)} logs differs:")
            for key in list((expected_summary - got_summary).keys())[:5]:
                print(f"    diagnose only: {key} {expected_summary[key]}")
            for key in list((got_summary - expected_summary).keys())[:5]:
                print(f"    query only:    {key} {got_summary[key]}")
    total = agreed = 0
    failed = []
    for case, (path, _, expected) in enumerate(cases):
        path = arguments.cases[case]
        got = got_by_case[case]
        missing = expected - got
        extra = got - expected
        rejects = sum(expected.values())
        same = rejects - sum(missing.values())
        total += rejects
        agreed += same
        print(f"{arguments.engine}: {path}: {same}/{rejects} REJECTs agree"
              + ("" if not missing and not extra else "  <-- DIFFERENT"))
        if missing or extra:
            failed.append(path)
            for row in list(missing.elements())[:5]:
                print(f"    diagnose only: {row}")
            for row in list(extra.elements())[:5]:
                print(f"    query only:    {row}")
    share = 100.0 * agreed / total if total else 100.0
    with_topology = sum(1 for argument in arguments.cases if "@" in argument)
    print(f"{arguments.engine}: {len(cases)} logs ({with_topology} with a topology) in "
          f"{len(groups)} tables, {records_read} "
          f"records, {agreed}/{total} "
          f"REJECTs agree ({share:.2f}%); --summary equal to their counts for "
          f"{len(groups) - summary_failures} of {len(groups)} tables"
          + ("" if not summary_failures else f", DIFFERENT for {summary_failures}"))
    return 1 if failed or summary_failures else 0


if __name__ == "__main__":
    sys.exit(main())
