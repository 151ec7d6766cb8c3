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

    python3 sql_engines.py --flowcause BIN --engine duckdb|spark CASE_FILE...
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


def expected_rows(flowcause, path, records, case):
    """diagnose's decision for each REJECT, keyed by its record as the combined table has it."""
    output = subprocess.run(
        [flowcause, "diagnose", "--output", "jsonl", "--fields", FIELDS, path],
        check=False, capture_output=True, text=True)
    if output.returncode not in (0, 65):
        raise SystemExit(f"{path}: diagnose exited {output.returncode}: {output.stderr}")
    rows = collections.Counter()
    for line in output.stdout.splitlines():
        diagnosis = json.loads(line)
        fields, tokens = records[diagnosis["line"]]
        raw = dict(zip((f.replace("-", "_") for f in fields), tokens))
        values = {
            "interface_id": f"c{case}-{diagnosis['interface-id']}",
            "srcaddr": diagnosis["srcaddr"], "dstaddr": diagnosis["dstaddr"],
            "srcport": diagnosis["srcport"], "dstport": diagnosis["dstport"],
            "protocol": diagnosis["protocol"], "packets": integer(raw.get("packets", "-")),
            "start": shifted(integer(raw.get("start", "-")), case),
            "end": shifted(integer(raw.get("end", "-")), case),
            "tcp_flags": integer(raw.get("tcp_flags", "-")),
        }
        decision = tuple(
            ",".join(diagnosis[k]) if k == "candidates" else diagnosis[k] for k in DECISION_KEYS)
        rows[record_key(values) + decision] += 1
    return rows


def shifted(value, case):
    return None if value is None else value + case * SHIFT


def table_rows(columns, records, case):
    """A case's records as the documented table holds them, in the combined table: its ENIs
    named apart from other cases' (c{case}-…) and its times shifted apart."""
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
            elif column in ("interface_id", "resource_id") and value != "-":
                row.append(f"c{case}-{value}")
            else:
                row.append(value)
        yield row


def query_rows(result_columns, result):
    rows = collections.Counter()
    for row in result:
        values = dict(zip(result_columns, row))
        candidates = values["candidates"] or ""
        values["candidates"] = candidates
        decision = tuple(values[k] for k in DECISION_KEYS)
        rows[record_key(values) + decision] += 1
    return rows


class DuckDB:
    def __init__(self):
        import duckdb
        self.duckdb = duckdb

    def run(self, columns, rows, sql):
        connection = self.duckdb.connect()
        types = ", ".join(
            f'"{c}" {"BIGINT" if c in INTEGER_COLUMNS else "VARCHAR"}' for c in columns)
        connection.execute(f"CREATE TABLE vpc_flow_logs ({types})")
        rows = list(rows)
        if rows:
            connection.executemany(
                f"INSERT INTO vpc_flow_logs VALUES ({', '.join('?' for _ in columns)})", rows)
        cursor = connection.execute(sql)
        names = [d[0] for d in cursor.description]
        return names, cursor.fetchall()


class Spark:
    def __init__(self):
        from pyspark.sql import SparkSession
        self.spark = (SparkSession.builder.master("local[2]").appName("flowcause-sql")
                      .config("spark.ui.enabled", "false")
                      .config("spark.ui.showConsoleProgress", "false")
                      .config("spark.sql.shuffle.partitions", "4").getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")

    def run(self, columns, rows, sql):
        from pyspark.sql.types import LongType, StringType, StructField, StructType
        schema = StructType([
            StructField(c, LongType() if c in INTEGER_COLUMNS else StringType(), True)
            for c in columns])
        frame = self.spark.createDataFrame(list(rows), schema)
        frame.createOrReplaceTempView("vpc_flow_logs")
        result = self.spark.sql(sql.rstrip().rstrip(";"))
        return result.columns, [tuple(r) for r in result.collect()]


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
    for case, path in enumerate(arguments.cases):
        fields, records = read_log(path)
        cases.append((path, records, expected_rows(arguments.flowcause, path, records, case)))
        groups[tuple(sorted(fields))].append(case)
    got_by_case = collections.defaultdict(collections.Counter)
    records_read = 0
    for fields, members in groups.items():
        columns = [f.replace("-", "_") for f in fields]
        rows = [row for case in members for row in table_rows(columns, cases[case][1], case)]
        records_read += len(rows)
        sql = subprocess.run(
            [arguments.flowcause, "sql", "--dialect", arguments.engine, "--format",
             " ".join(fields)], check=True, capture_output=True, text=True).stdout
        names, result = engine.run(columns, rows, sql)
        for key, count in query_rows(names, result).items():
            case = int(key[0].split("-", 1)[0][1:])
            got_by_case[case][key] += count
    total = agreed = 0
    failed = []
    for case, (path, _, expected) in enumerate(cases):
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
    print(f"{arguments.engine}: {len(cases)} logs in {len(groups)} formats, {records_read} "
          f"records, {agreed}/{total} "
          f"REJECTs agree ({share:.2f}%)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
