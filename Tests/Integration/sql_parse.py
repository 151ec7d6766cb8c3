"""Parses `flowcause sql`'s Athena and Trino queries with sqlglot's Trino parser (a real parser
of Trino's grammar, from pip), and its Spark and DuckDB queries with sqlglot's parsers for those
dialects, for several formats and options (with a topology and without): each must parse as one statement, a query (with `--views`, the
views' CREATE VIEW statements before it), with no error (docs/scale-out.md, "Dialects"). And counts how often each query reads the flow log table
where every use of a common table expression is read again (as Trino and Athena do): at most
three times (docs/scale-out.md, "On Athena").

    python3 sql_parse.py --flowcause BIN
"""

import argparse
import subprocess
import sys

import sqlglot
from sqlglot import exp

FORMATS = [
    None,
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start "
    "end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr "
    "region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service "
    "flow-direction traffic-path",
    "version interface-id srcaddr dstaddr srcport dstport protocol packets start end action "
    "reject-reason resource-id",
]
OPTIONS = [
    [],
    ["--summary"],
    ["--since", "2024-06-01T00:00:00Z", "--until", "2024-06-08T00:00:00Z", "--partition", "day"],
    ["--since", "1717200000", "--partition", "date", "--summary", "--table", "db.flows"],
    # With a topology: its rows inline, every check written out.
    ["--topology", "Scenarios/transit-gateway-spokes/topology"],
    ["--topology", "Scenarios/web-app-vpc/topology", "--summary", "--since", "1717200000",
     "--partition", "day"],
    # The topology's rows as views: CREATE VIEW statements, then the query.
    ["--topology", "Scenarios/transit-gateway-spokes/topology", "--views", "db.flowcause"],
]
READERS = {"athena": "trino", "trino": "trino", "spark": "spark", "duckdb": "duckdb"}


MOST_READS = 3


def table_reads(query, table):
    """How many times `query` reads `table` when each use of a CTE runs it again."""
    bodies = {cte.alias: cte.this for cte in query.find_all(exp.CTE)}
    memo = {}

    def reads(node):
        total = 0
        for reference in node.find_all(exp.Table):
            # A table inside a nested CTE's body is counted where that CTE is used.
            if reference.find_ancestor(exp.CTE) not in (None, node.parent) and \
                    reference.find_ancestor(exp.CTE) is not node.find_ancestor(exp.CTE):
                continue
            name = reference.name
            if name in bodies:
                if name not in memo:
                    memo[name] = None
                    memo[name] = reads(bodies[name])
                total += memo[name] or 0
            elif reference.sql() .endswith(table):
                total += 1
        return total

    final = query.copy()
    final.set("with", None)
    return reads(final)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flowcause", required=True)
    arguments = parser.parse_args()
    parsed = failed = 0
    reads = set()
    for dialect, reader in READERS.items():
        for fields in FORMATS:
            for options in OPTIONS:
                command = [arguments.flowcause, "sql", "--dialect", dialect] + options
                if fields:
                    command += ["--format", fields]
                sql = subprocess.run(command, check=True, capture_output=True, text=True).stdout
                try:
                    statements = sqlglot.parse(sql, read=reader,
                                               error_level=sqlglot.ErrorLevel.RAISE)
                    statements = [s for s in statements if s is not None]
                    views = statements[:-1] if "--views" in options else []
                    if not all(isinstance(v, exp.Create) and v.kind == "VIEW" for v in views):
                        raise ValueError("a statement before the query creates no view")
                    statements = statements[len(views):]
                    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
                        raise ValueError(f"{len(statements)} statements, not one query")
                    table = "db.flows" if "--table" in options else "vpc_flow_logs"
                    count = table_reads(statements[0], table)
                    if count > MOST_READS:
                        raise ValueError(f"reads {table} {count} times, more than {MOST_READS}")
                    reads.add(count)
                    parsed += 1
                except Exception as error:  # sqlglot's ParseError, or the checks above
                    failed += 1
                    print(f"sql-parse: {' '.join(command[1:])}: {error}", file=sys.stderr)
    print(f"sql-parse: sqlglot {sqlglot.__version__}: {parsed} queries parsed "
          f"(athena and trino by the Trino parser), {failed} failed; each reads the table "
          f"{' or '.join(map(str, sorted(reads)))} times")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
