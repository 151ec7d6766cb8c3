#!/usr/bin/env bash
# `flowcause sql` run on real engines, row for row against `flowcause diagnose` (docs/scale-out.md,
# "Verified on real engines"): DuckDB and Apache Spark (PySpark in local mode, on the machine's
# OpenJDK 17), pinned, from pip, into .build/sql-venv on first use. The logs: every bundled
# scenario's, the differential's random networks (`flowcause-bench samples`: SEEDS seeds, each in
# v2, v3, v5 and REJECTs only), and a busy and a quiet generated day's first records; each from
# the logs alone, and, with `--topology`, every scenario's with its topology, TOPOLOGY_SEEDS of the
# random networks with theirs and the generated logs with the network they ran on (on Spark, whose
# every query takes seconds to start, the scenarios and three networks). Fails on any REJECT whose
# row differs from diagnose's line. First, sqlglot (pinned, from pip) parses the
# Athena and Trino queries with its Trino parser, the others with their own (sql_parse.py).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
DUCKDB_VERSION=1.5.6
PYSPARK_VERSION=3.5.3
SQLGLOT_VERSION=26.16.0
SEEDS=${SQL_ENGINES_SEEDS:-60}
TOPOLOGY_SEEDS=${SQL_ENGINES_TOPOLOGY_SEEDS:-30}
VENV="$ROOT/.build/sql-venv"
PY="$VENV/bin/python"

installed() {
  [ -x "$PY" ] && "$PY" -c "
import importlib.metadata as m, sys
sys.exit(m.version('duckdb') != '$DUCKDB_VERSION' or m.version('pyspark') != '$PYSPARK_VERSION'
         or m.version('sqlglot') != '$SQLGLOT_VERSION')
" 2>/dev/null
}
if ! installed; then
  echo "sql-engines: installing duckdb==$DUCKDB_VERSION, pyspark==$PYSPARK_VERSION and sqlglot==$SQLGLOT_VERSION into $VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "duckdb==$DUCKDB_VERSION" \
    "pyspark==$PYSPARK_VERSION" "sqlglot==$SQLGLOT_VERSION"
  installed || { echo "sql-engines: could not install duckdb, pyspark and sqlglot" >&2; exit 1; }
fi
if ! command -v java >/dev/null 2>&1; then
  echo "sql-engines: installing OpenJDK 17 for Spark" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

swift build -q --product flowcause
swift build -q --product flowcause-bench
BIN="$ROOT/.build/debug"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN/flowcause-bench" samples --seeds "$SEEDS" --out "$WORK/samples" >/dev/null
"$BIN/flowcause-bench" generate --profile busy --records 20000 --out "$WORK/busy.log" \
  --topology "$WORK/busy.topology.json" >/dev/null
"$BIN/flowcause-bench" generate --records 20000 --format v5 --out "$WORK/quiet-v5.log" \
  --topology "$WORK/quiet.topology.json" >/dev/null
# sql-cases/: logs the generators do not write: by hand (a port past 65535 and a protocol past
# 255, which diagnose reports as bad lines and the query leaves out), and `flowcause simulate`'s
# of random conversations over web-app-vpc's topology (captured from moto: an ENI's address
# outside its subnet's block, whose replies no route carries), checked with that topology too.
logs=(Scenarios/*/flows.log "$HERE"/sql-cases/*.log "$WORK"/samples/*/*.log "$WORK/busy.log"
  "$WORK/quiet-v5.log")
# With a topology: LOG@TOPOLOGY.
scenarios=()
for folder in Scenarios/*/; do
  if [ -d "$folder/topology" ]; then scenarios+=("$folder/flows.log@$folder/topology"); fi
done
for log in "$HERE"/sql-cases/web-app-vpc-*.log; do
  scenarios+=("$log@Scenarios/web-app-vpc/topology")
done
networks=()
for seed in $(seq 1 "$TOPOLOGY_SEEDS"); do
  for log in "$WORK/samples/seed-$seed"/*.log; do
    networks+=("$log@$WORK/samples/seed-$seed/topology.json")
  done
done
# And LOG@TOPOLOGY@views: the topology's rows as views (--views), the quiet day's in several.
duckdb_topology=("${scenarios[@]}" "${networks[@]}" "$WORK/busy.log@$WORK/busy.topology.json"
  "$WORK/quiet-v5.log@$WORK/quiet.topology.json"
  "$WORK/quiet-v5.log@$WORK/quiet.topology.json@views"
  "Scenarios/web-app-vpc/flows.log@Scenarios/web-app-vpc/topology@views")
spark_topology=("${scenarios[@]}" "Scenarios/web-app-vpc/flows.log@Scenarios/web-app-vpc/topology@views")
for seed in 1 2 3; do
  spark_topology+=("$WORK/samples/seed-$seed/v5.log@$WORK/samples/seed-$seed/topology.json")
done
status=0
"$PY" "$HERE/sql_parse.py" --flowcause "$BIN/flowcause" || status=1
for engine in duckdb spark; do
  if [ "$engine" = duckdb ]; then with=("${duckdb_topology[@]}"); else with=("${spark_topology[@]}"); fi
  "$PY" "$HERE/sql_engines.py" --flowcause "$BIN/flowcause" --engine "$engine" "${logs[@]}" \
    "${with[@]}" \
    > "$WORK/$engine.out" 2> "$WORK/$engine.err" || status=1
  grep -E "DIFFERENT|^    " "$WORK/$engine.out" | head -40 || true
  tail -1 "$WORK/$engine.out"
  if [ "$status" != 0 ]; then tail -20 "$WORK/$engine.err" >&2; fi
done
exit "$status"
